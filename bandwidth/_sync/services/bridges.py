"""``client.bridges``, sync: each method sends what :mod:`bandwidth._core.endpoints.bridges` describes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..._core.endpoints import bridges
from ..._core.http import Response
from ..._types import NOT_GIVEN, JSONValue, NotGivenOr
from ..pagination import Paginator, paginate
from ..transport import Transport

# Every Client makes this service at once; the models are imported in the methods, so that Bridge
# is created on the first request that returns one, not on ``from bandwidth import Client``.
if TYPE_CHECKING:
    from ..._types import HasId
    from ...models.bridge import Bridge
    from ...models.call import Call

__all__ = ["BridgesService"]


class BridgesService:
    """``client.bridges``: join calls with a two-way audio path.

    ``extra_body`` and ``extra_query`` add fields this SDK does not name, as in :class:`CallsService`.
    """

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def handle(self, bridge_id: str | HasId) -> Bridge:
        """A :class:`Bridge` for a known id, made without any request."""
        from ...models.bridge import Bridge

        return bridges.handle(bridge_id, self._transport, model=Bridge)

    def create(
        self,
        *,
        call_ids: NotGivenOr[Sequence[str | HasId]] = NOT_GIVEN,
        bridge_audio: NotGivenOr[bool] = NOT_GIVEN,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> Bridge:
        """Create a bridge, with up to two calls or none yet: ``POST /bridges``.

        Two requests by default (the create, then a GET); one with ``fetch=False``, which returns a handle
        holding only the new ``id``.
        """
        from ...models.bridge import Bridge

        create = bridges.create(call_ids=call_ids, bridge_audio=bridge_audio, extra_body=extra_body)
        return self._transport.run(bridges.created(create, self._transport, model=Bridge, fetch=fetch))

    def get(self, bridge: str | HasId) -> Bridge:
        """Fetch a bridge: ``GET /bridges/{bridgeId}``."""
        from ...models.bridge import Bridge

        return self._transport.perform(bridges.get(bridge, model=Bridge))

    def get_response(self, bridge: str | HasId) -> Response:
        """The raw answer of ``GET /bridges/{bridgeId}``."""
        from ...models.bridge import Bridge

        return self._transport.send(bridges.get(bridge, model=Bridge).request)

    def list(
        self,
        *,
        page: NotGivenOr[int] = NOT_GIVEN,
        page_size: NotGivenOr[int] = NOT_GIVEN,
        limit: int | None = None,
        extra_query: Mapping[str, JSONValue] | None = None,
    ) -> Paginator[Bridge]:
        """Your bridges: ``GET /bridges`` (lazy; ``page_size`` 1..1000, ``limit`` caps the total)."""
        from ...models.bridge import Bridge

        listing = bridges.list_bridges(
            model=Bridge, page=page, page_size=page_size, limit=limit, extra_query=extra_query
        )
        return paginate(self._transport, listing)

    def update(
        self,
        bridge: str | HasId,
        *,
        call_ids: NotGivenOr[Sequence[str | HasId]] = NOT_GIVEN,
        bridge_audio: NotGivenOr[bool] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Change the calls in a bridge or its audio path: ``POST /bridges/{bridgeId}``."""
        self._transport.perform(
            bridges.update(bridge, call_ids=call_ids, bridge_audio=bridge_audio, extra_body=extra_body)
        )

    def list_calls(
        self, bridge: str | HasId, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> Paginator[Call]:
        """The calls in a bridge: ``GET /bridges/{bridgeId}/calls``."""
        from ...models.call import Call

        return paginate(self._transport, bridges.list_calls(bridge, model=Call, extra_query=extra_query))

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
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Play a file or speak a sentence in a bridge: ``POST /bridges/{bridgeId}/audio``."""
        self._transport.perform(
            bridges.play_audio(
                bridge,
                file_url=file_url,
                sentence=sentence,
                gender=gender,
                locale=locale,
                voice=voice,
                loop_enabled=loop_enabled,
                tag=tag,
                extra_body=extra_body,
            )
        )
