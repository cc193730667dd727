"""CallbackRouter: routing by event type, dropping repeats, the WSGI application, and the basic-auth check."""

from __future__ import annotations

import base64
import io
import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import requests
from hypothesis import given, settings, strategies as st
from werkzeug.test import Client as WerkzeugClient

from bandwidth import Client, InvalidParameterError
from bandwidth.callbacks import (
    AnswerEvent,
    AnyCallbackEvent,
    CallbackEvent,
    CallbackParseError,
    CallbackRouter,
    DtmfEvent,
    GatherEvent,
    HangupEvent,
    PlaybackEvent,
    RejectEvent,
    SpeakEvent,
    UnknownEvent,
    parse_callback,
    verify_basic_auth,
    verify_wsgi_basic_auth,
)

DATA = Path(__file__).resolve().parent / "data" / "callbacks"


def example(name: str) -> bytes:
    return (DATA / f"{name}.json").read_bytes()


def basic(name: str | bytes, password: str | bytes) -> str:
    raw = (name if isinstance(name, bytes) else name.encode()) + b":"
    raw += password if isinstance(password, bytes) else password.encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


class Recorder:
    """Handlers that record what they received."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, CallbackEvent]] = []

    def handler(self, name: str) -> Any:
        def handle(event: CallbackEvent) -> None:
            self.calls.append((name, event))

        return handle

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


# -- routing -----------------------------------------------------------------------------------------------


def test_handlers_receive_their_typed_events() -> None:
    router = CallbackRouter()
    answered: list[AnswerEvent] = []
    gathered: list[GatherEvent] = []

    @router.on(AnswerEvent)
    def on_answer(event: AnswerEvent) -> None:
        answered.append(event)

    @router.on("gather")  # type: ignore[type-var]  # a handler returns None or a Response: checked
    def on_gather(event: GatherEvent) -> str:
        gathered.append(event)
        return "ignored"

    assert router.dispatch(example("answer_basic")) == parse_callback(example("answer_basic"))
    router.dispatch(example("gather_max_digits"))
    router.dispatch(example("dtmf"))

    assert [type(event) for event in answered] == [AnswerEvent]
    assert [event.digits for event in gathered] == ["25"]
    assert on_gather.__name__ == "on_gather"  # the decorator returns the function itself


def test_the_most_specific_handler_wins_and_the_fallback_takes_the_rest() -> None:
    router = CallbackRouter()
    seen = Recorder()
    router.on(HangupEvent)(seen.handler("hangup"))
    router.fallback(seen.handler("fallback"))

    router.dispatch(example("hangup"))
    router.dispatch(example("reject"))  # no reject handler yet: a RejectEvent is a HangupEvent
    router.on("reject")(seen.handler("reject"))
    router.dispatch(json.loads(example("reject")) | {"time": "2014-04-23T11:54:00Z"})
    router.dispatch(example("timeout"))

    assert seen.names == ["hangup", "hangup", "reject", "fallback"]
    assert isinstance(seen.calls[1][1], RejectEvent)


def test_several_types_and_several_handlers_run_in_order() -> None:
    router = CallbackRouter()
    seen = Recorder()
    router.on(PlaybackEvent, SpeakEvent)(seen.handler("audio"))
    router.on("playback")(seen.handler("playback again"))

    router.dispatch(example("speak_started"))
    router.dispatch(example("playback_started"))

    assert seen.names == ["audio", "audio", "playback again"]


def test_unknown_event_names_route_their_unknown_events() -> None:
    router = CallbackRouter()
    seen = Recorder()
    router.on("sms")(seen.handler("sms"))
    router.on(UnknownEvent)(seen.handler("other unknown"))

    router.dispatch({"eventType": "sms", "text": "hi"})
    router.dispatch({"eventType": "mms", "text": "hi"})

    assert seen.names == ["sms", "other unknown"]


def test_a_base_class_handler_catches_every_event() -> None:
    router = CallbackRouter()
    seen = Recorder()
    router.on(CallbackEvent)(seen.handler("any"))

    for name in ("answer_basic", "conference_created", "transcription_error"):
        router.dispatch(example(name))

    assert seen.names == ["any", "any", "any"]


def test_an_event_nobody_handles_is_accepted() -> None:
    router = CallbackRouter()

    event = router.dispatch(example("dtmf"))

    assert isinstance(event, DtmfEvent)
    assert router.handlers_for(event) == ()


def test_dispatch_takes_parsed_events_and_binds_them_to_the_router_client() -> None:
    with Client("u-test", "t", "s", max_retries=0) as client:
        router = CallbackRouter(client)
        event = parse_callback(example("answer_basic"))

        dispatched = router.dispatch(event)

        assert isinstance(dispatched, AnswerEvent)
        assert dispatched.is_bound
        assert not event.is_bound
        assert router.client is client


@pytest.mark.parametrize("bad", [42, "", None, int, object()])
def test_registering_something_that_is_not_an_event_type_is_refused(bad: Any) -> None:
    with pytest.raises(InvalidParameterError):
        CallbackRouter().on(bad)


def test_registering_needs_a_type_and_a_function() -> None:
    router = CallbackRouter()
    with pytest.raises(InvalidParameterError):
        router.on()
    with pytest.raises(InvalidParameterError):
        router.on(AnswerEvent)(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError):
        router.fallback("handler")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options",
    [
        {"username": "bw"},
        {"password": "secret"},
        {"username": "bw", "password": ""},
        {"deduplicate": -1},
        {"deduplicate": True},
        {"max_body_size": 0},
    ],
)
def test_invalid_router_options_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(InvalidParameterError):
        CallbackRouter(**options)


def test_dispatch_refuses_what_is_not_a_callback() -> None:
    with pytest.raises(CallbackParseError, match="no eventType"):
        CallbackRouter().dispatch(b'{"callId": "c-1"}')


# -- repeated deliveries -----------------------------------------------------------------------------------


def test_a_repeated_delivery_is_dropped() -> None:
    router = CallbackRouter()
    seen = Recorder()
    router.fallback(seen.handler("any"))

    first = router.dispatch(example("hangup"))
    again = router.dispatch(json.loads(example("hangup")))  # same event, another form
    answer = router.dispatch(example("answer_basic"))

    assert first is not None
    assert again is None
    assert answer is not None
    assert len(seen.calls) == 2


def test_the_same_event_in_get_form_is_a_repeat_too() -> None:
    router = CallbackRouter()
    values = {
        key: str(value).lower() if isinstance(value, bool) else str(value)
        for key, value in json.loads(example("recording_complete")).items()
    }

    assert router.dispatch(example("recording_complete")) is not None
    assert router.dispatch(values) is None


@pytest.mark.parametrize(
    "name",
    [
        "dtmf",
        "playback_started",
        "speak_done",
        "conference_member_muted",
        "conference_playback_started",
        "conference_speak_done",
    ],
)
def test_events_that_can_repeat_are_never_dropped_by_their_payload(name: str) -> None:
    # The same key pressed twice in one millisecond (or a file played twice, a member muted again) is two
    # events with identical payloads: without an event id nothing tells them from a re-delivery.
    router = CallbackRouter()
    seen = Recorder()
    router.fallback(seen.handler("any"))

    assert router.dispatch(example(name)) is not None
    assert router.dispatch(example(name)) is not None
    assert len(seen.calls) == 2


def test_an_event_id_decides_what_is_a_repeat() -> None:
    router = CallbackRouter()
    seen = Recorder()
    router.fallback(seen.handler("any"))

    assert router.dispatch(example("dtmf"), event_id="ce-1") is not None
    assert router.dispatch(example("dtmf"), event_id="ce-2") is not None  # same payload, another event
    assert router.dispatch(example("dtmf"), event_id="ce-1") is None  # a re-delivery of the first
    assert len(seen.calls) == 2


def test_a_failed_event_is_forgotten_so_the_retry_runs() -> None:
    router = CallbackRouter()
    attempts: list[AnyCallbackEvent] = []

    @router.fallback
    def flaky(event: AnyCallbackEvent) -> None:
        attempts.append(event)
        if len(attempts) == 1:
            raise RuntimeError("database down")

    with pytest.raises(RuntimeError, match="database down"):
        router.dispatch(example("dtmf"), event_id="ce-1")
    assert router.dispatch(example("dtmf"), event_id="ce-1") is not None
    assert router.dispatch(example("dtmf"), event_id="ce-1") is None
    assert len(attempts) == 2


def test_the_memory_of_keys_is_bounded_least_recently_seen_first() -> None:
    router = CallbackRouter(deduplicate=2)

    def answer(call_id: str) -> dict[str, str]:
        return {"eventType": "answer", "callId": call_id, "time": "2012-11-14T15:56:09Z"}

    assert router.dispatch(answer("c-1")) is not None
    assert router.dispatch(answer("c-2")) is not None
    assert router.dispatch(answer("c-1")) is None  # "c-1" seen again: now the most recent
    assert router.dispatch(answer("c-3")) is not None  # forgets "c-2"
    assert router.dispatch(answer("c-1")) is None
    assert router.dispatch(answer("c-2")) is not None


def test_deduplication_can_be_turned_off() -> None:
    router = CallbackRouter(deduplicate=0)

    assert router.dispatch(example("hangup")) is not None
    assert router.dispatch(example("hangup")) is not None
    assert router.dispatch(example("dtmf"), event_id="ce-1") is not None
    assert router.dispatch(example("dtmf"), event_id="ce-1") is not None


def test_concurrent_repeats_run_the_handler_once() -> None:
    router = CallbackRouter()
    handled: list[CallbackEvent] = []
    lock = threading.Lock()
    start = threading.Barrier(16)

    @router.fallback
    def member(event: AnyCallbackEvent) -> None:
        with lock:
            handled.append(event)

    def deliver() -> None:
        start.wait()
        for name in ("conference_member_joined", "conference_member_left", "conference_member_muted"):
            router.dispatch(example(name), event_id=name)
        for name in ("answer_basic", "hangup", "gather_max_digits"):
            router.dispatch(example(name))

    threads = [threading.Thread(target=deliver) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(handled) == 6


def test_handler_answers_with_one_request(client: Client, cassette: object) -> None:
    router = CallbackRouter(client)

    @router.on(AnswerEvent)
    def answered(event: AnswerEvent) -> None:
        event.call.hangup()

    router.dispatch(b'{"eventType": "answer", "callId": "c-abc123", "time": "2012-11-14T16:28:31.536Z"}')


# -- WSGI ----------------------------------------------------------------------------------------------------


@pytest.fixture
def router() -> CallbackRouter:
    return CallbackRouter(username="bw", password="s3cret-pässword")


AUTH = {"Authorization": basic("bw", "s3cret-pässword")}


def test_wsgi_post_is_dispatched_with_200_and_an_empty_body(router: CallbackRouter) -> None:
    seen = Recorder()
    router.on(AnswerEvent)(seen.handler("answer"))

    response = WerkzeugClient(router).post(
        "/callbacks/voice", data=example("answer_basic"), headers=AUTH, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.data == b""
    assert seen.names == ["answer"]


def test_wsgi_get_reads_the_query_string(router: CallbackRouter) -> None:
    seen = Recorder()
    router.on("dtmf")(seen.handler("dtmf"))
    query = urlencode(
        {"eventType": "dtmf", "callId": "c-1", "dtmfDigit": "#", "time": "2012-11-14T15:56:09Z"}
    )

    response = WerkzeugClient(router).get(f"/cb?{query}", headers=AUTH)

    assert response.status_code == 200
    assert seen.names == ["dtmf"]
    event = seen.calls[0][1]
    assert isinstance(event, DtmfEvent)
    assert event.dtmf_digit == "#"


def test_wsgi_accepts_a_form_encoded_post(router: CallbackRouter) -> None:
    seen = Recorder()
    router.fallback(seen.handler("any"))

    response = WerkzeugClient(router).post(
        "/", data={"eventType": "hangup", "callId": "c-1", "cause": "CALL_REJECTED"}, headers=AUTH
    )

    assert response.status_code == 200
    assert isinstance(seen.calls[0][1], RejectEvent)


def test_wsgi_repeat_is_acknowledged_without_running_handlers(router: CallbackRouter) -> None:
    seen = Recorder()
    router.fallback(seen.handler("any"))
    client = WerkzeugClient(router)

    statuses = [client.post("/", data=example("answer_basic"), headers=AUTH).status_code for _ in range(3)]
    by_id = {"X-Callback-Event-Id": "ce-7", **AUTH}
    statuses += [client.post("/", data=example("speak_done"), headers=by_id).status_code for _ in range(3)]

    assert statuses == [200] * 6
    assert [type(event) for _, event in seen.calls] == [AnswerEvent, SpeakEvent]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", b"not a callback: the body is not valid JSON\n"),
        (b"<xml/>", b"not a callback: the body is not valid JSON\n"),
        (b'{"hello": "world"}', b"not a callback: the payload has no eventType: not a callback\n"),
        (b'{"eventType": "answer"}', b"not a callback: invalid answer callback: callId: Field required\n"),
    ],
)
def test_wsgi_body_that_is_not_a_callback_is_a_400(
    router: CallbackRouter, body: bytes, message: bytes
) -> None:
    response = WerkzeugClient(router).post("/", data=body, headers=AUTH)

    assert response.status_code == 400
    assert response.data == message
    assert response.mimetype == "text/plain"


def test_wsgi_get_without_event_type_is_a_400(router: CallbackRouter) -> None:
    response = WerkzeugClient(router).get("/?callId=c-1", headers=AUTH)

    assert response.status_code == 400


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": basic("bw", "wrong")},
        {"Authorization": basic("someone", "s3cret-pässword")},
        {"Authorization": "Bearer abc"},
        {"Authorization": "Basic not-base64!"},
    ],
    ids=["missing", "wrong password", "wrong name", "other scheme", "malformed"],
)
def test_wsgi_without_the_right_credentials_is_a_401(router: CallbackRouter, headers: dict[str, str]) -> None:
    seen = Recorder()
    router.fallback(seen.handler("any"))

    response = WerkzeugClient(router).post("/", data=example("answer_basic"), headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic ")
    assert seen.calls == []


def test_the_router_keeps_no_readable_credentials(router: CallbackRouter) -> None:
    assert "s3cret" not in repr(vars(router))


def test_wsgi_without_configured_credentials_needs_none() -> None:
    response = WerkzeugClient(CallbackRouter()).post("/", data=example("answer_basic"))

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
def test_wsgi_other_methods_are_a_405(router: CallbackRouter, method: str) -> None:
    response = WerkzeugClient(router).open("/", method=method, data=example("answer_basic"), headers=AUTH)

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"


def test_wsgi_body_over_the_limit_is_a_413() -> None:
    router = CallbackRouter(max_body_size=100)

    response = WerkzeugClient(router).post("/", data=example("transcription_completed"))

    assert response.status_code == 413


def test_wsgi_handler_failure_is_a_500_and_logged_without_credentials(
    router: CallbackRouter, caplog: pytest.LogCaptureFixture
) -> None:
    @router.on(AnswerEvent)
    def broken(event: AnswerEvent) -> None:
        raise ValueError("boom")

    with caplog.at_level(logging.DEBUG, logger="bandwidth"):
        response = WerkzeugClient(router).post("/", data=example("answer_basic"), headers=AUTH)

    assert response.status_code == 500
    assert response.data == b"callback handler failed\n"
    assert "a callback handler failed on the answer event" in caplog.text
    assert "boom" in caplog.text
    assert "s3cret" not in caplog.text
    assert AUTH["Authorization"].split()[1] not in caplog.text


def test_wsgi_401_is_logged_without_credentials(
    router: CallbackRouter, caplog: pytest.LogCaptureFixture
) -> None:
    header = basic("bw", "s3cret-guess")
    with caplog.at_level(logging.DEBUG, logger="bandwidth"):
        WerkzeugClient(router).post("/", data=example("answer_basic"), headers={"Authorization": header})

    assert "s3cret" not in caplog.text
    assert header.split()[1] not in caplog.text


def call_app(router: CallbackRouter, environ: dict[str, Any]) -> tuple[str, dict[str, str], bytes]:
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured.update(status=status, headers=dict(headers))

    body = b"".join(router(environ, start_response))
    return captured["status"], captured["headers"], body


def environ(method: str = "POST", body: bytes = b"", **extra: Any) -> dict[str, Any]:
    return {"REQUEST_METHOD": method, "wsgi.input": io.BytesIO(body), "QUERY_STRING": "", **extra}


def test_wsgi_reads_exactly_content_length_bytes() -> None:
    body = example("dtmf")

    status, headers, answer = call_app(
        CallbackRouter(), environ(body=body + b"garbage after", CONTENT_LENGTH=str(len(body)))
    )

    assert status == "200 OK"
    assert headers["Content-Length"] == "0"
    assert answer == b""


def test_wsgi_reads_a_chunked_body_up_to_the_limit() -> None:
    body = example("dtmf")

    ok = call_app(CallbackRouter(), {**environ(body=body), "wsgi.input_terminated": True})
    too_large = call_app(
        CallbackRouter(max_body_size=10), {**environ(body=body), "wsgi.input_terminated": True}
    )

    assert ok[0] == "200 OK"
    assert too_large[0] == "413 Content Too Large"


@pytest.mark.parametrize("length", ["abc", "-1"])
def test_wsgi_invalid_content_length_is_a_400(length: str) -> None:
    status, _, answer = call_app(CallbackRouter(), environ(body=example("dtmf"), CONTENT_LENGTH=length))

    assert status == "400 Bad Request"
    assert answer == b"invalid Content-Length\n"


def test_wsgi_post_without_length_or_input_is_an_empty_body() -> None:
    assert call_app(CallbackRouter(), environ(body=example("dtmf")))[0] == "400 Bad Request"
    assert call_app(CallbackRouter(), {"REQUEST_METHOD": "POST"})[0] == "400 Bad Request"


def test_wsgi_query_string_is_read_as_utf8() -> None:
    seen = Recorder()
    router = CallbackRouter()
    router.fallback(seen.handler("any"))
    raw_query = "eventType=answer&callId=c-1&tag=caf\u00e9".encode().decode("latin-1")  # as WSGI gives it

    status, _, _ = call_app(router, environ("GET", QUERY_STRING=raw_query))

    assert status == "200 OK"
    event = seen.calls[0][1]
    assert isinstance(event, AnswerEvent)
    assert event.tag == "caf\u00e9"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served_router() -> Iterator[tuple[CallbackRouter, str]]:
    router = CallbackRouter(username="bw", password="secret")
    server: WSGIServer = make_server("127.0.0.1", 0, router, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield router, f"127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def test_wsgiref_serves_callbacks_sent_to_a_url_with_credentials(
    served_router: tuple[CallbackRouter, str],
) -> None:
    router, address = served_router
    seen = Recorder()
    router.fallback(seen.handler("any"))

    with requests.Session() as session:
        # The callback URL carries the credentials, as in https://name:password@host/path.
        posted = session.post(
            f"http://bw:secret@{address}/callbacks",
            data=example("incomingcall"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            timeout=5,
        )
        fetched = session.get(
            f"http://bw:secret@{address}/callbacks",
            params={"eventType": "hangup", "callId": "c-1", "cause": "NORMAL_CLEARING"},
            timeout=5,
        )
        refused = session.post(f"http://{address}/callbacks", data=example("dtmf"), timeout=5)

    assert (posted.status_code, posted.content) == (200, b"")
    assert fetched.status_code == 200
    assert refused.status_code == 401
    assert [type(event).__name__ for _, event in seen.calls] == ["IncomingCallEvent", "HangupEvent"]


# -- the basic-auth check ----------------------------------------------------------------------------------


def test_verify_basic_auth_accepts_exactly_the_credentials() -> None:
    assert verify_basic_auth(basic("bw", "secret"), "bw", "secret")
    assert verify_basic_auth(basic("bw", "secret").encode(), "bw", "secret")
    assert verify_basic_auth("basic  " + basic("bw", "secret").split()[1] + " ", "bw", "secret")
    assert verify_basic_auth(basic("bw", "pass:with:colons"), "bw", "pass:with:colons")
    assert verify_basic_auth(basic("", "secret"), "", "secret")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Basic",
        "Basic ",
        "Bearer " + base64.b64encode(b"bw:secret").decode(),
        "Basic bw:secret",
        "Basic " + base64.b64encode(b"bw-secret").decode(),
        "Basic " + base64.b64encode(b"bw:secret").decode()[:-2],
        "Basic \u00e9\u00e9\u00e9",
        "Basic \u4e2d\u6587",
        basic("bw", "secret!"),
        basic("bw", "secre"),
        basic("bw", ""),
        basic("BW", "secret"),
        basic("bw ", "secret"),
        basic(b"bw", b"secret\x00"),
    ],
)
def test_verify_basic_auth_refuses_anything_else(header: str | None) -> None:
    assert not verify_basic_auth(header, "bw", "secret")


def test_verify_basic_auth_compares_utf8() -> None:
    assert verify_basic_auth(basic("b\u00fc", "p\u00e4ss"), "b\u00fc", "p\u00e4ss")
    assert not verify_basic_auth(basic("b\u00fc".encode("latin-1"), "p\u00e4ss"), "b\u00fc", "p\u00e4ss")


def test_verify_wsgi_basic_auth_reads_the_environ() -> None:
    good = {"HTTP_AUTHORIZATION": basic("bw", "secret")}

    assert verify_wsgi_basic_auth(good, "bw", "secret")
    assert not verify_wsgi_basic_auth({}, "bw", "secret")
    assert not verify_wsgi_basic_auth({"HTTP_AUTHORIZATION": 42}, "bw", "secret")
    assert not verify_wsgi_basic_auth(good, "bw", "other")


def test_verify_basic_auth_compares_both_parts_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import hmac  # what bandwidth.callbacks._auth compares with

    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(left: bytes, right: bytes) -> bool:
        compared.append((left, right))
        return real(left, right)

    monkeypatch.setattr(hmac, "compare_digest", spy)

    for header in (basic("wrong", "wrong"), basic("bw", "wrong"), None, "Basic %%%"):
        compared.clear()
        assert not verify_basic_auth(header, "bw", "secret")
        assert len(compared) == 2, "the name and the password are both compared, whatever fails first"
        assert all(isinstance(left, bytes) and len(left) == len(right) for left, right in compared)


@settings(max_examples=200, deadline=None)
@given(
    name=st.text(max_size=20).filter(lambda text: ":" not in text),
    password=st.text(max_size=40),
    other=st.text(max_size=40),
)
def test_verify_basic_auth_properties(name: str, password: str, other: str) -> None:
    assert verify_basic_auth(basic(name, password), name, password)
    assert verify_basic_auth(basic(name, password), name, other) == (other == password)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80) | st.binary(max_size=80))
def test_verify_basic_auth_never_raises(header: str | bytes) -> None:
    assert verify_basic_auth(header, "bw", "secret") in (True, False)
