"""Callbacks: the documented voice events, sent by the emulator to a real loopback receiver, in order."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from bandwidth import Client
from bandwidth.callbacks import CallbackRouter, DtmfEvent
from bandwidth.emulator import CallbackReceiver, Emulator

CALLER = "+19195551212"
CALLEE = "+19195553434"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(ring_seconds=1) as emulator:
        yield emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[Client]:
    with emu.client() as sdk_client:
        yield sdk_client


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    with CallbackReceiver() as callback_receiver:
        yield callback_receiver


def test_call_events_arrive_in_order(client: Client, emu: Emulator, receiver: CallbackReceiver) -> None:
    call = client.calls.create(
        from_=CALLER,
        to=CALLEE,
        callback_url=f"{receiver.url}/events",
        tag="order-17",
        recording_enabled=True,
        transcription_enabled=True,
    )
    emu.advance(1)
    call.play_file("https://example.com/hello.wav", tag="hello")
    emu.advance(2)
    call.speak("Enter your code")
    call.gather(max_digits=2, tag="code")
    emu.speak(call.id, "one two")
    emu.press(call.id, "12")
    call.hangup()

    received = receiver.wait_for(10)
    assert [
        (item.event_type, item.event.get("status") or item.event.get("dtmfDigit")) for item in received
    ] == [
        ("answer", None),
        ("playback", "started"),
        ("playback", "done"),
        ("speak", "started"),
        ("dtmf", "1"),
        ("dtmf", "2"),
        ("gather", None),
        ("hangup", None),
        ("recording", "complete"),
        ("transcription", "completed"),
    ]
    assert all(item.method == "POST" and item.path == "/events" for item in received)
    assert [item.event.get("tag") for item in received] == [
        "order-17",
        "hello",
        "hello",
        "order-17",
        "order-17",
        "order-17",
        "code",
        "order-17",
        "order-17",
        "order-17",
    ]
    assert received[0].headers["Content-Type"] == "application/json; charset=utf-8"
    assert emu.wait_idle()
    assert [delivery.event_type for delivery in emu.deliveries] == [item.event_type for item in received]
    assert all(delivery.ok and delivery.status_code == 200 for delivery in emu.deliveries)


def test_callbacks_use_the_documented_payloads(
    client: Client, emu: Emulator, receiver: CallbackReceiver
) -> None:
    call = client.calls.create(
        from_=CALLER,
        to=CALLEE,
        callback_url=f"{receiver.url}/events",
        tag="t-1",
        recording_enabled=True,
        transcription_enabled=True,
    )
    uri = f"{emu.url}/v1/users/{emu.user_id}/calls/{call.id}"
    emu.advance(1)
    call.play_file("https://example.com/hello.wav", tag="audio-tag")
    emu.advance(2)
    gather = call.gather(max_digits=1, tag="gather-tag")
    emu.speak(call.id, "hello there")
    emu.press(call.id, "7")
    call.hangup()

    events = [item.event for item in receiver.wait_for(8)]
    answer, started, done, dtmf, gathered, hangup, recording, transcription = events
    time = answer["time"]
    assert isinstance(time, str) and time.endswith("Z")
    assert answer == {
        "eventType": "answer",
        "callId": call.id,
        "callUri": uri,
        "from": CALLER,
        "to": CALLEE,
        "callState": "active",
        "time": time,
        "tag": "t-1",
    }
    assert started == {
        "eventType": "playback",
        "callId": call.id,
        "callUri": uri,
        "status": "started",
        "tag": "audio-tag",
        "time": started["time"],
    }
    assert done["status"] == "done"
    assert dtmf == {
        "eventType": "dtmf",
        "callId": call.id,
        "callUri": uri,
        "dtmfDigit": "7",
        "time": dtmf["time"],
        "tag": "t-1",
    }
    assert gathered == {
        "eventType": "gather",
        "state": "completed",
        "digits": "7",
        "reason": "max-digits",
        "callId": call.id,
        "gatherId": gather.id,
        "time": gathered["time"],
        "tag": "gather-tag",
    }
    assert hangup == {
        "eventType": "hangup",
        "callId": call.id,
        "callUri": uri,
        "from": CALLER,
        "to": CALLEE,
        "cause": "NORMAL_CLEARING",
        "time": hangup["time"],
        "tag": "t-1",
    }
    recording_id = recording["recordingId"]
    assert recording == {
        "callId": call.id,
        "eventType": "recording",
        "recordingId": recording_id,
        "recordingUri": f"{emu.url}/v1/users/{emu.user_id}/recordings/{recording_id}",
        "state": "complete",
        "status": "complete",
        "startTime": answer["time"],
        "endTime": hangup["time"],
        "tag": "t-1",
    }
    transcription_id = transcription["transcriptionId"]
    assert transcription == {
        "eventType": "transcription",
        "transcriptionId": transcription_id,
        "recordingId": recording_id,
        "state": "completed",
        "status": "completed",
        "textSize": len("hello there"),
        "text": "hello there",
        "textUrl": f"{emu.url}/v1/users/{emu.user_id}/media/{transcription_id}",
        "transcriptionUri": (
            f"{emu.url}/v1/users/{emu.user_id}/recordings/{recording_id}/transcriptions/{transcription_id}"
        ),
        "tag": "t-1",
    }


def test_speak_events_carry_state(client: Client, emu: Emulator, receiver: CallbackReceiver) -> None:
    call = client.calls.create(from_=CALLER, to="+19195550004", callback_url=f"{receiver.url}/events")
    call.speak("Hi")
    emu.advance(1)
    answer, started, done = (item.event for item in receiver.wait_for(3))
    assert answer["eventType"] == "answer"
    assert (started["eventType"], started["status"], started["state"]) == (
        "speak",
        "started",
        "PLAYBACK_START",
    )
    assert (done["eventType"], done["status"], done["state"]) == ("speak", "done", "PLAYBACK_STOP")
    assert "tag" not in started


def test_reject_and_timeout_events(client: Client, emu: Emulator, receiver: CallbackReceiver) -> None:
    rejected = client.calls.create(from_=CALLER, to="+19195550001", callback_url=f"{receiver.url}/rejected")
    ignored = client.calls.create(
        from_=CALLER, to="+19195550000", call_timeout=10, callback_url=f"{receiver.url}/ignored"
    )
    emu.advance(10)

    (reject,) = (item.event for item in receiver.wait_for(1, path="/rejected"))
    assert reject == {
        "eventType": "hangup",
        "callId": rejected.id,
        "callUri": f"{emu.url}/v1/users/{emu.user_id}/calls/{rejected.id}",
        "from": CALLER,
        "to": "+19195550001",
        "callState": "completed",
        "cause": "CALL_REJECTED",
        "time": reject["time"],
    }
    timeout, hangup = (item.event for item in receiver.wait_for(2, path="/ignored"))
    assert timeout == {
        "eventType": "timeout",
        "callId": ignored.id,
        "callUri": f"{emu.url}/v1/users/{emu.user_id}/calls/{ignored.id}",
        "from": CALLER,
        "to": "+19195550000",
        "time": timeout["time"],
    }
    assert (hangup["eventType"], hangup["cause"]) == ("hangup", "NO_ANSWER")


def test_get_callbacks_send_query_parameters(
    client: Client, emu: Emulator, receiver: CallbackReceiver
) -> None:
    call = client.calls.create(
        from_=CALLER, to=CALLEE, callback_url=f"{receiver.url}/hook", callback_http_method="GET", tag="g"
    )
    emu.advance(1)
    emu.press(call.id, "5")

    answer, dtmf = receiver.wait_for(2)
    assert (answer.method, answer.body) == ("GET", None)
    assert answer.query == {
        "eventType": "answer",
        "callId": call.id,
        "callUri": f"{emu.url}/v1/users/{emu.user_id}/calls/{call.id}",
        "from": CALLER,
        "to": CALLEE,
        "callState": "active",
        "time": answer.query["time"],
        "tag": "g",
    }
    assert dtmf.event["dtmfDigit"] == "5"
    assert answer.headers["User-Agent"].startswith("BandwidthAPI/v1")


def test_failed_callbacks_go_to_the_fallback_url(
    client: Client, emu: Emulator, receiver: CallbackReceiver
) -> None:
    receiver.respond("/down", status=503)
    call = client.calls.create(
        from_=CALLER, to=CALLEE, callback_url=f"{receiver.url}/down", fallback_url=f"{receiver.url}/fallback"
    )
    emu.advance(1)
    call.hangup()

    fallback = receiver.wait_for(2, path="/fallback")
    assert [item.event_type for item in fallback] == ["answer", "hangup"]
    assert [item.event_type for item in receiver.requests if item.path == "/down"] == ["answer", "hangup"]
    assert emu.wait_idle()
    log = [(item.event_type, item.fallback, item.status_code, item.ok) for item in emu.deliveries]
    assert log == [
        ("answer", False, 503, False),
        ("answer", True, 200, True),
        ("hangup", False, 503, False),
        ("hangup", True, 200, True),
    ]
    assert emu.deliveries[0].error == "HTTP 503"
    assert [item.sequence for item in emu.deliveries] == [1, 2, 3, 4]


def test_callback_timeout_is_honoured(client: Client, emu: Emulator, receiver: CallbackReceiver) -> None:
    receiver.respond("/slow", delay=2)
    call = client.calls.create(
        from_=CALLER,
        to=CALLEE,
        callback_url=f"{receiver.url}/slow",
        callback_timeout=100,
        fallback_url=f"{receiver.url}/fallback",
    )
    emu.advance(1)

    (answer,) = receiver.wait_for(1, path="/fallback")
    assert answer.event["callId"] == call.id
    assert emu.wait_idle()
    first = emu.deliveries[0]
    assert (first.ok, first.status_code) == (False, None)
    assert first.error is not None and "100 ms" in first.error


def test_unreachable_callback_url_is_logged(client: Client, emu: Emulator) -> None:
    with CallbackReceiver() as gone:
        url = f"{gone.url}/events"
    client.calls.create(from_=CALLER, to=CALLEE, callback_url=url)
    emu.advance(1)
    (delivery,) = emu.wait_for_deliveries(1)
    assert (delivery.url, delivery.ok, delivery.fallback) == (url, False, False)
    assert delivery.error is not None and "Connection" in delivery.error


def test_each_call_keeps_its_order_while_another_is_slow(
    client: Client, emu: Emulator, receiver: CallbackReceiver
) -> None:
    receiver.respond("/slow", delay=0.15)
    slow = client.calls.create(from_=CALLER, to=CALLEE, callback_url=f"{receiver.url}/slow")
    fast = client.calls.create(from_=CALLER, to=CALLEE, callback_url=f"{receiver.url}/fast")
    emu.advance(1)
    for digit in "123":
        emu.press(slow.id, digit)
        emu.press(fast.id, digit)

    fast_events = receiver.wait_for(4, path="/fast")
    slow_so_far = [item for item in receiver.requests if item.path == "/slow"]
    assert len(slow_so_far) < 4  # the fast call did not wait for the slow one
    assert [item.event.get("dtmfDigit") for item in fast_events] == [None, "1", "2", "3"]
    slow_events = receiver.wait_for(4, path="/slow")
    assert [item.event.get("dtmfDigit") for item in slow_events] == [None, "1", "2", "3"]


def test_incoming_call_goes_to_the_application_url(receiver: CallbackReceiver) -> None:
    with (
        Emulator(incoming_call_url=f"{receiver.url}/app", application_id="a-test") as emu,
        emu.client() as client,
    ):
        call_id = emu.incoming_call(CALLEE, CALLER, auto_answer=False)
        client.calls.answer(call_id)
        client.calls.hangup(call_id)

        incoming, answer, hangup = (item.event for item in receiver.wait_for(3, path="/app"))
        assert incoming == {
            "eventType": "incomingcall",
            "callId": call_id,
            "callUri": f"{emu.url}/v1/users/{emu.user_id}/calls/{call_id}",
            "from": CALLEE,
            "to": CALLER,
            "callState": "started",
            "applicationId": "a-test",
            "time": incoming["time"],
        }
        assert (answer["eventType"], answer["callState"]) == ("answer", "active")
        assert hangup["eventType"] == "hangup"

        auto = emu.incoming_call(
            CALLEE, CALLER, callback_url=f"{receiver.url}/other", diversion={"reason": "away"}
        )
        (event,) = (item.event for item in receiver.wait_for(1, path="/other"))
        assert (event["callId"], event["callState"], event["diversion"]) == (
            auto,
            "active",
            {"reason": "away"},
        )

        diverted = emu.incoming_call(
            CALLEE, CALLER, callback_url=f"{receiver.url}/later", diversion={"origTo": "+19195550000"},
            auto_answer=False,
        )  # fmt: skip
        client.calls.answer(diverted)
        incoming, answer = (item.event for item in receiver.wait_for(2, path="/later"))
        assert incoming["diversion"] == answer["diversion"] == {"origTo": "+19195550000"}  # answer.md too


def test_transfer_callbacks_go_to_the_new_url(
    client: Client, emu: Emulator, receiver: CallbackReceiver
) -> None:
    call = client.calls.create(from_=CALLER, to=CALLEE, callback_url=f"{receiver.url}/first")
    emu.advance(1)
    leg = call.transfer("+19195557878", callback_url=f"{receiver.url}/second", fetch=False)
    emu.advance(1)
    emu.hangup(leg.id)

    answer, hangup = receiver.wait_for(2, path="/second")
    assert (answer.event["callId"], answer.event["eventType"]) == (leg.id, "answer")
    assert hangup.event["eventType"] == "hangup"
    assert [item.event_type for item in receiver.requests if item.path == "/first"] == ["answer"]


def test_the_router_gets_every_pressed_digit_and_drops_only_true_re_deliveries() -> None:
    """Issue 10, item 6: "1123" pressed at once is four dtmf events with the same time; a callback the
    router handled but answered too late is sent again to the fallbackUrl, and dropped there."""
    router = CallbackRouter()
    digits: list[str] = []
    router.on(DtmfEvent)(lambda event: digits.append(event.dtmf_digit))
    requests_seen: list[str] = []

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        requests_seen.append(environ["PATH_INFO"])
        answer = router(environ, start_response)
        if len(requests_seen) == 2:  # the first dtmf: handled, but answered after callbackTimeout
            time.sleep(0.6)
        return answer

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        with Emulator() as emu:
            call_id = emu.incoming_call(
                CALLEE,
                CALLER,
                callback_url=f"{url}/events",
                fallback_url=f"{url}/fallback",
                callback_timeout=300,
            )
            emu.press(call_id, "1123")
            assert emu.wait_idle(timeout=5)
            log = [(item.event_type, item.fallback, item.ok) for item in emu.deliveries]
            assert log == [
                ("incomingcall", False, True),
                ("dtmf", False, False),  # timed out: the emulator cannot know it was handled
                ("dtmf", True, True),  # the same event again, to the fallbackUrl: a true re-delivery
                ("dtmf", False, True),
                ("dtmf", False, True),
                ("dtmf", False, True),
            ]
            assert len({item.payload["time"] for item in emu.deliveries if item.event_type == "dtmf"}) == 1
            assert emu.deliveries[1].event_id == emu.deliveries[2].event_id
    finally:
        server.shutdown()
        server.server_close()
    assert requests_seen == ["/events", "/events", "/fallback", "/events", "/events", "/events"]
    assert digits == ["1", "1", "2", "3"]
