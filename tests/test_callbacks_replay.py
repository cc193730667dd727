"""A re-delivery the router drops is answered as the first delivery was: the same BXML document, the handler
run once; a repeat that arrives while the first is still being handled waits for its answer; the memory of
answers is bounded."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server
from werkzeug.test import Client as WerkzeugClient, TestResponse

from bandwidth.bxml import Hangup, Redirect, Response, SpeakSentence
from bandwidth.callbacks import (
    AnswerEvent,
    AnyCallbackEvent,
    CallbackRouter,
    DtmfEvent,
    GatherEvent,
    RedirectEvent,
)
from bandwidth.callbacks._recent import RecentEvents
from bandwidth.emulator import Emulator

DATA = Path(__file__).resolve().parent / "data" / "callbacks"
CALLER, NUMBER = "+19195551212", "+19195550000"
GOODBYE = Response(SpeakSentence("Goodbye.", voice="susan"), Hangup())


def example(name: str) -> bytes:
    return (DATA / f"{name}.json").read_bytes()


def post(router: CallbackRouter, name: str, event_id: str | None = None) -> TestResponse:
    headers = {"X-Callback-Event-Id": event_id} if event_id is not None else {}
    return WerkzeugClient(router).post(
        "/", data=example(name), content_type="application/json", headers=headers
    )


class Numbered:
    """A handler that answers each run with a document of its own (``Run 1.``, ``Run 2.`` ...)."""

    def __init__(self, gate: threading.Event | None = None, fail_first: bool = False) -> None:
        self.runs = 0
        self.started = threading.Event()
        self._gate = gate
        self._fail_first = fail_first
        self._lock = threading.Lock()

    def __call__(self, event: AnyCallbackEvent) -> Response:
        with self._lock:
            self.runs += 1
            run = self.runs
        self.started.set()
        if self._gate is not None and run == 1:
            assert self._gate.wait(10)
        if self._fail_first and run == 1:
            raise RuntimeError("database down")
        return document(run)


def document(run: int) -> Response:
    return Response(SpeakSentence(f"Run {run}.", voice="susan"))


def in_thread(target: Callable[[], TestResponse]) -> tuple[threading.Thread, list[TestResponse]]:
    answers: list[TestResponse] = []
    thread = threading.Thread(target=lambda: answers.append(target()))
    thread.start()
    return thread, answers


# -- the same answer again -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "event_id"), [("answer_basic", None), ("dtmf", "ce-1"), ("hangup", "ce-2")])
def test_a_re_delivery_gets_the_first_document_and_the_handler_runs_once(
    name: str, event_id: str | None
) -> None:
    router = CallbackRouter()
    handler = Numbered()
    router.fallback(handler)

    answers = [post(router, name, event_id) for _ in range(3)]

    assert handler.runs == 1
    assert [(answer.status_code, answer.headers["Content-Type"]) for answer in answers] == [
        (200, "application/xml")
    ] * 3
    assert {answer.data for answer in answers} == {document(1).to_xml().encode()}


def test_a_get_re_delivery_of_a_post_gets_the_same_document() -> None:
    router = CallbackRouter()
    handler = Numbered()
    router.on(AnswerEvent)(handler)
    web = WerkzeugClient(router)
    query = {key: str(value) for key, value in json.loads(example("answer_basic")).items()}

    first = web.post("/", data=example("answer_basic"), content_type="application/json")
    again = web.get("/", query_string=query)

    assert first.data == again.data == document(1).to_xml().encode()
    assert handler.runs == 1


def test_an_empty_first_answer_is_answered_empty_again() -> None:
    router = CallbackRouter()
    runs: list[AnyCallbackEvent] = []
    router.fallback(runs.append)

    answers = [post(router, "hangup") for _ in range(2)]

    assert [(answer.status_code, answer.data) for answer in answers] == [(200, b"")] * 2
    assert answers[1].headers["Content-Type"].startswith("text/plain")
    assert len(runs) == 1


def test_events_that_may_repeat_are_each_answered_by_the_handler_without_an_id() -> None:
    router = CallbackRouter()
    handler = Numbered()
    router.on(DtmfEvent)(handler)

    answers = [post(router, "dtmf").data for _ in range(2)]
    by_id = [post(router, "dtmf", "ce-9").data for _ in range(2)]

    assert answers == [document(1).to_xml().encode(), document(2).to_xml().encode()]
    assert by_id == [document(3).to_xml().encode()] * 2
    assert handler.runs == 3


def test_the_id_keeps_two_events_with_one_payload_apart() -> None:
    router = CallbackRouter()
    handler = Numbered()
    router.fallback(handler)

    answers = [
        post(router, "gather_max_digits", event_id).data for event_id in ("ce-1", "ce-2", "ce-1", "ce-2")
    ]

    assert answers == [document(run).to_xml().encode() for run in (1, 2, 1, 2)]


def test_dispatch_drops_a_repeat_and_a_wsgi_repeat_of_it_is_answered_empty() -> None:
    """:meth:`dispatch` runs no WSGI answer, so there is no document to keep: a WSGI repeat gets none."""
    router = CallbackRouter()
    handler = Numbered()
    router.fallback(handler)

    assert router.dispatch(example("answer_basic")) is not None
    assert router.dispatch(example("answer_basic")) is None
    assert post(router, "answer_basic").data == b""
    assert handler.runs == 1


# -- a repeat while the first is being handled ---------------------------------------------------------------


def test_a_repeat_during_the_first_delivery_waits_for_its_document() -> None:
    router = CallbackRouter()
    gate = threading.Event()
    handler = Numbered(gate)
    router.on(GatherEvent)(handler)

    first, first_answers = in_thread(lambda: post(router, "gather_max_digits", "ce-1"))
    assert handler.started.wait(10)
    repeat, repeat_answers = in_thread(lambda: post(router, "gather_max_digits", "ce-1"))
    repeat.join(0.2)
    assert repeat.is_alive()  # waiting for the first delivery's answer
    gate.set()
    first.join(10)
    repeat.join(10)

    assert handler.runs == 1
    assert first_answers[0].data == repeat_answers[0].data == document(1).to_xml().encode()
    assert repeat_answers[0].status_code == 200


def test_a_repeat_waits_at_most_repeat_wait_then_is_a_503() -> None:
    router = CallbackRouter(repeat_wait=0.05)
    gate = threading.Event()
    handler = Numbered(gate)
    router.fallback(handler)

    first, first_answers = in_thread(lambda: post(router, "answer_basic"))
    assert handler.started.wait(10)
    began = time.monotonic()
    busy = post(router, "answer_basic")
    waited = time.monotonic() - began
    dispatched = router.dispatch(example("answer_basic"))
    gate.set()
    first.join(10)
    later = post(router, "answer_basic")

    assert (busy.status_code, busy.data) == (
        503,
        b"the first delivery of this event is still being handled\n",
    )
    assert 0.04 <= waited < 5
    assert dispatched is None
    assert first_answers[0].data == later.data == document(1).to_xml().encode()
    assert handler.runs == 1


def test_a_repeat_of_a_failed_first_delivery_is_handled_as_the_retry() -> None:
    router = CallbackRouter()
    gate = threading.Event()
    handler = Numbered(gate, fail_first=True)
    router.fallback(handler)

    first, first_answers = in_thread(lambda: post(router, "hangup"))
    assert handler.started.wait(10)
    retry, retry_answers = in_thread(lambda: post(router, "hangup"))  # waits, then runs: the first failed
    retry.join(0.2)
    gate.set()
    first.join(10)
    retry.join(10)
    again = post(router, "hangup")

    assert first_answers[0].status_code == 500
    assert retry_answers[0].data == again.data == document(2).to_xml().encode()
    assert handler.runs == 2


# -- bounded memory ------------------------------------------------------------------------------------------


def test_the_store_keeps_at_most_its_number_of_keys() -> None:
    router = CallbackRouter(deduplicate=3)
    handler = Numbered()
    router.fallback(handler)

    for number in range(10):
        post(router, "dtmf", f"ce-{number}")
    repeats = [post(router, "dtmf", f"ce-{number}").data for number in (9, 8, 7, 0)]

    assert repeats[:3] == [document(run).to_xml().encode() for run in (10, 9, 8)]
    assert repeats[3] == document(11).to_xml().encode()  # forgotten: handled again
    assert handler.runs == 11


def test_the_store_keeps_at_most_its_characters_of_documents_oldest_first() -> None:
    recent = RecentEvents(10, max_characters=250)
    kept = ["a" * 100, "b" * 100, "c" * 100]

    for key, text in enumerate(kept):
        first, claimed = recent.claim(key)
        assert claimed
        recent.answered(key, first, text)

    assert (len(recent), recent.characters) == (2, 200)
    assert recent.claim(0)[1]  # the oldest document went first
    old, claimed = recent.claim(2)
    assert (claimed, old.document) == (False, "c" * 100)


def test_a_document_larger_than_the_store_reaches_the_waiters_but_is_not_kept() -> None:
    recent = RecentEvents(10, max_characters=50)
    first, _ = recent.claim("k")
    waiter, claimed = recent.claim("k")

    recent.answered("k", first, "x" * 51)

    assert (claimed, waiter.settled.is_set(), waiter.document) == (False, True, "x" * 51)
    assert (len(recent), recent.characters) == (0, 0)


def test_a_key_evicted_while_handled_is_not_counted_when_answered() -> None:
    recent = RecentEvents(1, max_characters=1000)
    evicted, _ = recent.claim("old")
    recent.claim("new")

    recent.answered("old", evicted, "x" * 10)
    recent.failed("old", evicted)  # no effect on another key's entry

    assert (len(recent), recent.characters) == (1, 0)
    assert not recent.claim("new")[1]


@pytest.mark.parametrize("wait", [-1, float("nan"), float("inf"), True, "1"])
def test_an_invalid_repeat_wait_is_refused(wait: Any) -> None:
    from bandwidth import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="repeat_wait"):
        CallbackRouter(repeat_wait=wait)


# -- end to end: the emulator's fallback after a timeout gets the document -----------------------------------


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


def test_a_bxml_call_whose_answer_came_too_late_gets_it_at_its_fallback_url(
    served_router: tuple[CallbackRouter, str],
) -> None:
    """The application answers the ``answer`` event after ``callbackTimeout``: the emulator sends the event
    again, to the ``fallbackUrl`` (same event id), and the router answers it with the document the handler
    returned, without running the handler again; the call runs that document."""
    router, url = served_router
    slow = threading.Event()
    answers: list[AnswerEvent] = []
    redirects: list[RedirectEvent] = []

    @router.on(AnswerEvent)
    def answered(event: AnswerEvent) -> Response:
        answers.append(event)
        assert slow.wait(10)
        return Response(Redirect(request_url=f"{url}/next", request_url_timeout=5000))

    @router.on(RedirectEvent)
    def redirected(event: RedirectEvent) -> Response:
        redirects.append(event)
        return GOODBYE

    with Emulator() as emu:
        emu.bxml_application(NUMBER, f"{url}/answer")
        call_id = emu.incoming_call(CALLER, NUMBER, callback_timeout=1000, fallback_url=f"{url}/fallback")
        deadline = time.monotonic() + 10
        while not any(d.event_type == "answer" and not d.ok for d in emu.deliveries):
            assert time.monotonic() < deadline, "the first answer delivery never timed out"
            time.sleep(0.01)
        slow.set()  # the handler answers now, too late for the first delivery
        assert emu.wait_idle(timeout=10)
        attempts = [(d.fallback, d.ok) for d in emu.deliveries if d.event_type == "answer"]
        played = emu.played(call_id)

    assert attempts == [(False, False), (True, True)]
    assert len(answers) == 1
    assert [event.call_id for event in redirects] == [call_id]
    assert played == ["Goodbye."]
