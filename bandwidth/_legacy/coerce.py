"""What 3.1 accepted, turned into what the typed layer takes: the facade's one place for lenient input.

3.1 sent every value as the caller gave it. Its docs type ``call_timeout`` and friends as ``str``, the
reference's own examples send ``"maxDigits": "5"``, and the API answers with numbers; so the facade takes
what 3.1 took and sends what the API documents, converting by parameter name in ONE table,
:data:`COERCIONS`. The typed layer's checks (``_core``) then run on the result and name the parameter: a
value no coercion recognises (``"thirty"``) passes through unchanged and is refused there, so nothing is
validated twice and the typed layer stays strict.

Also here: ``None`` means "not given" (3.1 sent ``null``; the API has no nulls), an audio dict where 3.1
took ``file_url`` becomes the parameters of a play request, and extra keywords (3.1's ``**kwargs``) become
the typed layer's ``extra_body`` or ``extra_query``, sent as spelled.

A new resource adds its parameters to :data:`COERCIONS`, as conferences did (``mute``, ``hold``: booleans).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, ParamSpec, TypeVar

from .._core.endpoints._common import AUDIO_KEYS
from .._core.validation import collision, rename
from .._exceptions import InvalidParameterError

__all__ = ["COERCIONS", "LEGACY_NAMES", "SYNONYMS", "body", "play", "query", "reported", "required"]

P = ParamSpec("P")
R = TypeVar("R")

Coercion = Callable[[Any], Any]

# Patterns that ``re`` compiles on first use and keeps: the facade's import does not pay for compiling them.
_INTEGER = r"\s*[+-]?\d{1,18}\s*"
_DECIMAL = r"\s*[+-]?(?:\d{1,18}(?:\.\d{0,18})?|\.\d{1,18})(?:[eE][+-]?\d{1,3})?\s*"


def integer(value: Any) -> Any:
    """``"30"``, ``" 30 "``, ``"30.0"`` and ``30.0`` as ``30``; anything else unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        if re.fullmatch(_INTEGER, value):
            return int(value)
        if re.fullmatch(_DECIMAL, value) and float(value).is_integer():
            return int(float(value))
    return value


def number(value: Any) -> Any:
    """A numeric string as a number: ``"7"`` as ``7``, ``"2.5"`` as ``2.5``; anything else unchanged."""
    if isinstance(value, str) and re.fullmatch(_DECIMAL, value):
        found = float(value)
        return int(found) if found.is_integer() else found
    return value


def boolean(value: Any) -> Any:
    """``"true"`` and ``"false"`` (any case) as booleans; anything else unchanged."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "false"):
            return text == "true"
    return value


def digits(value: Any) -> Any:
    """DTMF digits given as an int (``12``) as their text (``"12"``); anything else unchanged."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def audio(value: Any) -> Any:
    """An audio dict (``whisper_audio``, ``prompt``) with each value coerced as its parameter is."""
    if not isinstance(value, Mapping):
        return value
    return {key: _coerced(_AUDIO_NAMES.get(key) or key, item) for key, item in value.items()}


COERCIONS: Final[Mapping[str, Coercion]] = {
    # numbers: the API's fields are numbers; 3.1 documented several as str and forwarded "30" as given
    "call_timeout": integer,
    "callback_timeout": integer,
    "recording_max_duration": integer,
    "max_digits": integer,
    "inter_digit_timeout": number,
    "volume": integer,
    "page": integer,
    "page_size": integer,
    # DTMF: a string of keys; 3.1's own tests sent an int
    "digits": digits,
    # booleans: 3.1 documented "true"/"false" strings for some (update_conference's mute and hold), and the
    # reference's conference examples send them ("mute": "true", "joinTone": "false")
    "recording_enabled": boolean,
    "transcription_enabled": boolean,
    "loop_enabled": boolean,
    "bargeable": boolean,
    "bridge_audio": boolean,
    "mute": boolean,
    "hold": boolean,
    "join_tone": boolean,
    "leaving_tone": boolean,
    # audio dicts: their values, by the same table
    "whisper_audio": audio,
    "prompt": audio,
}
"""Each parameter's coercion, by its name in the typed layer (``page_size``, ``digits``): the one place."""

