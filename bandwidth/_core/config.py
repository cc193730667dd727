"""A client's options, checked once, and what follows from them: the account's URLs, the auth header."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, NamedTuple
from urllib.parse import urlsplit

from .._exceptions import APIResponseValidationError, InvalidParameterError
from .._types import NOT_GIVEN, NotGiven, Timeout
from .http import account_url, path_segment
from .links import same_origin

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "DEFAULT_ENDPOINT",
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_TIMEOUT",
    "Settings",
    "TransportBase",
    "attempt_deadline",
    "authorization",
    "checked_deadline",
    "environment_ca_bundle",
    "timeout_pair",
]

DEFAULT_ENDPOINT: Final = "https://api.catapult.inetwork.com"
DEFAULT_TIMEOUT: Final[tuple[float, float]] = (5.0, 30.0)
"""Seconds to connect and to wait for each read of the answer. Unless a deadline is given, their sum is also
the deadline of each attempt: connecting, sending, the status line and headers, and the body, in all."""
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_MAX_CONNECTIONS: Final = 16
MAX_TIMEOUT: Final = 86_400.0
"""Longest timeout accepted, in seconds (a day); sockets cannot wait much longer than that anyway."""


class Settings(NamedTuple):
    """What a transport needs to know of the account and its options (never the credentials)."""

    user_id: str
    origin: str
    """``scheme://host[:port]`` of the API, lowercase: the only place credentials and links may go."""
    api_root: str
    """``{api_endpoint}/{api_version}``."""
    base_url: str
    """``{api_root}/users/{user_id}``: the URL every request path is under."""
    timeout: tuple[float, float]
    max_retries: int
    max_connections: int
    deadline: float | None = None
    """Seconds one attempt may take in all, as given; ``None``: the timeout's sum, see
    :func:`attempt_deadline`."""

    @classmethod
    def checked(
        cls,
        *,
        user_id: str,
        api_token: str,
        api_secret: str,
        api_endpoint: str,
        api_version: str,
        timeout: Timeout,
        max_retries: int,
        max_connections: int,
        verify: bool | str | None,
        proxies: Mapping[str, str] | None,
        deadline: float | None = None,
    ) -> Settings:
        """The settings for these client options; raises InvalidParameterError naming the first bad one."""
        for name, value in (("user_id", user_id), ("api_token", api_token), ("api_secret", api_secret)):
            if not isinstance(value, str) or not value:
                raise InvalidParameterError(name, "is required and must be a non-empty string")
        endpoint = urlsplit(api_endpoint if isinstance(api_endpoint, str) else "")
        if (
            endpoint.scheme not in ("http", "https")
            or not endpoint.hostname
            or endpoint.query
            or endpoint.fragment
            or not api_endpoint.isprintable()
            or " " in api_endpoint
        ):
            raise InvalidParameterError("api_endpoint", f"expected an http(s) URL, got {api_endpoint!r}")
        if endpoint.username is not None or endpoint.password is not None:
            raise InvalidParameterError(
                "api_endpoint", "must not carry credentials; pass api_token/api_secret"
            )
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise InvalidParameterError("max_retries", f"expected an integer >= 0, got {max_retries!r}")
        if isinstance(max_connections, bool) or not isinstance(max_connections, int) or max_connections < 1:
            raise InvalidParameterError(
                "max_connections", f"expected an integer >= 1, got {max_connections!r}"
            )
        if not isinstance(api_version, str) or not api_version:
            raise InvalidParameterError("api_version", f"expected a non-empty string, got {api_version!r}")
        for name, text in (("user_id", user_id), ("api_version", api_version)):
            if not text.isprintable():
                raise InvalidParameterError(name, f"must be printable text, got {text!r}")
        if verify is not None and not isinstance(verify, bool | str):
            raise InvalidParameterError("verify", f"expected True, False or a CA bundle path, got {verify!r}")
        if proxies is not None and not (
            isinstance(proxies, Mapping)
            and all(isinstance(key, str) and isinstance(value, str | None) for key, value in proxies.items())
        ):  # None for a scheme bypasses the environment's proxy, as in requests
            raise InvalidParameterError("proxies", "expected a mapping of scheme to proxy URL strings")

        api_root = f"{api_endpoint.rstrip('/')}/{path_segment(api_version)}"
        return cls(
            user_id=user_id,
            origin=f"{endpoint.scheme}://{endpoint.netloc}".lower(),
            api_root=api_root,
            base_url=f"{api_root}/users/{path_segment(user_id)}",
            timeout=timeout_pair("timeout", timeout),
            max_retries=max_retries,
            max_connections=max_connections,
            deadline=checked_deadline("deadline", deadline),
        )


