"""The dict facade takes what 3.1 took and sends what the API documents.

Numeric strings become numbers, ``"true"``/``"false"`` booleans, an int DTMF its digits, by one table
(``bandwidth._legacy.coerce.COERCIONS``); the typed layer's checks then run on the result and name the
caller's parameter. Extra keywords are sent as spelled. A loopback server records each request; the tests
compare what went on the wire exactly (JSON text included, so ``7`` is not ``7.0``).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from original_capture import API_SECRET, API_TOKEN, USER_ID, RecordingServer

from bandwidth import Client, InvalidParameterError
from bandwidth._legacy import coerce
from bandwidth._sync.services.bridges import BridgesService
from bandwidth._sync.services.calls import CallsService
from bandwidth._sync.services.conferences import ConferencesService
from bandwidth._sync.services.recordings import RecordingsService

USERS = f"/v1/users/{USER_ID}"
CREATED = {"status": 201, "headers": {"Location": f"http://api.example{USERS}/calls/c-1"}}
OK: dict[str, Any] = {"status": 200}


@pytest.fixture(scope="module")
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as recording_server:
        yield recording_server


@pytest.fixture(scope="module")
def api(server: RecordingServer) -> Iterator[Client]:
    with Client(USER_ID, API_TOKEN, API_SECRET, api_endpoint=server.url, max_retries=0) as client:
        yield client


def sent(
    server: RecordingServer, api: Client, action: Callable[[Client], Any], answer: dict[str, Any]
) -> Any:
    """The JSON body of the one request ``action`` sends."""
    server.load([answer])
    action(api)
    (request,) = server.take_requests()
    return request["body"]


# -- the coercions, one by one ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "wanted"),
    [
        ("30", 30),
        (" 30 ", 30),
        ("+30", 30),
        ("-2", -2),
        ("30.0", 30),
        (30.0, 30),
        (30, 30),
        ("2.5", "2.5"),  # not a whole number: left for the check to refuse
        (2.5, 2.5),
        ("thirty", "thirty"),
        ("", ""),
        ("1e400", "1e400"),
        ("9" * 40, "9" * 40),
        (True, True),  # a bool is not a count
        (None, None),
    ],
)
def test_integer(given: Any, wanted: Any) -> None:
    assert json.dumps(coerce.integer(given)) == json.dumps(wanted)


@pytest.mark.parametrize(
    ("given", "wanted"),
    [("7", 7), ("2.5", 2.5), (" .5 ", 0.5), ("7.0", 7), ("1e1", 10), ("nan", "nan"), ("inf", "inf"), (7, 7)],
)
def test_number(given: Any, wanted: Any) -> None:
    assert json.dumps(coerce.number(given)) == json.dumps(wanted)


@pytest.mark.parametrize(
    ("given", "wanted"),
    [
        ("true", True),
        ("false", False),
        ("True", True),
        (" FALSE ", False),
        ("yes", "yes"),
        ("1", "1"),
        (True, True),
    ],
)
def test_boolean(given: Any, wanted: Any) -> None:
    assert coerce.boolean(given) == wanted
    assert type(coerce.boolean(given)) is type(wanted)


@pytest.mark.parametrize(("given", "wanted"), [(12, "12"), ("12", "12"), (0, "0"), (True, True), (1.5, 1.5)])
def test_digits(given: Any, wanted: Any) -> None:
    assert coerce.digits(given) == wanted
    assert type(coerce.digits(given)) is type(wanted)


def test_every_coercion_is_for_a_parameter_of_the_typed_layer() -> None:
    parameters = {
        name
        for service in (CallsService, BridgesService, ConferencesService, RecordingsService)
        for _, method in inspect.getmembers(service, inspect.isfunction)
        for name in inspect.signature(method).parameters
    }
    audio_keys = {"loop_enabled", "bargeable"}
    assert set(coerce.COERCIONS) <= parameters | audio_keys
    assert set(coerce.SYNONYMS.values()) <= parameters


# -- on the wire ---------------------------------------------------------------------------------------


WIRE: list[Any] = [
    pytest.param(
        lambda c: c.create_call(
            "+19195551212",
            "+19195553434",
            call_timeout=" 30 ",
            callback_timeout="2000.0",
            recording_max_duration=3600.0,
            recording_enabled="TRUE",
            transcription_enabled="false",
        ),
        CREATED,
        {
            "from": "+19195551212",
            "to": "+19195553434",
            "callTimeout": 30,
            "callbackTimeout": 2000,
            "recordingMaxDuration": 3600,
            "recordingEnabled": True,
            "transcriptionEnabled": False,
        },
        id="create_call",
    ),
    pytest.param(
        lambda c: c.create_call_gather(
            "c-1", "5", "2.5", prompt={"sentence": "Code?", "loopEnabled": "false", "bargeable": "true"}
        ),
        {"status": 201, "headers": {"Location": f"http://api.example{USERS}/calls/c-1/gather/g-1"}},
        {
            "maxDigits": 5,
            "interDigitTimeout": 2.5,
            "prompt": {"sentence": "Code?", "loopEnabled": False, "bargeable": True},
        },
        id="create_call_gather",
    ),
    pytest.param(
        lambda c: c.transfer_call(
            "c-1", "+19195554444", whisper_audio=c.build_sentence("Hi", loop_enabled="true")
        ),
        CREATED,
        {
            "state": "transferring",
            "transferTo": "+19195554444",
            "whisperAudio": {"sentence": "Hi", "loopEnabled": True},
        },
        id="transfer_call_whisper",
    ),
    pytest.param(
        lambda c: c.play_audio_to_call(
            "c-1", c.build_sentence("Hi", voice="susan", tag="t-1", someNewField=1)
        ),
        OK,
        {"sentence": "Hi", "voice": "susan", "tag": "t-1", "someNewField": 1},
        id="play_audio_dict_with_extras",
    ),
    pytest.param(
        lambda c: c.play_audio_to_call(
            "c-1",
            c.build_audio_playback("http://a/b.mp3", loop_enabled="true"),
            loop_enabled=False,
            volume="3",
        ),
        OK,
        {"fileUrl": "http://a/b.mp3", "loopEnabled": False, "volume": 3},
        id="play_audio_explicit_beats_the_dict",
    ),
    pytest.param(lambda c: c.send_dtmf_to_call("c-1", 1234), OK, {"dtmfOut": "1234"}, id="send_dtmf_int"),
    pytest.param(
        lambda c: c.update_bridge("brg-1", [], "false", someNewField=None, other="x"),
        OK,
        {"callIds": [], "bridgeAudio": False, "other": "x"},
        id="update_bridge_none_extra_left_out",
    ),
    pytest.param(
        lambda c: c.transfer_call("c-1", "+19195554444", diversionTreatment="stack", diversionReason="away"),
        CREATED,
        {
            "state": "transferring",
            "transferTo": "+19195554444",
            "diversionTreatment": "stack",
            "diversionReason": "away",
        },
        id="transfer_call_api_names_of_diversion",
    ),
    pytest.param(
        lambda c: c.update_call_gather("c-1", "g-1", someNewField="x"),
        OK,
        {"state": "completed", "someNewField": "x"},
        id="update_call_gather_extra",
    ),
    # the reference's conference examples send booleans and numbers as strings
    pytest.param(
        lambda c: c.create_conference("+19195551212", callback_timeout="2000", profile="passthru_digits"),
        {"status": 201, "headers": {"Location": f"http://api.example{USERS}/conferences/conf-1"}},
        {"from": "+19195551212", "callbackTimeout": 2000, "profile": "passthru_digits"},
        id="create_conference",
    ),
    pytest.param(
        lambda c: c.create_conference_member("conf-1", "c-1", "false", "false", mute="TRUE", hold=" false "),
        {"status": 201, "headers": {"Location": f"http://api.example{USERS}/conferences/conf-1/members/m-1"}},
        {"callId": "c-1", "joinTone": False, "leavingTone": False, "mute": True, "hold": False},
        id="create_conference_member",
    ),
    pytest.param(lambda c: c.mute_conference("conf-1", "true"), OK, {"mute": True}, id="mute_conference"),
    pytest.param(
        lambda c: c.hold_conference_member("conf-1", "m-1", "false"), OK, {"hold": False}, id="hold_member"
    ),
    pytest.param(
        lambda c: c.update_conference_member("conf-1", "m-1", state="completed", someNewField="x"),
        OK,
        {"state": "completed", "someNewField": "x"},
        id="update_conference_member_state",
    ),
    pytest.param(
        lambda c: c.play_audio_to_conference_member(
            "conf-1", "m-1", c.build_sentence("Hi", loop_enabled="true")
        ),
        OK,
        {"sentence": "Hi", "loopEnabled": True},
        id="play_audio_to_conference_member_dict",
    ),
]


@pytest.mark.parametrize(("action", "answer", "body"), WIRE)
def test_what_3_1_took_is_sent_as_the_api_documents(
    api: Client, server: RecordingServer, action: Callable[[Client], Any], answer: dict[str, Any], body: Any
) -> None:
    found = sent(server, api, action, answer)

    assert json.dumps(found, sort_keys=True) == json.dumps(body, sort_keys=True)


def test_list_keywords_reach_the_query(api: Client, server: RecordingServer) -> None:
    server.load([{"status": 200, "json": []}])

    assert list(api.list_calls(to="+19195553434", size="25", page=" 2", sortOrder_x="asc", flag=True)) == []

    (request,) = server.take_requests()
    assert request["query"] == {
        "to": ["+19195553434"],
        "size": ["25"],
        "page": ["2"],
        "sortOrder_x": ["asc"],
        "flag": ["true"],
    }


# -- refused before any request, naming the caller's parameter ----------------------------------------------

REFUSED: list[Any] = [
    pytest.param(
        lambda c: c.create_call("+1", "+2", call_timeout="301"), "call_timeout", id="call_timeout_301"
    ),
    pytest.param(
        lambda c: c.create_call("+1", "+2", call_timeout="thirty"), "call_timeout", id="not_a_number"
    ),
    pytest.param(lambda c: c.create_call("+1", "+2", call_timeout="2.5"), "call_timeout", id="not_whole"),
    pytest.param(
        lambda c: c.create_call("+1", "+2", callback_timeout="10001"), "callback_timeout", id="cb_ms"
    ),
    pytest.param(lambda c: c.create_call("+1", "+2", recording_enabled="yes"), "recording_enabled", id="yes"),
    pytest.param(lambda c: c.create_call_gather("c-1", "31"), "max_digits", id="max_digits_31"),
    pytest.param(
        lambda c: c.create_call_gather("c-1", inter_digit_timeout="30.5"),
        "inter_digit_timeout",
        id="idt_30_5",
    ),
    pytest.param(
        lambda c: c.create_call_gather("c-1", inter_digit_timeout="nan"), "inter_digit_timeout", id="idt_nan"
    ),
    pytest.param(
        lambda c: c.create_call_gather("c-1", prompt={"sentence": "x", "loopEnabled": "maybe"}),
        "prompt.loopEnabled",
        id="prompt_flag",
    ),
    pytest.param(lambda c: c.list_calls(size="1001"), "size", id="size_1001"),
    pytest.param(lambda c: c.list_bridges("0"), "size", id="bridges_size_0"),
    pytest.param(lambda c: c.list_recordings(page="-1"), "page", id="page_negative"),
    pytest.param(lambda c: c.play_audio_to_call("c-1", sentence="Hi", volume="5"), "volume", id="volume_5"),
    pytest.param(lambda c: c.send_dtmf_to_call("c-1", -1), "dtmf_out", id="dtmf_negative"),
    pytest.param(lambda c: c.send_dtmf_to_call("c-1", None), "dtmf_out", id="dtmf_none"),
    pytest.param(lambda c: c.update_call_gather("c-1", "g-1", "active"), "state", id="gather_active"),
    pytest.param(
        lambda c: c.transfer_call("c-1", "+19195554444", diversionReason="bored"),
        "diversion_reason",
        id="reason",
    ),
    pytest.param(
        lambda c: c.create_call("+1", "+2", sip_headers={f"X-H{n}": "v" for n in range(6)}),
        "sip_headers",
        id="six_sip_headers",
    ),
    pytest.param(lambda c: c.mute_conference("conf-1", "yes"), "mute", id="mute_yes"),
    pytest.param(lambda c: c.hold_conference("conf-1", None), "hold", id="hold_none"),
    pytest.param(lambda c: c.mute_conference_member("conf-1", "m-1", None), "mute", id="member_mute_none"),
    pytest.param(lambda c: c.create_conference_member("conf-1"), "call_id", id="member_without_call"),
    pytest.param(
        lambda c: c.create_conference_member("conf-1", "c-1", join_tone="1"), "join_tone", id="join_tone_1"
    ),
    pytest.param(
        lambda c: c.update_conference("conf-1", callback_timeout="10001"), "callback_timeout", id="conf_cb_ms"
    ),
    pytest.param(lambda c: c.update_conference("conf-1", state="active"), "state", id="conference_active"),
    pytest.param(lambda c: c.create_conference("+1", profile="loud"), "profile", id="profile_unknown"),
]


@pytest.mark.parametrize(("action", "parameter"), REFUSED)
def test_bad_values_are_refused_after_coercion(
    api: Client, server: RecordingServer, action: Callable[[Client], Any], parameter: str
) -> None:
    server.load([])

    with pytest.raises(InvalidParameterError) as info:
        action(api)

    assert info.value.parameter == parameter
    assert str(info.value).startswith(f"{parameter}: ")
    assert server.take_requests() == []


COLLISIONS: list[Any] = [
    pytest.param(
        lambda c: c.create_call("+1", "+2", callback_url="http://a", callbackUrl="http://b"),
        "callbackUrl",
        "callback_url",
        id="create_call",
    ),
    pytest.param(
        lambda c: c.update_call("c-1", "completed", callbackUrl="http://b"),
        "callbackUrl",
        "callback_url",
        id="update_call_named_not_given",
    ),
    pytest.param(lambda c: c.list_calls(sortOrder="asc"), "sortOrder", "sort_order", id="list_calls"),
    pytest.param(lambda c: c.send_dtmf_to_call("c-1", "1", dtmfOut="2"), "dtmfOut", "dtmf_out", id="dtmf"),
    pytest.param(
        lambda c: c.create_call_gather("c-1", 5, maxDigits=6),
        "maxDigits",
        "max_digits",
        id="create_call_gather",
    ),
    pytest.param(
        lambda c: c.transfer_call("c-1", "+1", diversion_treatment="stack", diversionTreatment="none"),
        "diversionTreatment",
        "diversion_treatment",
        id="transfer_call_both_spellings",
    ),
    pytest.param(
        lambda c: c.transfer_call("c-1", "+1", transferCallerId="+2"),
        "transferCallerId",
        "caller_id",
        id="caller",
    ),
    pytest.param(
        lambda c: c.play_audio_to_bridge("brg-1", "http://a/b.mp3", fileUrl="http://c"),
        "fileUrl",
        "file_url",
        id="play_audio_to_bridge",
    ),
    pytest.param(
        lambda c: c.build_sentence("Hi", loop_enabled=True, loopEnabled=False),
        "loopEnabled",
        "loop_enabled",
        id="build_sentence",
    ),
    pytest.param(
        lambda c: c.build_audio_playback("http://a/b.mp3", fileUrl="http://c"),
        "fileUrl",
        "file_url",
        id="build_audio_playback",
    ),
    pytest.param(
        lambda c: c.create_conference("+1", callbackUrl="http://b"),
        "callbackUrl",
        "callback_url",
        id="create_conference",
    ),
    pytest.param(
        lambda c: c.create_conference_member("conf-1", "c-1", callId="c-2"),
        "callId",
        "call_id",
        id="create_conference_member",
    ),
    pytest.param(
        lambda c: c.update_conference_member("conf-1", "m-1", joinTone=True),
        "joinTone",
        "join_tone",
        id="update_conference_member",
    ),
]


@pytest.mark.parametrize(("action", "keyword", "parameter"), COLLISIONS)
def test_a_keyword_spelled_like_a_parameter_s_field_is_refused_naming_both(
    api: Client, server: RecordingServer, action: Callable[[Client], Any], keyword: str, parameter: str
) -> None:
    server.load([])

    with pytest.raises(InvalidParameterError) as info:
        action(api)

    assert info.value.parameter == keyword
    assert info.value.conflicts_with == parameter
    assert str(info.value).startswith(f"{keyword}: ")
    assert repr(keyword) in str(info.value) and parameter in str(info.value)
    assert server.take_requests() == []


def test_a_look_alike_keyword_is_just_another_field(api: Client, server: RecordingServer) -> None:
    server.load([OK])

    api.update_call_gather("c-1", "g-1", state="completed", **{"state ": 1, "State": 2})

    (request,) = server.take_requests()
    assert request["body"] == {"state": "completed", "state ": 1, "State": 2}


def test_typed_layer_stays_strict(api: Client, server: RecordingServer) -> None:
    server.load([])
    with pytest.raises(InvalidParameterError) as info:
        api.calls.create(from_="+1", to="+2", call_timeout="30")  # type: ignore[arg-type]
    assert info.value.parameter == "call_timeout"
    assert server.take_requests() == []
