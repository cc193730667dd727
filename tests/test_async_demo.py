"""The demo's typed flow and conference (``bandwidth/_demo.py``) with the AsyncClient, on the emulator.

The same steps as ``python -m bandwidth demo`` runs with the sync client, each awaited; every result is
checked against what the demo prints for the sync client and against the emulator's own state.
"""

from __future__ import annotations

import pytest

from bandwidth import (
    AsyncBridge,
    AsyncCall,
    AsyncClient,
    AsyncGather,
    AsyncRecording,
    BridgeState,
    CallState,
    GatherReason,
)
from bandwidth.emulator import Emulator
from bandwidth.models import AsyncConferenceMember, ConferenceMemberState, ConferenceState

pytest_plugins = ["bandwidth.emulator.pytest_plugin"]
pytestmark = pytest.mark.anyio

CALLER, CUSTOMER, AGENT = "+19195551212", "+19195553434", "+19195557878"
CONFEREES = ("+19195550101", "+19195550102", "+19195550103")


async def test_the_demo_call_flow(bandwidth_emulator: Emulator, bandwidth_async_client: AsyncClient) -> None:
    emulator, client = bandwidth_emulator, bandwidth_async_client

    call = await client.calls.create(from_=CALLER, to=CUSTOMER, transcription_enabled=True, tag="demo")
    assert (type(call), call.state, call.to) == (AsyncCall, CallState.STARTED, CUSTOMER)
    emulator.advance(1)
    call = await call.refresh()
    assert call.state is CallState.ACTIVE

    await call.speak("Welcome to the demo. Press 1 for sales, 2 for support.", voice="Kate")
    emulator.advance(5)
    gather = await call.gather(max_digits=1, prompt={"sentence": "Please choose now."})
    assert type(gather) is AsyncGather
    emulator.press(call.id, "1")
    gather = await gather.refresh()
    assert (gather.digits, gather.reason) == ("1", GatherReason.MAX_DIGITS)

    agent = await client.calls.create(from_=CALLER, to=AGENT)
    emulator.advance(1)
    bridge = await client.bridges.create(call_ids=[call, agent], bridge_audio=True)
    assert (type(bridge), bridge.state) == (AsyncBridge, BridgeState.ACTIVE)
    assert sorted([member.id async for member in bridge.calls()]) == sorted([call.id, agent.id])

    await call.enable_recording()
    emulator.speak(call.id, "Hi, I would like to hear about your new plans.")
    emulator.advance(10)
    await call.disable_recording()
    emulator.advance(5)

    await call.hangup()
    await agent.hangup()
    emulator.advance(1)
    call = await call.refresh()
    assert call.state is CallState.COMPLETED
    assert call.chargeable_duration is not None and call.chargeable_duration > 0

    events = [event.name async for event in call.events()]
    assert len(events) > 2
    recordings = [recording async for recording in call.recordings()]
    assert [type(recording) for recording in recordings] == [AsyncRecording]
    transcriptions = [transcription async for transcription in call.transcriptions()]
    assert any("hear about your new plans" in (item.text or "") for item in transcriptions)
    assert emulator.played(call.id)[0].startswith("Welcome to the demo")
    assert emulator.call(agent.id)["state"] == "completed"


async def test_the_demo_conference(bandwidth_emulator: Emulator, bandwidth_async_client: AsyncClient) -> None:
    emulator, client = bandwidth_emulator, bandwidth_async_client

    conference = await client.conferences.create(from_=CALLER, tag="demo")
    for number in CONFEREES[:2]:
        emulator.join_conference(conference.id, number)
    call = await client.calls.create(from_=CALLER, to=CONFEREES[2], conference_id=conference.id)
    emulator.advance(1)
    member = await conference.add_member(call, join_tone=True)
    assert type(member) is AsyncConferenceMember
    conference = await conference.refresh()
    assert (conference.state, conference.active_members) == (ConferenceState.ACTIVE, 3)

    first, second, _ = [member async for member in conference.members()]
    await first.mute()
    assert (await first.refresh()).muted is True
    await conference.speak("Welcome, everyone.")
    emulator.advance(3)
    await second.remove()
    assert (await second.refresh()).state is ConferenceMemberState.COMPLETED
    assert (await second.call.refresh()).state is CallState.ACTIVE  # its call stays up
    await conference.terminate()
    assert (await conference.refresh()).state is ConferenceState.COMPLETED
