"""The transport against a real loopback server: headers, retries, timeouts, errors, links, encoding."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from loopback import Answer, ScriptedServer, closed_port, scripted_server
from misbehaving import MisbehavingServer, Request, Wire, head, misbehaving_server, trickle

from bandwidth import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    Client,
    InternalServerError,
    InvalidParameterError,
    RateLimitError,
    Recording,
    __version__,
)
from bandwidth._core.http import path_segment
from bandwidth._core.links import parse_links
from bandwidth._sync.transport import RetryPolicy

CALL = b'{"id": "c-1", "state": "active"}'
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def make_client(server: ScriptedServer | MisbehavingServer, **options: object) -> Client:
    client = Client("u-test", "t-token", "s-secret", api_endpoint=server.url, **options)  # type: ignore[arg-type]
    return client


def record_sleeps(client: Client) -> list[float]:
    """Replace the retry sleep with a recorder, so retry tests never wait."""
    slept: list[float] = []
    adapter = client._transport.session.get_adapter(client.base_url)
    assert isinstance(adapter, requests.adapters.HTTPAdapter)
    retry = adapter.max_retries
    assert isinstance(retry, RetryPolicy)
    retry.sleep_function = slept.append
    return slept


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("c-abc123", "c-abc123"),
        ("../admin", "..%2Fadmin"),
        ("a/b", "a%2Fb"),
        ("what?x=1", "what%3Fx%3D1"),
        ("frag#1", "frag%231"),
        ("100%", "100%25"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("appel☎", "appel%E2%98%8E"),
    ],
)
def test_ids_are_encoded_as_one_path_segment(value: str, segment: str) -> None:
    assert path_segment(value) == segment


def test_hostile_ids_stay_inside_their_segment_on_the_wire(server: ScriptedServer) -> None:
    server.script(Answer(200, b'{"id": "../x"}', {"Content-Type": "application/json"}))
    with make_client(server) as client:
        client.calls.get("../x?y#z")

    assert server.seen[0].path == "/v1/users/u-test/calls/..%2Fx%3Fy%23z"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('<https://h/calls?page=1>; rel="next"', {"next": "https://h/calls?page=1"}),
        ("<https://h/calls?page=1>; rel=next", {"next": "https://h/calls?page=1"}),
        ("<https://h/calls?page=1>; rel='next'", {"next": "https://h/calls?page=1"}),
        (
            '<https://h/c?page=0&size=2>; rel="first", <https://h/c?page=1&size=2>; rel="next"',
            {"first": "https://h/c?page=0&size=2", "next": "https://h/c?page=1&size=2"},
        ),
        ('<https://h/a,b>;rel="next"', {"next": "https://h/a,b"}),
        ('<https://h/x>; title="t"; rel="prev next"', {"prev": "https://h/x", "next": "https://h/x"}),
        ("garbage; rel=next", {}),
        ("", {}),
    ],
)
def test_link_headers_in_both_quote_styles(header: str, expected: dict[str, str]) -> None:
    assert parse_links(header) == expected


def test_requests_carry_auth_user_agent_and_json(server: ScriptedServer) -> None:
    server.script(Answer(201, headers={"Location": f"{server.url}/v1/users/u-test/calls/c-9"}))
    with make_client(server) as client:
        call = client.calls.create(from_="+1", to="+2", fetch=False)

    seen = server.seen[0]
    assert call.id == "c-9"
    assert seen.method == "POST"
    assert seen.path == "/v1/users/u-test/calls"
    assert seen.headers["Authorization"] == "Basic dC10b2tlbjpzLXNlY3JldA=="
    assert seen.headers["User-Agent"].startswith(f"bandwidth-python/{__version__}")
    assert seen.headers["Content-Type"] == "application/json"
    assert seen.body == b'{"from":"+1","to":"+2"}'


def test_relative_location_gives_the_id(server: ScriptedServer) -> None:
    server.script(Answer(201, headers={"Location": "/v1/users/u-test/bridges/brg-7"}))
    with make_client(server) as client:
        assert client.create_bridge() == "brg-7"


def test_connection_reuse_across_requests(server: ScriptedServer) -> None:
    server.script(*[Answer(200, CALL) for _ in range(3)])
    with make_client(server) as client:
        for _ in range(3):
            client.calls.get("c-1")

    assert len({seen.client_port for seen in server.seen}) == 1


def test_get_is_retried_on_503_then_succeeds(server: ScriptedServer) -> None:
    server.script(Answer(503, b"busy"), Answer(502, b"bad gateway"), Answer(200, CALL))
    with make_client(server) as client:
        slept = record_sleeps(client)
        call = client.calls.get("c-1")

    assert call.id == "c-1"
    assert len(server.seen) == 3
    assert slept and all(0 < wait <= 8 for wait in slept)


def test_429_waits_as_retry_after_asks(server: ScriptedServer) -> None:
    server.script(Answer(429, b"{}", {"Retry-After": "2"}), Answer(200, CALL))
    with make_client(server) as client:
        slept = record_sleeps(client)
        client.calls.get("c-1")

    assert slept == [2.0]


def test_a_wait_beyond_the_cap_raises_instead_of_sleeping(server: ScriptedServer) -> None:
    body = b'{"category": "too-many-requests", "code": "rate-limit-reached", "details": []}'
    server.script(
        Answer(429, body, {"Content-Type": "application/json", "X-RateLimit-Reset": "99999999999999"})
    )
    with make_client(server) as client:
        slept = record_sleeps(client)
        with pytest.raises(RateLimitError) as caught:
            client.calls.get("c-1")

    assert slept == []
    assert caught.value.code == "rate-limit-reached"
    assert len(server.seen) == 1


def test_post_is_not_retried_after_reaching_the_server(server: ScriptedServer) -> None:
    server.script(Answer(503, b"busy"), Answer(201, headers={"Location": "/v1/users/u-test/calls/c-2"}))
    with make_client(server) as client:
        record_sleeps(client)
        with pytest.raises(InternalServerError):
            client.calls.create(from_="+1", to="+2", fetch=False)

    assert len(server.seen) == 1


def test_retries_give_up_with_the_last_error(server: ScriptedServer) -> None:
    server.script(*[Answer(503, b"still busy") for _ in range(3)])
    with make_client(server, max_retries=2) as client:
        record_sleeps(client)
        with pytest.raises(InternalServerError) as caught:
            client.calls.get("c-1")

    assert caught.value.status_code == 503
    assert caught.value.message == "still busy"
    assert len(server.seen) == 3


def test_max_retries_zero_disables_retries(server: ScriptedServer) -> None:
    server.script(Answer(503, b"busy"), Answer(200, CALL))
    with make_client(server, max_retries=0) as client, pytest.raises(InternalServerError):
        client.calls.get("c-1")

    assert len(server.seen) == 1


def test_connection_refused_is_a_connection_error() -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    with (
        Client("u", "t-token", "s-secret", api_endpoint=endpoint, max_retries=0) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.calls.get("c-1")

    assert not isinstance(caught.value, APITimeoutError)
    assert str(caught.value).startswith("connection failed:")
    assert "t-token" not in str(caught.value) and "s-secret" not in str(caught.value)


def test_a_stalled_server_times_out(server: ScriptedServer) -> None:
    server.script(Answer(200, CALL, delay=1.0))
    with make_client(server, timeout=0.2, max_retries=0) as client, pytest.raises(APITimeoutError):
        client.calls.get("c-1")


def test_invalid_json_is_a_response_validation_error(server: ScriptedServer) -> None:
    server.script(Answer(200, b'{"id": "c-1", ', {"Content-Type": "application/json"}))
    with make_client(server) as client, pytest.raises(APIResponseValidationError, match="malformed"):
        client.calls.get("c-1")


def test_facade_invalid_json_is_a_response_validation_error(server: ScriptedServer) -> None:
    server.script(Answer(200, b"<html>oops</html>", {"Content-Type": "text/html"}))
    with make_client(server) as client, pytest.raises(APIResponseValidationError, match="not valid JSON"):
        client.get_call("c-1")


def test_missing_location_is_a_response_validation_error(server: ScriptedServer) -> None:
    server.script(Answer(201))
    with make_client(server) as client, pytest.raises(APIResponseValidationError, match="Location"):
        client.create_call("+1", "+2")


def test_html_error_page_keeps_its_text(server: ScriptedServer) -> None:
    server.script(Answer(500, b"<h1>Internal error</h1>", {"Content-Type": "text/html"}))
    with make_client(server, max_retries=0) as client, pytest.raises(InternalServerError) as caught:
        client.get_call("c-1")

    assert caught.value.message == "<h1>Internal error</h1>"
    assert caught.value.code == "500"
    assert str(caught.value) == f"500: <h1>Internal error</h1> (GET {server.url}/v1/users/u-test/calls/c-1)"


def test_environment_proxies_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with Client("u", "t", "s") as client:
        monkeypatch.setenv("HTTPS_PROXY", "http://other.example:1")

        assert client._transport.session.trust_env is False
        assert client._transport._proxies.get("https") == "http://proxy.example:3128"


def test_ca_bundle_from_the_environment_and_verification_on_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with Client("u", "t", "s") as client:
        assert client._transport._verify is True
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/custom.pem")
    with Client("u", "t", "s") as client:
        assert client._transport._verify == "/etc/ssl/custom.pem"


def test_debug_logs_never_show_credentials(server: ScriptedServer, caplog: pytest.LogCaptureFixture) -> None:
    server.script(Answer(200, CALL), Answer(404, b'{"code": "call-not-found", "message": "nope"}'))
    caplog.set_level(logging.DEBUG)
    with make_client(server) as client:
        client.calls.get("c-1")
        with pytest.raises(Exception, match="nope"):
            client.calls.get("c-2")

    logged = caplog.text
    assert "GET /v1/users/u-test/calls/c-1 -> 200" in logged
    for secret in ("t-token", "s-secret", "dC10b2tlbjpzLXNlY3JldA=="):
        assert secret not in logged


@pytest.mark.parametrize(
    ("options", "parameter"),
    [
        ({"user_id": ""}, "user_id"),
        ({"api_secret": None}, "api_secret"),
        ({"api_endpoint": "ftp://host"}, "api_endpoint"),
        ({"api_endpoint": "https://tok:sec@host"}, "api_endpoint"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": (1, -1)}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"deadline": 0}, "deadline"),
        ({"deadline": float("nan")}, "deadline"),
        ({"deadline": "10"}, "deadline"),
        ({"deadline": 1e300}, "deadline"),
    ],
)
def test_bad_client_options_name_the_parameter(options: dict[str, object], parameter: str) -> None:
    arguments: dict[str, object] = {"user_id": "u", "api_token": "t", "api_secret": "s", **options}
    with pytest.raises(InvalidParameterError) as caught:
        Client(**arguments)  # type: ignore[arg-type]

    assert caught.value.parameter == parameter
    assert "sec" not in str(caught.value) or parameter != "api_endpoint" or "tok:sec" not in str(caught.value)


def test_closed_client_refuses_requests(server: ScriptedServer) -> None:
    client = make_client(server)
    client.close()
    client.close()

    with pytest.raises(Exception, match="closed"):
        client.calls.get("c-1")
    assert server.seen == []


def test_one_client_shared_by_threads(server: ScriptedServer) -> None:
    server.script(*[Answer(200, CALL) for _ in range(40)])
    errors: list[BaseException] = []
    with make_client(server) as client:

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
            thread.join()

    assert errors == []
    assert len(server.seen) == 40


def test_with_options_overrides_the_timeout_and_shares_the_pool(server: ScriptedServer) -> None:
    server.script(Answer(200, CALL, delay=0.5), Answer(200, CALL, delay=0.5))
    with make_client(server, timeout=0.1, max_retries=0) as client:
        patient = client.with_options(timeout=5)

        assert patient.calls.get("c-1").id == "c-1"
        patient.close()
        with pytest.raises(APITimeoutError):
            client.calls.get("c-1")

    assert patient._transport.session is client._transport.session


def test_a_callers_own_session_is_used_as_it_is_and_left_open(server: ScriptedServer) -> None:
    seen_by_hook: list[int] = []
    session = requests.Session()
    session.hooks["response"].append(lambda response, *_, **__: seen_by_hook.append(response.status_code))
    server.script(Answer(200, CALL), Answer(404, b'{"code": "call-not-found", "message": "gone"}'))
    with make_client(server, session=session) as client:
        assert client.calls.get("c-1").id == "c-1"
        with pytest.raises(Exception, match="gone") as caught:
            client.get_call("c-2")

    assert type(caught.value).__name__ == "NotFoundError"
    assert seen_by_hook == [200, 404]
    assert server.seen[0].headers["Authorization"] == "Basic dC10b2tlbjpzLXNlY3JldA=="
    server.script(Answer(200, CALL))
    assert session.get(f"{server.url}/still-open").status_code == 200  # closing the client left it open


# -- one deadline per attempt --------------------------------------------------------------------------------

HEADER_TRICKLE = trickle(b"HTTP/1.1 200 OK\r\nX-Slow: ", b"a", interval=0.05)
"""Headers that never end: every read gets a byte, so only a deadline over the whole attempt stops it."""


@pytest.mark.parametrize(
    ("options", "derive", "seconds"),
    [
        ({"timeout": 5}, {"timeout": 0.2}, "0.4"),  # the default deadline follows the new timeout
        ({"timeout": 5}, {"timeout": (0.3, 0.1)}, "0.4"),
        ({"timeout": 5}, {"deadline": 0.3}, "0.3"),
        ({"timeout": 5, "deadline": 0.25}, {"timeout": 0.1}, "0.25"),  # a deadline given is kept
        ({"timeout": 0.1, "deadline": 9}, {"deadline": None}, "0.2"),  # back to the timeout's sum
        ({"timeout": (0.2, 0.15)}, {}, "0.35"),
    ],
)
def test_with_options_applies_the_deadline(
    options: dict[str, object], derive: dict[str, object], seconds: str
) -> None:
    with misbehaving_server() as server:
        server.then(HEADER_TRICKLE)
        client = Client("u-test", "t-token", "s-secret", api_endpoint=server.url, max_retries=0, **options)  # type: ignore[arg-type]
        with client, pytest.raises(APITimeoutError, match=rf"within the deadline of {re.escape(seconds)} s"):
            client.with_options(**derive).calls.get("c-1")  # type: ignore[arg-type]

    assert len(server.requests) == 1


def test_a_callers_own_session_bounds_the_body_by_the_deadline() -> None:
    """Its pools are its own (no deadline while reading the headers); the body is bounded all the same."""
    body_trickle = trickle(head(200, {"Content-Length": "1000", **JSON}) + b'{"id"', interval=0.05)
    with misbehaving_server() as server:
        server.then(body_trickle)
        with (
            make_client(server, session=requests.Session(), timeout=0.2, max_retries=0) as client,
            pytest.raises(APITimeoutError, match=r"within the deadline of 0\.4 s"),
        ):
            client.get_call("c-1")


def test_a_download_puts_its_headers_within_the_deadline_not_its_body(tmp_path: Path) -> None:
    """A recording streams to a file: its body may take longer than the deadline, its headers may not."""
    media = "/v1/users/u-test/media/rec-1.wav"

    def slow_audio(wire: Wire, request: Request) -> bool:
        wire.send(head(200, {"Content-Length": "10", "Content-Type": "audio/wav"}))
        sent = 0
        while sent < 10 and not wire.wait(0.06) and wire.send(b"x"):  # 0.6 s in all, each read 0.06 s
            sent += 1
        return sent == 10

    with misbehaving_server() as server:
        server.then(slow_audio, HEADER_TRICKLE)
        with make_client(server, timeout=0.2, max_retries=0) as client:
            recording = client.bind(Recording(id="rec-1", media=f"{server.url}{media}"))
            assert recording.download(tmp_path / "rec.wav") == 10
            with pytest.raises(APITimeoutError, match=r"within the deadline of 0\.4 s"):
                recording.download(tmp_path / "again.wav")

    assert (tmp_path / "rec.wav").read_bytes() == b"x" * 10
    assert not (tmp_path / "again.wav").exists()
