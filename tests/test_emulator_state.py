"""The emulator's own rules: call lifecycle, magic numbers, the clock, gathers, bridges, recordings."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bandwidth import BadRequestError, Client, ConflictError, NotFoundError, PermissionDeniedError
from bandwidth.emulator import CallbackReceiver, Emulator, EmulatorError, far_end_script
from bandwidth.emulator.engine import Engine
from bandwidth.emulator.engine.records import CallRecord
from bandwidth.emulator.engine.runtime import Module

START = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
CALLER = "+19195551212"
CALLEE = "+19195553434"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(start_time=START, ring_seconds=2) as emulator:
        yield emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[Client]:
    with emu.client() as sdk_client:
        yield sdk_client


def at(seconds: float) -> str:
    """The API's timestamp ``seconds`` after START."""
    moment = START + timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def event_names(emu: Emulator, call_id: str) -> list[str]:
    return [str(event["name"]) for event in emu.events(call_id)]


def dial(client: Client, *, to: str = CALLEE, **options: object) -> str:
    return client.calls.create(from_=CALLER, to=to, fetch=False, **options).id  # type: ignore[arg-type]


def answered(client: Client, emu: Emulator, **options: Any) -> str:
    call_id = dial(client, **options)
    emu.advance(2)
    assert emu.call(call_id)["state"] == "active"
    return call_id


# -- call lifecycle ----------------------------------------------------------------------------------------


def test_outbound_call_lifecycle_with_exact_times(client: Client, emu: Emulator) -> None:
    call_id = dial(client)
    assert emu.call(call_id)["state"] == "started"
    assert emu.call(call_id)["startTime"] == at(0)

    emu.advance(30)  # the answer fires at 2 s, at its own time
    call = emu.call(call_id)
    assert call["state"] == "active"
    assert call["activeTime"] == at(2)

    client.calls.hangup(call_id)
    call = emu.call(call_id)
    assert (call["state"], call["endTime"], call["chargeableDuration"]) == ("completed", at(30), 60)
    assert event_names(emu, call_id) == ["create", "answer", "hangup"]
    assert emu.events(call_id)[-1]["data"] == "NORMAL_CLEARING"
    assert [event["time"] for event in emu.events(call_id)] == [at(0), at(2), at(30)]


def test_call_timeout_when_nobody_answers(client: Client, emu: Emulator) -> None:
    call_id = dial(client, to="+19195550000", call_timeout=20)
    emu.advance(19.9)
    assert emu.call(call_id)["state"] == "started"

    emu.advance(0.1)
    call = emu.call(call_id)
    assert (call["state"], call["endTime"], call["chargeableDuration"]) == ("completed", at(20), 0)
    assert "activeTime" not in call
    assert event_names(emu, call_id) == ["create", "timeout", "hangup"]
    assert emu.events(call_id)[-1]["data"] == "NO_ANSWER"


def test_default_call_timeout_is_sixty_seconds(client: Client, emu: Emulator) -> None:
    call_id = dial(client, to="+19195550000")
    assert emu.call(call_id)["callTimeout"] == 60
    emu.advance(59)
    assert emu.call(call_id)["state"] == "started"
    emu.advance(1)
    assert emu.call(call_id)["state"] == "completed"


@pytest.mark.parametrize(
    ("to", "state", "cause", "ended_at"),
    [
        ("+19195550001", "rejected", "CALL_REJECTED", 2),
        ("+19195550002", "rejected", "USER_BUSY", 2),
        ("+19195550003", "completed", "UNALLOCATED_NUMBER", 0),
        ("sip:busy@example.com", "rejected", "USER_BUSY", 2),
        ("sip:reject@example.com", "rejected", "CALL_REJECTED", 2),
    ],
)
def test_magic_numbers_fail_the_call(
    client: Client, emu: Emulator, to: str, state: str, cause: str, ended_at: int
) -> None:
    call_id = dial(client, to=to)
    emu.advance(5)
    call = emu.call(call_id)
    assert (call["state"], call["endTime"]) == (state, at(ended_at))
    assert emu.events(call_id)[-1] == {**emu.events(call_id)[-1], "name": "hangup", "data": cause}


def test_magic_number_answers_at_once(client: Client, emu: Emulator) -> None:
    call = client.calls.create(from_=CALLER, to="+19195550004")
    assert call.state == "active"  # answered before the create returned
    assert emu.call(dial(client, to="sip:answer@example.com"))["state"] == "active"


