"""The sync client's I/O: the session and connection pool, sending, reading answers, retrying.

Every request of the SDK, typed or facade, goes through :meth:`Transport.request` (services reach it with
the :class:`~bandwidth._core.http.Request` an endpoint described, through :meth:`Transport.send` and
:meth:`Transport.perform`). What to send, when to retry and what an error answer means are the core's
(:mod:`bandwidth._core`); this module does the I/O: it reads each body within a size cap and a deadline.
Failures are mapped in :mod:`.failures`, retries run by :mod:`.retrying`. The ``_sync`` package is the SDK's
only one that imports ``requests`` and ``urllib3`` (the emulator's callback sender aside).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http.client import HTTPException
from typing import IO, Any, Final, TypeAlias, TypeVar
from urllib.parse import urlsplit

import requests
import requests.adapters
import requests.utils
from requests.structures import CaseInsensitiveDict
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from .._core import retry as retry_rules
from .._core.config import (
    DEFAULT_ENDPOINT,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Settings,
    attempt_deadline,
    authorization,
    checked_deadline,
    timeout_pair,
)
from .._core.errors import status_error
from .._core.http import (
    MAX_RESPONSE_BYTES,
    Method,
    Request,
    Response,
    account_url,
    encode_body,
    encode_query,
)
from .._core.links import same_origin
from .._core.operation import Operation
from .._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    BandwidthError,
)
from .._types import NOT_GIVEN, JSONValue, NotGiven, Timeout
from .._version import __version__
from .deadline import AttemptTimeout, DeadlineAdapter
from .failures import READ_ERRORS, connection_error, deadline_message, plain_cause, read_error, root_cause
from .retrying import RetryPolicy, retry_after_broken_body

__all__ = ["RetryPolicy", "Transport", "write_stream"]

logger = logging.getLogger("bandwidth")

R = TypeVar("R")

_READ_CHUNK: Final = 256 * 1024
USER_AGENT: Final = f"bandwidth-python/{__version__} requests/{requests.__version__}"

Raw: TypeAlias = "requests.Response | BaseHTTPResponse"
"""An answer with its headers read and its body not yet: urllib3's (direct road) or requests' (adapter)."""


@dataclass(frozen=True)
class _DirectRoad:
    origin: str
    prefix: str
    pool: HTTPConnectionPool
    retries: Retry


class Transport:
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
        self.origin: str = settings.origin
        self.api_root: str = settings.api_root
        self.base_url: str = settings.base_url
        self.user_id: str = settings.user_id
        self.timeout: tuple[float, float] = settings.timeout
        self.deadline_option: float | None = settings.deadline
        """The deadline as given (``None``: the timeout's sum, which follows a new timeout)."""
        self._attempt = self._attempt_for(self.timeout)
        self.max_retries: int = settings.max_retries
        self._owns_session = session is None
        self._closes_session = session is None
        self._closed = False
        self._lock = threading.Lock()

        self._authorization = authorization(api_token, api_secret)
        self._headers: dict[str, str] = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            "Authorization": self._authorization,
        }

        if session is None:
            session = requests.Session()
            # Resolve the environment's proxies and CA bundle once, here, instead of on every request.
            session.trust_env = False
            env_proxies = requests.utils.get_environ_proxies(self.base_url)
            env_ca = _environment_ca_bundle()
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
        self._direct = self._direct_road() if self._owns_session else None

    def _direct_road(self) -> _DirectRoad | None:
        """urllib3's pool for the API host, as the adapter would pick and configure it (None via a proxy)."""
        if requests.utils.select_proxy(self.base_url, self._proxies):
            return None
        adapter = self.session.get_adapter(self.base_url)
        retries = getattr(adapter, "max_retries", None)
        if not isinstance(adapter, requests.adapters.HTTPAdapter) or not isinstance(retries, Retry):
            return None
        probe = requests.PreparedRequest()
        probe.prepare(method="GET", url=self.base_url)
        pool = adapter.get_connection_with_tls_context(probe, self._verify, proxies=self._proxies)
        if not isinstance(pool, HTTPConnectionPool):
            return None
        try:
            adapter.cert_verify(pool, self.base_url, self._verify, None)  # type: ignore[no-untyped-call]
        except OSError:  # a CA bundle that is not there: the adapter's road reports it at the first request
            return None
        origin = self.base_url[: len(self.base_url) - len(urlsplit(self.base_url).path)]
        return _DirectRoad(
            origin=origin,
            prefix=origin + "/",
            pool=pool,
            retries=retries,
        )

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

    @property
    def deadline(self) -> float:
        """Seconds one attempt may take in all: connecting, sending, the status line and headers, the body."""
        return self._attempt.seconds[2]

    def _attempt_for(self, timeout: tuple[float, float], *, body: bool = True) -> AttemptTimeout:
        total = attempt_deadline(timeout, self.deadline_option)
        return AttemptTimeout(timeout[0], timeout[1], total, body=body)

    def url(self, *segments: str) -> str:
        """The URL of a path under the account, each segment percent-encoded."""
        return account_url(self.base_url, segments)

    def is_own_url(self, url: str) -> bool:
        """Whether ``url`` is on the API's scheme, host and port (so credentials may be sent to it)."""
        return same_origin(url, self.origin)

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
            raise BandwidthError("this client is closed")
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{encode_query(params)}"
        headers = self._headers
        body: bytes | None = None
        if not isinstance(json_body, NotGiven):
            body = encode_body(json_body)
            headers = {**headers, "Content-Type": "application/json"}
        attempt = self._attempt
        if not isinstance(timeout, NotGiven):
            attempt = self._attempt_for(timeout_pair("timeout", timeout))
        started = time.perf_counter()
        response = self._exchange(method, url, headers, body, attempt)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %s in %.1f ms",
                method,
                urlsplit(url).path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        if response.status_code >= 300:
            raise status_error(response)
        response.check_nesting()
        return response

    def send(self, request: Request) -> Response:
        """Send a request an endpoint described; return its answer or raise the mapped exception."""
        url = account_url(self.base_url, request.path)
        return self.request(request.method, url, params=request.query, json_body=request.body)

    def perform(self, operation: Operation[R]) -> R:
        """Send an endpoint's request and read its answer into the result (models bound to this transport)."""
        return operation.parse(self.send(operation.request), self)

    def stream(self, url: str, *, timeout: Timeout | NotGiven = NOT_GIVEN) -> requests.Response:
        """GET ``url`` as a stream (for media downloads); the caller closes the response."""
        if not self.is_own_url(url):
            raise APIResponseValidationError(
                "refusing to send credentials to a URL outside the API host",
                method="GET",
                url=url,
                status_code=0,
            )
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

        urllib3 retries what happens before the answer's headers; an idempotent request whose body then
        breaks off (reset, stall) is retried here, on the same retry budget and backoff. An attempt whose
        deadline passed is not retried.
        """
        retry: Retry | None = None
        seconds = attempt.seconds[2]
        while True:
            raw = self._open(method, url, headers, body, attempt)
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
            logger.debug("%s %s: %s; retrying", method, urlsplit(url).path, failure.message)
            retry.sleep()

    def _open(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        attempt: AttemptTimeout,
    ) -> Raw:
        """Send a request; the answer comes back with its headers read and its body still to read.

        Requests to the API host from our own session, not through a proxy, go straight to urllib3's pool
        for that host: requests' adapter would rebuild a request object, redo its TLS and proxy lookups and
        parse cookies on every call. The pool, its TLS settings and the retry rules are the adapter's own,
        so both roads behave alike; everything else (a caller's session, proxies, other hosts) takes the
        adapter's road.
        """
        if self._direct is None or not url.startswith(self._direct.prefix):
            return self._send(method, url, headers, body, attempt, stream=True)
        direct = self._direct
        try:
            return direct.pool.urlopen(
                method,
                url[len(direct.origin) :],
                body=body,
                headers=headers,
                retries=direct.retries,
                timeout=attempt,
                redirect=False,
                assert_same_host=False,
                preload_content=False,
                decode_content=False,
            )
        except (Urllib3Error, HTTPException, OSError) as error:
            failure = connection_error(error, method, url, attempt.seconds[2])
        raise failure  # outside the handler: nothing of the library's error is chained to it

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
        derived = object.__new__(Transport)
        derived.__dict__.update(self.__dict__)
        if not isinstance(timeout, NotGiven):
            derived.timeout = timeout_pair("timeout", timeout)
        if not isinstance(deadline, NotGiven):
            derived.deadline_option = checked_deadline("deadline", deadline)
        derived._attempt = derived._attempt_for(derived.timeout)
        derived._closes_session = False
        derived._closed = False
        derived._lock = threading.Lock()
        return derived

    # -- lifecycle -------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close pooled connections (only of a session the SDK created) now, not at garbage collection.

        urllib3 2's ``PoolManager.clear()``, which ``Session.close()`` calls, only forgets its pools: their
        connections stay open while anything refers to a pool (as the direct road does). So every pool of the
        session's adapters, and the direct road's, is closed here; a connection in use by another thread is
        closed when its answer has been read.
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

    def __repr__(self) -> str:
        return f"Transport(base_url={self.base_url!r})"

    def __copy__(self) -> Transport:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Transport:
        return self

    def __reduce__(self) -> Any:
        raise TypeError("a Transport holds credentials and open connections; it is not pickled")


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
    chunks: list[bytes] = []
    complete = False
    try:
        length = raw.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > MAX_RESPONSE_BYTES:
            raise _too_large(raw, method, url)
        if isinstance(stream, BaseHTTPResponse):
            size = 0
            ends = time.monotonic() + deadline
            while True:
                chunk = stream.read1(_READ_CHUNK, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise _too_large(raw, method, url)
                chunks.append(chunk)
                if time.monotonic() > ends:
                    raise APITimeoutError(deadline_message(deadline), method=method, url=url)
        elif isinstance(raw, requests.Response):  # a custom session's adapter may hand back another stream
            chunks.append(raw.content)
        else:  # a stand-in for urllib3's answer (vcrpy's replayer, say): read whole, within the cap
            data = stream.read(MAX_RESPONSE_BYTES + 1)
            if len(data) > MAX_RESPONSE_BYTES:
                raise _too_large(raw, method, url)
            chunks.append(data)
        complete = True
    finally:
        if not complete:
            raw.close()
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(raw: Raw, method: str, url: str) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"the response is too large (more than {MAX_RESPONSE_BYTES} bytes)",
        method=method,
        url=url,
        status_code=_status(raw),
    )


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


def _environment_ca_bundle() -> str | None:
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


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
