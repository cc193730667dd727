"""The ``Client``: typed services (``client.calls`` ...) and the original dict methods on one transport."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from ._core.config import (
    DEFAULT_ENDPOINT,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
)
from ._exceptions import InvalidParameterError
from ._legacy import LegacyVoiceAPI
from ._sync.services.bridges import BridgesService
from ._sync.services.calls import CallsService
from ._sync.services.recordings import RecordingsService
from ._sync.transport import Transport
from ._types import NOT_GIVEN, NotGiven, Timeout

if TYPE_CHECKING:
    import requests
    from typing_extensions import Self

    from ._sync.services.conferences import ConferencesService
    from .models._base import BandwidthModel

__all__ = ["Client"]

M = TypeVar("M", bound="BandwidthModel")


class _Settings:
    """What the client was created with, for the original SDK's attributes; its repr hides the secrets."""

    __slots__ = ("api_endpoint", "api_secret", "api_token", "api_version")

    def __init__(self, api_endpoint: str, api_version: str, api_token: str, api_secret: str) -> None:
        self.api_endpoint = api_endpoint
        self.api_version = api_version
        self.api_token = api_token
        self.api_secret = api_secret

    def __repr__(self) -> str:
        return f"_Settings(api_endpoint={self.api_endpoint!r}, api_version={self.api_version!r})"

    def __reduce__(self) -> Any:
        raise TypeError("client settings hold credentials; they are not pickled")


class Client(LegacyVoiceAPI):
    """A client for one Catapult account.

    Typed: ``client.calls``, ``client.bridges``, ``client.conferences`` and ``client.recordings`` return
    models with methods.
    Dict API: the methods of the original ``bandwidth.voice.Client`` (``create_call``, ``get_call`` ...).
    Both share one connection pool; the client is safe to share between threads. Use it as a context manager
    or call :meth:`close` to release connections.

    Args:
        user_id: The account's user id (``u-...``).
        api_token: The API token.
        api_secret: The API secret; it never appears in reprs, logs or error messages.
        api_endpoint: The API's base URL.
        api_version: The API version in the path.
        timeout: Seconds to connect and to wait for each read, or a ``(connect, read)`` pair.
        deadline: Seconds one attempt may take in all: connecting, sending, the status line and headers and
            the body (each retry gets its own). Default: the connect timeout plus the read timeout.
        max_retries: Retries of idempotent requests on connection errors, 429, 502, 503 and 504 (0 disables).
        session: A ``requests.Session`` of your own (its adapters, proxies and hooks are used as they are).
        verify: ``False`` to skip TLS verification (not advised), or a CA bundle path.
        proxies: Proxies by scheme, as in requests; by default the environment's, read once.
        max_connections: Size of the connection pool.
    """

    def __init__(
        self,
        user_id: str | None = None,
        api_token: str | None = None,
        api_secret: str | None = None,
        api_endpoint: str = DEFAULT_ENDPOINT,
        api_version: str = "v1",
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        session: requests.Session | None = None,
        verify: bool | str | None = None,
        proxies: Mapping[str, str] | None = None,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        deadline: float | None = None,
    ) -> None:
        transport = Transport(
            user_id=user_id,  # type: ignore[arg-type]  # checked by Transport, with a clear error
            api_token=api_token,  # type: ignore[arg-type]
            api_secret=api_secret,  # type: ignore[arg-type]
            api_endpoint=api_endpoint,
            api_version=api_version,
            timeout=timeout,
            max_retries=max_retries,
            session=session,
            verify=verify,
            proxies=proxies,
            max_connections=max_connections,
            deadline=deadline,
        )
        settings = _Settings(api_endpoint, api_version, api_token, api_secret)  # type: ignore[arg-type]
        self._init_services(transport, settings)

    def _init_services(self, transport: Transport, settings: _Settings) -> None:
        self._transport = transport
        self._settings = settings
        self.calls: CallsService = CallsService(transport)
        """Phone calls: create, get, list, and control them."""
        self.bridges: BridgesService = BridgesService(transport)
        """Bridges joining two calls."""
        self.recordings: RecordingsService = RecordingsService(transport)
        """Call recordings and their transcriptions."""

    @cached_property
    def conferences(self) -> ConferencesService:
        """Conferences of up to 20 calls, and their members (the service and its models load on first use)."""
        from ._sync.services.conferences import ConferencesService

        return ConferencesService(self._transport)

    @property
    def user_id(self) -> str:
        """The account's user id, as given (the original SDK's attribute)."""
        return self._transport.user_id

    @property
    def api_endpoint(self) -> str:
        """The API's base URL, as given (the original SDK's attribute)."""
        return self._settings.api_endpoint

    @property
    def api_version(self) -> str:
        """The API version in the path, as given (the original SDK's attribute)."""
        return self._settings.api_version

    @property
    def auth(self) -> tuple[str, str]:
        """``(api_token, api_secret)``, as the original SDK's ``client.auth``: e.g. for
        ``requests.get(media_url, auth=client.auth)``. Not shown by any repr."""
        return (self._settings.api_token, self._settings.api_secret)

    @property
    def base_url(self) -> str:
        """``{api_endpoint}/{api_version}/users/{user_id}``."""
        return self._transport.base_url

    def with_options(
        self, *, timeout: Timeout | NotGiven = NOT_GIVEN, deadline: float | NotGiven | None = NOT_GIVEN
    ) -> Client:
        """A client sharing this one's connections and credentials, with another timeout or deadline.

        For one call with a tighter or looser bound: ``client.with_options(timeout=2).calls.get(call_id)``.
        The deadline follows a new timeout (connect + read) unless one was given, here or to the client.
        """
        derived = object.__new__(Client)
        derived._init_services(
            self._transport.with_options(timeout=timeout, deadline=deadline), self._settings
        )
        return derived

    def bind(self, model: M) -> M:
        """A copy of ``model`` bound to this client, e.g. one built by hand or unpickled.

        The model must be one of the sync client's (``Call`` ...) or one without methods (``Transcription``,
        ``CallEvent``): an ``AsyncCall``'s methods are the async client's.
        """
        if model._methods == "async":
            name = type(model).__name__
            raise InvalidParameterError(
                "model",
                f"an {name} has the async client's methods; bind a {name.removeprefix('Async')} to a Client",
            )
        return model.model_copy()._bind(self._transport)

    def close(self) -> None:
        """Release pooled connections; later requests raise an error."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client(user_id={self.user_id!r}, base_url={self.base_url!r})"
