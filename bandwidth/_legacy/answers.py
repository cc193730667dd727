"""What the API's answers become in the dict facade: 3.1's dicts, every key in snake_case.

Typed ``dict[str, Any]`` on purpose: 3.1 code reads ``call["state"]`` into a ``str`` and must keep
type-checking.

Values stay as the API sent them; only object keys change (``chargeableDuration`` -> ``chargeable_duration``),
except inside maps whose keys belong to the user (``sipHeaders``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypeVar

from .._core.http import Response
from .._sync.pagination import Paginator
from .._types import JSONValue
from ..models._base import last_segment

__all__ = ["dicts", "legacy_keys", "legacy_object", "with_media_name"]

_T = TypeVar("_T")

_WORD_BOUNDARY = r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"  # compiled by ``re`` on first use
_USER_OWNED = frozenset({"sipHeaders"})
"""Maps whose keys belong to the user and are passed through as they are."""
_snake_names: dict[str, str] = {}


def _snake(key: str) -> str:
    name = _snake_names.get(key)
    if name is None:
        name = re.sub(_WORD_BOUNDARY, "_", key).lower()
        if len(_snake_names) < 4096:
            _snake_names[key] = name
    return name


def legacy_keys(value: JSONValue) -> JSONValue:
    """``value`` with every object key in snake_case, as the original SDK returned it."""
    if isinstance(value, dict):
        return _snake_object(value)
    if isinstance(value, list):
        return _snake_list(value)
    return value


# The two helpers below run for every field of every item of a facade list: scalars, by far the most
# common values, pass through on one type check, and only objects and arrays recurse.


def _snake_object(source: dict[str, JSONValue]) -> dict[str, JSONValue]:
    converted: dict[str, JSONValue] = {}
    names = _snake_names
    for key, item in source.items():
        if isinstance(item, dict):
            if key not in _USER_OWNED:
                item = _snake_object(item)
        elif isinstance(item, list):
            item = _snake_list(item)
        converted[names.get(key) or _snake(key)] = item
    return converted


def _snake_list(source: list[JSONValue]) -> list[JSONValue]:
    return [
        _snake_object(item)
        if isinstance(item, dict)
        else _snake_list(item)
        if isinstance(item, list)
        else item
        for item in source
    ]


def legacy_object(response: Response) -> dict[str, Any]:
    """The answer's JSON object as a 3.1 dict."""
    return _converted(response, response.json_object())


def _legacy_page(response: Response) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for item in response.json_list():
        if not isinstance(item, dict):
            raise response.invalid(
                f"expected a list of JSON objects, got an item of type {type(item).__name__}"
            )
        items.append(_converted(response, item))
    return items


def _converted(response: Response, item: dict[str, JSONValue]) -> dict[str, Any]:
    try:
        return _snake_object(item)
    except RecursionError:  # json.loads nests deeper than Python recursion goes back out
        raise response.invalid("the response nests too deeply to convert") from None


def dicts(paginator: Paginator[_T]) -> Iterator[dict[str, Any]]:
    """A generator of 3.1 dicts over the same lazy walk as the typed list."""
    return iter(paginator.with_parser(_legacy_page))


def with_media_name(recording: dict[str, Any]) -> dict[str, Any]:
    """A recording dict with 3.1's ``media_name``: the last segment of its media URL."""
    media = recording.get("media")
    recording["media_name"] = last_segment(media if isinstance(media, str) else None) or ""
    return recording
