"""The sync transport's adapter road: a caller's session, proxies and media downloads, over requests.

Loaded the first time a transport needs that road (:attr:`Transport.session
<bandwidth._sync.transport.Transport.session>`, a proxy, a URL off the direct road, a download): a client
that only talks to the API host directly never imports requests or urllib3. Here:

- the SDK's own ``requests.Session`` (:func:`own_session`), its adapter (:class:`DeadlineAdapter`) mounting
  urllib3 pools that read every answer within its attempt's deadline (:mod:`.deadline`), urllib3 retrying
  before the headers as the core decides (:mod:`.retrying`);
- sending (:func:`exchange`, :func:`stream`), reading each body within a size cap and a deadline
  (:func:`read_body`), failures mapped in :mod:`.failures`;
- closing the session's pools (:func:`close_pools`) and copying a download (:func:`write_stream`).
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Mapping
from functools import partial
from http.client import HTTPException
from typing import IO, TYPE_CHECKING, Any, Final, TypeAlias

import requests
import requests.adapters
from requests.structures import CaseInsensitiveDict
from urllib3 import ProxyManager
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.response import BaseHTTPResponse
from urllib3.util import Timeout
from urllib3.util.retry import Retry

from .._core import retry as retry_rules
from .._core.body import BodyReader
from .._core.errors import status_error
from .._core.exchange import retrying
from .._core.http import MAX_RESPONSE_BYTES, Response
from .._exceptions import APIConnectionError, APITimeoutError, BandwidthError
from .deadline import Attempt, DeadlineResponse, HeadersDeadlineResponse
from .failures import READ_ERRORS, connection_error, deadline_message, plain_cause, read_error, root_cause
from .retrying import RetryPolicy, retry_after_broken_body
from .waits import RetryClock

if TYPE_CHECKING:
    from .transport import Transport

__all__ = [
    "AttemptTimeout",
    "DeadlineAdapter",
    "close_pools",
    "exchange",
    "own_session",
    "read_body",
    "retry_policy",
    "stream",
    "write_stream",
]

_READ_CHUNK: Final = 256 * 1024

Raw: TypeAlias = "requests.Response | BaseHTTPResponse"
"""An answer with its headers read and its body not yet: requests' or urllib3's."""


class AttemptTimeout(Timeout):
    """urllib3's timeout whose ``total`` is the deadline of one attempt (each retry gets its own)."""

    def __init__(self, connect: float, read: float, total: float, *, body: bool = True) -> None:
        super().__init__(connect=connect, read=read, total=total)
        self.seconds = (connect, read, total)
        self.body = body

    @classmethod
    def of(cls, attempt: Attempt) -> AttemptTimeout:
        return cls(*attempt.seconds, body=attempt.body)

    def clone(self) -> AttemptTimeout:
        """A copy not yet started (urllib3 clones per attempt); the values were checked when this was made."""
        clone = object.__new__(AttemptTimeout)
        clone.__dict__.update(self.__dict__)
        clone._start_connect = None
        return clone


def _arm(connection: Any, timeout: object) -> None:
    """Give ``connection`` the response class for this attempt: its deadline starts now."""
    total = timeout.total if isinstance(timeout, Timeout) else None
    if isinstance(total, int | float):
        response = DeadlineResponse if getattr(timeout, "body", True) else HeadersDeadlineResponse
        connection.response_class = partial(response, deadline=time.monotonic() + total)
    else:
        connection.response_class = http.client.HTTPResponse


class _HTTPPool(HTTPConnectionPool):
    def _make_request(self, conn: Any, method: str, url: str, *args: Any, **kwargs: Any) -> BaseHTTPResponse:
        _arm(conn, kwargs.get("timeout"))
        return super()._make_request(conn, method, url, *args, **kwargs)


class _HTTPSPool(HTTPSConnectionPool):
    def _make_request(self, conn: Any, method: str, url: str, *args: Any, **kwargs: Any) -> BaseHTTPResponse:
        _arm(conn, kwargs.get("timeout"))
        return super()._make_request(conn, method, url, *args, **kwargs)


_POOL_CLASSES: Final = {"http": _HTTPPool, "https": _HTTPSPool}


def _close_pool(pool: HTTPConnectionPool) -> None:
    pool.close()


class DeadlineAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter whose pools read every answer within its attempt's deadline (an AttemptTimeout).

    A pool pushed out of the manager's cache (more hosts than ``pool_connections``) is closed at once.
    SOCKS proxies keep urllib3's own pools (and per-read timeouts only).
    """

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOL_CLASSES
        self.poolmanager.pools.dispose_func = _close_pool

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        known = proxy in self.proxy_manager
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not known and isinstance(manager, ProxyManager):
            manager.pool_classes_by_scheme = _POOL_CLASSES
            manager.pools.dispose_func = _close_pool
        return manager


# -- the SDK's own session -----------------------------------------------------------------------------------


def retry_policy(max_retries: int, timing: RetryClock) -> RetryPolicy:
    """The pool's retry policy: ``max_retries`` attempts more, spent as the core's rules decide, waiting
    with the transport's sleep and clock (``timing``, shared with its direct road)."""
    return RetryPolicy(
        total=max_retries,
        connect=max_retries,
        read=max_retries,
        status=max_retries,
        other=0,
        allowed_methods=retry_rules.RETRY_METHODS,
        status_forcelist=retry_rules.RETRY_STATUSES,
        backoff_factor=retry_rules.BACKOFF_FACTOR,
        backoff_max=retry_rules.MAX_RETRY_WAIT,
        backoff_jitter=retry_rules.BACKOFF_JITTER,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
        timing=timing,
    )


def own_session(
    *, proxies: Mapping[str, str], verify: bool | str, max_connections: int, retries: Retry
) -> requests.Session:
    """The SDK's own session: the proxies and CA bundle the transport resolved (the environment read once,
    when it was made, not on every request), pools bounded by ``max_connections``."""
    session = requests.Session()
    session.trust_env = False
    session.proxies.update(proxies)
    session.verify = verify
    adapter = DeadlineAdapter(
        pool_connections=2,
        pool_maxsize=max_connections,
        max_retries=retries,
        pool_block=True,  # a bound: more threads wait for a free connection instead of opening more
    )
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def close_pools(session: requests.Session) -> None:
    """Close every connection pool of the session's adapters: direct ones and those through proxies."""
    for adapter in session.adapters.values():
        if not isinstance(adapter, requests.adapters.HTTPAdapter):
            continue
        for manager in (adapter.poolmanager, *adapter.proxy_manager.values()):
            pools = manager.pools
            for key in pools.keys():  # noqa: SIM118 - the container cannot be iterated itself
                pool = pools.get(key)
                if pool is not None:
                    pool.close()


# -- sending and reading -------------------------------------------------------------------------------------


def exchange(
    transport: Transport,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    attempt: Attempt,
) -> Response:
    """Send a request and read its whole answer, each attempt within its deadline.

    urllib3 retries what happens before the answer's headers; an idempotent request whose body then breaks
    off (reset, stall) is retried here, on the same retry budget and backoff. An attempt whose deadline
    passed is not retried.
    """
    timeout = AttemptTimeout.of(attempt)
    retry: Retry | None = None
    seconds = attempt.seconds[2]
    while True:
        raw = _send(transport, method, url, headers, body, timeout, stream=True)
        try:
            content = read_body(raw, method, url, seconds)
        except READ_ERRORS as error:
            failure = read_error(error, _status(raw), method, url, seconds)
            reader = raw.raw if isinstance(raw, requests.Response) else raw
            retry = retry_after_broken_body(retry, reader, method, url, error, failure)
        else:
            return Response(method, url, _status(raw), raw.headers, content)
        if retry is None or not isinstance(failure, APIConnectionError):
            raise failure  # outside the handler: nothing of the library's error is chained to it
        retrying(method, url, failure.message)
        retry.sleep()


def stream(transport: Transport, url: str, headers: Mapping[str, str], attempt: Attempt) -> requests.Response:
    """GET ``url`` as a stream (for media downloads); the caller closes the response."""
    raw = _send(transport, "GET", url, headers, None, AttemptTimeout.of(attempt), stream=True)
    if raw.status_code < 300:
        return raw
    try:
        content = read_body(raw, "GET", url, attempt.seconds[2])
    except READ_ERRORS as error:
        failure: BandwidthError = read_error(error, _status(raw), "GET", url, attempt.seconds[2])
    else:
        failure = status_error(Response("GET", url, raw.status_code, raw.headers, content))
    raw.close()
    raise failure