def test_far_end_scripts() -> None:
    assert far_end_script("+1 (919) 555-0000") == "no-answer"
    assert far_end_script("+19195553434") == "answer"
    assert far_end_script("sip:NoAnswer@example.com") == "no-answer"
    assert far_end_script("sip:alice@example.com") == "answer"


def test_control_api_overrides_the_script(client: Client, emu: Emulator) -> None:
    silent = dial(client, to="+19195550000")
    emu.advance(10)
    emu.answer(silent)
    assert emu.call(silent)["activeTime"] == at(10)

    declined = dial(client)
    emu.reject(declined)
    assert emu.events(declined)[-1]["data"] == "CALL_REJECTED"
    busy = dial(client)
    emu.busy(busy)
    assert emu.events(busy)[-1]["data"] == "USER_BUSY"

    emu.hangup(silent)
    assert emu.call(silent)["state"] == "completed"
    with pytest.raises(EmulatorError) as raised:
        emu.answer(silent)
    assert (raised.value.status, raised.value.code) == (403, "call-invalid-state")
    with pytest.raises(EmulatorError, match="call-not-found"):
        emu.press("c-missing", "1")


def test_hanging_up_a_ringing_call_cancels_it(client: Client, emu: Emulator) -> None:
    call_id = dial(client)
    client.calls.hangup(call_id)
    emu.advance(5)  # the pending answer must not fire
    assert emu.call(call_id)["state"] == "completed"
    assert emu.events(call_id)[-1]["data"] == "ORIGINATOR_CANCEL"


def test_incoming_call_rings_until_answered_or_timed_out(client: Client, emu: Emulator) -> None:
    auto = emu.incoming_call(CALLEE, CALLER)
    assert emu.call(auto)["state"] == "active"

    ringing = emu.incoming_call(CALLEE, CALLER, auto_answer=False, call_timeout=15)
    assert emu.call(ringing)["direction"] == "in"
    with pytest.raises(EmulatorError):
        emu.answer(ringing)  # only the application answers an incoming call
    emu.advance(15)
    assert event_names(emu, ringing) == ["create", "incomingcall", "timeout", "hangup"]

    cancelled = emu.incoming_call(CALLEE, CALLER, auto_answer=False)
    emu.hangup(cancelled)
    assert emu.events(cancelled)[-1]["data"] == "ORIGINATOR_CANCEL"


