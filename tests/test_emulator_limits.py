"""The emulator is a server: every input is hostile. Each test here is a regression test of a defect
(issue 10) that made it answer 500, hang, loop, leak a password, or serve without bound.

Every malformed request must get the documented JSON error body, ``{"category", "code", "message",
"details"}``, with a 4xx status; the emulator must keep serving afterwards.
"""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from misbehaving import hold_after, misbehaving_server, trickle

from bandwidth import Client
from bandwidth.emulator import CallbackReceiver, Emulator, EmulatorError

CALLER = "+19195551212"
CALLEE = "+19195553434"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(ring_seconds=0) as emulator:
        yield emulator


@pytest.fixture
def http(emu: Emulator) -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.auth = (emu.api_token, emu.api_secret)
        session.trust_env = False
        yield session


def api(emu: Emulator, path: str) -> str:
    return f"{emu.url}/v1/users/{emu.user_id}{path}"


def control(emu: Emulator, path: str) -> str:
    return f"{emu.url}/_emulator{path}"


def error_of(response: requests.Response) -> tuple[int, str, str]:
    """(status, category, code) of a documented JSON error answer (fails on anything else)."""
    assert response.headers["Content-Type"] == "application/json", response.text[:200]
    body = response.json()
    assert set(body) == {"category", "code", "message", "details"}, body
    assert isinstance(body["details"], list)
    return response.status_code, body["category"], body["code"]


def create_call(http: requests.Session, emu: Emulator, **body: Any) -> str:
    response = http.post(api(emu, "/calls"), json={"from": CALLER, "to": CALLEE, **body})
    assert response.status_code == 201, response.text
    return response.headers["Location"].rpartition("/")[2]


