"""Conferences through the SDK (typed API and dict facade) against the emulator over real loopback HTTP:
the conference's life, its members, audio, errors, and its callbacks read back as typed events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bandwidth import (
    CallState,
    Client,
    ConferenceMemberState,
    ConferenceState,
    PermissionDeniedError,
    RateLimitError,
)
from bandwidth.callbacks import (
    ConferenceEvent,
    ConferenceMemberEvent,
    ConferenceSpeakEvent,
    ConferenceStatus,
    PlaybackStatus,
    parse_callback,
)
from bandwidth.emulator import CallbackReceiver, Emulator

HOST = "+19195551212"
CALLERS = ("+19195550101", "+19195550102")
DIALED = "+19195550103"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(ring_seconds=1) as emulator:
        yield emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[Client]:
    with emu.client() as sdk_client:
        yield sdk_client


def test_a_conference_from_creation_to_termination(client: Client, emu: Emulator) -> None:
    with CallbackReceiver() as receiver:
        conference = client.conferences.create(from_=HOST, callback_url=f"{receiver.url}/conf", tag="weekly")
        assert conference.state is ConferenceState.CREATED
        assert (conference.active_members, conference.tag) == (0, "weekly")

        # three members: two callers dial in, one call is placed for the conference and added
        joined = [emu.join_conference(conference.id, number) for number in CALLERS]
        call = client.calls.create(from_=HOST, to=DIALED, conference_id=conference.id)
        emu.advance(1)  # the far end answers
        added = conference.add_member(call, join_tone=True)
        assert added.state is ConferenceMemberState.ACTIVE
        assert (added.join_tone, added.call_id, added.conference_id) == (True, call.id, conference.id)

        members = list(conference.members())
        assert [member.call_id for member in members] == [*(caller.call_id for caller in joined), call.id]
        assert [member.id for member in members] == [*(caller.member_id for caller in joined), added.id]
        conference = conference.refresh()
        assert (conference.state, conference.active_members) == (ConferenceState.ACTIVE, 3)

        muted, removed, _ = members
        muted.mute()
        assert muted.refresh().muted is True

        conference.speak("Welcome to the weekly call", voice="kate", tag="welcome")
        for member in members:
            assert emu.played(str(member.call_id))[-1:] == ["Welcome to the weekly call"]
        emu.advance(10)  # the sentence ends

        removed.remove()
        gone = removed.refresh()
        assert gone.state is ConferenceMemberState.COMPLETED
        assert gone.removed_time is not None
        assert removed.call.refresh().state is CallState.ACTIVE  # leaving a conference is not hanging up
        assert conference.refresh().active_members == 2

        conference.terminate()
        ended = conference.refresh()
        assert ended.state is ConferenceState.COMPLETED
        assert ended.completed_time is not None
        assert {member.state for member in conference.members()} == {ConferenceMemberState.COMPLETED}

        emu.wait_idle()
        events = [parse_callback(request.event, client=client) for request in receiver.requests]

    conference_events = [event for event in events if isinstance(event, ConferenceEvent)]
    assert [event.status for event in conference_events] == [
        ConferenceStatus.CREATED,
        ConferenceStatus.COMPLETED,
    ]
    assert {event.conference.id for event in events if isinstance(event, ConferenceEvent)} == {conference.id}
    member_events = [event for event in events if isinstance(event, ConferenceMemberEvent)]
    assert [(event.member.id, event.state, event.mute) for event in member_events] == [
        (joined[0].member_id, ConferenceMemberState.ACTIVE, False),
        (joined[1].member_id, ConferenceMemberState.ACTIVE, False),
        (added.id, ConferenceMemberState.ACTIVE, False),
        (muted.id, ConferenceMemberState.ACTIVE, True),
        (removed.id, ConferenceMemberState.COMPLETED, False),
        (muted.id, ConferenceMemberState.COMPLETED, True),
        (added.id, ConferenceMemberState.COMPLETED, False),
    ]
    assert all(event.member.call_id == event.call_id for event in member_events)
    speak_events = [event for event in events if isinstance(event, ConferenceSpeakEvent)]
    assert [(event.status, event.tag) for event in speak_events] == [  # type: ignore[attr-defined]  # an extra
        (PlaybackStatus.STARTED, "welcome"),
        (PlaybackStatus.DONE, "welcome"),
    ]


def test_member_audio_reaches_that_member_only(client: Client, emu: Emulator) -> None:
    conference = client.conferences.create(from_=HOST)
    first, second = (emu.join_conference(conference.id, number) for number in CALLERS)
    member = client.conferences.member_handle(conference, first.member_id)

    member.speak("Only for you")
    member.play_file("https://example.com/hold.mp3")

    assert emu.played(first.call_id) == ["Only for you", "https://example.com/hold.mp3"]
    assert emu.played(second.call_id) == []


def test_hold_and_mute_the_whole_conference(client: Client, emu: Emulator) -> None:
    conference = client.conferences.create(from_=HOST, profile="passthru_digits")
    emu.join_conference(conference.id, CALLERS[0])

    conference.mute()
    conference.hold()
    held = conference.refresh()
    conference.hold(False)

    assert (held.muted, held.on_hold, held.profile) == (True, True, "passthru_digits")
    assert conference.refresh().on_hold is False


def test_a_full_conference_refuses_a_member_as_a_403_not_a_rate_limit(client: Client, emu: Emulator) -> None:
    conference = client.conferences.create(from_=HOST)
    for number in range(20):
        emu.join_conference(conference.id, f"+1919555{2000 + number}")
    call = client.calls.create(from_=HOST, to=DIALED, conference_id=conference.id)
    emu.advance(1)

    with pytest.raises(PermissionDeniedError) as typed:
        conference.add_member(call)
    with pytest.raises(PermissionDeniedError) as legacy:
        client.create_conference_member(conference.id, call.id)

    for error in (typed.value, legacy.value):
        assert not isinstance(error, RateLimitError)
        assert (error.status_code, error.category, error.code) == (403, "limit", "conference-max-members")


def test_a_completed_conference_refuses_changes(client: Client, emu: Emulator) -> None:
    conference = client.conferences.create(from_=HOST)
    conference.terminate()

    with pytest.raises(PermissionDeniedError) as info:
        conference.speak("Anyone?")

    assert info.value.code == "conference-error"


def test_dict_facade_runs_a_conference(client: Client, emu: Emulator) -> None:
    conference_id = client.create_conference(HOST, tag="facade")
    assert client.get_conference(conference_id)["state"] == "created"
    call_ids = []
    for number in (*CALLERS, DIALED):
        call_ids.append(client.create_call(HOST, number, conference_id=conference_id))
    emu.advance(1)
    member_ids = [
        client.create_conference_member(conference_id, call_id, join_tone="true") for call_id in call_ids
    ]

    client.mute_conference_member(conference_id, member_ids[0], "true")
    client.speak_sentence_to_conference(conference_id, "Hello from the dict API")
    client.play_audio_file_to_conference_member(conference_id, member_ids[1], "https://example.com/a.mp3")
    client.remove_conference_member(conference_id, member_ids[2])

    member = client.get_conference_member(conference_id, member_ids[0])
    assert (member["mute"], member["join_tone"], member["state"]) == (True, True, "active")
    assert emu.played(call_ids[1]) == ["Hello from the dict API", "https://example.com/a.mp3"]
    states = [item["state"] for item in client.list_conference_members(conference_id)]
    assert states == ["active", "active", "completed"]
    assert client.get_conference(conference_id)["active_members"] == 2

    client.terminate_conference(conference_id)
    assert client.get_conference(conference_id)["state"] == "completed"
