"""The example IVR end to end: the emulator posts real callbacks to the IVR's real WSGI server on loopback,
and the IVR drives the call through the SDK over real HTTP."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from bandwidth.emulator import Emulator

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "ivr.py"
CALLER = "+19195551212"
IVR_NUMBER = "+19195550000"
SALES = "+19195550100"
MESSAGE = "https://example.com/hours.mp3"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example_ivr", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Scene:
    """The emulator, the IVR served on loopback, and helpers to play the caller."""

    def __init__(self, emulator: Emulator, ivr_url: str) -> None:
        self.emulator = emulator
        self.ivr_url = ivr_url

    def incoming_call(self) -> str:
        call_id = self.emulator.incoming_call(CALLER, IVR_NUMBER, callback_url=self.ivr_url)
        self.settle()
        return call_id

    def settle(self) -> None:
        assert self.emulator.wait_idle(timeout=10), "callbacks still pending"

    def deliveries(self, call_id: str) -> list[tuple[str, int | None]]:
        return [
            (delivery.event_type, delivery.status_code)
            for delivery in self.emulator.deliveries
            if delivery.call_id == call_id
        ]


@pytest.fixture
def scene() -> Iterator[Scene]:
    ivr = load_example()
    with Emulator() as emulator, emulator.client() as client:
        router = ivr.build_ivr(
            client, sales_number=SALES, message_url=MESSAGE, username="bw", password="callback-secret"
        )
        server = ivr.serve(router)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            yield Scene(emulator, f"http://bw:callback-secret@127.0.0.1:{server.server_port}/")
        finally:
            server.shutdown()
            server.server_close()


def test_incoming_call_hears_the_menu_and_a_gather_waits(scene: Scene) -> None:
    call_id = scene.incoming_call()

    assert scene.emulator.call(call_id)["state"] == "active"
    assert scene.emulator.played(call_id) == [load_example().MENU]
    assert ("incomingcall", 200) in scene.deliveries(call_id)


def test_pressing_1_transfers_to_sales(scene: Scene) -> None:
    call_id = scene.incoming_call()

    scene.emulator.press(call_id, "1")
    scene.settle()
    scene.emulator.advance(2)  # sales rings, then answers
    scene.settle()

    sales_calls = [other for other in scene.emulator.call_ids() if scene.emulator.call(other)["to"] == SALES]
    assert len(sales_calls) == 1
    assert scene.emulator.call(sales_calls[0])["state"] == "active"
    assert "A caller from the menu" in scene.emulator.played(sales_calls[0])
    assert [event for event, _ in scene.deliveries(call_id)][:2] == ["incomingcall", "speak"]
    assert ("gather", 200) in scene.deliveries(call_id)


def test_pressing_2_plays_the_message_then_hangs_up(scene: Scene) -> None:
    call_id = scene.incoming_call()

    scene.emulator.press(call_id, "2")
    scene.settle()
    scene.emulator.advance(5)  # the message plays to its end
    scene.settle()

    assert scene.emulator.played(call_id)[-1] == MESSAGE
    assert scene.emulator.call(call_id)["state"] == "completed"
    events = [event for event, _ in scene.deliveries(call_id)]
    assert events.index("gather") < events.index("playback") < events.index("hangup")


def test_no_choice_says_goodbye_and_hangs_up(scene: Scene) -> None:
    call_id = scene.incoming_call()

    scene.emulator.advance(30)  # the prompt ends and 10 s pass with no digit
    scene.settle()
    scene.emulator.advance(5)  # "Goodbye." is spoken
    scene.settle()

    assert scene.emulator.played(call_id)[-1] == load_example().GOODBYE
    assert scene.emulator.call(call_id)["state"] == "completed"
    gathers = [
        d.payload for d in scene.emulator.deliveries if d.call_id == call_id and d.event_type == "gather"
    ]
    assert gathers and gathers[0]["reason"] == "inter-digit-timeout"


def test_callbacks_without_the_credentials_are_refused(scene: Scene) -> None:
    anonymous = scene.ivr_url.replace("bw:callback-secret@", "")
    call_id = scene.emulator.incoming_call(CALLER, IVR_NUMBER, callback_url=anonymous)
    scene.settle()

    assert scene.deliveries(call_id)[0] == ("incomingcall", 401)
    assert scene.emulator.played(call_id) == []
