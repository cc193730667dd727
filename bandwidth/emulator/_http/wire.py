"""What every route shares: the :class:`Exchange` a handler gets, and the documented answer shapes.

Answers follow the wire format: camelCase JSON, ``201`` with an absolute ``Location`` for creates, ``Link``
headers (``first``, ``previous``, ``next``) on paginated lists. URLs in answers use the host the request was
sent to (:attr:`Exchange.base`), so they point back at the emulator whatever name the client used for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from ..._types import JSONObject, JSONValue
from .. import _errors as errors
from .._body import read_json_object
from .._limits import Limits

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "Exchange", "Handler", "Route", "empty", "json_answer"]

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 1000

Handler: TypeAlias = Callable[..., Response]
"""A route's handler: ``handler(exchange, **path_ids) -> Response``."""
Route: TypeAlias = tuple[str, str, Handler]
"""A path (werkzeug rule syntax), a method, and its handler."""


def json_answer(data: JSONValue, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """``data`` as a JSON answer."""
    text = json.dumps(data, ensure_ascii=False)
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate given through the Python API: escaped, still valid JSON
        body = json.dumps(data).encode("ascii")
    return Response(body, status, headers, content_type="application/json")


def empty(status: int = 200, location: str | None = None) -> Response:
    """An answer with no body (and a ``Location`` for a create)."""
    headers = {"Location": location} if location else None
    # No JSON content type on an empty body: clients (the original SDK among them) decode JSON by that header.
    response = Response(b"", status, headers)
    del response.headers["Content-Type"]
    return response


class Exchange:
    """One request as a handler sees it: the engine to act on, the body (bounded), the query, the base URL."""

    def __init__(self, engine: Engine, limits: Limits, request: Request) -> None:
        self.engine = engine
        self.limits = limits
        self.request = request

    @property
    def base(self) -> str:
        """The URL the request was sent to, up to the path: answers' URLs start with it."""
        return self.request.host_url.rstrip("/")

    def body(self) -> JSONObject:
        """The body as a JSON object (``{}`` when empty), within the emulator's limits."""
        return read_json_object(
            self.request, max_bytes=self.limits.max_body_bytes, max_depth=self.limits.max_json_depth
        )

    def query_int(self, name: str, resource: str, default: int, low: int, high: int) -> int:
        """An integer query parameter, ``default`` when absent or empty; else the documented ``400``s."""
        raw = self.request.args.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise errors.validation(
                f"The {resource} resource property {name} must be an integer", **{name: raw}
            ) from None
        if value < low:
            raise errors.greater_than(resource, name, low - 1, raw)
        if value > high:
            raise errors.exceeds(resource, name, high, raw)
        return value

    def page(self, resource: str) -> tuple[int, int]:
        """``page`` (from 0) and ``size`` (1..1000, default 25) from the query."""
        page = self.query_int("page", resource, 0, 0, 2**31)
        size = self.query_int("size", resource, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        return page, size

    def paginated(self, page: int, size: int, items: list[JSONObject], more: bool) -> Response:
        """One page of items with ``Link`` headers (``first``, ``previous``, ``next``)."""
        links = [("first", 0)]
        if page > 0:
            links.append(("previous", page - 1))
        if more:
            links.append(("next", page + 1))
        header = ", ".join(f'<{self._page_url(number, size)}>; rel="{rel}"' for rel, number in links)
        return json_answer(items, headers={"Link": header})  # type: ignore[arg-type]

    def _page_url(self, page: int, size: int) -> str:
        request = self.request
        query = [(key, value) for key, value in request.args.items(multi=True) if key not in ("page", "size")]
        query += [("page", str(page)), ("size", str(size))]
        return f"{self.base}{request.path}?{urlencode(query)}"
