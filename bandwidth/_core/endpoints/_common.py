"""What the endpoint modules share: the request builder (:class:`Fields`), audio requests, callback
settings, pages and parsers."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, TypedDict, TypeVar, get_args

from ..._exceptions import InvalidParameterError
from ..._types import (
    NOT_GIVEN,
    AudioOptions,
    CallbackHttpMethod,
    JSONObject,
    JSONValue,
    NotGiven,
    NotGivenOr,
)
from .. import validation as check
from ..http import Request, Response
from ..operation import Binding, Listing, Operation

if TYPE_CHECKING:
    from typing_extensions import Unpack

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


Extra = Mapping[str, JSONValue] | None
"""Fields a caller adds to a request, named as sent (``extra_body``, ``extra_query``): newer API fields."""


class Fields:
    """An endpoint's parameters and the name each has on the wire: builds its body or query.

    Only given values are sent (the API has no nulls). The caller's extras are merged in under their own
    names; an extra spelled like one of these wire names is refused, naming both, given or not: it would
    bypass the parameter's checks, or (as in 3.1) be silently overwritten by it.
    """

    __slots__ = ("_parameters", "_wire")

    def __init__(self, **wire: str) -> None:
        self._wire: Final = wire
        self._parameters: Final = {name: parameter for parameter, name in wire.items()}

    def body(self, extra: Extra, /, **values: object) -> JSONObject:
        """The JSON body: the given ``values`` (checked, by parameter name) under their wire names, then
        ``extra``."""
        wire = self._wire
        body: JSONObject = {wire[name]: value for name, value in values.items() if given(value)}  # type: ignore[misc]
        if extra is not None:
            for key, value in self.extras("extra_body", extra):
                body[key] = value
        return body

    def query(self, extra: Extra, /, **values: object) -> dict[str, str | int]:
        """The query parameters, as :meth:`body`; extras must be scalars (``True`` is sent as ``true``)."""
        wire = self._wire
        query: dict[str, str | int] = {wire[name]: value for name, value in values.items() if given(value)}  # type: ignore[misc]
        if extra is not None:
            for key, value in self.extras("extra_query", extra):
                if value is not None:
                    query[key] = _query_value(f"extra_query.{key}", value)
        return query

    def extras(self, where: str, extra: object) -> list[tuple[str, JSONValue]]:
        """The fields of ``extra`` (the parameter ``where``), checked: a mapping, no wire name of ours."""
        if not isinstance(extra, Mapping):
            raise InvalidParameterError(where, f"expected a mapping of field names to values, got {extra!r}")
        parameters = self._parameters
        for key in extra:
            if not isinstance(key, str) or not key:
                raise InvalidParameterError(where, f"field names must be non-empty strings, got {key!r}")
            if key in parameters:
                raise check.collision(f"{where}.{key}", parameters[key])
        return list(extra.items())


NO_FIELDS: Final = Fields()
"""An endpoint that takes no parameters (extras only)."""


def _query_value(parameter: str, value: JSONValue) -> str | int:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    raise InvalidParameterError(
        parameter, f"a query value must be a string, number or boolean, got {value!r}"
    )


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


AUDIO: Final = Fields(
    file_url="fileUrl",
    sentence="sentence",
    gender="gender",
    locale="locale",
    voice="voice",
    loop_enabled="loopEnabled",
    tag="tag",
    volume="volume",
)


class Audio(TypedDict, total=False):
    """The parameters of ``POST .../audio`` shared by calls, bridges, conferences and their members."""

    file_url: NotGivenOr[str]
    sentence: NotGivenOr[str]
    gender: NotGivenOr[str]
    locale: NotGivenOr[str]
    voice: NotGivenOr[str]
    loop_enabled: NotGivenOr[bool]
    tag: NotGivenOr[str]
    extra_body: Extra


class CallAudio(Audio, total=False):
    """A call's audio also takes a ``volume`` (-4..4)."""

    volume: NotGivenOr[int]


