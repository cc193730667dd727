"""The sans-I/O core on its own: endpoints describe requests, parsers bind to any binding, retry and link
decisions are pure, and no core module imports an HTTP library or the I/O layers."""

from __future__ import annotations

import ast
import email.utils
import gzip
import tracemalloc
import zlib
from pathlib import Path

import pytest

from bandwidth import APIResponseValidationError, Call, InvalidParameterError, NotFoundError
from bandwidth._core import links, retry
from bandwidth._core.body import BodyReader
from bandwidth._core.endpoints import bridges, calls, recordings
from bandwidth._core.errors import status_error
from bandwidth._core.http import Request, Response, account_url, json_depth_within
from bandwidth._core.links import next_page

CORE = Path(__file__).resolve().parent.parent / "bandwidth" / "_core"
ORIGIN = "https://api.example"
BASE = f"{ORIGIN}/v1/users/u-1"
NOW = 1_700_000_000


def answer(status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> Response:
    return Response("GET", f"{BASE}/calls", status, headers or {}, body)


# -- endpoints -----------------------------------------------------------------------------------------------


def test_an_endpoint_describes_its_request_with_raw_ids() -> None:
    operation = calls.hangup("a/b?c")

    assert operation.request == Request("POST", ("calls", "a/b?c"), body={"state": "completed"})
    assert account_url(BASE, operation.request.path) == f"{BASE}/calls/a%2Fb%3Fc"


def test_parameters_are_checked_before_any_request_exists() -> None:
    with pytest.raises(InvalidParameterError) as info:
        calls.create(from_="+1", to="+2", call_timeout=0)
    assert info.value.parameter == "call_timeout"

    with pytest.raises(InvalidParameterError) as info:
        bridges.create(call_ids=["c-1", "c-2", "c-3"])
    assert info.value.parameter == "call_ids"


def test_a_parser_binds_the_result_to_whatever_binding_it_is_given() -> None:
    binding = object()
    call = calls.get("c-1", model=Call).parse(answer(body=b'{"id": "c-1", "state": "active"}'), binding)

    assert isinstance(call, Call) and call.id == "c-1"
    assert call.is_bound and call._transport is binding


def test_a_create_reads_the_new_id_from_location() -> None:
    operation = recordings.create_transcription("rec-1")
    created = answer(201, headers={"Location": f"{BASE}/recordings/rec-1/transcriptions/tr-9"})

    assert operation.request == Request("POST", ("recordings", "rec-1", "transcriptions"), body={})
    assert operation.parse(created, None) == "tr-9"


def test_a_listing_carries_its_query_and_limit() -> None:
    listing = calls.list_calls(model=Call, page_size=50, sort_order="asc", limit=120)

    assert listing.request == Request("GET", ("calls",), {"size": 50, "sortOrder": "asc"})
    assert listing.limit == 120
    assert listing.parse(answer(body=b"null"), None) == []


# -- errors --------------------------------------------------------------------------------------------------


def test_an_error_answer_maps_to_its_exception_with_the_documented_fields() -> None:
    body = b'{"category": "not-found", "code": "call-not-found", "message": "no such call"}'
    error = status_error(answer(404, body, {"Set-Cookie": "s=1", "X-Id": "7"}))

    assert isinstance(error, NotFoundError)
    assert (error.code, error.message, error.category) == ("call-not-found", "no such call", "not-found")
    assert error.headers == {"X-Id": "7"}


# -- retry ---------------------------------------------------------------------------------------------------


def test_only_idempotent_requests_are_retried_once_they_left() -> None:
    assert retry.may_retry("POST", sent=False)
    assert not retry.may_retry("POST", sent=True)
    assert retry.may_retry("GET", sent=True)
    assert retry.retry_answer("GET", 503) and not retry.retry_answer("POST", 503)
    assert not retry.retry_answer("GET", 500)
    assert retry.retry_answer("GET", 413, retry_after=True) and not retry.retry_answer("GET", 413)


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"Retry-After": "7"}, 7),
        ({"Retry-After": email.utils.formatdate(NOW + 12, usegmt=True)}, 12),
        ({"X-RateLimit-Reset": str((NOW + 5) * 1000)}, 5),  # epoch milliseconds, as documented
        ({"X-RateLimit-Reset": str(NOW + 3)}, 3),  # epoch seconds
        ({"Retry-After": "soon", "X-RateLimit-Reset": str(NOW + 2)}, 2),
        ({"X-RateLimit-Reset": str(NOW - 1)}, 0),  # already past
        ({"Retry-After": "1.5"}, None),
        ({}, None),
    ],
)
def test_the_wait_the_server_asks_for(headers: dict[str, str], wait: float | None) -> None:
    assert retry.server_wait(headers, now=NOW) == wait


