"""Conferences: every ``/conferences`` endpoint, its checks, request and answer, described once here.

A member's answer does not name its conference; the parsers here fill in ``conference_id`` from the path, so
a member fetched or listed can act (``member.mute()``) on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, get_args, overload

from ..._exceptions import InvalidParameterError
from ..._types import (
    NOT_GIVEN,
    CallbackHttpMethod,
    ConferenceProfileName,
    ConferenceUpdateState,
    HasId,
    NotGivenOr,
)
from ...models.conference import Conference, ConferenceFields, ConferenceMember, ConferenceMemberFields
from .. import validation as check
from ..config import TransportBase
from ..flows import Flow, create_then_get
from ..http import Request, Response
from ..operation import Binding, Listing, Operation
from . import _common
from ._common import NO_FIELDS, Extra, Fields, callback_settings, location_id, no_content, optional

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._common import Audio

F = TypeVar("F", bound=ConferenceFields)
M = TypeVar("M", bound=ConferenceMemberFields)

STATES: tuple[ConferenceUpdateState, ...] = get_args(ConferenceUpdateState)
PROFILES: tuple[ConferenceProfileName, ...] = get_args(ConferenceProfileName)

CREATE = Fields(
    from_="from",
    callback_url="callbackUrl",
    callback_timeout="callbackTimeout",
    callback_http_method="callbackHttpMethod",
    fallback_url="fallbackUrl",
    profile="profile",
    tag="tag",
)
UPDATE = Fields(
    state="state",
    mute="mute",
    hold="hold",
    callback_url="callbackUrl",
    callback_timeout="callbackTimeout",
    callback_http_method="callbackHttpMethod",
    fallback_url="fallbackUrl",
    tag="tag",
)
ADD_MEMBER = Fields(
    call_id="callId", join_tone="joinTone", leaving_tone="leavingTone", mute="mute", hold="hold"
)
UPDATE_MEMBER = Fields(
    state="state", join_tone="joinTone", leaving_tone="leavingTone", mute="mute", hold="hold"
)


def conference_id(conference: str | HasId) -> str:
    """The id of ``conference`` (an id or a model), checked."""
    return check.resource_id("conference_id", conference)


def member_id(member: str | HasId) -> str:
    """The id of ``member`` (an id or a model), checked."""
    return check.resource_id("member_id", member)


def _path(conference: str | HasId, *rest: str) -> tuple[str, ...]:
    return ("conferences", conference_id(conference), *rest)


def _member_path(conference: str | HasId, member: str | HasId, *rest: str) -> tuple[str, ...]:
    return _path(conference, "members", member_id(member), *rest)


@overload
def handle(conference: str | HasId, binding: Binding) -> Conference: ...
@overload
def handle(conference: str | HasId, binding: Binding, *, model: type[F]) -> F: ...
def handle(
    conference: str | HasId, binding: Binding, *, model: type[ConferenceFields] = Conference
) -> ConferenceFields:
    """A conference (``model``: ``Conference``, the default, or ``AsyncConference``) holding only its id,
    bound without any request."""
    return model._handle(binding, id=conference_id(conference))


@overload
def member_handle(
    conference: str | HasId, member: str | HasId, binding: Binding, *, call_url: str | None = None
) -> ConferenceMember: ...
@overload
def member_handle(
    conference: str | HasId,
    member: str | HasId,
    binding: Binding,
    *,
    call_url: str | None = None,
    model: type[M],
) -> M: ...
def member_handle(
    conference: str | HasId,
    member: str | HasId,
    binding: Binding,
    *,
    call_url: str | None = None,
    model: type[ConferenceMemberFields] = ConferenceMember,
) -> ConferenceMemberFields:
    """A member (``model``: ``ConferenceMember``, the default, or ``AsyncConferenceMember``) holding its id
    and conference (and call URL, when known), bound without any request."""
    return model._handle(
        binding, id=member_id(member), conference_id=conference_id(conference), call_url=call_url
    )


def created(create: Operation[str], binding: Binding, *, model: type[F], fetch: bool) -> Flow[F]:
    """The conference ``create`` made: fetched (two requests), or a handle (``fetch=False``)."""
    return create_then_get(
        create,
        fetch,
        lambda new_id: get(new_id, model=model),
        lambda new_id: handle(new_id, binding, model=model),
    )


def created_member(
    create: Operation[str],
    conference: str | HasId,
    call: str | HasId,
    binding: TransportBase,
    *,
    model: type[M],
    fetch: bool,
) -> Flow[M]:
    """The member ``create`` added: fetched (two requests), or a handle holding its id, its conference and
    its call (``fetch=False``)."""
    the_conference = conference_id(conference)
    call_url = binding.url("calls", check.resource_id("call_id", call))
    return create_then_get(
        create,
        fetch,
        lambda new_id: get_member(the_conference, new_id, model=model),
        lambda new_id: member_handle(the_conference, new_id, binding, call_url=call_url, model=model),
    )


# -- conferences ---------------------------------------------------------------------------------------------


def create(
    *,
    from_: str,
    callback_url: NotGivenOr[str] = NOT_GIVEN,
    callback_timeout: NotGivenOr[int] = NOT_GIVEN,
    callback_http_method: NotGivenOr[CallbackHttpMethod] = NOT_GIVEN,
    fallback_url: NotGivenOr[str] = NOT_GIVEN,
    profile: NotGivenOr[ConferenceProfileName] = NOT_GIVEN,
    tag: NotGivenOr[str] = NOT_GIVEN,
    extra_body: Extra = None,
) -> Operation[str]:
    """``POST /conferences`` (no members yet); the result is the new conference's id."""
    body = CREATE.body(
        extra_body,
        from_=check.required_text("from_", from_),
        **callback_settings(callback_url, callback_timeout, callback_http_method, fallback_url),
        profile=optional(check.choice, "profile", profile, PROFILES),
        tag=optional(check.text, "tag", tag),
    )
    return Operation(Request("POST", ("conferences",), body=body), location_id)