SYNONYMS: Final[Mapping[str, str]] = {
    "diversionTreatment": "diversion_treatment",
    "diversionReason": "diversion_reason",
}
"""Extra keywords that 3.1 code passes for a parameter the facade names beyond 3.1's signature (3.1 had no
other way to send it): taken as that parameter, and checked as it is."""

LEGACY_NAMES: Final[Mapping[str, str]] = {
    "extra_body": "",
    "extra_query": "",
    "page_size": "size",
    "digits": "dtmf_out",
}
"""Typed-layer names -> 3.1's, for errors: ``extra_body.someField`` was the keyword ``someField``."""

_AUDIO_NAMES: Final = {wire: name for name, wire in AUDIO_KEYS.items()}
"""An audio dict's camelCase keys (``loopEnabled``) -> the parameter names (``loop_enabled``)."""


def _coerced(name: str, value: Any) -> Any:
    coercion = COERCIONS.get(name)
    return value if coercion is None else coercion(value)


def required(name: str, value: Any) -> Any:
    """A required parameter's value, coerced by its name (``None`` stays, for the typed layer to refuse)."""
    return _coerced(name, value)


_NO_EXTRAS: Final[Mapping[str, Any]] = MappingProxyType({})


def body(extra: Mapping[str, Any] = _NO_EXTRAS, /, **named: Any) -> dict[str, Any]:
    """Keyword arguments for a typed method that sends a body: the given ``named`` values coerced, and
    ``extra`` (3.1's ``**kwargs``) as its ``extra_body``."""
    return _arguments("extra_body", extra, named)


def query(extra: Mapping[str, Any] = _NO_EXTRAS, /, **named: Any) -> dict[str, Any]:
    """As :func:`body`, for a list: ``extra`` becomes its ``extra_query``."""
    return _arguments("extra_query", extra, named)


def play(extra: Mapping[str, Any] = _NO_EXTRAS, /, **named: Any) -> dict[str, Any]:
    """As :func:`body`, for a play request whose ``file_url`` may be an audio dict (``build_sentence``...).

    The dict's keys that name a parameter of the method fill it unless it was given; the others are extra
    fields, sent as spelled (an explicit extra keyword wins).
    """
    audio_dict = named.get("file_url")
    if isinstance(audio_dict, Mapping):
        named["file_url"] = None
        extra = dict(extra)
        for key, item in audio_dict.items():
            name = _AUDIO_NAMES.get(key, key)
            if name in named:
                if named[name] is None:
                    named[name] = item
            else:
                extra.setdefault(key, item)
    return _arguments("extra_body", extra, named)


def _arguments(where: str, extra: Mapping[str, Any], named: Mapping[str, Any]) -> dict[str, Any]:
    arguments = {name: _coerced(name, value) for name, value in named.items() if value is not None}
    extras: dict[str, Any] = {}
    for key, value in extra.items():
        if value is None:
            continue
        name = SYNONYMS.get(key)
        if name is None or name not in named:
            extras[key] = value
        elif name in arguments:
            raise collision(key, name)
        else:
            arguments[name] = _coerced(name, value)
    if extras:
        arguments[where] = extras
    return arguments


def reported(method: Callable[P, R]) -> Callable[P, R]:
    """``method``, its :class:`InvalidParameterError` naming parameters as 3.1 code wrote them."""

    @functools.wraps(method)
    def with_legacy_names(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except InvalidParameterError as error:
            renamed = rename(LEGACY_NAMES, error)
            if renamed is error:
                raise
            raise renamed from None

    return with_legacy_names
