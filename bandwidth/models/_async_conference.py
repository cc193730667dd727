"""The async client's method sets of conferences and their members (``AsyncConference`` ...).

The fields are :mod:`.conference`'s; like :mod:`._async`, this module loads only when an async name is first
used, so neither a sync application nor the callbacks create these classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._types import NOT_GIVEN, JSONValue, NotGivenOr
from ._async import AsyncCall
from ._audio import AsyncPlaysAudio
from .conference import ConferenceFields, ConferenceMemberFields

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .._async.pagination import AsyncPaginator
    from .._async.services.conferences import AsyncConferencesService
    from .._core.endpoints._common import Audio
    from .._types import CallbackHttpMethod, ConferenceUpdateState, HasId

__all__ = ["AsyncConference", "AsyncConferenceMember"]


class AsyncConference(AsyncPlaysAudio, ConferenceFields, frozen=True):
    """A conference, from an :class:`~bandwidth.AsyncClient`: the fields of :class:`Conference`, with its
    methods as coroutines (``await conference.add_member(call)``); :meth:`members` is an
    :class:`~bandwidth.AsyncPaginator`."""

    _methods = "async"

    @property
    def _service(self) -> AsyncConferencesService:
        from .._async.services.conferences import AsyncConferencesService

        return AsyncConferencesService(self._async_transport)

    async def refresh(self) -> AsyncConference:
        """A fresh snapshot of this conference (one GET)."""
        return await self._service.get(self.id)

    async def update(
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
        await self._service.update(
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

    async def terminate(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """End the conference (``state=completed``): every member leaves; their calls stay up."""
        await self._service.terminate(self.id, extra_body=extra_body)

    async def mute(self, mute: bool = True, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Mute every member (``False``: let them speak again, unless muted one by one)."""
        await self._service.mute(self.id, mute, extra_body=extra_body)

    async def hold(self, hold: bool = True, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Put every member on hold: none hears or speaks (``False``: take them off hold)."""
        await self._service.hold(self.id, hold, extra_body=extra_body)

    async def _play_audio(self, **audio: Unpack[Audio]) -> None:
        await self._service.play_audio(self.id, **audio)

    def members(
        self, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> AsyncPaginator[AsyncConferenceMember]:
        """Every member ever added, those that left as ``completed`` (lazy; ``await`` it for the one page)."""
        return self._service.list_members(self.id, extra_query=extra_query)

    async def member(self, member_id: str | HasId) -> AsyncConferenceMember:
        """One member (one GET)."""
        return await self._service.get_member(self.id, member_id)

    async def add_member(
        self,
        call_id: str | HasId,
        *,
        join_tone: NotGivenOr[bool] = NOT_GIVEN,
        leaving_tone: NotGivenOr[bool] = NOT_GIVEN,
        mute: NotGivenOr[bool] = NOT_GIVEN,
        hold: NotGivenOr[bool] = NOT_GIVEN,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> AsyncConferenceMember:
        """Add an active call (created with this ``conference_id``); returns the member (fetched unless
        ``fetch=False``)."""
        return await self._service.create_member(
            self.id,
            call_id,
            join_tone=join_tone,
            leaving_tone=leaving_tone,
            mute=mute,
            hold=hold,
            fetch=fetch,
            extra_body=extra_body,
        )


class AsyncConferenceMember(AsyncPlaysAudio, ConferenceMemberFields, frozen=True):
    """A member of a conference, from an :class:`~bandwidth.AsyncClient`: the fields of
    :class:`ConferenceMember`, with its methods as coroutines; :attr:`call` is an :class:`AsyncCall`."""

    _methods = "async"

    @property
    def call(self) -> AsyncCall:
        """A handle to the member's call (no request): ``await member.call.hangup()`` is one request.

        Raises:
            DetachedModelError: The member has no call URL, or is bound to no client.
        """
        call_id = self._call_id()
        return AsyncCall._handle(self._async_transport, id=call_id)

    @property
    def _service(self) -> AsyncConferencesService:
        from .._async.services.conferences import AsyncConferencesService

        return AsyncConferencesService(self._async_transport)

    async def refresh(self) -> AsyncConferenceMember:
        """A fresh snapshot of this member (one GET)."""
        return await self._service.get_member(self._conference_id(), self.id)

    async def update(
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
        await self._service.update_member(
            self._conference_id(),
            self.id,
            state=state,
            join_tone=join_tone,
            leaving_tone=leaving_tone,
            mute=mute,
            hold=hold,
            extra_body=extra_body,
        )

    async def mute(self, mute: bool = True, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Keep the member from speaking; it still hears (``False``: let it speak again)."""
        await self._service.mute_member(self._conference_id(), self.id, mute, extra_body=extra_body)

    async def hold(self, hold: bool = True, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Keep the member from hearing and speaking (``False``: take it off hold)."""
        await self._service.hold_member(self._conference_id(), self.id, hold, extra_body=extra_body)

    async def remove(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Remove the member (``state=completed``); its call stays up."""
        await self._service.remove_member(self._conference_id(), self.id, extra_body=extra_body)

    async def _play_audio(self, **audio: Unpack[Audio]) -> None:
        await self._service.play_audio_to_member(self._conference_id(), self.id, **audio)