def get(conference: str | HasId, *, model: type[F]) -> Operation[F]:
    """``GET /conferences/{conferenceId}``, read into ``model``."""
    return Operation(Request("GET", _path(conference)), model._from_response)


def update(
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
    extra_body: Extra = None,
) -> Operation[None]:
    """``POST /conferences/{conferenceId}``: end it (``state=completed``), mute or hold everyone, or change
    where its events go."""
    path = _path(conference)
    body = UPDATE.body(
        extra_body,
        state=optional(check.choice, "state", state, STATES),
        mute=optional(check.boolean, "mute", mute),
        hold=optional(check.boolean, "hold", hold),
        **callback_settings(callback_url, callback_timeout, callback_http_method, fallback_url),
        tag=optional(check.text, "tag", tag),
    )
    if not body:
        raise InvalidParameterError("state", "nothing to update: give at least one parameter")
    return Operation(Request("POST", path, body=body), no_content)


def terminate(conference: str | HasId, *, extra_body: Extra = None) -> Operation[None]:
    """End the conference: ``state=completed``."""
    return update(conference, state="completed", extra_body=extra_body)


def set_mute(conference: str | HasId, mute: bool, *, extra_body: Extra = None) -> Operation[None]:
    """Mute or unmute every member: ``mute`` (required here)."""
    return update(conference, mute=check.boolean("mute", mute), extra_body=extra_body)


def set_hold(conference: str | HasId, hold: bool, *, extra_body: Extra = None) -> Operation[None]:
    """Put every member on hold or take them off it: ``hold`` (required here)."""
    return update(conference, hold=check.boolean("hold", hold), extra_body=extra_body)


def play_audio(conference: str | HasId, **audio: Unpack[Audio]) -> Operation[None]:
    """``POST /conferences/{conferenceId}/audio``: play a file or speak a sentence to every member."""
    return _common.play_audio(_path(conference, "audio"), **audio)


# -- members -------------------------------------------------------------------------------------------------


def list_members(conference: str | HasId, *, model: type[M], extra_query: Extra = None) -> Listing[M]:
    """``GET /conferences/{conferenceId}/members``: every member ever added (one page, as documented),
    read into ``model``."""
    the_conference = conference_id(conference)

    def parse(response: Response, binding: Binding) -> list[M]:
        members = model._list_from_response(response, binding)
        return [member._in_conference(the_conference) for member in members]

    path = _path(the_conference, "members")
    return Listing(Request("GET", path, NO_FIELDS.query(extra_query)), parse)