def test_a_wait_beyond_the_cap_is_given_up_and_backoff_doubles_up_to_it() -> None:
    assert retry.too_long(retry.MAX_RETRY_WAIT + 1) and not retry.too_long(retry.MAX_RETRY_WAIT)
    assert not retry.too_long(None)
    assert [retry.backoff(failures, 0.0) for failures in range(1, 9)] == [0, 1, 2, 4, 8, 16, 30, 30]
    assert retry.backoff(2, 0.999) < 1 + retry.BACKOFF_JITTER
    assert retry.wait_before_retry(3, 5, 0.0) == 3 and retry.wait_before_retry(None, 3, 0.0) == 2


def test_attempts_spend_one_budget_on_answers_and_failures_alike() -> None:
    attempts = retry.Attempts("get", 3)
    assert attempts.after_answer(503, {}, NOW, 0.0) == 0  # the first retry backs off not at all
    assert attempts.after_failure(sent=True, jitter=0.0) == 1  # a GET that left may go again
    assert attempts.after_answer(429, {"Retry-After": "7"}, NOW, 0.0) == 7  # the server's wait wins
    assert attempts.after_answer(503, {}, NOW, 0.0) is None  # three retries spent: the answer is raised
    assert attempts.after_failure(sent=False, jitter=0.0) is None


@pytest.mark.parametrize(
    ("method", "status", "headers"),
    [
        ("GET", 500, {}),  # not a "try again" status
        ("GET", 413, {}),  # only with Retry-After
        ("POST", 503, {}),  # a POST that got an answer reached the server
        ("GET", 429, {"Retry-After": str(int(retry.MAX_RETRY_WAIT) + 1)}),  # too long a wait: raised at once
        ("GET", 429, {"X-RateLimit-Reset": str((NOW + 3600) * 1000)}),
    ],
)
def test_attempts_hand_out_answers_not_to_retry(method: str, status: int, headers: dict[str, str]) -> None:
    assert retry.Attempts(method, 2).after_answer(status, headers, NOW, 0.0) is None


def test_attempts_retry_a_post_only_when_it_never_left() -> None:
    assert retry.Attempts("POST", 2).after_failure(sent=True, jitter=0.0) is None
    attempts = retry.Attempts("POST", 2)
    waits = [attempts.after_failure(sent=False, jitter=0.5) for _ in range(3)]
    assert waits == [0, 1 + 0.5 * retry.BACKOFF_JITTER, None]
    assert retry.Attempts("GET", 2).after_answer(413, {"Retry-After": "1"}, NOW, 0.0) == 1
    assert retry.Attempts("GET", 0).after_failure(sent=False, jitter=0.0) is None


# -- links ---------------------------------------------------------------------------------------------------


def test_next_page_resolves_relative_links_and_refuses_other_hosts_and_loops() -> None:
    seen: set[str] = set()
    first = answer(headers={"Link": '</v1/users/u-1/calls?page=1>; rel="next"'})
    assert next_page(first, ORIGIN, seen) == f"{BASE}/calls?page=1"
    assert next_page(answer(), ORIGIN, set()) is None

    off_host = answer(headers={"Link": '<https://elsewhere.example/calls?page=1>; rel="next"'})
    with pytest.raises(APIResponseValidationError, match="off the API host"):
        next_page(off_host, ORIGIN, set())

    looping = answer(headers={"Link": f'<{BASE}/calls>; rel="next"'})
    with pytest.raises(APIResponseValidationError, match="already read"):
        next_page(looping, ORIGIN, set())


