"""The async transport and paginator against real loopback servers: what reaches the wire, the bounds
(timeouts, deadline, pool), closing, pagination, and the security properties the sync layers prove in
``test_security.py`` (credentials in no repr, log or error, nor reachable from one; TLS verified; proxies;
credentials to the API host only). Operations come from :mod:`bandwidth._core.endpoints`.

The tests run on anyio's pytest plugin (it comes with httpx), on asyncio.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import gzip
import logging
import pickle
import subprocess
import sys
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from loopback import Answer, ScriptedServer, scripted_server
from misbehaving import answer, free_port, head, misbehaving_server, reset_after, trickle
from reachable import reachable_secrets
from secure_servers import Certificates, forward_proxy, make_certificates
from test_security import (  # the fixtures are used by name
    ERROR_KINDS,
    HOSTILE_IDS,
    PROXY_BASIC,
    PROXY_SECRET,
    PROXY_USER,
    certificates,  # noqa: F401
    clean_tls_environment,  # noqa: F401
    https_server,  # noqa: F401
    no_proxy_environment,  # noqa: F401
    serving,
)

from bandwidth import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    BandwidthError,
    InvalidParameterError,
    NotFoundError,
    RateLimitError,
)
from bandwidth._async.pagination import AsyncPaginator, paginate
from bandwidth._async.transport import AsyncTransport
from bandwidth._core.endpoints import calls
from bandwidth._core.http import encode_query
from bandwidth.models import AsyncCall

pytestmark = pytest.mark.anyio

USER = "u-test"
TOKEN = "t-async-token-4c1d"
SECRET = "s-async-secret-e83a"
BASIC = base64.b64encode(f"{TOKEN}:{SECRET}".encode()).decode()
SECRETS = (TOKEN, SECRET, BASIC)
CALL = b'{"id": "c-1", "state": "active"}'
JSON = {"Content-Type": "application/json"}
CALLS = f"/v1/users/{USER}/calls"


def make(endpoint: str, **options: object) -> AsyncTransport:
    transport = AsyncTransport(
        user_id=USER,
        api_token=TOKEN,
        api_secret=SECRET,
        api_endpoint=endpoint,
        **options,  # type: ignore[arg-type]
    )
    transport.sleep = no_wait
    return transport


async def no_wait(seconds: float) -> None:
    pass


def assert_hidden(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{where} shows {secret!r}"


def page_of(*ids: str, link: str | None = None) -> Answer:
    body = ("[" + ",".join(f'{{"id": "{call_id}"}}' for call_id in ids) + "]").encode()
    return Answer(200, body, {**JSON, **({"Link": link} if link else {})})


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[ScriptedServer, ScriptedServer]]:
    """Two loopback servers for the module (stopping one takes half a second), cleared for each test."""
    with scripted_server() as first, scripted_server() as second:
        yield first, second


def cleared(server: ScriptedServer) -> ScriptedServer:
    with server._lock:
        server.answers.clear()
        server.seen.clear()
    return server


@pytest.fixture
def server(servers: tuple[ScriptedServer, ScriptedServer]) -> ScriptedServer:
    return cleared(servers[0])


@pytest.fixture
def other(servers: tuple[ScriptedServer, ScriptedServer]) -> ScriptedServer:
    """Another loopback server: somewhere credentials must never go."""
    return cleared(servers[1])


@pytest.fixture
async def transport(server: ScriptedServer) -> AsyncIterator[AsyncTransport]:
    async with make(server.url) as running:
        yield running


# -- what reaches the wire -----------------------------------------------------------------------------------


async def test_perform_sends_the_core_request_and_binds_the_result(
    server: ScriptedServer, transport: AsyncTransport
) -> None:
    server.script(Answer(200, CALL, JSON), Answer(201, b"", {"Location": f"{CALLS}/c-2"}))
    binding = object()

    call = await transport.perform(calls.get("c-1", model=AsyncCall), binding)
    created = await transport.perform(calls.create(from_="+1", to="+2", tag="t é"))

    assert call.id == "c-1" and call.__pydantic_private__ == {"transport": binding}
    assert created == "c-2"
    get, post = server.seen
    assert (get.method, get.path, get.body) == ("GET", f"{CALLS}/c-1", b"")
    assert get.headers["Authorization"] == f"Basic {BASIC}"
    assert get.headers["Accept"] == "application/json"
    assert get.headers["User-Agent"].startswith("bandwidth-python/") and "httpx/" in get.headers["User-Agent"]
    assert "Content-Type" not in get.headers
    assert (post.method, post.path, post.headers["Content-Type"]) == ("POST", CALLS, "application/json")
    assert post.body == '{"from":"+1","to":"+2","tag":"t é"}'.encode()


async def test_a_query_is_encoded_as_the_sync_transport_encodes_it(
    server: ScriptedServer, transport: AsyncTransport
) -> None:
    server.script(page_of("c-1"))
    listing = calls.list_calls(model=AsyncCall, from_="+1 919&x=y", to="ü/?#", page_size=5)

    assert [call.id async for call in paginate(transport, listing)] == ["c-1"]
    assert server.seen[0].path == f"{CALLS}?{encode_query(listing.request.query)}"


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
async def test_hostile_ids_reach_the_server_as_one_segment(
    server: ScriptedServer, transport: AsyncTransport, hostile: str
) -> None:
    server.script(Answer(200, CALL, JSON), Answer(200))
    await transport.perform(calls.get(hostile, model=AsyncCall))
    await transport.perform(calls.hangup(hostile))

    for seen in server.seen:
        assert seen.path.startswith(f"{CALLS}/"), seen.path
        segment = seen.path[len(CALLS) + 1 :]
        assert "/" not in segment and "?" not in segment and "#" not in segment
        assert segment.strip(".") != "", "a dot segment would be resolved away"
        assert all(0x21 <= ord(char) < 0x7F for char in segment), f"raw character in {segment!r}"
        assert unquote(segment) == hostile


async def test_a_gzip_answer_is_decoded(server: ScriptedServer, transport: AsyncTransport) -> None:
    server.script(Answer(200, gzip.compress(CALL), {**JSON, "Content-Encoding": "gzip"}))
    assert (await transport.perform(calls.get("c-1", model=AsyncCall))).id == "c-1"


async def test_connections_are_reused(server: ScriptedServer, transport: AsyncTransport) -> None:
    server.script(*[Answer(200, CALL, JSON)] * 3)
    for _ in range(3):
        await transport.perform(calls.get("c-1", model=AsyncCall))

    assert len({seen.client_port for seen in server.seen}) == 1


# -- bounds --------------------------------------------------------------------------------------------------


async def test_the_pool_holds_at_most_max_connections(server: ScriptedServer) -> None:
    """Forty tasks at once on a pool of three: they wait for a free connection instead of opening more."""
    server.script(*[Answer(200, CALL, JSON, delay=0.01)] * 40)
    async with make(server.url, max_connections=3) as transport:
        found = await asyncio.gather(
            *[transport.perform(calls.get("c-1", model=AsyncCall)) for _ in range(40)]
        )

    assert [call.id for call in found] == ["c-1"] * 40
    assert len({seen.client_port for seen in server.seen}) == 3


async def test_with_options_bounds_one_call_and_shares_the_pool(server: ScriptedServer) -> None:
    server.script(Answer(200, CALL, JSON), Answer(200, CALL, JSON, delay=1.0), Answer(200, CALL, JSON))
    async with make(server.url, timeout=5, max_retries=0) as transport:
        await transport.perform(calls.get("c-1", model=AsyncCall))
        quick = transport.with_options(timeout=0.2)
        assert (quick.timeout, quick.deadline) == ((0.2, 0.2), 0.4)
        assert (transport.timeout, transport.deadline) == ((5.0, 5.0), 10.0)
        with pytest.raises(APITimeoutError, match=r"timed out: no answer within 0\.2 s"):
            await quick.perform(calls.get("c-1", model=AsyncCall))
        await quick.aclose()  # a derived transport leaves the shared pool open
        await transport.perform(calls.get("c-1", model=AsyncCall))

    assert (
        len({seen.client_port for seen in (server.seen[0], server.seen[2])}) == 2
    )  # the timed-out one closed
    assert transport.with_options(deadline=3).deadline == 3
    assert transport.with_options(deadline=3).with_options(timeout=1).deadline == 3  # an explicit one stays
    with pytest.raises(InvalidParameterError, match="timeout"):
        transport.with_options(timeout=float("inf"))


async def test_the_deadline_cuts_off_a_trickled_body() -> None:
    with misbehaving_server() as server:
        server.then(trickle(head(200, {"Content-Length": "1000", **JSON}) + b'{"id"', interval=0.05))
        async with make(server.url, timeout=5) as transport:
            started = asyncio.get_running_loop().time()
            with pytest.raises(APITimeoutError, match=r"within the deadline of 0\.3 s"):
                await transport.with_options(deadline=0.3).perform(calls.get("c-1", model=AsyncCall))
            assert asyncio.get_running_loop().time() - started < 2

    assert len(server.requests) == 1  # an attempt that took its whole deadline is not retried


async def test_a_per_call_timeout(server: ScriptedServer) -> None:
    server.script(Answer(200, CALL, JSON, delay=1.0))
    async with make(server.url, max_retries=0) as transport:
        with pytest.raises(APITimeoutError, match=r"no answer within 0\.2 s"):
            await transport.request("GET", transport.url("calls", "c-1"), timeout=0.2)
        with pytest.raises(InvalidParameterError, match="timeout"):
            await transport.request("GET", transport.url("calls", "c-1"), timeout=0)


async def test_a_closed_transport_refuses_requests(server: ScriptedServer) -> None:
    transport = make(server.url)
    async with transport:
        pass
    await transport.aclose()  # closing twice is fine

    with pytest.raises(BandwidthError, match="closed"):
        await transport.perform(calls.get("c-1", model=AsyncCall))
    assert server.seen == []


async def test_retries_wait_as_the_server_asks_and_give_up_past_the_cap(server: ScriptedServer) -> None:
    server.script(
        Answer(429, b"{}", {"Retry-After": "2"}),
        Answer(200, CALL, JSON),
        Answer(429, b"{}", {"Retry-After": "3600"}),
    )
    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)

    async with make(server.url) as transport:
        transport.sleep = record
        assert (await transport.perform(calls.get("c-1", model=AsyncCall))).id == "c-1"
        with pytest.raises(RateLimitError):
            await transport.perform(calls.get("c-1", model=AsyncCall))

    assert slept == [2.0]
    assert len(server.seen) == 3


def test_import_bandwidth_does_not_load_httpx() -> None:
    code = (
        "import sys, bandwidth, bandwidth._async.transport, bandwidth._async.pagination\n"
        "loaded = sorted(name for name in ('httpx', 'httpcore', 'anyio', 'h11') if name in sys.modules)\n"
        "print(','.join(loaded))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == ""


# -- pagination ----------------------------------------------------------------------------------------------


async def test_pages_are_fetched_one_at_a_time(server: ScriptedServer, transport: AsyncTransport) -> None:
    server.script(page_of("c-1", "c-2", link=f'<{CALLS}?page=1>; rel="next"'), page_of("c-3"))
    paginator = paginate(transport, calls.list_calls(model=AsyncCall))
    assert server.seen == []  # nothing is sent until the walk starts

    pages = paginator.pages()
    first = await pages.__anext__()
    assert [call.id for call in first] == ["c-1", "c-2"] and len(server.seen) == 1
    assert first.response.headers["Link"] == f'<{CALLS}?page=1>; rel="next"'
    second = await pages.__anext__()
    assert [call.id for call in second] == ["c-3"]
    with pytest.raises(StopAsyncIteration):
        await pages.__anext__()
    assert [seen.path for seen in server.seen] == [CALLS, f"{CALLS}?page=1"]


async def test_limit_and_first_stop_early(server: ScriptedServer, transport: AsyncTransport) -> None:
    link = f'<{CALLS}?page=1>; rel="next"'
    server.script(
        page_of("c-1", "c-2", link=link), page_of("c-3", "c-4", link=link), page_of("c-5", link=link)
    )

    assert [call.id async for call in paginate(transport, calls.list_calls(model=AsyncCall, limit=3))] == [
        "c-1",
        "c-2",
        "c-3",
    ]
    first = await paginate(transport, calls.list_calls(model=AsyncCall)).first()
    assert first is not None and first.id == "c-5"
    assert len(server.seen) == 3


async def test_an_empty_list_and_a_parser_of_ones_own(
    server: ScriptedServer, transport: AsyncTransport
) -> None:
    server.script(Answer(200, b"[]", JSON), page_of("c-1", "c-2"))
    paginator = paginate(transport, calls.list_calls(model=AsyncCall))

    assert await paginator.first() is None
    ids = paginator.with_parser(lambda response: [item["id"] for item in response.json_list()])  # type: ignore[index,call-overload]
    assert [item async for item in ids] == ["c-1", "c-2"]
    assert isinstance(ids, AsyncPaginator)


@pytest.mark.parametrize(
    "target",
    [
        "{other}/v1/users/u-test/calls?page=2",  # another port
        "//127.0.0.1:{other_port}/v1/users/u-test/calls?page=2",  # scheme-relative
        "https://127.0.0.1:{port}/v1/users/u-test/calls?page=2",  # another scheme
        "http://localhost:{port}/v1/users/u-test/calls?page=2",  # another host name for the same server
    ],
)
async def test_a_next_link_elsewhere_is_refused(
    server: ScriptedServer, other: ScriptedServer, transport: AsyncTransport, target: str
) -> None:
    link = target.format(
        other=other.url, other_port=other.url.rpartition(":")[2], port=server.url.rpartition(":")[2]
    )
    server.script(page_of("c-1", link=f'<{link}>; rel="next"'))
    walk = paginate(transport, calls.list_calls(model=AsyncCall)).__aiter__()

    assert (await walk.__anext__()).id == "c-1"
    with pytest.raises(APIResponseValidationError, match="off the API host"):
        await walk.__anext__()
    assert other.seen == []


async def test_a_redirect_is_not_followed(
    server: ScriptedServer, other: ScriptedServer, transport: AsyncTransport
) -> None:
    server.script(Answer(302, b"", {"Location": f"{other.url}/steal"}))
    with pytest.raises(APIStatusError) as caught:
        await transport.perform(calls.get("c-1", model=AsyncCall))

    assert caught.value.status_code == 302
    assert other.seen == []


# -- credentials: reprs, pickles, logs -----------------------------------------------------------------------


async def test_reprs_hide_the_credentials(server: ScriptedServer, transport: AsyncTransport) -> None:
    server.script(page_of("c-1"))
    paginator = paginate(transport, calls.list_calls(model=AsyncCall))
    page = await paginator.pages().__anext__()
    for thing in (
        transport,
        transport.with_options(timeout=3),
        paginator,
        page,
        page.response,
        transport._pool,
    ):
        assert_hidden(repr(thing), f"repr of {type(thing).__name__}")
        assert_hidden(str(thing), f"str of {type(thing).__name__}")


async def test_what_holds_credentials_refuses_to_be_pickled(transport: AsyncTransport) -> None:
    for thing in (
        transport,
        transport.with_options(timeout=2),
        paginate(transport, calls.list_calls(model=AsyncCall)),
    ):
        with pytest.raises(TypeError) as caught:
            pickle.dumps(thing)
        assert_hidden(str(caught.value), "the pickling error")
    assert copy.copy(transport) is transport and copy.deepcopy(transport) is transport


async def test_debug_logs_of_a_whole_scenario_never_show_credentials(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every logger at DEBUG (the SDK's, its pool's, httpx's) over successes, retries, resets, errors."""
    caplog.set_level(logging.DEBUG)
    messages: list[str] = []
    with misbehaving_server() as server:
        server.then(
            answer(200, CALL, JSON),  # get
            answer(201, b"", {"Location": f"{CALLS}/c-2"}),  # create
            answer(503, b"busy"),  # get: retried ...
            reset_after(head(200, {"Content-Length": "100"}) + b'{"id"'),  # ... reset mid-body, retried ...
            answer(200, CALL, JSON),  # ... then fine
            answer(404, b'{"code": "call-not-found", "message": "no such call"}', JSON),
            answer(200, b"<html>not json</html>", {"Content-Type": "text/html"}),
            answer(429, b"{}", {"Retry-After": "3600"}),  # rate limited beyond the cap
            reset_after(),  # POST reset: not retried
        )
        async with make(server.url, timeout=0.5) as transport:
            await transport.perform(calls.get("c-1", model=AsyncCall))
            await transport.perform(calls.create(from_="+1", to="+2"))
            await transport.perform(calls.get("c-1", model=AsyncCall))
            for operation in (
                calls.get("c-1", model=AsyncCall),
                calls.get("c-1", model=AsyncCall),
                calls.get("c-1", model=AsyncCall),
                calls.hangup("c-1"),
            ):
                with pytest.raises(BandwidthError) as caught:
                    await transport.perform(operation)
                messages.append("".join(traceback.format_exception(caught.value)))
                logging.getLogger("test").exception("the SDK raised", exc_info=caught.value)
    async with make(f"http://127.0.0.1:{free_port()}") as refused:
        with pytest.raises(APIConnectionError) as caught:
            await refused.perform(calls.get("c-1", model=AsyncCall))
        logging.getLogger("test").exception("refused", exc_info=caught.value)

    logged = caplog.text
    assert "GET /v1/users/u-test/calls/c-1 -> 200" in logged
    assert "status 503; retrying" in logged and "connection broken while reading the answer" in logged
    assert any(record.name == "bandwidth.pool" for record in caplog.records)  # the connection pool's
    assert_hidden(logged, "the DEBUG log")
    for record in caplog.records:
        assert_hidden(record.getMessage(), f"a {record.name} log record")
    for text in messages:
        assert_hidden(text, "a traceback")


