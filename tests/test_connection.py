"""The sync client's own connection pool (``bandwidth/_sync/connection.py``) against real loopback servers:
reuse, idle connections the server dropped, the bound under threads, the deadline over a slow body and over
the wait for a free connection, close(), and record/replay tools that replace ``http.client``'s classes."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import vcr
from loopback import Answer, ScriptedServer
from misbehaving import (
    Behaviour,
    Request,
    Wire,
    answer,
    close_after,
    established_to,
    head,
    misbehaving_server,
    trickle,
)
from secure_servers import make_certificates

from bandwidth import APIConnectionError, APITimeoutError, Client

CALL = b'{"id": "c-1", "state": "active"}'
JSON = {"Content-Type": "application/json"}
CREATED = {"Location": "/v1/users/u-test/calls/c-new"}


def make_client(url: str, **options: object) -> Client:
    return Client("u-test", "t-token", "s-secret", api_endpoint=url, **options)  # type: ignore[arg-type]


def no_waits(client: Client) -> list[float]:
    slept: list[float] = []
    direct = client._transport._direct
    assert direct is not None
    direct.policy.sleep_function = slept.append
    return slept


def then_drop(status: int, body: bytes, headers: dict[str, str]) -> Behaviour:
    """A keep-alive answer (no ``Connection: close``) after which the server closes the idle connection."""
    inner = answer(status, body, headers)

    def behave(wire: Wire, request: Request) -> bool:
        inner(wire, request)
        wire.close()
        return False

    return behave


def test_one_connection_serves_request_after_request() -> None:
    with misbehaving_server() as server:
        server.then(*[answer(200, CALL, JSON) for _ in range(5)])
        with make_client(server.url, max_retries=0) as client:
            for _ in range(5):
                assert client.calls.get("c-1").id == "c-1"

    assert server.connections == 1
    assert len({request.client_port for request in server.requests}) == 1


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_idle_connection_the_server_closed_is_not_written_on(method: str) -> None:
    """Noticed before any byte is written: the request goes out once, on a new connection, and needs no retry
    (``max_retries=0``)."""
    with misbehaving_server() as server:
        second = answer(200, CALL, JSON) if method == "GET" else answer(201, b"", CREATED)
        server.then(then_drop(200, CALL, JSON), second)
        with make_client(server.url, max_retries=0) as client:
            client.calls.get("c-1")
            time.sleep(0.2)  # the server's FIN arrives while the connection idles in the pool
            if method == "GET":
                assert client.calls.get("c-1").id == "c-1"
            else:
                assert client.calls.create(from_="+1", to="+2", fetch=False).id == "c-new"

    assert server.connections == 2
    assert [request.method for request in server.requests] == ["GET", method]


def test_a_get_the_server_dropped_on_a_reused_connection_is_sent_again() -> None:
    """The server reads the request on the kept-alive connection, then closes it without an answer."""
    with misbehaving_server() as server:
        server.then(answer(200, CALL, JSON), close_after(), answer(200, CALL, JSON))
        with make_client(server.url, max_retries=1) as client:
            slept = no_waits(client)
            client.calls.get("c-1")
            assert client.calls.get("c-1").id == "c-1"

    assert [request.connection for request in server.requests] == [0, 0, 1]
    assert slept == []  # the first retry does not back off


def test_a_post_the_server_dropped_on_a_reused_connection_is_not_sent_again() -> None:
    """It may have been acted on: the error is raised, the POST reached the server once."""
    with misbehaving_server() as server:
        server.then(answer(200, CALL, JSON), close_after(), answer(201, b"", CREATED))
        with make_client(server.url, max_retries=2) as client:
            no_waits(client)
            client.calls.get("c-1")
            with pytest.raises(APIConnectionError) as caught:
                client.calls.create(from_="+1", to="+2", fetch=False)

    assert not isinstance(caught.value, APITimeoutError)
    assert [request.method for request in server.requests] == ["GET", "POST"]


def test_threads_share_at_most_max_connections() -> None:
    """Eight threads, a pool of two: never more than two requests at the server at once, on two
    connections, and every request answered."""
    busy = 0
    peak = 0
    lock = threading.Lock()

    def slow(wire: Wire, request: Request) -> bool:
        nonlocal busy, peak
        with lock:
            busy += 1
            peak = max(peak, busy)
        time.sleep(0.02)
        with lock:
            busy -= 1
        return answer(200, CALL, JSON)(wire, request)

    errors: list[BaseException] = []
    with misbehaving_server() as server:
        server.then(*[slow for _ in range(40)])
        with make_client(server.url, max_connections=2, max_retries=0, timeout=10) as client:

            def work() -> None:
                try:
                    for _ in range(5):
                        assert client.calls.get("c-1").id == "c-1"
                except BaseException as error:  # pragma: no cover - reported below
                    errors.append(error)

            threads = [threading.Thread(target=work) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)

    assert errors == []
    assert len(server.requests) == 40
    assert peak <= 2
    assert server.connections == 2


def test_the_deadline_covers_a_slow_body_on_a_reused_connection() -> None:
    """Every read gets a byte within the read timeout; the attempt's deadline stops the body all the same,
    and the connection's timeout from the earlier answer does not carry over."""
    slow_body = trickle(head(200, {"Content-Length": "1000", **JSON}) + b'{"id"', interval=0.05)
    with misbehaving_server() as server:
        server.then(answer(200, CALL, JSON), slow_body)
        with make_client(server.url, timeout=0.2, max_retries=2) as client:
            no_waits(client)
            client.calls.get("c-1")
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match=r"within the deadline of 0\.4 s"):
                client.calls.get("c-1")
            took = time.monotonic() - started

    assert 0.35 < took < 2.0
    assert len(server.requests) == 2  # a deadline that passed is not retried


