"""The async client's I/O: the connection pool, sending, reading answers, retrying.

Every decision is the core's, as for the sync transport: the URL, headers and body
(:mod:`~bandwidth._core.exchange`), whether to send again and how long to wait first
(:class:`~bandwidth._core.retry.Attempts`), the body's decoding and size cap
(:class:`~bandwidth._core.body.BodyReader`), what an answer or a failure means (``exchange.answered``,
:mod:`~bandwidth._core.failures`). This module does the I/O, and tells what httpx's exceptions mean.

- One pool of at most ``max_connections`` connections, used as an httpx transport (no ``httpx.AsyncClient``
  around it: no cookies, redirects, auth flows or environment lookups per request): the SDK's own
  (:mod:`~bandwidth._async.pool`: O(1) work per request to find a connection) when the API is reached
  directly, httpx's (``httpx.AsyncHTTPTransport``) through a proxy.
- One deadline per attempt, covering the wait for a pooled connection, connecting, sending, the status line
  and headers (``100 Continue`` floods too) and the body: an anyio cancel scope (``anyio.fail_after``,
  which httpx brings), the same on Python 3.10 to 3.13, on asyncio and on trio. Each wait for data is
  bounded by the read timeout as well.
- Retries in a loop of its own, asking :class:`~bandwidth._core.retry.Attempts`; waits with ``anyio.sleep``.

httpx (and the pool's modules, which import it) are loaded only when a transport is made: ``import
bandwidth`` never loads them.
"""

from __future__ import annotations

import random
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from types import TracebackType
from typing import IO, TYPE_CHECKING, NamedTuple, TypeVar

from .._core.body import BodyReader
from .._core.config import (
    DEFAULT_ENDPOINT,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Settings,
    TransportBase,
    attempt_deadline,
    authorization,
    environment_ca_bundle,
    timeout_pair,
)
from .._core.exchange import CLOSED, answered, base_headers, prepare, retrying
from .._core.failures import broken_body, no_answer, past_deadline, plain_cause, undecodable
from .._core.flows import Flow
from .._core.http import Headers, Method, Request, Response, account_url
from .._core.operation import Binding, Operation
from .._core.retry import Attempts
from .._exceptions import APIConnectionError, BandwidthError, InvalidParameterError
from .._proxies import environment_proxies, selected_proxy
from .._tls import tls_context
from .._types import NOT_GIVEN, JSONValue, NotGiven, Timeout
from .._version import __version__

if TYPE_CHECKING:
    import httpx
    from typing_extensions import Self

    from .pool import ConnectionPool

__all__ = ["AsyncTransport", "write_stream"]

R = TypeVar("R")


class _Bounds(NamedTuple):
    """The time bounds of one attempt."""

    connect: float
    read: float
    deadline: float
    extensions: dict[str, dict[str, float | None]]
    """httpx's request extensions: its per-request timeouts: connect, read, write (the read timeout) and
    pool (none: the deadline covers the wait for a connection)."""


class _Streaming(NamedTuple):
    """A success answer whose body is left to read (a download): its headers came within the deadline."""

    answer: httpx.Response


class _Failed(NamedTuple):
    """An attempt that got no whole answer."""

    error: APIConnectionError
    retry: bool
    """Whether another attempt could mend it (then :class:`Attempts` decides whether one is made)."""
    sent: bool
    """Whether the request may have reached the server."""


