"""The SDK (typed API and dict facade) against the emulator over real loopback HTTP, endpoint by endpoint."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from bandwidth import (
    AuthenticationError,
    BadRequestError,
    Bridge,
    BridgeState,
    Call,
    CallDirection,
    CallState,
    Client,
    ConflictError,
    Gather,
    GatherReason,
    GatherState,
    InvalidStateError,
    NotFoundError,
    Recording,
    RecordingState,
    Transcription,
    TranscriptionState,
)
from bandwidth.emulator import Emulator

CALLER = "+19195551212"
CALLEE = "+19195553434"
OTHER = "+19195557878"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(ring_seconds=1) as emulator:
        yield emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[Client]:
    with emu.client() as sdk_client:
        yield sdk_client


def active_call(client: Client, emu: Emulator, **options: object) -> Call:
    """An outbound call, answered by the far end after its one-second ring."""
    call = client.calls.create(from_=CALLER, to=CALLEE, **options)  # type: ignore[arg-type]
    emu.advance(1)
    return call.refresh()


# -- calls -----------------------------------------------------------------------------------------------


def test_create_call_returns_every_documented_field(client: Client, emu: Emulator) -> None:
    call = client.calls.create(
        from_=CALLER,
        to=CALLEE,
        call_timeout=30,
        callback_url="http://127.0.0.1:9/events",
        callback_timeout=2000,
        callback_http_method="GET",
        fallback_url="http://127.0.0.1:9/fallback",
        recording_file_format="mp3",
        tag="order-17",
        sip_headers={"X-Order": "17"},
    )

    assert isinstance(call, Call)
    assert call.id.startswith("c-")
    assert call.state is CallState.STARTED
    assert call.direction is CallDirection.OUT
    assert (call.from_, call.to) == (CALLER, CALLEE)
    assert call.start_time == emu.now().replace(microsecond=emu.now().microsecond // 1000 * 1000)
    assert call.active_time is None and call.end_time is None
    assert call.call_timeout == 30
    assert call.callback_url == "http://127.0.0.1:9/events"
    assert call.callback_http_method == "GET"
    assert call.callback_timeout == 2000
    assert call.fallback_url == "http://127.0.0.1:9/fallback"
    assert call.recording_enabled is False
    assert call.recording_file_format == "mp3"
    assert call.transcription_enabled is False
    assert call.sip_headers == {"X-Order": "17"}
    base = f"{emu.url}/v1/users/{emu.user_id}/calls/{call.id}"
    assert call.events_url == f"{base}/events"
    assert call.recordings_url == f"{base}/recordings"
    assert call.transcriptions_url == f"{base}/transcriptions"


def test_call_is_answered_after_the_ring_and_hung_up(client: Client, emu: Emulator) -> None:
    call = client.calls.create(from_=CALLER, to=CALLEE)
    emu.advance(0.5)
    assert call.refresh().state is CallState.STARTED

    emu.advance(0.5)
    answered = call.refresh()
    assert answered.state is CallState.ACTIVE
    assert answered.active_time is not None

    emu.advance(75)
    call.hangup()
    ended = call.refresh()
    assert ended.state is CallState.COMPLETED
    assert ended.end_time is not None
    assert ended.chargeable_duration == 120  # 75 s, billed in whole minutes


def test_get_and_list_calls_with_filters_and_sort_order(client: Client, emu: Emulator) -> None:
    first = client.calls.create(from_=CALLER, to=CALLEE)
    emu.advance(1)
    second = client.calls.create(from_=CALLER, to=OTHER)
    emu.advance(1)
    third = client.calls.create(from_=OTHER, to=CALLEE)

    assert client.calls.get(second.id).to == OTHER
    assert [call.id for call in client.calls.list()] == [third.id, second.id, first.id]
    assert [call.id for call in client.calls.list(sort_order="asc")] == [first.id, second.id, third.id]
    assert [call.id for call in client.calls.list(from_=CALLER, sort_order="asc")] == [first.id, second.id]
    assert [call.id for call in client.calls.list(to=CALLEE)] == [third.id, first.id]


def test_answer_and_reject_incoming_calls(client: Client, emu: Emulator) -> None:
    ringing = emu.incoming_call(OTHER, CALLER, auto_answer=False)
    incoming = client.calls.get(ringing)
    assert incoming.direction is CallDirection.IN
    assert incoming.state is CallState.STARTED
    incoming.answer()
    assert incoming.refresh().state is CallState.ACTIVE

    declined = client.calls.handle(emu.incoming_call(OTHER, CALLER, auto_answer=False))
    declined.reject()
    assert declined.refresh().state is CallState.REJECTED


def test_transfer_reads_the_new_call_from_location(client: Client, emu: Emulator) -> None:
    call = active_call(client, emu)

    new_call = call.transfer(OTHER, caller_id=CALLER, whisper_audio={"sentence": "Incoming transfer"})

    assert new_call.id != call.id
    assert new_call.to == OTHER
    assert new_call.state is CallState.STARTED
    assert call.refresh().state is CallState.TRANSFERRING
    emu.advance(1)
    original, leg = call.refresh(), new_call.refresh()
    assert original.state is CallState.ACTIVE and leg.state is CallState.ACTIVE
    assert original.bridge_id is not None and original.bridge_id == leg.bridge_id
    assert emu.played(new_call.id) == ["Incoming transfer"]


def test_play_and_stop_audio(client: Client, emu: Emulator) -> None:
    call = active_call(client, emu)

    call.play_file("https://example.com/intro.wav", tag="intro")
    emu.advance(2)  # a file plays for two seconds
    call.play_file("https://example.com/hold.mp3", loop_enabled=True)
    emu.advance(60)
    call.play(file_url="")  # stops the looping file

    names = [(event.name, event.data) for event in call.events()]
    assert names[2:] == [
        ("playback", "start"),
        ("playback", "done"),
        ("playback", "start"),
        ("playback", "done"),
    ]
    assert emu.played(call.id) == ["https://example.com/intro.wav", "https://example.com/hold.mp3"]


def test_speak(client: Client, emu: Emulator) -> None:
    call = active_call(client, emu)
    call.speak("Hello from the emulator", tag="greeting")
    emu.advance(2)
    assert [(event.name, event.data) for event in call.events()][2:] == [
        ("speak", "start"),
        ("speak", "done"),
    ]
    assert emu.played(call.id) == ["Hello from the emulator"]


def test_dict_facade_speaks(client: Client, emu: Emulator) -> None:
    call_id = client.create_call(CALLER, CALLEE)
    emu.advance(1)
    client.speak_sentence_to_call(call_id, "Hello")
    client.play_audio_to_call(call_id, client.build_sentence("Hi again", voice="paul"))
    assert emu.played(call_id) == ["Hello", "Hi again"]


def test_bridge_speaks(client: Client, emu: Emulator) -> None:
    bridge = client.bridges.create(call_ids=[active_call(client, emu), active_call(client, emu)])
    bridge.speak("You are now connected")
    client.speak_sentence_to_bridge(bridge.id, "Welcome")
    first, second = bridge.call_ids or []
    assert emu.played(first) == emu.played(second) == ["You are now connected", "Welcome"]


def test_send_dtmf(client: Client, emu: Emulator) -> None:
    call = active_call(client, emu)
    call.send_dtmf("1W2w3#")
    assert emu.sent_dtmf(call.id) == "1W2w3#"


def test_gather_create_get_and_stop(client: Client, emu: Emulator) -> None:
    call = active_call(client, emu)

    gather = call.gather(max_digits=4, terminating_digits="#", inter_digit_timeout=3, tag="pin")
    assert isinstance(gather, Gather)
    assert gather.state is GatherState.STARTED
    assert gather.call_id == call.id
    emu.press(call.id, "42")
    assert gather.refresh().digits == "42"
    gather.stop()
    stopped = gather.refresh()
    assert stopped.state is GatherState.COMPLETED
    assert stopped.digits == "42"
    assert stopped.completed_time is not None

    second = call.gather(max_digits=2)
    emu.press(call.id, "99")
    done = client.calls.get_gather(call.id, second.id)
    assert (done.reason, done.digits) == (GatherReason.MAX_DIGITS, "99")


def test_events_list_and_get(client: Client, emu: Emulator) -> None:
    call = active_call(client, emu)
    call.hangup()

    events = list(call.events())
    assert [event.name for event in events] == ["create", "answer", "hangup"]
    assert events[-1].data == "NORMAL_CLEARING"
    one = call.event(events[1].id)
    assert one == events[1]
    assert one.time is not None


def test_recordings_list_get_download_and_transcriptions(client: Client, emu: Emulator) -> None:
    call = active_call(client, emu, recording_enabled=True, transcription_enabled=True)
    emu.speak(call.id, "Please call me back")
    emu.advance(12)
    call.hangup()

    recordings = list(call.recordings())
    assert len(recordings) == 1
    recording = recordings[0]
    assert isinstance(recording, Recording)
    assert recording.state is RecordingState.COMPLETE
    assert recording.call_id == call.id
    assert recording.media_name == f"{call.id}-1.wav"
    assert client.recordings.get(recording.id) == recording
    assert [item.id for item in client.recordings.list()] == [recording.id]

    buffer = io.BytesIO()
    written = recording.download(buffer)
    assert written == len(buffer.getvalue()) > 44
    assert buffer.getvalue()[:4] == b"RIFF" and buffer.getvalue()[8:12] == b"WAVE"

    transcriptions = list(call.transcriptions())
    assert len(transcriptions) == 1
    transcription = transcriptions[0]
    assert isinstance(transcription, Transcription)
    assert transcription.state is TranscriptionState.COMPLETED
    assert transcription.text == "Please call me back"
    assert transcription.text_size == len("Please call me back")
    assert transcription.chargeable_duration == 12
    assert transcription.text_url is not None and transcription.text_url.startswith(emu.url)
    assert list(recording.transcriptions()) == transcriptions
    assert client.recordings.get_transcription(recording.id, transcription.id) == transcription

    again = recording.transcribe()
    assert again.id != transcription.id
    assert again.state is TranscriptionState.COMPLETED


def test_toggle_recording_makes_several_recordings(client: Client, emu: Emulator) -> None:
    call = active_call(client, emu)
    assert call.toggle_recording() is True
    emu.advance(3)
    assert call.toggle_recording() is False
    call.enable_recording()
    emu.advance(2)
    call.disable_recording()

    recordings = list(call.recordings())
    assert [recording.media_name for recording in recordings] == [f"{call.id}-1.wav", f"{call.id}-2.wav"]
    assert all(recording.state is RecordingState.COMPLETE for recording in recordings)


# -- bridges ------------------------------------------------------------------------------------------------


def test_bridges_create_get_list_update_calls_and_audio(client: Client, emu: Emulator) -> None:
    first = active_call(client, emu)
    second = active_call(client, emu)

    bridge = client.bridges.create(call_ids=[first, second])
    assert isinstance(bridge, Bridge)
    assert bridge.state is BridgeState.ACTIVE
    assert bridge.bridge_audio is True
    assert bridge.call_ids == [first.id, second.id]
    assert bridge.calls_url == f"{emu.url}/v1/users/{emu.user_id}/bridges/{bridge.id}/calls"
    assert bridge.activated_time is not None
    assert {call.id for call in bridge.calls()} == {first.id, second.id}
    assert first.refresh().bridge_id == bridge.id
    assert [call.id for call in client.calls.list(bridge_id=bridge.id, sort_order="asc")] == [
        first.id,
        second.id,
    ]

    bridge.play_file("https://example.com/chime.wav")
    assert emu.played(first.id) == emu.played(second.id) == ["https://example.com/chime.wav"]

    bridge.update(bridge_audio=False)
    assert bridge.refresh().state is BridgeState.HOLD
    bridge.update(bridge_audio=True)
    assert bridge.refresh().state is BridgeState.ACTIVE

    empty = client.bridges.create(bridge_audio=True)
    assert empty.state is BridgeState.CREATED
    assert [item.id for item in client.bridges.list()] == [empty.id, bridge.id]

    bridge.update(calls=[])
    done = bridge.refresh()
    assert done.state is BridgeState.COMPLETED
    assert done.completed_time is not None


# -- pagination ------------------------------------------------------------------------------------------


def test_typed_list_walks_pages_through_link_headers(client: Client, emu: Emulator) -> None:
    created = []
    for _ in range(23):
        created.append(client.calls.create(from_=CALLER, to=CALLEE, fetch=False).id)
        emu.advance(0.1)

    pages = list(client.calls.list(page_size=10, sort_order="asc").pages())

    assert [len(page) for page in pages] == [10, 10, 3]
    assert [call.id for page in pages for call in page] == created
    first_links = pages[0].response.links()
    assert first_links["first"].startswith(emu.url)
    assert "page=1" in first_links["next"] and "size=10" in first_links["next"]
    assert "sortOrder=asc" in first_links["next"]
    assert "next" not in pages[-1].response.links()
    assert len(list(client.calls.list(page_size=5, limit=12))) == 12


def test_dict_client_lists_calls_across_pages(client: Client, emu: Emulator) -> None:
    ids = [client.create_call(CALLER, CALLEE) for _ in range(7)]

    listed = list(client.list_calls(size=3, sort_order="asc"))

    assert [call["id"] for call in listed] == ids
    assert listed[0]["state"] == "started"
    assert "start_time" in listed[0] and "callback_http_method" in listed[0]
    assert len(list(client.list_calls(from_=CALLER, size=2))) == 7
    assert list(client.list_calls(to=OTHER)) == []


def test_recordings_and_bridges_paginate(client: Client, emu: Emulator) -> None:
    for _ in range(3):
        call = active_call(client, emu, recording_enabled=True)
        call.hangup()
        client.bridges.create()

    assert len(list(client.recordings.list(page_size=2))) == 3
    assert len(list(client.list_recordings(size=2))) == 3
    assert len(list(client.bridges.list(page_size=2))) == 3
    assert len(list(client.list_bridges(size=1))) == 3


# -- errors ----------------------------------------------------------------------------------------------


def test_unknown_resources_raise_not_found(client: Client) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.calls.get("c-missing")
    assert raised.value.code == "call-not-found"
    assert raised.value.category == "not-found"
    assert raised.value.message == "The call c-missing could not be found"
    assert raised.value.details["callId"] == "c-missing"

    with pytest.raises(NotFoundError, match="bridge-not-found"):
        client.bridges.get("brg-missing")
    with pytest.raises(NotFoundError, match="recording-not-found"):
        client.recordings.get("rec-missing")


def test_missing_transcription_and_event(client: Client, emu: Emulator) -> None:
    call = active_call(client, emu, recording_enabled=True)
    call.hangup()
    recording = next(iter(call.recordings()))

    with pytest.raises(NotFoundError) as raised:
        recording.transcriptions().first()
        client.recordings.get_transcription(recording.id, "tr-missing")
    assert raised.value.code == "transcription-not-found"
    with pytest.raises(NotFoundError, match="resource-not-found"):
        call.event("ce-missing")


def test_bad_request_is_mapped(client: Client) -> None:
    with pytest.raises(BadRequestError) as raised:
        client.calls.create(from_=CALLER, to="not a number")
    assert raised.value.code == "validation-error"
    assert raised.value.details == {
        "to": "not a number",
        "requestMethod": "POST",
        "remoteAddress": "127.0.0.1",
        "requestPath": "users/u-emulator/calls",
    }
    with pytest.raises(BadRequestError, match="callback-invalid-url"):
        client.calls.create(from_=CALLER, to=CALLEE, callback_url="ftp://example.com")


def test_wrong_credentials_and_wrong_user_are_unauthorized(emu: Emulator) -> None:
    intruder = Client(emu.user_id, emu.api_token, "wrong", api_endpoint=emu.url, max_retries=0)
    with intruder, pytest.raises(AuthenticationError) as raised:
        intruder.calls.list().first()
    assert raised.value.status_code == 401
    assert raised.value.category == "authorization"

    other = Client("u-someone-else", emu.api_token, emu.api_secret, api_endpoint=emu.url, max_retries=0)
    with other, pytest.raises(AuthenticationError) as denied:
        other.calls.get("c-anything")
    assert denied.value.code == "user-access-denied"
    assert denied.value.message == "User u-emulator does not have permission to access user u-someone-else"


def test_state_conflicts_are_forbidden_or_conflict(client: Client, emu: Emulator) -> None:
    call = active_call(client, emu)
    call.gather()
    with pytest.raises(ConflictError) as duplicate:
        call.gather()
    assert duplicate.value.code == "call-duplicate-gather-error"

    call.hangup()
    with pytest.raises(InvalidStateError) as ended:  # a 403 state error: not a credentials problem
        call.hangup()
    assert ended.value.code == "call-invalid-state"
    assert not isinstance(ended.value, AuthenticationError)

    with pytest.raises(InvalidStateError) as overflow:
        client.bridges.update(client.bridges.create(), call_ids=[call.id])
    assert overflow.value.code == "call-invalid-state"


# -- the dict facade, endpoint by endpoint ---------------------------------------------------------------


def test_dict_facade_calls_gathers_and_events(client: Client, emu: Emulator) -> None:
    call_id = client.create_call(CALLER, CALLEE, callback_url="http://127.0.0.1:9/cb", tag="legacy")
    assert client.get_call(call_id)["state"] == "started"
    emu.advance(1)
    assert client.get_call(call_id)["state"] == "active"

    client.play_audio_file_to_call(call_id, "https://example.com/a.wav", tag="file")
    client.play_audio_to_call(call_id, client.build_audio_playback("https://example.com/b.wav"))
    assert emu.played(call_id) == ["https://example.com/a.wav", "https://example.com/b.wav"]
    client.send_dtmf_to_call(call_id, "55")
    gather_id = client.create_call_gather(call_id, max_digits=2)
    emu.press(call_id, "7")
    assert client.get_call_gather(call_id, gather_id)["digits"] == "7"
    client.update_call_gather(call_id, gather_id)
    assert client.get_call_gather(call_id, gather_id)["state"] == "completed"

    client.enable_call_recording(call_id)
    client.disable_call_recording(call_id)
    client.toggle_call_recording(call_id)
    assert client.get_call(call_id)["recording_enabled"] is True

    new_id = client.transfer_call(call_id, OTHER)
    assert client.get_call(new_id)["to"] == OTHER
    assert client.update_call(new_id, state="completed") is None
    client.hangup_call(call_id)

    events = list(client.list_call_events(call_id))
    assert events[0]["name"] == "create"
    assert [event["name"] for event in events[-2:]] == ["hangup", "recording"]  # saved after the hangup
    assert client.get_call_event(call_id, events[1]["id"]) == events[1]

    recordings = list(client.list_call_recordings(call_id))
    assert len(recordings) == 2
    recording = client.get_recording(str(recordings[0]["id"]))
    assert recording["media_name"] == f"{call_id}-1.wav"
    transcription_id = client.create_transcription(str(recording["id"]))
    assert client.get_transcription(str(recording["id"]), transcription_id)["state"] == "completed"
    assert [item["id"] for item in client.list_transcriptions(str(recording["id"]))] == [transcription_id]
    assert [item["id"] for item in client.list_call_transcriptions(call_id)] == [transcription_id]


def test_dict_facade_incoming_calls_and_bridges(client: Client, emu: Emulator) -> None:
    first = emu.incoming_call(OTHER, CALLER, auto_answer=False)
    client.answer_call(first)
    second = emu.incoming_call(CALLEE, CALLER, auto_answer=False)
    client.answer_call(second)
    rejected = emu.incoming_call(CALLEE, CALLER, auto_answer=False)
    client.reject_call(rejected)
    assert client.get_call(rejected)["state"] == "rejected"

    bridge_id = client.create_bridge([first, second], bridge_audio=True)
    assert client.get_bridge(bridge_id)["state"] == "active"
    assert {call["id"] for call in client.list_bridge_calls(bridge_id)} == {first, second}
    client.play_audio_file_to_bridge(bridge_id, "https://example.com/b.mp3")
    client.play_audio_to_bridge(bridge_id, client.build_audio_playback("https://example.com/c.mp3"))
    client.update_bridge(bridge_id, call_ids=[first])
    assert client.get_bridge(bridge_id)["call_ids"] == [first]
    assert client.get_call(second).get("bridge_id") is None
    assert [bridge["id"] for bridge in client.list_bridges()] == [bridge_id]
