"""The ``AsyncClient``: the typed services (``client.calls`` ...) on httpx, awaited.

It has the sync :class:`~bandwidth.Client`'s typed API, method for method, with the same parameters,
checks, retries, timeouts and exceptions: both are thin layers over :mod:`bandwidth._core`, which describes
every request and reads every answer. It has no dict facade (``client.create_call`` ...): that is the
original SDK's API, kept on the sync client.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from ._async.services.bridges import AsyncBridgesService
from ._async.services.calls import AsyncCallsService
from ._async.services.recordings import AsyncRecordingsService
from ._async.transport import AsyncTransport
from ._core.config import DEFAULT_ENDPOINT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exceptions import InvalidParameterError
from ._types import NOT_GIVEN, NotGiven, Timeout

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._async.services.conferences import AsyncConferencesService
    from .models._base import BandwidthModel

__all__ = ["AsyncClient"]

M = TypeVar("M", bound="BandwidthModel")


class AsyncClient:
    """An asynchronous client for one Catapult account, on httpx (``pip install 'bandwidth[async]'``).

    ``client.calls``, ``client.bridges``, ``client.conferences`` and ``client.recordings`` are the sync
    client's services with their methods as coroutines (``await client.calls.get(call_id)``); lists return
    an :class:`~bandwidth.AsyncPaginator` at once (``async for call in client.calls.list()``). Models are
    the async ones (:class:`~bandwidth.AsyncCall` ...): ``await call.hangup()``.

    Share one client among the tasks of an event loop (asyncio or trio): its pool holds at most
    ``max_connections`` connections, which tasks wait for. Use it as an async context manager, or call
    :meth:`aclose`.

    Args:
        user_id: The account's user id (``u-...``).
        api_token: The API token.
        api_secret: The API secret; it never appears in reprs, logs or error messages.
        api_endpoint: The API's base URL.
        api_version: The API version in the path.
        timeout: Seconds to connect and to wait for each read, or a ``(connect, read)`` pair.
        deadline: Seconds one attempt may take in all: the wait for a connection, connecting, sending, the
            status line and headers and the body (each retry gets its own). Default: the connect timeout plus
            the read timeout.
        max_retries: Retries of idempotent requests on connection errors, 429, 502, 503 and 504 (0 disables).
        verify: ``False`` to skip TLS verification (not advised), or a CA bundle path.
        proxies: Proxies by scheme, as for the sync client; by default the environment's, read once.
        max_connections: Size of the connection pool.
    """

    def __init__(
        self,
        user_id: str,
        api_token: str,
        api_secret: str,
        api_endpoint: str = DEFAULT_ENDPOINT,
        api_version: str = "v1",
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        verify: bool | str | None = None,
        proxies: Mapping[str, str] | None = None,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        deadline: float | None = None,
    ) -> None:
        transport = AsyncTransport(
            user_id=user_id,
            api_token=api_token,
            api_secret=api_secret,
            api_endpoint=api_endpoint,
            api_version=api_version,
            timeout=timeout,
            max_retries=max_retries,
            verify=verify,
            proxies=proxies,
            max_connections=max_connections,
            deadline=deadline,
        )
        self._init_services(transport, api_endpoint, api_version)

    def _init_services(self, transport: AsyncTransport, api_endpoint: str, api_version: str) -> None:
        self._transport = transport
        self._api_endpoint = api_endpoint
        self._api_version = api_version
        self.calls: AsyncCallsService = AsyncCallsService(transport)
        """Phone calls: create, get, list, and control them."""
        self.bridges: AsyncBridgesService = AsyncBridgesService(transport)
        """Bridges joining two calls."""
        self.recordings: AsyncRecordingsService = AsyncRecordingsService(transport)
        """Call recordings and their transcriptions."""

    @cached_property
    def conferences(self) -> AsyncConferencesService:
        """Conferences of up to 20 calls, and their members (the service and its models load on first use)."""
        from ._async.services.conferences import AsyncConferencesService

        return AsyncConferencesService(self._transport)

    @property
    def user_id(self) -> str:
        """The account's user id, as given."""
        return self._transport.user_id

    @property
    def api_endpoint(self) -> str:
        """The API's base URL, as given."""
        return self._api_endpoint

    @property
    def api_version(self) -> str:
        """The API version in the path, as given."""
        return self._api_version

    @property
    def base_url(self) -> str:
        """``{api_endpoint}/{api_version}/users/{user_id}``."""
        return self._transport.base_url

    def with_options(
        self, *, timeout: Timeout | NotGiven = NOT_GIVEN, deadline: float | NotGiven | None = NOT_GIVEN
    ) -> AsyncClient:
        """A client sharing this one's connections and credentials, with another timeout or deadline.

        For one call with a tighter or looser bound: ``await client.with_options(timeout=2).calls.get(id)``.
        The deadline follows a new timeout (connect + read) unless one was given, here or to the client.
        Closing it leaves the shared connections open (this client owns them).
        """
        derived = object.__new__(AsyncClient)
        derived._init_services(
            self._transport.with_options(timeout=timeout, deadline=deadline),
            self._api_endpoint,
            self._api_version,
        )
        return derived

    def bind(self, model: M) -> M:
        """A copy of ``model`` bound to this client, e.g. one built by hand or unpickled.

        The model must be one of the async client's (``AsyncCall`` ...) or one without methods
        (``Transcription``, ``CallEvent``): a ``Call``'s methods are the sync client's.
        """
        if model._methods == "sync":
            name = type(model).__name__
            raise InvalidParameterError(
                "model",
                f"a {name} has the sync client's methods; bind an Async{name} to an AsyncClient "
                f"(Async{name}.model_validate(model.model_dump(by_alias=True)))",
            )
        return model.model_copy()._bind(self._transport)

    async def aclose(self) -> None:
        """Release pooled connections; later requests raise an error."""
        await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncClient(user_id={self.user_id!r}, base_url={self.base_url!r})"
