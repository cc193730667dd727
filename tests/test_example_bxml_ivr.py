"""The example BXML IVR end to end: the emulator's BXML runner asks the IVR's real WSGI server on loopback
for each document and runs it on the call; nothing in the IVR calls the REST API."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from bandwidth.emulator import Emulator

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bxml_ivr.py"
CALLER = "+19195551212"
IVR_NUMBER = "+19195550000"
SALES = "+19195550100"
USER, PASSWORD = "bw", "callback-secret"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example_bxml_ivr", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


IVR = load_example()


def seconds_to_say(sentence: str) -> float:
    return len(sentence) / 15  # the emulator's default speed


class Scene:
    """The emulator, the IVR served on loopback and assigned to IVR_NUMBER, and the caller's moves."""

    def __init__(self, emulator: Emulator, ivr_url: str) -> None:
        self.emulator = emulator
        self.ivr_url = ivr_url

    def incoming_call(self) -> str:
        call_id = self.emulator.incoming_call(CALLER, IVR_NUMBER)
        self.settle()
        return call_id

    def settle(self) -> None:
        assert self.emulator.wait_idle(timeout=10), "callbacks still pending"

    def advance(self, seconds: float) -> None:
        self.emulator.advance(seconds)
        self.settle()

    def press(self, call_id: str, digits: str) -> None:
        self.emulator.press(call_id, digits)
        self.settle()

    def deliveries(self, call_id: str) -> list[tuple[str, str, int | None]]:
        """(event type, path, status) of every request the IVR got about the call."""
        return [
            (delivery.event_type, delivery.url.rpartition(":")[2].partition("/")[2], delivery.status_code)
            for delivery in self.emulator.deliveries
            if delivery.call_id == call_id
        ]

    def state(self, call_id: str) -> str:
        return str(self.emulator.call(call_id)["state"])


@pytest.fixture
def scene() -> Iterator[Scene]:
    with Emulator() as emulator:
        server = IVR.serve(sales_number=SALES, username=USER, password=PASSWORD)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            url = f"http://{USER}:{PASSWORD}@127.0.0.1:{server.server_port}/"
            emulator.bxml_application(IVR_NUMBER, url)
            yield Scene(emulator, url)
        finally:
            server.shutdown()
            server.server_close()


def test_a_call_hears_the_menu_and_a_gather_waits(scene: Scene) -> None:
    call_id = scene.incoming_call()

    assert scene.state(call_id) == "active"
    assert scene.emulator.played(call_id) == [IVR.MENU]
    assert scene.deliveries(call_id) == [("incomingcall", "", 200), ("answer", "", 200)]


def test_pressing_1_transfers_the_caller_to_sales(scene: Scene) -> None:
    call_id = scene.incoming_call()

    scene.press(call_id, "1")  # stops the menu; the next document is a Transfer
    (leg,) = [other for other in scene.emulator.call_ids() if other != call_id]
    assert (scene.emulator.call(leg)["to"], scene.state(leg)) == (SALES, "started")
    scene.advance(1)  # sales answers and hears who is calling
    assert scene.emulator.played(leg) == [IVR.CONNECTING]
    scene.advance(seconds_to_say(IVR.CONNECTING))  # then the two are bridged

    assert (scene.state(call_id), scene.state(leg)) == ("active", "active")
    with scene.emulator.client() as client:
        (bridge,) = list(client.bridges.list())
    assert (bridge.state, sorted(bridge.call_ids or [])) == ("active", sorted([call_id, leg]))

    scene.emulator.hangup(leg)  # sales hangs up: transferComplete, then the caller is hung up
    scene.settle()
    assert scene.state(call_id) == "completed"
    assert scene.deliveries(call_id)[2:] == [
        ("gather", "menu", 200),
        ("transferComplete", "transferred", 200),
        ("hangup", "", 200),
    ]


def test_pressing_2_records_a_voicemail_then_thanks_and_hangs_up(scene: Scene) -> None:
    call_id = scene.incoming_call()

    scene.press(call_id, "2")
    scene.advance(seconds_to_say(IVR.VOICEMAIL))  # the instructions, then the recording starts
    scene.emulator.speak(call_id, "Please call me back about my order")
    scene.advance(1)
    scene.press(call_id, "#")  # ends the recording
    scene.advance(seconds_to_say(IVR.THANKS))

    assert scene.state(call_id) == "completed"
    assert scene.emulator.played(call_id)[-2:] == [IVR.VOICEMAIL, IVR.THANKS]
    with scene.emulator.client() as client:
        (recording,) = client.calls.get(call_id).recordings()
        (transcription,) = recording.transcriptions()
    assert recording.state == "complete"
    assert transcription.text == "Please call me back about my order"
    assert scene.deliveries(call_id)[2:] == [
        ("gather", "menu", 200),
        ("recording", "voicemail", 200),
        ("transcription", "transcribed", 200),
        ("hangup", "", 200),
    ]


def test_no_choice_says_goodbye_and_hangs_up(scene: Scene) -> None:
    call_id = scene.incoming_call()

    scene.advance(seconds_to_say(IVR.MENU) + 10)  # the menu, then 10 s without a key: the Gather fails

    assert scene.emulator.played(call_id) == [IVR.MENU, IVR.GOODBYE]
    scene.advance(1)  # "Goodbye." is said, then Hangup
    assert scene.state(call_id) == "completed"
    assert [event for event, _, _ in scene.deliveries(call_id)] == ["incomingcall", "answer", "hangup"]


def test_callbacks_without_the_credentials_are_refused(scene: Scene) -> None:
    scene.emulator.bxml_application(IVR_NUMBER, scene.ivr_url.replace(f"{USER}:{PASSWORD}@", ""))

    call_id = scene.incoming_call()

    assert scene.deliveries(call_id)[:2] == [("incomingcall", "", 401), ("answer", "", 401)]
    assert scene.state(call_id) == "completed"  # no document: the call ends, and its events say why
    notes = [event.get("data") for event in scene.emulator.events(call_id) if event["name"] == "bxml"]
    assert notes == [
        "error: the request for BXML to http://127.0.0.1:{}/ failed: HTTP 401".format(
            scene.ivr_url.rpartition(":")[2].rstrip("/")
        )
    ]
