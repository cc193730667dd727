"""The sync client's I/O: the session and connection pool, sending, reading answers, retrying.

Every request of the SDK, typed or facade, goes through :meth:`Transport.request` (services reach it with
the :class:`~bandwidth._core.http.Request` an endpoint described, through :meth:`Transport.send` and
:meth:`Transport.perform`). What to send, when to retry and what an error answer means are the core's
(:mod:`bandwidth._core`); this module does the I/O, on one of two roads:

- direct: the API host from the SDK's own session, not through a proxy, goes through the SDK's own
  keep-alive pool (:mod:`.connection`), retried in :meth:`Transport._direct_exchange`;
- the adapter's: a caller's session, proxies and downloads go through requests' adapter, urllib3 retrying
  before the headers (:mod:`.retrying`), failures mapped in :mod:`.failures`.

Either reads each body within a size cap and a deadline. The ``_sync`` package is the SDK's only one that
imports ``requests`` and ``urllib3`` (the emulator's callback sender aside).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http.client import HTTPException
from typing import IO, Final, TypeAlias, TypeVar
from urllib.parse import urlsplit

import requests
import requests.adapters
import requests.utils
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from .._core import retry as retry_rules
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
from .._core.errors import status_error
from .._core.exchange import CLOSED, answered, base_headers, prepare, retrying
from .._core.flows import Flow
from .._core.http import MAX_RESPONSE_BYTES, Method, Request, Response, account_url
from .._core.operation import Operation
from .._core.retry import Attempts
from .._exceptions import (
    APIConnectionError,
    APITimeoutError,
    BandwidthError,
)
from .._types import NOT_GIVEN, JSONValue, NotGiven, Timeout
from .._version import __version__
from .connection import Bounds, ConnectionPool, Failed, request_target
from .deadline import AttemptTimeout, DeadlineAdapter
from .failures import READ_ERRORS, connection_error, deadline_message, plain_cause, read_error, root_cause
from .retrying import RetryPolicy, retry_after_broken_body

__all__ = ["RetryPolicy", "Transport", "write_stream"]

R = TypeVar("R")

_READ_CHUNK: Final = 256 * 1024
USER_AGENT: Final = f"bandwidth-python/{__version__} requests/{requests.__version__}"

Raw: TypeAlias = "requests.Response | BaseHTTPResponse"
"""An answer with its headers read and its body not yet (the adapter's road): requests' or urllib3's."""


@dataclass(frozen=True)
class _DirectRoad:
    """The API host from our own session, not through a proxy: the SDK's own pool (:mod:`.connection`)."""

    origin: str
    prefix: str
    pool: ConnectionPool
    policy: RetryPolicy
    """The adapter's retry policy: the direct road sleeps and reads the clock as it does."""


class Transport(TransportBase):
    """Sends requests for one account and maps answers and failures to SDK results and exceptions.

    Thread-safe: the session's connection pool is shared, and nothing else changes after construction.
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
        session: requests.Session | None = None,
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
        self._configure(settings)
        self._attempt = self._attempt_for(self.timeout)
        self._owns_session = session is None
        self._closes_session = session is None
        self._closed = False
        self._lock = threading.Lock()

        self._headers = base_headers(USER_AGENT, authorization(api_token, api_secret))

        if session is None:
            session = requests.Session()
            # Resolve the environment's proxies and CA bundle once, here, instead of on every request.
            session.trust_env = False
            env_proxies = requests.utils.get_environ_proxies(self.base_url)
            env_ca = environment_ca_bundle()
            session.proxies.update(env_proxies)
            if env_ca:
                session.verify = env_ca
            adapter = DeadlineAdapter(
                pool_connections=2,
                pool_maxsize=settings.max_connections,
                max_retries=self.retry_policy(),
                pool_block=True,  # a bound: more threads wait for a free connection instead of opening more
            )
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        if proxies is not None:
            session.proxies.update(proxies)
        if verify is not None:
            session.verify = verify
        self.session = session
        self._proxies: dict[str, str] = dict(session.proxies)
        self._verify: bool | str = session.verify if session.verify is not None else True
        self._direct = self._direct_road(settings.max_connections) if self._owns_session else None

    def _direct_road(self, max_connections: int) -> _DirectRoad | None:
        """The SDK's own pool for the API host, trusting what the adapter would (None via a proxy)."""
        if requests.utils.select_proxy(self.base_url, self._proxies):
            return None
        adapter = self.session.get_adapter(self.base_url)
        policy = getattr(adapter, "max_retries", None)
        if not isinstance(policy, RetryPolicy):
            return None
        origin = self.base_url[: len(self.base_url) - len(urlsplit(self.base_url).path)]
        verify = self._verify
        if verify is True:  # what requests trusts by default (the environment's bundle is in verify already)
            verify = requests.utils.DEFAULT_CA_BUNDLE_PATH
        if isinstance(verify, str) and not os.path.exists(verify):
            return None  # a CA bundle that is not there: the adapter's road reports it at the first request
        pool = ConnectionPool(origin, max_connections=max_connections, verify=verify)
        return _DirectRoad(origin=origin, prefix=origin + "/", pool=pool, policy=policy)

    # -- configuration -----------------------------------------------------------------------------------

    def retry_policy(self) -> Retry:
        """The pool's retry policy: ``max_retries`` attempts more, spent as the core's rules decide."""
        return RetryPolicy(
            total=self.max_retries,
            connect=self.max_retries,
            read=self.max_retries,
            status=self.max_retries,
            other=0,
            allowed_methods=retry_rules.RETRY_METHODS,
            status_forcelist=retry_rules.RETRY_STATUSES,
            backoff_factor=retry_rules.BACKOFF_FACTOR,
            backoff_max=retry_rules.MAX_RETRY_WAIT,
            backoff_jitter=retry_rules.BACKOFF_JITTER,
            respect_retry_after_header=True,
            raise_on_status=False,
            raise_on_redirect=False,
        )

    def _attempt_for(self, timeout: tuple[float, float], *, body: bool = True) -> AttemptTimeout:
        total = attempt_deadline(timeout, self.deadline_option)
        return AttemptTimeout(timeout[0], timeout[1], total, body=body)

    # -- requests ------------------------------------------------------------------------------------------

    def request(
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
        attempt = self._attempt
        if not isinstance(timeout, NotGiven):
            attempt = self._attempt_for(timeout_pair("timeout", timeout))
        started = time.perf_counter()
        return answered(self._exchange(method, url, headers, body, attempt), started)

    def send(self, request: Request) -> Response:
        """Send a request an endpoint described; return its answer or raise the mapped exception."""
        url = account_url(self.base_url, request.path)
        return self.request(request.method, url, params=request.query, json_body=request.body)

    def perform(self, operation: Operation[R]) -> R:
        """Send an endpoint's request and read its answer into the result (models bound to this transport)."""
        return operation.parse(self.send(operation.request), self)

    def run(self, flow: Flow[R]) -> R:
        """Drive a flow of requests (:mod:`bandwidth._core.flows`): send each operation it yields, hand it
        the result, until it returns its own."""
        result: object = None
        while True:
            try:
                operation = flow.send(result)
            except StopIteration as done:
                value: R = done.value
                return value
            result = self.perform(operation)

    def stream(self, url: str, *, timeout: Timeout | NotGiven = NOT_GIVEN) -> requests.Response:
        """GET ``url`` as a stream (for media downloads); the caller closes the response."""
        self.check_own_url(url)
        pair = self.timeout if isinstance(timeout, NotGiven) else timeout_pair("timeout", timeout)
        attempt = self._attempt_for(pair, body=False)  # a recording streams to a file: headers only
        raw = self._send("GET", url, self._headers, None, attempt, stream=True)
        if raw.status_code < 300:
            return raw
        try:
            content = _read_body(raw, "GET", url, attempt.seconds[2])
        except READ_ERRORS as error:
            failure: BandwidthError = read_error(error, _status(raw), "GET", url, attempt.seconds[2])
        else:
            failure = status_error(Response("GET", url, raw.status_code, raw.headers, content))
        raw.close()
        raise failure

    def _exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        attempt: AttemptTimeout,
    ) -> Response:
        """Send a request and read its whole answer, each attempt within its deadline.

        On the adapter's road urllib3 retries what happens before the answer's headers; an idempotent
        request whose body then breaks off (reset, stall) is retried here, on the same retry budget and
        backoff. An attempt whose deadline passed is not retried.
        """
        if self._direct is not None and url.startswith(self._direct.prefix):
            return self._direct_exchange(self._direct, method, url, headers, body, attempt)
        retry: Retry | None = None
        seconds = attempt.seconds[2]
        while True:
            raw = self._send(method, url, headers, body, attempt, stream=True)
            try:
                content = _read_body(raw, method, url, seconds)
            except READ_ERRORS as error:
                failure = read_error(error, _status(raw), method, url, seconds)
                stream = raw.raw if isinstance(raw, requests.Response) else raw
                retry = retry_after_broken_body(retry, stream, method, url, error, failure)
            else:
                return Response(method, url, _status(raw), raw.headers, content)
            if retry is None or not isinstance(failure, APIConnectionError):
                raise failure  # outside the handler: nothing of the library's error is chained to it
            retrying(method, url, failure.message)
            retry.sleep()

    def _direct_exchange(
        self,
        direct: _DirectRoad,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        attempt: AttemptTimeout,
    ) -> Response:
        """Attempts on the SDK's own pool until one gives an answer to hand out, or a failure not to retry
        (then raised). Whether to send again and how long to wait is the core's decision (``Attempts``);
        the adapter's retry policy sleeps and tells the time, so both roads wait alike."""
        target = request_target(url[len(direct.origin) :])
        bounds = Bounds(*attempt.seconds)
        attempts = Attempts(method, self.max_retries)
        policy = direct.policy
        while True:
            outcome = direct.pool.attempt(method, url, target, headers, body, bounds)
            if isinstance(outcome, Failed):
                jitter = random.random()
                wait = attempts.after_failure(sent=outcome.sent, jitter=jitter) if outcome.retry else None
                if wait is None:
                    raise outcome.error  # made outside any handler: no library error is chained to it
                reason = outcome.error.message
            else:
                wait = attempts.after_answer(
                    outcome.status_code, outcome.headers, policy.clock(), random.random()
                )
                if wait is None:
                    return outcome
                reason = f"status {outcome.status_code}"
            retrying(method, url, reason)
            if wait > 0:
                policy.sleep_function(wait)

    def _send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        attempt: AttemptTimeout,
        *,
        stream: bool,
    ) -> requests.Response:
        """The adapter's road: a caller's session, proxies, other hosts and media downloads.

        A caller's session gets the (connect, read) pair, as requests documents it: its adapters and pools
        are its own, so the deadline there bounds the body alone (``_read_body``).
        """
        try:
            if self._owns_session:
                return self._send_prepared(method, url, headers, body, attempt, stream=stream)
            return self.session.request(
                method,
                url,
                headers=dict(headers),
                data=body,
                timeout=(attempt.seconds[0], attempt.seconds[1]),
                stream=stream,
                allow_redirects=False,
            )
        except (requests.exceptions.RequestException, Urllib3Error, HTTPException, OSError) as error:
            failure = connection_error(error, method, url, attempt.seconds[2])
        raise failure  # outside the handler: the request (and its Authorization header) stays behind

    def _send_prepared(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        attempt: AttemptTimeout,
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
        adapter = self.session.get_adapter(url)
        return adapter.send(  # requests takes urllib3's Timeout too (its stubs say a pair)
            prepared,
            stream=stream,
            timeout=attempt,  # type: ignore[arg-type]
            verify=self._verify,
            proxies=self._proxies,
        )

    def with_options(
        self, *, timeout: Timeout | NotGiven = NOT_GIVEN, deadline: float | NotGiven | None = NOT_GIVEN
    ) -> Transport:
        """A transport sharing this one's session and credentials, with another timeout or deadline.

        A deadline not given stays as it was: one given explicitly is kept, the default (the timeout's sum)
        follows the new timeout. Closing the derived transport leaves the shared session open: the original
        owns it.
        """
        derived = self._with_bounds(timeout, deadline)
        derived._attempt = derived._attempt_for(derived.timeout)
        derived._closes_session = False
        derived._closed = False
        derived._lock = threading.Lock()
        return derived

    # -- lifecycle -------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close pooled connections (only of a session the SDK created) now, not at garbage collection.

        The direct road's pool, and every pool of the session's adapters (urllib3 2's
        ``PoolManager.clear()``, which ``Session.close()`` calls, only forgets them), are closed here; a
        connection in use by another thread is closed when its answer has been read.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self._closes_session:
            if self._direct is not None:
                self._direct.pool.close()
            _close_pools(self.session)
            self.session.close()


def _read_body(raw: Raw, method: str, url: str, deadline: float) -> bytes:
    """The whole (decoded) body of a streamed answer, within MAX_RESPONSE_BYTES and the deadline.

    Every wait for data is bounded by the socket's read timeout, and on the SDK's own pools every read by
    what is left of the attempt's deadline (:mod:`.deadline`). On other pools (a caller's session) the body
    must arrive within ``deadline`` seconds of its headers, so a server trickling a byte at a time cannot hold
    a call forever there either.
    Failures of the libraries underneath (:data:`~bandwidth._sync.failures.READ_ERRORS`) pass through, for
    :func:`~bandwidth._sync.failures.read_error`.
    """
    stream = raw.raw if isinstance(raw, requests.Response) else raw
    complete = False
    try:
        reader = BodyReader(method, url, _status(raw), raw.headers, decoded=True)
        if isinstance(stream, BaseHTTPResponse):
            ends = time.monotonic() + deadline
            while True:
                chunk = stream.read1(_READ_CHUNK, decode_content=True)
                if not chunk:
                    break
                reader.feed(chunk)
                if time.monotonic() > ends:
                    raise APITimeoutError(deadline_message(deadline), method=method, url=url)
        elif isinstance(raw, requests.Response):  # a custom session's adapter may hand back another stream
            reader.feed(raw.content)
        else:  # a stand-in for urllib3's answer (vcrpy's replayer, say): read whole, within the cap
            reader.feed(stream.read(MAX_RESPONSE_BYTES + 1))
        complete = True
    finally:
        if not complete:
            raw.close()
    return reader.body()


def _status(raw: Raw) -> int:
    return raw.status_code if isinstance(raw, requests.Response) else raw.status


def _close_pools(session: requests.Session) -> None:
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
