"""The BXML document: ``Response(*verbs)``, written with :meth:`Response.to_xml`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from ._base import Verb, write
from ._errors import InvalidBXMLError
from ._xml import DECLARATION, MAX_DOCUMENT_BYTES
from .verbs import Gather, Hangup, Pause, PlayAudio, Record, Redirect, SendDtmf, SpeakSentence, Transfer

__all__ = ["AnyVerb", "Response"]

AnyVerb: TypeAlias = (
    Gather | Hangup | Pause | PlayAudio | Record | Redirect | SendDtmf | SpeakSentence | Transfer
)
"""A verb a document may hold at its top level."""

_TOP_LEVEL = (Gather, Hangup, Pause, PlayAudio, Record, Redirect, SendDtmf, SpeakSentence, Transfer)


@dataclass(frozen=True, slots=True, init=False, repr=False)
class Response:
    """A BXML document: the verbs the call runs, in order.

        >>> from bandwidth.bxml import Hangup, Pause, Response
        >>> print(Response(Pause(length=2), Hangup()))
        <?xml version="1.0" encoding="UTF-8"?><Response><Pause length="2"/><Hangup/></Response>

    Equal documents compare equal, and ``parse(response.to_xml()) == response``.

    Raises:
        InvalidBXMLError: A value is not a top-level verb (``PhoneNumber`` goes inside ``Transfer``).
    """

    verbs: tuple[AnyVerb, ...]

    def __init__(self, *verbs: AnyVerb) -> None:
        for verb in verbs:
            if not isinstance(verb, _TOP_LEVEL):
                where = " (it goes inside Transfer)" if isinstance(verb, Verb) else ""
                name = type(verb).__name__ if isinstance(verb, Verb) else repr(verb)
                raise InvalidBXMLError("Response", "verbs", f"expected BXML verbs, got {name}{where}")
        object.__setattr__(self, "verbs", verbs)

    def to_xml(self) -> str:
        """The document as text, with its UTF-8 XML declaration and no added whitespace.

        Raises:
            InvalidBXMLError: The document is over the API's 16 KB limit (counted in UTF-8 bytes).
        """
        document = DECLARATION + write_response(self.verbs)
        size = len(document.encode("utf-8"))
        if size > MAX_DOCUMENT_BYTES:
            raise InvalidBXMLError(
                "Response", None, f"the document is {size} bytes; BXML allows at most {MAX_DOCUMENT_BYTES}"
            )
        return document

    def __str__(self) -> str:
        return self.to_xml()

    def __repr__(self) -> str:
        return f"Response({', '.join(repr(verb) for verb in self.verbs)})"


def write_response(verbs: tuple[Verb, ...]) -> str:
    """``<Response>`` holding ``verbs``, without declaration or size check."""
    if not verbs:
        return "<Response/>"
    out = ["<Response>"]
    for verb in verbs:
        write(verb, out)
    out.append("</Response>")
    return "".join(out)
