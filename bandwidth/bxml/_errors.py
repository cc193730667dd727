"""The two BXML errors: a verb built with a bad value, and a document that cannot be read."""

from __future__ import annotations

from .._exceptions import BandwidthError, InvalidParameterError

__all__ = ["BXMLParseError", "InvalidBXMLError"]


class InvalidBXMLError(InvalidParameterError):
    """A verb's value is out of range or not allowed there; raised when the verb or document is built.

    ``parameter`` is ``"<Verb>.<attribute>"`` (``"Gather.max_digits"``), or the verb alone for a rule about
    the whole verb (``"Response"`` for the document size).
    """

    def __init__(self, verb: str, attribute: str | None, problem: str) -> None:
        super().__init__(f"{verb}.{attribute}" if attribute else verb, problem)
        self.verb = verb
        self.attribute = attribute


class BXMLParseError(BandwidthError, ValueError):
    """A BXML document that cannot be read: not well-formed, refused for safety, or not valid BXML.

    ``line`` and ``column`` (1-based, when known) point at the element; ``verb`` and ``attribute`` name
    what was wrong with the document's names (``"Gather"``, ``"maxDigits"``).
    """

    def __init__(
        self,
        reason: str,
        *,
        line: int | None = None,
        column: int | None = None,
        verb: str | None = None,
        attribute: str | None = None,
    ) -> None:
        where: list[str] = []
        if line is not None:
            where.append(f"line {line}" + (f", column {column}" if column is not None else ""))
        if verb is not None:
            where.append(f"<{verb}>" + (f" attribute {attribute}" if attribute else ""))
        super().__init__(f"{': '.join(where)}: {reason}" if where else reason)
        self.reason = reason
        self.line = line
        self.column = column
        self.verb = verb
        self.attribute = attribute
