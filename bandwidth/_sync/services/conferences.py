"""``client.conferences``, sync: each method sends what :mod:`bandwidth._core.endpoints.conferences`
describes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..._core.endpoints import conferences
from ..._core.http import Response
from ..._types import NOT_GIVEN, CallbackHttpMethod, ConferenceProfileName, JSONValue, NotGivenOr
from ...models.conference import Conference, ConferenceMember
from ..pagination import Paginator, paginate
from ..transport import Transport

if TYPE_CHECKING:
    from ..._types import ConferenceUpdateState, HasId

__all__ = ["ConferencesService"]


class ConferencesService:
    """``client.conferences``: up to 20 calls that hear one another, their members, and audio to them.

    Wherever a conference, member or call is expected, its id or the model itself is accepted. Methods that
    send a body take ``extra_body``, lists ``extra_query``, as in :class:`CallsService`.
    """

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    # -- conferences -----------------------------------------------------------------------------------------

    def handle(self, conference_id: str | HasId) -> Conference:
        """A :class:`Conference` for a known id, made without any request (say, from a callback)."""
        return conferences.handle(conference_id, self._transport, model=Conference)

    def create(
        self,
        *,
        from_: str,
        callback_url: NotGivenOr[str] = NOT_GIVEN,
        callback_timeout: NotGivenOr[int] = NOT_GIVEN,
        callback_http_method: NotGivenOr[CallbackHttpMethod] = NOT_GIVEN,
        fallback_url: NotGivenOr[str] = NOT_GIVEN,
        profile: NotGivenOr[ConferenceProfileName] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> Conference:
        """Create a conference hosted by the number ``from_``, with no members yet: ``POST /conferences``.

        Two requests by default (the create, then a GET); one with ``fetch=False``, which returns a handle
        holding only the new ``id``. ``callback_timeout`` is in milliseconds (1..10000); ``profile`` is
        ``interpret_digits`` (the default: the conference acts on keys) or ``passthru_digits``.

        Raises:
            InvalidParameterError: before any request, for a missing or out-of-range parameter.
        """
        create = conferences.create(
            from_=from_,
            callback_url=callback_url,
            callback_timeout=callback_timeout,
            callback_http_method=callback_http_method,
            fallback_url=fallback_url,
            profile=profile,
            tag=tag,
            extra_body=extra_body,
        )
        return self._transport.run(
            conferences.created(create, self._transport, model=Conference, fetch=fetch)
        )

    def get(self, conference: str | HasId) -> Conference:
        """Fetch a conference: ``GET /conferences/{conferenceId}`` (one request)."""
        return self._transport.perform(conferences.get(conference, model=Conference))

    def get_response(self, conference: str | HasId) -> Response:
        """The raw answer of ``GET /conferences/{conferenceId}``."""
        return self._transport.send(conferences.get(conference, model=Conference).request)

    def update(
        self,
        conference: str | HasId,
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
        """Change a conference: ``POST /conferences/{conferenceId}`` (one request).

        ``state="completed"`` ends it; ``mute`` and ``hold`` apply to every member (unless set per member).
        """
        self._transport.perform(
            conferences.update(
                conference,
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
        )

    def terminate(
        self, conference: str | HasId, *, extra_body: Mapping[str, JSONValue] | None = None
    ) -> None:
        """End a conference (``state=completed``); its members leave, their calls stay up. One request."""
        self._transport.perform(conferences.terminate(conference, extra_body=extra_body))

    def mute(
        self, conference: str | HasId, mute: bool = True, *, extra_body: Mapping[str, JSONValue] | None = None
    ) -> None:
        """Mute every member (``False``: let them speak, unless muted one by one); one request."""
        self._transport.perform(conferences.set_mute(conference, mute, extra_body=extra_body))

    def hold(
        self, conference: str | HasId, hold: bool = True, *, extra_body: Mapping[str, JSONValue] | None = None
    ) -> None:
        """Put every member on hold: none hears or speaks (``False``: take them off it); one request."""
        self._transport.perform(conferences.set_hold(conference, hold, extra_body=extra_body))

    def play_audio(
        self,
        conference: str | HasId,
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
        """Play a file or speak a sentence to the conference: ``POST /conferences/{conferenceId}/audio``."""
        self._transport.perform(
            conferences.play_audio(
                conference,
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

    # -- members ---------------------------------------------------------------------------------------------

    def member_handle(self, conference: str | HasId, member_id: str | HasId) -> ConferenceMember:
        """A :class:`ConferenceMember` for known ids, made without any request."""
        return conferences.member_handle(conference, member_id, self._transport, model=ConferenceMember)

    def list_members(
        self, conference: str | HasId, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> Paginator[ConferenceMember]:
        """Every member ever added, those that left as ``completed``: ``GET .../members`` (lazy)."""
        listing = conferences.list_members(conference, model=ConferenceMember, extra_query=extra_query)
        return paginate(self._transport, listing)

    def create_member(
        self,
        conference: str | HasId,
        call_id: str | HasId,
        *,
        join_tone: NotGivenOr[bool] = NOT_GIVEN,
        leaving_tone: NotGivenOr[bool] = NOT_GIVEN,
        mute: NotGivenOr[bool] = NOT_GIVEN,
        hold: NotGivenOr[bool] = NOT_GIVEN,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> ConferenceMember:
        """Add an active call, created with this conference's id, as a member: ``POST .../members``.

        Two requests by default (the create, then a GET of the member); one with ``fetch=False``, which
        returns a handle holding the member's id, its conference and its call.
        """
        create = conferences.create_member(
            conference,
            call_id,
            join_tone=join_tone,
            leaving_tone=leaving_tone,
            mute=mute,
            hold=hold,
            extra_body=extra_body,
        )
        flow = conferences.created_member(
            create, conference, call_id, self._transport, model=ConferenceMember, fetch=fetch
        )
        return self._transport.run(flow)

    def get_member(self, conference: str | HasId, member: str | HasId) -> ConferenceMember:
        """Fetch a member: ``GET /conferences/{conferenceId}/members/{memberId}`` (one request)."""
        return self._transport.perform(conferences.get_member(conference, member, model=ConferenceMember))

    def get_member_response(self, conference: str | HasId, member: str | HasId) -> Response:
        """The raw answer of ``GET /conferences/{conferenceId}/members/{memberId}``."""
        return self._transport.send(
            conferences.get_member(conference, member, model=ConferenceMember).request
        )

    def update_member(
        self,
        conference: str | HasId,
        member: str | HasId,
        *,
        state: NotGivenOr[ConferenceUpdateState] = NOT_GIVEN,
        join_tone: NotGivenOr[bool] = NOT_GIVEN,
        leaving_tone: NotGivenOr[bool] = NOT_GIVEN,
        mute: NotGivenOr[bool] = NOT_GIVEN,
        hold: NotGivenOr[bool] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Change a member: ``POST /conferences/{conferenceId}/members/{memberId}`` (one request).

        ``state="completed"`` removes it; ``mute`` keeps it from speaking, ``hold`` from hearing and speaking.
        """
        self._transport.perform(
            conferences.update_member(
                conference,
                member,
                state=state,
                join_tone=join_tone,
                leaving_tone=leaving_tone,
                mute=mute,
                hold=hold,
                extra_body=extra_body,
            )
        )

    def remove_member(
        self,
        conference: str | HasId,
        member: str | HasId,
        *,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Remove a member (``state=completed``); its call stays up. One request."""
        self._transport.perform(conferences.remove_member(conference, member, extra_body=extra_body))

    def mute_member(
        self,
        conference: str | HasId,
        member: str | HasId,
        mute: bool = True,
        *,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Keep a member from speaking; it still hears (``False``: let it speak). One request."""
        self._transport.perform(conferences.set_member_mute(conference, member, mute, extra_body=extra_body))

    def hold_member(
        self,
        conference: str | HasId,
        member: str | HasId,
        hold: bool = True,
        *,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Keep a member from hearing and speaking (``False``: take it off hold). One request."""
        self._transport.perform(conferences.set_member_hold(conference, member, hold, extra_body=extra_body))

    def play_audio_to_member(
        self,
        conference: str | HasId,
        member: str | HasId,
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
        """Play a file or speak a sentence to one member only: ``POST .../members/{memberId}/audio``."""
        self._transport.perform(
            conferences.play_audio_to_member(
                conference,
                member,
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
