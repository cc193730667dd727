"""Model behaviour that needs no traffic: parsing, tolerance, value semantics, pickling, binding."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timedelta, timezone

import pytest

from bandwidth import (
    Bridge,
    BridgeState,
    Call,
    CallDirection,
    CallEvent,
    CallState,
    Client,
    Conference,
    DetachedModelError,
    Gather,
    GatherReason,
    Recording,
    Transcription,
    UnknownValue,
)

CALL_JSON = b"""{
    "id": "c-1", "direction": "in", "from": "+19195551212", "to": "+19195553434",
    "state": "active", "startTime": "2013-02-08T13:15:47.587Z", "recordingEnabled": false,
    "events": "https://api.catapult.inetwork.com/v1/users/u-test/calls/c-1/events",
    "sipHeaders": {"X-Header-1": "value-1"}, "someNewField": {"nested": [1, 2]}
}"""


def test_call_fields_use_snake_case_and_keep_unknown_fields() -> None:
    call = Call.model_validate_json(CALL_JSON)

    assert call.from_ == "+19195551212"
    assert call.state is CallState.ACTIVE
    assert call.start_time == datetime(2013, 2, 8, 13, 15, 47, 587000, tzinfo=timezone.utc)
    assert call.events_url == "https://api.catapult.inetwork.com/v1/users/u-test/calls/c-1/events"
    assert call.sip_headers == {"X-Header-1": "value-1"}
    assert call.model_extra == {"someNewField": {"nested": [1, 2]}}


def test_dump_by_alias_gives_back_the_wire_names() -> None:
    call = Call.model_validate_json(CALL_JSON)

    dumped = call.model_dump(by_alias=True, exclude_none=True, mode="json")

    assert dumped["from"] == "+19195551212"
    assert dumped["events"].endswith("/calls/c-1/events")
    assert dumped["startTime"] == "2013-02-08T13:15:47.587000Z"
    assert dumped["someNewField"] == {"nested": [1, 2]}


def test_models_accept_python_names_too() -> None:
    # the names type checkers show in the constructor (tests/typing_public_api.py checks that they do)
    call = Call(id="c-2", from_="+1", events_url="https://x/events")
    conference = Conference(id="conf-1", on_hold=True, muted=False)

    assert call.from_ == "+1"
    assert call.events_url == "https://x/events"
    assert call.model_dump(by_alias=True, exclude_none=True) == {
        "id": "c-2",
        "from": "+1",
        "events": "https://x/events",
    }
    assert conference.model_dump(by_alias=True, exclude_none=True) == {
        "id": "conf-1",
        "hold": True,
        "mute": False,
    }


def test_unknown_enum_values_are_kept_as_strings_of_their_own_class() -> None:
    call = Call.model_validate({"id": "c-1", "state": "parked", "direction": "sideways"})
    bridge = Bridge.model_validate({"id": "brg-1", "state": "hold"})

    assert call.state == "parked"
    assert not isinstance(call.state, CallState)
    assert isinstance(call.state, UnknownValue)
    assert isinstance(call.state, str)
    assert call.direction == "sideways"
    assert bridge.state is BridgeState.HOLD


def test_unknown_enum_values_dump_and_pickle_as_the_strings_sent() -> None:
    call = Call.model_validate_json(b'{"id": "c-1", "state": "parked", "direction": "in"}')

    dumped = call.model_dump()
    again = pickle.loads(pickle.dumps(call))

    assert type(dumped["state"]) is str
    assert dumped["state"] == "parked"
    assert dumped["direction"] is CallDirection.IN
    assert call.model_dump_json(include={"state"}) == '{"state":"parked"}'
    assert again == call
    assert type(again.state) is UnknownValue
    assert Call.model_validate(dumped) == call
    match call.state:
        case CallState.ACTIVE:
            raise AssertionError("an unknown value matched a member")
        case "parked":
            pass
        case _:
            raise AssertionError("an unknown value did not match its string")


def test_enum_members_compare_equal_to_their_wire_value() -> None:
    gather = Gather.model_validate({"id": "g-1", "reason": "max-digits"})

    assert gather.reason is GatherReason.MAX_DIGITS
    assert gather.reason == "max-digits"  # type: ignore[comparison-overlap]  # what mypy doubts, shown
    assert str(gather.reason) == "max-digits"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2014-12-19T19:13:20Z", datetime(2014, 12, 19, 19, 13, 20, tzinfo=timezone.utc)),
        ("2014-12-19T20:13:20+01:00", datetime(2014, 12, 19, 19, 13, 20, tzinfo=timezone.utc)),
        ("2014-12-19T19:13:20", datetime(2014, 12, 19, 19, 13, 20, tzinfo=timezone.utc)),
        (1419032854964, datetime(2014, 12, 19, 23, 47, 34, 964000, tzinfo=timezone.utc)),
        ("2013-02-08T13:15:65.887Z", datetime(2013, 2, 8, 13, 16, 5, 887000, tzinfo=timezone.utc)),
        ("2014-04-23T11:53:43-03", datetime(2014, 4, 23, 14, 53, 43, tzinfo=timezone.utc)),
        ("2014-04-23T11:53:43.5+0130", datetime(2014, 4, 23, 10, 23, 43, 500000, tzinfo=timezone.utc)),
        (datetime(2014, 4, 23, 11, 53, 43), datetime(2014, 4, 23, 11, 53, 43, tzinfo=timezone.utc)),
    ],
)
def test_timestamps_are_aware_utc(raw: object, expected: datetime) -> None:
    event = CallEvent.model_validate({"id": "ev-1", "time": raw})

    assert event.time == expected
    assert event.time is not None and event.time.utcoffset() == timedelta(0)


def test_garbage_timestamp_is_a_validation_error() -> None:
    with pytest.raises(ValueError, match="time"):
        CallEvent.model_validate({"id": "ev-1", "time": "yesterday"})


def test_gather_reads_its_call_id_from_the_call_url() -> None:
    gather = Gather.model_validate(
        {"gatherId": "g-1", "call": "https://api.catapult.inetwork.com/v1/users/u/calls/c-9"}
    )

    assert gather.id == "g-1"
    assert gather.call_id == "c-9"


def test_recording_derives_call_id_and_media_name() -> None:
    recording = Recording.model_validate(
        {
            "id": "rec-1",
            "call": "https://h/v1/users/u/calls/c-1",
            "media": "https://h/v1/users/u/media/c-1-1.wav",
        }
    )

    assert recording.call_id == "c-1"
    assert recording.media_name == "c-1-1.wav"


def test_models_are_frozen_snapshots() -> None:
    call = Call(id="c-1", state="active")

    with pytest.raises(ValueError, match="frozen"):
        call.state = "completed"  # type: ignore[misc, assignment]


def test_a_model_built_by_hand_is_detached() -> None:
    call = Call(id="c-1")

    assert not call.is_bound
    with pytest.raises(DetachedModelError, match="not bound to a client"):
        call.hangup()


def test_equality_compares_data_not_the_client() -> None:
    with Client("u-a", "t", "s") as first, Client("u-b", "t", "s") as second:
        a = first.calls.handle("c-1")
        b = second.calls.handle("c-1")

    assert a == b
    assert a == Call.model_construct(id="c-1")
    assert a != first.calls.handle("c-2")
    assert a != Bridge.model_construct(id="c-1")
    assert hash(a) == hash(b)


def test_copies_share_the_transport_and_keep_the_data() -> None:
    with Client("u-test", "t", "s") as client:
        call = client.calls.handle("c-1")
        shallow = copy.copy(call)
        deep = copy.deepcopy(call)
        updated = call.model_copy(update={"state": "active"})

        for other in (shallow, deep, updated):
            assert other.is_bound
            assert other._transport is call._transport
        assert updated.state == "active"


def test_pickled_models_drop_the_client_and_keep_the_data() -> None:
    with Client("u-test", "t-token", "s-very-secret") as client:
        call = client.calls.handle("c-1").model_copy(
            update={"state": CallState.ACTIVE, "sip_headers": {"X-A": "1"}}
        )
        blob = pickle.dumps(call)

        restored = pickle.loads(blob)

        assert b"s-very-secret" not in blob
        assert restored == call
        assert restored.state is CallState.ACTIVE
        assert not restored.is_bound
        assert client.bind(restored).is_bound


@pytest.mark.parametrize(
    "model",
    [
        Call.model_validate_json(CALL_JSON),
        Bridge.model_validate({"id": "brg-1", "callIds": ["c-1"], "createdTime": "2013-04-22T13:55:30.279Z"}),
        Gather.model_validate({"id": "g-1", "digits": "12"}),
        CallEvent.model_validate({"id": "ev-1", "time": 1419032854964, "name": "hangup"}),
        Recording.model_validate({"id": "rec-1", "state": "complete"}),
        Transcription.model_validate({"id": "tr-1", "state": "completed", "textSize": 3}),
    ],
)
def test_every_model_survives_pickle(model: object) -> None:
    assert pickle.loads(pickle.dumps(model)) == model


def test_reprs_never_show_credentials() -> None:
    with Client("u-test", "t-token-123", "s-secret-456") as client:
        call = client.calls.handle("c-1")
        shown = " ".join(
            [repr(client), repr(call), str(call), repr(client._transport), repr(client.calls.list())]
        )

    assert "t-token-123" not in shown
    assert "s-secret-456" not in shown
    assert "Authorization" not in shown
