"""Callback events: documented examples, the GET form, unknown events, errors, handles to live objects.

The examples in ``tests/data/callbacks`` are the reference's (see the README there).
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
import requests.adapters
from hypothesis import given, settings, strategies as st
from werkzeug.datastructures import MultiDict

from bandwidth import (
    BandwidthError,
    Call,
    CallState,
    Client,
    DetachedModelError,
    Gather,
    GatherReason,
    GatherState,
    Recording,
    RecordingState,
    Transcription,
    TranscriptionState,
)
from bandwidth.callbacks import (
    AnswerEvent,
    CallbackEvent,
    CallbackParseError,
    ConferenceEvent,
    ConferenceMemberEvent,
    ConferenceMemberState,
    ConferencePlaybackEvent,
    ConferenceSpeakEvent,
    ConferenceStatus,
    Diversion,
    DtmfEvent,
    GatherEvent,
    HangupCause,
    HangupEvent,
    IncomingCallEvent,
    PlaybackEvent,
    PlaybackStatus,
    RecordingEvent,
    RedirectEvent,
    RejectEvent,
    SpeakEvent,
    TimeoutEvent,
    TranscriptionEvent,
    TransferCompleteEvent,
    UnknownEvent,
    parse_callback,
    parse_callback_query,
)
from bandwidth.callbacks._parse import EVENT_TYPES

DATA = Path(__file__).resolve().parent / "data" / "callbacks"
API = "https://api.catapult.inetwork.com"
UTC = timezone.utc


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


def example(name: str) -> bytes:
    return (DATA / f"{name}.json").read_bytes()


TRANSCRIPT_START = "I'm this program is brought to you by Stanford University"

# For every documented example: the event class, and field values as the documentation gives them.
EXPECTED: dict[str, tuple[type[CallbackEvent], dict[str, object]]] = {
    "answer_basic": (
        AnswerEvent,
        {
            "event_type": "answer",
            "from_": "+15753222083",
            "to": "+13865245000",
            "call_id": "{call-id}",
            "call_uri": f"{API}/v1/users/{{user-id}}/calls/{{call-id}}",
            "call_state": CallState.ACTIVE,
            "time": utc(2012, 11, 14, 16, 28, 31, 536000),
            "tag": None,
            "diversion": None,
        },
    ),
    "answer_with_tag": (
        AnswerEvent,
        {"call_state": CallState.ACTIVE, "time": utc(2012, 11, 14, 16, 29, 35, 427000), "tag": "example-tag"},
    ),
    "hangup": (
        HangupEvent,
        {
            "event_type": "hangup",
            "call_id": "{callId}",
            "call_uri": f"{API}/v1/users/{{userId}}/calls/{{callId}}",
            "from_": "+13233326955",
            "to": "+13233326955",
            "cause": HangupCause.NORMAL_CLEARING,
            "time": utc(2012, 11, 14, 15, 56, 12, 636000),
        },
    ),
    "reject": (
        RejectEvent,
        {
            "event_type": "hangup",
            "from_": "+15302987472",
            "to": "+12702380149",
            "call_id": "{callId}",
            "call_uri": "https://api.dev.catapult.inetwork.com/v1/users/{userId}/calls/{callId}",
            "call_state": CallState.COMPLETED,
            "cause": HangupCause.CALL_REJECTED,
            # "2014-04-23T11:53:43-03": an offset in hours only.
            "time": utc(2014, 4, 23, 14, 53, 43),
        },
    ),
    "timeout": (
        TimeoutEvent,
        {
            "event_type": "timeout",
            "from_": "+12096626728",
            "to": "+15756162105",
            "call_id": "{callId}",
            "time": utc(2013, 11, 6, 14, 25, 58, 857000),
        },
    ),
    "incomingcall": (
        IncomingCallEvent,
        {
            "event_type": "incomingcall",
            "from_": "+13233326955",
            "to": "+13865245000",
            "call_id": "{callId}",
            "call_state": CallState.ACTIVE,
            "application_id": "{appId}",
            "time": utc(2012, 11, 14, 16, 21, 59, 616000),
        },
    ),
    "playback_started": (
        PlaybackEvent,
        {
            "status": PlaybackStatus.STARTED,
            "call_id": "{callId}",
            "time": utc(2012, 11, 14, 15, 56, 5, 896000),
        },
    ),
    "playback_done": (
        PlaybackEvent,
        {"status": PlaybackStatus.DONE, "time": utc(2012, 11, 14, 15, 56, 5, 896000), "tag": None},
    ),
    "speak_started": (
        SpeakEvent,
        {"status": PlaybackStatus.STARTED, "state": None, "time": utc(2013, 6, 26, 17, 55, 45, 748000)},
    ),
    "speak_done": (
        SpeakEvent,
        {"status": PlaybackStatus.DONE, "call_id": "{callId}", "time": utc(2013, 6, 26, 17, 55, 46, 768000)},
    ),
    "dtmf": (
        DtmfEvent,
        {"event_type": "dtmf", "dtmf_digit": "5", "time": utc(2012, 11, 14, 15, 56, 9, 276000)},
    ),
    "gather_max_digits": (
        GatherEvent,
        {
            "reason": GatherReason.MAX_DIGITS,
            "state": GatherState.COMPLETED,
            "digits": "25",
            "time": utc(2014, 7, 31, 1, 1, 27),
            "call_id": "{callId}",
            "gather_id": "{gatherId}",
            "tag": "{tag}",
            "call_uri": None,
        },
    ),
    "recording_complete": (
        RecordingEvent,
        {
            "call_id": "{callId}",
            "recording_id": "{recordingId}",
            "recording_uri": f"{API}/v1/users/{{userId}}/recordings/{{recordingId}}",
            "status": RecordingState.COMPLETE,
            "state": None,
            "start_time": utc(2013, 8, 19, 16, 56, 57, 643000),
            "end_time": utc(2013, 8, 19, 16, 57, 8, 712000),
            "time": None,
        },
    ),
    "recording_error": (RecordingEvent, {"status": RecordingState.ERROR, "recording_id": "{recordingId}"}),
    "transcription_completed": (
        TranscriptionEvent,
        {
            "transcription_uri": (
                f"{API}/v1/users/{{userId}}/recordings/{{recordingId}}/transcriptions/{{transcriptionId}}"
            ),
            "text_size": 3627,
            "status": TranscriptionState.COMPLETED,
            "state": TranscriptionState.COMPLETED,
            "text_url": f"{API}/v1/users/{{userId}}/media/{{transcriptionId}}",
            "recording_id": "{recordingId}",
            "transcription_id": "{transcriptionId}",
            "time": None,
        },
    ),
    "transcription_error": (
        TranscriptionEvent,
        {
            "status": TranscriptionState.ERROR,
            "state": TranscriptionState.ERROR,
            "recording_id": "{recordingId}",
            "transcription_id": "{transcriptionId}",
            "text": None,
            "text_size": None,
        },
    ),
    "bxml_transcription": (  # bxml/callBacks/transcription.md: no recordingId, read from transcriptionUri
        TranscriptionEvent,
        {
            "transcription_id": "{transcriptionId}",
            "recording_id": "{recordingId}",
            "status": TranscriptionState.COMPLETED,
            "state": None,
            "text": "Hello From Bandwidth",
            "text_size": 3627,
            "text_url": f"{API}/v1/users/{{userId}}/media/{{transcriptionId}}",
        },
    ),
    "conference_created": (
        ConferenceEvent,
        {
            "event_type": "conference",
            "conference_id": "{conferenceId}",
            "conference_uri": f"{API}/v1/users/{{userId}}/conferences/{{conferenceId}}",
            "status": ConferenceStatus.CREATED,
            "created_time": utc(2013, 7, 12, 18, 26, 55, 685000),
            "completed_time": None,
        },
    ),
    "conference_completed": (
        ConferenceEvent,
        {
            "status": ConferenceStatus.COMPLETED,
            "created_time": utc(2013, 7, 12, 18, 29, 32, 521000),
            "completed_time": utc(2013, 7, 12, 18, 45, 10, 103000),
        },
    ),
    "conference_member_joined": (
        ConferenceMemberEvent,
        {
            "event_type": "conference-member",
            "active_members": 1,
            "call_id": "{callId}",
            "conference_id": "{conferenceId}",
            "hold": False,
            "mute": False,
            "member_id": "{memberId}",
            "member_uri": f"{API}/v1/users/{{userId}}/conferences/{{conferenceId}}/members/{{memberId}}",
            "state": ConferenceMemberState.ACTIVE,
            "time": utc(2013, 7, 12, 20, 53, 11, 646000),
        },
    ),
    "conference_member_left": (
        ConferenceMemberEvent,
        {"state": ConferenceMemberState.COMPLETED, "mute": False, "hold": False},
    ),
    "conference_member_muted": (
        ConferenceMemberEvent,
        {"state": ConferenceMemberState.ACTIVE, "mute": True, "hold": False},
    ),
    "conference_playback_started": (
        ConferencePlaybackEvent,
        {
            "event_type": "conference-playback",
            "conference_id": "{conferenceId}",
            "status": PlaybackStatus.STARTED,
            "time": utc(2013, 7, 12, 21, 18, 19, 966000),
        },
    ),
    "conference_playback_done": (ConferencePlaybackEvent, {"status": PlaybackStatus.DONE}),
    "conference_speak_started": (
        ConferenceSpeakEvent,
        {"event_type": "conference-speak", "status": PlaybackStatus.STARTED},
    ),
    "conference_speak_done": (
        ConferenceSpeakEvent,
        {"status": PlaybackStatus.DONE, "time": utc(2013, 7, 12, 21, 18, 19, 966000)},
    ),
}

# The properties each reference page documents (its "Example JSON" sketch), by eventType model.
DOCUMENTED_PROPERTIES: dict[type[CallbackEvent], set[str]] = {
    AnswerEvent: {"callId", "callState", "callUri", "diversion", "eventType", "from", "tag", "time", "to"},
    PlaybackEvent: {"callId", "callUri", "eventType", "status", "tag", "time"},
    DtmfEvent: {"callId", "callUri", "dtmfDigit", "eventType", "time"},
    GatherEvent: {"callId", "digits", "eventType", "gatherId", "reason", "state", "tag", "time"},
    HangupEvent: {"callId", "callUri", "cause", "eventType", "from", "time", "to"},
    IncomingCallEvent: {
        *("applicationId", "callId", "callState", "callUri", "diversion", "eventType", "from", "time", "to"),
    },
    RecordingEvent: {
        *("callId", "endTime", "eventType", "recordingId", "recordingUri", "startTime", "state", "status"),
    },
    RejectEvent: {"callId", "callState", "callUri", "cause", "eventType", "from", "time", "to"},
    SpeakEvent: {"callId", "callUri", "eventType", "state", "status", "tag", "time"},
    TimeoutEvent: {"callId", "callUri", "eventType", "from", "time", "to"},
    TranscriptionEvent: {
        *("eventType", "recordingId", "state", "status", "text", "textSize", "textUrl", "transcriptionId"),
        "transcriptionUri",
    },
    ConferenceEvent: {"conferenceId", "conferenceUri", "eventType", "status", "createdTime", "completedTime"},
    ConferenceMemberEvent: {
        *("activeMembers", "callId", "conferenceId", "eventType", "hold", "memberId", "memberUri", "mute"),
        *("state", "time"),
    },
    ConferencePlaybackEvent: {"eventType", "conferenceId", "conferenceUri", "status", "time"},
    ConferenceSpeakEvent: {"eventType", "conferenceId", "conferenceUri", "status", "time"},
}


def assert_fields(event: CallbackEvent, expected: Mapping[str, object]) -> None:
    for name, value in expected.items():
        actual = getattr(event, name)
        if isinstance(value, Enum):
            assert actual is value, f"{name}: {actual!r} is not {value!r}"
        else:
            assert actual == value, f"{name}: {actual!r} != {value!r}"
        if isinstance(value, datetime):
            assert isinstance(actual, datetime)
            assert actual.utcoffset() is not None, f"{name} is naive"


class NoNetwork(requests.adapters.BaseAdapter):
    """Fails the test on any request."""

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        raise AssertionError(f"unexpected request: {request.method} {request.url}")

    def close(self) -> None:
        pass


@pytest.fixture
def offline_client() -> Iterator[Client]:
    session = requests.Session()
    session.mount("https://", NoNetwork())
    session.mount("http://", NoNetwork())
    with Client("u-test", "t-test-token", "s-test-secret", max_retries=0, session=session) as client:
        yield client
    session.close()


# -- the documented examples -----------------------------------------------------------------------------


def test_every_example_file_is_checked() -> None:
    assert {path.stem for path in DATA.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_documented_example_parses_to_its_event(name: str) -> None:
    cls, expected = EXPECTED[name]

    event = parse_callback(example(name))

    assert type(event) is cls
    assert_fields(event, expected)
    assert not event.is_bound


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_documented_example_parses_the_same_from_text_and_dict(name: str) -> None:
    body = example(name)
    from_bytes = parse_callback(body)

    assert parse_callback(body.decode()) == from_bytes
    assert parse_callback(json.loads(body)) == from_bytes
    assert parse_callback(bytearray(body)) == from_bytes
    assert parse_callback(memoryview(body)) == from_bytes


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_documented_example_round_trips_under_its_api_names(name: str) -> None:
    sent = json.loads(example(name))
    event = parse_callback(example(name))

    dumped = event.model_dump(mode="json", by_alias=True, exclude_unset=True)

    assert set(dumped) == set(sent)
    assert parse_callback(json.dumps(dumped)) == event
    assert pickle.loads(pickle.dumps(event)) == event


@pytest.mark.parametrize("cls", list(DOCUMENTED_PROPERTIES), ids=lambda cls: cls.__name__)
def test_every_documented_property_is_a_field(cls: type[CallbackEvent]) -> None:
    aliases = {field.serialization_alias or name for name, field in cls.model_fields.items()}

    assert DOCUMENTED_PROPERTIES[cls] <= aliases


def test_transcription_text_is_decoded() -> None:
    event = parse_callback(example("transcription_completed"))

    assert isinstance(event, TranscriptionEvent)
    assert event.text is not None
    assert event.text.startswith(TRANSCRIPT_START)
    assert event.text.endswith("So my parents who a ...")


def test_reject_is_a_hangup_event() -> None:
    event = parse_callback(example("reject"))

    assert isinstance(event, HangupEvent)
    assert isinstance(event, RejectEvent)
    assert event.time is not None
    assert event.time == datetime(2014, 4, 23, 14, 53, 43, tzinfo=timezone.utc)


def test_a_hangup_with_another_cause_is_not_a_reject() -> None:
    for cause in ("NORMAL_CLEARING", "USER_BUSY", "SOMETHING_NEW", None):
        payload: dict[str, object] = {"eventType": "hangup", "callId": "c-1"}
        if cause is not None:
            payload["cause"] = cause
        assert type(parse_callback(payload)) is HangupEvent


def test_answer_with_diversion_keeps_its_extra_pairs() -> None:
    payload = json.loads(example("answer_basic"))
    payload["diversion"] = {
        "origTo": "+15551234567",
        "reason": "user-busy",
        "screen": "no",
        "privacy": "off",
        "counter": 2,
        "limit": 3,
        "unknownName": "value",
    }

    event = parse_callback(payload)

    assert isinstance(event, AnswerEvent)
    assert isinstance(event.diversion, Diversion)
    assert event.diversion.orig_to == "+15551234567"
    assert event.diversion.reason == "user-busy"
    assert (event.diversion.counter, event.diversion.limit) == (2, 3)
    assert event.diversion.model_extra == {"unknownName": "value"}


def test_unknown_fields_and_enum_values_are_kept() -> None:
    event = parse_callback(
        b'{"eventType": "hangup", "callId": "c-1", "cause": "ANSWERED_ELSEWHERE", "sipCode": 487,'
        b' "callState": "archived"}'
    )

    assert type(event) is HangupEvent
    assert event.cause == "ANSWERED_ELSEWHERE"
    assert not isinstance(event.cause, HangupCause)
    assert event.call_state == "archived"
    assert event.model_extra == {"sipCode": 487}


def test_fields_by_python_name_are_accepted() -> None:
    event = parse_callback({"event_type": "dtmf", "call_id": "c-1", "dtmf_digit": "#"})

    assert isinstance(event, DtmfEvent)
    assert event.dtmf_digit == "#"


# -- GET callbacks ---------------------------------------------------------------------------------------


def as_query_values(payload: Mapping[str, object]) -> dict[str, str]:
    """What a GET callback carries: every value as text."""
    return {
        name: json.dumps(value) if isinstance(value, bool) else str(value)
        for name, value in payload.items()
        if not isinstance(value, (dict, list))
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_get_query_string_parses_like_the_json_body(name: str) -> None:
    values = as_query_values(json.loads(example(name)))

    from_query = parse_callback_query(urlencode(values))

    assert from_query == parse_callback(example(name))
    assert parse_callback_query("?" + urlencode(values)) == from_query
    assert parse_callback_query(urlencode(values).encode()) == from_query


def test_get_parameters_as_mapping_pairs_and_multidict() -> None:
    values = {
        "eventType": "conference-member",
        "conferenceId": "conf-1",
        "callId": "c-1",
        "memberId": "m-1",
        "hold": "true",
        "mute": "false",
        "activeMembers": "3",
        "state": "active",
        "time": "2013-07-12T20:53:11.646Z",
        "from": "+15551234567",
    }

    expected = parse_callback_query(urlencode(values))

    assert isinstance(expected, ConferenceMemberEvent)
    assert expected.hold is True
    assert expected.mute is False
    assert expected.active_members == 3
    assert expected.time == utc(2013, 7, 12, 20, 53, 11, 646000)
    assert expected.model_extra == {"from": "+15551234567"}
    assert parse_callback(values) == expected
    assert parse_callback(list(values.items())) == expected
    assert parse_callback(tuple(values.items())) == expected
    assert parse_callback(MultiDict(values)) == expected
    assert parse_callback(QueryMapping(values)) == expected


def test_multidict_gives_the_value_the_framework_gives() -> None:
    query = MultiDict([("eventType", "dtmf"), ("callId", "c-1"), ("dtmfDigit", "5"), ("dtmfDigit", "6")])

    event = parse_callback(query)

    assert isinstance(event, DtmfEvent)
    assert event.dtmf_digit == "5"  # werkzeug gives the first value of a repeated name


def test_pairs_keep_the_last_value_of_a_repeated_name() -> None:
    event = parse_callback([("eventType", "dtmf"), ("callId", "c-1"), ("dtmfDigit", "5"), ("dtmfDigit", "6")])

    assert isinstance(event, DtmfEvent)
    assert event.dtmf_digit == "6"


def test_query_string_plus_is_a_space_and_percent_2b_a_plus() -> None:
    event = parse_callback_query("eventType=answer&callId=c-1&from=%2B15753222083&tag=two+words%21")

    assert isinstance(event, AnswerEvent)
    assert event.from_ == "+15753222083"
    assert event.tag == "two words!"


def test_get_values_that_do_not_validate_are_refused() -> None:
    with pytest.raises(CallbackParseError, match="hold"):
        parse_callback_query("eventType=conference-member&conferenceId=f&callId=c&memberId=m&hold=perhaps")


# -- unknown events ----------------------------------------------------------------------------------------


def test_unknown_event_type_keeps_every_field() -> None:
    body = b'{"eventType": "sms", "from": "+1", "time": "2013-07-12T20:53:11.646Z", "nested": {"a": [1, 2]}}'

    event = parse_callback(body)

    assert type(event) is UnknownEvent
    assert event.event_type == "sms"
    assert event.model_extra == {"from": "+1", "time": "2013-07-12T20:53:11.646Z", "nested": {"a": [1, 2]}}
    assert event.time == utc(2013, 7, 12, 20, 53, 11, 646000)
    assert event.model_dump(by_alias=True) == json.loads(body)
    assert event.dedup_key == parse_callback(json.loads(body)).dedup_key
    hash(event)


def test_unknown_event_with_an_unreadable_time_is_still_an_event() -> None:
    event = parse_callback({"eventType": "future", "time": "whenever"})

    assert isinstance(event, UnknownEvent)
    assert event.time is None
    assert event.model_extra == {"time": "whenever"}
    untimed = parse_callback({"eventType": "future"})
    assert isinstance(untimed, UnknownEvent)
    assert untimed.time is None


def test_event_type_names_are_case_sensitive_as_documented() -> None:
    assert type(parse_callback({"eventType": "incomingCall", "callId": "c-1"})) is UnknownEvent


def test_every_documented_event_type_has_a_model() -> None:
    assert set(EVENT_TYPES) == {
        *("answer", "hangup", "timeout", "incomingcall", "playback", "speak", "dtmf", "gather", "recording"),
        *("transcription", "conference", "conference-member", "conference-playback", "conference-speak"),
        *("redirect", "transferComplete"),  # bxml/callBacks/: the two events only BXML calls get
    }


# -- what is not a callback ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", "not valid JSON"),
        (b"<html>", "not valid JSON"),
        ("eventType=answer&callId=c-1", "looks like a query string"),
        (b"[1, 2]", "JSON array, not an object"),
        (b'"answer"', "JSON string, not an object"),
        (b"null", "JSON null, not an object"),
        (b"{}", "no eventType"),
        (b'{"callId": "c-1"}', "no eventType"),
        (b'{"eventType": null}', "no eventType"),
        (b'{"eventType": 5}', "eventType is not a string but a JSON number"),
        (b'{"eventType": ["answer"]}', "eventType is not a string but a JSON array"),
        (b'{"eventType": ""}', "eventType is empty"),
        (b'{"eventType": "answer"}', "invalid answer callback: callId: Field required"),
        (
            b'{"eventType": "hangup", "callId": 7}',
            "invalid hangup callback: callId: Input should be a valid string",
        ),
        (b'{"eventType": "dtmf", "callId": "c", "time": "soon"}', "time: .*; dtmfDigit: Field required"),
        (b'{"eventType": "gather", "callId": "c", "gatherId": "g", "time": "soon"}', "time: Input should be"),
        ({"callId": "c-1"}, "no eventType"),
        ([("callId", "c-1")], "no eventType"),
        ([1, 2], "neither JSON, a mapping nor"),
        ({"eventType": "transcription"}, "transcriptionId: Field required"),
        ({1: "x", "eventType": "dtmf"}, "a field name that is not a string"),
        (
            b'{"eventType": "answer", "callId": "c", "time": "2014-02-30T11:53:43-03"}',
            "time: Input should be",
        ),
    ],
)
def test_a_payload_that_is_not_a_callback_is_refused(payload: Any, reason: str) -> None:
    with pytest.raises(CallbackParseError, match=reason) as raised:
        parse_callback(payload)

    assert isinstance(raised.value, BandwidthError)
    assert isinstance(raised.value, ValueError)
    assert raised.value.reason == str(raised.value)


def test_the_parse_error_never_repeats_the_payload() -> None:
    secret = "+15550001111"
    with pytest.raises(CallbackParseError) as raised:
        parse_callback({"eventType": "answer", "callId": ["x"], "from": secret, "time": secret})

    assert secret not in str(raised.value)
    assert len(str(raised.value)) < 300


class QueryMapping(Mapping[str, str]):
    """A read-only mapping that is not a dict, like some frameworks' query objects."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)

    def __getitem__(self, name: str) -> str:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


