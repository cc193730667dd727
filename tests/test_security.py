"""Security properties, proven against real loopback servers.

- Credentials never show in a repr, a log line (DEBUG, over a scenario with retries and errors), an exception,
  a pickle or a cassette.
- Credentials are sent only to the API's own scheme, host and port: ``next`` links, redirects and media URLs
  elsewhere are refused (and the other server sees nothing).
- Hostile ids reach the server as exactly one percent-encoded path segment.
- TLS is verified by default; a custom CA bundle is honoured; a wrong host name is refused.
- Proxies given to the client, or found in the environment when it is created, carry its traffic; through
  an HTTPS tunnel the proxy never sees the credentials.
"""

from __future__ import annotations

import base64
import copy
import logging
import pickle
import ssl
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import pytest
import requests
import yaml
from conftest import SECRET as CASSETTE_SECRET, TOKEN as CASSETTE_TOKEN
from loopback import Answer, ScriptedServer, scripted_server
from misbehaving import Behaviour, answer, free_port, head, hold_after, misbehaving_server, reset_after
from reachable import reachable_secrets
from requests.adapters import HTTPAdapter
from secure_servers import Certificates, forward_proxy, make_certificates

from bandwidth import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    BandwidthError,
    Client,
    NotFoundError,
    Recording,
)
from bandwidth._sync.transport import RetryPolicy

TOKEN = "t-security-token-7f3a"
SECRET = "s-security-secret-91bc"
BASIC = base64.b64encode(f"{TOKEN}:{SECRET}".encode()).decode()
SECRETS = (TOKEN, SECRET, BASIC)
CALL = b'{"id": "c-1", "state": "active"}'
JSON = {"Content-Type": "application/json"}
CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"


def make_client(endpoint: str, **options: object) -> Client:
    return Client("u-test", TOKEN, SECRET, api_endpoint=endpoint, **options)  # type: ignore[arg-type]


def no_waits(client: Client) -> None:
    adapter = client._transport.session.get_adapter(client.base_url)
    assert isinstance(adapter, HTTPAdapter) and isinstance(adapter.max_retries, RetryPolicy)
    adapter.max_retries.sleep_function = lambda wait: None


