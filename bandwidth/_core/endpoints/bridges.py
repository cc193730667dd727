"""Bridges: every ``/bridges`` endpoint, its parameter checks, request and answer, described once here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from ..._exceptions import InvalidParameterError
from ..._types import NOT_GIVEN, HasId, JSONObject, NotGivenOr
from .. import validation as check
from ..flows import Flow, create_then_get
from ..http import Request
from ..operation import Binding, Listing, Operation
from . import _common
from ._common import (
    NO_FIELDS,
    PAGES,
    Extra,
    Fields,
    listing,
    location_id,
    no_content,
    optional,
    pages,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ...models.bridge import BridgeFields
    from ...models.call import CallFields
    from ._common import Audio

B = TypeVar("B", bound="BridgeFields")
C = TypeVar("C", bound="CallFields")

MAX_BRIDGE_CALLS = 2

BRIDGE = Fields(bridge_audio="bridgeAudio", call_ids="callIds")
LIST = Fields(**PAGES)


def bridge_id(bridge: str | HasId) -> str:
    """The id of ``bridge`` (an id or a model), checked."""
    return check.resource_id("bridge_id", bridge)


def _path(bridge: str | HasId, *rest: str) -> tuple[str, ...]:
    return ("bridges", bridge_id(bridge), *rest)


def handle(bridge: str | HasId, binding: Binding, *, model: type[B]) -> B:
    """A bridge (``model``: ``Bridge`` or ``AsyncBridge``) holding only its id, bound without any request."""
    return model._handle(binding, id=bridge_id(bridge))


def created(create: Operation[str], binding: Binding, *, model: type[B], fetch: bool) -> Flow[B]:
    """The bridge ``create`` made: fetched (two requests), or a handle (``fetch=False``)."""
    return create_then_get(
        create,
        fetch,
        lambda new_id: get(new_id, model=model),
        lambda new_id: handle(new_id, binding, model=model),
    )


def create(
    *,
    call_ids: NotGivenOr[Sequence[str | HasId]] = NOT_GIVEN,
    bridge_audio: NotGivenOr[bool] = NOT_GIVEN,
    extra_body: Extra = None,
) -> Operation[str]:
    """``POST /bridges`` with up to two calls; the result is the new bridge's id."""
    body = _body(call_ids, bridge_audio, extra_body)
    return Operation(Request("POST", ("bridges",), body=body), location_id)


def get(bridge: str | HasId, *, model: type[B]) -> Operation[B]:
    """``GET /bridges/{bridgeId}``, read into ``model``."""
    return Operation(Request("GET", _path(bridge)), model._from_response)


def list_bridges(
    *,
    model: type[B],
    page: NotGivenOr[int] = NOT_GIVEN,
    page_size: NotGivenOr[int] = NOT_GIVEN,
    limit: int | None = None,
    extra_query: Extra = None,
) -> Listing[B]:
    """``GET /bridges``, read into ``model``; ``page_size`` is sent as ``size``."""
    return listing(("bridges",), LIST.query(extra_query, **pages(page, page_size)), model, limit)


def update(
    bridge: str | HasId,
    *,
    call_ids: NotGivenOr[Sequence[str | HasId]] = NOT_GIVEN,
    bridge_audio: NotGivenOr[bool] = NOT_GIVEN,
    extra_body: Extra = None,
) -> Operation[None]:
    """``POST /bridges/{bridgeId}``: change the calls in the bridge (``[]`` removes all) or its audio."""
    path = _path(bridge)
    body = _body(call_ids, bridge_audio, extra_body)
    if not body:
        raise InvalidParameterError("call_ids", "nothing to update: give call_ids or bridge_audio")
    return Operation(Request("POST", path, body=body), no_content)


def list_calls(bridge: str | HasId, *, model: type[C], extra_query: Extra = None) -> Listing[C]:
    """``GET /bridges/{bridgeId}/calls``, read into ``model``."""
    return listing(_path(bridge, "calls"), NO_FIELDS.query(extra_query), model)


def play_audio(bridge: str | HasId, **audio: Unpack[Audio]) -> Operation[None]:
    """``POST /bridges/{bridgeId}/audio``: play a file or speak a sentence to both calls."""
    return _common.play_audio(_path(bridge, "audio"), **audio)


def _body(
    call_ids: NotGivenOr[Sequence[str | HasId]], bridge_audio: NotGivenOr[bool], extra_body: Extra
) -> JSONObject:
    return BRIDGE.body(
        extra_body,
        bridge_audio=optional(check.boolean, "bridge_audio", bridge_audio),
        call_ids=optional(_call_ids, "call_ids", call_ids),
    )


def _call_ids(parameter: str, values: object) -> list[str]:
    ids = check.id_list(parameter, values)
    if len(ids) > MAX_BRIDGE_CALLS:
        raise InvalidParameterError(
            parameter, f"a bridge holds at most {MAX_BRIDGE_CALLS} calls, got {len(ids)}"
        )
    return ids
