"""The Bridge resource: two calls joined with a two-way audio path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pydantic import Field

from .._core.validation import renamed
from .._types import NOT_GIVEN, JSONValue, NotGivenOr
from ._audio import PlaysAudio
from ._base import BandwidthModel, Open, OpenEnum, Timestamp

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .._core.endpoints._common import Audio
    from .._sync.pagination import Paginator
    from .._sync.services.bridges import BridgesService
    from .._types import HasId
    from ._async import AsyncBridge as AsyncBridge
    from .call import Call

__all__ = ["AsyncBridge", "Bridge", "BridgeFields", "BridgeState"]


def __getattr__(name: str) -> object:
    """``AsyncBridge``, the async method set: defined in :mod:`._async`, loaded on first use."""
    if name == "AsyncBridge":
        from ._async import AsyncBridge

        return AsyncBridge
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class BridgeState(OpenEnum):
    """A bridge's ``state``: ``created``, ``active`` (audio flows), ``hold`` (no audio), ``completed``."""

    CREATED = "created"
    ACTIVE = "active"
    HOLD = "hold"
    COMPLETED = "completed"
    ERROR = "error"


class BridgeFields(BandwidthModel, frozen=True):
    """A bridge's fields, as ``GET /bridges/{bridgeId}`` describes them: what :class:`Bridge` and
    :class:`AsyncBridge` share."""

    id: str
    """The bridge's unique id (``brg-...``)."""
    state: Open[BridgeState] | None = None
    """``created``, ``active``, ``hold``, ``completed`` or ``error``."""
    bridge_audio: bool | None = None
    """Whether audio flows both ways (``False``: calls on hold)."""
    call_ids: list[str] | None = None
    """The ids of the calls in the bridge."""
    calls_url: str | None = Field(default=None, validation_alias="calls", serialization_alias="calls")
    """URL of the calls in the bridge; :meth:`calls` lists them."""
    created_time: Timestamp | None = None
    """When the bridge was created."""
    activated_time: Timestamp | None = None
    """When the bridge became active."""
    completed_time: Timestamp | None = None
    """When the bridge completed."""


class Bridge(PlaysAudio, BridgeFields, frozen=True):
    """A bridge, as ``GET /bridges/{bridgeId}`` describes it, from a :class:`~bandwidth.Client`.

    :meth:`play`, :meth:`speak` and :meth:`play_file` reach both calls. Methods that send a body take
    ``extra_body``, :meth:`calls` ``extra_query``: fields this SDK does not name, sent as spelled (see
    ``client.calls``).
    """

    _methods = "sync"

    @property
    def _service(self) -> BridgesService:
        from .._sync.services.bridges import (
            BridgesService,  # here, not at the top: the service module imports this one
        )

        return BridgesService(self._transport)

    def refresh(self) -> Bridge:
        """A fresh snapshot of this bridge (one GET)."""
        return self._service.get(self.id)

    def update(
        self,
        *,
        calls: NotGivenOr[Sequence[str | HasId]] = NOT_GIVEN,
        bridge_audio: NotGivenOr[bool] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Change the calls in the bridge (at most two; ``[]`` removes all) or put them on hold."""
        with renamed({"call_ids": "calls"}):
            self._service.update(self.id, call_ids=calls, bridge_audio=bridge_audio, extra_body=extra_body)

    def calls(self, *, extra_query: Mapping[str, JSONValue] | None = None) -> Paginator[Call]:
        """The calls in the bridge."""
        return self._service.list_calls(self.id, extra_query=extra_query)

    def _play_audio(self, **audio: Unpack[Audio]) -> None:
        self._service.play_audio(self.id, **audio)
