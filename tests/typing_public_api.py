"""Checked by mypy --strict in test_typing.py (never run): user code against the public API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from typing_extensions import assert_type

from bandwidth import (
    APIStatusError,
    BandwidthVoiceAPIException,
    Bridge,
    Call,
    CallEvent,
    CallState,
    Client,
    Conference,
    ConferenceMember,
    ConferenceState,
    Gather,
    Paginator,
    RateLimitError,
    Recording,
    Transcription,
    UnknownValue,
)


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
