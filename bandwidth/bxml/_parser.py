"""Reading BXML: ``parse(xml_text) -> Response``, hardened for documents from anywhere.

The defusedxml rules, with the standard library's expat: no DTD at all (so no entity declarations, no
billion laughs, no external entities, no network or file access), no processing instructions, UTF-8 only,
at most 16 KB (the API's own limit) and elements at most three deep (``Response``, a verb, what it nests).
Each refusal is a :class:`BXMLParseError`, raised as soon as expat reports the offending construct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, NoReturn, cast
from xml.parsers import expat

from ._base import AttributeSpec, Verb, spec_of, xml_name
from ._errors import BXMLParseError, InvalidBXMLError
from ._xml import MAX_DOCUMENT_BYTES
from .response import AnyVerb, Response
from .verbs import NESTABLE, VERBS, PhoneNumber

__all__ = ["MAX_DEPTH", "parse"]

MAX_DEPTH: Final = 3
"""Deepest element nesting BXML has: ``<Response><Transfer><PhoneNumber>``."""

_INTEGER: Final = re.compile(r"[+-]?[0-9]{1,12}")
_UTF8: Final = frozenset({"utf-8", "utf8"})


@dataclass
class _Element:
    tag: str
    attributes: dict[str, str]
    line: int
    column: int
    text: list[str] = field(default_factory=list[str])
    children: list[_Element] = field(default_factory=list["_Element"])


def parse(xml_text: str | bytes | bytearray | memoryview) -> Response:
    """Read a BXML document into typed verbs: ``parse(response.to_xml()) == response``.

    Bytes (``bytes``, ``bytearray`` or a ``memoryview``) must be UTF-8 (a byte order mark is allowed); a
    declared encoding must be UTF-8 too.

    Raises:
        BXMLParseError: The document is not well-formed XML, uses a DTD, entities or processing
            instructions, is over 16 KB or nested too deep, or is not valid BXML (unknown verb or attribute,
            bad value, verb nested where it may not be); the error names the line, verb and attribute.
        TypeError: ``xml_text`` is neither ``str`` nor bytes.
    """
    text = _decode(xml_text)  # sized and decoded before any parser exists
    return _response(_Reader().read(text))


def _decode(xml_text: str | bytes | bytearray | memoryview) -> str:
    if isinstance(xml_text, (bytes, bytearray, memoryview)):
        data = bytes(xml_text)
        _check_size(len(data))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BXMLParseError(f"not UTF-8 (byte {error.start}); BXML documents are UTF-8") from None
    elif isinstance(xml_text, str):
        _check_size(len(xml_text))  # a character is at least one byte: no need to encode a huge string
        try:
            _check_size(len(xml_text.encode("utf-8")))
        except UnicodeEncodeError:
            raise BXMLParseError("the text holds a lone surrogate, which XML cannot carry") from None
        text = xml_text
    else:
        raise TypeError(f"parse() takes the document as str or bytes, got {type(xml_text).__name__}")
    return text.removeprefix("\ufeff")


def _check_size(size: int) -> None:
    if size > MAX_DOCUMENT_BYTES:
        raise BXMLParseError(f"the document is over the BXML limit of {MAX_DOCUMENT_BYTES} bytes (16 KB)")


class _Reader:
    """Builds a small element tree with expat, refusing every construct BXML does not need."""

    def __init__(self) -> None:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.XmlDeclHandler = self._declaration
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.UnparsedEntityDeclHandler = self._entity
        parser.NotationDeclHandler = self._entity
        parser.ExternalEntityRefHandler = self._external_entity
        parser.ProcessingInstructionHandler = self._processing_instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self._parser = parser
        self._open: list[_Element] = []
        self._root: _Element | None = None

    def read(self, text: str) -> _Element:
        try:
            self._parser.Parse(text, True)
        except expat.ExpatError as error:
            reason = expat.ErrorString(error.code) or "not well-formed"
            line, column = error.lineno, error.offset + 1
            raise BXMLParseError(f"not well-formed XML: {reason}", line=line, column=column) from None
        assert self._root is not None  # expat refuses a document without an element
        return self._root

    def _refuse(self, reason: str) -> NoReturn:
        parser = self._parser
        raise BXMLParseError(reason, line=parser.CurrentLineNumber, column=parser.CurrentColumnNumber + 1)

    def _declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        if encoding is not None and encoding.lower() not in _UTF8:
            self._refuse(f"declares encoding {encoding[:40]!r}; BXML documents are UTF-8")

    def _doctype(self, *args: object) -> None:
        self._refuse("a DTD (<!DOCTYPE>) is not allowed in BXML")

    def _entity(self, *args: object) -> None:
        self._refuse("entity and notation declarations are not allowed in BXML")

    def _external_entity(self, *args: object) -> int:
        self._refuse("external entities are not allowed in BXML")

    def _processing_instruction(self, target: str, data: str) -> None:
        self._refuse(f"processing instructions (<?{target[:40]} ...?>) are not allowed in BXML")

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        parser = self._parser
        element = _Element(tag, attributes, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        if self._open:
            if len(self._open) >= MAX_DEPTH:
                parent = self._open[-1].tag
                raise BXMLParseError(
                    f"cannot contain <{tag[:40]}>: BXML nests at most {MAX_DEPTH} levels",
                    line=element.line,
                    column=element.column,
                    verb=parent,
                )
            self._open[-1].children.append(element)
        else:
            self._root = element
        self._open.append(element)

    def _end(self, tag: str) -> None:
        self._open.pop()

    def _text(self, data: str) -> None:
        if self._open:
            self._open[-1].text.append(data)


def _fail(element: _Element, reason: str, attribute: str | None = None, verb: str | None = None) -> NoReturn:
    raise BXMLParseError(
        reason, line=element.line, column=element.column, verb=verb or element.tag[:40], attribute=attribute
    )


def _show(value: str) -> str:
    return repr(value) if len(value) <= 40 else repr(value[:40]) + "..."


def _response(root: _Element) -> Response:
    if root.tag != "Response":
        hint = " (bandwidth-sdk 3.1 wrapped it in <xml>)" if root.tag == "xml" else ""
        _fail(root, f"the document element must be <Response>{hint}")
    for name in root.attributes:
        _fail(root, "unknown attribute: <Response> takes none", attribute=name[:40])
    _no_text(root)
    verbs: list[AnyVerb] = []
    for child in root.children:
        cls = VERBS.get(child.tag)
        if cls is None:
            _fail(child, f"unknown verb; BXML verbs are {', '.join(sorted(set(VERBS) - {'PhoneNumber'}))}")
        if cls is PhoneNumber:
            _fail(child, "<PhoneNumber> goes inside <Transfer>")
        verbs.append(cast("AnyVerb", _verb(child, cls)))  # every verb but PhoneNumber is top-level
    return Response(*verbs)


def _verb(element: _Element, cls: type[Verb]) -> Verb:
    spec = spec_of(cls)
    keywords: dict[str, object] = {}
    for name, raw in element.attributes.items():
        attribute = spec.by_name.get(name)
        if attribute is None:
            known = ", ".join(spec.by_name) or "none"
            _fail(element, f"unknown attribute; <{spec.tag}> takes: {known}", attribute=name[:40])
        keywords[attribute.field] = _value(element, attribute, raw)
    for name in sorted(spec.required - set(element.attributes)):
        _fail(element, "this required attribute is missing", attribute=name)

    positional: list[object] = []
    text = "".join(element.text)
    if spec.text is not None:
        positional.append(text.strip() if spec.trim_text else text)
    else:
        _no_text(element)
    allowed = NESTABLE.get(cls, ())
    for child in element.children:
        child_cls = VERBS.get(child.tag)
        if child_cls is None or child_cls not in allowed:
            can = f"nests only {', '.join(c.TAG for c in allowed)}" if allowed else "nests nothing"
            _fail(child, f"cannot contain <{child.tag[:40]}>: it {can}", verb=spec.tag)
        positional.append(_verb(child, child_cls))

    try:
        return cls(*positional, **keywords)
    except InvalidBXMLError as error:
        named = xml_name(cls, error.attribute) if error.attribute else None
        if named is None and error.attribute == spec.text:
            _fail(element, f"text: {error.problem}")
        _fail(element, error.problem, attribute=named)


def _no_text(element: _Element) -> None:
    text = "".join(element.text).strip()
    if text:
        _fail(element, f"unexpected text {_show(text)}; <{element.tag[:40]}> holds only verbs or nothing")


def _value(element: _Element, attribute: AttributeSpec, raw: str) -> object:
    if attribute.kind is int:
        if not _INTEGER.fullmatch(raw.strip()):
            _fail(element, f"expected an integer, got {_show(raw)}", attribute=attribute.name)
        return int(raw)
    if attribute.kind is bool:
        flag = raw.strip().lower()
        if flag not in ("true", "false"):
            _fail(element, f"expected true or false, got {_show(raw)}", attribute=attribute.name)
        return flag == "true"
    return raw
