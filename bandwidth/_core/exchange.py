"""What every transport does around its I/O: the request's URL, headers and body before sending, what the
answer means after (an error status raised, JSON nested too deep refused), and the DEBUG lines.

A transport, sync or async, runs::

    url, headers, body = prepare(url, params, json_body, base_headers)
    started = time.perf_counter()
    response = <send, retrying as retry decides, and read the body>
    return answered(response, started)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Final
from urllib.parse import urlsplit

from .._types import JSONValue, NotGiven
from .errors import status_error
from .http import Response, encode_body, encode_query

__all__ = ["CLOSED", "answered", "base_headers", "logger", "prepare", "retrying"]

logger = logging.getLogger("bandwidth")

CLOSED: Final = "this client is closed"
"""The message of the error a closed transport raises for any request."""


def base_headers(user_agent: str, authorization: str) -> dict[str, str]:
    """The headers of every request: who sends it, what it accepts, and the account's credentials."""
    return {"User-Agent": user_agent, "Accept": "application/json", "Authorization": authorization}


def prepare(
    url: str,
    params: Mapping[str, str | int] | None,
    json_body: JSONValue | NotGiven,
    headers: Mapping[str, str],
) -> tuple[str, Mapping[str, str], bytes | None]:
    """The URL with its query string, the headers and the body bytes of a request.

    ``url`` is absolute; ``params`` are appended as its query; a JSON body adds its ``Content-Type``. Values
    no URL or JSON can carry raise :class:`~bandwidth.InvalidParameterError` before anything is sent.
    """
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{encode_query(params)}"
    if isinstance(json_body, NotGiven):
        return url, headers, None
    return url, {**headers, "Content-Type": "application/json"}, encode_body(json_body)


def answered(response: Response, started: float) -> Response:
    """``response`` once it is known to be a success: an error status raises its exception, a body nesting
    deeper than the bound raises :class:`~bandwidth.APIResponseValidationError`. Logs the exchange at DEBUG
    (method, path, status, time since ``started``, a ``time.perf_counter()``): never a header or a query."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s -> %s in %.1f ms",
            response.method,
            urlsplit(response.url).path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
    if response.status_code >= 300:
        raise status_error(response)
    response.check_nesting()
    return response


def retrying(method: str, url: str, reason: str) -> None:
    """The DEBUG line for another attempt: method, path and why (never a header or a query)."""
    logger.debug("%s %s: %s; retrying", method, urlsplit(url).path, reason)