def _send(
    transport: Transport,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    timeout: AttemptTimeout,
    *,
    stream: bool,
) -> requests.Response:
    """One request through the session's adapter (urllib3 retrying before the headers).

    A caller's session gets the (connect, read) pair, as requests documents it: its adapters and pools
    are its own, so the deadline there bounds the body alone (:func:`read_body`).
    """
    session = transport.session
    try:
        if transport._owns_session:
            return _send_prepared(transport, session, method, url, headers, body, timeout, stream=stream)
        return session.request(
            method,
            url,
            headers=dict(headers),
            data=body,
            timeout=(timeout.seconds[0], timeout.seconds[1]),
            stream=stream,
            allow_redirects=False,
        )
    except (requests.exceptions.RequestException, Urllib3Error, HTTPException, OSError) as error:
        failure = connection_error(error, method, url, timeout.seconds[2])
    raise failure  # outside the handler: the request (and its Authorization header) stays behind


def _send_prepared(
    transport: Transport,
    session: requests.Session,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    timeout: AttemptTimeout,
    *,
    stream: bool,
) -> requests.Response:
    # Our own session has no cookies, hooks or per-request environment to merge, so the request is
    # prepared directly and handed to the adapter: Session.request would redo that work every time.
    prepared = requests.PreparedRequest()
    prepared.method = method
    prepared.url = url
    prepared.headers = CaseInsensitiveDict(headers)
    if body is not None:
        prepared.headers["Content-Length"] = str(len(body))
    prepared.body = body
    adapter = session.get_adapter(url)
    return adapter.send(  # requests takes urllib3's Timeout too (its stubs say a pair)
        prepared,
        stream=stream,
        timeout=timeout,  # type: ignore[arg-type]
        verify=transport._verify,
        proxies=transport._proxies,
    )


def read_body(raw: Raw, method: str, url: str, deadline: float) -> bytes:
    """The whole (decoded) body of a streamed answer, within MAX_RESPONSE_BYTES and the deadline.

    Every wait for data is bounded by the socket's read timeout, and on the SDK's own pools every read by
    what is left of the attempt's deadline (:mod:`.deadline`). On other pools (a caller's session) the body
    must arrive within ``deadline`` seconds of its headers, so a server trickling a byte at a time cannot hold
    a call forever there either.
    Failures of the libraries underneath (:data:`~bandwidth._sync.failures.READ_ERRORS`) pass through, for
    :func:`~bandwidth._sync.failures.read_error`.
    """
    reader_stream = raw.raw if isinstance(raw, requests.Response) else raw
    complete = False
    try:
        reader = BodyReader(method, url, _status(raw), raw.headers, decoded=True)
        if isinstance(reader_stream, BaseHTTPResponse):
            ends = time.monotonic() + deadline
            while True:
                chunk = reader_stream.read1(_READ_CHUNK, decode_content=True)
                if not chunk:
                    break
                reader.feed(chunk)
                if time.monotonic() > ends:
                    raise APITimeoutError(deadline_message(deadline), method=method, url=url)
        elif isinstance(raw, requests.Response):  # a custom session's adapter may hand back another stream
            reader.feed(raw.content)
        else:  # a stand-in for urllib3's answer (vcrpy's replayer, say): read whole, within the cap
            reader.feed(reader_stream.read(MAX_RESPONSE_BYTES + 1))
        complete = True
    finally:
        if not complete:
            raw.close()
    return reader.body()


def _status(raw: Raw) -> int:
    return raw.status_code if isinstance(raw, requests.Response) else raw.status


def write_stream(raw: requests.Response, destination: IO[bytes], chunk_size: int) -> int:
    """Copy a streamed body into ``destination``; returns the number of bytes written."""
    written = 0
    try:
        for chunk in raw.iter_content(chunk_size=chunk_size):
            destination.write(chunk)
            written += len(chunk)
    except requests.exceptions.RequestException as error:
        failure = APIConnectionError(f"download interrupted: {root_cause(error)}", method="GET", url=raw.url)
        failure.__cause__ = plain_cause(error)
    else:
        return written
    finally:
        raw.close()
    raise failure  # outside the handler: nothing of the library's error is chained to it
