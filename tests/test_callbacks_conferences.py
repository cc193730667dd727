"""Conference callback events link to the conference and the member they are about, without a request.

The payloads are the reference's examples (``tests/data/callbacks/conference_*.json``); the handles' requests
are replayed from cassettes of the documented traffic.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from vcr.cassette import Cassette

from bandwidth import Client, Conference, ConferenceMember, DetachedModelError
from bandwidth.callbacks import (
    ConferenceEvent,
    ConferenceMemberEvent,
    ConferencePlaybackEvent,
    ConferenceSpeakEvent,
    parse_callback,
    parse_callback_query,
)

DATA = Path(__file__).resolve().parent / "data" / "callbacks"
EXAMPLES = sorted(path.stem for path in DATA.glob("conference_*.json"))
MEMBER_EXAMPLES = [name for name in EXAMPLES if name.startswith("conference_member_")]
EVENTS = (ConferenceEvent, ConferenceMemberEvent, ConferencePlaybackEvent, ConferenceSpeakEvent)


def example(name: str) -> bytes:
    return (DATA / f"{name}.json").read_bytes()


def test_every_conference_example_is_here() -> None:
    assert len(EXAMPLES) == 9
    assert len(MEMBER_EXAMPLES) == 3


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_conference_event_gives_the_conference(name: str, client: Client, cassette: Cassette) -> None:
    event = parse_callback(example(name), client=client)
    assert isinstance(event, EVENTS)

    conference = event.conference

    assert isinstance(conference, Conference)
    assert conference.id == event.conference_id == "{conferenceId}"
    assert conference.is_bound
    assert conference.state is None  # a handle: nothing was read
    assert len(cassette) == 0


@pytest.mark.parametrize("name", MEMBER_EXAMPLES)
def test_a_member_event_gives_the_member_and_its_call(name: str, client: Client, cassette: Cassette) -> None:
    event = parse_callback(example(name), client=client)
    assert isinstance(event, ConferenceMemberEvent)

    member = event.member

    assert isinstance(member, ConferenceMember)
    assert (member.id, member.conference_id, member.call_id) == ("{memberId}", "{conferenceId}", "{callId}")
    assert member.is_bound
    assert member.state is None and member.muted is None  # the event's values are the event's, not read
    assert member.call.id == event.call.id == "{callId}"
    assert len(cassette) == 0


@pytest.mark.parametrize("name", EXAMPLES)
def test_detached_conference_event_refuses_to_reach_the_api(name: str) -> None:
    event = parse_callback(example(name))
    assert isinstance(event, EVENTS)

    with pytest.raises(DetachedModelError, match="parse_callback"):
        _ = event.conference
    if isinstance(event, ConferenceMemberEvent):
        with pytest.raises(DetachedModelError, match="parse_callback"):
            _ = event.member


def test_member_event_mute_is_one_request(client: Client, cassette: Cassette) -> None:
    event = parse_callback(
        b'{"eventType": "conference-member", "conferenceId": "conf-abc123", "memberId": "member-abc123",'
        b' "callId": "c-abc123", "state": "active", "mute": false, "hold": false, "activeMembers": 1}',
        client=client,
    )

    assert isinstance(event, ConferenceMemberEvent)
    event.member.mute()
    assert cassette.play_count == 1


def test_conference_event_by_get_terminate_is_one_request(client: Client, cassette: Cassette) -> None:
    event = parse_callback_query(
        "eventType=conference-playback&conferenceId=conf-abc123&status=done&time=2013-07-12T21:18:19.966Z",
        client=client,
    )

    assert isinstance(event, ConferencePlaybackEvent)
    event.conference.terminate()
    assert cassette.play_count == 1


@pytest.mark.parametrize("name", MEMBER_EXAMPLES)
def test_a_member_event_reads_mute_and_hold_under_the_models_names_too(name: str) -> None:
    """ConferenceMember calls them muted and on_hold (its mute() and hold() are methods); the event keeps
    the API's names as fields, and answers to both."""
    sent = parse_callback(example(name))
    assert isinstance(sent, ConferenceMemberEvent)
    muted = parse_callback_query(
        "eventType=conference-member&conferenceId=conf-1&memberId=m-1&callId=c-1&mute=true&hold=false"
    )
    assert isinstance(muted, ConferenceMemberEvent)

    assert (sent.muted, sent.on_hold) == (sent.mute, sent.hold)
    assert (muted.muted, muted.on_hold, muted.mute, muted.hold) == (True, False, True, False)
    assert "muted" not in muted.model_dump() and "on_hold" not in muted.model_dump()
    assert set(muted.model_dump(by_alias=True, exclude_unset=True)) >= {"mute", "hold"}
