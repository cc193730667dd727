"""The BXML callbacks (``bxml/callBacks/*.md``): the pages' examples, verbatim, parse to typed events, and the
emulator's BXML runner sends nothing that parses as an UnknownEvent.

The pages show GET requests laid out one parameter a line (``tests/data/callbacks/bxml_*.query``, see the
README there); the transcription page shows a JSON POST (``bxml_transcription.json``, checked with the
other JSON examples in test_callbacks.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import requests
import requests.adapters
from werkzeug.serving import make_server
from werkzeug.test import Client as WerkzeugClient

from bandwidth import CallState, Client, GatherReason, GatherState, RecordingState, TranscriptionState
from bandwidth.bxml import Gather, Redirect, Response, SpeakSentence, Transfer
from bandwidth.callbacks import (
    AnswerEvent,
    AnyCallbackEvent,
    CallbackEvent,
    CallbackParseError,
    CallbackRouter,
    Diversion,
    GatherEvent,
    HangupCause,
    HangupEvent,
    IncomingCallEvent,
    RecordingEvent,
    RedirectEvent,
    TimeoutEvent,
    TranscriptionEvent,
    TransferCompleteEvent,
    UnknownEvent,
    parse_callback,
    parse_callback_query,
)
from bandwidth.emulator import Emulator

DATA = Path(__file__).resolve().parent / "data" / "callbacks"
API = "https://api.catapult.inetwork.com"
UTC = timezone.utc
CALL_URI = f"{API}/v1/users/{{user-id}}/calls/{{call-id}}"


def documented_query(name: str) -> str:
    """The query string of a ``.query`` example. The page lays it out one ``name=value&`` a line (with spaces
    around ``=`` in hangup.md), so a line is a parameter even where the page forgets its ``&``
    (callTimeout.md, after ``from``)."""
    _, _, parameters = (DATA / f"{name}.query").read_text().partition("?")
    lines = ("".join(line.split()).rstrip("&") for line in parameters.splitlines())
    return "&".join(line for line in lines if line)


EXPECTED: dict[str, tuple[type[CallbackEvent], dict[str, object]]] = {
    "bxml_answer": (
        AnswerEvent,
        {
            "call_state": CallState.ACTIVE,
            "to": "{to-number}",
            "from_": "{from-number}",
            "time": datetime(2016, 2, 20, 16, 22, 30, tzinfo=UTC),
            "call_id": "{call-id}",
            "tag": "{tag}",
            "call_uri": CALL_URI,
            # The page's JSON text lacks its closing brace: unreadable, so None, and the event still parses.
            "diversion": None,
        },
    ),
    "bxml_timeout": (
        TimeoutEvent,
        {
            "call_id": "{callId}",
            # The page writes "+" unencoded: form decoding reads it as a space (the API sends %2B).
            "to": " 19192223333",
            "from_": " 19105553333",
            "time": datetime(2018, 10, 10, 14, 41, 38, tzinfo=UTC),
            "call_uri": f"{API}/v1/users/{{userId}}/calls/{{callId}}",
        },
    ),
    "bxml_gather": (
        GatherEvent,
        {
            "terminating_digit": "#",
            "time": datetime(2016, 2, 20, 13, 4, 37, tzinfo=UTC),
            "reason": GatherReason.TERMINATING_DIGIT,
            "state": GatherState.COMPLETED,
            "digits": "{digits}",
            "call_id": "{call-id}",
            "call_uri": CALL_URI,
            "gather_id": "{gather-id}",
        },
    ),
    "bxml_hangup": (
        HangupEvent,
        {
            "call_state": CallState.COMPLETED,
            "to": "{to-number}",
            "time": datetime(2016, 2, 17, 16, 54, 10, tzinfo=UTC),
            "cause": HangupCause.NORMAL_CLEARING,
            "from_": "{from-number}",
            "call_id": "{call-id}",
            "call_uri": CALL_URI,
        },
    ),
    "bxml_incomingcall": (
        IncomingCallEvent,
        {
            "call_state": CallState.ACTIVE,
            "to": "{to-number}",
            "from_": "{from-number}",
            "time": datetime(2016, 2, 20, 16, 22, 30, tzinfo=UTC),
            "call_id": "{call-id}",
            "call_uri": CALL_URI,
            "diversion": None,
        },
    ),
    "bxml_recording": (
        RecordingEvent,
        {
            "start_time": datetime(2016, 2, 20, 14, 28, 57, tzinfo=UTC),
            "recording_uri": f"{API}/v1/users/{{user-id}}/recordings/{{recording-id}}",
            "status": RecordingState.COMPLETE,
            "recording_id": "{recording-id}",
            "end_time": datetime(2016, 2, 20, 14, 29, 6, tzinfo=UTC),
            "call_id": "{call-id}",
        },
    ),
    "bxml_redirect": (
        RedirectEvent,
        {
            "event_type": "redirect",
            "to": "{to-number}",
            "call_state": CallState.ACTIVE,
            "from_": "{from-number}",
            "call_id": "{call-id}",
            "time": None,
        },
    ),
    "bxml_transfer_complete": (
        TransferCompleteEvent,
        {
            "event_type": "transferComplete",
            "to": "{to-number}",
            "call_state": CallState.ACTIVE,
            "time": datetime(2016, 2, 20, 14, 27, 4, tzinfo=UTC),
            "from_": "{from-number}",
            "call_id": "{call-id}",
            "call_uri": CALL_URI,
        },
    ),
}

# The properties each page's table lists, by model (every one must be a field).
DOCUMENTED_PROPERTIES: dict[type[CallbackEvent], set[str]] = {
    AnswerEvent: {"eventType", "to", "from", "callState", "callId", "callUri", "time", "tag", "diversion"},
    TimeoutEvent: {"eventType", "callId", "callUri", "from", "to", "time"},
    GatherEvent: {"eventType", "state", "digits", "reason", "callId", "callUri", "gatherId", "time"}
    | {"terminatingDigit"},
    HangupEvent: {"eventType", "callState", "callId", "callUri", "from", "to", "cause", "time"},
    IncomingCallEvent: {"eventType", "to", "from", "callState", "callId", "callUri", "time", "diversion"},
    RecordingEvent: {"status", "recordingId", "recordingUri", "eventType", "startTime", "endTime", "callId"},
    RedirectEvent: {"eventType", "callId", "callState", "from", "to"},
    TranscriptionEvent: {"eventType", "transcriptionId", "status", "textSize", "text", "textUrl"}
    | {"transcriptionUri"},
    TransferCompleteEvent: {"eventType", "from", "to", "callState", "callId", "callUri", "time"},
}


def assert_fields(event: CallbackEvent, expected: dict[str, object]) -> None:
    for name, value in expected.items():
        actual = getattr(event, name)
        if isinstance(value, Enum):
            assert actual is value, f"{name}: {actual!r} is not {value!r}"
        else:
            assert actual == value, f"{name}: {actual!r} != {value!r}"


def test_every_query_example_is_checked() -> None:
    assert {path.stem for path in DATA.glob("*.query")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_pages_example_parses_to_its_event(name: str) -> None:
    cls, expected = EXPECTED[name]

    event = parse_callback_query(documented_query(name))

    assert type(event) is cls
    assert_fields(event, expected)


@pytest.mark.parametrize("cls", list(DOCUMENTED_PROPERTIES), ids=lambda cls: cls.__name__)
def test_every_property_of_the_bxml_pages_is_a_field(cls: type[CallbackEvent]) -> None:
    aliases = {field.serialization_alias or name for name, field in cls.model_fields.items()}

    assert DOCUMENTED_PROPERTIES[cls] <= aliases


def test_the_parameters_the_tables_leave_out_are_kept_as_sent() -> None:
    event = parse_callback_query(documented_query("bxml_answer"))

    assert event.model_extra == {
        "withholdCallerNumber": "false",
        "withholdCallerName": "false",
        "displayName": "{number}",
    }


# -- diversion in a GET callback -----------------------------------------------------------------------------


def test_a_diversion_sent_as_json_text_is_read() -> None:
    query = documented_query("bxml_answer").replace('"{number}"&', '"{number}"%7D&')  # the closing brace

    event = parse_callback_query(query)

    assert isinstance(event, AnswerEvent)
    assert event.diversion == Diversion(
        privacy="off", screen="no", reason="unavailable", counter=1, orig_to="{number}"
    )


@pytest.mark.parametrize("text", ['{"privacy": "off"', "[1, 2]", '"unavailable"', "null", ""])
def test_a_diversion_text_that_is_not_a_json_object_is_none_and_the_event_parses(text: str) -> None:
    event = parse_callback({"eventType": "incomingcall", "callId": "c-1", "diversion": text})

    assert isinstance(event, IncomingCallEvent)
    assert (event.call_id, event.diversion) == ("c-1", None)


def test_a_diversion_object_that_does_not_validate_is_still_refused() -> None:
    with pytest.raises(CallbackParseError, match="diversion"):
        parse_callback({"eventType": "answer", "callId": "c-1", "diversion": {"counter": "many"}})


# -- the BXML transcription event: no recordingId ------------------------------------------------------------


def test_the_bxml_transcription_reads_its_recording_from_its_url() -> None:
    event = parse_callback((DATA / "bxml_transcription.json").read_bytes())

    assert isinstance(event, TranscriptionEvent)
    assert (event.transcription_id, event.recording_id) == ("{transcriptionId}", "{recordingId}")
    assert (event.status, event.text, event.text_size) == (
        TranscriptionState.COMPLETED,
        "Hello From Bandwidth",
        3627,
    )
    assert "recordingId" not in event.model_dump(by_alias=True, exclude_unset=True)  # not sent, not dumped


def test_a_recording_id_sent_wins_and_one_named_nowhere_is_refused() -> None:
    uri = f"{API}/v1/users/u-1/recordings/rec-%31/transcriptions/t-1"
    named = parse_callback({"eventType": "transcription", "transcriptionId": "t-1", "transcriptionUri": uri})
    sent = parse_callback(
        {
            "eventType": "transcription",
            "transcriptionId": "t-1",
            "transcriptionUri": uri,
            "recordingId": "r-9",
        }
    )

    assert isinstance(named, TranscriptionEvent) and isinstance(sent, TranscriptionEvent)
    assert (named.recording_id, sent.recording_id) == ("rec-1", "r-9")
    with pytest.raises(CallbackParseError, match="recordingId"):
        parse_callback(b'{"eventType": "transcription", "transcriptionId": "t-1", "status": "error"}')
    with pytest.raises(CallbackParseError, match="recordingId"):
        parse_callback(
            {"eventType": "transcription", "transcriptionId": "t-1", "transcriptionUri": f"{API}/x"}
        )


# -- the new events in the router --------------------------------------------------------------------------


class NoNetwork(requests.adapters.BaseAdapter):
    """Fails the test on any request."""

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        raise AssertionError(f"unexpected request: {request.method} {request.url}")

    def close(self) -> None:
        pass


def test_redirect_and_transfer_complete_give_their_call_without_a_request() -> None:
    session = requests.Session()
    session.mount("https://", NoNetwork())
    with Client("u-test", "t-test-token", "s-test-secret", max_retries=0, session=session) as client:
        for name in ("bxml_redirect", "bxml_transfer_complete"):
            event = parse_callback_query(documented_query(name), client=client)

            assert isinstance(event, (RedirectEvent, TransferCompleteEvent))
            assert (event.call.id, event.call.is_bound) == ("{call-id}", True)
    session.close()


def test_handlers_registered_by_name_get_the_new_events() -> None:
    router = CallbackRouter()
    seen: list[CallbackEvent] = []

    @router.on("redirect")
    def redirected(event: RedirectEvent) -> Response:
        seen.append(event)
        return Response(SpeakSentence("Redirected.", voice="susan"))

    @router.on("transferComplete")
    def transferred(event: TransferCompleteEvent) -> None:
        seen.append(event)

    web = WerkzeugClient(router)
    redirect = web.get("/", query_string=documented_query("bxml_redirect"))
    complete = web.get("/", query_string=documented_query("bxml_transfer_complete"))

    assert [type(event) for event in seen] == [RedirectEvent, TransferCompleteEvent]
    assert (redirect.status_code, redirect.headers["Content-Type"]) == (200, "application/xml")
    assert b"<SpeakSentence" in redirect.data
    assert (complete.status_code, complete.data) == (200, b"")


def test_a_redirect_is_never_dropped_by_its_payload_a_transfer_complete_is() -> None:
    """A redirect carries no time (as documented): a menu redirecting to itself sends the same one again."""
    router = CallbackRouter()
    seen: list[str] = []
    router.fallback(lambda event: seen.append(event.event_type))

    for name in ("bxml_redirect", "bxml_redirect", "bxml_transfer_complete", "bxml_transfer_complete"):
        router.dispatch(parse_callback_query(documented_query(name)))
    router.dispatch(parse_callback_query(documented_query("bxml_redirect")), event_id="ce-1")
    router.dispatch(parse_callback_query(documented_query("bxml_redirect")), event_id="ce-1")

    assert seen == ["redirect", "redirect", "transferComplete", "redirect"]
    assert RedirectEvent.repeatable and not TransferCompleteEvent.repeatable


# -- the emulator's BXML callbacks, typed ------------------------------------------------------------------

CALLER, NUMBER, SALES = "+19195551212", "+19195550000", "+19195550100"


@pytest.fixture
def served_router() -> Iterator[tuple[CallbackRouter, str]]:
    router = CallbackRouter()
    server = make_server("127.0.0.1", 0, router, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield router, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_every_bxml_callback_of_the_emulator_parses_to_its_typed_event(
    served_router: tuple[CallbackRouter, str],
) -> None:
    """An application driven end to end by the emulator's BXML runner: answer, Redirect, Gather, Transfer and
    transferComplete, with a diverted caller; every event its handlers get is typed, none unknown."""
    router, url = served_router
    seen: list[AnyCallbackEvent] = []

    @router.on(AnswerEvent)
    def answered(event: AnswerEvent) -> Response:
        seen.append(event)
        return Response(Redirect(request_url=f"{url}/menu", request_url_timeout=5000))

    @router.on(RedirectEvent)
    def redirected(event: RedirectEvent) -> Response:
        seen.append(event)
        return Response(Gather(request_url=f"{url}/gathered", max_digits=3, terminating_digits="*"))

    @router.on(GatherEvent)
    def gathered(event: GatherEvent) -> Response:
        seen.append(event)
        return Response(Transfer(transfer_to=SALES, request_url=f"{url}/transferred", tag="sales"))

    @router.fallback
    def other(event: AnyCallbackEvent) -> None:
        seen.append(event)

    with Emulator() as emu:
        emu.bxml_application(NUMBER, f"{url}/answer")
        call_id = emu.incoming_call(
            CALLER, NUMBER, diversion={"origTo": "+19195557777", "reason": "no-answer"}
        )
        assert emu.wait_idle(timeout=10)
        emu.press(call_id, "12*")
        assert emu.wait_idle(timeout=10)
        (leg,) = [other for other in emu.call_ids() if other != call_id]
        emu.advance(1)  # the callee answers: bridged
        emu.hangup(leg)  # and hangs up: transferComplete
        assert emu.wait_idle(timeout=10)

    kinds = [type(event) for event in seen]
    assert kinds == [
        IncomingCallEvent,
        AnswerEvent,
        RedirectEvent,
        GatherEvent,
        TransferCompleteEvent,
        HangupEvent,
    ]
    assert not any(isinstance(event, UnknownEvent) for event in seen)
    incoming, answer, redirect, gather, complete, _ = seen
    assert isinstance(answer, AnswerEvent) and isinstance(incoming, IncomingCallEvent)
    assert answer.diversion == incoming.diversion == Diversion(orig_to="+19195557777", reason="no-answer")
    assert isinstance(redirect, RedirectEvent)
    assert (redirect.call_id, redirect.from_, redirect.to, redirect.call_state) == (
        call_id,
        CALLER,
        NUMBER,
        CallState.ACTIVE,
    )
    assert isinstance(gather, GatherEvent)
    assert (gather.digits, gather.reason, gather.terminating_digit) == (
        "12",
        GatherReason.TERMINATING_DIGIT,
        "*",
    )
    assert isinstance(complete, TransferCompleteEvent)
    assert (complete.call_id, complete.from_, complete.to, complete.tag) == (call_id, CALLER, SALES, "sales")