def test_the_deadline_covers_the_wait_for_a_free_connection() -> None:
    """A pool of one, held by a slow answer: the other thread's attempt ends at its deadline."""

    def held(wire: Wire, request: Request) -> bool:
        time.sleep(1.0)
        return answer(200, CALL, JSON)(wire, request)

    outcome: list[object] = []
    with misbehaving_server() as server:
        server.then(held, answer(200, CALL, JSON))
        with make_client(server.url, max_connections=1, max_retries=0, timeout=5) as client:
            holder = threading.Thread(target=lambda: outcome.append(client.calls.get("c-1").id))
            holder.start()
            time.sleep(0.2)
            with pytest.raises(APITimeoutError, match=r"within the deadline of 0\.3 s"):
                client.with_options(deadline=0.3).calls.get("c-1")
            holder.join(5)

    assert outcome == ["c-1"]
    assert len(server.requests) == 1


def test_close_leaves_no_socket_open_even_one_in_use() -> None:
    """Idle connections close at once; the one in use when close() is called closes when its answer has
    been read. The kernel then lists no connection to the server."""

    def after(seconds: float) -> Callable[[Wire, Request], bool]:
        def delayed(wire: Wire, request: Request) -> bool:
            time.sleep(seconds)
            return answer(200, CALL, JSON)(wire, request)

        return delayed

    with misbehaving_server() as server:
        # the first two answers wait, so the two requests surely hold two connections at once
        server.then(after(0.2), after(0.2), after(0.3))
        client = make_client(server.url, max_retries=0)
        barrier = threading.Barrier(2)

        def two_at_once() -> None:
            barrier.wait(5)
            client.calls.get("c-1")

        pair = [threading.Thread(target=two_at_once) for _ in range(2)]
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join(5)
        in_use = threading.Thread(target=lambda: client.calls.get("c-1"))
        in_use.start()
        time.sleep(0.1)
        client.close()
        in_use.join(5)
        deadline = time.monotonic() + 3
        while server.open_connections and time.monotonic() < deadline:
            time.sleep(0.02)

        assert server.connections == 2
        assert established_to(server.port) in (0, None)
        assert server.open_connections == 0


def test_a_record_and_replay_tool_sees_every_request(tmp_path: Path) -> None:
    """vcrpy replaces ``http.client``'s connection classes: the pool makes its connections with the
    replacement, so a cassette records the request and replays it with no server at all."""
    tape = str(tmp_path / "get.yaml")
    recorder = vcr.VCR(record_mode="once", filter_headers=["authorization"])
    with misbehaving_server() as server:
        server.then(answer(200, CALL, JSON))
        url = server.url
        with recorder.use_cassette(tape), make_client(url, max_retries=0) as client:
            assert client.calls.get("c-1").id == "c-1"
    assert len(server.requests) == 1

    with recorder.use_cassette(tape) as replayed, make_client(url, max_retries=0) as client:
        assert client.get_call("c-1") == json.loads(CALL)
    assert replayed.play_count == 1
    assert "t-token" not in Path(tape).read_text()


def test_tls_connections_are_verified_and_reused(tmp_path: Path) -> None:
    """Over TLS (the certificate checked against ``verify=``'s CA, for the host connected to), requests
    share one kept-alive connection too."""
    made = make_certificates(tmp_path)
    if made is None:
        pytest.skip("neither the cryptography package nor the openssl command is available")
    server = ScriptedServer()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(made.cert, made.key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    server.script(*[Answer(200, CALL, JSON) for _ in range(3)])
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        endpoint = f"https://127.0.0.1:{server.url.rpartition(':')[2]}"
        with make_client(endpoint, verify=str(made.ca), max_retries=0) as client:
            for _ in range(3):
                assert client.calls.get("c-1").id == "c-1"
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()

    assert len({seen.client_port for seen in server.seen}) == 1
    assert server.seen[0].headers["Authorization"].startswith("Basic ")


def test_a_connection_that_did_not_open_gives_its_place_in_the_pool_back() -> None:
    """A pool of one: each refused connect frees its place, so every call fails at once as refused (a place
    kept would make the next call wait out its deadline instead)."""
    with misbehaving_server() as server:
        closed = server.url
    with make_client(closed, max_connections=1, max_retries=1, timeout=2) as client:
        no_waits(client)
        for _ in range(3):
            started = time.monotonic()
            with pytest.raises(APIConnectionError, match="connection failed") as caught:
                client.calls.get("c-1")
            assert not isinstance(caught.value, APITimeoutError)
            assert time.monotonic() - started < 1.0
