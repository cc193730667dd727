"""``python -m bandwidth demo``: a whole call flow and a conference, typed and then through the dict API, on
the emulator.

Everything runs in-process: the emulator listens on a loopback port with a manual clock, and the demo plays
the far end (answering, pressing digits) through the emulator's control API.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from ._client import Client

if TYPE_CHECKING:
    from .emulator import Emulator

CALLER = "+19195551212"
CUSTOMER = "+19195553434"
AGENT = "+19195557878"
CONFEREES = ("+19195550101", "+19195550102", "+19195550103")


class _Steps:
    """Numbered, readable output of what the demo does and sees."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def section(self, title: str) -> None:
        print(f"\n== {title}", file=self.out)

    def step(self, text: str) -> None:
        self.count += 1
        print(f"{self.count:>3}. {text}", file=self.out)

    def detail(self, text: str) -> None:
        print(f"       {text}", file=self.out)


def run(out: TextIO = sys.stdout) -> int:
    """Run the demo; returns the process exit code."""
    try:
        from .emulator import Emulator
    except ImportError as missing:
        print(f"The demo runs on the built-in emulator: {missing}", file=sys.stderr)
        return 1

    steps = _Steps(out)
    with Emulator() as emulator, emulator.client() as client:
        steps.section(f"Emulator listening at {emulator.url} (manual clock)")
        _typed_flow(client, emulator, steps)
        _typed_conference(client, emulator, steps)
        _dict_flow(client, emulator, steps)
        _dict_conference(client, emulator, steps)
    steps.section(f"Done: {steps.count} steps, every one a real HTTP request or emulator action")
    return 0


def _typed_flow(client: Client, emulator: Emulator, steps: _Steps) -> None:
    advance, press = emulator.advance, emulator.press
    steps.section("Typed API: client.calls, Call, Gather, Bridge, Recording")

    call = client.calls.create(from_=CALLER, to=CUSTOMER, transcription_enabled=True, tag="demo")
    steps.step(f"client.calls.create(...) -> Call {call.id}, state={call.state}, to={call.to}")

    advance(1)
    call = call.refresh()
    steps.step(f"far end answers after a 1 s ring; call.refresh() -> state={call.state}")

    call.speak("Welcome to the demo. Press 1 for sales, 2 for support.", voice="Kate")
    steps.step('call.speak("Welcome ... Press 1 for sales, 2 for support.")')
    advance(5)

    gather = call.gather(max_digits=1, prompt={"sentence": "Please choose now."})
    steps.step(f"call.gather(max_digits=1, prompt=...) -> Gather {gather.id}, state={gather.state}")
    press(call.id, "1")
    gather = gather.refresh()
    steps.step(f"far end presses 1; gather.refresh() -> digits={gather.digits!r}, reason={gather.reason}")

    agent = client.calls.create(from_=CALLER, to=AGENT)
    advance(1)
    bridge = client.bridges.create(call_ids=[call, agent], bridge_audio=True)
    steps.step(f"second call {agent.id} answers")
    steps.step(f"client.bridges.create(call_ids=[call, agent]) -> Bridge {bridge.id}, state={bridge.state}")
    steps.detail(f"calls in the bridge: {[member.id for member in bridge.calls()]}")

    call.enable_recording()
    steps.step("call.enable_recording()")
    emulator.speak(call.id, "Hi, I would like to hear about your new plans.")
    steps.step("the caller says something while the call is recorded")
    advance(10)
    call.disable_recording()
    steps.step("10 s later: call.disable_recording()")
    advance(5)

    call.hangup()
    agent.hangup()
    advance(1)
    call = call.refresh()
    steps.step(f"call.hangup(), agent.hangup() -> state={call.state}, billed {call.chargeable_duration} s")

    events = [event.name for event in call.events()]
    steps.step(f"call.events() -> {len(events)} events: {', '.join(str(name) for name in events)}")
    for recording in call.recordings():
        steps.step(f"call.recordings() -> Recording {recording.id}, state={recording.state}")
        steps.detail(
            f"{recording.start_time:%H:%M:%S} to {recording.end_time:%H:%M:%S}, media {recording.media_name}"
        )
    for transcription in call.transcriptions():
        steps.step(f"call.transcriptions() -> Transcription {transcription.id}, state={transcription.state}")
        steps.detail(f"text: {transcription.text!r}")