class AsyncTransport(TransportBase):
    """Sends requests for one account, asynchronously, and maps answers and failures to SDK results and
    exceptions. Share one among the tasks of one event loop; close it with :meth:`aclose` (or ``async with``).
    """

    def __init__(
        self,
        *,
        user_id: str,
        api_token: str,
        api_secret: str,
        api_endpoint: str = DEFAULT_ENDPOINT,
        api_version: str = "v1",
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        verify: bool | str | None = None,
        proxies: Mapping[str, str] | None = None,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        deadline: float | None = None,
    ) -> None:
        settings = Settings.checked(
            user_id=user_id,
            api_token=api_token,
            api_secret=api_secret,
            api_endpoint=api_endpoint,
            api_version=api_version,
            timeout=timeout,
            max_retries=max_retries,
            max_connections=max_connections,
            verify=verify,
            proxies=proxies,
            deadline=deadline,
        )
        try:
            import anyio
            import httpx

            from .pool import ConnectionPool
        except ImportError as error:  # pragma: no cover - the test extra installs httpx
            raise ImportError("the async client needs httpx: pip install 'bandwidth[async]'") from error

        self._configure(settings)
        self._bounds = self._bounds_for(self.timeout)
        self._headers = base_headers(
            f"bandwidth-python/{__version__} httpx/{httpx.__version__}", authorization(api_token, api_secret)
        )
        self.sleep: Callable[[float], Awaitable[None]] = anyio.sleep
        """How a retry waits (tests record the waits instead)."""
        self.clock: Callable[[], float] = time.time
        """The epoch time wait headers are read against (``Retry-After`` as a date, ``X-RateLimit-Reset``)."""

        # The environment's proxy and CA bundle are read once, here, as the sync transport reads them.
        proxy = selected_proxy(self.base_url, {**environment_proxies(self.base_url), **(proxies or {})})
        self._pool: httpx.AsyncBaseTransport
        self._direct: ConnectionPool | None = None
        if proxy is None:
            self._pool = self._direct = ConnectionPool(
                ssl_context=_tls_context(verify), max_connections=settings.max_connections
            )
        else:  # httpx's pool speaks to proxies (absolute-form requests, CONNECT tunnels); ours does not
            self._pool = httpx.AsyncHTTPTransport(
                verify=_tls_context(verify),
                limits=httpx.Limits(
                    max_connections=settings.max_connections,
                    max_keepalive_connections=settings.max_connections,
                ),
                proxy=proxy,
                trust_env=False,
            )
        self._closes_pool = True
        self._closed = False

    # -- configuration -----------------------------------------------------------------------------------

    def _bounds_for(self, timeout: tuple[float, float]) -> _Bounds:
        connect, read = timeout
        timeouts: dict[str, float | None] = {"connect": connect, "read": read, "write": read, "pool": None}
        deadline = attempt_deadline(timeout, self.deadline_option)
        return _Bounds(connect, read, deadline, {"timeout": timeouts})

    def with_options(
        self, *, timeout: Timeout | NotGiven = NOT_GIVEN, deadline: float | NotGiven | None = NOT_GIVEN
    ) -> AsyncTransport:
        """A transport sharing this one's pool and credentials, with another timeout or deadline.

        A deadline not given stays as it was: one given explicitly is kept, the default (the timeout's sum)
        follows the new timeout. Closing the derived transport leaves the shared pool open.
        """
        derived = self._with_bounds(timeout, deadline)
        derived._bounds = derived._bounds_for(derived.timeout)
        derived._closes_pool = False
        derived._closed = False
        return derived

    # -- requests ------------------------------------------------------------------------------------------

    async def request(
        self,
        method: Method,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json_body: JSONValue | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Response:
        """Send one request and return its answer; raise the mapped exception for errors.

        ``url`` is absolute (see :meth:`url`); ``params`` are appended as the query string.
        """
        if self._closed:
            raise BandwidthError(CLOSED)
        url, headers, body = prepare(url, params, json_body, self._headers)
        bounds = self._bounds
        if not isinstance(timeout, NotGiven):
            bounds = self._bounds_for(timeout_pair("timeout", timeout))
        started = time.perf_counter()
        response = await self._exchange(method, url, headers, body, bounds)
        assert isinstance(response, Response)
        return answered(response, started)

    async def send(self, request: Request) -> Response:
        """Send a request an endpoint described; return its answer or raise the mapped exception."""
        url = account_url(self.base_url, request.path)
        return await self.request(request.method, url, params=request.query, json_body=request.body)

    async def perform(self, operation: Operation[R], binding: Binding | None = None) -> R:
        """Send an endpoint's request and read its answer into the result, its models bound to ``binding``
        (this transport when not given)."""
        response = await self.send(operation.request)
        return operation.parse(response, self if binding is None else binding)

    async def run(self, flow: Flow[R]) -> R:
        """Drive a flow of requests (:mod:`bandwidth._core.flows`): send each operation it yields, hand it
        the result, until it returns its own."""
        result: object = None
        while True:
            try:
                operation = flow.send(result)
            except StopIteration as done:
                value: R = done.value
                return value
            result = await self.perform(operation)

    @asynccontextmanager
    async def stream(
        self, url: str, *, chunk_size: int = 64 * 1024, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> AsyncIterator[AsyncIterator[bytes]]:
        """GET ``url`` (on the API's host only) as a stream, for media downloads: its body, in pieces of at
        most ``chunk_size`` bytes.

        Retried as any GET; the deadline bounds each attempt up to the answer's headers (a recording may take
        longer than that to arrive), the read timeout each wait for data after them. An error status raises
        its exception, as for any request. The answer is closed when the block ends.
        """
        if self._closed:
            raise BandwidthError(CLOSED)
        self.check_own_url(url)
        bounds = (
            self._bounds
            if isinstance(timeout, NotGiven)
            else self._bounds_for(timeout_pair("timeout", timeout))
        )
        started = time.perf_counter()
        outcome = await self._exchange("GET", url, self._headers, None, bounds, stream=True)
        if isinstance(outcome, Response):
            answered(outcome, started)  # an error status: raised; a success always streams
        assert isinstance(outcome, _Streaming)
        try:
            yield _chunks(outcome.answer, chunk_size, url, bounds)
        finally:
            await outcome.answer.aclose()

    async def _exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        bounds: _Bounds,
        *,
        stream: bool = False,
    ) -> Response | _Streaming:
        """Attempts until one gives an answer to hand out, or a failure not to retry (then raised)."""
        attempts = Attempts(method, self.max_retries)
        while True:
            outcome = await self._attempt(method, url, headers, body, bounds, stream)
            if isinstance(outcome, _Streaming):
                return outcome
            if isinstance(outcome, Response):
                wait = attempts.after_answer(
                    outcome.status_code, outcome.headers, self.clock(), random.random()
                )
                if wait is None:
                    return outcome
                reason = f"status {outcome.status_code}"
            else:
                wait = (
                    attempts.after_failure(sent=outcome.sent, jitter=random.random())
                    if outcome.retry
                    else None
                )
                if wait is None:
                    raise outcome.error  # made outside any handler: nothing of httpx's error is chained to it
                reason = outcome.error.message
            retrying(method, url, reason)
            if wait > 0:
                await self.sleep(wait)

    async def _attempt(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        bounds: _Bounds,
        stream: bool,
    ) -> Response | _Failed | _Streaming:
        """One attempt within its deadline: the whole answer, or what went wrong. With ``stream``, a success
        comes back as soon as its headers have (:class:`_Streaming`); the caller reads and closes it.

        An answer whose body cannot be used (too large, not decodable) raises its
        :class:`~bandwidth.APIResponseValidationError`; it is never retried.
        """
        import anyio
        import httpx

        answer: httpx.Response | None = None
        failed: _Failed | None = None
        content = b""
        try:
            with anyio.fail_after(bounds.deadline):
                if self._direct is not None:  # the SDK's pool: no httpx.Request built for a plain URL
                    timeouts = bounds.extensions["timeout"]
                    answer = await self._direct.request(method, url, headers, body, timeouts)
                else:
                    request = httpx.Request(
                        method, url, headers=headers, content=body, extensions=bounds.extensions
                    )
                    answer = await self._pool.handle_async_request(request)
                if stream and answer.status_code < 300:
                    streaming, answer = answer, None  # handed over: not closed here
                    return _Streaming(streaming)
                reader = BodyReader(method, url, answer.status_code, answer.headers)
                body_stream = answer.stream
                assert isinstance(body_stream, httpx.AsyncByteStream)
                async for chunk in body_stream:
                    reader.feed(chunk)
                content = reader.body()
        except TimeoutError as error:  # the deadline's (httpx's own timeouts are not TimeoutErrors)
            failed = _Failed(past_deadline(method, url, bounds.deadline, error), retry=False, sent=True)
        except (httpx.TransportError, OSError) as error:
            failed = _failure(error, answer is not None, method, url, bounds)
        finally:
            if answer is not None:
                await answer.aclose()  # the connection goes back to the pool, or is closed if broken
        if failed is not None:
            return failed
        assert answer is not None
        return Response(method, url, answer.status_code, _headers(answer.headers.raw), content)

    # -- lifecycle -------------------------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close every pooled connection now (of this transport's own pool: a ``with_options`` one shares
        it and leaves it open). Later requests raise an error."""
        if self._closed:
            return
        self._closed = True
        if self._closes_pool:
            await self._pool.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()


def _failure(error: Exception, answered: bool, method: str, url: str, bounds: _Bounds) -> _Failed:
    """What httpx's ``error`` means: the SDK error, whether a retry could mend it, whether the request may
    have reached the server. ``answered``: the status line and headers had come (the body broke off).

    The error's cause is the innermost standard-library exception, detached: httpx's exceptions hold the
    request, its ``Authorization`` header among them.
    """
    import httpx

    cause = plain_cause(error)
    reason = (str(cause) if cause is not None else "") or str(error) or type(error).__name__
    mendable = isinstance(error, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)
    if answered:
        timeout = isinstance(error, httpx.TimeoutException)
        if timeout:
            reason = f"no data for {bounds.read:g} s"
        return _Failed(broken_body(reason, method, url, timeout=timeout, cause=cause), mendable, sent=True)
    if isinstance(error, httpx.ConnectTimeout):
        reason = f"no connection within {bounds.connect:g} s"
        return _Failed(no_answer(reason, method, url, timeout=True, cause=cause), True, sent=False)
    if isinstance(error, httpx.ConnectError):  # refused, unreachable, or TLS refused (no retry mends that)
        refused = no_answer(reason, method, url, timeout=False, cause=cause)
        return _Failed(refused, not isinstance(cause, ssl.SSLError), sent=False)
    timeout = isinstance(error, httpx.TimeoutException)
    if timeout:
        reason = f"no answer within {bounds.read:g} s"
    return _Failed(no_answer(reason, method, url, timeout=timeout, cause=cause), mendable, sent=True)


def _headers(raw: list[tuple[bytes, bytes]]) -> Headers:
    """An answer's headers as the sync transport has them: looked up without case, named as sent (httpx
    lowercases names when iterated, and an error keeps the headers as a dict), repeated ones joined."""
    return Headers([(name.decode("latin-1"), value.decode("latin-1")) for name, value in raw])


def _tls_context(verify: bool | str | None) -> ssl.SSLContext:
    """What certificates are checked against (:func:`bandwidth._tls.tls_context`); a CA bundle that cannot
    be read names the ``verify`` parameter."""
    try:
        return tls_context(verify)
    except (OSError, ssl.SSLError) as error:
        import certifi

        bundle = verify if isinstance(verify, str) else environment_ca_bundle() or certifi.where()
        problem = f"cannot load the CA bundle {bundle!r}: {error}"
    raise InvalidParameterError("verify", problem)


async def write_stream(chunks: AsyncIterator[bytes], destination: IO[bytes]) -> int:
    """Copy a streamed body into ``destination``, each piece written on a worker thread so that the event
    loop never waits on a disk; returns the number of bytes written."""
    import anyio.to_thread

    written = 0
    async for chunk in chunks:
        await anyio.to_thread.run_sync(destination.write, chunk)
        written += len(chunk)
    return written


async def _chunks(answer: httpx.Response, chunk_size: int, url: str, bounds: _Bounds) -> AsyncIterator[bytes]:
    """The body of a streamed answer, its content coding undone, in pieces of at most ``chunk_size`` bytes;
    one that breaks off, stalls past the read timeout or cannot be decoded raises its SDK error."""
    import httpx

    failure: BandwidthError
    try:
        async for chunk in answer.aiter_bytes(chunk_size):
            yield chunk
    except httpx.DecodingError as error:
        failure = undecodable(error, answer.status_code, "GET", url, plain_cause(error))
    except (httpx.TransportError, OSError) as error:
        failure = _failure(error, True, "GET", url, bounds).error
    else:
        return
    raise failure  # outside the handler: nothing of httpx's error is chained to it
