# The tests check that actions return None:
# mypy: disable-error-code="func-returns-value"
"""Model methods: each sends the documented requests through the services and never changes its snapshot."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import pytest
from vcr.cassette import Cassette

from bandwidth import (
    Bridge,
    BridgeState,
    Call,
    CallEvent,
    CallState,
    Client,
    DetachedModelError,
    Gather,
    GatherState,
    Recording,
    RecordingState,
    Transcription,
    TranscriptionState,
)

UTC = timezone.utc
WAV = (
    b"RIFF$\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00@\x1f\x00\x00\x80>\x00\x00"
    b"\x02\x00\x10\x00data\x00\x00\x00\x00\xff\xfe\x00\x80"
)


# -- Call ------------------------------------------------------------------------------------------------


def test_call_refresh_returns_a_new_snapshot(client: Client, cassette: Cassette) -> None:
    handle = client.calls.handle("c-abc123")

    fresh = handle.refresh()

    assert fresh.id == "c-abc123"
    assert fresh.state is CallState.ACTIVE
    assert fresh.from_ == "+19195551212"
    assert fresh.is_bound
    assert handle.state is None  # the handle itself is unchanged
    assert cassette.play_count == 1


def test_call_update(client: Client, cassette: Cassette) -> None:
    result = client.calls.handle("c-abc123").update(recording_enabled=True, recording_file_format="wav")

    assert result is None
    assert cassette.play_count == 1


@pytest.mark.parametrize("action", ["answer", "reject", "hangup", "enable_recording", "disable_recording"])
def test_call_action_is_exactly_one_request(client: Client, cassette: Cassette, action: str) -> None:
    assert getattr(client.calls.handle("c-abc123"), action)() is None
    assert len(cassette) == 1
    assert cassette.play_count == 1


def test_call_action_leaves_the_snapshot_unchanged(client: Client, cassette: Cassette) -> None:
    call = client.calls.get("c-abc123")

    call.hangup()

    assert call.state is CallState.ACTIVE
    assert cassette.play_count == 2


def test_call_from_a_list_is_bound(client: Client, cassette: Cassette) -> None:
    first = client.calls.list(page_size=1).first()
    assert first is not None

    first.answer()

    assert cassette.play_count == 2


def test_call_toggle_recording(client: Client, cassette: Cassette) -> None:
    assert client.calls.handle("c-abc123").toggle_recording() is True
    assert cassette.play_count == 2


@pytest.mark.parametrize("setting", ["null", "absent"])
def test_call_toggle_recording_leaves_an_unknown_setting_alone(
    client: Client, cassette: Cassette, setting: str
) -> None:
    assert client.calls.handle("c-abc123").toggle_recording() is None
    assert cassette.play_count == 1  # the GET; no POST



def test_call_transfer_fetches_the_new_call(client: Client, cassette: Cassette) -> None:
    new_call = client.calls.handle("c-abc123").transfer("+19192223333", caller_id="+19195551212")

    assert isinstance(new_call, Call)
    assert new_call.id == "c-xyz789"
    assert new_call.state is CallState.STARTED
    assert cassette.play_count == 2


def test_call_transfer_without_fetch(client: Client, cassette: Cassette) -> None:
    new_call = client.calls.handle("c-abc123").transfer(
        "+18382947878",
        whisper_audio={"sentence": "Hello! You have an incoming call"},
        diversion_treatment="propagate",
        fetch=False,
    )

    assert new_call.id == "c-xyz789"
    assert cassette.play_count == 1


def test_call_play(client: Client, cassette: Cassette) -> None:
    client.calls.handle("c-abc123").play(file_url="http://example.com/audio.mp3", tag="intro", volume=4)
    assert cassette.play_count == 1


def test_call_play_file(client: Client, cassette: Cassette) -> None:
    client.calls.handle("c-abc123").play_file("http://example.com/audio.mp3", loop_enabled=True, tag="music")
    assert cassette.play_count == 1


def test_call_speak(client: Client, cassette: Cassette) -> None:
    client.calls.handle("c-abc123").speak(
        "Hello, thank you for calling.", gender="female", locale="en_US", voice="julie"
    )
    assert cassette.play_count == 1


def test_call_send_dtmf(client: Client, cassette: Cassette) -> None:
    client.calls.handle("c-abc123").send_dtmf("1WWW,59#")
    assert cassette.play_count == 1


def test_call_gather_then_stop(client: Client, cassette: Cassette) -> None:
    gather = client.calls.handle("c-abc123").gather(
        max_digits=5,
        inter_digit_timeout=7.5,
        terminating_digits="#*",
        prompt={"file_url": "http://example.com/p.mp3"},
    )

    assert isinstance(gather, Gather)
    assert gather.state is GatherState.STARTED
    assert gather.call_id == "c-abc123"
    gather.stop()
    assert cassette.play_count == 3


def test_call_gather_without_fetch_then_refresh(client: Client, cassette: Cassette) -> None:
    gather = client.calls.handle("c-abc123").gather(max_digits=3, fetch=False)
    assert cassette.play_count == 1
    assert gather.id == "g-abc123"

    fresh = gather.refresh()

    assert fresh.state is GatherState.COMPLETED
    assert fresh.digits == "123"
    assert cassette.play_count == 2


def test_call_events(client: Client, cassette: Cassette) -> None:
    events = client.calls.handle("c-abc123").events()
    assert cassette.play_count == 0

    names = [event.name for event in events]

    assert names == ["create", "answer", "hangup"]
    assert cassette.play_count == 1


def test_call_event(client: Client, cassette: Cassette) -> None:
    event = client.calls.handle("c-abc123").event("ce-qg4vz6anrfogri7hhduqlgq")

    assert isinstance(event, CallEvent)
    assert event.name == "hangup"
    assert event.time == datetime(2014, 12, 19, 23, 47, 34, 964000, tzinfo=UTC)


def test_call_recordings(client: Client, cassette: Cassette) -> None:
    recordings = list(client.calls.handle("c-abc123").recordings())

    assert [recording.id for recording in recordings] == ["rec-abc123"]
    assert recordings[0].state is RecordingState.COMPLETE


def test_call_transcriptions(client: Client, cassette: Cassette) -> None:
    transcriptions = list(client.calls.handle("c-abc123").transcriptions())

    assert [item.id for item in transcriptions] == ["tr-abc123"]
    assert transcriptions[0].state is TranscriptionState.COMPLETED


# -- Gather ----------------------------------------------------------------------------------------------


def test_gather_refresh(client: Client, cassette: Cassette) -> None:
    gather = client.calls.get_gather("c-abc123", "g-abc123")
    assert gather.state is GatherState.STARTED

    fresh = gather.refresh()

    assert fresh.state is GatherState.COMPLETED
    assert fresh.digits == "123"
    assert gather.state is GatherState.STARTED
    assert cassette.play_count == 2


def test_gather_stop(client: Client, cassette: Cassette) -> None:
    gather = client.calls.get_gather("c-abc123", "g-abc123")

    assert gather.stop() is None
    assert cassette.play_count == 2


# -- Bridge ----------------------------------------------------------------------------------------------


def test_bridge_refresh(client: Client, cassette: Cassette) -> None:
    bridge = client.bridges.handle("brg-abc123").refresh()

    assert isinstance(bridge, Bridge)
    assert bridge.state is BridgeState.COMPLETED
    assert bridge.bridge_audio is True


def test_bridge_update(client: Client, cassette: Cassette) -> None:
    bridge = client.bridges.handle("brg-abc123")

    bridge.update(calls=[client.calls.handle("c-ghi789"), "c-jkl012"], bridge_audio=False)

    assert cassette.play_count == 1


def test_bridge_calls(client: Client, cassette: Cassette) -> None:
    calls = list(client.bridges.handle("brg-abc123").calls())

    assert [call.id for call in calls] == ["c-abc123", "c-def456"]
    assert {call.bridge_id for call in calls} == {"brg-abc123"}


def test_bridge_play(client: Client, cassette: Cassette) -> None:
    client.bridges.handle("brg-abc123").play(file_url="http://example.com/audio.mp3", loop_enabled=False)
    assert cassette.play_count == 1


def test_bridge_play_file(client: Client, cassette: Cassette) -> None:
    client.bridges.handle("brg-abc123").play_file("http://example.com/audio.mp3", tag="ring")
    assert cassette.play_count == 1


def test_bridge_speak(client: Client, cassette: Cassette) -> None:
    client.bridges.handle("brg-abc123").speak("Hello, thank you for calling.", voice="julie", tag="hi")
    assert cassette.play_count == 1


# -- Recording -------------------------------------------------------------------------------------------


def test_recording_refresh(client: Client, cassette: Cassette) -> None:
    recording = client.recordings.handle("rec-abc123").refresh()

    assert isinstance(recording, Recording)
    assert recording.state is RecordingState.COMPLETE
    assert recording.media_name == "c-abc123-1.wav"


def test_recording_download_of_a_fetched_recording(
    client: Client, cassette: Cassette, tmp_path: Path
) -> None:
    recording = client.recordings.get("rec-abc123")
    target = tmp_path / "rec.wav"

    assert recording.download(target) == 48
    assert target.read_bytes() == WAV
    assert cassette.play_count == 2


def test_recording_download_of_a_handle_fetches_it_first(client: Client, cassette: Cassette) -> None:
    buffer = io.BytesIO()

    assert client.recordings.handle("rec-abc123").download(buffer, chunk_size=5) == 48
    assert buffer.getvalue() == WAV
    assert cassette.play_count == 2


def test_recording_transcriptions(client: Client, cassette: Cassette) -> None:
    transcriptions = list(client.recordings.handle("rec-abc123").transcriptions())

    assert [item.id for item in transcriptions] == ["tr-abc123"]


def test_recording_transcribe(client: Client, cassette: Cassette) -> None:
    transcription = client.recordings.handle("rec-abc123").transcribe()

    assert isinstance(transcription, Transcription)
    assert transcription.state is TranscriptionState.TRANSCRIBING
    assert cassette.play_count == 2


def test_recording_transcribe_without_fetch(client: Client, cassette: Cassette) -> None:
    transcription = client.recordings.handle("rec-abc123").transcribe(fetch=False)

    assert transcription.id == "tr-abc123"
    assert cassette.play_count == 1


# -- binding ---------------------------------------------------------------------------------------------


def test_a_model_built_by_hand_is_detached_and_sends_nothing(cassette: Cassette) -> None:
    call = Call(id="c-abc123")

    assert not call.is_bound
    with pytest.raises(DetachedModelError):
        call.hangup()
    assert len(cassette) == 0


def test_bind_attaches_a_model_to_the_client(client: Client, cassette: Cassette) -> None:
    call = client.bind(Call(id="c-abc123"))

    call.hangup()

    assert call.is_bound
    assert cassette.play_count == 1