def create_member(
    conference: str | HasId,
    call_id: str | HasId,
    *,
    join_tone: NotGivenOr[bool] = NOT_GIVEN,
    leaving_tone: NotGivenOr[bool] = NOT_GIVEN,
    mute: NotGivenOr[bool] = NOT_GIVEN,
    hold: NotGivenOr[bool] = NOT_GIVEN,
    extra_body: Extra = None,
) -> Operation[str]:
    """``POST /conferences/{conferenceId}/members``: an active call joins; the result is the member's id."""
    path = _path(conference, "members")
    body = ADD_MEMBER.body(
        extra_body,
        call_id=check.resource_id("call_id", call_id),
        **_member_flags(join_tone, leaving_tone, mute, hold),
    )
    return Operation(Request("POST", path, body=body), location_id)


def get_member(conference: str | HasId, member: str | HasId, *, model: type[M]) -> Operation[M]:
    """``GET /conferences/{conferenceId}/members/{memberId}``, read into ``model``."""
    the_conference = conference_id(conference)
    path = _member_path(the_conference, member)

    def parse(response: Response, binding: Binding) -> M:
        return model._from_response(response, binding)._in_conference(the_conference)

    return Operation(Request("GET", path), parse)


def update_member(
    conference: str | HasId,
    member: str | HasId,
    *,
    state: NotGivenOr[ConferenceUpdateState] = NOT_GIVEN,
    join_tone: NotGivenOr[bool] = NOT_GIVEN,
    leaving_tone: NotGivenOr[bool] = NOT_GIVEN,
    mute: NotGivenOr[bool] = NOT_GIVEN,
    hold: NotGivenOr[bool] = NOT_GIVEN,
    extra_body: Extra = None,
) -> Operation[None]:
    """``POST /conferences/{conferenceId}/members/{memberId}``: remove (``state=completed``), mute, hold."""
    path = _member_path(conference, member)
    body = UPDATE_MEMBER.body(
        extra_body,
        state=optional(check.choice, "state", state, STATES),
        **_member_flags(join_tone, leaving_tone, mute, hold),
    )
    if not body:
        raise InvalidParameterError("state", "nothing to update: give at least one parameter")
    return Operation(Request("POST", path, body=body), no_content)


def remove_member(
    conference: str | HasId, member: str | HasId, *, extra_body: Extra = None
) -> Operation[None]:
    """Remove a member: ``state=completed`` (its call stays up)."""
    return update_member(conference, member, state="completed", extra_body=extra_body)


def set_member_mute(
    conference: str | HasId, member: str | HasId, mute: bool, *, extra_body: Extra = None
) -> Operation[None]:
    """Mute or unmute a member: ``mute`` (required here)."""
    return update_member(conference, member, mute=check.boolean("mute", mute), extra_body=extra_body)


def set_member_hold(
    conference: str | HasId, member: str | HasId, hold: bool, *, extra_body: Extra = None
) -> Operation[None]:
    """Put a member on hold or take it off: ``hold`` (required here)."""
    return update_member(conference, member, hold=check.boolean("hold", hold), extra_body=extra_body)


def play_audio_to_member(
    conference: str | HasId, member: str | HasId, **audio: Unpack[Audio]
) -> Operation[None]:
    """``POST /conferences/{conferenceId}/members/{memberId}/audio``: to this member only."""
    return _common.play_audio(_member_path(conference, member, "audio"), **audio)


def _member_flags(
    join_tone: NotGivenOr[bool],
    leaving_tone: NotGivenOr[bool],
    mute: NotGivenOr[bool],
    hold: NotGivenOr[bool],
) -> dict[str, object]:
    return {
        "join_tone": optional(check.boolean, "join_tone", join_tone),
        "leaving_tone": optional(check.boolean, "leaving_tone", leaving_tone),
        "mute": optional(check.boolean, "mute", mute),
        "hold": optional(check.boolean, "hold", hold),
    }
