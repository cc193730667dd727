"""The sync client's I/O: the session and connection pool, sending, reading answers, retrying.

Every request of the SDK, typed or facade, goes through :meth:`Transport.request` (services reach it with
the :class:`~bandwidth._core.http.Request` an endpoint described, through :meth:`Transport.send` and
:meth:`Transport.perform`). What to send, when to retry and what an error answer means are the core's
(:mod:`bandwidth._core`); this module does the I/O, on one of two roads:

- direct: the API host from the SDK's own session, not through a proxy, goes through the SDK's own
  keep-alive pool (:mod:`.connection`), retried in :meth:`Transport._direct_exchange`;
- the adapter's: a caller's session, proxies and downloads go through requests' adapter (:mod:`.adapter`,
  loaded the first time that road is needed), urllib3 retrying before the headers (:mod:`.retrying`),
  failures mapped in :mod:`.failures`.

Either reads each body within a size cap and a deadline. A client on the direct road alone never imports
``requests`` or ``urllib3``: the SDK's own ``requests.Session`` is made the first time it is needed
(:attr:`Transport.session`). The ``_sync`` package is the SDK's only one that imports them (the emulator's
callback sender aside).
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import urlsplit

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
from .._core.flows import Flow
from .._core.http import Method, Request, Response, account_url
from .._core.operation import Operation
from .._core.retry import Attempts
from .._exceptions import BandwidthError
from .._proxies import environment_proxies, selected_proxy
from .._types import NOT_GIVEN, JSONValue, NotGiven, Timeout
from .._version import __version__
from .connection import Bounds, ConnectionPool, Failed, request_target
from .deadline import Attempt
from .waits import RetryClock

if TYPE_CHECKING:
    import requests
    from urllib3.util.retry import Retry

    from .retrying import RetryPolicy

__all__ = ["RetryPolicy", "Transport", "write_stream"]  # RetryPolicy: see __getattr__

R = TypeVar("R")

USER_AGENT: Final = f"bandwidth-python/{__version__} python/{sys.version_info[0]}.{sys.version_info[1]}"
"""The same on both roads: the SDK and the Python it runs on (requests is not loaded on the direct road)."""


def __getattr__(name: str) -> Any:
    # RetryPolicy (urllib3's Retry) is named here as it always was, and loaded only when asked for.
    if name == "RetryPolicy":
        from .retrying import RetryPolicy

        return RetryPolicy
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class _DirectRoad:
    """The API host from our own session, not through a proxy: the SDK's own pool (:mod:`.connection`)."""

    origin: str
    prefix: str
    pool: ConnectionPool
    policy: RetryClock
    """The transport's sleep and clock, which the adapter's retry policy uses too: both roads wait alike."""


class _Sessions:
    """The SDK's own ``requests.Session``, made the first time the adapter's road needs it; shared by a
    transport and the copies :meth:`Transport.with_options` makes."""

    __slots__ = ("lock", "session")

    def __init__(self, session: requests.Session | None) -> None:
        self.lock = threading.Lock()
        self.session = session


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
        self._timing = RetryClock()
        self._max_connections = settings.max_connections
        self._sessions = _Sessions(session)

        self._proxies: dict[str, str]
        self._verify: bool | str
        if session is None:
            # The environment's proxies and CA bundle are read once, here, instead of on every request.
            self._proxies = {**environment_proxies(self.base_url), **(proxies or {})}
            self._verify = verify if verify is not None else environment_ca_bundle() or True
        else:  # a caller's session: given options go into it, as they always did
            if proxies is not None:
                session.proxies.update(proxies)
            if verify is not None:
                session.verify = verify
            self._proxies = dict(session.proxies)
            self._verify = session.verify if session.verify is not None else True
        self._direct = self._direct_road(settings.max_connections) if self._owns_session else None

    def _direct_road(self, max_connections: int) -> _DirectRoad | None:
        """The SDK's own pool for the API host, trusting what the adapter would (None via a proxy)."""
        if selected_proxy(self.base_url, self._proxies):
            return None
        origin = self.base_url[: len(self.base_url) - len(urlsplit(self.base_url).path)]
        verify = self._verify
        if verify is True and origin.startswith("https:"):  # what requests trusts by default
            import certifi  # (the environment's bundle is in verify already)

            verify = certifi.where()
        if isinstance(verify, str) and not os.path.exists(verify):
            return None  # a CA bundle that is not there: the adapter's road reports it at the first request
        pool = ConnectionPool(origin, max_connections=max_connections, verify=verify)
        return _DirectRoad(origin=origin, prefix=origin + "/", pool=pool, policy=self._timing)

    # -- configuration -----------------------------------------------------------------------------------

    @property
    def session(self) -> requests.Session:
        """The ``requests.Session`` of the adapter's road: the caller's, or the SDK's own, made (and requests
        imported) the first time it is asked for."""
        sessions = self._sessions
        session = sessions.session
        if session is None:
            with sessions.lock:
                session = sessions.session
                if session is None:
                    from .adapter import own_session

                    session = sessions.session = own_session(
                        proxies=self._proxies,
                        verify=self._verify,
                        max_connections=self._max_connections,
                        retries=self.retry_policy(),
                    )
        return session

    def retry_policy(self) -> Retry:
        """The pool's retry policy: ``max_retries`` attempts more, spent as the core's rules decide."""
        from .adapter import retry_policy

        return retry_policy(self.max_retries, self._timing)

    def _attempt_for(self, timeout: tuple[float, float], *, body: bool = True) -> Attempt:
        total = attempt_deadline(timeout, self.deadline_option)
        return Attempt(timeout[0], timeout[1], total, body=body)

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
        from . import adapter

        return adapter.stream(self, url, self._headers, attempt)

    def _exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        attempt: Attempt,
    ) -> Response:
        """Send a request and read its whole answer, each attempt within its deadline: on the direct road
        if it goes there, else on the adapter's (:func:`.adapter.exchange`)."""
        if self._direct is not None and url.startswith(self._direct.prefix):
            return self._direct_exchange(self._direct, method, url, headers, body, attempt)
        from . import adapter

        return adapter.exchange(self, method, url, headers, body, attempt)

    def _direct_exchange(
        self,
        direct: _DirectRoad,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        attempt: Attempt,
    ) -> Response:
        """Attempts on the SDK's own pool until one gives an answer to hand out, or a failure not to retry
        (then raised). Whether to send again and how long to wait is the core's decision (``Attempts``);
        the transport's sleep and clock (the adapter's retry policy uses them too) wait, so both roads wait
        alike."""
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
            session = self._sessions.session
            if session is not None:  # never made: nothing of requests to close (nor to import)
                from .adapter import close_pools

                close_pools(session)
                session.close()


def write_stream(raw: requests.Response, destination: IO[bytes], chunk_size: int) -> int:
    """Copy a streamed body into ``destination``; returns the number of bytes written."""
    from .adapter import write_stream

    return write_stream(raw, destination, chunk_size)
