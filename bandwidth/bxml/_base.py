"""What every verb shares: the base class, the field metadata that maps Python names to BXML names, and the
one serialiser that writes any verb from that metadata."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Final, TypeAlias

from ._xml import escape_attribute, escape_text

_NAME: Final = "bxml"
_KIND: Final = "bxml_kind"
_ROLE: Final = "bxml_role"

AttributeKind: TypeAlias = "type[str] | type[int] | type[bool]"


def attribute(name: str, kind: AttributeKind = str) -> Mapping[str, object]:
    """Field metadata: this field is the XML attribute ``name``, whose text reads as ``kind``."""
    return {_NAME: name, _KIND: kind}


TEXT: Final[Mapping[str, object]] = {_ROLE: "text"}
"""Field metadata: this field is the element's text, read as it is (a sentence)."""

TRIMMED_TEXT: Final[Mapping[str, object]] = {_ROLE: "trimmed text"}
"""Field metadata: this field is the element's text, read without surrounding white space (a URL, digits)."""

NESTED: Final[Mapping[str, object]] = {_ROLE: "nested"}
"""Field metadata: this field is the tuple of nested verbs."""


class Verb:
    """Base class of the BXML verbs (and of ``PhoneNumber``, which only ``Transfer`` nests)."""

    __slots__ = ()

    TAG: ClassVar[str]
    """The element name, as the API spells it."""

    def __repr__(self) -> str:
        """The call that builds this verb: its text or nested verbs, then the attributes that are set."""
        spec = spec_of(type(self))
        parts = [repr(getattr(self, spec.text))] if spec.text else []
        parts += [repr(verb) for verb in getattr(self, spec.nested)] if spec.nested else []
        for attribute_spec in spec.attributes:
            value = getattr(self, attribute_spec.field)
            if value is not None:
                parts.append(f"{attribute_spec.field}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


@dataclass(frozen=True)
class AttributeSpec:
    field: str
    name: str
    kind: AttributeKind


@dataclass(frozen=True)
class VerbSpec:
    tag: str
    attributes: tuple[AttributeSpec, ...]
    by_name: Mapping[str, AttributeSpec]
    required: frozenset[str]
    text: str | None
    trim_text: bool
    nested: str | None


_SPECS: dict[type[Verb], VerbSpec] = {}


def spec_of(cls: type[Verb]) -> VerbSpec:
    """The XML shape of a verb class, read once from its dataclass fields."""
    spec = _SPECS.get(cls)
    if spec is None:
        spec = _SPECS[cls] = _read_spec(cls)
    return spec


def _read_spec(cls: type[Verb]) -> VerbSpec:
    attributes: list[AttributeSpec] = []
    required: set[str] = set()
    text = nested = None
    trim_text = False
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]  # every concrete verb is a dataclass
        metadata = field.metadata
        role = metadata.get(_ROLE)
        if _NAME in metadata:
            kind = metadata[_KIND]
            assert kind is str or kind is int or kind is bool
            attributes.append(AttributeSpec(field.name, str(metadata[_NAME]), kind))
            if field.default is dataclasses.MISSING:
                required.add(str(metadata[_NAME]))
        elif role in ("text", "trimmed text"):
            text = field.name
            trim_text = role == "trimmed text"
        elif role == "nested":
            nested = field.name
    by_name = {spec.name: spec for spec in attributes}
    return VerbSpec(cls.TAG, tuple(attributes), by_name, frozenset(required), text, trim_text, nested)


def xml_name(cls: type[Verb], field: str) -> str | None:
    """The XML attribute name of a verb's field, ``None`` for its text or nested verbs."""
    for spec in spec_of(cls).attributes:
        if spec.field == field:
            return spec.name
    return None


def format_value(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write(verb: Verb, out: list[str]) -> None:
    """Append ``verb`` as XML to ``out``: given attributes in field order, then its text or nested verbs."""
    spec = spec_of(type(verb))
    out.append(f"<{spec.tag}")
    for attribute_spec in spec.attributes:
        value = getattr(verb, attribute_spec.field)
        if value is not None:
            out.append(f' {attribute_spec.name}="{escape_attribute(format_value(value))}"')
    text: str | None = getattr(verb, spec.text) if spec.text else None
    nested: tuple[Verb, ...] = getattr(verb, spec.nested) if spec.nested else ()
    if text is None and not nested:
        out.append("/>")
        return
    out.append(">")
    if text is not None:
        out.append(escape_text(text))
    for child in nested:
        write(child, out)
    out.append(f"</{spec.tag}>")