async def test_status_errors_carry_the_answer_headers_not_the_request_headers(
    server: ScriptedServer, transport: AsyncTransport
) -> None:
    server.script(Answer(404, b'{"message": "gone"}', {**JSON, "Set-Cookie": "session=abc"}))
    with pytest.raises(NotFoundError) as caught:
        await transport.perform(calls.get("c-1", model=AsyncCall))

    error = caught.value
    assert error.message == "gone" and error.headers["Content-Type"] == "application/json"
    assert "set-cookie" not in {name.lower() for name in error.headers}
    assert_hidden(repr(vars(error)), "the error's attributes")
    assert reachable_secrets(error, SECRETS) == []


# -- nothing reachable from an exception holds a credential -------------------------------------------------

OPERATIONS: dict[str, Callable[[AsyncTransport], Awaitable[object]]] = {
    "get": lambda transport: transport.perform(calls.get("c-1", model=AsyncCall)),
    "create": lambda transport: transport.perform(calls.create(from_="+1", to="+2")),
    "list": lambda transport: paginate(transport, calls.list_calls(model=AsyncCall)).first(),
}


@pytest.mark.usefixtures("no_proxy_environment")
@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("kind", list(ERROR_KINDS))
@pytest.mark.parametrize("road", ["direct", "proxy"])
async def test_no_credential_is_reachable_from_any_error(road: str, kind: str, operation: str) -> None:
    """Walk everything an SDK exception leads to (its chain, args, attributes): neither the API credentials
    nor a proxy's are anywhere, and no URL with a password either (httpx's errors hold the request)."""
    behaviour, expected = ERROR_KINDS[kind]
    with misbehaving_server() as server:
        if behaviour is not None:
            server.then(behaviour)
        listening = server.url if behaviour is not None else f"http://127.0.0.1:{free_port()}"
        options: dict[str, object] = {"max_retries": 0, "timeout": 0.3}
        endpoint = listening
        if road == "proxy":
            endpoint = f"http://127.0.0.1:{free_port()}"  # the proxy (the server) answers in its place
            options["proxies"] = {
                "http": listening.replace("http://", f"http://{PROXY_USER}:{PROXY_SECRET}@")
            }
        async with make(endpoint, **options) as transport:
            with pytest.raises(BandwidthError) as caught:
                await OPERATIONS[operation](transport)

    error = caught.value
    assert isinstance(error, expected), repr(error)
    assert reachable_secrets(error, (*SECRETS, PROXY_SECRET, PROXY_BASIC)) == []
    if isinstance(error, APIConnectionError):
        assert error.__context__ is None, "raised outside the handler of httpx's error"
        assert error.__cause__ is not None, "the root cause is kept, as text and type"
        assert type(error.__cause__).__module__ in ("builtins", "socket", "ssl", "zlib")


