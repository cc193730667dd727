"""User code against the public API, pinned with ``assert_type``: test_typing.py checks it with mypy --strict
(with and without the pydantic plugin) and with pyright; pytest never runs it.

Each ``assert_type`` fails a checker that infers anything else: the services' answers, the models' fields
(the open enums keep their members), paginators and pages, errors, HasId and the BXML verbs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Literal

from typing_extensions import assert_type

import bandwidth.bxml as bxml_verbs
from bandwidth import (
    APIStatusError,
    BandwidthError,
    BandwidthVoiceAPIException,
    Bridge,
    BridgeState,
    Call,
    CallDirection,
    CallEvent,
    CallState,
    Client,
    Conference,
    ConferenceMember,
    ConferenceMemberState,
    ConferenceProfile,
    ConferenceState,
    Gather,
    GatherReason,
    GatherState,
    HasId,
    InvalidParameterError,
    NotFoundError,
    Page,
    Paginator,
    RateLimitError,
    Recording,
    RecordingFormat,
    RecordingState,
    Transcription,
    UnknownValue,
)
from bandwidth._core.http import Response
from bandwidth._sync.services.bridges import BridgesService
from bandwidth._sync.services.calls import CallsService
from bandwidth._sync.services.conferences import ConferencesService
from bandwidth._sync.services.recordings import RecordingsService


def typed(client: Client) -> None:
    call = client.calls.create(from_="+19195551212", to="+19195553434", sip_headers={"X-Order": "1"})
    assert_type(call, Call)
    assert_type(call.state, CallState | UnknownValue | None)
    assert_type(call.start_time, datetime | None)
    assert_type(call.from_, str | None)
    assert_type(call.gather(max_digits=1, prompt={"sentence": "Press 1", "loop_enabled": False}), Gather)
    assert_type(call.transfer("+19195550000", whisper_audio={"sentence": "Hi"}), Call)
    assert_type(call.hangup(), None)
    assert_type(call.events(), Paginator[CallEvent])
    for recording in call.recordings():
        assert_type(recording, Recording)
        assert_type(recording.transcriptions(), Paginator[Transcription])
    assert_type(client.calls.list(page_size=100, sort_order="asc"), Paginator[Call])
    assert_type(client.calls.handle("c-1"), Call)
    bridge = client.bridges.create(call_ids=[call, "c-2"])
    assert_type(bridge, Bridge)
    assert_type(bridge.calls(), Paginator[Call])
    bridge.speak("Connecting you")
    assert_type(call.toggle_recording(), bool | None)
    call.update(state="completed", extra_body={"someNewField": ["x", 1, None]})
    client.calls.list(extra_query={"someNewField": True})


def conferences(client: Client, call: Call) -> None:
    conference = client.conferences.create(
        from_="+19195551212", profile="passthru_digits", callback_timeout=2000
    )
    assert_type(conference, Conference)
    assert_type(conference.state, ConferenceState | UnknownValue | None)
    assert_type(conference.muted, bool | None)
    member = conference.add_member(call, join_tone=True)
    assert_type(member, ConferenceMember)
    assert_type(member.call, Call)
    assert_type(member.mute(), None)
    assert_type(conference.members(), Paginator[ConferenceMember])
    assert_type(client.conferences.get_member(conference, member), ConferenceMember)
    conference.speak("Welcome", voice="kate")
    member.play_file("https://example.com/a.mp3", loop_enabled=True)
    conference.update(state="completed", extra_body={"someNewField": 1})


def legacy(client: Client) -> None:
    call_id = client.create_call("+19195551212", "+19195553434", callback_url="https://example.com/calls")
    assert_type(call_id, str)
    assert_type(client.get_call(call_id), dict[str, Any])
    state: str = client.get_call(call_id)["state"]
    assert_type(client.list_calls(size=2), Iterator[dict[str, Any]])
    client.play_audio_to_call(call_id, client.build_sentence("Hello", voice="Kate"))
    client.create_call("+19195551212", "+19195553434", call_timeout="30", recording_enabled="true", tag=state)
    client.send_dtmf_to_call(call_id, 12)
    client.transfer_call(call_id, "+19195550000", diversionTreatment="stack")
    conference_id = client.create_conference("+19195551212", profile="passthru_digits")
    assert_type(conference_id, str)
    member_id = client.create_conference_member(conference_id, call_id, join_tone="true")
    client.mute_conference_member(conference_id, member_id, "true")
    assert_type(client.list_conference_members(conference_id), Iterator[dict[str, Any]])
    assert_type(client.toggle_call_recording(call_id), dict[str, Any] | None)
    try:
        client.hangup_call(call_id)
    except RateLimitError as error:
        assert_type(error.details, dict[str, str])
    except APIStatusError as error:
        assert_type(error.status_code, int)
    except BandwidthVoiceAPIException as error:
        assert_type(error.code, str)


def services(client: Client) -> None:
    assert_type(client.calls, CallsService)
    assert_type(client.bridges, BridgesService)
    assert_type(client.recordings, RecordingsService)
    assert_type(client.conferences, ConferencesService)
    assert_type(client.calls.get("c-1"), Call)
    assert_type(client.calls.create(from_="+1", to="+2", fetch=False), Call)
    assert_type(client.calls.update("c-1", state="active"), str | None)
    assert_type(client.calls.create_gather("c-1", prompt={"sentence": "Press 1", "bargeable": True}), Gather)
    assert_type(client.calls.transfer("c-1", "+3", whisper_audio={"file_url": "https://x/a.mp3"}), Call)
    assert_type(client.calls.get_response("c-1"), Response)
    assert_type(client.calls.list_events("c-1"), Paginator[CallEvent])
    assert_type(client.calls.get_event("c-1", "e-1"), CallEvent)
    assert_type(client.bridges.get("brg-1"), Bridge)
    assert_type(client.bridges.list_calls("brg-1"), Paginator[Call])
    assert_type(client.recordings.list(), Paginator[Recording])
    assert_type(client.recordings.get_transcription("rec-1", "tr-1"), Transcription)
    assert_type(client.conferences.list_members("conf-1"), Paginator[ConferenceMember])
    assert_type(client.bind(Call(id="c-1")), Call)


def models_and_open_enums(call: Call, bridge: Bridge, gather: Gather, recording: Recording) -> None:
    assert_type(call.id, str)
    assert_type(call.direction, CallDirection | UnknownValue | None)
    assert_type(call.recording_file_format, RecordingFormat | UnknownValue | None)
    assert_type(call.end_time, datetime | None)
    assert_type(call.sip_headers, dict[str, str] | None)
    assert_type(call.events_url, str | None)
    assert_type(call.is_bound, bool)
    assert_type(bridge.state, BridgeState | UnknownValue | None)
    assert_type(bridge.call_ids, list[str] | None)
    assert_type(gather.state, GatherState | UnknownValue | None)
    assert_type(gather.reason, GatherReason | UnknownValue | None)
    assert_type(gather.call_id, str | None)
    assert_type(recording.state, RecordingState | UnknownValue | None)
    assert_type(recording.download("/tmp/rec.wav"), int)
    assert_type(recording.transcribe(), Transcription)
    # the enum stays in the type: members narrow by identity, unknown values by class
    state = call.state
    if state is CallState.ACTIVE:
        assert_type(state, Literal[CallState.ACTIVE])
    elif isinstance(state, UnknownValue):
        assert_type(state, UnknownValue)
    if isinstance(state, CallState):
        assert_type(state, CallState)
    # and every value is a str
    label: str = gather.reason or "pending"
    assert label


def conference_fields(conference: Conference, member: ConferenceMember) -> None:
    assert_type(conference.profile, ConferenceProfile | UnknownValue | None)
    assert_type(conference.on_hold, bool | None)
    assert_type(member.state, ConferenceMemberState | UnknownValue | None)
    assert_type(member.call_id, str | None)
    assert_type(conference.member(member), ConferenceMember)


def construction_by_field_name() -> None:
    # the constructor takes the field names, never the API's (``from`` cannot even be written)
    call = Call(id="c-1", from_="+19195551212", events_url="https://x/events", state=CallState.ACTIVE)
    assert_type(call, Call)
    conference = Conference(id="conf-1", from_="+19195551212", on_hold=False, muted=True)
    assert_type(conference.muted, bool | None)
    member = ConferenceMember(id="m-1", call_url="https://x/calls/c-1", state=UnknownValue("parked"))
    assert_type(member, ConferenceMember)
    assert_type(Recording(id="rec-1", media_url="https://x/media/a.wav").media_url, str | None)
    assert_type(Bridge(id="brg-1", calls_url="https://x/calls").calls_url, str | None)
    assert_type(Gather(id="g-1", call_url="https://x/calls/c-1").call_url, str | None)


def paginators(client: Client) -> None:
    calls = client.calls.list(limit=10)
    assert_type(calls.first(), Call | None)
    for page in calls.pages():
        assert_type(page, Page[Call])
        assert_type(page.items, list[Call])
        assert_type(page.response, Response)
        assert_type(page.response.status_code, int)
        assert_type(page.response.headers, Mapping[str, str])
        assert_type(page.response.content, bytes)
        assert_type(page.response.links(), dict[str, str])
    assert_type([call.id for call in calls], list[str])


def errors(client: Client) -> None:
    try:
        client.calls.hangup("c-1")
    except NotFoundError as error:
        assert_type(error.status_code, int)
        assert_type(error.code, str)
        assert_type(error.details, dict[str, str])
        assert_type(error.headers, dict[str, str])
        assert_type(error.category, str | None)
    except InvalidParameterError as error:
        assert_type(error.parameter, str)
    except BandwidthError as error:
        assert_type(error, BandwidthError)


def hang_up_all(client: Client, calls: Iterable[str | HasId]) -> None:
    for call in calls:
        client.calls.hangup(call)


def ids(client: Client, call: Call, bridge: Bridge) -> None:
    hang_up_all(client, ["c-1", call])
    client.bridges.update(bridge, call_ids=[call, "c-2"])
    assert_type(client.conferences.create_member("conf-1", call), ConferenceMember)


def bxml() -> None:
    document = bxml_verbs.Response(
        bxml_verbs.SpeakSentence("Hello", voice="susan"),
        bxml_verbs.Gather(
            bxml_verbs.PlayAudio("https://x/a.mp3"), request_url="https://x/gathered", max_digits=1
        ),
        bxml_verbs.Transfer(bxml_verbs.PhoneNumber("+19195551212"), transfer_caller_id="+19195550000"),
        bxml_verbs.Record(request_url="https://x/recorded", file_format="mp3"),
        bxml_verbs.Hangup(),
    )
    assert_type(document.to_xml(), str)
    assert_type(document.verbs, tuple[bxml_verbs.AnyVerb, ...])
    assert_type(bxml_verbs.parse(document.to_xml()), bxml_verbs.Response)
    speak = bxml_verbs.SpeakSentence("Hi", voice="kate")
    assert_type(speak.voice, bxml_verbs.Voice)
    assert_type(speak.locale, bxml_verbs.Locale | None)
    gather = bxml_verbs.Gather(request_url="https://x/gathered")
    assert_type(gather.max_digits, int | None)
    assert_type(gather.verbs, tuple[bxml_verbs.SpeakSentence | bxml_verbs.PlayAudio, ...])
