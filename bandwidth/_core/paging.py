"""The walk from page to page of a list, shared by the sync and async paginators (no I/O here)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from .config import TransportBase
from .http import Response
from .links import next_page
from .operation import Page

__all__ = ["PaginatorBase", "Walk"]

T = TypeVar("T")


class Walk(Generic[T]):
    """One walk through a list's pages, with no I/O: which page to request next, and what each page hands out.

    A paginator, sync or async, loops::

        while (target := walk.next_request()) is not None:
            response = <GET target.url with target.params>
            yield walk.page(response, parse(response))

    The next link of a page is looked at only when the next page is asked for (a walk stopped after a page
    never judges its link). An empty page ends the walk, whatever its links say; so does reaching ``limit``
    items (the last page's items are cut to it).
    """

    __slots__ = ("_last", "_origin", "_params", "_remaining", "_seen", "_url")

    def __init__(self, url: str, params: Mapping[str, str | int], limit: int | None, origin: str) -> None:
        self._url: str | None = url
        self._params: Mapping[str, str | int] | None = params
        self._remaining = limit
        self._origin = origin
        self._seen: set[str] = set()
        self._last: Response | None = None

    def next_request(self) -> tuple[str, Mapping[str, str | int] | None] | None:
        """``(url, params)`` of the next page, or ``None`` when the walk is over.

        Raises :class:`~bandwidth.APIResponseValidationError` for a next link that must not be followed
        (see :func:`next_page`).
        """
        last, self._last = self._last, None
        if last is not None:
            self._url = next_page(last, self._origin, self._seen)
            self._params = None  # a next link carries its whole query
        if self._url is None:
            return None
        return self._url, self._params

    def page(self, response: Response, items: list[T]) -> Page[T]:
        """The page for ``response`` and its parsed ``items``, cut to what is left of the limit."""
        if not items:
            self._url = None
            return Page(items, response)
        if self._remaining is not None:
            items = items[: self._remaining]
            self._remaining -= len(items)
            if self._remaining <= 0:
                self._url = None
                return Page(items, response)
        self._last = response
        return Page(items, response)


class PaginatorBase(Generic[T]):
    """What a paginator holds, sync or async: the first page's URL and query, how a page becomes items, and
    the limit. Every iteration starts a fresh :class:`Walk` from them; subclasses send each page's request.
    """

    def __init__(
        self,
        transport: TransportBase,
        url: str,
        params: Mapping[str, str | int],
        parse: Callable[[Response], list[T]],
        *,
        limit: int | None = None,
    ) -> None:
        self._transport = transport
        self._url = url
        self._params = dict(params)
        self._parse = parse
        self._limit = limit

    def _walk(self) -> Walk[T]:
        return Walk(self._url, self._params, self._limit, self._transport.origin)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self._url!r}, params={self._params!r})"

    def __reduce__(self) -> Any:
        raise TypeError(f"{type(self).__name__} holds its client's transport; it is not pickled")