class TransportBase:
    """What every transport, sync or async, knows of its account and options, and does without I/O: the
    URLs under the account, whether a URL is the API's, each attempt's deadline, a copy with other bounds.

    Subclasses do the I/O; they call :meth:`_configure` first, and finish what :meth:`_with_bounds` copies.
    """

    origin: str
    """``scheme://host[:port]`` of the API: the only place credentials and links may go."""
    api_root: str
    base_url: str
    user_id: str
    timeout: tuple[float, float]
    deadline_option: float | None
    """The deadline as given (``None``: the timeout's sum, which follows a new timeout)."""
    max_retries: int

    def _configure(self, settings: Settings) -> None:
        self.origin = settings.origin
        self.api_root = settings.api_root
        self.base_url = settings.base_url
        self.user_id = settings.user_id
        self.timeout = settings.timeout
        self.deadline_option = settings.deadline
        self.max_retries = settings.max_retries

    @property
    def deadline(self) -> float:
        """Seconds one attempt may take in all: connecting, sending, the status line and headers, the body."""
        return attempt_deadline(self.timeout, self.deadline_option)

    def url(self, *segments: str) -> str:
        """The URL of a path under the account, each segment percent-encoded."""
        return account_url(self.base_url, segments)

    def is_own_url(self, url: str) -> bool:
        """Whether ``url`` is on the API's scheme, host and port (so credentials may be sent to it)."""
        return same_origin(url, self.origin)

    def check_own_url(self, url: str) -> None:
        """Refuse (:class:`~bandwidth.APIResponseValidationError`) a URL the API gave that is not on its own
        host, before the credentials go there (a recording's media URL)."""
        if not self.is_own_url(url):
            raise APIResponseValidationError(
                "refusing to send credentials to a URL outside the API host",
                method="GET",
                url=url,
                status_code=0,
            )

    def _with_bounds(
        self, timeout: Timeout | NotGiven = NOT_GIVEN, deadline: float | NotGiven | None = NOT_GIVEN
    ) -> Self:
        """A shallow copy (sharing the connections) with another timeout or deadline, checked.

        A deadline not given stays as it was: one given explicitly is kept, the default (the timeout's sum)
        follows the new timeout. The subclass resets what the copy must not share (who closes the pool).
        """
        derived = object.__new__(type(self))
        derived.__dict__.update(self.__dict__)
        if not isinstance(timeout, NotGiven):
            derived.timeout = timeout_pair("timeout", timeout)
        if not isinstance(deadline, NotGiven):
            derived.deadline_option = checked_deadline("deadline", deadline)
        return derived

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        return self

    def __reduce__(self) -> Any:
        raise TypeError(f"{type(self).__name__} holds credentials and open connections; it is not pickled")


def authorization(api_token: str, api_secret: str) -> str:
    """The ``Authorization`` header value for the API's basic auth."""
    token = base64.b64encode(f"{api_token}:{api_secret}".encode()).decode("ascii")
    return f"Basic {token}"


def environment_ca_bundle() -> str | None:
    """The CA bundle the environment names (``REQUESTS_CA_BUNDLE``, else ``CURL_CA_BUNDLE``), if any: what
    every transport trusts by default instead of certifi's bundle, read once when it is created."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


def timeout_pair(parameter: str, timeout: Timeout) -> tuple[float, float]:
    """``(connect, read)`` seconds from one number or a pair, each within ``0 < s <= MAX_TIMEOUT``."""
    if isinstance(timeout, tuple):
        if len(timeout) == 2 and all(_positive(part) for part in timeout):
            return (float(timeout[0]), float(timeout[1]))
    elif _positive(timeout):
        return (float(timeout), float(timeout))
    raise InvalidParameterError(
        parameter, f"expected seconds (0 < s <= {MAX_TIMEOUT:g}) or a (connect, read) pair, got {timeout!r}"
    )


def checked_deadline(parameter: str, deadline: float | None) -> float | None:
    """``deadline`` as seconds (``0 < s <= MAX_TIMEOUT``), or ``None`` for the default."""
    if deadline is None:
        return None
    if _positive(deadline):
        return float(deadline)
    raise InvalidParameterError(
        parameter, f"expected seconds (0 < s <= {MAX_TIMEOUT:g}) or None, got {deadline!r}"
    )


def attempt_deadline(timeout: tuple[float, float], deadline: float | None) -> float:
    """Seconds one attempt may take in all: ``deadline`` when given, else connect + read timeout."""
    return deadline if deadline is not None else timeout[0] + timeout[1]


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= MAX_TIMEOUT
