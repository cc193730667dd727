"""Value checks run when a verb is built; each raises :class:`InvalidBXMLError` naming verb and attribute."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Final
from urllib.parse import urlsplit

from ._errors import InvalidBXMLError
from ._xml import first_illegal_character

E164: Final = re.compile(r"\+[1-9][0-9]{1,14}")
SIP_URI: Final = re.compile(r"sips?:[^\s@]+@[^\s@]+|sips?:[^\s@:]+(:[0-9]+)?")
KEYPAD: Final = re.compile(r"[0-9*#]+")
DTMF: Final = re.compile(r"[0-9*#,wW]+")


def _kind(value: object) -> str:
    return type(value).__name__


def text(verb: str, attribute: str, value: object, *, required: bool = True) -> str:
    """A string XML can carry; when ``required``, with something other than spaces in it."""
    if not isinstance(value, str):
        raise InvalidBXMLError(verb, attribute, f"expected a string, got {_kind(value)}")
    bad = first_illegal_character(value)
    if bad is not None:
        raise InvalidBXMLError(verb, attribute, f"character {bad!r} cannot be written in XML")
    if required and not value.strip():
        raise InvalidBXMLError(verb, attribute, "must not be empty")
    return value


def integer(verb: str, attribute: str, value: object, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidBXMLError(verb, attribute, f"expected an integer, got {_kind(value)}")
    if value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"of {low} or more"
        raise InvalidBXMLError(verb, attribute, f"expected an integer {span}, got {value}")
    return value


def boolean(verb: str, attribute: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidBXMLError(verb, attribute, f"expected True or False, got {_kind(value)}")
    return value


def choice(verb: str, attribute: str, value: object, allowed: Collection[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(repr(option) for option in allowed)
        raise InvalidBXMLError(verb, attribute, f"expected one of {options}, got {value!r}")
    return value


def absolute_url(verb: str, attribute: str, value: object) -> str:
    url = text(verb, attribute, value)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or url != url.strip():
        raise InvalidBXMLError(verb, attribute, f"expected an absolute http(s) URL, got {url!r}")
    return url


def pattern(verb: str, attribute: str, value: object, expected: re.Pattern[str], what: str) -> str:
    found = text(verb, attribute, value)
    if not expected.fullmatch(found):
        raise InvalidBXMLError(verb, attribute, f"expected {what}, got {found!r}")
    return found


def destination(verb: str, attribute: str, value: object) -> str:
    """A number to call: E.164 (``+19195551212``) or a SIP URI (``sip:user@host``)."""
    found = text(verb, attribute, value)
    if not (E164.fullmatch(found) or SIP_URI.fullmatch(found)):
        raise InvalidBXMLError(
            verb, attribute, f"expected an E.164 number (+19195551212) or a sip: URI, got {found!r}"
        )
    return found