# -- from an event to live objects -----------------------------------------------------------------------

CALL_URL = "https://api.catapult.inetwork.com/v1/users/u-test/calls/c-abc123"


def test_bound_event_gives_call_handle_without_a_request(offline_client: Client) -> None:
    event = parse_callback(example("answer_basic"), client=offline_client)

    assert isinstance(event, AnswerEvent)
    assert event.is_bound
    call = event.call
    assert isinstance(call, Call)
    assert call.id == "{call-id}"
    assert call.is_bound
    assert call.state is None  # a handle: nothing was read


CALL_EVENTS = (
    *(AnswerEvent, HangupEvent, TimeoutEvent, IncomingCallEvent, PlaybackEvent, SpeakEvent, DtmfEvent),
    *(GatherEvent, RecordingEvent, ConferenceMemberEvent, RedirectEvent, TransferCompleteEvent),
)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_event_about_a_call_gives_the_call(name: str, offline_client: Client) -> None:
    event = parse_callback(example(name), client=offline_client)
    if not isinstance(event, CALL_EVENTS):
        assert not hasattr(event, "call")
        return

    call = event.call

    assert call.id == event.call_id
    assert call.is_bound


def test_gather_event_gives_gather_with_its_call_url(offline_client: Client) -> None:
    event = parse_callback(
        {"eventType": "gather", "callId": "c-abc123", "gatherId": "g-abc123", "digits": "25"},
        client=offline_client,
    )

    assert isinstance(event, GatherEvent)
    gather = event.gather
    assert isinstance(gather, Gather)
    assert (gather.id, gather.call_url, gather.call_id) == ("g-abc123", CALL_URL, "c-abc123")
    assert gather.is_bound


