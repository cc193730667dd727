"""Every ```python block of README.md and docs/**/*.md runs, as written; docs/testing.md has the convention.

- The blocks of one file run in order, in one namespace (one module per file), as a reader reads them: a name
  a block defines is there for the blocks after it.
- ``<!-- snippet: ... -->`` on the line right before a block's opening fence changes how it runs:
  ``skip (reason)`` (a reason is required), ``uses name, name`` (the collector puts these objects in the
  namespace first, see FIXTURES), ``raises ExceptionName`` (the block must raise it).
- A block with top-level ``await``, ``async with`` or ``async for`` runs as a coroutine, with ``asyncio.run``
  (its names land in the shared namespace all the same).
- No block may reach the network: host names other than loopback do not resolve while the blocks run.

A test id names the block's opening fence (``README.md:52``); a failure names the line that raised.
"""

from __future__ import annotations

import ast
import asyncio
import base64
import builtins
import contextlib
import json
import re
import socket
import sys
import traceback
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from inspect import CO_COROUTINE
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest

import bandwidth

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = (ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")))
PYTHON = frozenset({"python", "py", "python3"})

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*?)\s*$")
_MARKER = re.compile(r"^\s*<!--\s*snippet:(?P<body>.*?)-->\s*$")
_SKIP = re.compile(r"^skip\s*\((?P<reason>.*)\)$")
_USES = re.compile(r"^uses\s+(?P<names>.+)$")
_RAISES = re.compile(r"^raises\s+(?P<name>[A-Za-z_][\w.]*)$")
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "", None})


class SnippetError(Exception):
    """A malformed marker or block in a document."""


@dataclass(frozen=True)
class Snippet:
    path: Path
    line: int
    """The line of the opening fence (1-based)."""
    code: str
    """The block's lines, without the fence's indentation."""
    skip: str | None = None
    uses: tuple[str, ...] = ()
    raises: str | None = None

    @property
    def where(self) -> str:
        return f"{_shown(self.path)}:{self.line}"


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


# -- finding the blocks --------------------------------------------------------------------------------------


def _parse_marker(body: str, where: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for directive in filter(None, (part.strip() for part in body.split(";"))):
        if match := _SKIP.match(directive):
            reason = match["reason"].strip()
            if not reason:
                raise SnippetError(f"{where}: 'skip' needs a reason: <!-- snippet: skip (why) -->")
            found["skip"] = reason
        elif match := _USES.match(directive):
            names = tuple(name.strip() for name in match["names"].split(","))
            unknown = [name for name in names if name not in FIXTURES]
            if unknown:
                raise SnippetError(
                    f"{where}: 'uses' names no fixture {unknown}; there are {sorted(FIXTURES)}"
                )
            found["uses"] = names
        elif match := _RAISES.match(directive):
            found["raises"] = match["name"]
        else:
            raise SnippetError(
                f"{where}: unknown snippet directive {directive!r} (skip (reason), uses a, b, raises Error)"
            )
    if not found:
        raise SnippetError(f"{where}: an empty snippet marker")
    return found


def find_snippets(path: Path) -> list[Snippet]:
    """The ```python blocks of a Markdown file, with their markers; raises SnippetError on a malformed one."""
    lines = path.read_text(encoding="utf-8").splitlines()
    snippets: list[Snippet] = []
    number = 0
    while number < len(lines):
        opening = _FENCE.match(lines[number])
        marker = _MARKER.match(lines[number])
        if marker:
            where = f"{_shown(path)}:{number + 1}"
            following = _FENCE.match(lines[number + 1]) if number + 1 < len(lines) else None
            language = following["info"].split()[0].lower() if following and following["info"] else ""
            if language not in PYTHON:
                raise SnippetError(
                    f"{where}: a snippet marker must be on the line right before a ```python fence"
                )
        if not opening:
            number += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        end = number + 1
        while end < len(lines) and not re.fullmatch(rf" *{fence[0]}{{{len(fence)},}}\s*", lines[end]):
            end += 1
        if end == len(lines):
            raise SnippetError(f"{_shown(path)}:{number + 1}: a code block that is never closed")
        info = opening["info"].split()
        if info and info[0].lower() in PYTHON:
            previous = _MARKER.match(lines[number - 1]) if number else None
            options = _parse_marker(previous["body"], f"{_shown(path)}:{number}") if previous else {}
            body = [
                line[min(indent, len(line) - len(line.lstrip(" "))) :] for line in lines[number + 1 : end]
            ]
            snippets.append(Snippet(path, number + 1, "\n".join(body) + "\n", **options))
        number = end + 1
    return snippets


# -- what `uses` provides ------------------------------------------------------------------------------------

ANSWER_EVENT = {  # the documented example of apiCallbacks/answer.md
    "eventType": "answer",
    "from": "+15753222083",
    "to": "+13865245000",
    "callId": "c-d45a41e5bcea4d2c8f9e8b1d3c1f3ab0",
    "callUri": "https://api.catapult.inetwork.com/v1/users/u-user/calls/c-d45a41e5bcea4d2c8f9e8b1d3c1f3ab0",
    "callState": "active",
    "time": "2012-11-14T16:28:31.536Z",
}
CALLBACK_CREDENTIALS = "bw:a-long-random-secret"  # the router's in docs/callbacks.md


def _environ(run: FileRun) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/callbacks",
        "QUERY_STRING": urlencode(ANSWER_EVENT),
        "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(CALLBACK_CREDENTIALS.encode()).decode(),
    }
    setup_testing_defaults(environ)
    return environ