def raw_exchange(emu: Emulator, data: bytes, timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes to the emulator; the answer's status, headers (lower-case names) and body."""
    host, port = emu.url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def basic_auth(emu: Emulator) -> str:
    return "Basic " + base64.b64encode(f"{emu.api_token}:{emu.api_secret}".encode()).decode()


# -- 7: the clock --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b'{"seconds": 1e999}', b'{"seconds": 3e11}', b'{"seconds": 1e308}'])
def test_advancing_past_what_the_clock_holds_is_refused_and_serving_goes_on(
    emu: Emulator, http: requests.Session, body: bytes
) -> None:
    before = requests.get(control(emu, "/clock")).json()
    refused = requests.post(control(emu, "/advance"), data=body, headers=JSON)
    assert error_of(refused)[:2] == (400, "bad-request")

    assert requests.get(control(emu, "/clock")).json() == before
    create_call(http, emu)
    assert requests.post(control(emu, "/reset"), json={}).status_code == 200
    assert requests.get(control(emu, "/clock")).status_code == 200
    assert http.get(api(emu, "/calls")).json() == []


@pytest.mark.parametrize("seconds", [float("inf"), float("nan"), 3e11, -1.0])
def test_python_advance_refuses_what_the_clock_cannot_hold(emu: Emulator, seconds: float) -> None:
    now = emu.now()
    with pytest.raises(ValueError, match="seconds") as raised:
        emu.advance(seconds)
    assert isinstance(raised.value, EmulatorError) and raised.value.status == 400
    assert emu.now() == now
    emu.reset()
    emu.advance(100 * 365 * 24 * 3600 - 1)  # the documented range is usable up to its end
    assert emu.now().year >= now.year + 99


# -- 8: malformed bodies -------------------------------------------------------------------------------------

CALL = '"from": "+19195551212", "to": "+19195553434"'


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/calls", "{" + CALL + ', "callTimeout": NaN}'),
        ("/calls", "{" + CALL + ', "callTimeout": Infinity}'),
        ("/calls", "{" + CALL + ', "callTimeout": -Infinity}'),
        ("/calls", "{" + CALL + ', "callTimeout": 1e999}'),
        ("/calls", "{" + CALL + ', "callTimeout": ' + "1" + "0" * 400 + "}"),
        ("/calls", "{" + CALL + ', "recordingMaxDuration": 1e999}'),
        ("/calls", "{" + CALL + ', "recordingMaxDuration": ' + "9" * 400 + "}"),
        ("/calls", "{" + CALL + ', "tag": "\\ud800"}'),
        ("/calls", "{" + CALL + ', "tag": {"\\udfff": 1}}'),
        ("/calls", "[" * 100_000 + "]" * 100_000),
        ("/calls", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("/calls", "{" + CALL + ', "sipHeaders": {"X-a": "\\udbff"}}'),
        ("/calls/{call}/gather", '{"maxDigits": NaN}'),
        ("/calls/{call}/gather", '{"maxDigits": ' + "1" * 400 + "}"),
        ("/calls/{call}/gather", '{"interDigitTimeout": 1e999}'),
        ("/calls/{call}/audio", '{"sentence": "hi", "volume": 1e999}'),
        ("/calls/{call}/audio", '{"sentence": "hi", "volume": ' + "1" * 400 + "}"),
        (
            "/calls/{call}",
            '{"state": "transferring", "transferTo": "+19195557878", '
            '"whisperAudio": {"sentence": "hi", "volume": 1e999}}',
        ),
        (
            "/calls/{call}",
            '{"state": "transferring", "transferTo": "+19195557878", '
            '"whisperAudio": {"sentence": "hi", "volume": ' + "1" * 400 + "}}",
        ),
        (
            "/calls/{call}",
            '{"state": "transferring", "transferTo": "+19195557878", '
            '"whisperAudio": {"sentence": "hi", "volume": NaN}}',
        ),
        ("/bridges", '{"callIds": ["\\ud800"]}'),
        ("/calls", b"\xff\xfe not utf-8"),
    ],
)
def test_malformed_numbers_nesting_and_text_get_a_json_400(
    emu: Emulator, http: requests.Session, path: str, body: str | bytes
) -> None:
    call_id = create_call(http, emu)
    raw = body if isinstance(body, bytes) else body.encode()
    response = http.post(api(emu, path.format(call=call_id)), data=raw, headers=JSON)
    assert error_of(response)[:2] == (400, "bad-request")
    assert emu.call(call_id)["state"] == "active"  # nothing changed, and the emulator still answers
    assert http.get(api(emu, "/calls")).status_code == 200


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/incoming-calls", '{"from": "+19195553434", "to": "+19195551212", "callTimeout": 1e999}'),
        ("/incoming-calls", '{"from": "+19195553434", "to": "+19195551212", "callTimeout": 999999}'),
        ("/incoming-calls", '{"from": "\\ud800", "to": "+19195551212"}'),
        ("/advance", '{"seconds": NaN}'),
        ("/calls/{call}/press", '{"digits": "' + "1" * 1000 + '"}'),
        ("/calls/{call}/speak", '{"text": "' + "x" * 5000 + '"}'),
    ],
)
def test_malformed_control_requests_get_a_json_400(
    emu: Emulator, http: requests.Session, path: str, body: str
) -> None:
    call_id = create_call(http, emu)
    response = requests.post(control(emu, path.format(call=call_id)), data=body.encode(), headers=JSON)
    assert error_of(response)[:2] == (400, "bad-request")
    assert len(emu.events(call_id)) == 2  # create, answer: nothing more happened


def test_broken_chunked_framing_gets_a_json_400(emu: Emulator) -> None:
    request = (
        f"POST /v1/users/{emu.user_id}/calls HTTP/1.1\r\nHost: emulator\r\n"
        f"Authorization: {basic_auth(emu)}\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"
    ).encode()
    status, headers, body = raw_exchange(emu, request)
    assert (status, headers["content-type"]) == (400, "application/json")
    assert b'"validation-error"' in body and b"framing is broken" in body


def test_a_request_line_werkzeug_refuses_gets_a_json_error(emu: Emulator) -> None:
    status, headers, body = raw_exchange(emu, b"GET /_emulator HTTP/1.x\r\n\r\n")
    assert 400 <= status < 500
    assert headers["content-type"] == "application/json"
    assert b'"category"' in body


# -- 9: callbackTimeout of incoming calls; deliveries that fail inside the emulator --------------------------