def play_audio(path: tuple[str, ...], **audio: Unpack[CallAudio]) -> Operation[None]:
    """``POST {path}``: play a file or speak a sentence (``""`` stops the audio); one for every resource."""
    file_url = audio.get("file_url", NOT_GIVEN)
    sentence = audio.get("sentence", NOT_GIVEN)
    if given(file_url) and given(sentence):
        raise InvalidParameterError("file_url", "give either file_url or sentence, not both")
    if not given(file_url) and not given(sentence):
        raise InvalidParameterError("file_url", "give file_url or sentence (an empty string stops the audio)")
    body = AUDIO.body(
        audio.get("extra_body"),
        file_url=optional(check.text, "file_url", file_url),
        sentence=optional(check.text, "sentence", sentence, check.MAX_SENTENCE),
        gender=optional(check.text, "gender", audio.get("gender")),
        locale=optional(check.text, "locale", audio.get("locale")),
        voice=optional(check.text, "voice", audio.get("voice")),
        loop_enabled=optional(check.boolean, "loop_enabled", audio.get("loop_enabled")),
        tag=optional(check.text, "tag", audio.get("tag")),
        volume=optional(check.integer, "volume", audio.get("volume"), -4, 4),
    )
    return Operation(Request("POST", path, body=body), no_content)


# -- callback settings ---------------------------------------------------------------------------------------

HTTP_METHODS: tuple[CallbackHttpMethod, ...] = get_args(CallbackHttpMethod)
MAX_CALLBACK_TIMEOUT = 10_000
"""Milliseconds, the most ``callbackTimeout`` may be (calls and conferences)."""


def callback_settings(
    callback_url: NotGivenOr[str],
    callback_timeout: NotGivenOr[int],
    callback_http_method: NotGivenOr[CallbackHttpMethod],
    fallback_url: NotGivenOr[str],
) -> dict[str, object]:
    """Where and how a resource's events are sent, checked, for :meth:`Fields.body` (calls, conferences)."""
    return {
        "callback_url": optional(check.required_text, "callback_url", callback_url),
        "callback_timeout": optional(
            check.integer, "callback_timeout", callback_timeout, 1, MAX_CALLBACK_TIMEOUT
        ),
        "callback_http_method": optional(_http_method, "callback_http_method", callback_http_method),
        "fallback_url": optional(check.required_text, "fallback_url", fallback_url),
    }


def _http_method(parameter: str, value: object) -> CallbackHttpMethod:
    return check.choice(parameter, value, HTTP_METHODS, fold_case=True)


PAGES: Final = {"page": "page", "page_size": "size"}
"""The wire names of a paged list's ``page`` and ``page_size``."""


def pages(page: NotGivenOr[int], page_size: NotGivenOr[int]) -> dict[str, object]:
    """``page`` and ``page_size``, checked, for :meth:`Fields.query` over :data:`PAGES`."""
    return {
        "page": optional(check.integer, "page", page, 0, 2**31),
        "page_size": optional(check.page_size, "page_size", page_size),
    }


def listing(
    path: tuple[str, ...], query: Mapping[str, str | int], model: type[_M], limit: int | None = None
) -> Listing[_M]:
    """A list of ``model`` items at ``path``; ``limit`` caps how many a walk returns."""
    if limit is not None:
        check.integer("limit", limit, 0, 2**62)
    return Listing(Request("GET", path, query), model._list_from_response, limit)


def no_content(response: Response, binding: Binding) -> None:
    """The result of an action whose answer carries nothing to read."""


def location_id(response: Response, binding: Binding) -> str:
    """The result of a create: the new resource's id, from ``Location``."""
    return response.location_id()


def location_id_if_any(response: Response, binding: Binding) -> str | None:
    """The id in ``Location`` when the answer has one (a transfer's new call), else ``None``."""
    return response.location_id() if response.headers.get("Location") else None
