"""The CallEvent resource: one entry of a call's history."""

from __future__ import annotations

from ._base import BandwidthModel, Timestamp

__all__ = ["CallEvent"]


class CallEvent(BandwidthModel, frozen=True):
    """One event of a call, as ``GET /calls/{callId}/events`` lists them."""

    id: str
    """The event's unique id."""
    time: Timestamp | None = None
    """When it happened."""
    name: str | None = None
    """What happened: ``create``, ``answer``, ``playback``, ``hangup``, ..."""
    data: str | None = None
    """Details, as the API gives them (sometimes a JSON document in a string)."""
