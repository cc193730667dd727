"""Callback handlers that answer with BXML: the router serves their Response as application/xml."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import requests
from werkzeug.test import Client as WerkzeugClient

from bandwidth.bxml import Gather, Hangup, PlayAudio, Response, SpeakSentence, parse
from bandwidth.callbacks import AnswerEvent, CallbackRouter, GatherEvent, HangupEvent

DATA = Path(__file__).resolve().parent / "data" / "callbacks"
MENU = Response(
    Gather(
        SpeakSentence("Press 1 for sales, 2 for support", voice="susan"),
        request_url="https://ivr.example.com/gathered?step=menu&lang=en",
        max_digits=1,
    ),
    SpeakSentence("We did not get that. Goodbye.", voice="susan"),
    Hangup(),
)


def example(name: str) -> bytes:
    return (DATA / f"{name}.json").read_bytes()


def post_answer(router: CallbackRouter) -> Any:
    return WerkzeugClient(router).post("/", data=example("answer_basic"), content_type="application/json")


def test_a_handler_that_returns_a_response_is_answered_with_its_bxml() -> None:
    router = CallbackRouter()

    @router.on(AnswerEvent)
    def answered(event: AnswerEvent) -> Response:
        return MENU

    answer = WerkzeugClient(router).post("/", data=example("answer_basic"), content_type="application/json")

    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/xml"
    assert answer.data == MENU.to_xml().encode("utf-8")
    assert int(answer.headers["Content-Length"]) == len(answer.data)
    assert parse(answer.data) == MENU


def test_a_get_callback_is_answered_with_bxml_too() -> None:
    """BXML applications receive their callbacks with GET: the answer is the same."""
    router = CallbackRouter()
    digits: list[str | None] = []

    @router.on(GatherEvent)
    def gathered(event: GatherEvent) -> Response | None:
        digits.append(event.digits)
        if event.digits == "1":
            return Response(SpeakSentence("Connecting you to sales", voice="paul", gender="male"))
        return None

    client = WerkzeugClient(router)
    query = {"eventType": "gather", "state": "completed", "reason": "max-digits", "callId": "c-1"}
    chosen = client.get("/", query_string={**query, "gatherId": "g-1", "digits": "1"})
    other = client.get("/", query_string={**query, "gatherId": "g-2", "digits": "9"})

    assert (chosen.status_code, chosen.headers["Content-Type"]) == (200, "application/xml")
    connecting = SpeakSentence("Connecting you to sales", voice="paul", gender="male")
    assert parse(chosen.data).verbs == (connecting,)
    assert (other.status_code, other.data) == (200, b"")
    assert other.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert digits == ["1", "9"]


def test_handlers_that_return_none_answer_with_an_empty_body() -> None:
    router = CallbackRouter()
    router.on(AnswerEvent)(lambda event: None)

    answer = WerkzeugClient(router).post("/", data=example("answer_basic"), content_type="application/json")

    assert (answer.status_code, answer.data) == (200, b"")


def test_other_return_values_are_ignored_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    router = CallbackRouter()
    router.on(AnswerEvent)(lambda event: MENU.to_xml())  # type: ignore[type-var]  # a string, not a Response

    with caplog.at_level(logging.WARNING, logger="bandwidth.callbacks"):
        answer = post_answer(router)

    assert (answer.status_code, answer.data) == (200, b"")
    assert "ignored a callback handler's str" in caplog.text


def test_only_one_handler_may_answer(caplog: pytest.LogCaptureFixture) -> None:
    """Two answers for one event is a bug: 500, logged, and the event is forgotten so the retry runs."""
    router = CallbackRouter()
    runs: list[str] = []

    def first(event: AnswerEvent) -> Response:
        runs.append("first")
        return MENU

    def second(event: AnswerEvent) -> Response:
        runs.append("second")
        return Response(Hangup())

    router.on(AnswerEvent)(first)
    router.on(AnswerEvent)(second)
    client = WerkzeugClient(router)

    with caplog.at_level(logging.ERROR, logger="bandwidth.callbacks"):
        failed = client.post("/", data=example("answer_basic"), content_type="application/json")
        retried = client.post("/", data=example("answer_basic"), content_type="application/json")

    assert failed.status_code == retried.status_code == 500
    assert runs == ["first", "second", "first", "second"]
    assert "more than one handler answered" in caplog.text


def test_an_answer_over_the_16_kb_limit_is_a_500(caplog: pytest.LogCaptureFixture) -> None:
    router = CallbackRouter()
    too_big = Response(*[SpeakSentence("x" * 1000, voice="susan") for _ in range(17)])

    @router.on(AnswerEvent)
    def answered(event: AnswerEvent) -> Response:
        return too_big

    with caplog.at_level(logging.ERROR, logger="bandwidth.callbacks"):
        answer = post_answer(router)

    assert answer.status_code == 500
    assert "16384" in caplog.text


def test_dispatch_still_returns_the_event() -> None:
    router = CallbackRouter()
    router.on(HangupEvent)(lambda event: Response(Hangup()))

    event = router.dispatch(example("hangup"))

    assert isinstance(event, HangupEvent)


def test_a_repeated_delivery_gets_the_first_answer_again() -> None:
    """A repeat is dropped, its handler not run, and answered with the first delivery's document (more in
    test_callbacks_replay.py)."""
    router = CallbackRouter()
    runs: list[AnswerEvent] = []

    @router.on(AnswerEvent)
    def answered(event: AnswerEvent) -> Response:
        runs.append(event)
        return MENU

    client = WerkzeugClient(router)

    first = client.post("/", data=example("answer_basic"), content_type="application/json")
    repeat = client.post("/", data=example("answer_basic"), content_type="application/json")

    assert first.data == repeat.data == MENU.to_xml().encode()
    assert repeat.headers["Content-Type"] == "application/xml"
    assert len(runs) == 1


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served() -> Iterator[tuple[CallbackRouter, str]]:
    router = CallbackRouter(username="bw", password="secret")
    server: WSGIServer = make_server("127.0.0.1", 0, router, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield router, f"http://bw:secret@127.0.0.1:{server.server_port}/bxml"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def test_a_wsgi_server_sends_the_bxml_over_http(served: tuple[CallbackRouter, str]) -> None:
    router, url = served
    audio = Response(PlayAudio("https://audio.example.com/hold.mp3", repeat_count=2), Hangup())
    router.on(AnswerEvent)(lambda event: audio)

    with requests.Session() as session:
        answer = session.get(url, params={"eventType": "answer", "callId": "c-9"}, timeout=5)

    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/xml"
    assert answer.content == audio.to_xml().encode()
    assert parse(answer.content) == audio
