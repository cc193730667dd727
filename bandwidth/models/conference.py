"""The Conference resource and its members: up to 20 calls that hear one another."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pydantic import Field

from .._exceptions import DetachedModelError
from .._types import NOT_GIVEN, JSONValue, NotGivenOr
from ._audio import PlaysAudio
from ._base import BandwidthModel, Open, OpenEnum, Timestamp, last_segment
from .call import Call

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from .._core.endpoints._common import Audio
    from .._sync.pagination import Paginator
    from .._sync.services.conferences import ConferencesService
    from .._types import CallbackHttpMethod, ConferenceUpdateState, HasId
    from ._async_conference import (
        AsyncConference as AsyncConference,
        AsyncConferenceMember as AsyncConferenceMember,
    )

__all__ = [
    "AsyncConference",
    "AsyncConferenceMember",
    "Conference",
    "ConferenceFields",
    "ConferenceMember",
    "ConferenceMemberFields",
    "ConferenceMemberState",
    "ConferenceProfile",
    "ConferenceState",
]


def __getattr__(name: str) -> object:
    """The async client's method sets, defined in :mod:`._async_conference` and loaded on first use."""
    if name in ("AsyncConference", "AsyncConferenceMember"):
        from . import _async_conference

        return getattr(_async_conference, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ConferenceState(OpenEnum):
    """A conference's ``state``: ``created`` (no member yet), ``active``, or ``completed``."""

    CREATED = "created"
    ACTIVE = "active"
    COMPLETED = "completed"


class ConferenceProfile(OpenEnum):
    """How a conference treats its members' keys (DTMF)."""

    INTERPRET_DIGITS = "interpret_digits"
    """The conference acts on them: ``#`` leaves, ``0`` toggles mute, ... (the default)."""
    PASSTHRU_DIGITS = "passthru_digits"
    """They reach the calls, as ``dtmf`` events and gathers."""


class ConferenceMemberState(OpenEnum):
    """A member's ``state``: ``active`` (in the conference) or ``completed`` (left it)."""

    ACTIVE = "active"
    COMPLETED = "completed"


class ConferenceFields(BandwidthModel, frozen=True):
    """A conference's fields, as ``GET /conferences/{conferenceId}`` describes them: what
    :class:`Conference` and :class:`AsyncConference` share."""

    id: str
    """The conference's unique id (``conf-...``)."""
    state: Open[ConferenceState] | None = None
    """``created`` (no member yet), ``active`` or ``completed`` (it can no longer be used)."""
    from_: str | None = Field(default=None, validation_alias="from", serialization_alias="from")
    """The phone number that hosts the conference."""
    created_time: Timestamp | None = None
    """When the conference was created."""
    completed_time: Timestamp | None = None
    """When the conference completed."""
    active_members: int | None = None
    """How many members are active."""
    on_hold: bool | None = Field(default=None, validation_alias="hold", serialization_alias="hold")
    """Whether no member can hear or speak (unless set per member); :meth:`hold` changes it."""
    muted: bool | None = Field(default=None, validation_alias="mute", serialization_alias="mute")
    """Whether no member can speak (unless set per member); :meth:`mute` changes it."""
    profile: Open[ConferenceProfile] | None = None
    """``interpret_digits`` (the conference acts on keys) or ``passthru_digits`` (the calls get them)."""
    callback_url: str | None = None
    """Where the conference's events are sent."""
    callback_http_method: str | None = None
    """``GET`` or ``POST``: how events are sent."""
    callback_timeout: int | None = None
    """Milliseconds to wait for the callback URL to answer."""
    fallback_url: str | None = None
    """Where events go when the callback URL fails."""
    tag: str | None = None
    """A string included in the conference's events."""


class Conference(PlaysAudio, ConferenceFields, frozen=True):
    """A conference, as ``GET /conferences/{conferenceId}`` describes it, from a :class:`~bandwidth.Client`.

    Action methods send one documented request each and never change this snapshot; ``refresh()`` returns
    a new one. :meth:`play`, :meth:`speak` and :meth:`play_file` reach every member that can hear. Methods
    that send a body take ``extra_body``, :meth:`members` ``extra_query``: fields this SDK does not name,
    sent as spelled (see ``client.calls``).
    """

    _methods = "sync"

    @property
    def _service(self) -> ConferencesService:
        from .._sync.services.conferences import (
            ConferencesService,  # here, not at the top: the service module imports this one
        )

        return ConferencesService(self._transport)

    def refresh(self) -> Conference:
        """A fresh snapshot of this conference (one GET)."""
        return self._service.get(self.id)

    def update(
        self,
        *,
        state: NotGivenOr[ConferenceUpdateState] = NOT_GIVEN,
        mute: NotGivenOr[bool] = NOT_GIVEN,
        hold: NotGivenOr[bool] = NOT_GIVEN,
        callback_url: NotGivenOr[str] = NOT_GIVEN,
        callback_timeout: NotGivenOr[int] = NOT_GIVEN,
        callback_http_method: NotGivenOr[CallbackHttpMethod] = NOT_GIVEN,
        fallback_url: NotGivenOr[str] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """``POST /conferences/{id}`` with the given fields."""
        self._service.update(
            self.id,
            state=state,
            mute=mute,
            hold=hold,
            callback_url=callback_url,
            callback_timeout=callback_timeout,
            callback_http_method=callback_http_method,
            fallback_url=fallback_url,
            tag=tag,
            extra_body=extra_body,
        )

    def terminate(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """End the conference (``state=completed``): every member leaves; their calls stay up."""
        self._service.terminate(self.id, extra_body=extra_body)

    def mute(self, mute: bool = True, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Mute every member (``False``: let them speak again, unless muted one by one)."""
        self._service.mute(self.id, mute, extra_body=extra_body)

    def hold(self, hold: bool = True, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Put every member on hold: none hears or speaks (``False``: take them off hold)."""
        self._service.hold(self.id, hold, extra_body=extra_body)

    def _play_audio(self, **audio: Unpack[Audio]) -> None:
        self._service.play_audio(self.id, **audio)

    def members(self, *, extra_query: Mapping[str, JSONValue] | None = None) -> Paginator[ConferenceMember]:
        """Every member ever added, those that left as ``completed`` (lazy)."""
        return self._service.list_members(self.id, extra_query=extra_query)

    def member(self, member_id: str | HasId) -> ConferenceMember:
        """One member (one GET)."""
        return self._service.get_member(self.id, member_id)

    def add_member(
        self,
        call_id: str | HasId,
        *,
        join_tone: NotGivenOr[bool] = NOT_GIVEN,
        leaving_tone: NotGivenOr[bool] = NOT_GIVEN,
        mute: NotGivenOr[bool] = NOT_GIVEN,
        hold: NotGivenOr[bool] = NOT_GIVEN,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> ConferenceMember:
        """Add an active call (created with this ``conference_id``); returns the member (fetched unless
        ``fetch=False``)."""
        return self._service.create_member(
            self.id,
            call_id,
            join_tone=join_tone,
            leaving_tone=leaving_tone,
            mute=mute,
            hold=hold,
            fetch=fetch,
            extra_body=extra_body,
        )


class ConferenceMemberFields(BandwidthModel, frozen=True):
    """A conference member's fields, as ``GET /conferences/{conferenceId}/members/{memberId}`` describes
    them (and the conference it is in): what :class:`ConferenceMember` and :class:`AsyncConferenceMember`
    share."""

    id: str
    """The member's unique id."""
    conference_id: str | None = None
    """The conference the member is in: the SDK fills it in (the API's member does not say)."""
    state: Open[ConferenceMemberState] | None = None
    """``active``, or ``completed`` once it left (hung up or removed)."""
    muted: bool | None = Field(default=None, validation_alias="mute", serialization_alias="mute")
    """Whether the member cannot speak (it still hears); :meth:`mute` changes it."""
    on_hold: bool | None = Field(default=None, validation_alias="hold", serialization_alias="hold")
    """Whether the member can neither hear nor speak; :meth:`hold` changes it."""
    join_tone: bool | None = None
    """Whether a tone plays when the member joins."""
    leaving_tone: bool | None = None
    """Whether a tone plays when the member leaves."""
    added_time: Timestamp | None = None
    """When the member was added."""
    removed_time: Timestamp | None = None
    """When the member left."""
    call_url: str | None = Field(default=None, validation_alias="call", serialization_alias="call")
    """URL of the member's call; :attr:`call` is a handle to it."""

    @property
    def call_id(self) -> str | None:
        """The id of the member's call, from :attr:`call_url`."""
        return last_segment(self.call_url)

    def _in_conference(self, conference_id: str) -> Self:
        """This member, told its conference (a parser knows it from the request's path)."""
        vars(self)["conference_id"] = conference_id
        self.__pydantic_fields_set__.add("conference_id")
        return self

    def _conference_id(self) -> str:
        if self.conference_id is None:
            raise DetachedModelError("this member does not say which conference it is in")
        return self.conference_id

    def _call_id(self) -> str:
        call_id = self.call_id
        if call_id is None:
            raise DetachedModelError("this member does not say which call it is (it has no call URL)")
        return call_id


class ConferenceMember(PlaysAudio, ConferenceMemberFields, frozen=True):
    """A member of a conference, as ``GET /conferences/{conferenceId}/members/{memberId}`` describes it,
    from a :class:`~bandwidth.Client`.

    Its audio methods reach this member only. Methods that send a body take ``extra_body``.
    """

    _methods = "sync"

    @property
    def call(self) -> Call:
        """A handle to the member's call (no request): ``member.call.hangup()`` is one request.

        Raises:
            DetachedModelError: The member has no call URL, or is bound to no client.
        """
        call_id = self._call_id()
        return Call._handle(self._transport, id=call_id)

    @property
    def _service(self) -> ConferencesService:
        from .._sync.services.conferences import (
            ConferencesService,  # here, not at the top: the service module imports this one
        )

        return ConferencesService(self._transport)

    def refresh(self) -> ConferenceMember:
        """A fresh snapshot of this member (one GET)."""
        return self._service.get_member(self._conference_id(), self.id)

    def update(
        self,
        *,
        state: NotGivenOr[ConferenceUpdateState] = NOT_GIVEN,
        join_tone: NotGivenOr[bool] = NOT_GIVEN,
        leaving_tone: NotGivenOr[bool] = NOT_GIVEN,
        mute: NotGivenOr[bool] = NOT_GIVEN,
        hold: NotGivenOr[bool] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """``POST /conferences/{conferenceId}/members/{id}`` with the given fields."""
        self._service.update_member(
            self._conference_id(),
            self.id,
            state=state,
            join_tone=join_tone,
            leaving_tone=leaving_tone,
            mute=mute,
            hold=hold,
            extra_body=extra_body,
        )

    def mute(self, mute: bool = True, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Keep the member from speaking; it still hears (``False``: let it speak again)."""
        self._service.mute_member(self._conference_id(), self.id, mute, extra_body=extra_body)

    def hold(self, hold: bool = True, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Keep the member from hearing and speaking (``False``: take it off hold)."""
        self._service.hold_member(self._conference_id(), self.id, hold, extra_body=extra_body)

    def remove(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Remove the member (``state=completed``); its call stays up."""
        self._service.remove_member(self._conference_id(), self.id, extra_body=extra_body)

    def _play_audio(self, **audio: Unpack[Audio]) -> None:
        self._service.play_audio_to_member(self._conference_id(), self.id, **audio)