def test_recording_and_transcription_events_give_handles(offline_client: Client) -> None:
    recording_event = parse_callback(
        {"eventType": "recording", "callId": "c-abc123", "recordingId": "r-1", "status": "complete"},
        client=offline_client,
    )
    transcription_event = parse_callback(example("transcription_completed"), client=offline_client)

    assert isinstance(recording_event, RecordingEvent)
    recording = recording_event.recording
    assert isinstance(recording, Recording)
    assert (recording.id, recording.call_id) == ("r-1", "c-abc123")
    assert isinstance(transcription_event, TranscriptionEvent)
    transcription = transcription_event.transcription
    assert isinstance(transcription, Transcription)
    assert transcription.id == "{transcriptionId}"
    assert transcription_event.recording.id == "{recordingId}"
    assert transcription.is_bound


def test_detached_event_refuses_to_reach_the_api() -> None:
    event = parse_callback(example("gather_max_digits"))

    assert isinstance(event, GatherEvent)
    with pytest.raises(DetachedModelError, match="parse_callback"):
        _ = event.call
    with pytest.raises(DetachedModelError, match=r"client\.bind"):
        _ = event.gather


def test_client_bind_binds_a_detached_event(offline_client: Client) -> None:
    event = parse_callback(example("answer_basic"))
    assert isinstance(event, AnswerEvent)

    bound = offline_client.bind(event)

    assert bound.is_bound
    assert not event.is_bound
    assert bound == event
    assert bound.call.id == "{call-id}"


