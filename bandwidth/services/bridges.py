"""Bridges: every ``/bridges`` endpoint, implemented once here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._core import validation as check
from .._core.http import Response
from .._exceptions import InvalidParameterError
from .._pagination import Paginator
from .._transport import Transport
from .._types import NOT_GIVEN, NotGivenOr
from ..models.bridge import Bridge
from ..models.call import Call
from ._params import audio_body, compact, optional, paginate

if TYPE_CHECKING:
    from .._types import HasId

__all__ = ["BridgesService"]

MAX_BRIDGE_CALLS = 2


def _call_ids(parameter: str, values: object) -> list[str]:
    ids = check.id_list(parameter, values)
    if len(ids) > MAX_BRIDGE_CALLS:
        raise InvalidParameterError(
            parameter, f"a bridge holds at most {MAX_BRIDGE_CALLS} calls, got {len(ids)}"
        )
    return ids


class BridgesService:
    """``client.bridges``: join calls with a two-way audio path."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def _url(self, bridge: str | HasId, *rest: str) -> str:
        return self._transport.url("bridges", check.resource_id("bridge_id", bridge), *rest)

    def handle(self, bridge_id: str | HasId) -> Bridge:
        """A :class:`Bridge` for a known id, made without any request."""
        return Bridge._handle(self._transport, id=check.resource_id("bridge_id", bridge_id))

    def create(
        self,
        *,
        call_ids: NotGivenOr[Sequence[str | HasId]] = NOT_GIVEN,
        bridge_audio: NotGivenOr[bool] = NOT_GIVEN,
        fetch: bool = True,
    ) -> Bridge:
        """Create a bridge, with up to two calls or none yet: ``POST /bridges``.

        Two requests by default (the create, then a GET); one with ``fetch=False``, which returns a handle
        holding only the new ``id``.
        """
        body = compact(
            {
                "bridgeAudio": optional(check.boolean, "bridge_audio", bridge_audio),
                "callIds": optional(_call_ids, "call_ids", call_ids),
            }
        )
        bridge_id = self._transport.request(
            "POST", self._transport.url("bridges"), json_body=body
        ).location_id()
        return self.get(bridge_id) if fetch else self.handle(bridge_id)

    def get(self, bridge: str | HasId) -> Bridge:
        """Fetch a bridge: ``GET /bridges/{bridgeId}``."""
        return Bridge._from_response(self.get_response(bridge), self._transport)

    def get_response(self, bridge: str | HasId) -> Response:
        """The raw answer of ``GET /bridges/{bridgeId}``."""
        return self._transport.request("GET", self._url(bridge))

    def list(
        self,
        *,
        page: NotGivenOr[int] = NOT_GIVEN,
        page_size: NotGivenOr[int] = NOT_GIVEN,
        limit: int | None = None,
    ) -> Paginator[Bridge]:
        """Your bridges: ``GET /bridges`` (lazy; ``page_size`` 1..1000, ``limit`` caps the total)."""
        params = compact(
            {
                "page": optional(check.integer, "page", page, 0, 2**31),
                "size": optional(check.page_size, "page_size", page_size),
            }
        )
        return paginate(self._transport, self._transport.url("bridges"), params, Bridge, limit)

    def update(
        self,
        bridge: str | HasId,
        *,
        call_ids: NotGivenOr[Sequence[str | HasId]] = NOT_GIVEN,
        bridge_audio: NotGivenOr[bool] = NOT_GIVEN,
    ) -> None:
        """Change the calls in a bridge or its audio path: ``POST /bridges/{bridgeId}``."""
        url = self._url(bridge)
        body = compact(
            {
                "bridgeAudio": optional(check.boolean, "bridge_audio", bridge_audio),
                "callIds": optional(_call_ids, "call_ids", call_ids),
            }
        )
        if not body:
            raise InvalidParameterError("call_ids", "nothing to update: give call_ids or bridge_audio")
        self._transport.request("POST", url, json_body=body)

    def list_calls(self, bridge: str | HasId) -> Paginator[Call]:
        """The calls in a bridge: ``GET /bridges/{bridgeId}/calls``."""
        return paginate(self._transport, self._url(bridge, "calls"), {}, Call)

    def play_audio(
        self,
        bridge: str | HasId,
        *,
        file_url: NotGivenOr[str] = NOT_GIVEN,
        sentence: NotGivenOr[str] = NOT_GIVEN,
        gender: NotGivenOr[str] = NOT_GIVEN,
        locale: NotGivenOr[str] = NOT_GIVEN,
        voice: NotGivenOr[str] = NOT_GIVEN,
        loop_enabled: NotGivenOr[bool] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
    ) -> None:
        """Play a file or speak a sentence in a bridge: ``POST /bridges/{bridgeId}/audio``."""
        url = self._url(bridge, "audio")
        body = audio_body(
            file_url=file_url,
            sentence=sentence,
            gender=gender,
            locale=locale,
            voice=voice,
            loop_enabled=loop_enabled,
            tag=tag,
        )
        self._transport.request("POST", url, json_body=body)