def assert_hidden(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{where} shows {secret!r}"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


@pytest.fixture
def other() -> Iterator[ScriptedServer]:
    """Another loopback server: somewhere credentials must never go."""
    with scripted_server() as running:
        yield running


# -- reprs, pickles, copies ----------------------------------------------------------------------------------


def test_reprs_hide_the_credentials(server: ScriptedServer) -> None:
    server.script(Answer(200, b"[" + CALL + b"]", JSON), Answer(200, CALL, JSON))
    with make_client(server.url) as client:
        page = next(client.calls.list().pages())
        call = client.calls.get("c-1")
        shown = [
            client,
            client.with_options(timeout=3),
            client._transport,
            client.calls,
            client.calls.list(),
            page,
            page.response,
            call,
            client.calls.handle("c-2"),
        ]
        for thing in shown:
            assert_hidden(repr(thing), f"repr of {type(thing).__name__}")
            assert_hidden(str(thing), f"str of {type(thing).__name__}")
        assert_hidden(repr(client._transport.session.headers), "the session's default headers")
        assert client._transport.session.auth is None


def test_models_pickle_and_copy_without_the_client(server: ScriptedServer) -> None:
    server.script(Answer(200, CALL, JSON))
    with make_client(server.url) as client:
        call = client.calls.get("c-1")
        pickled = pickle.dumps(call)
        assert_hidden(pickled.decode("latin-1"), "a pickled Call")
        restored = pickle.loads(pickled)
        assert restored == call and not restored.is_bound
        assert_hidden(repr(call.model_dump()), "a dumped Call")
        assert_hidden(call.model_dump_json(), "a Call as JSON")
        assert copy.deepcopy(call).id == "c-1"


@pytest.mark.parametrize("thing", ["client", "derived client", "paginator"])
def test_what_holds_credentials_refuses_to_be_pickled(server: ScriptedServer, thing: str) -> None:
    with make_client(server.url) as client:
        target = {
            "client": client,
            "derived client": client.with_options(timeout=2),
            "paginator": client.calls.list(),
        }[thing]
        with pytest.raises(TypeError) as caught:
            pickle.dumps(target)

    assert_hidden(str(caught.value), "the pickling error")


# -- logs ----------------------------------------------------------------------------------------------------


def test_debug_logs_of_a_whole_scenario_never_show_credentials(caplog: pytest.LogCaptureFixture) -> None:
    """Every logger at DEBUG (the SDK's, its connection pool's, urllib3's) over successes, retries, resets,
    errors and timeouts."""
    caplog.set_level(logging.DEBUG)
    messages: list[str] = []
    with misbehaving_server() as server:
        server.then(
            answer(200, CALL, JSON),  # get
            answer(201, b"", {"Location": "/v1/users/u-test/calls/c-2"}),  # create
            answer(503, b"busy"),  # get: retried ...
            reset_after(head(200, {"Content-Length": "100"}) + b'{"id"'),  # ... reset mid-body, retried ...
            answer(200, CALL, JSON),  # ... then fine
            answer(404, b'{"code": "call-not-found", "message": "no such call"}', JSON),  # facade get
            answer(200, b"<html>not json</html>", {"Content-Type": "text/html"}),  # facade get
            answer(429, b"{}", {"Retry-After": "3600"}),  # rate limited beyond the cap
            reset_after(),  # POST reset: not retried
        )
        with make_client(server.url, timeout=0.5) as client:
            no_waits(client)
            client.calls.get("c-1")
            client.calls.create(from_="+1", to="+2", fetch=False)
            client.calls.get("c-1")
            for failing in (
                lambda: client.get_call("c-1"),
                lambda: client.get_call("c-1"),
                lambda: client.calls.get("c-1"),
                lambda: client.hangup_call("c-1"),
            ):
                with pytest.raises(BandwidthError) as caught:
                    failing()
                messages.append("".join(traceback.format_exception(caught.value)))
                logging.getLogger("test").exception("the SDK raised", exc_info=caught.value)
        with make_client(f"http://127.0.0.1:{free_port()}") as client:
            no_waits(client)
            with pytest.raises(APIConnectionError) as refused:
                client.calls.get("c-1")
            logging.getLogger("test").exception("refused", exc_info=refused.value)

    logged = caplog.text
    assert "GET /v1/users/u-test/calls/c-1 -> 200" in logged
    assert "retrying" in logged  # the SDK's own retry after the reset mid-body
    assert "new connection to 127.0.0.1" in logged  # the connection-level lines (the SDK's pool's)
    assert_hidden(logged, "the DEBUG log")
    for record in caplog.records:
        assert_hidden(record.getMessage(), f"a {record.name} log record")
    for text in messages:
        assert_hidden(text, "a traceback")


# -- cassettes -----------------------------------------------------------------------------------------------


def test_cassettes_hold_no_credentials() -> None:
    cassettes = sorted(CASSETTES.glob("**/*.yaml"))
    assert cassettes, "no cassettes found"
    secrets = (
        CASSETTE_TOKEN,
        CASSETTE_SECRET,
        base64.b64encode(f"{CASSETTE_TOKEN}:{CASSETTE_SECRET}".encode()).decode(),
        "Basic ",
    )
    for path in cassettes:
        text = path.read_text()
        for secret in secrets:
            assert secret not in text, f"{path.relative_to(CASSETTES)} holds {secret!r}"
        for interaction in (yaml.safe_load(text) or {}).get("interactions", []):
            names = {name.lower() for name in interaction["request"].get("headers", {})}
            assert not names & {"authorization", "cookie", "proxy-authorization"}, path.name


# -- credentials go to the API host only ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "{other}/v1/users/u-test/calls?page=2",  # another port
        "//127.0.0.1:{other_port}/v1/users/u-test/calls?page=2",  # scheme-relative
        "https://127.0.0.1:{port}/v1/users/u-test/calls?page=2",  # another scheme
        "http://localhost:{port}/v1/users/u-test/calls?page=2",  # another host name for the same server
    ],
)
def test_a_next_link_elsewhere_is_refused(server: ScriptedServer, other: ScriptedServer, target: str) -> None:
    link = target.format(
        other=other.url, other_port=other.url.rpartition(":")[2], port=server.url.rpartition(":")[2]
    )
    page = Answer(200, b"[" + CALL + b"]", {**JSON, "Link": f'<{link}>; rel="next"'})
    server.script(page, page)
    with make_client(server.url) as client:
        walk = iter(client.calls.list())
        assert next(walk).id == "c-1"
        with pytest.raises(APIResponseValidationError, match="off the API host"):
            next(walk)
        with pytest.raises(APIResponseValidationError, match="off the API host"):
            list(client.list_calls())

    assert other.seen == []