def _emulator(run: FileRun) -> object:
    from bandwidth.emulator import Emulator

    return run.resources.enter_context(Emulator())


def _client(run: FileRun) -> object:
    emulator = run.fixture("emu")
    assert hasattr(emulator, "client")
    return run.resources.enter_context(emulator.client())


FIXTURES: dict[str, Callable[[FileRun], object]] = {
    "emu": _emulator,  # a running bandwidth.emulator.Emulator (manual clock), one per file
    "client": _client,  # emu.client(): a bandwidth.Client for the emulator's account
    "request_body": lambda run: json.dumps(ANSWER_EVENT).encode(),  # the POST body of an answer callback
    "environ": _environ,  # the WSGI environ of the same callback as a GET, with the router's basic auth
}


# -- running them --------------------------------------------------------------------------------------------


class FileRun:
    """The blocks of one document, run in order in one module namespace, with the fixtures they use."""

    def __init__(self, snippets: list[Snippet]) -> None:
        self.snippets = snippets
        self.resources = contextlib.ExitStack()
        self.fixtures: dict[str, object] = {}
        self.failed: list[str] = []
        self.next = 0
        self.module = types.ModuleType(f"snippets_of_{snippets[0].path.stem.replace('-', '_')}")
        self.module.__file__ = str(snippets[0].path)
        sys.modules[self.module.__name__] = self.module

    def fixture(self, name: str) -> object:
        if name not in self.fixtures:
            self.fixtures[name] = FIXTURES[name](self)
        return self.fixtures[name]

    def run(self, snippet: Snippet) -> None:
        """Run the blocks before ``snippet`` (once), then ``snippet``; fail the test with where it broke."""
        index = self.snippets.index(snippet)
        for earlier in self.snippets[self.next : index]:
            with contextlib.suppress(pytest.fail.Exception):
                self._run_one(earlier)
        self.next = index + 1
        if snippet.skip:
            pytest.skip(f"{snippet.where}: {snippet.skip}")
        self._run_one(snippet)

    def _run_one(self, snippet: Snippet) -> None:
        if snippet.skip:
            return
        namespace = self.module.__dict__
        for name in snippet.uses:
            namespace[name] = self.fixture(name)
        # padded, so that line numbers in tracebacks are the document's
        code = compile(
            "\n" * snippet.line + snippet.code,
            str(snippet.path),
            "exec",
            flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
        )
        raised: Exception | None = None
        try:
            if code.co_flags & CO_COROUTINE:  # top-level await: eval gives the coroutine to run
                asyncio.run(eval(code, namespace))
            else:
                exec(code, namespace)
        except Exception as error:
            raised = error
        if snippet.raises and isinstance(raised, self._exception(snippet.raises)):
            return
        if raised is not None or snippet.raises:
            self._fail(snippet, raised)

    def _exception(self, name: str) -> type[BaseException]:
        found = self.module.__dict__.get(name, getattr(bandwidth, name, getattr(builtins, name, None)))
        if not (isinstance(found, type) and issubclass(found, BaseException)):
            raise SnippetError(f"'raises {name}': no exception class of that name")
        return found

    def _fail(self, snippet: Snippet, error: Exception | None) -> None:
        earlier = f" ({', '.join(self.failed)} failed before it)" if self.failed else ""
        self.failed.append(snippet.where)
        if error is None:
            pytest.fail(
                f"{snippet.where}: expected {snippet.raises}, nothing was raised{earlier}", pytrace=False
            )
        frames = [
            frame
            for frame in traceback.extract_tb(error.__traceback__)
            if frame.filename == str(snippet.path)
        ]
        line = frames[-1].lineno if frames else snippet.line
        details = "".join(  # from the document's frame on: not the collector's exec
            traceback.format_exception(type(error), error, error.__traceback__.tb_next)  # type: ignore[union-attr]
        )
        pytest.fail(
            f"{_shown(snippet.path)}:{line}: {type(error).__name__}: {error}{earlier}\n\n{details}",
            pytrace=False,
        )

    def close(self) -> None:
        self.resources.close()
        sys.modules.pop(self.module.__name__, None)


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Only loopback names resolve: a block that would talk to the real API fails instead."""
    resolve = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK:
            raise socket.gaierror(
                socket.EAI_NONAME, f"documentation snippets must not reach the network ({name})"
            )
        return resolve(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", loopback_only)
        yield


SNIPPETS = [snippet for document in DOCUMENTS for snippet in find_snippets(document)]


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[Path, FileRun]]:
    started: dict[Path, FileRun] = {}
    with no_network():
        try:
            yield started
        finally:
            for run in started.values():
                run.close()


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[snippet.where for snippet in SNIPPETS])
def test_snippet(snippet: Snippet, runs: dict[Path, FileRun]) -> None:
    run = runs.get(snippet.path)
    if run is None or run.next > run.snippets.index(snippet):  # a new file, or asked again out of order
        if run is not None:
            run.close()
        run = runs[snippet.path] = FileRun([item for item in SNIPPETS if item.path == snippet.path])
    try:
        run.run(snippet)
    finally:
        if run.next == len(run.snippets):
            run.close()
            del runs[snippet.path]


# -- the collector itself ------------------------------------------------------------------------------------


def _document(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return path


def _run_all(path: Path) -> FileRun:
    run = FileRun(find_snippets(path))
    try:
        for snippet in run.snippets:
            run.run(snippet)
    finally:
        run.close()
    return run


def test_python_blocks_are_found_with_their_line_markers_and_indentation(tmp_path: Path) -> None:
    path = _document(
        tmp_path,
        "# Title\n"
        "\n"
        "```python\n"  # 3
        "x = 1\n"
        "```\n"
        "\n"
        "<!-- snippet: uses client, emu -->\n"
        "```python\n"  # 8
        "y = x\n"
        "```\n"
        "\n"
        "- in a list:\n"
        "\n"
        "  ```python\n"  # 14
        "  if x:\n"
        "      z = 2\n"
        "  ```\n"
        "\n"
        "```pycon\n>>> 1\n1\n```\n"
        "```bash\necho not run\n```\n"
        "```\nno language\n```\n"
        "~~~python\n"  # 29
        "w = 3\n"
        "~~~\n"
        "<!-- snippet: skip (dials a real phone); raises KeyError -->\n"
        "```python\n"  # 33
        "dial()\n"
        "```\n",
    )

    found = [(s.line, s.code, s.uses, s.skip, s.raises) for s in find_snippets(path)]

    assert found == [
        (3, "x = 1\n", (), None, None),
        (8, "y = x\n", ("client", "emu"), None, None),
        (14, "if x:\n    z = 2\n", (), None, None),
        (29, "w = 3\n", (), None, None),
        (33, "dial()\n", (), "dials a real phone", "KeyError"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!-- snippet: skip -->\n```python\nx\n```\n", "doc.md:1: unknown snippet directive 'skip'"),
        ("<!-- snippet: skip ( ) -->\n```python\nx\n```\n", "doc.md:1: 'skip' needs a reason"),
        ("<!-- snippet: uses database -->\n```python\nx\n```\n", "doc.md:1: 'uses' names no fixture"),
        ("<!-- snippet: retry 3 -->\n```python\nx\n```\n", "doc.md:1: unknown snippet directive 'retry 3'"),
        ("<!-- snippet: -->\n```python\nx\n```\n", "doc.md:1: an empty snippet marker"),
        (
            "<!-- snippet: skip (x) -->\n\n```python\nx\n```\n",
            "doc.md:1: a snippet marker must be on the line",
        ),
        ("<!-- snippet: skip (x) -->\n```bash\nx\n```\n", "doc.md:1: a snippet marker must be on the line"),
        ("text\n```python\nx = 1\n", "doc.md:2: a code block that is never closed"),
    ],
)
def test_a_malformed_marker_or_block_fails_collection_naming_its_line(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(SnippetError) as caught:
        find_snippets(_document(tmp_path, text))

    assert str(caught.value).startswith(message)


def test_blocks_share_one_namespace_in_order_and_uses_brings_the_emulator(tmp_path: Path) -> None:
    path = _document(
        tmp_path,
        "```python\ngreeting = 'hello'\n```\n"
        "<!-- snippet: uses client, emu -->\n"
        "```python\n"
        "assert greeting == 'hello'\n"
        "call = client.calls.create(from_='+19195551212', to='+19195553434')\n"
        "assert emu.call_ids() == [call.id] and client.api_endpoint == emu.url\n"
        "```\n",
    )

    run = _run_all(path)

    assert run.failed == []
    assert run.module.__dict__["greeting"] == "hello"
    assert run.module.__name__ not in sys.modules  # closed: the emulator stopped, the module forgotten


def test_a_block_with_top_level_await_runs_under_asyncio(tmp_path: Path) -> None:
    path = _document(
        tmp_path,
        "<!-- snippet: uses emu -->\n"
        "```python\n"
        "async with emu.async_client() as client:\n"
        "    call = await client.calls.create(from_='+19195551212', to='+19195553434')\n"
        "```\n"
        "```python\n"
        "import asyncio\n"
        "await asyncio.sleep(0)\n"
        "assert emu.call_ids() == [call.id]\n"
        "```\n",
    )

    run = _run_all(path)

    assert run.failed == []
    assert run.module.__dict__["call"].id.startswith("c-")


def test_a_failure_names_the_line_that_raised_and_the_earlier_failures(tmp_path: Path) -> None:
    path = _document(
        tmp_path,
        "```python\nraise ValueError('first')\n```\n"  # block at 1, raising at 2
        "\n"
        "```python\n"  # 5
        "values = {}\n"
        "values['missing']\n"  # 7
        "```\n",
    )
    first, second = find_snippets(path)
    run = FileRun([first, second])
    try:
        with pytest.raises(pytest.fail.Exception) as caught:
            run.run(second)  # runs the first block before it, as a reader would have
    finally:
        run.close()

    message = str(caught.value)
    assert message.startswith("doc.md:7: KeyError: 'missing' (doc.md:1 failed before it)")
    assert 'doc.md", line 7' in message  # the traceback points into the document


def test_raises_passes_only_on_that_exception(tmp_path: Path) -> None:
    path = _document(
        tmp_path,
        "<!-- snippet: uses client; raises NotFoundError -->\n"
        "```python\nclient.calls.get('c-unknown')\n```\n"
        "<!-- snippet: raises KeyError -->\n"
        "```python\nx = 1\n```\n"
        "<!-- snippet: raises KeyError -->\n"
        "```python\nint('x')\n```\n",
    )
    found, nothing, other = find_snippets(path)
    run = FileRun([found, nothing, other])
    try:
        run.run(found)
        with pytest.raises(pytest.fail.Exception, match=r"^doc.md:6: expected KeyError, nothing was raised"):
            run.run(nothing)
        with pytest.raises(pytest.fail.Exception, match=r"^doc.md:11: ValueError: invalid literal"):
            run.run(other)
    finally:
        run.close()


def test_a_skipped_block_does_not_run_and_says_why(tmp_path: Path) -> None:
    path = _document(tmp_path, "<!-- snippet: skip (serves forever) -->\n```python\nraise SystemExit\n```\n")
    [snippet] = find_snippets(path)
    run = FileRun([snippet])
    try:
        with pytest.raises(pytest.skip.Exception, match=r"doc.md:2: serves forever"):
            run.run(snippet)
    finally:
        run.close()


def test_a_block_cannot_reach_the_network(tmp_path: Path) -> None:
    path = _document(
        tmp_path,
        "```python\nfrom bandwidth import Client\n\nClient('u-1', 't-2', 's-3').calls.get('c-1')\n```\n",
    )
    [snippet] = find_snippets(path)
    run = FileRun([snippet])
    try:
        with no_network(), pytest.raises(pytest.fail.Exception) as caught:
            run.run(snippet)
    finally:
        run.close()

    assert str(caught.value).startswith("doc.md:4: APIConnectionError")
    assert "documentation snippets must not reach the network (api.catapult.inetwork.com)" in str(
        caught.value
    )
