"""Typing test for callbacks: ``mypy --strict`` checks it (test_callbacks_typing.py); pytest never runs it.

It narrows parsed events with ``match`` and ``isinstance``, registers router handlers by class and by name,
and checks with ``assert_type`` what the type checker infers.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime
from typing import Any, Literal

from typing_extensions import assert_never, assert_type

from bandwidth import (
    Call,
    CallState,
    Client,
    Conference,
    ConferenceMember,
    Gather,
    Recording,
    Transcription,
    UnknownValue,
)
from bandwidth.bxml import Hangup, Response, SpeakSentence, Transfer
from bandwidth.callbacks import (
    AnswerEvent,
    AnyCallbackEvent,
    CallbackEvent,
    CallbackRouter,
    ConferenceEvent,
    ConferenceMemberEvent,
    ConferencePlaybackEvent,
    ConferenceSpeakEvent,
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
    verify_basic_auth,
    verify_wsgi_basic_auth,
)


def describe(event: AnyCallbackEvent) -> str:
    """Every case handled: mypy proves the match exhaustive."""
    match event:
        case AnswerEvent(from_=caller):
            assert_type(caller, str | None)
            return f"answered by {event.to}"
        case RejectEvent():
            assert_type(event.cause, Literal[HangupCause.CALL_REJECTED])
            return "rejected"
        case HangupEvent(cause=HangupCause.NORMAL_CLEARING):
            return "hung up"
        case HangupEvent():
            assert_type(event.cause, HangupCause | UnknownValue | None)
            return f"ended: {event.cause}"
        case TimeoutEvent() | IncomingCallEvent():
            return event.call_id
        case PlaybackEvent() | SpeakEvent():
            return str(event.status)
        case DtmfEvent(dtmf_digit=digit):
            assert_type(digit, str)
            return digit
        case GatherEvent():
            assert_type(event.terminating_digit, str | None)
            return event.digits or ""
        case RecordingEvent():
            return event.recording_id
        case TranscriptionEvent():
            assert_type(event.text_size, int | None)
            return event.text or ""
        case RedirectEvent() | TransferCompleteEvent():
            assert_type(event.call_state, CallState | UnknownValue | None)
            return f"{event.from_} -> {event.to}"
        case ConferenceEvent() | ConferencePlaybackEvent() | ConferenceSpeakEvent():
            return event.conference_id
        case ConferenceMemberEvent():
            assert_type(event.mute, bool | None)
            assert_type(event.muted, bool | None)
            assert_type(event.on_hold, bool | None)
            return event.member_id
        case UnknownEvent():
            assert_type(event.event_type, str)
            return event.event_type
        case _:
            assert_never(event)


def act(client: Client, body: bytes) -> None:
    event = parse_callback(body, client=client)
    assert_type(event, AnyCallbackEvent)
    assert_type(event.time, datetime | None)
    assert_type(event.dedup_key, tuple[Hashable, ...])
    if isinstance(event, AnswerEvent):
        assert_type(event.call, Call)
        event.call.hangup()
    elif isinstance(event, GatherEvent):
        assert_type(event.gather, Gather)
        assert_type(event.call_id, str)
    elif isinstance(event, RecordingEvent):
        assert_type(event.recording, Recording)
    elif isinstance(event, TranscriptionEvent):
        assert_type(event.transcription, Transcription)
    elif isinstance(event, ConferenceMemberEvent):
        assert_type(event.member, ConferenceMember)
        assert_type(event.conference, Conference)
        event.member.mute()
    elif isinstance(event, ConferenceSpeakEvent):
        event.conference.terminate()
    bound = client.bind(parse_callback_query("eventType=answer&callId=c-1"))
    assert_type(bound, AnyCallbackEvent)
    assert_type(parse_callback({"eventType": "dtmf"}), AnyCallbackEvent)
    assert_type(parse_callback([("eventType", "dtmf")]), AnyCallbackEvent)


router = CallbackRouter(Client("u-1", "t-1", "s-1"), username="bw", password="secret")


@router.on(AnswerEvent)
def answered(event: AnswerEvent) -> None:
    event.call.speak("Hello")


@router.on("gather")
def gathered(event: GatherEvent) -> Response | None:
    if event.digits == "1":
        return Response(Transfer(transfer_to="+19195551212"))
    return None


@router.on(TimeoutEvent)
def answers_with_bxml(event: TimeoutEvent) -> Response:
    return Response(SpeakSentence("Nobody answered", voice="susan"), Hangup())


assert_type(answers_with_bxml, Callable[[TimeoutEvent], Response])
assert_type(gathered, Callable[[GatherEvent], Response | None])


@router.on("reject")
def rejected(event: RejectEvent) -> None: ...


@router.on("redirect")
def redirected(event: RedirectEvent) -> Response:
    assert_type(event.call, Call)
    return Response(SpeakSentence("Redirected", voice="susan"))


@router.on("transferComplete")
def transferred(event: TransferCompleteEvent) -> None:
    assert_type(event.to, str | None)


@router.on(PlaybackEvent, SpeakEvent)
def audio(event: PlaybackEvent | SpeakEvent) -> None:
    assert_type(event.status, PlaybackStatus | UnknownValue | None)


@router.on(HangupEvent)
def any_hangup(event: CallbackEvent) -> None:
    """A handler of a base class may register for a subclass."""


@router.on("sms")
def new_kind(event: CallbackEvent) -> None: ...


@router.fallback
def everything_else(event: AnyCallbackEvent) -> None:
    describe(event)


assert_type(router.dispatch(b"{}"), AnyCallbackEvent | None)
assert_type(router.dispatch(AnswerEvent(event_type="answer", call_id="c-1")), AnswerEvent | None)


def serve(environ: dict[str, Any]) -> Iterable[bytes]:
    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any: ...

    return router(environ, start_response)


def check(header: str | None, environ: dict[str, Any]) -> bool:
    return verify_basic_auth(header, "bw", "secret") and verify_wsgi_basic_auth(environ, "bw", "secret")


def moment(event: CallbackEvent) -> datetime | None:
    return event.time
