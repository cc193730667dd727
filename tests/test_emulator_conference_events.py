"""The far end in the emulator's conferences: callbacks sent to a real loopback receiver in order, the
members' keys, and callers joining in one step (the control API)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from bandwidth.callbacks import (
    ConferenceEvent,
    ConferenceMemberEvent,
    ConferencePlaybackEvent,
    ConferenceSpeakEvent,
    parse_callback,
)
from bandwidth.emulator import CallbackReceiver, Emulator, EmulatorError, InvalidInputError, ReceivedRequest

HOST = "+19195551212"
CALLEE = "+19195553434"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(ring_seconds=0, speak_chars_per_second=10) as emulator:
        yield emulator


@pytest.fixture
def http(emu: Emulator) -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.auth = (emu.api_token, emu.api_secret)
        session.trust_env = False
        yield session


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    with CallbackReceiver() as callback_receiver:
        yield callback_receiver


def api(emu: Emulator, path: str) -> str:
    return f"{emu.url}/v1/users/{emu.user_id}{path}"


def created(response: requests.Response) -> str:
    assert response.status_code == 201, response.text
    return response.headers["Location"].rpartition("/")[2]


def new_conference(http: requests.Session, emu: Emulator, **body: Any) -> str:
    return created(http.post(api(emu, "/conferences"), json={"from": HOST, **body}))


def error_of(response: requests.Response) -> tuple[int, str, str]:
    body = response.json()
    assert set(body) == {"category", "code", "message", "details"}
    return response.status_code, body["category"], body["code"]


def summary(requests_: list[ReceivedRequest]) -> list[tuple[Any, ...]]:
    """Each event's type and what changed: status, or the member's state, mute, hold and the count."""
    rows: list[tuple[Any, ...]] = []
    for item in requests_:
        event = item.event
        if event["eventType"] == "conference-member":
            rows.append(("member", event["state"], event["mute"], event["hold"], event["activeMembers"]))
        else:
            rows.append((event["eventType"], event.get("status") or event.get("dtmfDigit")))
    return rows


def test_conference_events_arrive_in_order_with_the_documented_payloads(
    emu: Emulator, http: requests.Session, receiver: CallbackReceiver
) -> None:
    conference_id = new_conference(http, emu, callbackUrl=f"{receiver.url}/conference")
    uri = api(emu, f"/conferences/{conference_id}")
    call_id = created(
        http.post(api(emu, "/calls"), json={"from": HOST, "to": CALLEE, "conferenceId": conference_id})
    )
    member_id = created(http.post(f"{uri}/members", json={"callId": call_id}))
    joined = emu.join_conference(conference_id, "+19195557777")
    member = f"{uri}/members/{member_id}"
    http.post(member, json={"mute": True})
    http.post(member, json={"mute": True})  # no change: no event
    http.post(member, json={"joinTone": True})  # tones are not what the member event reports
    http.post(member, json={"hold": True, "mute": False})
    http.post(uri, json={"mute": True})  # the conference's own mute: no member event
    http.post(f"{uri}/audio", json={"sentence": "Welcome all"})  # 11 characters: 1.1 s
    emu.advance(2)
    http.post(f"{uri}/audio", json={"fileUrl": "https://example.com/hold.wav", "tag": "music"})
    http.post(member, json={"state": "completed"})
    http.post(uri, json={"state": "completed"})

    received = receiver.wait_for(11)
    assert summary(received) == [
        ("conference", "created"),
        ("member", "active", False, False, 1),
        ("member", "active", False, False, 2),
        ("member", "active", True, False, 2),
        ("member", "active", False, True, 2),
        ("conference-speak", "started"),
        ("conference-speak", "done"),
        ("conference-playback", "started"),
        ("member", "completed", False, True, 1),
        ("member", "completed", False, False, 0),  # the conference ends: its members leave,
        ("conference", "completed"),  # then the conference event; what played stops silently
    ]
    assert all(item.path == "/conference" and item.method == "POST" for item in received)
    events = [item.event for item in received]
    created_time = events[0]["createdTime"]
    assert events[0] == {
        "eventType": "conference",
        "conferenceId": conference_id,
        "conferenceUri": uri,
        "status": "created",
        "createdTime": created_time,
    }
    assert events[1] == {
        "eventType": "conference-member",
        "conferenceId": conference_id,
        "callId": call_id,
        "memberId": member_id,
        "memberUri": member,
        "state": "active",
        "hold": False,
        "mute": False,
        "activeMembers": 1,
        "time": events[1]["time"],
    }
    assert events[2]["callId"] == joined.call_id and events[2]["memberId"] == joined.member_id
    assert events[5] == {
        "eventType": "conference-speak",
        "conferenceId": conference_id,
        "conferenceUri": uri,
        "status": "started",
        "time": events[5]["time"],
    }
    assert events[7]["tag"] == "music"
    assert set(events[10]) == {
        "eventType",
        "conferenceId",
        "conferenceUri",
        "status",
        "createdTime",
        "completedTime",
    }
    assert events[10]["createdTime"] == created_time

    kinds = [
        ConferenceEvent,
        *[ConferenceMemberEvent] * 4,
        *[ConferenceSpeakEvent] * 2,
        ConferencePlaybackEvent,
    ]
    assert [type(parse_callback(event)) for event in events[:8]] == kinds  # the typed callbacks read them
    ids = [item.headers["X-Callback-Event-Id"] for item in received]
    assert len(set(ids)) == len(ids)
    assert emu.wait_idle()
    assert {delivery.call_id for delivery in emu.deliveries} == {conference_id}


def test_conference_tag_get_method_fallback_and_a_new_callback_url(
    emu: Emulator, http: requests.Session, receiver: CallbackReceiver
) -> None:
    receiver.respond("/down", status=503)
    conference_id = new_conference(
        http,
        emu,
        callbackUrl=f"{receiver.url}/down",
        fallbackUrl=f"{receiver.url}/fallback",
        callbackHttpMethod="GET",
        tag="weekly",
    )
    joined = emu.join_conference(conference_id, "+19195557777")
    receiver.wait_for(2, path="/fallback")
    http.post(api(emu, f"/conferences/{conference_id}"), json={"callbackUrl": f"{receiver.url}/new"})
    emu.hangup(joined.call_id)

    fallback = receiver.wait_for(2, path="/fallback")
    assert [item.method for item in fallback] == ["GET", "GET"]
    assert fallback[0].query == {
        "eventType": "conference",
        "conferenceId": conference_id,
        "conferenceUri": api(emu, f"/conferences/{conference_id}"),
        "status": "created",
        "createdTime": fallback[0].query["createdTime"],
        "tag": "weekly",
    }
    assert (fallback[1].query["mute"], fallback[1].query["activeMembers"], fallback[1].query["tag"]) == (
        "false",
        "1",
        "weekly",
    )
    moved = receiver.wait_for(2, path="/new")
    assert summary(moved) == [("member", "completed", "false", "false", "0"), ("conference", "completed")]
    assert len(receiver.wait_for(2, path="/down")) == 2


def test_conference_audio_reaches_the_members_who_hear(emu: Emulator, http: requests.Session) -> None:
    conference_id = new_conference(http, emu)
    listening = emu.join_conference(conference_id, "+19195550100")
    held = emu.join_conference(conference_id, "+19195550101", hold=True)
    audio = api(emu, f"/conferences/{conference_id}/audio")
    http.post(audio, json={"sentence": "Agenda first", "loopEnabled": True})
    emu.advance(60)
    assert emu.conference(conference_id)["state"] == "active"
    http.post(audio, json={"fileUrl": "https://example.com/a.wav"})  # stops the loop (done), then plays
    http.post(audio, json={"fileUrl": ""})  # stops it
    assert http.post(audio, json={"sentence": ""}).status_code == 200  # nothing plays: still fine
    http.post(api(emu, f"/conferences/{conference_id}"), json={"hold": True})
    http.post(audio, json={"sentence": "Nobody hears this"})
    assert emu.played(listening.call_id) == ["Agenda first", "https://example.com/a.wav"]
    assert emu.played(held.call_id) == []


def test_audio_to_one_member_is_its_calls_audio(
    emu: Emulator, http: requests.Session, receiver: CallbackReceiver
) -> None:
    conference_id = new_conference(http, emu, callbackUrl=f"{receiver.url}/conference")
    joined = emu.join_conference(conference_id, "+19195550100", callback_url=f"{receiver.url}/call")
    other = emu.join_conference(conference_id, "+19195550101")
    audio = api(emu, f"/conferences/{conference_id}/members/{joined.member_id}/audio")
    assert http.post(audio, json={"sentence": "Only for you", "tag": "private"}).status_code == 200
    emu.advance(5)
    stopped = http.post(audio, json={"sentence": ""})  # nothing plays now: as for a call
    assert stopped.json()["code"] == "call-audio-invalid-state"
    assert emu.played(joined.call_id) == ["Only for you"]
    assert emu.played(other.call_id) == []
    to_call = receiver.wait_for(3, path="/call")
    assert summary(to_call) == [("incomingcall", None), ("speak", "started"), ("speak", "done")]
    assert to_call[1].event["tag"] == "private"
    assert emu.wait_idle()
    assert [item.event_type for item in receiver.requests if item.path == "/conference"] == [
        "conference",
        "conference-member",
        "conference-member",
    ]


def test_interpret_digits_takes_the_members_keys(
    emu: Emulator, http: requests.Session, receiver: CallbackReceiver
) -> None:
    conference_id = new_conference(http, emu, callbackUrl=f"{receiver.url}/conference")
    joined = emu.join_conference(conference_id, "+19195550100", callback_url=f"{receiver.url}/call")
    emu.join_conference(conference_id, "+19195550101")
    member = api(emu, f"/conferences/{conference_id}/members/{joined.member_id}")
    gather = created(http.post(api(emu, f"/calls/{joined.call_id}/gather"), json={"maxDigits": 2}))

    emu.press(joined.call_id, "0")  # toggles its audio into the conference: muted
    assert http.get(member).json()["mute"] is True
    emu.press(joined.call_id, "0123456789AD")  # unmuted again; the volume keys change nothing seen here
    assert (http.get(member).json()["mute"], http.get(member).json()["hold"]) == (False, False)
    emu.press(joined.call_id, "*")  # blocks its audio both ways: muted and held
    assert (http.get(member).json()["mute"], http.get(member).json()["hold"]) == (True, True)
    emu.press(joined.call_id, "**#12")  # already both: no event; '#' leaves; the keys after it are the call's
    assert http.get(member).json()["state"] == "completed"
    assert emu.call(joined.call_id)["state"] == "active"
    gathered = http.get(api(emu, f"/calls/{joined.call_id}/gather/{gather}")).json()
    assert (gathered["digits"], gathered["reason"]) == ("12", "max-digits")

    to_conference = receiver.wait_for(7, path="/conference")
    assert summary(to_conference)[3:] == [
        ("member", "active", True, False, 2),
        ("member", "active", False, False, 2),
        ("member", "active", True, True, 2),
        ("member", "completed", True, True, 1),
    ]
    to_call = receiver.wait_for(4, path="/call")
    assert summary(to_call) == [("incomingcall", None), ("dtmf", "1"), ("dtmf", "2"), ("gather", None)]
    assert [event["data"] for event in emu.events(joined.call_id) if event["name"] == "dtmf"] == ["1", "2"]


def test_passthru_digits_reach_the_call(
    emu: Emulator, http: requests.Session, receiver: CallbackReceiver
) -> None:
    conference_id = new_conference(http, emu, profile="passthru_digits")
    joined = emu.join_conference(conference_id, "+19195550100", callback_url=f"{receiver.url}/call")
    gather = created(http.post(api(emu, f"/calls/{joined.call_id}/gather"), json={"maxDigits": 3}))
    emu.press(joined.call_id, "0*#")
    member = http.get(api(emu, f"/conferences/{conference_id}/members/{joined.member_id}")).json()
    assert (member["state"], member["mute"], member["hold"]) == ("active", False, False)
    gathered = http.get(api(emu, f"/calls/{joined.call_id}/gather/{gather}")).json()
    assert (gathered["digits"], gathered["reason"]) == ("0*", "terminating-digit")
    assert summary(receiver.wait_for(5, path="/call"))[1:] == [
        ("dtmf", "0"),
        ("dtmf", "*"),
        ("dtmf", "#"),
        ("gather", None),
    ]


def test_a_members_hangup_ends_the_conference_it_was_last_in(
    emu: Emulator, http: requests.Session, receiver: CallbackReceiver
) -> None:
    conference_id = new_conference(http, emu, callbackUrl=f"{receiver.url}/conference")
    first = emu.join_conference(conference_id, "+19195550100", callback_url=f"{receiver.url}/call")
    second = emu.join_conference(conference_id, "+19195550101")
    emu.hangup(first.call_id)
    emu.hangup(second.call_id)
    assert summary(receiver.wait_for(6, path="/conference")) == [
        ("conference", "created"),
        ("member", "active", False, False, 1),
        ("member", "active", False, False, 2),
        ("member", "completed", False, False, 1),
        ("member", "completed", False, False, 0),
        ("conference", "completed"),
    ]
    assert summary(receiver.wait_for(2, path="/call")) == [("incomingcall", None), ("hangup", None)]
    assert [event["name"] for event in emu.events(first.call_id)][-2:] == ["hangup", "conference"]
    assert emu.conference(conference_id)["state"] == "completed"


# -- the far-end joiner --------------------------------------------------------------------------------------


def test_join_conference_makes_an_answered_incoming_call_and_a_member(
    emu: Emulator, http: requests.Session
) -> None:
    conference_id = new_conference(http, emu, **{"from": "+19195550000"})
    joined = emu.join_conference(conference_id, "+19195557777", mute=True, leaving_tone=True)
    call = emu.call(joined.call_id)
    assert (call["direction"], call["from"], call["to"], call["state"], call["conferenceId"]) == (
        "in",
        "+19195557777",
        "+19195550000",  # it called the conference's number
        "active",
        conference_id,
    )
    member = http.get(api(emu, f"/conferences/{conference_id}/members/{joined.member_id}")).json()
    assert (member["state"], member["mute"], member["hold"], member["leavingTone"], member["joinTone"]) == (
        "active",
        True,
        False,
        True,
        False,
    )
    assert member["call"] == api(emu, f"/calls/{joined.call_id}")
    assert [event["name"] for event in emu.events(joined.call_id)] == ["create", "incomingcall", "conference"]


def test_join_conference_refuses_before_making_a_call(emu: Emulator, http: requests.Session) -> None:
    conference_id = new_conference(http, emu)
    with pytest.raises(EmulatorError) as unknown:
        emu.join_conference("conf-nope", "+19195557777")
    assert (unknown.value.status, unknown.value.code) == (404, "conference-not-found")
    with pytest.raises(InvalidInputError):
        emu.join_conference(conference_id, "not a number")
    with pytest.raises(InvalidInputError):
        emu.join_conference(conference_id, "+19195557777", mute="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        emu.join_conference(conference_id, "+19195557777", callback_url="https://example.com/cb")
    http.post(api(emu, f"/conferences/{conference_id}"), json={"state": "completed"})
    with pytest.raises(EmulatorError) as closed:
        emu.join_conference(conference_id, "+19195557777")
    assert (closed.value.status, closed.value.code) == (403, "conference-error")
    assert emu.call_ids() == []


def test_join_over_the_control_api(emu: Emulator, http: requests.Session) -> None:
    conference_id = new_conference(http, emu)
    control = f"{emu.url}/_emulator/conferences/{conference_id}/join"
    answer = requests.post(control, json={"from": "+19195557777", "hold": True})
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"callId", "memberId", "call", "member"}
    assert (
        answer.headers["Location"]
        == body["member"]
        == api(emu, f"/conferences/{conference_id}/members/{body['memberId']}")
    )
    assert http.get(body["member"]).json()["hold"] is True
    assert http.get(body["call"]).json()["state"] == "active"
    assert error_of(
        requests.post(control, data='{"from": "+19195557777"}', headers={"Content-Type": "text/plain"})
    )[:3] == (415, "bad-request", "unsupported-media-type")
    for bad in ({}, {"from": 19195557777}, {"from": "+19195557777", "mute": "true"}, {"from": "x"}):
        assert error_of(requests.post(control, json=bad))[:3] == (400, "bad-request", "validation-error"), bad
    missing = requests.post(f"{emu.url}/_emulator/conferences/conf-nope/join", json={"from": "+19195557777"})
    assert error_of(missing)[2] == "conference-not-found"
    assert emu.conference(conference_id)["activeMembers"] == 1

    with Emulator(control_token="secret-token") as guarded:
        refused = requests.post(
            f"{guarded.url}/_emulator/conferences/conf-x/join", json={"from": "+19195557777"}
        )
        assert refused.status_code == 401


def test_reset_forgets_conferences(emu: Emulator, http: requests.Session) -> None:
    conference_id = new_conference(http, emu)
    emu.join_conference(conference_id, "+19195557777")
    emu.reset()
    assert error_of(http.get(api(emu, f"/conferences/{conference_id}")))[2] == "conference-not-found"
