"""What a release needs: README links that work on PyPI, metadata that says what the package is, a license.

The project's home is defined once, in pyproject's ``[project.urls]`` (read here from the installed metadata):
README links are absolute so that they work on PyPI, and every one into the project's own tree (the
repository or the docs site) must name a file of this checkout.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SUPPORTED = ("3.10", "3.11", "3.12", "3.13")

_INLINE = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")  # [text](target "title")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)  # [label]: target
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HTML = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def project_urls() -> dict[str, str]:
    urls = {}
    for entry in metadata.metadata("bandwidth").get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        urls[label.strip()] = url.strip()
    return urls


def links(text: str) -> list[str]:
    """Every link target of a Markdown text, outside code blocks and code spans."""
    prose = re.sub(r"^(```|~~~).*?^\1\s*$", "", text, flags=re.MULTILINE | re.DOTALL)
    prose = re.sub(r"(`+).+?\1", "", prose)
    return [
        match.group(1)
        for pattern in (_INLINE, _REFERENCE, _AUTOLINK, _HTML)
        for match in pattern.finditer(prose)
    ]


def local_file(url: str, home: str, docs: str) -> Path | None:
    """The file of this checkout that a link into the project's own tree names (None: not into it)."""
    target = url.split("#", 1)[0].split("?", 1)[0]
    if target.rstrip("/") == home.rstrip("/") or target.rstrip("/") == docs.rstrip("/"):
        return ROOT / "README.md" if target.rstrip("/") == home.rstrip("/") else ROOT / "docs" / "index.md"
    if target.startswith(home.rstrip("/") + "/"):
        rest = target[len(home.rstrip("/")) + 1 :]
        match = re.fullmatch(r"(?:blob|tree|raw)/[^/]+/(.+)", rest)
        if match is None:  # issues, releases, ...: pages of the host, not files
            return None
        return ROOT / match.group(1)
    if target.startswith(docs.rstrip("/") + "/"):
        page = target[len(docs.rstrip("/")) + 1 :].strip("/")
        if page.endswith(".html"):
            page = page.removesuffix(".html").removesuffix("/index")
        candidates = [ROOT / "docs" / f"{page}.md", ROOT / "docs" / page / "index.md"]
        return next((path for path in candidates if path.is_file()), candidates[0])
    return None


def test_project_urls_define_the_home_and_the_docs_once() -> None:
    urls = project_urls()

    home, docs = urls["Homepage"], urls["Documentation"]
    assert urlsplit(home).scheme == urlsplit(docs).scheme == "https"
    assert urls["Source"] == home
    assert urls["Issues"] == f"{home}/issues"
    assert urls["Changelog"] == f"{home}/blob/main/CHANGELOG.md"
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"site_url: {docs}" in mkdocs
    assert f"repo_url: {home}" in mkdocs


def test_readme_has_no_relative_links() -> None:
    found = links(README.read_text(encoding="utf-8"))

    relative = [url for url in found if not re.match(r"(?:https?|mailto):", url)]
    assert found, "no links found: the parser is broken"
    assert relative == [], "relative links do not work on PyPI; make them absolute against the project's home"


def test_readme_links_into_the_project_name_files_that_exist() -> None:
    urls = project_urls()
    home, docs = urls["Homepage"], urls["Documentation"]

    own = {
        url: path
        for url in links(README.read_text(encoding="utf-8"))
        if (path := local_file(url, home, docs)) is not None
    }

    assert own, "the README links to no page of the project: the home or the docs URL changed?"
    missing = {url: str(path.relative_to(ROOT)) for url, path in own.items() if not path.is_file()}
    assert missing == {}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://h.example/p/blob/main/examples/ivr.py", "examples/ivr.py"),
        ("https://h.example/p/tree/main/docs", "docs"),
        ("https://h.example/p", "README.md"),
        ("https://h.example/p/issues", None),
        ("https://d.example/p/", "docs/index.md"),
        ("https://d.example/p/callbacks/#wsgi", "docs/callbacks.md"),
        ("https://d.example/p/reference/bandwidth/", "docs/reference/bandwidth.md"),
        ("https://pypi.org/project/bandwidth-sdk/", None),
    ],
)
def test_links_are_resolved_into_the_checkout(url: str, expected: str | None) -> None:
    path = local_file(url, "https://h.example/p", "https://d.example/p/")

    assert (path.relative_to(ROOT).as_posix() if path else None) == expected


def test_link_parser_finds_every_kind_and_skips_code() -> None:
    text = (
        "[a](https://x.example/a) and [b](docs/b.md \"title\") and <https://x.example/c>\n"
        "[label]: #anchor\n"
        '<a href="img.png">x</a> `[not](a-link.md)`\n'
        "```\n[nor](this.md)\n```\n"
    )

    expected = ["https://x.example/a", "docs/b.md", "https://x.example/c", "#anchor", "img.png"]
    assert sorted(links(text)) == sorted(expected)


def test_metadata_says_what_the_package_is() -> None:
    info = metadata.metadata("bandwidth")
    classifiers = set(info.get_all("Classifier") or [])

    assert {f"Programming Language :: Python :: {version}" for version in SUPPORTED} <= classifiers
    assert {
        "Typing :: Typed",
        "Development Status :: 4 - Beta",
        "Operating System :: OS Independent",
        "Topic :: Communications :: Telephony",
    } <= classifiers
    assert info["Requires-Python"] == f">={SUPPORTED[0]}"
    assert info["License-Expression"] == "MIT"
    assert info["Keywords"]
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License")
    assert "the bandwidth contributors" in license_text