def test_binding_stays_out_of_equality_dumps_and_pickles(offline_client: Client) -> None:
    bound = parse_callback(example("dtmf"), client=offline_client)
    detached = parse_callback(example("dtmf"))

    assert bound == detached
    assert hash(bound) == hash(detached)
    assert "secret" not in repr(bound)
    assert "s-test-secret" not in pickle.dumps(bound).decode("latin-1")
    assert not pickle.loads(pickle.dumps(bound)).is_bound


def test_answer_event_hangup_is_one_request(client: Client, cassette: object) -> None:
    event = parse_callback(
        b'{"eventType": "answer", "callId": "c-abc123", "callState": "active",'
        b' "time": "2012-11-14T16:28:31Z"}',
        client=client,
    )

    assert isinstance(event, AnswerEvent)
    event.call.hangup()


def test_gather_event_gather_refresh_is_one_get(client: Client, cassette: object) -> None:
    event = parse_callback_query(
        "eventType=gather&callId=c-abc123&gatherId=g-abc123&digits=123", client=client
    )

    assert isinstance(event, GatherEvent)
    gather = event.gather.refresh()
    assert gather.state is GatherState.COMPLETED
    assert gather.digits == "123"
    assert gather.completed_time == utc(2014, 2, 12, 19, 33, 59)