def test_a_redirect_is_not_followed(server: ScriptedServer, other: ScriptedServer) -> None:
    server.script(Answer(302, b"", {"Location": f"{other.url}/steal"}))
    with make_client(server.url) as client, pytest.raises(APIStatusError) as caught:
        client.calls.get("c-1")

    assert caught.value.status_code == 302
    assert other.seen == []


def test_media_elsewhere_is_not_downloaded_with_credentials(
    server: ScriptedServer, other: ScriptedServer, tmp_path: Path
) -> None:
    with make_client(server.url) as client:
        recording = client.bind(Recording(id="rec-1", media=f"{other.url}/v1/users/u-test/media/rec-1.wav"))
        with pytest.raises(APIResponseValidationError, match="outside the API host"):
            recording.download(tmp_path / "rec.wav")

    assert other.seen == []
    assert not (tmp_path / "rec.wav").exists()


# -- hostile ids ---------------------------------------------------------------------------------------------

HOSTILE_IDS = [
    "../admin",
    "..",
    ".",
    "a/../../b",
    "c-1?state=completed",
    "c-1#fragment",
    "a/b",
    "100%",
    "%2e%2e",
    "%2F",
    "appel☎",
    "ü\u202eevil",
    " leading space",
    "tab\there",
    "new\nline",
    "nul\x00byte",
    "semi;colon",
    "back\\slash",
    "emoji 🐛",
]


def _segment_of(path: str, prefix: str) -> str:
    assert path.startswith(prefix), path
    return path[len(prefix) :]


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_hostile_ids_reach_the_server_as_one_segment(server: ScriptedServer, hostile: str) -> None:
    server.script(
        Answer(200, CALL, JSON),
        Answer(200, CALL, JSON),
        Answer(200),
        Answer(200, b'{"id": "g-1"}', JSON),
        Answer(200, b'{"id": "rec-1"}', JSON),
    )
    with make_client(server.url) as client:
        client.calls.get(hostile)
        client.get_call(hostile)
        client.calls.hangup(hostile)
        client.calls.get_gather("c-1", hostile)
        client.recordings.get(hostile)

    base = "/v1/users/u-test"
    paths = [seen.path for seen in server.seen]
    segments = [
        _segment_of(paths[0], f"{base}/calls/"),
        _segment_of(paths[1], f"{base}/calls/"),
        _segment_of(paths[2], f"{base}/calls/"),
        _segment_of(paths[3], f"{base}/calls/c-1/gather/"),
        _segment_of(paths[4], f"{base}/recordings/"),
    ]
    for segment in segments:
        assert "/" not in segment and "?" not in segment and "#" not in segment
        assert segment.strip(".") != "", "a dot segment would be resolved away"
        assert all(0x21 <= ord(char) < 0x7F for char in segment), f"raw character in {segment!r}"
        assert unquote(segment) == hostile
    assert server.seen[2].method == "POST"


def test_a_hostile_user_id_stays_in_its_segment(server: ScriptedServer) -> None:
    server.script(Answer(200, CALL, JSON))
    with Client("../../admin", TOKEN, SECRET, api_endpoint=server.url) as client:
        client.calls.get("c-1")

    assert server.seen[0].path == "/v1/users/..%2F..%2Fadmin/calls/c-1"


# -- TLS -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    made = make_certificates(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip("neither the cryptography package nor the openssl command is available")
    return made


@pytest.fixture
def https_server(certificates: Certificates) -> Iterator[tuple[ScriptedServer, str]]:
    server = ScriptedServer()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificates.cert, certificates.key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    port = server.url.rpartition(":")[2]
    with serving(server):
        yield server, f"https://127.0.0.1:{port}"


@contextmanager
def serving(server: ScriptedServer) -> Iterator[ScriptedServer]:
    """Run a ScriptedServer whose socket was set up (wrapped in TLS) before it starts."""
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


@pytest.fixture
def clean_tls_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("clean_tls_environment")
def test_tls_is_verified_by_default(https_server: tuple[ScriptedServer, str]) -> None:
    server, endpoint = https_server
    with make_client(endpoint, max_retries=0) as client, pytest.raises(APIConnectionError) as caught:
        client.calls.get("c-1")

    assert not isinstance(caught.value, APITimeoutError)
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
    assert server.seen == []  # the request, and its Authorization header, never left
    assert_hidden(str(caught.value), "the TLS error")