# -- TLS -----------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("clean_tls_environment")
async def test_tls_is_verified_by_default(https_server: tuple[ScriptedServer, str]) -> None:  # noqa: F811
    server, endpoint = https_server
    async with make(endpoint, max_retries=0) as transport:
        with pytest.raises(APIConnectionError) as caught:
            await transport.perform(calls.get("c-1", model=AsyncCall))

    assert not isinstance(caught.value, APITimeoutError)
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
    assert server.seen == []  # the request, and its Authorization header, never left
    assert reachable_secrets(caught.value, SECRETS) == []


@pytest.mark.usefixtures("clean_tls_environment")
async def test_a_custom_ca_bundle_is_trusted(
    https_server: tuple[ScriptedServer, str],  # noqa: F811
    certificates: Certificates,  # noqa: F811
) -> None:
    server, endpoint = https_server
    server.script(Answer(200, CALL, JSON))
    async with make(endpoint, verify=str(certificates.ca)) as transport:
        assert (await transport.perform(calls.get("c-1", model=AsyncCall))).id == "c-1"

    assert server.seen[0].headers["Authorization"] == f"Basic {BASIC}"


async def test_the_ca_bundle_from_the_environment_is_read_at_creation(
    https_server: tuple[ScriptedServer, str],  # noqa: F811
    certificates: Certificates,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, endpoint = https_server
    server.script(Answer(200, CALL, JSON))
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificates.ca))
    async with make(endpoint) as transport:
        monkeypatch.delenv("REQUESTS_CA_BUNDLE")
        assert (await transport.perform(calls.get("c-1", model=AsyncCall))).id == "c-1"


