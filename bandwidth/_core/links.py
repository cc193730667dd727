"""``Link`` headers and the walk from page to page: which URL comes next, and which ones are refused.

Every paginator walks with a :class:`~bandwidth._core.paging.Walk`, which asks :func:`next_page`; none
follows a link on its own. The parser is a single forward scan (linear in the header's length) over at most
:data:`MAX_LINK_HEADER` characters; the walk refuses a link to a page it already read, compared as the
request it would send (:func:`page_identity`), and reads at most :data:`MAX_PAGES` pages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qsl, quote, urljoin, urlsplit

if TYPE_CHECKING:
    from .http import Response

__all__ = [
    "MAX_LINK_HEADER",
    "MAX_PAGES",
    "LinkHeaderTooLong",
    "next_page",
    "page_identity",
    "parse_links",
    "same_origin",
]

MAX_LINK_HEADER: Final = 16 * 1024
"""Longest ``Link`` header parsed, in characters. The API's are a few hundred (first, next, last); a longer
one is refused (:class:`LinkHeaderTooLong`) rather than half read."""

MAX_PAGES = 10_000
"""Most pages one walk reads (10 million items at the API's largest page size, 250,000 at its default).

A server can make every ``next`` link look new (``?page=1&x=1``, ``?page=1&x=2`` ...) while it serves the
same page again; no comparison of URLs can tell, so the walk ends with an error at this many pages."""

_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_SPACE: Final = " \t"


class LinkHeaderTooLong(ValueError):
    """A ``Link`` header longer than :data:`MAX_LINK_HEADER`."""


def parse_links(header: str) -> dict[str, str]:
    """The ``rel`` -> URL map of a ``Link`` header; takes ``rel="next"``, ``rel='next'`` and ``rel=next``.

    One forward pass: every step moves past at least one character, so the time is linear in the length,
    whatever the header holds. What cannot be read is skipped; the first link of each ``rel`` wins.
    """
    if len(header) > MAX_LINK_HEADER:
        raise LinkHeaderTooLong(f"the Link header is too long ({len(header)} > {MAX_LINK_HEADER} characters)")
    links: dict[str, str] = {}
    end = len(header)
    position = 0
    while True:
        opening = header.find("<", position)
        if opening < 0:
            return links
        closing = header.find(">", opening + 1)
        if closing < 0:
            return links  # an unterminated target: nothing after it can be read
        target = header[opening + 1 : closing].strip()
        position = closing + 1
        while True:  # the parameters: *( OWS ";" OWS name [ "=" value ] ), up to "," or anything else
            while position < end and header[position] in _SPACE:
                position += 1
            if position >= end or header[position] != ";":
                break
            position, name, value = _parameter(header, position + 1)
            if position < 0:
                return links  # an unterminated quoted value
            if name == "rel" and value is not None:
                for rel in value.split():
                    links.setdefault(rel.lower(), target)


def _parameter(header: str, position: int) -> tuple[int, str, str | None]:
    """``name [= value]`` from ``position``: (where it ends or -1 if unterminated, lowercase name, value)."""
    end = len(header)
    start = position
    while position < end and header[position] not in "=;,<":
        position += 1
    name = header[start:position].strip().lower()
    if position >= end or header[position] != "=":
        return position, name, None
    position += 1
    while position < end and header[position] in _SPACE:
        position += 1
    if position < end and header[position] in "\"'":
        quote_mark = header[position]
        closing = header.find(quote_mark, position + 1)
        if closing < 0:
            return -1, name, None
        return closing + 1, name, header[position + 1 : closing]
    start = position
    while position < end and header[position] not in ";,<" and header[position] not in _SPACE:
        position += 1
    return position, name, header[start:position]


def _origin(scheme: str, host: str | None, port: int | None) -> tuple[str, str, int | None]:
    scheme = scheme.lower()
    return scheme, (host or "").lower(), port if port is not None else _DEFAULT_PORTS.get(scheme)


def same_origin(url: str, origin: str) -> bool:
    """Whether ``url`` is on ``origin`` (``scheme://host[:port]``), so credentials may go to it.

    Scheme and host compare without case and a default port equals none (``https://h:443`` is
    ``https://h``); a URL carrying a user name or password is never on the origin.
    """
    parts = urlsplit(url)
    wanted = urlsplit(origin)
    try:
        if parts.username is not None or parts.password is not None or not parts.hostname:
            return False
        return _origin(parts.scheme, parts.hostname, parts.port) == _origin(
            wanted.scheme, wanted.hostname, wanted.port
        )
    except ValueError:  # a port that is not a number
        return False


def page_identity(url: str) -> str:
    """What ``url`` asks the server for, in one spelling: two URLs with one identity request the same page.

    The fragment is dropped (it is never sent). Scheme and host lose their case and a default port goes; in
    the path, dot segments are resolved and escapes spelled alike (``%7e`` is ``~``, ``%2f`` is ``%2F``, never
    ``/``). The query is compared as a set of decoded ``name=value`` pairs: their order, repetitions and
    escapes do not matter, a blank value does. Nothing that could name another page is folded together.
    """
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme, host, port = _origin(parts.scheme, parts.hostname, port)
    path = _ESCAPE.sub(_normal_escape, quote(parts.path, safe=_PATH_SAFE))
    pairs = sorted(set(parse_qsl(parts.query, keep_blank_values=True, encoding="latin-1")))
    return f"{scheme}://{host}:{port}{_remove_dot_segments(path) or '/'}?{pairs!r}"


_PATH_SAFE: Final = "/%:@!$&'()*+,;=~"
_UNRESERVED: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE: Final = re.compile("%[0-9A-Fa-f]{2}")


def _normal_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group()[1:], 16))
    return char if char in _UNRESERVED else match.group().upper()


def _remove_dot_segments(path: str) -> str:
    """RFC 3986's remove_dot_segments: ``/a/./b/../c`` is ``/a/c`` (what a server resolves)."""
    output: list[str] = []
    segments = path.split("/")
    for segment in segments:
        if segment == "..":
            if len(output) > 1:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if segments[-1] in (".", ".."):
        output.append("")
    return "/".join(output)


def next_page(response: Response, origin: str, seen: set[str]) -> str | None:
    """The absolute URL of the page after ``response``, or ``None`` when it links to none.

    A relative ``next`` link is resolved against its page. ``seen`` collects the identities
    (:func:`page_identity`) of the pages read so far (this one is added); a link off ``origin``, back to a
    page already read, or past :data:`MAX_PAGES` pages raises :class:`~bandwidth.APIResponseValidationError`
    instead of being followed.
    """
    seen.add(page_identity(response.url))
    url = response.links().get("next")
    if url is None:
        return None
    url = urljoin(response.url, url)
    if not same_origin(url, origin):
        raise response.invalid(f"refusing to follow a next link off the API host: {url!r}")
    if page_identity(url) in seen:
        raise response.invalid(f"the next link points back to a page already read: {url!r}")
    if len(seen) >= MAX_PAGES:
        raise response.invalid(
            f"more than {MAX_PAGES} pages in one walk; narrow the list (filters, a larger page size, a limit)"
        )
    return url
