"""Property-based tests of the emulator's HTTP surface, on its WSGI app (werkzeug's test client, no sockets).

- Whatever JSON (or bytes) and query string reach whichever endpoint, the answer is never a 5xx, and every
  error is the documented JSON body.
- After any sequence of operations (a hypothesis state machine), the state keeps its invariants: a call is
  in at most one bridge that is not completed and its ``bridgeId`` names a bridge listing it; a completed
  call never changes; a call's event list only grows; a call is an active member of at most one conference,
  and then of no bridge, and live; a completed conference (and its member list) never changes; a conference
  has at most 20 active members, as many as ``activeMembers`` says, and is ``active`` exactly while it has
  one.

Deterministic (``derandomize``, no example database), no deadlines: about 13 s of CPU, 19 s on the shared
2-core machine (``time python -m pytest tests/test_emulator_properties.py``).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from werkzeug.test import Client as WerkzeugClient, TestResponse

from bandwidth.emulator import Emulator
from bandwidth.emulator._http import API_ROUTES, CONTROL_ROUTES

CALLER = "+19195551212"
CALLEE = "+19195553434"
DETERMINISTIC: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


def new_emulator() -> tuple[Emulator, WerkzeugClient]:
    emulator = Emulator(ring_seconds=0)
    return emulator, WerkzeugClient(emulator.app)


def auth(emulator: Emulator) -> dict[str, str]:
    token = base64.b64encode(f"{emulator.api_token}:{emulator.api_secret}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def check_answer(response: TestResponse) -> None:
    """Never a 5xx; every error is the documented JSON body."""
    assert response.status_code < 500, response.get_data()[:300]
    if response.status_code >= 400:
        assert response.mimetype == "application/json"
        body = json.loads(response.get_data())
        assert set(body) == {"category", "code", "message", "details"}
        assert all(isinstance(body[name], str) for name in ("category", "code", "message"))


# -- arbitrary input to every endpoint -----------------------------------------------------------------------

FIELDS = [
    "from", "to", "callTimeout", "callbackUrl", "callbackTimeout", "callbackHttpMethod", "fallbackUrl",
    "bridgeId", "conferenceId", "recordingEnabled", "recordingFileFormat", "recordingMaxDuration",
    "transcriptionEnabled", "tag", "sipHeaders", "state", "transferTo", "transferCallerId", "whisperAudio",
    "fileUrl", "sentence", "gender", "locale", "voice", "volume", "loopEnabled", "dtmfOut", "maxDigits",
    "interDigitTimeout", "terminatingDigits", "prompt", "bridgeAudio", "callIds", "seconds", "digits",
    "text", "autoAnswer", "profile", "callId", "joinTone", "leavingTone", "mute", "hold",
]  # fmt: skip

text = st.text(max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.integers(min_value=-5, max_value=400)
    | st.floats()  # nan and infinities are written as NaN, Infinity: not JSON, yet sent
    | text
    | st.sampled_from(["true", "false", "5", "1e999", "NaN", "", CALLER, "http://127.0.0.1:1/cb", "#", "123"])
)
json_values = st.recursive(
    scalars, lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=10,
)  # fmt: skip
field_bodies = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6)
bodies = st.one_of(
    field_bodies.map(lambda body: json.dumps(body).encode()),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=40),
    st.sampled_from([b"", b"{", b"[" * 5000, b'{"a": "\\ud800"}', b'{"seconds": 1e400}', b"\xff\xfe"]),
)
queries = st.dictionaries(
    st.sampled_from(["page", "size", "sortOrder", "from", "to", "bridgeId", "conferenceId", "x"]),
    st.text(max_size=8) | st.integers(-3, 2**40).map(str),
    max_size=3,
)
ROUTES = API_ROUTES + CONTROL_ROUTES


@settings(max_examples=400, **DETERMINISTIC)
@given(
    route=st.sampled_from(ROUTES),
    ids=st.lists(st.text(st.characters(codec="utf-8"), min_size=1, max_size=8), min_size=6, max_size=6),
    known=st.lists(st.booleans(), min_size=6, max_size=6),
    body=bodies,
    query=queries,
    content_type=st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain", None]),
)
def test_no_input_to_any_endpoint_gives_a_5xx(
    route: tuple[str, str, object],
    ids: list[str],
    known: list[bool],
    body: bytes,
    query: dict[str, str],
    content_type: str | None,
) -> None:
    emulator, client = new_emulator()
    conference_id = emulator.engine.conferences.create({"from": CALLER})
    joined = emulator.join_conference(conference_id, CALLEE)
    state = {"call_id": emulator.incoming_call(CALLEE, CALLER)}
    client.post(f"/v1/users/{emulator.user_id}/calls/{state['call_id']}", json={"recordingEnabled": True},
                headers=auth(emulator))  # fmt: skip
    emulator.press(state["call_id"], "1")
    emulator.hangup(state["call_id"])
    call = emulator.engine.runtime.state.calls[state["call_id"]]
    existing = {
        "user_id": emulator.user_id,
        "call_id": call.id,
        "event_id": call.events[0].id,
        "recording_id": call.recording_ids[0],
        "name": f"{call.id}-1.wav",
        "gather_id": "gtr-none",
        "bridge_id": "brg-none",
        "transcription_id": "tr-none",
        "conference_id": conference_id,
        "member_id": joined.member_id,
    }
    path, method, _ = route
    for index, name in enumerate(re.findall(r"<(\w+)>", path)):
        value = existing[name] if known[index % 6] else ids[index % 6]
        path = path.replace(f"<{name}>", value.replace("/", "%2F").replace("?", "%3F").replace("#", "%23"))
    headers = {**auth(emulator), **({"Content-Type": content_type} if content_type else {})}
    response = client.open(path, method=method, data=body, query_string=query, headers=headers)
    check_answer(response)
    check_answer(client.get(f"/v1/users/{emulator.user_id}/calls", headers=auth(emulator)))  # still serving
    emulator.stop()


# -- the state machine ---------------------------------------------------------------------------------------

NUMBERS = ["+19195553434"] + [f"+1919555000{digit}" for digit in range(5)]
ENDED = ("completed", "rejected")


class EmulatorStateMachine(RuleBasedStateMachine):
    """Random sequences of API and control requests; the invariants are checked after each step."""

    calls = Bundle("calls")
    bridges = Bundle("bridges")
    conferences = Bundle("conferences")
    members = Bundle("members")

    def __init__(self) -> None:
        super().__init__()
        self.emulator, self.client = new_emulator()
        self.headers = auth(self.emulator)
        self.user = f"/v1/users/{self.emulator.user_id}"
        self.call_ids: list[str] = []
        self.bridge_ids: list[str] = []
        self.ended: dict[str, dict[str, Any]] = {}
        self.events: dict[str, list[str]] = {}
        self.conference_ids: list[str] = []
        self.completed_conferences: dict[str, Any] = {}

    def teardown(self) -> None:
        self.emulator.stop()

    def api(self, method: str, path: str, body: Any = None) -> TestResponse:
        response = self.client.open(f"{self.user}{path}", method=method, json=body, headers=self.headers)
        check_answer(response)
        return response

    def control(self, path: str, body: Any = None) -> TestResponse:
        response = self.client.post(f"/_emulator{path}", json=body if body is not None else {})
        check_answer(response)
        return response

    @staticmethod
    def created_id(response: TestResponse) -> str | None:
        location = response.headers.get("Location")
        return location.rpartition("/")[2] if response.status_code == 201 and location else None

    # -- rules ---------------------------------------------------------------------------------------------

    @rule(target=calls, to=st.sampled_from(NUMBERS), recording=st.booleans(), bridge=st.none() | bridges)
    def create_call(self, to: str, recording: bool, bridge: str | None) -> str:
        body: dict[str, Any] = {"from": CALLER, "to": to, "recordingEnabled": recording}
        if bridge is not None:
            body["bridgeId"] = bridge
        call_id = self.created_id(self.api("POST", "/calls", body))
        if call_id is None:
            call_id = "c-refused"
        else:
            self.call_ids.append(call_id)
        return call_id

    @rule(target=calls, answer=st.booleans())
    def incoming_call(self, answer: bool) -> str:
        response = self.control("/incoming-calls", {"from": CALLEE, "to": CALLER, "autoAnswer": answer})
        call_id = str(json.loads(response.get_data())["id"])
        self.call_ids.append(call_id)
        return call_id

    @rule(call=calls, state=st.sampled_from(["active", "rejected", "completed", "transferring", None]),
          recording=st.none() | st.booleans(), to=st.sampled_from(NUMBERS))  # fmt: skip
    def update_call(self, call: str, state: str | None, recording: bool | None, to: str) -> None:
        body: dict[str, Any] = {}
        if state is not None:
            body["state"] = state
        if recording is not None:
            body["recordingEnabled"] = recording
        if state == "transferring":
            body["transferTo"] = to
        leg = self.created_id(self.api("POST", f"/calls/{call}", body))
        if leg is not None:
            self.call_ids.append(leg)

    @rule(call=calls, action=st.sampled_from(["answer", "reject", "busy", "hangup"]))
    def far_end(self, call: str, action: str) -> None:
        self.control(f"/calls/{call}/{action}")

    @rule(call=calls, digits=st.text("0123456789#*", min_size=1, max_size=4))
    def press(self, call: str, digits: str) -> None:
        self.control(f"/calls/{call}/press", {"digits": digits})

    @rule(call=calls, max_digits=st.integers(1, 3), prompt=st.booleans())
    def gather(self, call: str, max_digits: int, prompt: bool) -> None:
        body: dict[str, Any] = {"maxDigits": max_digits}
        if prompt:
            body["prompt"] = {"sentence": "Enter your code"}
        self.api("POST", f"/calls/{call}/gather", body)

    @rule(call=calls, sentence=st.sampled_from(["Hello", "", "A longer sentence to speak"]))
    def speak(self, call: str, sentence: str) -> None:
        self.api("POST", f"/calls/{call}/audio", {"sentence": sentence})

    @rule(target=bridges, members=st.lists(calls, max_size=3), audio=st.booleans())
    def create_bridge(self, members: list[str], audio: bool) -> str:
        bridge_id = self.created_id(self.api("POST", "/bridges", {"callIds": members, "bridgeAudio": audio}))
        if bridge_id is None:
            return "brg-refused"
        self.bridge_ids.append(bridge_id)
        return bridge_id

    @rule(bridge=bridges, members=st.none() | st.lists(calls, max_size=3), audio=st.none() | st.booleans())
    def update_bridge(self, bridge: str, members: list[str] | None, audio: bool | None) -> None:
        body: dict[str, Any] = {}
        if members is not None:
            body["callIds"] = members
        if audio is not None:
            body["bridgeAudio"] = audio
        self.api("POST", f"/bridges/{bridge}", body)

    @rule(target=conferences, profile=st.sampled_from(["interpret_digits", "passthru_digits"]))
    def create_conference(self, profile: str) -> str:
        conference_id = self.created_id(
            self.api("POST", "/conferences", {"from": CALLER, "profile": profile})
        )
        assert conference_id is not None
        self.conference_ids.append(conference_id)
        return conference_id

    @rule(target=members, conference=conferences, call=calls, mute=st.booleans(), hold=st.booleans())
    def add_member(self, conference: str, call: str, mute: bool, hold: bool) -> tuple[str, str]:
        body = {"callId": call, "mute": mute, "hold": hold}
        member_id = self.created_id(self.api("POST", f"/conferences/{conference}/members", body))
        return conference, member_id or "member-refused"

    @rule(target=calls, conference=conferences)
    def join(self, conference: str) -> str:
        response = self.control(f"/conferences/{conference}/join", {"from": CALLEE})
        if response.status_code != 201:
            return "c-refused"
        call_id = str(json.loads(response.get_data())["callId"])
        self.call_ids.append(call_id)
        return call_id

    @rule(member=members, state=st.none() | st.just("completed"), mute=st.none() | st.booleans(),
          hold=st.none() | st.booleans())  # fmt: skip
    def update_member(
        self, member: tuple[str, str], state: str | None, mute: bool | None, hold: bool | None
    ) -> None:
        conference, member_id = member
        body = {"state": state, "mute": mute, "hold": hold}  # nulls are "not given", as 3.1 sends them
        self.api("POST", f"/conferences/{conference}/members/{member_id}", body)

    @rule(conference=conferences, state=st.none() | st.just("completed"), mute=st.none() | st.booleans())
    def update_conference(self, conference: str, state: str | None, mute: bool | None) -> None:
        self.api("POST", f"/conferences/{conference}", {"state": state, "mute": mute})

    @rule(conference=conferences, sentence=st.sampled_from(["Welcome", ""]))
    def conference_audio(self, conference: str, sentence: str) -> None:
        self.api("POST", f"/conferences/{conference}/audio", {"sentence": sentence})

    @rule(seconds=st.sampled_from([0, 0.5, 1, 5, 61, 400]))
    def advance(self, seconds: float) -> None:
        self.control("/advance", {"seconds": seconds})

    # -- invariants ------------------------------------------------------------------------------------------

    @invariant()
    def every_call_keeps_its_rules(self) -> None:
        listed = json.loads(self.api("GET", "/bridges?size=1000").get_data())
        bridges = {bridge["id"]: bridge for bridge in listed}  # transfers make bridges too
        for call_id in self.call_ids:
            call = json.loads(self.api("GET", f"/calls/{call_id}").get_data())
            events = [
                event["id"] for event in json.loads(self.api("GET", f"/calls/{call_id}/events").get_data())
            ]
            seen = self.events.get(call_id, [])
            assert events[: len(seen)] == seen, f"the events of {call_id} changed: {seen} -> {events}"
            self.events[call_id] = events

            if call_id in self.ended:
                assert call == self.ended[call_id], f"the ended call {call_id} changed"
            elif call["state"] in ENDED:
                self.ended[call_id] = call

            holding = [
                bridge_id
                for bridge_id, bridge in bridges.items()
                if call_id in bridge["callIds"] and bridge["state"] != "completed"
            ]
            assert len(holding) <= 1, f"{call_id} is in {len(holding)} bridges"
            if "bridgeId" in call and call["state"] not in ENDED:
                assert call_id in bridges[call["bridgeId"]]["callIds"]

    @invariant()
    def every_conference_keeps_its_rules(self) -> None:
        calls = self.emulator.engine.runtime.state.calls
        active_in: dict[str, list[str]] = {}
        for conference_id in self.conference_ids:
            conference = json.loads(self.api("GET", f"/conferences/{conference_id}").get_data())
            members = json.loads(self.api("GET", f"/conferences/{conference_id}/members").get_data())
            active = [member for member in members if member["state"] == "active"]
            assert conference["activeMembers"] == len(active) <= 20
            if conference_id in self.completed_conferences:
                assert (conference, members) == self.completed_conferences[conference_id], "it changed"
            elif conference["state"] == "completed":
                assert not active
                self.completed_conferences[conference_id] = (conference, members)
            else:
                assert conference["state"] == ("active" if active else "created")
                assert active or not members  # the last member's leaving completes it
            for member in active:
                active_in.setdefault(member["call"].rpartition("/")[2], []).append(conference_id)
        bridges = {
            bridge["id"]: bridge for bridge in json.loads(self.api("GET", "/bridges?size=1000").get_data())
        }
        for call_id, conference_ids in active_in.items():
            assert len(conference_ids) == 1, f"{call_id} is an active member of {conference_ids}"
            call = calls[call_id]
            assert call.live and call.conference_id == conference_ids[0]
            bridge = bridges.get(call.bridge_id or "")
            assert bridge is None or bridge["state"] == "completed", (
                f"{call_id} is in a conference and a bridge"
            )


EmulatorStateMachine.TestCase.settings = settings(max_examples=80, stateful_step_count=30, **DETERMINISTIC)
TestEmulatorStateMachine = EmulatorStateMachine.TestCase


def test_the_state_machine_reaches_the_interesting_states() -> None:
    """A guard on the machine: its rules do end calls, bridge them and complete conferences (else the
    invariants check nothing)."""
    machine = EmulatorStateMachine()
    try:
        first = machine.create_call(CALLEE, recording=True, bridge=None)
        second = machine.incoming_call(answer=True)
        bridge = machine.create_bridge([first, second], audio=True)
        machine.every_call_keeps_its_rules()
        machine.update_call(first, "completed", None, CALLEE)
        machine.every_call_keeps_its_rules()
        machine.update_bridge(bridge, [], None)  # found by the machine: this changed the ended call
        machine.advance(5)
        machine.every_call_keeps_its_rules()
        assert set(machine.ended) == {first}
        conference = machine.create_conference("interpret_digits")
        member = machine.add_member(conference, second, mute=False, hold=False)
        joined = machine.join(conference)
        machine.every_conference_keeps_its_rules()
        machine.press(joined, "#")
        machine.update_member(member, "completed", None, None)
        machine.every_conference_keeps_its_rules()
        assert set(machine.completed_conferences) == {conference}
    finally:
        machine.teardown()
