"""What an endpoint function returns: the request to send and how to read its answer.

An :class:`Operation` is one exchange; a :class:`Listing` is the first page of a list, read page by page
(``Link: rel="next"``) by a paginator, which yields :class:`Page` objects. The *binding* handed to a
parser is whatever the models of the result are bound to (the client's transport): the core passes it
through without looking at it, so sync and async clients share every parser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, NoReturn, TypeAlias, TypeVar

from .http import Request, Response

__all__ = ["Binding", "Listing", "Operation", "Page", "Parser"]

R = TypeVar("R", covariant=True)
T = TypeVar("T")

Binding: TypeAlias = object
"""What parsed models are bound to, so their methods can make requests: opaque to the core."""
Parser: TypeAlias = Callable[[Response, Binding], R]


class Operation(Generic[R]):
    """One request, and how its successful answer becomes the endpoint's result. Immutable."""

    __slots__ = ("parse", "request")

    request: Request
    parse: Parser[R]
    """``parse(response, binding)``: the result of a 2xx answer (error answers never reach it)."""

    def __init__(self, request: Request, parse: Parser[R]) -> None:
        _set(self, "request", request)
        _set(self, "parse", parse)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"an {type(self).__name__} cannot be changed")

    def __repr__(self) -> str:
        return f"Operation({self.request!r}, parse={_name(self.parse)})"


class Listing(Generic[T]):
    """A list endpoint: the first page's request, how a page becomes items, and how many to hand out."""

    __slots__ = ("limit", "parse", "request")

    request: Request
    parse: Parser[list[T]]
    limit: int | None
    """The most items a walk yields in all (``None``: every item)."""

    def __init__(self, request: Request, parse: Parser[list[T]], limit: int | None = None) -> None:
        _set(self, "request", request)
        _set(self, "parse", parse)
        _set(self, "limit", limit)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"a {type(self).__name__} cannot be changed")

    def __repr__(self) -> str:
        return f"Listing({self.request!r}, parse={_name(self.parse)}, limit={self.limit!r})"


class Page(Generic[T]):
    """One page of a list: its items and the raw response (headers, ``Link``)."""

    __slots__ = ("items", "response")

    def __init__(self, items: list[T], response: Response) -> None:
        self.items: list[T] = items
        self.response: Response = response

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# Plain slotted classes rather than frozen dataclasses: as cheap to make per request, and defining them does
# not cost a millisecond of every ``import bandwidth``.
_set = object.__setattr__


def _name(function: object) -> str:
    return str(getattr(function, "__qualname__", function))