def _typed_conference(client: Client, emulator: Emulator, steps: _Steps) -> None:
    steps.section(
        "Typed API: a conference of three callers (client.conferences, Conference, ConferenceMember)"
    )

    conference = client.conferences.create(from_=CALLER, tag="demo")
    steps.step(
        f"client.conferences.create(from_=...) -> Conference {conference.id}, state={conference.state}"
    )
    for number in CONFEREES[:2]:
        emulator.join_conference(conference.id, number)
    steps.step(f"{CONFEREES[0]} and {CONFEREES[1]} dial in")
    call = client.calls.create(from_=CALLER, to=CONFEREES[2], conference_id=conference.id)
    emulator.advance(1)
    member = conference.add_member(call, join_tone=True)
    steps.step(f"a call to {CONFEREES[2]} answers; conference.add_member(call) -> {member.id}")
    conference = conference.refresh()
    steps.step(
        f"conference.refresh() -> state={conference.state}, active_members={conference.active_members}"
    )

    first, second, _ = conference.members()
    first.mute()
    steps.step(f"first member .mute(); .refresh() -> muted={first.refresh().muted}")
    conference.speak("Welcome, everyone.")
    steps.step('conference.speak("Welcome, everyone.")')
    emulator.advance(3)
    second.remove()
    call_state = second.call.refresh().state
    steps.step(f"second member .remove() -> state={second.refresh().state}; its call stays {call_state}")
    conference.terminate()
    steps.step(f"conference.terminate() -> state={conference.refresh().state}")


def _dict_flow(client: Client, emulator: Emulator, steps: _Steps) -> None:
    advance, press = emulator.advance, emulator.press
    steps.section("The same flow through the original dict API (client.create_call ...)")

    call_id = client.create_call(from_=CALLER, to=CUSTOMER, transcription_enabled=True)
    steps.step(f"client.create_call(...) -> {call_id!r}")
    advance(1)
    steps.step(f"client.get_call(call_id)['state'] -> {client.get_call(call_id)['state']!r}")

    client.speak_sentence_to_call(call_id, "Press 1 for sales, 2 for support.")
    steps.step("client.speak_sentence_to_call(call_id, ...)")
    advance(5)

    gather_id = client.create_call_gather(call_id, max_digits=1)
    press(call_id, "2")
    gather = client.get_call_gather(call_id, gather_id)
    steps.step(f"client.create_call_gather(...) -> {gather_id!r}; after pressing 2: {gather['digits']!r}")

    agent_id = client.create_call(from_=CALLER, to=AGENT)
    advance(1)
    bridge_id = client.create_bridge(call_ids=[call_id, agent_id], bridge_audio=True)
    steps.step(f"client.create_bridge(...) -> {bridge_id!r}, state {client.get_bridge(bridge_id)['state']!r}")

    client.enable_call_recording(call_id)
    emulator.speak(call_id, "Please call me back tomorrow.")
    advance(10)
    client.disable_call_recording(call_id)
    steps.step("client.enable_call_recording / disable_call_recording (10 s recorded)")
    advance(5)

    client.hangup_call(call_id)
    client.hangup_call(agent_id)
    advance(1)
    steps.step(f"client.hangup_call(...) -> state {client.get_call(call_id)['state']!r}")

    events = [event["name"] for event in client.list_call_events(call_id)]
    steps.step(f"client.list_call_events(call_id) -> {len(events)} events")
    recordings = list(client.list_call_recordings(call_id))
    steps.step(f"client.list_call_recordings(call_id) -> {[recording['id'] for recording in recordings]}")
    transcriptions = list(client.list_call_transcriptions(call_id))
    texts = [item["text"] for item in transcriptions]
    steps.step(f"client.list_call_transcriptions(call_id) -> {len(texts)}: {texts}")


def _dict_conference(client: Client, emulator: Emulator, steps: _Steps) -> None:
    steps.section("The conference through the dict API (client.create_conference ...)")

    conference_id = client.create_conference(CALLER)
    steps.step(f"client.create_conference(...) -> {conference_id!r}")
    call_ids = [client.create_call(CALLER, number, conference_id=conference_id) for number in CONFEREES]
    emulator.advance(1)
    member_ids = [client.create_conference_member(conference_id, call_id) for call_id in call_ids]
    steps.step(f"three calls answer; client.create_conference_member(...) x3 -> {member_ids[0]!r} ...")

    client.mute_conference_member(conference_id, member_ids[0], True)
    muted = client.get_conference_member(conference_id, member_ids[0])["mute"]
    steps.step(f"client.mute_conference_member(...) -> get_conference_member(...)['mute'] {muted!r}")
    client.speak_sentence_to_conference(conference_id, "Welcome, everyone.")
    emulator.advance(3)
    client.remove_conference_member(conference_id, member_ids[1])
    states = [member["state"] for member in client.list_conference_members(conference_id)]
    steps.step(f"client.remove_conference_member(...); list_conference_members(...) states {states}")
    client.terminate_conference(conference_id)
    steps.step(f"client.terminate_conference(...) -> state {client.get_conference(conference_id)['state']!r}")
