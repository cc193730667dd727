"""Bandwidth XML (BXML): typed verbs, documents, and a hardened parser.

    from bandwidth.bxml import Gather, Response, SpeakSentence, parse

    response = Response(
        Gather(
            SpeakSentence("Press 1 for sales", voice="susan"),
            request_url="https://example.com/gathered",
            max_digits=1,
        )
    )
    xml = response.to_xml()        # str, with the XML declaration; at most 16 KB
    assert parse(xml) == response  # typed verbs back, from any (untrusted) document

A callback handler may return a ``Response``: the router answers with it. See ``docs/bxml.md``.
"""

from ._errors import BXMLParseError, InvalidBXMLError
from ._parser import MAX_DEPTH, parse
from ._xml import MAX_DOCUMENT_BYTES
from .response import AnyVerb, Response
from .verbs import (
    VOICES,
    Gather,
    Gender,
    Hangup,
    Locale,
    Pause,
    PhoneNumber,
    PlayAudio,
    Record,
    Redirect,
    SendDtmf,
    SpeakSentence,
    Transfer,
    Voice,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "VOICES",
    "AnyVerb",
    "BXMLParseError",
    "Gather",
    "Gender",
    "Hangup",
    "InvalidBXMLError",
    "Locale",
    "Pause",
    "PhoneNumber",
    "PlayAudio",
    "Record",
    "Redirect",
    "Response",
    "SendDtmf",
    "SpeakSentence",
    "Transfer",
    "Voice",
    "parse",
]
