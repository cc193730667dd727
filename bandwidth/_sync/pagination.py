"""Lazy, page-by-page iteration over list endpoints, following ``Link: <...>; rel="next"``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from .._core.http import Response
from .._core.operation import Listing, Page
from .._core.paging import PaginatorBase
from .transport import Transport

__all__ = ["Page", "Paginator", "paginate"]

T = TypeVar("T")
U = TypeVar("U")


def paginate(transport: Transport, listing: Listing[T]) -> Paginator[T]:
    """A lazy walk through the pages an endpoint described, its items bound to ``transport``."""
    request = listing.request
    parse = listing.parse

    def parse_page(response: Response) -> list[T]:
        return parse(response, transport)

    return Paginator(transport, transport.url(*request.path), request.query, parse_page, limit=listing.limit)


class Paginator(PaginatorBase[T]):
    """An iterable over every item of a list endpoint, fetching each page only when it is reached.

    Each iteration starts a fresh walk (:class:`~bandwidth._core.paging.Walk`) from the first page. ``next``
    links are followed as given (a relative one resolved against its page), only on the API's own scheme and
    host, never to a page already read (compared as the request sent: no fragment, the query in any order)
    and for at most :data:`~bandwidth._core.links.MAX_PAGES` pages, so a loop ends with an error, not
    forever. An empty page ends the walk, whatever its links say.
    """

    _transport: Transport

    def with_parser(self, parse: Callable[[Response], list[U]]) -> Paginator[U]:
        """The same walk, with pages decoded by ``parse`` (the dict facade uses this)."""
        return Paginator(self._transport, self._url, self._params, parse, limit=self._limit)

    def pages(self) -> Iterator[Page[T]]:
        """Yield each page with its response; a page is requested only once the previous one is used."""
        transport = self._transport
        walk = self._walk()
        while (target := walk.next_request()) is not None:
            response = transport.request("GET", target[0], params=target[1])
            yield walk.page(response, self._parse(response))

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def first(self) -> T | None:
        """The first item, or ``None`` for an empty list (one request)."""
        return next(iter(self), None)
