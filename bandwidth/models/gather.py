"""The Gather resource: DTMF digits collected from a call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pydantic import AliasChoices, Field

from .._exceptions import DetachedModelError
from .._types import JSONValue
from ._base import BandwidthModel, Open, OpenEnum, Timestamp, last_segment

if TYPE_CHECKING:
    from .._sync.services.calls import CallsService
    from ._async import AsyncGather as AsyncGather

__all__ = ["AsyncGather", "Gather", "GatherFields", "GatherReason", "GatherState"]


def __getattr__(name: str) -> object:
    """``AsyncGather``, the async method set: defined in :mod:`._async`, loaded on first use."""
    if name == "AsyncGather":
        from ._async import AsyncGather

        return AsyncGather
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class GatherState(OpenEnum):
    """A gather's ``state``: ``started`` while it collects digits, then ``completed``."""

    STARTED = "started"
    COMPLETED = "completed"


class GatherReason(OpenEnum):
    """Why a gather completed: enough digits, a terminating digit, the inter-digit timeout, or a hang-up."""

    MAX_DIGITS = "max-digits"
    TERMINATING_DIGIT = "terminating-digit"
    INTER_DIGIT_TIMEOUT = "inter-digit-timeout"
    HUNG_UP = "hung-up"


class GatherFields(BandwidthModel, frozen=True):
    """A digit gather's fields, as ``GET /calls/{callId}/gather/{gatherId}`` describes them: what
    :class:`Gather` and :class:`AsyncGather` share."""

    id: str = Field(validation_alias=AliasChoices("id", "gatherId"))
    """The gather's unique id."""
    state: Open[GatherState] | None = None
    """``started`` while collecting, then ``completed``."""
    reason: Open[GatherReason] | None = None
    """Why it completed: ``max-digits``, ``terminating-digit``, ``inter-digit-timeout`` or ``hung-up``."""
    digits: str | None = None
    """The digits collected."""
    call_url: str | None = Field(default=None, validation_alias="call", serialization_alias="call")
    """URL of the call the gather runs on."""
    created_time: Timestamp | None = None
    """When the gather started."""
    completed_time: Timestamp | None = None
    """When the gather completed."""

    @property
    def call_id(self) -> str | None:
        """The id of the call, from :attr:`call_url`."""
        return last_segment(self.call_url)

    def _call_id(self) -> str:
        call_id = self.call_id
        if call_id is None:
            raise DetachedModelError("this gather does not say which call it belongs to (it has no call URL)")
        return call_id


class Gather(GatherFields, frozen=True):
    """A digit gather on a call, as ``GET /calls/{callId}/gather/{gatherId}`` describes it, from a
    :class:`~bandwidth.Client`."""

    _methods = "sync"

    @property
    def _service(self) -> CallsService:
        from .._sync.services.calls import (
            CallsService,  # here, not at the top: the service module imports this one
        )

        return CallsService(self._transport)

    def refresh(self) -> Gather:
        """A fresh snapshot of this gather (one GET)."""
        return self._service.get_gather(self._call_id(), self.id)

    def stop(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Stop gathering now (one POST); ``extra_body`` adds fields this SDK does not name."""
        self._service.stop_gather(self._call_id(), self.id, extra_body=extra_body)
