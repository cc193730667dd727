"""What an endpoint function returns: the request to send and how to read its answer.

An :class:`Operation` is one exchange; a :class:`Listing` is the first page of a list, read page by page
(``Link: rel="next"``) by a paginator, which yields :class:`Page` objects. The *binding* handed to a
parser is whatever the models of the result are bound to (the client's transport): the core passes it
through without looking at it, so sync and async clients share every parser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

from .http import Request, Response

__all__ = ["Binding", "Listing", "Operation", "Page", "Parser"]

R = TypeVar("R", covariant=True)
T = TypeVar("T")

Binding: TypeAlias = object
"""What parsed models are bound to, so their methods can make requests: opaque to the core."""
Parser: TypeAlias = Callable[[Response, Binding], R]


@dataclass(frozen=True, slots=True)
class Operation(Generic[R]):
    """One request, and how its successful answer becomes the endpoint's result."""

    request: Request
    parse: Parser[R]
    """``parse(response, binding)``: the result of a 2xx answer (error answers never reach it)."""


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """A list endpoint: the first page's request, how a page becomes items, and how many to hand out."""

    request: Request
    parse: Parser[list[T]]
    limit: int | None = None
    """The most items a walk yields in all (``None``: every item)."""


class Page(Generic[T]):
    """One page of a list: its items and the raw response (headers, ``Link``)."""

    __slots__ = ("items", "response")

    def __init__(self, items: list[T], response: Response) -> None:
        self.items = items
        self.response = response

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
