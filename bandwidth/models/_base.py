"""What every resource model shares: field naming, tolerant parsing, and the link to a client.

Models are frozen snapshots. The binding to the client that produced a model (its transport) rides along
outside the fields, so equality, ``repr``, dumps and pickles never include it (or the credentials it holds).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, Field, ValidationError
from pydantic.alias_generators import to_camel
from pydantic_core import core_schema

from .._core.http import Response
from .._core.operation import Binding
from .._exceptions import DetachedModelError
from .._redact import redact_url

if TYPE_CHECKING:
    from pydantic import TypeAdapter
    from typing_extensions import Self

    from .._async.transport import AsyncTransport
    from .._sync.transport import Transport

__all__ = ["BandwidthModel", "Open", "OpenEnum", "Timestamp", "UnknownValue", "last_segment"]

M = TypeVar("M", bound="BandwidthModel")


class OpenEnum(str, Enum):
    """A server value set. Fields typed ``Open[X]`` hold an ``X`` member, or an :class:`UnknownValue` (a
    ``str``) for a value the API added later, so new values never break parsing."""

    def __str__(self) -> str:
        return str(self.value)


class UnknownValue(str):
    """A value of an open set (``Open[X]``) that this SDK does not list yet: a ``str`` in every way.

    It is a class of its own so that type checkers keep the enum in a field's type: ``CallState |
    UnknownValue`` stays that union, where ``CallState | str`` collapses to ``str`` (``CallState`` is a
    ``str``), and completion of the members is lost. Compare it as any string (``==``, ``match``); dumped
    (``model_dump``, JSON) and pickled, it is the string the API sent.
    """

    __slots__ = ()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls, core_schema.str_schema(), serialization=core_schema.to_string_ser_schema(when_used="always")
        )


E = TypeVar("E", bound=OpenEnum)

Open = Annotated[E | UnknownValue, Field(union_mode="left_to_right")]
"""``E | UnknownValue``, tried left to right: known values come back as members of ``E``, any other string
as an :class:`UnknownValue`."""


_TIMESTAMP = (
    r"(?i)(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?"
)
"""The timestamps :func:`_repair_timestamp` reads; ``re`` compiles it on its first use (not on import)."""


def _repair_timestamp(value: object) -> datetime:
    """Read what the fast UTC-only parser refused, and convert it to UTC.

    That is: times with another offset (including hours-only ones such as ``-03``), naive times (the API
    documents UTC), and overflowing fields: a documented example carries seconds past 59, which are carried
    into the next minute rather than failing the whole resource.
    """
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, str):
        match = re.fullmatch(_TIMESTAMP, value.strip())
        if match:
            year, month, day, hour, minute, second, fraction, offset = match.groups()
            try:
                moment = datetime(int(year), int(month), int(day), tzinfo=timezone.utc) + timedelta(
                    hours=int(hour),
                    minutes=int(minute),
                    seconds=int(second or 0),
                    microseconds=round(float(f"0.{fraction}") * 1e6) if fraction else 0,
                )
            except (ValueError, OverflowError):
                pass
            else:
                if offset and offset.upper() != "Z":
                    digits = offset[1:].replace(":", "")
                    shift = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
                    moment = moment - shift if offset[0] == "+" else moment + shift
                return moment
    raise ValueError(f"not an ISO 8601 timestamp or epoch milliseconds: {value!r}")


class _TimestampSchema:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        # Well-formed UTC values (nearly all the API sends) are parsed natively, fast; only the rest go
        # through Python, which converts them to UTC.
        return core_schema.union_schema(
            [
                core_schema.datetime_schema(tz_constraint=0),
                core_schema.no_info_plain_validator_function(_repair_timestamp),
            ],
            mode="left_to_right",
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda moment: moment.isoformat().replace("+00:00", "Z"), when_used="json"
            ),
        )


Timestamp = Annotated[datetime, _TimestampSchema]
"""An aware UTC datetime, from ISO 8601 text or epoch milliseconds."""


class BandwidthModel(
    BaseModel,
    alias_generator=to_camel,
    validate_by_name=True,
    validate_by_alias=True,
    extra="allow",
    protected_namespaces=(),
    frozen=True,
    defer_build=True,
):
    """Base of the resource models: camelCase aliases, unknown fields kept, frozen.

    Every model builds its validator on first use (``defer_build``), not on import: an application pays
    only for the models it receives (a first ``calls.get`` builds ``Call`` alone).

    The configuration is given as class keywords, so type checkers read it too: ``frozen=True`` (repeated on
    every subclass, as dataclass_transform asks) makes them refuse assignments to fields and accept the
    narrower field types of subclasses (an event's ``Literal`` ``event_type``).
    """

    _list_adapter: ClassVar[TypeAdapter[Any] | None] = None
    _methods: ClassVar[Literal["sync", "async"] | None] = None
    """Which client the model's methods are for: ``sync`` (``Call``), ``async`` (``AsyncCall``), or ``None``
    for a model without methods (``Transcription``), which either client returns and binds."""

    # -- binding to a client -----------------------------------------------------------------------------
    # The transport is kept in pydantic's private-state slot without declaring a private attribute: declaring
    # one makes pydantic run a Python hook for every instance, which triples the cost of parsing a list.

    def _bind(self, binding: Binding) -> Self:
        object.__setattr__(self, "__pydantic_private__", {"transport": binding})
        return self

    def _binding(self) -> Any:
        state = self.__pydantic_private__
        transport = state.get("transport") if state else None
        if transport is None:
            client = "an AsyncClient" if self._methods == "async" else "a Client"
            raise DetachedModelError(
                f"this {type(self).__name__} is not bound to a client; get it through {client} "
                f"(or client.bind(model)) to call its methods"
            )
        return transport

    @property
    def _transport(self) -> Transport:
        """The sync client's transport this model is bound to (the methods of ``Call``, ``Bridge`` ...)."""
        return self._binding()  # type: ignore[no-any-return]

    @property
    def _async_transport(self) -> AsyncTransport:
        """The async client's transport this model is bound to (the methods of ``AsyncCall`` ...)."""
        return self._binding()  # type: ignore[no-any-return]

    @property
    def is_bound(self) -> bool:
        """Whether the model came from a client and can make requests."""
        state = self.__pydantic_private__
        return bool(state and state.get("transport") is not None)

    @classmethod
    def _from_response(cls, response: Response, binding: Binding) -> Self:
        """Validate one resource straight from the response bytes."""
        try:
            model = cls.model_validate_json(response.content)
        except ValidationError as error:
            raise response.invalid(f"the {cls.__name__} in the response is malformed: {error}") from error
        return model._bind(binding)

    @classmethod
    def _list_from_response(cls, response: Response, binding: Binding) -> list[Self]:
        """Validate a page (a JSON array) straight from the response bytes."""
        adapter = cls.__dict__.get("_list_adapter")
        if adapter is None:
            from pydantic import TypeAdapter  # (pydantic.type_adapter loads on the first list, not on import)

            adapter = TypeAdapter(list[cls])  # type: ignore[valid-type]
            cls._list_adapter = adapter
        if response.content.strip() in (b"", b"null"):  # as the dict facade reads them: no items
            return []
        try:
            models: list[Self] = adapter.validate_json(response.content)
        except ValidationError as error:
            raise response.invalid(f"a {cls.__name__} in the list is malformed: {error}") from error
        state = {"transport": binding}
        for model in models:
            object.__setattr__(model, "__pydantic_private__", state)
        return models

    @classmethod
    def _handle(cls, binding: Binding, **fields: Any) -> Self:
        """A bound model holding only the given fields, made without a request."""
        # (the pydantic mypy plugin types model_construct as returning the base class, not Self)
        return cls.model_construct(**fields)._bind(binding)  # type: ignore[return-value, unused-ignore]

    # -- value semantics ---------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, BandwidthModel)
        return self.__dict__ == other.__dict__ and self.__pydantic_extra__ == other.__pydantic_extra__

    def __hash__(self) -> int:
        return hash((type(self), self.__dict__.get("id")))

    def __repr_args__(self) -> Any:
        # A callback URL may carry basic-auth credentials (https://user:password@host/...): a repr (and so a
        # log line or a traceback showing the model) hides the password; the field keeps it.
        for name, value in super().__repr_args__():
            yield name, redact_url(value) if isinstance(value, str) else value

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        state["__pydantic_private__"] = None
        return state


def last_segment(url: str | None) -> str | None:
    """The last path segment of a resource URL (its id), or ``None``."""
    if not url:
        return None
    segment = urlsplit(url).path.rstrip("/").rpartition("/")[2]
    return unquote(segment) or None
