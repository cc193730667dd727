"""Callback jobs that want the receiver's answer (BXML documents): the body is read within the same deadline,
bounded, whatever its framing, and the outcome reaches ``on_reply`` once the job is done."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from misbehaving import (
    Behaviour,
    answer,
    chunked_forever,
    close_after,
    free_port,
    head,
    huge_body,
    misbehaving_server,
    trickle,
)

from bandwidth._types import JSONObject
from bandwidth.emulator._callbacks import CallbackJob, Dispatcher, Reply

LIMIT = 16 * 1024
DOCUMENT = b'<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>'


@pytest.fixture
def dispatcher() -> Iterator[Dispatcher]:
    sender = Dispatcher()
    try:
        yield sender
    finally:
        sender.close()


def fetch(dispatcher: Dispatcher, url: str, *, timeout_ms: int = 2000, reply_bytes: int = LIMIT) -> Reply:
    replies: list[Reply] = []
    done = threading.Event()

    def on_reply(reply: Reply) -> None:
        replies.append(reply)
        done.set()

    dispatcher.submit(
        CallbackJob(
            call_id="c-1",
            event_id="ce-1",
            event_type="answer",
            payload={"eventType": "answer", "callId": "c-1"},
            url=url,
            method="GET",
            timeout_ms=timeout_ms,
            fallback_url=None,
            time=datetime.now(timezone.utc),
            reply_bytes=reply_bytes,
            on_reply=on_reply,
        )
    )
    assert done.wait(10), "no reply"
    assert dispatcher.wait_idle(5)
    (reply,) = replies
    return reply


def serve(behaviour: Behaviour, dispatcher: Dispatcher, **options: int) -> tuple[Reply, str]:
    with misbehaving_server() as server:
        server.default = behaviour
        reply = fetch(dispatcher, f"{server.url}/answer", **options)
        (request,) = server.requests
        return reply, request.target


def test_the_body_is_read_with_a_content_length(dispatcher: Dispatcher) -> None:
    reply, target = serve(answer(200, DOCUMENT, {"Content-Type": "application/xml"}), dispatcher)

    assert reply == Reply(200, DOCUMENT, None)
    assert target.startswith("/answer?eventType=answer&callId=c-1")
    assert dispatcher.deliveries()[0].ok


def test_the_body_is_read_chunked_and_until_the_connection_closes(dispatcher: Dispatcher) -> None:
    chunks = head(200, {"Transfer-Encoding": "chunked"}) + b"10;x=y\r\n" + DOCUMENT[:16] + b"\r\n"
    chunks += f"{len(DOCUMENT) - 16:x}\r\n".encode() + DOCUMENT[16:] + b"\r\n0\r\n\r\n"
    assert serve(close_after(chunks), dispatcher)[0] == Reply(200, DOCUMENT, None)

    assert serve(close_after(head(200) + DOCUMENT), dispatcher)[0] == Reply(200, DOCUMENT, None)


@pytest.mark.parametrize(
    "behaviour",
    [
        huge_body(LIMIT + 1),  # announced too large: not read at all
        huge_body(10 * LIMIT, declare_length=False),  # read until one byte past the limit
        chunked_forever(b"<" * 1000),
    ],
    ids=["content-length", "until-close", "chunked-forever"],
)
def test_a_body_over_the_limit_fails_the_job(dispatcher: Dispatcher, behaviour: Behaviour) -> None:
    reply, _ = serve(behaviour, dispatcher)

    assert reply == Reply(200, b"", f"the answer's body is over {LIMIT} bytes")
    (delivery,) = dispatcher.deliveries()
    assert (delivery.status_code, delivery.error, delivery.ok) == (200, reply.error, False)


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (head(200, {"Content-Length": "-3"}), "the answer's Content-Length is negative"),
        (head(200, {"Content-Length": "12"}) + b"<Resp", "the answer's body ended early"),
        (head(200, {"Transfer-Encoding": "chunked"}) + b"zz\r\n", "the answer's framing is broken"),
    ],
    ids=["negative-length", "short-body", "bad-chunk-size"],
)
def test_a_broken_body_fails_the_job(dispatcher: Dispatcher, raw: bytes, error: str) -> None:
    reply, _ = serve(close_after(raw), dispatcher)

    assert reply.status == 200 and reply.body == b""
    assert reply.error is not None and reply.error.startswith(error)


def test_one_deadline_covers_the_body_too(dispatcher: Dispatcher) -> None:
    slow = trickle(head(200, {"Content-Length": "1000"}), b"<", interval=0.05)

    reply, _ = serve(slow, dispatcher, timeout_ms=500)

    assert reply == Reply(None, b"", "no answer within callbackTimeout (500 ms)")


def test_an_error_status_is_a_failed_reply_without_a_body(dispatcher: Dispatcher) -> None:
    reply, _ = serve(answer(500, b"<Response/>"), dispatcher)

    assert reply == Reply(500, b"", "HTTP 500")


def test_no_connection_is_a_failed_reply(dispatcher: Dispatcher) -> None:
    reply = fetch(dispatcher, f"http://127.0.0.1:{free_port()}/answer")

    assert reply.status is None and reply.body == b""
    assert reply.error is not None and reply.error.startswith("ConnectionRefusedError")


def test_a_job_dropped_for_a_full_queue_still_gets_its_reply() -> None:
    dispatcher = Dispatcher(max_pending=1)
    try:
        with misbehaving_server() as server:
            server.default = trickle(b"HTTP/1.1 200 OK\r\n", interval=0.05)  # holds the first job
            first: JSONObject = {"eventType": "answer"}
            now = datetime.now(timezone.utc)
            dispatcher.submit(CallbackJob("c-0", "ce-0", "answer", first, server.url, "GET", 2000, None, now))
            reply = fetch(dispatcher, f"{server.url}/answer")
    finally:
        dispatcher.close()

    assert reply == Reply(None, b"", "dropped: 1 callbacks already wait")
