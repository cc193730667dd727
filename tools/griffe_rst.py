"""A Griffe extension for the docs site: the reStructuredText bits of our docstrings, as Markdown.

The docstrings are plain text that reads well in ``help()`` and IDEs, with a few reST habits: roles
(``:class:`Client```), double-backtick literals and ``::`` before an indented block. Markdown already renders
double backticks as code; this turns roles into code, ``text::`` + indented block into ``text:`` + a code
block and a simple table into a list, so that the API reference shows no reST syntax. Used by mkdocs.yml.
"""

from __future__ import annotations

import re
from typing import Any

try:
    import griffe
except ImportError:  # without the docs extra: to_markdown still works (and is tested)
    griffe = None

_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|mod|attr|data|exc|obj|const):`~?([^`]+)`")
_LITERAL_INTRO = re.compile(r"(?P<text>.*?)(?P<space>\s?)::$")
_TABLE_BORDER = re.compile(r"\s*=+(?:\s+=+)+\s*")


def _simple_tables(lines: list[str]) -> list[str]:
    """reST simple tables without a header row (two borders) as bullet lists: ``- first column: the rest``."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        if not _TABLE_BORDER.fullmatch(lines[index]):
            out.append(lines[index])
            index += 1
            continue
        border = lines[index]
        second = border.index("=", border.index(" ", border.index("=")))  # where the second column starts
        index += 1
        while index < len(lines) and not _TABLE_BORDER.fullmatch(lines[index]):
            row = lines[index]
            out.append(f"- {row[:second].strip()}: {row[second:].strip()}" if row.strip() else "")
            index += 1
        index += 1  # the closing border
    return out


def to_markdown(text: str) -> str:
    """``text`` with reST roles as code spans, ``::`` literal blocks as fenced code blocks and simple
    tables as lists."""
    lines = _simple_tables(_ROLE.sub(r"`\1`", text).splitlines())
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        intro = _LITERAL_INTRO.fullmatch(line.rstrip())
        if intro is None or index + 1 >= len(lines) or lines[index + 1].strip():
            out.append(line)
            index += 1
            continue
        # "text::" (or "::" alone), a blank line, then the indented block
        base = len(line) - len(line.lstrip())
        text = intro["text"]
        if text.strip():
            out.append(text + ("" if intro["space"] else ":"))
        block: list[str] = []
        index += 1
        while index < len(lines) and (
            not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > base
        ):
            block.append(lines[index])
            index += 1
        while block and not block[-1].strip():
            block.pop()
        while block and not block[0].strip():
            block.pop(0)
        body = [item for item in block if item.strip()]
        indent = min((len(item) - len(item.lstrip()) for item in body), default=0)
        if out and out[-1].strip():
            out.append("")
        out.append(" " * base + "```")
        out += [" " * base + item[indent:] if item.strip() else "" for item in block]
        out += [" " * base + "```", ""]
    return "\n".join(out)


if griffe is not None:

    class RstToMarkdown(griffe.Extension):
        """Rewrites every docstring with :func:`to_markdown` before mkdocstrings parses it."""

        def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
            if obj.docstring is not None:
                obj.docstring.value = to_markdown(obj.docstring.value)
