"""The emulator's conferences over the wire: every state transition and every documented error.

Callbacks, key presses and the far-end joiner are in ``test_emulator_conference_events.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import requests

from bandwidth.emulator import Emulator, EmulatorError

START = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
HOST = "+19195551212"
CALLEE = "+19195553434"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(start_time=START, ring_seconds=0) as emulator:
        yield emulator


@pytest.fixture
def http(emu: Emulator) -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.auth = (emu.api_token, emu.api_secret)
        session.trust_env = False
        yield session


def at(seconds: float) -> str:
    moment = START + timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def api(emu: Emulator, path: str) -> str:
    return f"{emu.url}/v1/users/{emu.user_id}{path}"


def created(response: requests.Response) -> str:
    assert response.status_code == 201, response.text
    return response.headers["Location"].rpartition("/")[2]


def new_conference(http: requests.Session, emu: Emulator, **body: Any) -> str:
    return created(http.post(api(emu, "/conferences"), json={"from": HOST, **body}))


def new_call(http: requests.Session, emu: Emulator, **body: Any) -> str:
    return created(http.post(api(emu, "/calls"), json={"from": HOST, "to": CALLEE, **body}))


def add(http: requests.Session, emu: Emulator, conference_id: str, call_id: str, **flags: Any) -> str:
    return created(
        http.post(api(emu, f"/conferences/{conference_id}/members"), json={"callId": call_id, **flags})
    )


def conference_of(http: requests.Session, emu: Emulator, conference_id: str) -> dict[str, Any]:
    answer = http.get(api(emu, f"/conferences/{conference_id}"))
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    return body


def error_of(response: requests.Response) -> tuple[int, str, str, str]:
    body = response.json()
    assert set(body) == {"category", "code", "message", "details"}
    return response.status_code, body["category"], body["code"], body["message"]


# -- the conference's life -----------------------------------------------------------------------------------


def test_a_conference_goes_created_active_completed_with_exact_fields(
    emu: Emulator, http: requests.Session
) -> None:
    response = http.post(api(emu, "/conferences"), json={"from": HOST})
    conference_id = created(response)
    assert conference_id.startswith("conf-")
    assert response.headers["Location"] == api(emu, f"/conferences/{conference_id}")
    assert response.content == b""
    assert conference_of(http, emu, conference_id) == {
        "id": conference_id,
        "state": "created",
        "from": HOST,
        "createdTime": at(0),
        "activeMembers": 0,
        "hold": False,
        "mute": False,
        "profile": "interpret_digits",
        "callbackHttpMethod": "POST",
        "callbackTimeout": 10_000,
    }

    emu.advance(5)
    first = new_call(http, emu, conferenceId=conference_id)
    answer = http.post(
        api(emu, f"/conferences/{conference_id}/members"), json={"callId": first, "joinTone": "true"}
    )
    member_id = created(answer)
    assert member_id.startswith("member-")
    assert answer.headers["Location"] == api(emu, f"/conferences/{conference_id}/members/{member_id}")
    assert http.get(answer.headers["Location"]).json() == {
        "id": member_id,
        "state": "active",
        "addedTime": at(5),
        "hold": False,
        "mute": False,
        "joinTone": True,
        "leavingTone": False,
        "call": api(emu, f"/calls/{first}"),
    }
    assert (
        conference_of(http, emu, conference_id)["state"],
        emu.conference(conference_id)["activeMembers"],
    ) == (
        "active",
        1,
    )
    second = new_call(http, emu)  # a call not created for it may join it too (then it is its conference)
    second_member = add(http, emu, conference_id, second, mute=True)
    assert http.get(api(emu, f"/calls/{second}")).json()["conferenceId"] == conference_id
    assert conference_of(http, emu, conference_id)["activeMembers"] == 2

    emu.advance(10)
    removed = http.post(answer.headers["Location"], json={"state": "completed"})
    assert (removed.status_code, removed.content) == (200, b"")
    member = http.get(answer.headers["Location"]).json()
    assert (member["state"], member["removedTime"]) == ("completed", at(15))
    assert emu.call(first)["state"] == "active"  # leaving a conference does not hang up
    assert conference_of(http, emu, conference_id)["state"] == "active"

    emu.advance(1)
    http.post(api(emu, f"/conferences/{conference_id}/members/{second_member}"), json={"state": "completed"})
    conference = conference_of(http, emu, conference_id)
    assert (conference["state"], conference["completedTime"], conference["activeMembers"]) == (
        "completed",
        at(16),
        0,
    )
    listed = http.get(api(emu, f"/conferences/{conference_id}/members"))
    assert "Link" not in listed.headers  # the list is not paginated
    assert [(item["id"], item["state"]) for item in listed.json()] == [
        (member_id, "completed"),
        (second_member, "completed"),
    ]
    by_conference = http.get(api(emu, "/calls"), params={"conferenceId": conference_id}).json()
    assert sorted(call["id"] for call in by_conference) == sorted([first, second])
    assert [event["data"] for event in emu.events(first) if event["name"] == "conference"] == [
        f"joined: {member_id}",
        f"left: {member_id}",
    ]


def test_creation_settings_are_kept_and_shown(emu: Emulator, http: requests.Session) -> None:
    conference_id = new_conference(
        http,
        emu,
        callbackUrl="http://127.0.0.1:9/conference",
        callbackHttpMethod="get",
        callbackTimeout="2000",
        fallbackUrl="http://127.0.0.1:9/fallback",
        profile="passthru_digits",
        tag="standup",
    )
    conference = conference_of(http, emu, conference_id)
    assert {name: conference[name] for name in conference if name not in ("id", "createdTime")} == {
        "state": "created",
        "from": HOST,
        "activeMembers": 0,
        "hold": False,
        "mute": False,
        "profile": "passthru_digits",
        "callbackUrl": "http://127.0.0.1:9/conference",
        "callbackHttpMethod": "GET",
        "callbackTimeout": 2000,
        "fallbackUrl": "http://127.0.0.1:9/fallback",
        "tag": "standup",
    }
    nulls = {"state": None, "mute": None, "hold": None, "callbackUrl": None, "tag": None}  # as 3.1 sends them
    assert (
        http.post(api(emu, f"/conferences/{conference_id}"), json={**nulls, "mute": True}).status_code == 200
    )
    changed = http.post(
        api(emu, f"/conferences/{conference_id}"),
        json={
            "hold": "true",
            "callbackUrl": "http://127.0.0.1:9/other",
            "callbackTimeout": 500,
            "tag": "retro",
        },
    )
    assert changed.status_code == 200
    conference = conference_of(http, emu, conference_id)
    assert (conference["mute"], conference["hold"], conference["callbackUrl"], conference["tag"]) == (
        True,
        True,
        "http://127.0.0.1:9/other",
        "retro",
    )
    assert (conference["state"], conference["callbackTimeout"], conference["profile"]) == (
        "created",
        500,
        "passthru_digits",
    )


def test_terminating_removes_every_member_and_leaves_the_calls_up(
    emu: Emulator, http: requests.Session
) -> None:
    conference_id = new_conference(http, emu)
    calls = [new_call(http, emu, conferenceId=conference_id) for _ in range(3)]
    for call_id in calls:
        add(http, emu, conference_id, call_id)
    emu.advance(3)
    assert (
        http.post(api(emu, f"/conferences/{conference_id}"), json={"state": "completed"}).status_code == 200
    )
    assert conference_of(http, emu, conference_id)["completedTime"] == at(3)
    assert [(member["state"], member["removedTime"]) for member in emu.conference_members(conference_id)] == [
        ("completed", at(3))
    ] * 3
    assert [emu.call(call_id)["state"] for call_id in calls] == ["active"] * 3

    empty = new_conference(http, emu)
    http.post(api(emu, f"/conferences/{empty}"), json={"state": "completed"})
    assert conference_of(http, emu, empty)["state"] == "completed"


def test_a_completed_conference_refuses_every_change_with_the_documented_body(
    emu: Emulator, http: requests.Session
) -> None:
    conference_id = new_conference(http, emu)
    call_id = new_call(http, emu, conferenceId=conference_id)
    member_id = add(http, emu, conference_id, call_id)
    http.post(api(emu, f"/conferences/{conference_id}"), json={"state": "completed"})
    before = (conference_of(http, emu, conference_id), emu.conference_members(conference_id))
    expected = (
        403,
        "forbidden",
        "conference-error",
        f"Unable to update conference {conference_id}. Invalid conference state COMPLETED",
    )
    member = f"/conferences/{conference_id}/members/{member_id}"
    for path, body in [
        (f"/conferences/{conference_id}", {"mute": True}),
        (f"/conferences/{conference_id}", {"state": "completed"}),
        (f"/conferences/{conference_id}", {}),
        (f"/conferences/{conference_id}/audio", {"sentence": "Anyone?"}),
        (f"/conferences/{conference_id}/members", {"callId": new_call(http, emu)}),
        (member, {"mute": True}),
        (f"{member}/audio", {"sentence": "Hello"}),
        ("/calls", {"from": HOST, "to": CALLEE, "conferenceId": conference_id}),
    ]:
        response = http.post(api(emu, path), json=body)
        assert error_of(response) == expected, path
        assert response.json()["details"][:2] == [
            {"name": "conferenceId", "value": conference_id},
            {"name": "conferenceState", "value": "COMPLETED"},
        ]
    assert (conference_of(http, emu, conference_id), emu.conference_members(conference_id)) == before


def test_unknown_ids_are_404_with_their_codes(emu: Emulator, http: requests.Session) -> None:
    assert error_of(http.get(api(emu, "/conferences/conf-nope"))) == (
        404,
        "not-found",
        "conference-not-found",
        "The conference conf-nope could not be found",
    )
    for method, path in [
        ("POST", "/conferences/conf-nope"),
        ("POST", "/conferences/conf-nope/audio"),
        ("GET", "/conferences/conf-nope/members"),
        ("POST", "/conferences/conf-nope/members"),
        ("GET", "/conferences/conf-nope/members/member-1"),
    ]:
        assert error_of(http.request(method, api(emu, path), json={}))[2] == "conference-not-found", path
    conference_id = new_conference(http, emu)
    other = new_conference(http, emu)
    other_member = add(http, emu, other, new_call(http, emu))
    for path in [
        f"/conferences/{conference_id}/members/member-nope",
        f"/conferences/{conference_id}/members/{other_member}",
    ]:
        assert error_of(http.get(api(emu, path)))[:3] == (404, "not-found", "conference-member-not-found")
        assert error_of(http.post(api(emu, path), json={"mute": True}))[2] == "conference-member-not-found"
        assert error_of(http.post(api(emu, f"{path}/audio"), json={"sentence": "hi"}))[2] == (
            "conference-member-not-found"
        )
    unknown_call = http.post(api(emu, f"/conferences/{conference_id}/members"), json={"callId": "c-nope"})
    assert error_of(unknown_call) == (
        403,
        "forbidden",
        "call-id-not-found",
        "Call Id not found. callId c-nope",
    )
    unknown_conference = http.post(
        api(emu, "/calls"), json={"from": HOST, "to": CALLEE, "conferenceId": "conf-x"}
    )
    assert error_of(unknown_conference) == (
        403,
        "forbidden",
        "invalid-call-conference-id",
        "Invalid conference Id in call. conferenceId conf-x",
    )
    assert emu.call_ids() == [str(emu.conference_members(other)[0]["call"]).rpartition("/")[2]]


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/conferences", {}, "The conference resource property from is required"),
        ("/conferences", {"from": "919"}, "Invalid phone number"),
        ("/conferences", {"from": HOST, "callbackTimeout": 10_001}, "exceeds the limit of 10000"),
        ("/conferences", {"from": HOST, "callbackTimeout": 0}, "must be greater than 0"),
        (
            "/conferences",
            {"from": HOST, "callbackHttpMethod": "PUT"},
            "one of the following values: GET, POST",
        ),
        ("/conferences", {"from": HOST, "profile": "quiet"}, "interpret_digits, passthru_digits"),
        ("/conferences", {"from": HOST, "callbackUrl": "ftp://x"}, "is not a valid callbackUrl/fallbackUrl"),
        ("/conferences", {"from": HOST, "callbackUrl": "https://example.com/cb"}, "loopback hosts only"),
        ("/conferences", {"from": HOST, "tag": {"a": 1}}, "The conference resource property tag must be"),
        ("{conference}", {"state": "active"}, "state must be one of the following values: completed"),
        ("{conference}", {"mute": "perhaps"}, "mute must be one of the following values: true, false"),
        ("{conference}", {"callbackTimeout": "soon"}, "callbackTimeout must be an integer"),
        ("{conference}/members", {}, "The member resource property callId is required"),
        ("{conference}/members", {"callId": ""}, "The member resource property callId is required"),
        ("{conference}/members", {"callId": ["c-1"]}, "callId must be a string"),
        ("{conference}/members", {"callId": "{call}", "hold": 2}, "hold must be one of the following values"),
        ("{member}", {"state": "active"}, "state must be one of the following values: completed"),
        ("{member}", {"joinTone": "loud"}, "joinTone must be one of the following values"),
        ("{conference}/audio", {}, "fileUrl or sentence is required"),
        ("{conference}/audio", {"sentence": "x" * 1001}, "sentence exceeds the limit of 1000"),
        ("{member}/audio", {"fileUrl": "a", "sentence": "b"}, "Give either fileUrl or sentence"),
    ],
)
def test_invalid_values_are_documented_400s(
    emu: Emulator, http: requests.Session, path: str, body: dict[str, Any], message: str
) -> None:
    conference_id = new_conference(http, emu)
    call_id = new_call(http, emu)
    member_id = add(http, emu, conference_id, call_id)
    path = path.replace("{member}", f"{{conference}}/members/{member_id}")
    path = path.replace("{conference}", f"/conferences/{conference_id}")
    body = {
        name: value.replace("{call}", call_id) if isinstance(value, str) else value
        for name, value in body.items()
    }
    before = emu.conference_members(conference_id)
    status, category, code, text = error_of(http.post(api(emu, path), json=body))
    assert (status, category) == (400, "bad-request")
    assert code in ("validation-error", "callback-invalid-url")
    assert message in text
    assert emu.conference_members(conference_id) == before


# -- who may join --------------------------------------------------------------------------------------------


def test_at_most_twenty_members(emu: Emulator, http: requests.Session) -> None:
    conference_id = new_conference(http, emu)
    joined = [emu.join_conference(conference_id, f"+1919555{1000 + number}") for number in range(20)]
    response = http.post(
        api(emu, f"/conferences/{conference_id}/members"), json={"callId": new_call(http, emu)}
    )
    assert error_of(response) == (
        403,
        "limit",  # errors.md lists it under "403 - LIMIT"
        "conference-max-members",
        f"The conference {conference_id} reached the max number of members",
    )
    with pytest.raises(EmulatorError) as full:
        emu.join_conference(conference_id, "+19195559999")
    assert full.value.code == "conference-max-members"
    assert len(emu.call_ids()) == 21  # the refused joiner made no call
    emu.hangup(joined[0].call_id)
    assert conference_of(http, emu, conference_id)["activeMembers"] == 19
    emu.join_conference(conference_id, "+19195559999")
    assert conference_of(http, emu, conference_id)["activeMembers"] == 20
    assert len(emu.conference_members(conference_id)) == 21


def test_only_an_active_call_that_is_nowhere_else_may_join(emu: Emulator, http: requests.Session) -> None:
    conference_id = new_conference(http, emu)
    members = f"/conferences/{conference_id}/members"
    with Emulator(ring_seconds=5) as slow, requests.Session() as slow_http:
        slow_http.auth = (slow.api_token, slow.api_secret)
        slow_conference = new_conference(slow_http, slow)
        ringing = new_call(slow_http, slow, conferenceId=slow_conference)
        refused = slow_http.post(
            api(slow, f"/conferences/{slow_conference}/members"), json={"callId": ringing}
        )
        assert error_of(refused) == (
            403,
            "forbidden",
            "call-invalid-state",
            f"Unable to update call {ringing}. Invalid call state started",
        )
    ended = new_call(http, emu)
    http.post(api(emu, f"/calls/{ended}"), json={"state": "completed"})
    assert error_of(http.post(api(emu, members), json={"callId": ended}))[2] == "call-invalid-state"

    other = new_conference(http, emu)
    promised = new_call(http, emu, conferenceId=other)  # created for another conference
    wrong = http.post(api(emu, members), json={"callId": promised})
    assert error_of(wrong) == (
        403,
        "forbidden",
        "invalid-call-conference-id",
        f"Invalid conference Id in call. conferenceId {other}",
    )
    keeper = new_call(http, emu, conferenceId="")  # an empty conferenceId names no conference
    add(http, emu, conference_id, keeper)  # keeps the conference open throughout
    call_id = new_call(http, emu)
    member_id = add(http, emu, conference_id, call_id)
    assert error_of(http.post(api(emu, members), json={"callId": call_id}))[2] == "invalid-call-conference-id"

    bridged = new_call(http, emu)
    bridge_id = created(http.post(api(emu, "/bridges"), json={"callIds": [bridged]}))
    assert error_of(http.post(api(emu, members), json={"callId": bridged})) == (
        400,
        "bad-request",
        "bridge-bridged-callId",
        f"The callId {bridged} is already in another bridge",
    )
    for attempt in (
        http.post(api(emu, "/bridges"), json={"callIds": [call_id]}),
        http.post(api(emu, f"/bridges/{bridge_id}"), json={"callIds": [bridged, call_id]}),
    ):
        assert error_of(attempt) == (
            403,
            "forbidden",
            "invalid-call-conference-id",
            f"Invalid conference Id in call. conferenceId {conference_id}",
        )
    assert http.get(api(emu, f"/bridges/{bridge_id}")).json()["callIds"] == [bridged]

    http.post(api(emu, f"{members}/{member_id}"), json={"state": "completed"})
    assert error_of(http.post(api(emu, f"/conferences/{other}/members"), json={"callId": call_id}))[2] == (
        "invalid-call-conference-id"  # a call belongs to one conference for life
    )
    rejoined = add(http, emu, conference_id, call_id)  # ... and may come back to it
    assert rejoined != member_id
    http.post(api(emu, f"{members}/{rejoined}"), json={"state": "completed"})
    bridged_after = http.post(
        api(emu, "/bridges"), json={"callIds": [call_id]}
    )  # out of it, it may be bridged
    assert created(bridged_after)


def test_a_removed_member_cannot_be_changed(emu: Emulator, http: requests.Session) -> None:
    conference_id = new_conference(http, emu)
    keep = add(http, emu, conference_id, new_call(http, emu))
    member_id = add(http, emu, conference_id, new_call(http, emu))
    path = api(emu, f"/conferences/{conference_id}/members/{member_id}")
    http.post(path, json={"state": "completed"})
    for url, body in [
        (path, {"mute": True}),
        (path, {"state": "completed"}),
        (f"{path}/audio", {"sentence": "hi"}),
    ]:
        assert error_of(http.post(url, json=body)) == (
            403,
            "forbidden",
            "conference-error",
            f"Unable to update conference member {member_id}. Invalid member state COMPLETED",
        )
    assert http.get(api(emu, f"/conferences/{conference_id}/members/{keep}")).json()["state"] == "active"


def test_mute_and_hold_per_member_and_for_the_conference(emu: Emulator, http: requests.Session) -> None:
    conference_id = new_conference(http, emu)
    member_id = add(http, emu, conference_id, new_call(http, emu), hold="true")
    path = api(emu, f"/conferences/{conference_id}/members/{member_id}")
    assert (http.get(path).json()["hold"], http.get(path).json()["mute"]) == (True, False)
    http.post(path, json={"mute": True, "hold": False, "leavingTone": True, "joinTone": None})
    member = http.get(path).json()
    assert (member["mute"], member["hold"], member["leavingTone"], member["joinTone"]) == (
        True,
        False,
        True,
        False,
    )
    http.post(api(emu, f"/conferences/{conference_id}"), json={"mute": True, "hold": True})
    conference = conference_of(http, emu, conference_id)
    assert (conference["mute"], conference["hold"]) == (True, True)
    assert http.get(path).json()["hold"] is False  # the member's own setting, unchanged by the conference's


def test_a_members_hangup_or_transfer_takes_it_out(emu: Emulator, http: requests.Session) -> None:
    conference_id = new_conference(http, emu)
    staying = emu.join_conference(conference_id, "+19195550100")
    leaving = emu.join_conference(conference_id, "+19195550101")
    transferred = emu.join_conference(conference_id, "+19195550102")
    emu.advance(2)
    emu.hangup(leaving.call_id)
    left = http.get(api(emu, f"/conferences/{conference_id}/members/{leaving.member_id}")).json()
    assert (left["state"], left["removedTime"]) == ("completed", at(2))

    leg = created(
        http.post(
            api(emu, f"/calls/{transferred.call_id}"), json={"state": "transferring", "transferTo": CALLEE}
        )
    )
    assert emu.call(leg)["state"] == "active"  # ring_seconds=0: the transfer completed at once
    moved = http.get(api(emu, f"/conferences/{conference_id}/members/{transferred.member_id}")).json()
    assert moved["state"] == "completed"
    assert "bridgeId" in emu.call(transferred.call_id)
    assert conference_of(http, emu, conference_id)["activeMembers"] == 1

    http.post(api(emu, f"/calls/{staying.call_id}"), json={"state": "completed"})  # the application hangs up
    assert conference_of(http, emu, conference_id)["state"] == "completed"