@pytest.mark.usefixtures("clean_tls_environment")
def test_a_custom_ca_bundle_is_trusted(
    https_server: tuple[ScriptedServer, str], certificates: Certificates
) -> None:
    server, endpoint = https_server
    server.script(Answer(200, CALL, JSON))
    with make_client(endpoint, verify=str(certificates.ca)) as client:
        assert client.calls.get("c-1").id == "c-1"

    assert server.seen[0].headers["Authorization"] == f"Basic {BASIC}"


def test_the_ca_bundle_from_the_environment_is_read_at_creation(
    https_server: tuple[ScriptedServer, str], certificates: Certificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, endpoint = https_server
    server.script(Answer(200, CALL, JSON))
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificates.ca))
    with make_client(endpoint) as client:
        monkeypatch.delenv("REQUESTS_CA_BUNDLE")
        assert client.calls.get("c-1").id == "c-1"


@pytest.mark.usefixtures("clean_tls_environment")
def test_a_certificate_for_another_host_is_refused(tmp_path: Path) -> None:
    made = make_certificates(tmp_path, hosts=("api.example.test",))
    if made is None:
        pytest.skip("neither the cryptography package nor the openssl command is available")
    server = ScriptedServer()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(made.cert, made.key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    with serving(server):
        endpoint = f"https://127.0.0.1:{server.url.rpartition(':')[2]}"
        with (
            make_client(endpoint, verify=str(made.ca), max_retries=0) as client,
            pytest.raises(APIConnectionError, match=r"match|not valid for"),
        ):
            client.calls.get("c-1")

    assert server.seen == []


# -- proxies -------------------------------------------------------------------------------------------------


@pytest.fixture
def no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.mark.usefixtures("no_proxy_environment")
def test_requests_go_through_the_given_proxy(server: ScriptedServer) -> None:
    server.script(Answer(200, CALL, JSON), Answer(201, b"", {"Location": "/v1/users/u-test/calls/c-2"}))
    with forward_proxy() as proxy, make_client(server.url, proxies={"http": proxy.url}) as client:
        assert client.calls.get("c-1").id == "c-1"
        assert client.create_call("+1", "+2") == "c-2"

    assert proxy.request_lines == [
        f"GET {server.url}/v1/users/u-test/calls/c-1 HTTP/1.1",
        f"POST {server.url}/v1/users/u-test/calls HTTP/1.1",
    ]
    assert [seen.method for seen in server.seen] == ["GET", "POST"]


@pytest.mark.usefixtures("no_proxy_environment")
def test_the_proxy_environment_is_read_once_at_creation(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.script(Answer(200, CALL, JSON), Answer(200, CALL, JSON))
    with forward_proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        with make_client(server.url) as client:
            monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")  # later changes are not seen
            client.calls.get("c-1")
        monkeypatch.delenv("HTTP_PROXY")
        with make_client(server.url) as direct:
            direct.calls.get("c-1")

    assert proxy.request_lines == [f"GET {server.url}/v1/users/u-test/calls/c-1 HTTP/1.1"]
    assert len(server.seen) == 2


@pytest.mark.usefixtures("no_proxy_environment", "clean_tls_environment")
def test_through_an_https_tunnel_the_proxy_never_sees_the_credentials(
    https_server: tuple[ScriptedServer, str], certificates: Certificates
) -> None:
    server, endpoint = https_server
    server.script(Answer(200, CALL, JSON))
    with (
        forward_proxy() as proxy,
        make_client(endpoint, proxies={"https": proxy.url}, verify=str(certificates.ca)) as client,
    ):
        assert client.calls.get("c-1").id == "c-1"

    port = endpoint.rpartition(":")[2]
    assert len(proxy.request_lines) == 1
    assert proxy.request_lines[0].startswith(f"CONNECT 127.0.0.1:{port} HTTP/")
    assert server.seen[0].headers["Authorization"] == f"Basic {BASIC}"
    for secret in SECRETS:
        assert secret.encode() not in b"".join(proxy.heads) + bytes(proxy.tunnelled)


@pytest.mark.usefixtures("no_proxy_environment")
def test_a_dead_proxy_is_a_connection_error(server: ScriptedServer) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    with (
        make_client(server.url, proxies={"http": dead}, max_retries=0) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.calls.get("c-1")

    assert_hidden(str(caught.value), "the proxy error")
    assert server.seen == []


# -- errors carry no request headers -------------------------------------------------------------------------


def test_status_errors_carry_the_answer_headers_not_the_request_headers(server: ScriptedServer) -> None:
    server.script(Answer(404, b'{"message": "gone"}', {**JSON, "Set-Cookie": "session=abc"}))
    with make_client(server.url) as client, pytest.raises(NotFoundError) as caught:
        client.calls.get("c-1")

    error = caught.value
    assert "Set-Cookie" not in error.headers and "set-cookie" not in {name.lower() for name in error.headers}
    assert_hidden(repr(vars(error)), "the error's attributes")
    restored = pickle.loads(pickle.dumps(error))
    assert isinstance(restored, NotFoundError) and restored.message == "gone"


# -- nothing reachable from an exception holds a credential -------------------------------------------------

PROXY_USER = "proxy-user"
PROXY_SECRET = "p-proxy-secret-5d2e"
PROXY_BASIC = base64.b64encode(f"{PROXY_USER}:{PROXY_SECRET}".encode()).decode()
PARTIAL_HEAD = head(200, {"Content-Length": "100", **JSON}) + b'{"id": "c-1", "st'

ERROR_KINDS: dict[str, tuple[Behaviour | None, type[BandwidthError]]] = {
    "refused": (None, APIConnectionError),
    "reset before the answer": (reset_after(), APIConnectionError),
    "reset mid-body": (reset_after(PARTIAL_HEAD), APIConnectionError),
    "stall before the answer": (hold_after(), APITimeoutError),
    "stall mid-body": (hold_after(PARTIAL_HEAD), APITimeoutError),
    "status": (answer(404, b'{"message": "gone"}', JSON), NotFoundError),
    "invalid JSON": (answer(200, b"<html>", JSON), APIResponseValidationError),
    "corrupt gzip": (
        answer(200, b"not gzip", {**JSON, "Content-Encoding": "gzip"}),
        APIResponseValidationError,
    ),
}
"""What the server does (None: nothing listens), and the error every operation raises for it."""

REACH_OPERATIONS: dict[str, Callable[[Client], object]] = {
    "calls.get": lambda client: client.calls.get("c-1"),
    "get_call": lambda client: client.get_call("c-1"),
    "calls.create": lambda client: client.calls.create(from_="+1", to="+2", fetch=False),
    "calls.list": lambda client: list(client.calls.list()),
}


@pytest.mark.usefixtures("no_proxy_environment")
@pytest.mark.parametrize("operation", list(REACH_OPERATIONS))
@pytest.mark.parametrize("kind", list(ERROR_KINDS))
@pytest.mark.parametrize("road", ["direct", "own session", "proxy"])
def test_no_credential_is_reachable_from_any_error(road: str, kind: str, operation: str) -> None:
    """Walk everything an SDK exception leads to (its chain, args, attributes, requests, pools, headers):
    neither the API credentials nor a proxy's are anywhere, and no URL with a password either."""
    behaviour, expected = ERROR_KINDS[kind]
    with misbehaving_server() as server:
        if behaviour is not None:
            server.then(behaviour)
        listening = server.url if behaviour is not None else f"http://127.0.0.1:{free_port()}"
        options: dict[str, object] = {"max_retries": 0, "timeout": 0.3}
        endpoint = listening
        if road == "own session":
            options["session"] = requests.Session()
        elif road == "proxy":
            endpoint = f"http://127.0.0.1:{free_port()}"  # the proxy (the server) answers in its place
            proxy = listening.replace("http://", f"http://{PROXY_USER}:{PROXY_SECRET}@")
            options["proxies"] = {"http": proxy}
        with make_client(endpoint, **options) as client, pytest.raises(BandwidthError) as caught:
            REACH_OPERATIONS[operation](client)

    error = caught.value
    assert isinstance(error, expected), repr(error)
    assert reachable_secrets(error, (*SECRETS, PROXY_SECRET, PROXY_BASIC)) == []
    if isinstance(error, APIConnectionError):
        assert error.__cause__ is not None, "the root cause is kept, as text and type"
        assert type(error.__cause__).__module__ in ("builtins", "socket", "ssl", "http.client", "zlib")