@pytest.mark.parametrize(
    ("timeout", "message"),
    [
        (0, "Incoming Call callback timeout must be greater than 0"),
        (-5, "Incoming Call callback timeout must be greater than 0"),
        (10_001, "Incoming Call callback timeout must not surpass 10000"),
    ],
)
def test_incoming_call_callback_timeout_is_checked(emu: Emulator, timeout: int, message: str) -> None:
    with CallbackReceiver() as receiver:
        body = {"from": CALLEE, "to": CALLER, "callbackUrl": f"{receiver.url}/in", "callbackTimeout": timeout}
        response = requests.post(control(emu, "/incoming-calls"), json=body)
        assert error_of(response)[:3] == (400, "bad-request", "validation-error")
        assert response.json()["message"] == message
        with pytest.raises(ValueError, match=message):
            emu.incoming_call(CALLEE, CALLER, callback_url=f"{receiver.url}/in", callback_timeout=timeout)
        assert emu.call_ids() == []


def test_a_delivery_that_fails_inside_the_emulator_does_not_stop_the_calls_later_events() -> None:
    from datetime import datetime, timezone

    from bandwidth.emulator._callbacks import CallbackJob, Dispatcher

    dispatcher = Dispatcher()
    try:
        with CallbackReceiver() as receiver:

            def job(payload: dict[str, Any], event_id: str) -> CallbackJob:
                return CallbackJob(
                    call_id="c-1",
                    event_id=event_id,
                    event_type="dtmf",
                    payload=payload,
                    url=f"{receiver.url}/events",
                    method="POST",
                    timeout_ms=1000,
                    fallback_url=None,
                    time=datetime.now(timezone.utc),
                )

            dispatcher.submit(job({"eventType": "dtmf", "broken": {1, 2}}, "ce-1"))  # not JSON: TypeError
            dispatcher.submit(job({"eventType": "dtmf", "dtmfDigit": "5"}, "ce-2"))
            assert dispatcher.wait_idle(5)
            (received,) = receiver.wait_for(1)
            assert received.event == {"eventType": "dtmf", "dtmfDigit": "5"}
            first, second = dispatcher.deliveries()
            assert (first.ok, second.ok) == (False, True)
            assert first.error is not None and "emulator error" in first.error
    finally:
        dispatcher.close()


# -- 10: one deadline per delivery; slow receivers do not starve others --------------------------------------


def test_a_receiver_trickling_its_headers_gets_one_deadline_in_all(emu: Emulator) -> None:
    with misbehaving_server() as slow:
        slow.default = trickle(b"HTTP/1.1 200 OK\r\nX-Slow: ", interval=0.1)  # a byte every 100 ms
        emu.incoming_call(CALLEE, CALLER, callback_url=f"{slow.url}/in", callback_timeout=1000)
        # Each read gets a byte within the timeout; only a deadline for the whole delivery ends it.
        assert emu.wait_idle(timeout=6)
        (delivery,) = emu.deliveries
        assert (delivery.ok, delivery.status_code) == (False, None)
        assert delivery.error == "no answer within callbackTimeout (1000 ms)"


def test_silent_receivers_do_not_hold_up_other_calls_callbacks(emu: Emulator) -> None:
    with misbehaving_server() as silent, CallbackReceiver() as receiver:
        silent.default = hold_after()  # reads the request, never answers
        for _ in range(12):  # more than the old pool of 8 threads
            emu.incoming_call(CALLEE, CALLER, callback_url=f"{silent.url}/in", callback_timeout=10_000)
        deadline = time.monotonic() + 5
        while len(silent.requests) < 12 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(silent.requests) == 12  # all twelve are in flight at once

        fast = emu.incoming_call(CALLEE, CALLER, callback_url=f"{receiver.url}/fast")
        (received,) = receiver.wait_for(1, timeout=3)
        assert received.event["callId"] == fast
        assert not emu.wait_idle(timeout=0)  # the silent ones are still waiting for their answers


# -- 11: where callbacks may go ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/events",
        "https://10.0.0.1/events",
        "http://192.168.1.10:8080/events",
        "http://[fe80::1]/events",
        "http://metadata.internal/latest",
    ],
)
def test_callbacks_go_to_loopback_only_by_default(emu: Emulator, http: requests.Session, url: str) -> None:
    response = http.post(api(emu, "/calls"), json={"from": CALLER, "to": CALLEE, "callbackUrl": url})
    assert error_of(response) == (400, "bad-request", "callback-invalid-url")
    assert "loopback" in response.json()["message"]
    fallback = http.post(api(emu, "/calls"), json={"from": CALLER, "to": CALLEE, "fallbackUrl": url})
    assert error_of(fallback)[2] == "callback-invalid-url"
    assert emu.call_ids() == []


