"""What 3.1 accepted, turned into what the typed layer takes: the facade's one place for input adaptation.

``None`` means "not given" (3.1 sent it as ``null``; the API has no nulls), and an audio dict passed where 3.1
took ``file_url`` (from ``build_sentence`` and friends) becomes the flat parameters of a play request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from .._core.endpoints._common import AUDIO_KEYS
from .._exceptions import InvalidParameterError
from .._types import NOT_GIVEN, JSONValue, NotGiven

__all__ = ["opt", "play_parameters"]

_T = TypeVar("_T")


def opt(value: _T | None) -> _T | NotGiven:
    return NOT_GIVEN if value is None else value


_AUDIO_PARAMETERS = {wire: name for name, wire in AUDIO_KEYS.items()} | {name: name for name in AUDIO_KEYS}


def _audio_parameters(audio: Mapping[str, JSONValue]) -> dict[str, JSONValue]:
    """The keyword arguments for a play call from an audio dict (``build_sentence`` and friends)."""
    parameters: dict[str, JSONValue] = {}
    for key, value in audio.items():
        name = _AUDIO_PARAMETERS.get(key, key if key in ("tag", "volume") else None)
        if name is None or name == "bargeable":
            raise InvalidParameterError("file_url", f"unknown audio option {key!r}")
        if value is not None:
            parameters[name] = value
    return parameters


def play_parameters(
    file_url: str | Mapping[str, JSONValue] | None,
    sentence: str | None,
    gender: str | None,
    locale: str | None,
    voice: str | None,
    loop_enabled: bool | None,
    tag: str | None,
    volume: int | None,
) -> dict[str, JSONValue]:
    """Keyword arguments for ``play_audio``; an audio dict in ``file_url`` is merged with the rest."""
    parameters: dict[str, JSONValue] = {}
    if isinstance(file_url, Mapping):
        parameters = _audio_parameters(file_url)
    elif file_url is not None:
        parameters["file_url"] = file_url
    explicit = {
        "sentence": sentence,
        "gender": gender,
        "locale": locale,
        "voice": voice,
        "loop_enabled": loop_enabled,
        "tag": tag,
        "volume": volume,
    }
    parameters.update({name: value for name, value in explicit.items() if value is not None})
    return parameters
