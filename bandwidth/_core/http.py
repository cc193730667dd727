"""HTTP as data: the :class:`Request` an endpoint describes and the :class:`Response` a transport hands back.

Also the encodings every transport shares: ids as one path segment each, the query string, the JSON body.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal, NamedTuple
from urllib.parse import quote, urlencode, urlsplit

from .._exceptions import APIResponseValidationError, InvalidParameterError
from .._types import NOT_GIVEN, JSONValue, NotGiven
from .links import LinkHeaderTooLong, parse_links

__all__ = [
    "MAX_JSON_DEPTH",
    "MAX_RESPONSE_BYTES",
    "Headers",
    "Method",
    "Request",
    "Response",
    "account_url",
    "encode_body",
    "encode_query",
    "json_depth_within",
    "path_segment",
]

MAX_RESPONSE_BYTES: Final = 16 * 1024 * 1024
"""Largest answer body read (after decompression); a bigger one raises APIResponseValidationError.

API answers are JSON of at most about a megabyte (a page of 1000 calls); media downloads stream instead."""

MAX_JSON_DEPTH: Final = 64
"""Deepest nesting of arrays and objects in an answer; a deeper one raises APIResponseValidationError.

The API's answers nest four levels at most. The bound is the SDK's, checked on the bytes before any decoder
runs, so every Python version refuses the same answers (decoders and converters otherwise stop wherever the
interpreter's recursion limits happen to be)."""

Method = Literal["GET", "POST", "DELETE"]

NO_QUERY: Final[Mapping[str, str | int]] = MappingProxyType({})


class Request(NamedTuple):
    """One API request, as an endpoint describes it; a transport turns it into bytes on the wire.

    ``path`` holds the segments under the account's URL as they are (raw ids); the transport percent-encodes
    each into exactly one segment (:func:`path_segment`).
    """

    method: Method
    path: tuple[str, ...]
    query: Mapping[str, str | int] = NO_QUERY
    body: JSONValue | NotGiven = NOT_GIVEN
    """The JSON body, or ``NOT_GIVEN`` for none."""


_UNREAD: Any = object()


class Headers(Mapping[str, str]):
    """An answer's headers: looked up without case, named as sent, repeated ones joined with ``, ``."""

    __slots__ = ("_fields",)

    def __init__(self, items: Iterator[tuple[str, str]] | list[tuple[str, str]]) -> None:
        fields: dict[str, tuple[str, str]] = {}
        for name, value in items:
            key = name.lower()
            known = fields.get(key)
            fields[key] = (name, value) if known is None else (known[0], f"{known[1]}, {value}")
        self._fields = fields

    def __getitem__(self, name: str) -> str:
        return self._fields[name.lower()][1]

    def get(self, name: str, default: Any = None) -> Any:
        field = self._fields.get(name.lower())
        return default if field is None else field[1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._fields

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._fields.values())

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


class Response:
    """An API answer: status, headers and the body bytes, decoded on demand (and only once)."""

    __slots__ = ("_json", "content", "headers", "method", "status_code", "url")

    def __init__(
        self, method: str, url: str, status_code: int, headers: Mapping[str, str], content: bytes
    ) -> None:
        self.method: str = method
        self.url: str = url
        self.status_code: int = status_code
        self.headers: Mapping[str, str] = headers
        self.content: bytes = content
        self._json: JSONValue = _UNREAD

    def invalid(self, message: str) -> APIResponseValidationError:
        """An error saying this answer is not of the documented shape."""
        body = self.content[:500].decode("utf-8", "replace")
        return APIResponseValidationError(
            message, method=self.method, url=self.url, status_code=self.status_code, body=body
        )

    def check_nesting(self) -> None:
        """Refuse a body nesting deeper than :data:`MAX_JSON_DEPTH` (transports ask it of every 2xx answer,
        before any parser decodes it)."""
        if not json_depth_within(self.content):
            raise self.invalid(f"the response nests deeper than {MAX_JSON_DEPTH} levels")

    def json(self) -> JSONValue:
        """The decoded JSON body (``None`` when empty)."""
        if self._json is _UNREAD:
            if not self.content.strip():
                self._json = None
            else:
                try:
                    self._json = json.loads(self.content)
                except RecursionError:
                    raise self.invalid(f"the response nests deeper than {MAX_JSON_DEPTH} levels") from None
                except ValueError as error:
                    raise self.invalid(f"the response body is not valid JSON: {error}") from error
        return self._json

    def json_object(self) -> dict[str, JSONValue]:
        data = self.json()
        if not isinstance(data, dict):
            raise self.invalid(f"expected a JSON object, got {type(data).__name__}")
        return data

    def json_list(self) -> list[JSONValue]:
        data = self.json()
        if data is None:
            return []
        if not isinstance(data, list):
            raise self.invalid(f"expected a JSON array, got {type(data).__name__}")
        return data

    def location_id(self) -> str:
        """The new resource's id: the last path segment of the ``Location`` header of a create."""
        location = self.headers.get("Location") or ""
        new_id = urlsplit(location).path.rstrip("/").rpartition("/")[2]
        if not new_id:
            raise self.invalid(f"the response has no usable Location header (got {location!r})")
        return new_id

    def links(self) -> dict[str, str]:
        """The ``rel`` -> URL map of the ``Link`` header; one past the parser's bound is not of the API."""
        header = self.headers.get("Link")
        if not header:
            return {}
        try:
            return parse_links(header)
        except LinkHeaderTooLong as error:
            raise self.invalid(str(error)) from None


_BRACKETS: Final = bytes.maketrans(b"[{]}", b"(())")
_NOT_BRACKETS: Final = bytes(sorted(set(range(256)) - set(b"[]{}")))
_NOT_STRUCTURE: Final = bytes(sorted(set(range(256)) - set(b'[]{}"\\')))
_ESCAPED: Final = re.compile(rb"\\.", re.DOTALL)
_STRING: Final = re.compile(rb'"[^"]*"')
_SMALL: Final = 16 * 1024


def json_depth_within(content: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects at most ``limit`` deep, without decoding it.

    Linear in the length, with C-speed steps: the brackets alone are counted first (brackets inside strings
    too, so an upper bound, enough for any answer of the API: a fraction of ``json.loads``' time). Only when
    that bound is too high are the strings taken out and the brackets counted again. Text that is not JSON
    gets a bound too; the decoder refuses it afterwards.
    """
    if len(content) <= _SMALL and content.count(b"[") + content.count(b"{") <= limit:
        return True  # an answer with few brackets: not even one pass needed
    if _nesting(content.translate(_BRACKETS, _NOT_BRACKETS), limit) <= limit:
        return True
    skeleton = _STRING.sub(b"", _ESCAPED.sub(b"", content.translate(None, _NOT_STRUCTURE)))
    return _nesting(skeleton.translate(_BRACKETS, b'"\\'), limit) <= limit


def _nesting(brackets: bytes, limit: int) -> int:
    """How deep ``brackets`` (only ``(`` and ``)``) nest, or ``limit + 1`` once it is known to be deeper.

    Each pass removes every innermost pair ``()`` (``bytes.replace`` does not look at what it joined), so
    the passes count the levels; at most ``limit + 1`` passes. What cannot be paired (text that is not JSON)
    counts as open levels.
    """
    too_deep = b"(" * (limit + 1)
    for passes in range(limit + 1):
        if not brackets:
            return passes
        if too_deep in brackets:
            return limit + 1
        reduced = brackets.replace(b"()", b"")
        if len(reduced) == len(brackets):
            return passes + brackets.count(b"(")
        brackets = reduced
    return limit + 1


def path_segment(value: str) -> str:
    """Percent-encode an id as exactly one path segment (``/``, ``?``, ``#``, ``%`` and dot segments too)."""
    try:
        segment = quote(value, safe="")
    except UnicodeEncodeError as error:  # a lone surrogate: no URL can carry it
        raise InvalidParameterError("id", f"{value!r} is not valid Unicode text ({error.reason})") from error
    if segment.strip(".") == "":
        segment = segment.replace(".", "%2E")
    return segment


def account_url(base_url: str, segments: tuple[str, ...]) -> str:
    """The URL of a path under the account (``base_url``), each segment percent-encoded."""
    if not segments:
        return base_url
    return base_url + "/" + "/".join([path_segment(segment) for segment in segments])


def encode_query(params: Mapping[str, str | int]) -> str:
    """The query string; text no URL can carry is refused, naming its parameter."""
    try:
        return urlencode(params)
    except UnicodeEncodeError as error:
        where = next(
            (str(key) for key, value in params.items() if isinstance(value, str) and not _utf8(value)), ""
        )
        raise InvalidParameterError(
            where or "params", f"is not valid Unicode text ({error.reason})"
        ) from error


def encode_body(body: JSONValue) -> bytes:
    """A request body as compact UTF-8 JSON; values JSON cannot carry are refused before sending."""
    try:
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError, RecursionError) as error:  # UnicodeEncodeError is a ValueError
        where = _unsendable(body) or "body"
        raise InvalidParameterError(where, f"cannot be sent as JSON: {error}") from error


def _unsendable(value: object, path: str = "") -> str | None:
    """Where in a body the first value JSON cannot carry is (``"whisperAudio.gender"``), if found."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if not isinstance(key, str) or not _utf8(key):
                return where
            found = _unsendable(item, where)
            if found is not None:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _unsendable(item, f"{path}[{index}]")
            if found is not None:
                return found
        return None
    if value is None or isinstance(value, bool | int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else path
    if isinstance(value, str):
        return None if _utf8(value) else path
    return path


def _utf8(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True