def test_hosts_can_be_allowed_explicitly() -> None:
    with Emulator(allowed_callback_hosts=["hooks.test"]) as emu, emu.client() as client:
        call = client.calls.create(from_=CALLER, to=CALLEE, callback_url="https://hooks.test/events")
        assert call.callback_url == "https://hooks.test/events"
        with pytest.raises(Exception, match="callback-invalid-url"):
            client.calls.create(from_=CALLER, to=CALLEE, callback_url="https://other.test/events")


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "127.1", "[::ffff:127.0.0.1]", "0.0.0.0", "2130706433"]
)
def test_a_callback_url_pointing_at_the_emulator_itself_is_refused(host: str) -> None:
    with Emulator(allowed_callback_hosts=["*"]) as emu, requests.Session() as http:  # "*": never itself
        http.auth = (emu.api_token, emu.api_secret)
        url = f"http://{host}:{emu.url.rsplit(':', 1)[1]}/_emulator/incoming-calls"
        response = http.post(api(emu, "/calls"), json={"from": CALLER, "to": CALLEE, "callbackUrl": url})
        assert error_of(response) == (400, "bad-request", "callback-invalid-url")
        assert "the emulator itself" in response.json()["message"]
        body = {"from": CALLEE, "to": CALLER, "callbackUrl": url}
        assert (
            error_of(requests.post(control(emu, "/incoming-calls"), json=body))[2] == "callback-invalid-url"
        )
        assert emu.call_ids() == []


def test_an_application_url_pointing_at_the_emulator_cannot_loop() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    loop = f"http://127.0.0.1:{port}/_emulator/incoming-calls"
    with Emulator(port=port, incoming_call_url=loop, allowed_callback_hosts=["*"]) as emu:
        with pytest.raises(EmulatorError, match="the emulator itself"):
            emu.incoming_call(CALLEE, CALLER)
        response = requests.post(control(emu, "/incoming-calls"), json={"from": CALLEE, "to": CALLER})
        assert error_of(response)[2] == "callback-invalid-url"
        time.sleep(0.2)
        assert emu.call_ids() == []
        assert emu.deliveries == []


def test_a_name_resolving_to_the_emulator_is_refused_before_connecting() -> None:
    from bandwidth.emulator._callback_hosts import CallbackHosts

    hosts = CallbackHosts(["*"])
    hosts.add_own_address("127.0.0.1", 8080)
    assert hosts.refusal("http://emulator.test:8080/x") is None  # a name: judged when it is resolved
    assert hosts.address_refusal("emulator.test", "127.0.0.1", 8080) == "it points at the emulator itself"
    assert hosts.address_refusal("emulator.test", "::1", 8080) == "it points at the emulator itself"
    assert hosts.address_refusal("emulator.test", "127.0.0.1", 9090) is None
    strict = CallbackHosts(["hooks.test"])
    assert strict.address_refusal("sneaky.test", "10.0.0.1", 80) is not None
    assert strict.address_refusal("hooks.test", "10.0.0.1", 80) is None


# -- 12: the control API -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers", [{"Content-Type": "text/plain"}, {"Content-Type": "application/x-www-form-urlencoded"}, {}]
)
def test_control_posts_need_a_json_content_type(
    emu: Emulator, http: requests.Session, headers: dict[str, str]
) -> None:
    call_id = create_call(http, emu)
    before = emu.now()
    for path, body in (
        ("/advance", b'{"seconds": 60}'),
        ("/reset", b"{}"),
        (f"/calls/{call_id}/hangup", b""),
    ):
        response = requests.post(
            control(emu, path), data=body, headers={**headers, "Origin": "http://evil.test"}
        )
        assert error_of(response) == (415, "bad-request", "unsupported-media-type")
        assert "Access-Control-Allow-Origin" not in response.headers
    assert (emu.now(), emu.call(call_id)["state"]) == (before, "active")  # nothing happened


