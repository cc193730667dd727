"""Conferences: up to 20 calls sharing audio, with callbacks of their own.

A conference is ``created`` (no member yet) → ``active`` (from its first member) → ``completed``, when its
last member leaves or on ``state=completed``; a completed conference never changes again (``403
conference-error``, "Invalid conference state COMPLETED"). A member is ``active`` → ``completed``: removed
(``state=completed``), its call ended or was transferred, ``#`` pressed, or the conference completed. Its call
stays up when it leaves.

A call belongs to one conference for life, as the call resource has one ``conferenceId``: the one it was
created with (``POST /calls``), else the first it joins. It is in at most one conference *or* one bridge at
a time. The conference's events (``conference``, ``conference-member``, ``conference-playback``,
``conference-speak``) go to its ``callbackUrl``, one at a time, in order; audio to one member is the call's
own audio (its ``playback`` and ``speak`` events go to the call's URL, as ``confAudio.md`` says).

With the ``interpret_digits`` profile (the default) the conference takes its members' keys: ``#`` leaves,
``0`` toggles the member's mute, ``*`` mutes and holds it; the others change volumes nobody can observe
here. Taken keys are no ``dtmf`` event and feed no gather. With ``passthru_digits`` keys reach the call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from ..._types import JSONObject, JSONValue
from .. import _errors as errors
from .._clock import format_time
from .inputs import AudioRequest, Body, parse_audio
from .records import (
    CONFERENCE_PROFILES,
    DEFAULT_CALLBACK_TIMEOUT,
    HTTP_METHODS,
    MAX_CALLBACK_TIMEOUT,
    MAX_CONFERENCE_MEMBERS,
    AudioRecord,
    CallRecord,
    ConferenceRecord,
    MemberRecord,
    new_id,
)
from .runtime import Module, locked

__all__ = ["Conferences", "JoinedCaller"]


@dataclass(frozen=True)
class JoinedCaller:
    """A far-end caller the control API put into a conference: its incoming call and its member."""

    call_id: str
    member_id: str


class Conferences(Module):
    """The conference and member state machines."""

    # -- lookups and URLs ------------------------------------------------------------------------------------

    def _conference(self, conference_id: str) -> ConferenceRecord:
        conference = self.rt.state.conferences.get(conference_id)
        if conference is None:
            raise errors.conference_not_found(conference_id)
        return conference

    @staticmethod
    def _member(conference: ConferenceRecord, member_id: str) -> MemberRecord:
        member = conference.members.get(member_id)
        if member is None:
            raise errors.conference_member_not_found(member_id)
        return member

    def conference_url(self, conference_id: str, base: str | None = None) -> str:
        return f"{self.rt.user_url(base)}/conferences/{quote(conference_id, safe='')}"

    def member_url(self, conference_id: str, member_id: str, base: str | None = None) -> str:
        return f"{self.conference_url(conference_id, base)}/members/{quote(member_id, safe='')}"

    # -- reads -----------------------------------------------------------------------------------------------

    def render(self, conference: ConferenceRecord) -> JSONObject:
        """The conference as ``GET /conferences/{conferenceId}`` shows it (its properties table)."""
        data: JSONObject = {
            "id": conference.id,
            "state": conference.state,
            "from": conference.from_,
            "createdTime": format_time(conference.created_time),
        }
        if conference.completed_time is not None:
            data["completedTime"] = format_time(conference.completed_time)
        data["activeMembers"] = len(conference.active)
        data["hold"] = conference.hold
        data["mute"] = conference.mute
        data["profile"] = conference.profile
        if conference.callback_url:
            data["callbackUrl"] = conference.callback_url
        data["callbackHttpMethod"] = conference.callback_http_method
        data["callbackTimeout"] = conference.callback_timeout
        if conference.fallback_url:
            data["fallbackUrl"] = conference.fallback_url
        if conference.tag is not None:
            data["tag"] = conference.tag
        return data

    def render_member(self, member: MemberRecord, base: str | None = None) -> JSONObject:
        """A member as ``GET .../members/{memberId}`` shows it."""
        data: JSONObject = {
            "id": member.id,
            "state": member.state,
            "addedTime": format_time(member.added_time),
        }
        if member.removed_time is not None:
            data["removedTime"] = format_time(member.removed_time)
        data["hold"] = member.hold
        data["mute"] = member.mute
        data["joinTone"] = member.join_tone
        data["leavingTone"] = member.leaving_tone
        data["call"] = self.rt.call_url(member.call_id, base)
        return data

    @locked
    def get(self, conference_id: str) -> JSONObject:
        return self.render(self._conference(conference_id))

    @locked
    def members(self, conference_id: str, base: str | None = None) -> list[JSONObject]:
        """Every member ever added, oldest first (those that left as ``completed``); not paginated."""
        conference = self._conference(conference_id)
        return [self.render_member(member, base) for member in conference.members.values()]

    @locked
    def member(self, conference_id: str, member_id: str, base: str | None = None) -> JSONObject:
        return self.render_member(self._member(self._conference(conference_id), member_id), base)

    @locked
    def ids(self) -> list[str]:
        return list(self.rt.state.conferences)

    # -- the conference --------------------------------------------------------------------------------------

    @locked
    def create(self, body: Mapping[str, JSONValue]) -> str:
        """``POST /conferences``: a conference with no members; its ``conference`` event (``created``)."""
        fields = Body(body, "conference")
        from_ = fields.phone("from", required=True)
        assert from_ is not None
        callback_url = self.rt.allow_callback_url(fields.url("callbackUrl"))
        method = fields.choice("callbackHttpMethod", HTTP_METHODS, fold_case=True)
        timeout = fields.integer("callbackTimeout", low=1, high=MAX_CALLBACK_TIMEOUT)
        fallback_url = self.rt.allow_callback_url(fields.url("fallbackUrl"))
        profile = fields.choice("profile", CONFERENCE_PROFILES)
        tag = fields.text("tag")
        conference = ConferenceRecord(
            id=new_id("conf"),
            sequence=self.rt.state.next_sequence(),
            from_=from_,
            created_time=self.rt.now(),
            profile=profile or "interpret_digits",
            callback_url=callback_url,
            callback_http_method=method or "POST",
            callback_timeout=timeout or DEFAULT_CALLBACK_TIMEOUT,
            fallback_url=fallback_url,
            tag=tag,
        )
        self.rt.state.conferences[conference.id] = conference
        self._conference_event(conference)
        return conference.id

    @locked
    def update(self, conference_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /conferences/{conferenceId}``: mute or hold everyone, change its callbacks, or end it."""
        conference = self._conference(conference_id)
        fields = Body(body, "conference")
        state = fields.choice("state", ("completed",))
        hold = fields.boolean("hold")
        mute = fields.boolean("mute")
        callback_url = self.rt.allow_callback_url(fields.url("callbackUrl"))
        method = fields.choice("callbackHttpMethod", HTTP_METHODS, fold_case=True)
        timeout = fields.integer("callbackTimeout", low=1, high=MAX_CALLBACK_TIMEOUT)
        fallback_url = self.rt.allow_callback_url(fields.url("fallbackUrl"))
        tag = fields.text("tag")
        self._check_open(conference)
        if hold is not None:
            conference.hold = hold
        if mute is not None:
            conference.mute = mute
        if callback_url is not None:
            conference.callback_url = callback_url
        if method is not None:
            conference.callback_http_method = method
        if timeout is not None:
            conference.callback_timeout = timeout
        if fallback_url is not None:
            conference.fallback_url = fallback_url
        if tag is not None:
            conference.tag = tag
        if state == "completed":
            self._complete(conference)

    @locked
    def play_audio(self, conference_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /conferences/{conferenceId}/audio``: play or speak to everyone; ``""`` stops it."""
        conference = self._conference(conference_id)
        audio = parse_audio(Body(body, "audio"))
        self._check_open(conference)
        if conference.audio is not None:
            self._finish_audio(conference, conference.audio)
        if audio.value:
            self._start_audio(conference, audio)

    def _check_open(self, conference: ConferenceRecord) -> None:
        if conference.state == "completed":
            raise errors.conference_invalid_state(conference.id, conference.state)

    def _complete(self, conference: ConferenceRecord) -> None:
        """Every member leaves, what plays stops (silently), and the ``conference`` event (``completed``)."""
        for member_id in list(conference.active.values()):
            self._leave(conference, conference.members[member_id], complete=False)
        if conference.audio is not None and conference.audio.timer is not None:
            conference.audio.timer.cancel()
        conference.audio = None
        conference.state = "completed"
        conference.completed_time = self.rt.now()
        self._conference_event(conference)

    # -- members ---------------------------------------------------------------------------------------------

    @locked
    def add_member(self, conference_id: str, body: Mapping[str, JSONValue]) -> str:
        """``POST /conferences/{conferenceId}/members``: an active call joins; returns the member's id."""
        conference = self._conference(conference_id)
        fields = Body(body, "member")
        call_id = fields.text("callId")
        if not call_id:
            raise errors.validation("The member resource property callId is required")
        flags = self._flags(fields)
        call = self.rt.state.calls.get(call_id)
        self._check_open(conference)
        if call is None:
            raise errors.call_id_not_found(call_id)
        return self._admit(conference, call, flags).id

    @locked
    def update_member(self, conference_id: str, member_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST .../members/{memberId}``: mute, hold, change tones, or remove it (``state=completed``)."""
        conference = self._conference(conference_id)
        member = self._member(conference, member_id)
        fields = Body(body, "member")
        state = fields.choice("state", ("completed",))
        join_tone, leaving_tone, mute, hold = (
            fields.boolean(name) for name in ("joinTone", "leavingTone", "mute", "hold")
        )
        self._check_open(conference)
        if member.state != "active":
            raise errors.conference_member_invalid_state(member.id, member.state)
        if join_tone is not None:
            member.join_tone = join_tone
        if leaving_tone is not None:
            member.leaving_tone = leaving_tone
        changed = (mute is not None and mute != member.mute) or (hold is not None and hold != member.hold)
        if mute is not None:
            member.mute = mute
        if hold is not None:
            member.hold = hold
        if state == "completed":
            self._leave(conference, member)  # one event: it left (with its last mute and hold)
        elif changed:
            self._member_event(conference, member)

    @locked
    def play_member_audio(self, conference_id: str, member_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST .../members/{memberId}/audio``: play or speak to one member only (its call's audio)."""
        conference = self._conference(conference_id)
        member = self._member(conference, member_id)
        parse_audio(Body(body, "audio"))
        self._check_open(conference)
        if member.state != "active":
            raise errors.conference_member_invalid_state(member.id, member.state)
        self.engine.audio.play(member.call_id, body)

    @locked
    def join(
        self,
        conference_id: str,
        number: str,
        *,
        callback_url: str | None = None,
        join_tone: bool = False,
        leaving_tone: bool = False,
        mute: bool = False,
        hold: bool = False,
    ) -> JoinedCaller:
        """The control API: ``number`` calls the conference's number, is answered and added as a member."""
        conference = self._conference(conference_id)
        given = {"joinTone": join_tone, "leavingTone": leaving_tone, "mute": mute, "hold": hold}
        flags = self._flags(Body(given, "member"))  # checked here: the Python API is untrusted too
        self._check_open(conference)
        if len(conference.active) >= MAX_CONFERENCE_MEMBERS:
            raise errors.conference_full(conference.id)
        call_id = self.engine.far_end.incoming_call(number, conference.from_, callback_url=callback_url)
        member = self._admit(conference, self.rt.state.calls[call_id], flags)
        return JoinedCaller(call_id, member.id)

    @staticmethod
    def _flags(fields: Body) -> tuple[bool, bool, bool, bool]:
        """``joinTone``, ``leavingTone``, ``mute``, ``hold`` of a new member (each ``false`` by default)."""
        values = [fields.boolean(name) for name in ("joinTone", "leavingTone", "mute", "hold")]
        join_tone, leaving_tone, mute, hold = (bool(value) for value in values)
        return join_tone, leaving_tone, mute, hold

    def _admit(
        self, conference: ConferenceRecord, call: CallRecord, flags: tuple[bool, bool, bool, bool]
    ) -> MemberRecord:
        """``call`` joins the open ``conference``, if it may: active, not elsewhere, and a place free."""
        if call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        if (call.conference_id and call.conference_id != conference.id) or call.id in conference.active:
            raise errors.invalid_call_conference_id(call.conference_id or conference.id)
        bridge = self.rt.state.bridges.get(call.bridge_id or "")
        if bridge is not None and bridge.state != "completed":
            raise errors.bridge_bridged_call(call.id)
        if len(conference.active) >= MAX_CONFERENCE_MEMBERS:
            raise errors.conference_full(conference.id)
        join_tone, leaving_tone, mute, hold = flags
        member = MemberRecord(
            id=new_id("member"),
            conference_id=conference.id,
            call_id=call.id,
            added_time=self.rt.now(),
            join_tone=join_tone,
            leaving_tone=leaving_tone,
            mute=mute,
            hold=hold,
        )
        conference.members[member.id] = member
        conference.active[call.id] = member.id
        conference.state = "active"
        call.conference_id = conference.id
        self.rt.record(call, "conference", f"joined: {member.id}")
        self._member_event(conference, member)
        return member

    def _leave(self, conference: ConferenceRecord, member: MemberRecord, *, complete: bool = True) -> None:
        """The member leaves (its call stays up); the conference completes when it was the last."""
        member.state = "completed"
        member.removed_time = self.rt.now()
        del conference.active[member.call_id]
        call = self.rt.state.calls.get(member.call_id)
        if call is not None:
            self.rt.record(call, "conference", f"left: {member.id}")
        self._member_event(conference, member)
        if complete and not conference.active:
            self._complete(conference)

    # -- what other modules ask ------------------------------------------------------------------------------

    def admission(self, conference_id: str) -> None:
        """A new call is created for ``conference_id`` (``POST /calls``): it must exist and be open."""
        conference = self.rt.state.conferences.get(conference_id)
        if conference is None:
            raise errors.invalid_call_conference_id(conference_id)
        self._check_open(conference)

    def live_member(self, call: CallRecord) -> MemberRecord | None:
        """The call's membership of its conference, while it lasts."""
        conference = self.rt.state.conferences.get(call.conference_id or "")
        if conference is None or call.id not in conference.active:
            return None
        return conference.members[conference.active[call.id]]

    def refuse_bridging(self, call: CallRecord) -> None:
        """A call in a conference cannot also be in a bridge (``403 invalid-call-conference-id``)."""
        if self.live_member(call) is not None:
            raise errors.invalid_call_conference_id(call.conference_id or "")

    def call_transferred(self, call: CallRecord) -> None:
        """A transfer of the call completed: it leaves its conference for the new bridge."""
        member = self.live_member(call)
        if member is not None:
            self._leave(self.rt.state.conferences[member.conference_id], member)

    def call_ended(self, call: CallRecord) -> None:
        self.call_transferred(call)  # the same: the member leaves

    def take_digit(self, call: CallRecord, digit: str) -> bool:
        """Whether the call's conference takes the key its far end pressed (``interpret_digits``)."""
        member = self.live_member(call)
        if member is None:
            return False
        conference = self.rt.state.conferences[member.conference_id]
        if conference.profile != "interpret_digits":
            return False
        if digit == "#":
            self._leave(conference, member)
        elif digit == "0":
            member.mute = not member.mute
            self._member_event(conference, member)
        elif digit == "*" and not (member.mute and member.hold):
            member.mute = member.hold = True
            self._member_event(conference, member)
        return True

    # -- audio -----------------------------------------------------------------------------------------------

    def _hearing(self, conference: ConferenceRecord) -> list[CallRecord]:
        """The members' calls that hear the conference: neither it nor they are on hold."""
        if conference.hold:
            return []
        members = (conference.members[member_id] for member_id in conference.active.values())
        return [self.rt.state.calls[member.call_id] for member in members if not member.hold]

    def _start_audio(self, conference: ConferenceRecord, request: AudioRequest) -> None:
        audio = AudioRecord(request.kind, request.value, request.tag, None)
        conference.audio = audio
        for call in self._hearing(conference):
            call.played.append(request.value)
        self._audio_event(conference, audio, "started")
        if not request.loop:
            duration = self.engine.audio.seconds(request.kind, request.value)
            audio.timer = self.rt.schedule(duration, lambda: self._finish_audio(conference, audio))

    def _finish_audio(self, conference: ConferenceRecord, audio: AudioRecord) -> None:
        if conference.audio is not audio:
            return
        if audio.timer is not None:
            audio.timer.cancel()
        conference.audio = None
        self._audio_event(conference, audio, "done")

    # -- callbacks -------------------------------------------------------------------------------------------

    def _emit(self, conference: ConferenceRecord, payload: JSONObject) -> None:
        tag = payload.get("tag", conference.tag)
        if tag is not None:
            payload["tag"] = tag
        self.rt.emit_to(conference, payload, new_id("ce"))

    def _conference_event(self, conference: ConferenceRecord) -> None:
        """``conference`` (``conf.md``): created or completed."""
        payload: JSONObject = {
            "eventType": "conference",
            "conferenceId": conference.id,
            "conferenceUri": self.conference_url(conference.id),
            "status": conference.state if conference.state == "completed" else "created",
            "createdTime": format_time(conference.created_time),
        }
        if conference.completed_time is not None:
            payload["completedTime"] = format_time(conference.completed_time)
        self._emit(conference, payload)

    def _member_event(self, conference: ConferenceRecord, member: MemberRecord) -> None:
        """``conference-member`` (``confMember.md``): joined, left, muted or put on hold."""
        payload: JSONObject = {
            "eventType": "conference-member",
            "conferenceId": conference.id,
            "callId": member.call_id,
            "memberId": member.id,
            "memberUri": self.member_url(conference.id, member.id),
            "state": member.state,
            "hold": member.hold,
            "mute": member.mute,
            "activeMembers": len(conference.active),
            "time": format_time(self.rt.now()),
        }
        self._emit(conference, payload)

    def _audio_event(
        self, conference: ConferenceRecord, audio: AudioRecord, status: Literal["started", "done"]
    ) -> None:
        """``conference-playback`` (``confAudio.md``) or ``conference-speak`` (``confSpeak.md``)."""
        payload: JSONObject = {
            "eventType": "conference-speak" if audio.kind == "speak" else "conference-playback",
            "conferenceId": conference.id,
            "conferenceUri": self.conference_url(conference.id),
            "status": status,
            "time": format_time(self.rt.now()),
        }
        if audio.tag is not None:
            payload["tag"] = audio.tag
        self._emit(conference, payload)