class AnswerListener(Module):
    """An engine module that notes every ``call_answered`` it hears: the state and time the call had then."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.heard: list[tuple[str, str, bool]] = []

    def call_answered(self, call: CallRecord) -> None:
        self.heard.append((call.id, call.state, call.active_time is not None))


def test_every_way_a_call_becomes_active_is_heard_by_every_module(client: Client, emu: Emulator) -> None:
    listener = AnswerListener(emu.engine)
    emu.engine.modules += (listener,)
    with CallbackReceiver() as app:
        emu.bxml_application("+19195550100", f"{app.url}/answer")
        rung = dial(client)
        emu.advance(2)  # the far end answers after the ring
        forced = dial(client)
        emu.answer(forced)  # the control API answers
        auto = emu.incoming_call(CALLEE, CALLER)  # a REST application's incoming call, auto-answered
        ringing = emu.incoming_call(CALLEE, CALLER, auto_answer=False)
        client.calls.answer(ringing)  # the application answers (state=active)
        leg = client.calls.transfer(auto, "+19195550004", fetch=False).id  # answers at once
        bxml = emu.incoming_call(CALLEE, "+19195550100")  # a BXML application's, auto-answered
        conference_id = emu.engine.conferences.create({"from": CALLER})
        joined = emu.join_conference(conference_id, CALLEE).call_id  # a caller dials in
        emu.wait_idle()
    ways = [rung, forced, auto, ringing, leg, bxml, joined]
    assert listener.heard == [(call_id, "active", True) for call_id in ways]  # once each, once active
    assert "answer" not in event_names(emu, auto)  # its incomingcall (callState active) says it
    assert event_names(emu, bxml)[:3] == ["create", "incomingcall", "answer"]  # BXML asks with answer


def test_call_state_rules(client: Client, emu: Emulator) -> None:
    outbound = dial(client)
    with pytest.raises(PermissionDeniedError, match="call-invalid-state"):
        client.calls.answer(outbound)  # an outbound call is answered by the far end only
    with pytest.raises(PermissionDeniedError, match="call-invalid-state"):
        client.calls.transfer(outbound, "+19195557878")  # transfers need an active call
    with pytest.raises(PermissionDeniedError, match="call-invalid-state"):
        client.calls.create_gather(outbound)
    rejected = emu.incoming_call(CALLEE, CALLER, auto_answer=False)
    client.calls.reject(rejected)
    with pytest.raises(PermissionDeniedError, match="after being set to rejected"):
        client.calls.answer(rejected)


def test_transfer_that_fails_returns_the_call_to_active(client: Client, emu: Emulator) -> None:
    call_id = answered(client, emu)
    leg = client.calls.transfer(call_id, "+19195550002", fetch=False).id
    assert emu.call(call_id)["state"] == "transferring"
    emu.advance(2)
    assert emu.call(leg)["state"] == "rejected"
    assert emu.call(call_id)["state"] == "active"
    assert emu.events(call_id)[-1]["data"] == "failed: USER_BUSY"


def test_hanging_up_during_a_transfer_cancels_the_new_call(client: Client, emu: Emulator) -> None:
    call_id = answered(client, emu)
    leg = client.calls.transfer(call_id, "+19195557878", fetch=False).id
    client.calls.hangup(call_id)
    assert emu.call(leg)["state"] == "completed"
    assert emu.events(leg)[-1]["data"] == "ORIGINATOR_CANCEL"


def test_audio_lengths_follow_the_clock(client: Client, emu: Emulator) -> None:
    call_id = answered(client, emu)
    client.calls.play_audio(call_id, file_url="https://example.com/a.wav")
    emu.advance(1.9)
    assert event_names(emu, call_id)[-1] == "playback"
    assert emu.events(call_id)[-1]["data"] == "start"
    emu.advance(0.1)
    assert emu.events(call_id)[-1]["data"] == "done"
    with pytest.raises(PermissionDeniedError) as raised:
        client.calls.play_audio(call_id, file_url="")  # nothing is playing any more
    assert raised.value.code == "call-audio-invalid-state"


# -- gathers -----------------------------------------------------------------------------------------------


def gather_state(client: Client, call_id: str, gather_id: str) -> tuple[str, str | None, str]:
    gather = client.calls.get_gather(call_id, gather_id)
    return str(gather.state), None if gather.reason is None else str(gather.reason), gather.digits or ""


def test_gather_completes_on_max_digits(client: Client, emu: Emulator) -> None:
    call_id = answered(client, emu)
    gather = client.calls.create_gather(call_id, max_digits=3, fetch=False).id
    emu.press(call_id, "12")
    assert gather_state(client, call_id, gather) == ("started", None, "12")
    emu.press(call_id, "34")  # the 4 comes after the gather and is only a dtmf event
    assert gather_state(client, call_id, gather) == ("completed", "max-digits", "123")
    assert [event["data"] for event in emu.events(call_id) if event["name"] == "dtmf"] == list("1234")


def test_gather_completes_on_a_terminating_digit(client: Client, emu: Emulator) -> None:
    call_id = answered(client, emu)
    gather = client.calls.create_gather(call_id, terminating_digits="*0", fetch=False).id
    emu.press(call_id, "45*")
    assert gather_state(client, call_id, gather) == ("completed", "terminating-digit", "45")
    default = client.calls.create_gather(call_id, fetch=False).id
    emu.press(call_id, "9#")
    assert gather_state(client, call_id, default) == ("completed", "terminating-digit", "9")


def test_gather_inter_digit_timeout(client: Client, emu: Emulator) -> None:
    call_id = answered(client, emu)
    nothing = client.calls.create_gather(call_id, fetch=False).id
    emu.advance(4.9)
    assert gather_state(client, call_id, nothing)[0] == "started"
    emu.advance(0.1)  # the default inter-digit timeout is 5 s, also before the first digit
    assert gather_state(client, call_id, nothing) == ("completed", "inter-digit-timeout", "")

    some = client.calls.create_gather(call_id, inter_digit_timeout=2, fetch=False).id
    emu.press(call_id, "1")
    emu.advance(1.5)
    emu.press(call_id, "2")  # each digit restarts the timer
    emu.advance(1.5)
    assert gather_state(client, call_id, some)[0] == "started"
    emu.advance(0.5)
    assert gather_state(client, call_id, some) == ("completed", "inter-digit-timeout", "12")
    completed = client.calls.get_gather(call_id, some).completed_time
    assert completed == START + timedelta(seconds=2 + 5 + 1.5 + 2)


def test_gather_ends_when_the_call_hangs_up(client: Client, emu: Emulator) -> None:
    call_id = answered(client, emu)
    gather = client.calls.create_gather(call_id, fetch=False).id
    emu.press(call_id, "7")
    emu.hangup(call_id)
    assert gather_state(client, call_id, gather) == ("completed", "hung-up", "7")


def test_gather_prompt_plays_first_and_is_bargeable(client: Client, emu: Emulator) -> None:
    call_id = answered(client, emu)
    sentence = "Please enter your account number followed by pound"  # 51 characters: 3.4 s at 15/s
    gather = client.calls.create_gather(call_id, prompt={"sentence": sentence}, fetch=False).id
    emu.advance(8)  # 3.4 s of prompt, then the 5 s timer has not run out yet
    assert gather_state(client, call_id, gather)[0] == "started"
    emu.advance(1)
    assert gather_state(client, call_id, gather)[1] == "inter-digit-timeout"

    barged = client.calls.create_gather(call_id, prompt={"sentence": sentence}, fetch=False).id
    emu.press(call_id, "5")
    names = [(event["name"], event.get("data")) for event in emu.events(call_id)][-3:]
    assert names == [("speak", "start"), ("dtmf", "5"), ("speak", "done")]
    emu.press(call_id, "#")
    assert gather_state(client, call_id, barged) == ("completed", "terminating-digit", "5")
    assert emu.played(call_id) == [sentence, sentence]


def test_gather_stop_and_validation(client: Client, emu: Emulator) -> None:
    call_id = answered(client, emu)
    gather = client.calls.create_gather(call_id, fetch=False).id
    client.calls.stop_gather(call_id, gather)
    assert gather_state(client, call_id, gather) == ("completed", None, "")
    data = json.loads(str(emu.events(call_id)[-1]["data"]))
    assert data == {"gatherId": gather, "state": "completed", "digits": ""}


# -- bridges -----------------------------------------------------------------------------------------------


def bridge_state(client: Client, bridge_id: str) -> str:
    return str(client.bridges.get(bridge_id).state)


def test_bridge_states(client: Client, emu: Emulator) -> None:
    bridge = client.bridges.create(fetch=False).id
    assert bridge_state(client, bridge) == "created"

    first = answered(client, emu)
    client.bridges.update(bridge, call_ids=[first])
    assert bridge_state(client, bridge) == "created"  # audio was never bridged
    second = dial(client, bridge_id=bridge)  # joins the bridge as it is placed
    assert emu.call(second)["bridgeId"] == bridge
    assert bridge_state(client, bridge) == "created"
    emu.advance(2)  # the second call answers: two active calls, audio on
    assert bridge_state(client, bridge) == "active"
    assert client.bridges.get(bridge).activated_time == START + timedelta(seconds=4)

    client.bridges.update(bridge, bridge_audio=False)
    assert bridge_state(client, bridge) == "hold"
    client.bridges.update(bridge, bridge_audio=True)
    emu.hangup(first)
    assert bridge_state(client, bridge) == "active"  # audio was bridged before
    emu.hangup(second)
    bridge_model = client.bridges.get(bridge)
    assert str(bridge_model.state) == "completed"
    assert bridge_model.completed_time == START + timedelta(seconds=4)
    with pytest.raises(BadRequestError, match="bridge-invalid-state"):
        client.bridges.update(bridge, bridge_audio=False)


def test_bridge_limits(client: Client, emu: Emulator) -> None:
    calls = [answered(client, emu) for _ in range(3)]
    full = client.bridges.create(call_ids=calls[:2], fetch=False).id
    with pytest.raises(PermissionDeniedError) as raised:
        client.calls.create(from_=CALLER, to=CALLEE, bridge_id=full)
    assert (raised.value.code, raised.value.message) == (
        "bridge-callIds-overflow",
        f"Bridge {full} already has 2 calls",
    )
    with pytest.raises(BadRequestError, match="bridge-bridged-callId"):
        client.bridges.create(call_ids=[calls[0], calls[2]])
    with pytest.raises(PermissionDeniedError, match="call-id-not-found"):
        client.bridges.create(call_ids=["c-missing"])
    with pytest.raises(BadRequestError, match="bridge-invalid-operation"):
        client.bridges.play_audio(client.bridges.create(fetch=False), file_url="https://example.com/a.wav")


def test_bridge_update_moves_calls(client: Client, emu: Emulator) -> None:
    first, second, third = (answered(client, emu) for _ in range(3))
    bridge = client.bridges.create(call_ids=[first, second], fetch=False).id
    client.bridges.update(bridge, call_ids=[first, third])
    assert emu.call(second).get("bridgeId") is None
    assert emu.call(third)["bridgeId"] == bridge
    assert event_names(emu, second)[-2:] == ["bridge", "unbridge"]
    assert bridge_state(client, bridge) == "active"


# -- recordings and transcriptions -------------------------------------------------------------------------


def test_recording_stops_at_its_maximum_duration(client: Client, emu: Emulator) -> None:
    call_id = answered(
        client, emu, recording_enabled=True, recording_max_duration=30, recording_file_format="mp3"
    )
    emu.advance(45)
    recording = next(iter(client.calls.list_recordings(call_id)))
    assert recording.end_time == START + timedelta(seconds=32)
    assert recording.media_name == f"{call_id}-1.mp3"
    assert emu.call(call_id)["recordingEnabled"] is False
    client.calls.enable_recording(call_id)  # a second recording
    with pytest.raises(ConflictError, match="conflicted-recording-values-request"):
        client.calls.enable_recording(call_id)


def test_recording_saving_and_transcribing_take_time() -> None:
    with (
        Emulator(recording_save_seconds=3, transcription_seconds=10, ring_seconds=0) as emu,
        emu.client() as client,
    ):
        call_id = dial(client, recording_enabled=True, transcription_enabled=True)
        emu.speak(call_id, "Hello")
        emu.advance(5)
        emu.speak(call_id, "world")
        client.calls.hangup(call_id)
        recording = next(iter(client.calls.list_recordings(call_id)))
        assert recording.state == "saving"
        with pytest.raises(PermissionDeniedError, match="invalid-recording-state"):
            client.recordings.create_transcription(recording)
        emu.advance(3)
        assert client.recordings.get(recording).state == "complete"
        transcription = next(iter(client.recordings.list_transcriptions(recording)))
        assert transcription.state == "transcribing" and transcription.text is None
        emu.advance(10)
        done = client.recordings.get_transcription(recording, transcription)
        assert (done.state, done.text, done.chargeable_duration) == ("completed", "Hello world", 5)


def test_media_is_served_only_when_complete(client: Client, emu: Emulator) -> None:
    call_id = answered(client, emu, recording_enabled=True)
    recording = next(iter(client.calls.list_recordings(call_id)))
    assert recording.state == "recording"
    with pytest.raises(NotFoundError, match="media-not-found"):
        recording.download(io.BytesIO())


# -- clock, threads, real time -----------------------------------------------------------------------------


def test_concurrent_clients_are_served(emu: Emulator) -> None:
    created: list[str] = []
    lock = threading.Lock()

    def place_calls() -> None:
        with emu.client() as own:
            for _ in range(15):
                call_id = dial(own)
                with lock:
                    created.append(call_id)

    threads = [threading.Thread(target=place_calls) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    emu.advance(2)
    assert len(set(created)) == 60
    assert all(emu.call(call_id)["state"] == "active" for call_id in created)


def test_real_time_mode_answers_by_itself() -> None:
    with Emulator(realtime=True, ring_seconds=0.05) as emu, emu.client() as client:
        call_id = dial(client)
        deadline = time.monotonic() + 5
        while emu.call(call_id)["state"] == "started" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert emu.call(call_id)["state"] == "active"
        emu.advance(3600)  # a jump works in real time too
        assert emu.now() - START > timedelta(hours=1)


def test_reset_forgets_everything(client: Client, emu: Emulator) -> None:
    dial(client)
    client.bridges.create()
    emu.reset()
    assert emu.call_ids() == []
    assert list(client.bridges.list()) == []
    emu.advance(100)  # no timer of the old calls fires
