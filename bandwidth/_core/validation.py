"""Checks on caller input, run before any request so bad input never reaches the wire.

Each check raises :class:`InvalidParameterError` naming the parameter, and returns the value to send.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

from .._exceptions import InvalidParameterError
from .._types import HasId

_T = TypeVar("_T")

DTMF_OUT = re.compile(r"[A-D0-9#*,wW]+")
"""Characters ``send_dtmf`` accepts: keypad digits, A-D, and the pauses ``,``, ``w`` and ``W``."""
DTMF_KEYS = re.compile(r"[A-D0-9#*]+")
"""Characters that can end a gather: keypad digits and A-D."""

MAX_PAGE_SIZE = 1000
MAX_SIP_HEADERS = 5
MAX_SIP_HEADER_LENGTH = 256
MAX_DTMF_OUT = 92
MAX_SENTENCE = 1000


def resource_id(parameter: str, value: str | HasId) -> str:
    """The id from an id string or a model, refusing empty or non-string ids."""
    found = value.id if not isinstance(value, str) and isinstance(value, HasId) else value
    if not isinstance(found, str):
        raise InvalidParameterError(
            parameter, f"expected an id string or a model, got {type(value).__name__}"
        )
    if not found:
        raise InvalidParameterError(parameter, "must not be empty")
    return found


def required_text(parameter: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidParameterError(parameter, f"expected a string, got {type(value).__name__}")
    if not value:
        raise InvalidParameterError(parameter, "is required and must not be empty")
    return value


def text(parameter: str, value: object, max_length: int | None = None) -> str:
    if not isinstance(value, str):
        raise InvalidParameterError(parameter, f"expected a string, got {type(value).__name__}")
    if max_length is not None and len(value) > max_length:
        raise InvalidParameterError(parameter, f"at most {max_length} characters, got {len(value)}")
    return value


def boolean(parameter: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidParameterError(parameter, f"expected True or False, got {value!r}")
    return value


def number(parameter: str, value: object, low: float, high: float) -> float:
    """An int or float within ``low..high`` (bools are refused: ``True`` is not a count)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidParameterError(parameter, f"expected a number, got {value!r}")
    if not low <= value <= high:
        raise InvalidParameterError(parameter, f"must be between {low:g} and {high:g}, got {value!r}")
    return value


def integer(parameter: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidParameterError(parameter, f"expected an integer, got {value!r}")
    if not low <= value <= high:
        raise InvalidParameterError(parameter, f"must be between {low} and {high}, got {value!r}")
    return value


def choice(parameter: str, value: object, allowed: Collection[_T], *, fold_case: bool = False) -> _T:
    """One of ``allowed``; with ``fold_case``, matched ignoring case and returned as listed."""
    if isinstance(value, str) and fold_case:
        for option in allowed:
            if isinstance(option, str) and option.lower() == value.lower():
                return option
    elif value in allowed:
        return value  # type: ignore[return-value]
    options = ", ".join(repr(option) for option in allowed)
    raise InvalidParameterError(parameter, f"must be one of {options}; got {value!r}")


def page_size(parameter: str, value: object) -> int:
    return integer(parameter, value, 1, MAX_PAGE_SIZE)


def dtmf(parameter: str, value: object, pattern: re.Pattern[str], max_length: int | None = None) -> str:
    digits = required_text(parameter, value)
    if not pattern.fullmatch(digits):
        raise InvalidParameterError(parameter, f"{digits!r} has characters outside {pattern.pattern}")
    if max_length is not None and len(digits) > max_length:
        raise InvalidParameterError(parameter, f"at most {max_length} characters, got {len(digits)}")
    return digits


def sip_headers(parameter: str, value: object) -> dict[str, str]:
    """At most five ``X-`` headers, names and values up to 256 characters; sent unchanged."""
    if not isinstance(value, Mapping):
        raise InvalidParameterError(parameter, f"expected a mapping of header names to values, got {value!r}")
    if len(value) > MAX_SIP_HEADERS:
        raise InvalidParameterError(parameter, f"at most {MAX_SIP_HEADERS} headers, got {len(value)}")
    headers: dict[str, str] = {}
    for name, header_value in value.items():
        if not isinstance(name, str) or not name[:2].upper() == "X-" or len(name) <= 2:
            raise InvalidParameterError(parameter, f"header names must start with 'X-', got {name!r}")
        if not isinstance(header_value, str):
            raise InvalidParameterError(parameter, f"header {name!r} must have a string value")
        if len(name) > MAX_SIP_HEADER_LENGTH or len(header_value) > MAX_SIP_HEADER_LENGTH:
            raise InvalidParameterError(
                parameter,
                f"header {name!r}: name and value are limited to {MAX_SIP_HEADER_LENGTH} characters",
            )
        headers[name] = header_value
    return headers


def id_list(parameter: str, values: object) -> list[str]:
    """A list of ids (or models); a bare string is refused, since it would be read as a list of letters."""
    if isinstance(values, str | bytes) or not isinstance(values, Collection):
        raise InvalidParameterError(parameter, f"expected a list of ids, got {values!r}")
    return [resource_id(parameter, value) for value in values]


def collision(extra: str, parameter: str) -> InvalidParameterError:
    """The error for an extra field (``"extra_body.callbackUrl"``) that the named ``parameter`` sends too.

    Refused whether or not ``parameter`` was given: an extra must not bypass the parameter's checks, nor be
    silently overwritten by it (as 3.1 did).
    """
    field = extra.rpartition(".")[2]
    return InvalidParameterError(
        extra,
        f"the request sends {field!r} itself, for the parameter {parameter}; an extra cannot replace it",
        conflicts_with=parameter,
    )


@contextmanager
def renamed(names: Mapping[str, str]) -> Iterator[None]:
    """Report errors under the caller's parameter names when a method delegates under other names.

    ``names`` maps the callee's name to the caller's; a name mapped to ``""`` is dropped from the front
    (the facade's extra keywords are ``extra_body.<key>`` to the typed layer, ``<key>`` to its caller).
    """
    try:
        yield
    except InvalidParameterError as error:
        renamed_error = rename(names, error)
        if renamed_error is error:
            raise
        raise renamed_error from None


def rename(names: Mapping[str, str], error: InvalidParameterError) -> InvalidParameterError:
    """``error`` under the caller's names (see :func:`renamed`); ``error`` itself when no name changes."""
    parameter = _rename(names, error.parameter)
    other = error.conflicts_with and _rename(names, error.conflicts_with)
    if parameter == error.parameter and other == error.conflicts_with:
        return error
    if other:
        return collision(parameter, other)
    return InvalidParameterError(parameter, error.problem)


def _rename(names: Mapping[str, str], parameter: str) -> str:
    head, dot, rest = parameter.partition(".")
    if head not in names:
        return parameter
    new = names[head]
    return new + dot + rest if new else rest or parameter
