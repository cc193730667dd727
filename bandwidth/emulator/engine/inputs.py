"""Reading request fields: each check names the field and raises the documented 400 (or 403) error.

The HTTP layer has already bounded the body (size, depth, finite numbers of sane magnitude, valid text); this
module checks what each field means. Values may come as JSON types or as strings: the documented examples
send ``"true"`` and ``"5"``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal
from urllib.parse import urlsplit

from ..._types import JSONObject, JSONValue
from .. import _errors as errors
from .records import MAX_SENTENCE, MAX_SIP_HEADERS

__all__ = ["AudioRequest", "Body", "is_http_url", "parse_audio"]

E164: Final = re.compile(r"\+[1-9][0-9]{1,14}")
SIP_URI: Final = re.compile(r"sips?:([^@\s]+)@[^\s@]+", re.IGNORECASE)
DTMF_OUT: Final = re.compile(r"[A-D0-9#*,wW]+")
DTMF_KEYS: Final = re.compile(r"[A-D0-9#*]+")

_MISSING: Final = object()


class Body:
    """The fields of one request body (or nested object), read and checked one at a time."""

    def __init__(self, body: Mapping[str, JSONValue], resource: str) -> None:
        self.body = body
        self.resource = resource

    def _get(self, name: str) -> object:
        value = self.body.get(name, _MISSING)
        return _MISSING if value is None else value

    def text(self, name: str, *, max_length: int | None = None) -> str | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise errors.validation(f"The {self.resource} resource property {name} must be a string")
        text = str(value)
        if max_length is not None and len(text) > max_length:
            raise errors.exceeds(self.resource, name, max_length, len(text))
        return text

    def phone(self, name: str, *, required: bool = False) -> str | None:
        value = self.text(name)
        if value is None or value == "":
            if required:
                raise errors.validation(f"The {self.resource} resource property {name} is required")
            return None
        if not (E164.fullmatch(value) or SIP_URI.fullmatch(value)):
            raise errors.validation("Invalid phone number", **{name: value})
        return value

    def integer(self, name: str, *, low: int, high: int) -> int | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        number = as_number(value)
        if number is None or number != int(number):
            raise errors.validation(
                f"The {self.resource} resource property {name} must be an integer", **{name: str(value)}
            )
        if number < low:
            raise errors.greater_than(self.resource, name, low - 1, value)
        if number > high:
            raise errors.exceeds(self.resource, name, high, value)
        return int(number)

    def number(self, name: str, *, low: float, high: float) -> float | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        number = as_number(value)
        if number is None:
            raise errors.validation(
                f"The {self.resource} resource property {name} must be a number", **{name: str(value)}
            )
        if number < low or number <= 0:
            raise errors.greater_than(self.resource, name, low, value)
        if number > high:
            raise errors.exceeds(self.resource, name, high, value)
        return number

    def boolean(self, name: str) -> bool | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise errors.one_of(self.resource, name, ("true", "false"), value)

    def choice(self, name: str, allowed: tuple[str, ...], *, fold_case: bool = False) -> str | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if isinstance(value, str):
            for option in allowed:
                if value == option or (fold_case and value.lower() == option.lower()):
                    return option
        raise errors.one_of(self.resource, name, allowed, value)

    def url(self, name: str) -> str | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not is_http_url(value):
            raise errors.invalid_callback_url(str(value))
        return value

    def sip_headers(self, name: str) -> dict[str, str] | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            raise errors.validation(f"The {self.resource} resource property {name} must be an object")
        if len(value) > MAX_SIP_HEADERS:
            raise errors.exceeds(self.resource, name, MAX_SIP_HEADERS, len(value))
        headers: dict[str, str] = {}
        for key, header in value.items():
            if not key[:2].upper() == "X-" or len(key) <= 2 or not isinstance(header, str):
                raise errors.validation(f"SIP header names must start with X- and have a string value: {key}")
            if len(key) > 256 or len(header) > 256:
                raise errors.exceeds(self.resource, f"{name}.{key}", 256, len(header))
            headers[key] = header
        return headers

    def id_list(self, name: str) -> list[str] | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise errors.validation(f"The {self.resource} resource property {name} must be a list of ids")
        return [str(item) for item in value]

    def audio(self, name: str) -> JSONObject | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            raise errors.validation(f"The {self.resource} resource property {name} must be an object")
        return value


def as_number(value: object) -> float | None:
    """A finite number from a JSON number or numeric text; ``None`` for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


@dataclass(frozen=True)
class AudioRequest:
    """A parsed audio body: what to play, or ``value == ""`` to stop what is playing."""

    kind: Literal["playback", "speak"]
    value: str
    loop: bool
    tag: str | None


def parse_audio(body: Body, *, allow_stop: bool = True) -> AudioRequest:
    """The audio of ``POST .../audio``, a gather prompt or whisper audio (``fileUrl`` or ``sentence``)."""
    file_url = body.text("fileUrl")
    sentence = body.text("sentence", max_length=MAX_SENTENCE)
    body.choice("gender", ("female", "male"), fold_case=True)
    body.text("locale")
    body.text("voice")
    body.integer("volume", low=-4, high=4)
    loop = body.boolean("loopEnabled") or False
    tag = body.text("tag")
    if file_url is not None and sentence is not None:
        raise errors.validation("Give either fileUrl or sentence, not both")
    if file_url is None and sentence is None:
        raise errors.validation("Bad parameters: fileUrl or sentence is required")
    kind: Literal["playback", "speak"] = "playback" if file_url is not None else "speak"
    value = file_url if file_url is not None else sentence
    assert value is not None
    if value and kind == "playback" and not is_http_url(value):
        raise errors.EmulatorError(403, "media-invalid-url", f"The media URL {value} is not valid.")
    if not value and not allow_stop:
        raise errors.validation(f"The {body.resource} resource audio must not be empty")
    return AudioRequest(kind, value, loop, tag)
