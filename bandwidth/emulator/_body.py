"""Reading a request body, bounded before it is parsed: size, framing, nesting, numbers and text.

The one place the emulator turns untrusted bytes into JSON. Whatever arrives, the result is a JSON object
whose numbers are finite and of sane magnitude and whose text is valid Unicode, or the documented ``400``
(``413`` when too large). Nothing here can raise anything else.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Final

from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Request

from .._types import JSONObject, JSONValue
from . import _errors as errors

__all__ = ["read_json_object"]

MAX_INTEGER_DIGITS: Final = 18
"""JSON integers longer than this are refused: no field of the API needs more, and every one fits a float."""

_STRING: Final = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")


class _Refused(ValueError):
    """A JSON value the emulator does not take (raised from inside the parser)."""


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _Refused(f"the number {text[:24]}... is out of range")
    return int(text)


def _parse_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _Refused(f"the number {text[:24]} is out of range")
    return number


def _parse_constant(name: str) -> float:
    raise _Refused(f"{name} is not a JSON number")


def _depth(text: str) -> int:
    """How deep arrays and objects nest in ``text``, counting brackets outside strings (linear time)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(1 if bracket in "[{" else -1 for bracket in brackets), default=0)


def _check_text(value: JSONValue) -> None:
    """Refuse a lone surrogate (``"\\ud800"``) anywhere: it is not text and cannot be written back."""
    if isinstance(value, str):
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _Refused("the body has a lone surrogate escape (\\ud800-\\udfff)") from None
    elif isinstance(value, list):
        for item in value:
            _check_text(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)


def read_bytes(request: Request, max_bytes: int) -> bytes:
    """The raw body, at most ``max_bytes`` (``413`` past that, ``400`` for broken framing)."""
    # One byte over the limit is read, to tell "exactly the limit" from "more": werkzeug stops a stream
    # without a length (chunked) at its maximum silently.
    request.max_content_length = max_bytes + 1
    try:
        data = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise errors.too_large(max_bytes) from None
    except (HTTPException, OSError, ValueError):  # less than Content-Length, broken chunks, a disconnect
        raise errors.malformed("the body is incomplete or its framing is broken") from None
    if len(data) > max_bytes:
        raise errors.too_large(max_bytes)
    return data


def read_json_object(request: Request, *, max_bytes: int, max_depth: int) -> JSONObject:
    """The body as a JSON object (``{}`` when empty), bounded and checked before and while parsing."""
    raw = read_bytes(request, max_bytes)
    if not raw.strip():
        return {}
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise errors.malformed("the body is not UTF-8") from None
    if _depth(text) > max_depth:
        raise errors.malformed(f"the body nests deeper than {max_depth} levels")
    try:
        data = json.loads(
            text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant
        )
        _check_text(data)
    except _Refused as refused:
        raise errors.malformed(str(refused)) from None
    except (ValueError, RecursionError):
        raise errors.malformed("the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise errors.malformed("the body must be a JSON object")
    return data
