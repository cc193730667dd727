"""Lazy, page-by-page async iteration over list endpoints, following ``Link: <...>; rel="next"``.

The walk (limit, empty pages, which link is followed) is :class:`~bandwidth._core.paging.Walk`, shared with
the sync paginator; this module only awaits each page.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator
from contextlib import aclosing
from typing import Any, TypeVar

from .._core.http import Response
from .._core.operation import Binding, Listing, Page
from .._core.paging import PaginatorBase
from .transport import AsyncTransport

__all__ = ["AsyncPaginator", "paginate"]

T = TypeVar("T")
U = TypeVar("U")


def paginate(
    transport: AsyncTransport, listing: Listing[T], binding: Binding | None = None
) -> AsyncPaginator[T]:
    """A lazy walk through the pages an endpoint described, its items bound to ``binding`` (the transport
    when not given)."""
    request = listing.request
    parse = listing.parse
    bound = transport if binding is None else binding

    def parse_page(response: Response) -> list[T]:
        return parse(response, bound)

    return AsyncPaginator(
        transport, transport.url(*request.path), request.query, parse_page, limit=listing.limit
    )


class AsyncPaginator(PaginatorBase[T]):
    """An async iterable over every item of a list endpoint (``async for item in ...``), fetching each page
    only when it is reached.

    ``await`` it for the first page alone (:class:`~bandwidth.Page`: its items and the raw answer). Each
    iteration starts a fresh walk from the first page, as the sync :class:`~bandwidth.Paginator` does:
    ``next`` links are followed only on the API's own scheme, host and port, never to a page already read,
    and for at most :data:`~bandwidth._core.links.MAX_PAGES` pages; an empty page ends the walk.
    """

    _transport: AsyncTransport

    def with_parser(self, parse: Callable[[Response], list[U]]) -> AsyncPaginator[U]:
        """The same walk, with pages decoded by ``parse``."""
        return AsyncPaginator(self._transport, self._url, self._params, parse, limit=self._limit)

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Yield each page with its response; a page is requested only once the previous one is used."""
        transport = self._transport
        walk = self._walk()
        while (target := walk.next_request()) is not None:
            response = await transport.request("GET", target[0], params=target[1])
            yield walk.page(response, self._parse(response))

    async def __aiter__(self) -> AsyncIterator[T]:
        async with aclosing(self.pages()) as pages:
            async for page in pages:
                for item in page.items:
                    yield item

    def __await__(self) -> Generator[Any, None, Page[T]]:
        """``await paginator``: the first page (one request), for a list the API answers in one page
        (``await bridge.calls()``, ``await conference.members()``); ``async for`` walks them all."""
        return self._first_page().__await__()

    async def _first_page(self) -> Page[T]:
        async with aclosing(self.pages()) as pages:
            async for page in pages:
                return page
        raise AssertionError("a walk yields at least its first page")  # pragma: no cover

    async def first(self) -> T | None:
        """The first item, or ``None`` for an empty list (one request)."""
        async with aclosing(self.pages()) as pages:
            async for page in pages:
                return page.items[0] if page.items else None
        return None
