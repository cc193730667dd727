"""What the endpoint modules share: dropping unset values, audio bodies, page parameters and parsers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from ..._exceptions import InvalidParameterError
from ..._types import NOT_GIVEN, AudioOptions, JSONObject, JSONValue, NotGiven, NotGivenOr
from .. import validation as check
from ..http import Request, Response
from ..operation import Binding, Listing

if TYPE_CHECKING:
    from ...models._base import BandwidthModel

_T = TypeVar("_T")
_M = TypeVar("_M", bound="BandwidthModel")
_R = TypeVar("_R")

AUDIO_KEYS = {
    "file_url": "fileUrl",
    "sentence": "sentence",
    "gender": "gender",
    "locale": "locale",
    "voice": "voice",
    "loop_enabled": "loopEnabled",
    "bargeable": "bargeable",
}
"""Audio option names (snake_case, as in AudioOptions and GatherPrompt) and their wire names."""
_AUDIO_WIRE_NAMES = {wire: wire for wire in AUDIO_KEYS.values()}


def given(value: object) -> bool:
    """Whether a parameter was passed: ``NOT_GIVEN`` and ``None`` are never sent (the API has no nulls)."""
    return value is not None and not isinstance(value, NotGiven)


def optional(
    check_value: Callable[..., _R], parameter: str, value: NotGivenOr[_T] | None, *args: object
) -> _R | NotGiven:
    """Run ``check_value`` on a given value; pass "not given" through untouched."""
    if not given(value):
        return NOT_GIVEN
    return check_value(parameter, value, *args)


def compact(fields: Mapping[str, object]) -> JSONObject:
    """The body to send: every given field, nothing else."""
    return {key: value for key, value in fields.items() if given(value)}  # type: ignore[misc]


def audio_options(parameter: str, options: Mapping[str, JSONValue] | AudioOptions) -> JSONObject:
    """Audio options in wire form; accepts snake_case (``file_url``) or camelCase (``fileUrl``) keys."""
    if not isinstance(options, Mapping):
        raise InvalidParameterError(parameter, f"expected a mapping of audio options, got {options!r}")
    body: JSONObject = {}
    for key, value in options.items():
        wire = AUDIO_KEYS.get(key) or _AUDIO_WIRE_NAMES.get(key)
        if wire is None:
            names = ", ".join(AUDIO_KEYS)
            raise InvalidParameterError(parameter, f"unknown audio option {key!r}; expected some of {names}")
        if given(value):
            body[wire] = value  # type: ignore[assignment]
    if "sentence" in body:
        check.text(f"{parameter}.sentence", body["sentence"], max_length=check.MAX_SENTENCE)
    for flag in ("loopEnabled", "bargeable"):
        if flag in body:
            check.boolean(f"{parameter}.{flag}", body[flag])
    return body


def audio_body(
    *,
    file_url: NotGivenOr[str] | None,
    sentence: NotGivenOr[str] | None,
    gender: NotGivenOr[str] | None,
    locale: NotGivenOr[str] | None,
    voice: NotGivenOr[str] | None,
    loop_enabled: NotGivenOr[bool] | None,
    tag: NotGivenOr[str] | None,
    volume: NotGivenOr[int] | None = NOT_GIVEN,
) -> JSONObject:
    """The body of ``POST .../audio``: a file to play or a sentence to speak (``""`` stops the audio)."""
    if given(file_url) and given(sentence):
        raise InvalidParameterError("file_url", "give either file_url or sentence, not both")
    if not given(file_url) and not given(sentence):
        raise InvalidParameterError("file_url", "give file_url or sentence (an empty string stops the audio)")
    return compact(
        {
            "fileUrl": optional(check.text, "file_url", file_url),
            "sentence": optional(check.text, "sentence", sentence, check.MAX_SENTENCE),
            "gender": optional(check.text, "gender", gender),
            "locale": optional(check.text, "locale", locale),
            "voice": optional(check.text, "voice", voice),
            "loopEnabled": optional(check.boolean, "loop_enabled", loop_enabled),
            "tag": optional(check.text, "tag", tag),
            "volume": optional(check.integer, "volume", volume, -4, 4),
        }
    )


def page_query(page: NotGivenOr[int], page_size: NotGivenOr[int]) -> JSONObject:
    """The ``page`` and ``size`` query parameters of a paged list."""
    return compact(
        {
            "page": optional(check.integer, "page", page, 0, 2**31),
            "size": optional(check.page_size, "page_size", page_size),
        }
    )


def listing(
    path: tuple[str, ...], params: Mapping[str, JSONValue], model: type[_M], limit: int | None = None
) -> Listing[_M]:
    """A list of ``model`` items at ``path``; ``limit`` caps how many a walk returns."""
    if limit is not None:
        check.integer("limit", limit, 0, 2**62)
    query = {key: value for key, value in params.items() if isinstance(value, str | int)}
    return Listing(Request("GET", path, query), model._list_from_response, limit)


def no_content(response: Response, binding: Binding) -> None:
    """The result of an action whose answer carries nothing to read."""


def location_id(response: Response, binding: Binding) -> str:
    """The result of a create: the new resource's id, from ``Location``."""
    return response.location_id()


def location_id_if_any(response: Response, binding: Binding) -> str | None:
    """The id in ``Location`` when the answer has one (a transfer's new call), else ``None``."""
    return response.location_id() if response.headers.get("Location") else None