@pytest.mark.parametrize(
    ("first", "link"),
    [
        (f"{BASE}/calls", f"{BASE}/calls#again"),  # a fragment is never sent
        (f"{BASE}/calls#a", f"{BASE}/calls#b"),
        (f"{BASE}/calls?page=1&size=2", f"{BASE}/calls?size=2&page=1"),  # the order of the query
        (f"{BASE}/calls?page=1", f"{BASE}/calls?page=1&page=1"),  # a pair repeated
        (f"{BASE}/calls?page=1", f"{BASE}/calls?page=%31&"),  # percent-encoding, an empty pair
        (f"{BASE}/calls?to=%2B1", f"{BASE}/calls?to=%2b1"),
        (f"{BASE}/calls", "HTTPS://API.EXAMPLE:443/v1/users/u-1/calls"),  # case of scheme and host, port
        (f"{BASE}/calls", f"{BASE}/x/../calls"),  # dot segments
    ],
)
def test_a_next_link_to_the_page_just_read_is_a_loop_however_it_is_spelled(first: str, link: str) -> None:
    page = Response("GET", first, 200, {"Link": f'<{link}>; rel="next"'}, b"[]")
    with pytest.raises(APIResponseValidationError, match="already read"):
        next_page(page, ORIGIN, set())


@pytest.mark.parametrize(
    "link",
    [
        f"{BASE}/calls?page=2",
        f"{BASE}/calls?page=1&size=3",
        f"{BASE}/calls?page=1&x=",  # a blank value is a value
        f"{BASE}/calls?page=1%262",  # an encoded "&" is data, not a separator
        f"{BASE}/calls/?page=1",
        f"{BASE}/Calls?page=1",
    ],
)
def test_a_next_link_to_another_page_is_followed(link: str) -> None:
    page = Response("GET", f"{BASE}/calls?page=1", 200, {"Link": f'<{link}>; rel="next"'}, b"[]")
    assert next_page(page, ORIGIN, set()) == link


def test_a_walk_reads_at_most_max_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Links that differ in a parameter the server ignores cannot be told from new pages: a cap ends them."""
    monkeypatch.setattr(links, "MAX_PAGES", 5)
    seen: set[str] = set()

    def page(number: int) -> Response:
        link = f'<{BASE}/calls?x={number + 1}>; rel="next"'
        return Response("GET", f"{BASE}/calls?x={number}", 200, {"Link": link}, b"[]")

    assert [next_page(page(number), ORIGIN, seen) for number in range(4)] == [
        f"{BASE}/calls?x={number}" for number in range(1, 5)
    ]
    with pytest.raises(APIResponseValidationError, match="more than 5 pages"):
        next_page(page(4), ORIGIN, seen)


@pytest.mark.parametrize(
    "header",
    [
        "<" * 16_000,
        "<a>" + ";" * 16_000,
        '<a>; rel="' + "x" * 16_000,
        "<a>; rel=" + "'" * 16_000,
        "<a" + ">" * 16_000,
        "<a>;" + " rel=next;" * 1_500,
    ],
)
def test_the_link_parser_reads_any_header_up_to_its_bound(header: str) -> None:
    """Adversarial shapes (the old regex took seconds on some); the parser never fails on them."""
    assert isinstance(links.parse_links(header), dict)


def test_a_link_header_past_the_bound_is_refused() -> None:
    page = answer(headers={"Link": "<" * (links.MAX_LINK_HEADER + 1)})
    with pytest.raises(APIResponseValidationError, match="Link header is too long"):
        page.links()
    with pytest.raises(APIResponseValidationError, match="Link header is too long"):
        next_page(page, ORIGIN, set())


# -- the layering rule ---------------------------------------------------------------------------------------

IO_LIBRARIES = {"requests", "urllib3", "httpx", "socket", "ssl", "http.client", "aiohttp", "asyncio"}
IO_LAYERS = {"bandwidth._sync", "bandwidth._async", "bandwidth._client", "bandwidth._legacy"}


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved (TYPE_CHECKING blocks included)."""
    package = "bandwidth." + ".".join(path.relative_to(CORE.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda path: str(path.relative_to(CORE)))
def test_the_core_does_no_io(path: Path) -> None:
    imported = _imports(path)
    io = {
        name
        for name in imported
        for banned in IO_LIBRARIES | IO_LAYERS
        if (name + ".").startswith(banned + ".")
    }
    assert not io, f"{path.name} imports {sorted(io)}"


# -- JSON nesting --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "within"),
    [
        (b"", True),
        (b'{"id": "c-1"}', True),
        (b"[" * 64 + b"]" * 64, True),
        (b"[" * 65 + b"]" * 65, False),
        (b"[" + b"{}," * 10_000 + b"[]]", True),  # wide, not deep
        (b'{"a": [' * 32 + b"1" + b"]}" * 32, True),  # 64 levels, alternating
        (b'{"a": [' * 32 + b"[]" + b"]}" * 32, False),
        (b'{"tag": "' + b"[" * 1000 + b'"}', True),  # brackets in a string are text
        (b'{"tag": "\\"' + b"{" * 1000 + b'"}', True),  # ... after an escaped quote too
        (
            b'{"tag": "\\\\", "x": ' + b"[" * 70 + b"]" * 70 + b"}",
            False,
        ),  # an escaped backslash ends no string
        (b"[" * 65, False),  # not JSON, and deep: refused the same way
        (b"[[[]" * 40, False),
        (b"]]]][[[[", True),  # not JSON, shallow: left for the decoder to refuse
    ],
)
def test_json_nesting_is_bounded_before_decoding(content: bytes, within: bool) -> None:
    assert json_depth_within(content) is within


