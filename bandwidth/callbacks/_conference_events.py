"""Typed callback events about conferences and their members, with handles to what they name."""

from __future__ import annotations

from typing import Literal

from .._core.endpoints import conferences
from .._sync.services.calls import CallsService
from ..models._base import Open, Timestamp
from ..models.call import Call
from ..models.conference import Conference, ConferenceMember, ConferenceMemberState
from ._events import CallbackEvent, ConferenceStatus, PlaybackStatus

__all__ = [
    "ConferenceEvent",
    "ConferenceMemberEvent",
    "ConferencePlaybackEvent",
    "ConferenceSpeakEvent",
]


class _ConferenceCallbackEvent(CallbackEvent, frozen=True):
    """An event about a conference."""

    conference_id: str
    """The conference's id."""
    time: Timestamp | None = None
    """When the event happened."""

    @property
    def conference(self) -> Conference:
        """A handle to the conference (no request); ``event.conference.terminate()`` is one request.

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        return conferences.handle(self.conference_id, self._transport)


class ConferenceEvent(_ConferenceCallbackEvent, frozen=True):
    """A conference was created or completed. Key: ``eventType``, ``conferenceId``, ``status``."""

    event_type: Literal["conference"]
    """``conference``."""
    conference_uri: str | None = None
    """The full URL of the conference."""
    status: Open[ConferenceStatus] | None = None
    """``created`` or ``completed``."""
    created_time: Timestamp | None = None
    """When the conference was created."""
    completed_time: Timestamp | None = None
    """When the conference completed."""

    _key_fields = ("conference_id", "status")


class ConferenceMemberEvent(_ConferenceCallbackEvent, frozen=True):
    """A member joined or left a conference, or was muted or put on hold. Key: ``eventType``, ``memberId``,
    ``time``, ``state``, ``hold``, ``mute``."""

    event_type: Literal["conference-member"]
    """``conference-member``."""
    member_id: str
    """The member's id."""
    member_uri: str | None = None
    """The full URL of the member."""
    call_id: str
    """The id of the member's call."""
    state: Open[ConferenceMemberState] | None = None
    """``active`` or ``completed`` (left)."""
    hold: bool | None = None
    """Whether the member is on hold (can neither hear nor speak); also :attr:`on_hold`."""
    mute: bool | None = None
    """Whether the member is muted; also :attr:`muted`."""
    active_members: int | None = None
    """How many members are active in the conference."""

    _key_fields = ("member_id", "time", "state", "hold", "mute")
    repeatable = True

    @property
    def muted(self) -> bool | None:
        """:attr:`mute` under the name :class:`bandwidth.ConferenceMember` gives it (whose ``mute()`` is a
        method), so code reading either says ``muted``."""
        return self.mute

    @property
    def on_hold(self) -> bool | None:
        """:attr:`hold` under the name :class:`bandwidth.ConferenceMember` gives it (whose ``hold()`` is a
        method), so code reading either says ``on_hold``."""
        return self.hold

    @property
    def call(self) -> Call:
        """A handle to the member's call (no request).

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        return CallsService(self._transport).handle(self.call_id)

    @property
    def member(self) -> ConferenceMember:
        """A handle to the member, with its conference and call (no request): ``event.member.mute()`` is
        one request.

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        transport = self._transport
        return conferences.member_handle(
            self.conference_id, self.member_id, transport, call_url=transport.url("calls", self.call_id)
        )


class ConferencePlaybackEvent(_ConferenceCallbackEvent, frozen=True):
    """Audio file playback to a conference started or is done. Key: ``eventType``, ``conferenceId``,
    ``time``, ``status``."""

    event_type: Literal["conference-playback"]
    """``conference-playback``."""
    conference_uri: str | None = None
    """The full URL of the conference."""
    status: Open[PlaybackStatus] | None = None
    """``started`` or ``done``."""

    _key_fields = ("conference_id", "time", "status")
    repeatable = True


class ConferenceSpeakEvent(_ConferenceCallbackEvent, frozen=True):
    """Text-to-speech to a conference started or is done. Key: ``eventType``, ``conferenceId``, ``time``,
    ``status``."""

    event_type: Literal["conference-speak"]
    """``conference-speak``."""
    conference_uri: str | None = None
    """The full URL of the conference."""
    status: Open[PlaybackStatus] | None = None
    """``started`` or ``done``."""

    _key_fields = ("conference_id", "time", "status")
    repeatable = True
