"""``extra_body`` and ``extra_query``: fields the typed layer does not name, sent exactly as spelled.

Every typed method that sends a body takes ``extra_body``, every list ``extra_query`` (services and model
methods alike). A loopback server records each request; the tests compare method, path, query and JSON body
exactly. An extra spelled like one of the endpoint's own wire names is refused before any request, naming
both names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from original_capture import API_SECRET, API_TOKEN, USER_ID, RecordingServer

from bandwidth import Client, Gather, InvalidParameterError
from bandwidth._core.endpoints import _common, bridges, calls, conferences, recordings
from bandwidth._types import JSONObject

USERS = f"/v1/users/{USER_ID}"
EXTRA: JSONObject = {"someNewField": "x", "nested": {"a": [1, 2.5, None, True]}}
"""Any JSON goes: a string, and an object holding every JSON type."""


def created(path: str) -> dict[str, Any]:
    return {"status": 201, "headers": {"Location": f"http://api.example{USERS}{path}"}}


OK: dict[str, Any] = {"status": 200}
CALL = {"status": 200, "json": {"id": "c-1", "state": "active", "recordingEnabled": False}}


def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"method": "POST", "path": USERS + path, "query": {}, "body": body}


@pytest.fixture(scope="module")
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as recording_server:
        yield recording_server


@pytest.fixture(scope="module")
def api(server: RecordingServer) -> Iterator[Client]:
    with Client(USER_ID, API_TOKEN, API_SECRET, api_endpoint=server.url, max_retries=0) as client:
        yield client


def _gather(client: Client) -> Gather:
    return client.bind(Gather(id="g-1", call=f"{client.base_url}/calls/c-1"))


Action = Callable[[Client], object]

# (action, answers, the last request it sends: the one carrying the body)
BODIES: list[Any] = [
    pytest.param(
        lambda c: c.calls.create(from_="+19195551212", to="+19195553434", fetch=False, extra_body=EXTRA),
        [created("/calls/c-1")],
        post("/calls", {"from": "+19195551212", "to": "+19195553434", **EXTRA}),
        id="calls.create",
    ),
    pytest.param(
        lambda c: c.calls.update("c-1", state="active", extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"state": "active", **EXTRA}),
        id="calls.update",
    ),
    pytest.param(
        lambda c: c.calls.answer("c-1", extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"state": "active", **EXTRA}),
        id="calls.answer",
    ),
    pytest.param(
        lambda c: c.calls.reject("c-1", extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"state": "rejected", **EXTRA}),
        id="calls.reject",
    ),
    pytest.param(
        lambda c: c.calls.hangup("c-1", extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"state": "completed", **EXTRA}),
        id="calls.hangup",
    ),
    pytest.param(
        lambda c: c.calls.enable_recording("c-1", extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"recordingEnabled": True, **EXTRA}),
        id="calls.enable_recording",
    ),
    pytest.param(
        lambda c: c.calls.disable_recording("c-1", extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"recordingEnabled": False, **EXTRA}),
        id="calls.disable_recording",
    ),
    pytest.param(
        lambda c: c.calls.toggle_recording("c-1", extra_body=EXTRA),
        [CALL, OK],
        post("/calls/c-1", {"recordingEnabled": True, **EXTRA}),
        id="calls.toggle_recording",
    ),
    pytest.param(
        lambda c: c.calls.transfer("c-1", "+19195554444", fetch=False, extra_body=EXTRA),
        [created("/calls/c-2")],
        post("/calls/c-1", {"state": "transferring", "transferTo": "+19195554444", **EXTRA}),
        id="calls.transfer",
    ),
    pytest.param(
        lambda c: c.calls.play_audio("c-1", sentence="Hi", extra_body=EXTRA),
        [OK],
        post("/calls/c-1/audio", {"sentence": "Hi", **EXTRA}),
        id="calls.play_audio",
    ),
    pytest.param(
        lambda c: c.calls.send_dtmf("c-1", "12", extra_body=EXTRA),
        [OK],
        post("/calls/c-1/dtmf", {"dtmfOut": "12", **EXTRA}),
        id="calls.send_dtmf",
    ),
    pytest.param(
        lambda c: c.calls.create_gather("c-1", max_digits=1, fetch=False, extra_body=EXTRA),
        [created("/calls/c-1/gather/g-1")],
        post("/calls/c-1/gather", {"maxDigits": 1, **EXTRA}),
        id="calls.create_gather",
    ),
    pytest.param(
        lambda c: c.calls.stop_gather("c-1", "g-1", extra_body=EXTRA),
        [OK],
        post("/calls/c-1/gather/g-1", {"state": "completed", **EXTRA}),
        id="calls.stop_gather",
    ),
    pytest.param(
        lambda c: c.bridges.create(bridge_audio=True, fetch=False, extra_body=EXTRA),
        [created("/bridges/brg-1")],
        post("/bridges", {"bridgeAudio": True, **EXTRA}),
        id="bridges.create",
    ),
    pytest.param(
        lambda c: c.bridges.update("brg-1", call_ids=["c-1"], extra_body=EXTRA),
        [OK],
        post("/bridges/brg-1", {"callIds": ["c-1"], **EXTRA}),
        id="bridges.update",
    ),
    pytest.param(
        lambda c: c.bridges.play_audio("brg-1", file_url="http://a/b.mp3", extra_body=EXTRA),
        [OK],
        post("/bridges/brg-1/audio", {"fileUrl": "http://a/b.mp3", **EXTRA}),
        id="bridges.play_audio",
    ),
    pytest.param(
        lambda c: c.recordings.create_transcription("rec-1", fetch=False, extra_body=EXTRA),
        [created("/recordings/rec-1/transcriptions/tr-1")],
        post("/recordings/rec-1/transcriptions", EXTRA),
        id="recordings.create_transcription",
    ),
    # model methods
    pytest.param(
        lambda c: c.calls.handle("c-1").update(state="active", extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"state": "active", **EXTRA}),
        id="call.update",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").answer(extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"state": "active", **EXTRA}),
        id="call.answer",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").reject(extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"state": "rejected", **EXTRA}),
        id="call.reject",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").hangup(extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"state": "completed", **EXTRA}),
        id="call.hangup",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").enable_recording(extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"recordingEnabled": True, **EXTRA}),
        id="call.enable_recording",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").disable_recording(extra_body=EXTRA),
        [OK],
        post("/calls/c-1", {"recordingEnabled": False, **EXTRA}),
        id="call.disable_recording",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").toggle_recording(extra_body=EXTRA),
        [CALL, OK],
        post("/calls/c-1", {"recordingEnabled": True, **EXTRA}),
        id="call.toggle_recording",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").transfer("+19195554444", fetch=False, extra_body=EXTRA),
        [created("/calls/c-2")],
        post("/calls/c-1", {"state": "transferring", "transferTo": "+19195554444", **EXTRA}),
        id="call.transfer",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").play(sentence="Hi", extra_body=EXTRA),
        [OK],
        post("/calls/c-1/audio", {"sentence": "Hi", **EXTRA}),
        id="call.play",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").speak("Hi", extra_body=EXTRA),
        [OK],
        post("/calls/c-1/audio", {"sentence": "Hi", **EXTRA}),
        id="call.speak",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").play_file("http://a/b.mp3", extra_body=EXTRA),
        [OK],
        post("/calls/c-1/audio", {"fileUrl": "http://a/b.mp3", **EXTRA}),
        id="call.play_file",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").send_dtmf("1", extra_body=EXTRA),
        [OK],
        post("/calls/c-1/dtmf", {"dtmfOut": "1", **EXTRA}),
        id="call.send_dtmf",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").gather(max_digits=2, fetch=False, extra_body=EXTRA),
        [created("/calls/c-1/gather/g-1")],
        post("/calls/c-1/gather", {"maxDigits": 2, **EXTRA}),
        id="call.gather",
    ),
    pytest.param(
        lambda c: _gather(c).stop(extra_body=EXTRA),
        [OK],
        post("/calls/c-1/gather/g-1", {"state": "completed", **EXTRA}),
        id="gather.stop",
    ),
    pytest.param(
        lambda c: c.bridges.handle("brg-1").update(bridge_audio=False, extra_body=EXTRA),
        [OK],
        post("/bridges/brg-1", {"bridgeAudio": False, **EXTRA}),
        id="bridge.update",
    ),
    pytest.param(
        lambda c: c.bridges.handle("brg-1").play(sentence="Hi", extra_body=EXTRA),
        [OK],
        post("/bridges/brg-1/audio", {"sentence": "Hi", **EXTRA}),
        id="bridge.play",
    ),
    pytest.param(
        lambda c: c.bridges.handle("brg-1").speak("Hi", extra_body=EXTRA),
        [OK],
        post("/bridges/brg-1/audio", {"sentence": "Hi", **EXTRA}),
        id="bridge.speak",
    ),
    pytest.param(
        lambda c: c.bridges.handle("brg-1").play_file("http://a/b.mp3", extra_body=EXTRA),
        [OK],
        post("/bridges/brg-1/audio", {"fileUrl": "http://a/b.mp3", **EXTRA}),
        id="bridge.play_file",
    ),
    pytest.param(
        lambda c: c.recordings.handle("rec-1").transcribe(fetch=False, extra_body=EXTRA),
        [created("/recordings/rec-1/transcriptions/tr-1")],
        post("/recordings/rec-1/transcriptions", EXTRA),
        id="recording.transcribe",
    ),
    pytest.param(
        lambda c: c.conferences.create(from_="+19195551212", fetch=False, extra_body=EXTRA),
        [created("/conferences/conf-1")],
        post("/conferences", {"from": "+19195551212", **EXTRA}),
        id="conferences.create",
    ),
    pytest.param(
        lambda c: c.conferences.create_member("conf-1", "c-1", fetch=False, extra_body=EXTRA),
        [created("/conferences/conf-1/members/m-1")],
        post("/conferences/conf-1/members", {"callId": "c-1", **EXTRA}),
        id="conferences.create_member",
    ),
    pytest.param(
        lambda c: c.conferences.handle("conf-1").update(tag="t", extra_body=EXTRA),
        [OK],
        post("/conferences/conf-1", {"tag": "t", **EXTRA}),
        id="conference.update",
    ),
    pytest.param(
        lambda c: c.conferences.handle("conf-1").terminate(extra_body=EXTRA),
        [OK],
        post("/conferences/conf-1", {"state": "completed", **EXTRA}),
        id="conference.terminate",
    ),
    pytest.param(
        lambda c: c.conferences.handle("conf-1").mute(extra_body=EXTRA),
        [OK],
        post("/conferences/conf-1", {"mute": True, **EXTRA}),
        id="conference.mute",
    ),
    pytest.param(
        lambda c: c.conferences.handle("conf-1").hold(False, extra_body=EXTRA),
        [OK],
        post("/conferences/conf-1", {"hold": False, **EXTRA}),
        id="conference.hold",
    ),
    pytest.param(
        lambda c: c.conferences.handle("conf-1").speak("Hi", extra_body=EXTRA),
        [OK],
        post("/conferences/conf-1/audio", {"sentence": "Hi", **EXTRA}),
        id="conference.speak",
    ),
    pytest.param(
        lambda c: c.conferences.handle("conf-1").add_member("c-1", fetch=False, extra_body=EXTRA),
        [created("/conferences/conf-1/members/m-1")],
        post("/conferences/conf-1/members", {"callId": "c-1", **EXTRA}),
        id="conference.add_member",
    ),
    pytest.param(
        lambda c: c.conferences.member_handle("conf-1", "m-1").update(join_tone=True, extra_body=EXTRA),
        [OK],
        post("/conferences/conf-1/members/m-1", {"joinTone": True, **EXTRA}),
        id="member.update",
    ),
    pytest.param(
        lambda c: c.conferences.member_handle("conf-1", "m-1").mute(extra_body=EXTRA),
        [OK],
        post("/conferences/conf-1/members/m-1", {"mute": True, **EXTRA}),
        id="member.mute",
    ),
    pytest.param(
        lambda c: c.conferences.member_handle("conf-1", "m-1").hold(extra_body=EXTRA),
        [OK],
        post("/conferences/conf-1/members/m-1", {"hold": True, **EXTRA}),
        id="member.hold",
    ),
    pytest.param(
        lambda c: c.conferences.member_handle("conf-1", "m-1").remove(extra_body=EXTRA),
        [OK],
        post("/conferences/conf-1/members/m-1", {"state": "completed", **EXTRA}),
        id="member.remove",
    ),
    pytest.param(
        lambda c: c.conferences.member_handle("conf-1", "m-1").play_file("http://a/b.mp3", extra_body=EXTRA),
        [OK],
        post("/conferences/conf-1/members/m-1/audio", {"fileUrl": "http://a/b.mp3", **EXTRA}),
        id="member.play_file",
    ),
]


@pytest.mark.parametrize(("action", "answers", "sent"), BODIES)
def test_extra_body_is_sent_as_spelled(
    api: Client, server: RecordingServer, action: Action, answers: list[dict[str, Any]], sent: dict[str, Any]
) -> None:
    server.load(answers)

    action(api)

    requests = server.take_requests()
    assert len(requests) == len(answers)
    assert requests[-1] == sent


QUERY = {"someNewField": "x", "flag": True, "count": 3, "ratio": 2.5, "omitted": None}
SENT_QUERY = {"someNewField": ["x"], "flag": ["true"], "count": ["3"], "ratio": ["2.5"]}
"""What ``QUERY`` becomes: scalars as text, booleans as the API spells them, ``None`` left out."""

LISTS: list[Any] = [
    pytest.param(lambda c: c.calls.list(extra_query=QUERY), "/calls", id="calls.list"),
    pytest.param(lambda c: c.calls.list_events("c-1", extra_query=QUERY), "/calls/c-1/events", id="events"),
    pytest.param(
        lambda c: c.calls.list_recordings("c-1", extra_query=QUERY), "/calls/c-1/recordings", id="recordings"
    ),
    pytest.param(
        lambda c: c.calls.list_transcriptions("c-1", extra_query=QUERY),
        "/calls/c-1/transcriptions",
        id="transcriptions",
    ),
    pytest.param(lambda c: c.bridges.list(extra_query=QUERY), "/bridges", id="bridges.list"),
    pytest.param(
        lambda c: c.bridges.list_calls("brg-1", extra_query=QUERY), "/bridges/brg-1/calls", id="bridge_calls"
    ),
    pytest.param(lambda c: c.recordings.list(extra_query=QUERY), "/recordings", id="recordings.list"),
    pytest.param(
        lambda c: c.recordings.list_transcriptions("rec-1", extra_query=QUERY),
        "/recordings/rec-1/transcriptions",
        id="recording_transcriptions",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").events(extra_query=QUERY), "/calls/c-1/events", id="call.events"
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").recordings(extra_query=QUERY),
        "/calls/c-1/recordings",
        id="call.recordings",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").transcriptions(extra_query=QUERY),
        "/calls/c-1/transcriptions",
        id="call.transcriptions",
    ),
    pytest.param(
        lambda c: c.bridges.handle("brg-1").calls(extra_query=QUERY),
        "/bridges/brg-1/calls",
        id="bridge.calls",
    ),
    pytest.param(
        lambda c: c.recordings.handle("rec-1").transcriptions(extra_query=QUERY),
        "/recordings/rec-1/transcriptions",
        id="recording.transcriptions",
    ),
    pytest.param(
        lambda c: c.conferences.handle("conf-1").members(extra_query=QUERY),
        "/conferences/conf-1/members",
        id="conference.members",
    ),
]


@pytest.mark.parametrize(("action", "path"), LISTS)
def test_extra_query_reaches_the_query(
    api: Client, server: RecordingServer, action: Callable[[Client], Any], path: str
) -> None:
    server.load([{"status": 200, "json": []}])

    assert list(action(api)) == []

    assert server.take_requests() == [
        {"method": "GET", "path": USERS + path, "query": SENT_QUERY, "body": None}
    ]


def test_extra_query_goes_with_the_first_page_only(api: Client, server: RecordingServer) -> None:
    next_page = f"{{server}}{USERS}/calls?page=1&size=1&someNewField=x"
    server.load(
        [
            {"status": 200, "json": [{"id": "c-1"}], "headers": {"Link": f'<{next_page}>; rel="next"'}},
            {"status": 200, "json": [{"id": "c-2"}]},
        ]
    )

    calls_found = [
        call.id for call in api.calls.list(page_size=1, to="+19195553434", extra_query={"someNewField": "x"})
    ]

    assert calls_found == ["c-1", "c-2"]
    first, second = server.take_requests()
    assert first["query"] == {"to": ["+19195553434"], "size": ["1"], "someNewField": ["x"]}
    assert second["query"] == {"page": ["1"], "size": ["1"], "someNewField": ["x"]}  # the link, as given


# -- collisions and bad extras: refused before any request ---------------------------------------------------

COLLISIONS: list[Any] = [
    pytest.param(
        lambda c: c.calls.create(
            from_="+19195551212", to="+19195553434", extra_body={"callbackUrl": "http://b"}
        ),
        "extra_body.callbackUrl",
        "callback_url",
        id="create_callbackUrl_alone",
    ),
    pytest.param(
        lambda c: c.calls.create(
            from_="+19195551212",
            to="+19195553434",
            callback_url="http://a",
            extra_body={"callbackUrl": "http://b"},
        ),
        "extra_body.callbackUrl",
        "callback_url",
        id="create_callbackUrl_with_callback_url",
    ),
    pytest.param(
        lambda c: c.calls.create(from_="+19195551212", to="+19195553434", extra_body={"callTimeout": "3000"}),
        "extra_body.callTimeout",
        "call_timeout",
        id="create_callTimeout_would_skip_its_check",
    ),
    pytest.param(
        lambda c: c.calls.list(extra_query={"size": 5000}), "extra_query.size", "page_size", id="list_size"
    ),
    pytest.param(
        lambda c: c.calls.transfer("c-1", "+19195554444", extra_body={"transferCallerId": "+1"}),
        "extra_body.transferCallerId",
        "caller_id",
        id="transfer_caller_id",
    ),
    pytest.param(
        lambda c: c.calls.send_dtmf("c-1", "1", extra_body={"dtmfOut": "2"}),
        "extra_body.dtmfOut",
        "digits",
        id="send_dtmf",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").gather(extra_body={"maxDigits": 99}),
        "extra_body.maxDigits",
        "max_digits",
        id="call.gather",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").play(sentence="Hi", extra_body={"volume": 9}),
        "extra_body.volume",
        "volume",
        id="call.play_volume",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-1").hangup(extra_body={"state": "active"}),
        "extra_body.state",
        "state",
        id="call.hangup_state",
    ),
    pytest.param(
        lambda c: c.bridges.handle("brg-1").update(
            bridge_audio=True, extra_body={"callIds": ["a", "b", "c"]}
        ),
        "extra_body.callIds",
        "calls",
        id="bridge.update_callIds",
    ),
    pytest.param(
        lambda c: c.recordings.list(extra_query={"page": -1}),
        "extra_query.page",
        "page",
        id="recordings_page",
    ),
    pytest.param(
        lambda c: c.conferences.handle("conf-1").mute(extra_body={"mute": "yes"}),
        "extra_body.mute",
        "mute",
        id="conference.mute_mute",
    ),
    pytest.param(
        lambda c: c.conferences.member_handle("conf-1", "m-1").remove(extra_body={"state": "active"}),
        "extra_body.state",
        "state",
        id="member.remove_state",
    ),
]


@pytest.mark.parametrize(("action", "parameter", "other"), COLLISIONS)
def test_an_extra_spelled_like_a_parameter_s_field_is_refused_naming_both(
    api: Client, server: RecordingServer, action: Callable[[Client], Any], parameter: str, other: str
) -> None:
    server.load([])

    with pytest.raises(InvalidParameterError) as info:
        action(api)  # lists check their query when made, before iterating

    assert info.value.parameter == parameter
    assert info.value.conflicts_with == other
    field = parameter.rpartition(".")[2]
    assert str(info.value) == (
        f"{parameter}: the request sends {field!r} itself, for the parameter {other}; "
        "an extra cannot replace it"
    )
    assert server.take_requests() == []


def test_every_wire_name_of_every_endpoint_collides() -> None:
    tables = [
        table
        for module in (_common, calls, bridges, conferences, recordings)
        for table in vars(module).values()
        if isinstance(table, _common.Fields) and table is not _common.NO_FIELDS
    ]
    assert len(tables) >= 14  # audio; calls: 6; bridges: 2; conferences: 4; recordings: 1
    for table in tables:
        for parameter, wire in table._wire.items():
            with pytest.raises(InvalidParameterError) as info:
                table.body({wire: 1})
            assert (info.value.parameter, info.value.conflicts_with) == (f"extra_body.{wire}", parameter)
            with pytest.raises(InvalidParameterError):
                table.query({wire: 1})


BAD_EXTRAS: list[Any] = [
    pytest.param(
        lambda c: c.calls.hangup("c-1", extra_body=["someNewField"]), "extra_body", id="not_a_mapping"
    ),
    pytest.param(lambda c: c.calls.hangup("c-1", extra_body={"": 1}), "extra_body", id="empty_name"),
    pytest.param(lambda c: c.calls.hangup("c-1", extra_body={3: 1}), "extra_body", id="name_not_text"),
    pytest.param(
        lambda c: list(c.calls.list(extra_query={"ids": ["a", "b"]})), "extra_query.ids", id="query_list"
    ),
    pytest.param(
        lambda c: list(c.calls.list(extra_query={"ratio": float("nan")})), "extra_query.ratio", id="query_nan"
    ),
    pytest.param(lambda c: c.calls.hangup("c-1", extra_body={"when": {1, 2}}), "when", id="not_json"),
]


@pytest.mark.parametrize(("action", "parameter"), BAD_EXTRAS)
def test_bad_extras_are_refused_before_any_request(
    api: Client, server: RecordingServer, action: Action, parameter: str
) -> None:
    server.load([])

    with pytest.raises(InvalidParameterError) as info:
        action(api)

    assert info.value.parameter == parameter
    assert server.take_requests() == []


def test_the_typed_layer_takes_extras_as_a_mapping_of_json_values() -> None:
    assert _common.Fields(tag="tag").body(None, tag="t") == {"tag": "t"}
    assert _common.Fields(tag="tag").body({}, tag="t") == {"tag": "t"}
    assert _common.Fields().body({"a": None}) == {"a": None}  # an explicit null is the caller's to send