def test_an_error_answer_nesting_too_deep_keeps_its_text() -> None:
    error = status_error(answer(500, b"[" * 100 + b"]" * 100))
    assert error.message.startswith("[[[[") and error.code == "500"


# -- the body reader -----------------------------------------------------------------------------------------

PAYLOAD = b'{"id": "c-1", "state": "active"}' * 500


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def read(data: bytes, headers: dict[str, str], *, limit: int = 1 << 20, piece: int = 100) -> bytes:
    reader = BodyReader("GET", f"{BASE}/calls", 200, headers, limit=limit)
    for start in range(0, len(data), piece):
        reader.feed(data[start : start + piece])
    return reader.body()


@pytest.mark.parametrize(
    ("encoded", "coding"),
    [
        (PAYLOAD, ""),
        (PAYLOAD, "identity"),
        (gzip.compress(PAYLOAD, mtime=0), "gzip"),
        (gzip.compress(PAYLOAD, mtime=0), "x-gzip"),
        (zlib.compress(PAYLOAD), "deflate"),  # as the standard has it
        (_raw_deflate(PAYLOAD), "deflate"),  # as some servers send it
        (zlib.compress(gzip.compress(PAYLOAD, mtime=0)), "gzip, deflate"),  # applied in that order
    ],
)
def test_the_body_reader_undoes_each_content_encoding(encoded: bytes, coding: str) -> None:
    assert read(encoded, {"Content-Encoding": coding} if coding else {}) == PAYLOAD


@pytest.mark.parametrize("coding", ["", "gzip"])
def test_the_body_reader_takes_the_cap_and_refuses_one_byte_more(coding: str) -> None:
    def encoded(data: bytes) -> bytes:
        return gzip.compress(data) if coding else data

    headers = {"Content-Encoding": coding} if coding else {}
    assert read(encoded(PAYLOAD), headers, limit=len(PAYLOAD)) == PAYLOAD
    with pytest.raises(APIResponseValidationError, match="too large"):
        read(encoded(PAYLOAD), headers, limit=len(PAYLOAD) - 1)


def test_a_gzip_bomb_is_inflated_only_up_to_the_cap() -> None:
    bomb = gzip.compress(b" " * (64 << 20))  # 64 MiB in about 64 KB
    tracemalloc.start()
    try:
        with pytest.raises(APIResponseValidationError, match="too large"):
            read(bomb, {"Content-Encoding": "gzip"}, limit=1 << 20, piece=65536)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20


def test_a_body_announced_past_the_cap_is_refused_before_any_piece() -> None:
    with pytest.raises(APIResponseValidationError, match="too large"):
        BodyReader("GET", BASE, 200, {"Content-Length": str(1 << 30)})


@pytest.mark.parametrize(
    ("data", "coding", "match"),
    [
        (b"this is not gzip", "gzip", "could not be decoded: Error -3"),
        (b"\xff\xfe", "deflate", "could not be decoded"),
        (b"{}", "br", "unsupported Content-Encoding 'br'"),
    ],
)
def test_a_body_that_cannot_be_decoded_is_a_validation_error(data: bytes, coding: str, match: str) -> None:
    with pytest.raises(APIResponseValidationError, match=match) as caught:
        read(data, {"Content-Encoding": coding})
    assert caught.value.__context__ is None or type(caught.value.__context__).__module__ == "zlib"


def test_a_body_decoded_by_the_library_is_only_counted() -> None:
    reader = BodyReader("GET", BASE, 200, {"Content-Encoding": "gzip"}, decoded=True)
    reader.feed(PAYLOAD)
    assert reader.body() == PAYLOAD