# -- the duplicate key -------------------------------------------------------------------------------------


def test_a_repeated_delivery_has_the_same_key_and_a_different_event_another() -> None:
    first = parse_callback(example("playback_started"))
    again = parse_callback(example("playback_started"))
    done = parse_callback(example("playback_done"))

    assert first.dedup_key == again.dedup_key
    assert first.dedup_key != done.dedup_key
    assert first.dedup_key == ("playback", "{callId}", utc(2012, 11, 14, 15, 56, 5, 896000), "started", None)


def test_the_key_is_the_same_for_get_and_post_deliveries() -> None:
    for name in EXPECTED:
        values = as_query_values(json.loads(example(name)))
        assert parse_callback(values).dedup_key == parse_callback(example(name)).dedup_key


def test_keys_of_all_documented_examples_are_distinct() -> None:
    keys = [parse_callback(example(name)).dedup_key for name in EXPECTED]
    # The three member examples differ in state or mute; the two answer examples in time.
    assert len(set(keys)) == len(keys)


# -- properties --------------------------------------------------------------------------------------------

ids = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=30)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=moment.microsecond // 1000 * 1000))


@settings(max_examples=150, deadline=None)
@given(
    event_type=st.sampled_from(["answer", "hangup", "timeout", "incomingcall", "playback", "speak", "dtmf"]),
    call_id=ids,
    tag=st.none() | ids,
    moment=moments,
    number=st.from_regex(r"\+1[2-9]\d{9}", fullmatch=True),
    extra=st.text(min_size=0, max_size=20),
)
def test_json_and_get_forms_agree(
    event_type: str, call_id: str, tag: str | None, moment: datetime, number: str, extra: str
) -> None:
    payload: dict[str, str] = {
        "eventType": event_type,
        "callId": call_id,
        "time": moment.isoformat().replace("+00:00", "Z"),
        "from": number,
        "status": "done",
        "dtmfDigit": "#",
        "somethingNew": extra,
    }
    if tag is not None:
        payload["tag"] = tag

    from_json = parse_callback(json.dumps(payload).encode())
    from_query = parse_callback_query(urlencode(payload))

    assert from_json == from_query
    assert from_json.dedup_key == from_query.dedup_key
    assert from_json.time == moment
    assert from_json.model_extra is not None
    assert from_json.model_extra.get("somethingNew") == extra


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_any_body_parses_or_raises_the_sdk_error(body: bytes | str) -> None:
    try:
        event = parse_callback(body)
    except CallbackParseError:
        return
    assert isinstance(event, CallbackEvent)