def test_no_cors_preflight_is_granted(emu: Emulator) -> None:
    preflight = requests.options(
        control(emu, "/advance"),
        headers={
            "Origin": "http://evil.test",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 405
    assert not [name for name in preflight.headers if name.lower().startswith("access-control-")]


def test_a_control_token_guards_every_control_request() -> None:
    with Emulator(control_token="s3cret-token") as emu:
        assert error_of(requests.get(control(emu, "/clock")))[:2] == (401, "authorization")
        wrong = requests.post(
            control(emu, "/advance"), json={"seconds": 5}, headers={"Authorization": "Bearer no"}
        )
        assert error_of(wrong)[0] == 401
        right = {"Authorization": "Bearer s3cret-token"}
        assert (
            requests.post(control(emu, "/advance"), json={"seconds": 5}, headers=right).json()["seconds"] == 5
        )
        assert "s3cret-token" not in requests.get(control(emu, "/clock")).text
        with emu.client() as client:  # the API keeps its own (basic) auth
            assert list(client.calls.list()) == []


# -- 13: bounds ----------------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_before_it_is_read(emu: Emulator, http: requests.Session) -> None:
    big = b'{"tag": "' + b"x" * (2 << 20) + b'"}'
    response = http.post(api(emu, "/calls"), data=big, headers=JSON)
    assert error_of(response) == (413, "bad-request", "request-too-large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked, counted as it arrives
        yield b'{"tag": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    chunked = http.post(api(emu, "/calls"), data=chunks(), headers=JSON)
    assert error_of(chunked)[0] == 413
    assert emu.call_ids() == []


def test_the_body_limit_is_a_setting() -> None:
    with Emulator(max_body_bytes=100) as emu, requests.Session() as http:
        http.auth = (emu.api_token, emu.api_secret)
        assert http.post(api(emu, "/calls"), json={"from": CALLER, "to": CALLEE}).status_code == 201
        response = http.post(api(emu, "/calls"), json={"from": CALLER, "to": CALLEE, "tag": "x" * 100})
        assert error_of(response)[0] == 413
    with pytest.raises(ValueError, match="max_body_bytes"):
        Emulator(max_body_bytes=0)


def test_a_list_page_renders_only_its_own_items(emu: Emulator, http: requests.Session) -> None:
    for _ in range(300):
        emu.engine.calls.create({"from": CALLER, "to": CALLEE})
    rendered: list[str] = []
    render = emu.engine.calls.render

    def counting(call: Any, base: str | None = None) -> Any:
        rendered.append(call.id)
        return render(call, base)

    emu.engine.calls.render = counting  # type: ignore[method-assign]
    page = http.get(api(emu, "/calls"), params={"size": 1, "page": 3})
    assert len(page.json()) == 1
    assert rendered == [page.json()[0]["id"]]
    assert page.json()[0]["id"] == emu.call_ids()[-4]  # newest first
    assert 'rel="next"' in page.headers["Link"]
    last = http.get(api(emu, "/calls"), params={"size": "100", "page": "2", "sortOrder": "asc"})
    assert [call["id"] for call in last.json()] == emu.call_ids()[200:]
    assert 'rel="next"' not in last.headers["Link"]


def test_the_delivery_log_keeps_the_last_entries() -> None:
    with Emulator(max_logged_deliveries=3) as emu, CallbackReceiver() as receiver:
        call_id = emu.incoming_call(CALLEE, CALLER, callback_url=f"{receiver.url}/in")
        emu.press(call_id, "1234")
        receiver.wait_for(5)
        assert emu.wait_idle()
        assert len(emu.wait_for_deliveries(5, timeout=1)) == 3
        assert [delivery.sequence for delivery in emu.deliveries] == [3, 4, 5]
        assert len(requests.get(control(emu, "/deliveries")).json()) == 3


def test_callbacks_waiting_beyond_the_limit_are_dropped_and_logged() -> None:
    with Emulator(max_pending_callbacks=2) as emu, misbehaving_server() as silent:
        silent.default = hold_after()
        call_id = emu.incoming_call(CALLEE, CALLER, callback_url=f"{silent.url}/in", callback_timeout=10_000)
        emu.press(call_id, "12345")
        dropped = [delivery for delivery in emu.deliveries if (delivery.error or "").startswith("dropped")]
        assert [delivery.payload.get("dtmfDigit") for delivery in dropped] == ["2", "3", "4", "5"]


def test_connections_beyond_the_limit_are_answered_503_at_once() -> None:
    with Emulator(max_connections=2) as emu:
        host, port = emu.url.removeprefix("http://").rsplit(":", 1)
        idle = [socket.create_connection((host, int(port))) for _ in range(2)]
        try:
            time.sleep(0.2)  # both are being served (waiting for a request line)
            response = requests.get(control(emu, "/clock"), timeout=5)
            assert error_of(response) == (503, "unavailable", "too-many-connections")
        finally:
            for sock in idle:
                sock.close()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if requests.get(control(emu, "/clock"), timeout=5).status_code == 200:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the emulator did not serve again after the idle connections closed")


def test_a_silent_connection_is_closed_after_the_connection_timeout() -> None:
    with Emulator(connection_timeout=0.3) as emu:
        host, port = emu.url.removeprefix("http://").rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(b"GET /_emulator/clock HTTP/1.1\r\n")  # and nothing more
            assert sock.recv(1024) == b""  # closed by the emulator, well before our 5 s


# -- 14: passwords in callback URLs --------------------------------------------------------------------------


def test_callback_passwords_are_kept_out_of_reprs_and_the_delivery_log() -> None:
    with Emulator(ring_seconds=0) as emu, emu.client() as client, CallbackReceiver() as receiver:
        url = receiver.url.replace("http://", "http://bw:hunter2@") + "/events"
        call = client.calls.create(from_=CALLER, to=CALLEE, callback_url=url, fallback_url=url)
        assert call.callback_url == url  # the field keeps the URL as given
        for shown in (repr(call), str(call), repr(client.calls.get(call.id))):
            assert "hunter2" not in shown and "bw:***@" in shown

        (received,) = receiver.wait_for(1)
        assert received.headers["Authorization"] == "Basic " + base64.b64encode(b"bw:hunter2").decode()
        assert emu.wait_idle()
        log = requests.get(control(emu, "/deliveries"))
        assert "hunter2" not in log.text
        assert log.json()[0]["url"] == url.replace("hunter2", "***")
        assert "hunter2" not in repr(emu.deliveries)
        assert emu.deliveries[0].url == url


def test_client_side_view_of_a_stored_call_is_redacted_too(emu: Emulator) -> None:
    with (
        CallbackReceiver() as receiver,
        Client(emu.user_id, emu.api_token, emu.api_secret, api_endpoint=emu.url) as client,
    ):
        url = receiver.url.replace("http://", "http://u:p%40ss@") + "/x"
        call_id = client.create_call(CALLER, CALLEE, callback_url=url)
        assert "p%40ss" not in repr(client.calls.get(call_id))


def test_serving_goes_on_while_one_connection_is_held(emu: Emulator) -> None:
    # A client holding a connection open must not block others (the lock is never held across I/O).
    host, port = emu.url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port))) as held:
        held.sendall(
            b"POST /_emulator/advance HTTP/1.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{"
        )
        done = threading.Event()

        def other() -> None:
            if requests.get(control(emu, "/clock"), timeout=5).status_code == 200:
                done.set()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(6)
        assert done.is_set()


def test_every_limit_is_a_command_line_flag() -> None:
    from bandwidth.emulator.__main__ import _emulator, main, parse_arguments

    arguments = parse_arguments(
        [
            "--allow-callback-host", "hooks.test", "--allow-callback-host", "other.test",
            "--control-token", "tok", "--max-body-bytes", "2048", "--max-json-depth", "8",
            "--max-connections", "4", "--connection-timeout", "2.5", "--callback-workers", "3",
            "--max-pending-callbacks", "9", "--max-logged-deliveries", "7",
        ]
    )  # fmt: skip
    emulator = _emulator(arguments)
    assert emulator.settings.allowed_callback_hosts == ("hooks.test", "other.test")
    assert emulator.app.control_token == "tok"
    limits = emulator.limits
    assert (limits.max_body_bytes, limits.max_json_depth, limits.max_connections) == (2048, 8, 4)
    assert (limits.connection_timeout, limits.callback_workers) == (2.5, 3)
    assert (limits.max_pending_callbacks, limits.max_logged_deliveries) == (9, 7)
    assert main(["--port", "0", "--max-connections", "0"]) == 2