@pytest.mark.usefixtures("clean_tls_environment")
async def test_a_certificate_for_another_host_is_refused(tmp_path: Path) -> None:
    made = make_certificates(tmp_path, hosts=("api.example.test",))
    if made is None:
        pytest.skip("neither the cryptography package nor the openssl command is available")
    import ssl

    server = ScriptedServer()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(made.cert, made.key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    with serving(server):
        endpoint = f"https://127.0.0.1:{server.url.rpartition(':')[2]}"
        async with make(endpoint, verify=str(made.ca), max_retries=0) as transport:
            with pytest.raises(APIConnectionError, match=r"match|not valid for"):
                await transport.perform(calls.get("c-1", model=AsyncCall))

    assert server.seen == []


def test_a_ca_bundle_that_is_not_there_is_refused_at_once(tmp_path: Path) -> None:
    with pytest.raises(InvalidParameterError, match="verify"):
        make("https://127.0.0.1:1", verify=str(tmp_path / "missing.pem"))


# -- proxies -------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_proxy_environment")
async def test_requests_go_through_the_given_proxy(server: ScriptedServer) -> None:
    server.script(Answer(200, CALL, JSON), Answer(201, b"", {"Location": f"{CALLS}/c-2"}))
    with forward_proxy() as proxy:
        async with make(server.url, proxies={"http": proxy.url}) as transport:
            assert (await transport.perform(calls.get("c-1", model=AsyncCall))).id == "c-1"
            assert await transport.perform(calls.create(from_="+1", to="+2")) == "c-2"

    assert proxy.request_lines == [
        f"GET {server.url}{CALLS}/c-1 HTTP/1.1",
        f"POST {server.url}{CALLS} HTTP/1.1",
    ]


@pytest.mark.usefixtures("no_proxy_environment")
async def test_the_proxy_environment_is_read_once_at_creation(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.script(Answer(200, CALL, JSON), Answer(200, CALL, JSON))
    with forward_proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        async with make(server.url) as transport:
            monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")  # later changes are not seen
            await transport.perform(calls.get("c-1", model=AsyncCall))
        monkeypatch.delenv("HTTP_PROXY")
        async with make(server.url) as direct:
            await direct.perform(calls.get("c-1", model=AsyncCall))

    assert proxy.request_lines == [f"GET {server.url}{CALLS}/c-1 HTTP/1.1"]
    assert len(server.seen) == 2


@pytest.mark.usefixtures("no_proxy_environment", "clean_tls_environment")
async def test_through_an_https_tunnel_the_proxy_never_sees_the_credentials(
    https_server: tuple[ScriptedServer, str],  # noqa: F811
    certificates: Certificates,  # noqa: F811
) -> None:
    server, endpoint = https_server
    server.script(Answer(200, CALL, JSON))
    with forward_proxy() as proxy:
        async with make(endpoint, proxies={"https": proxy.url}, verify=str(certificates.ca)) as transport:
            assert (await transport.perform(calls.get("c-1", model=AsyncCall))).id == "c-1"

    port = endpoint.rpartition(":")[2]
    assert len(proxy.request_lines) == 1
    assert proxy.request_lines[0].startswith(f"CONNECT 127.0.0.1:{port} HTTP/")
    assert server.seen[0].headers["Authorization"] == f"Basic {BASIC}"
    for secret in SECRETS:
        assert secret.encode() not in b"".join(proxy.heads) + bytes(proxy.tunnelled)


@pytest.mark.usefixtures("no_proxy_environment")
async def test_a_dead_proxy_is_a_connection_error(server: ScriptedServer) -> None:
    dead = f"http://{PROXY_USER}:{PROXY_SECRET}@127.0.0.1:{free_port()}"
    async with make(server.url, proxies={"http": dead}, max_retries=0) as transport:
        with pytest.raises(APIConnectionError) as caught:
            await transport.perform(calls.get("c-1", model=AsyncCall))

    assert reachable_secrets(caught.value, (*SECRETS, PROXY_SECRET, PROXY_BASIC)) == []
    assert server.seen == []
