"""``bandwidth.voice.bxml.Response`` of ``bandwidth-sdk`` 3.1, for code that builds BXML from lxml elements.

    from lxml.builder import E
    from bandwidth.voice.bxml import Response

    response = Response(E.PlayAudio("https://example.com/hello.mp3"), E.Hangup())
    response.to_xml()  # b'<xml><Response><PlayAudio>https://...</PlayAudio><Hangup/></Response></xml>'

It writes what 3.1 wrote, byte for byte: the document wrapped in an ``<xml>`` element, ``to_xml()`` as
ASCII ``bytes`` (other characters as ``&#NNN;``), ``str()`` the same text; lxml's rules for what the
arguments mean (strings become text, dicts attributes). lxml is optional: with it, any lxml element works;
without it, only the typed verbs of :mod:`bandwidth.bxml` do, and anything else raises ``ImportError``
saying to install lxml. New code should build :class:`bandwidth.bxml.Response`, which writes a plain BXML
document and checks the verbs.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..bxml._base import Verb, write
from ..bxml._xml import ascii_only
from ..bxml.response import write_response

__all__ = ["Response"]

_INSTALL_LXML = (
    "building a bandwidth.voice.bxml.Response from lxml elements needs lxml: pip install lxml "
    "(or pip install 'bandwidth[bxml-lxml]'); or pass the typed verbs of bandwidth.bxml"
)


def _lxml() -> tuple[Any, Any] | None:
    """``(lxml.etree, lxml.builder.E)``, or ``None`` when lxml is not installed."""
    try:
        etree = importlib.import_module("lxml.etree")
        builder = importlib.import_module("lxml.builder")
    except ImportError:
        return None
    return etree, builder.E


class Response:
    """A BXML document of 3.1: ``Response(*response_verbs)``, with ``to_xml()`` and ``str()``.

    Args:
        response_verbs: lxml elements (``E.Hangup()``) or typed verbs (``bandwidth.bxml.Hangup()``); with
            lxml installed, also anything lxml's ``E.Response(...)`` accepts.

    Raises:
        ImportError: lxml is not installed and an argument is not a typed verb.
    """

    def __init__(self, *response_verbs: object) -> None:
        self._verbs = response_verbs
        lxml = _lxml()
        if lxml is None:
            for verb in response_verbs:
                if not isinstance(verb, Verb):
                    raise ImportError(_INSTALL_LXML, name="lxml")
            return
        etree, builder = lxml
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        elements = [etree.fromstring(_write(v), parser) if isinstance(v, Verb) else v for v in response_verbs]
        self.response: Any = builder.xml(builder.Response(*elements))
        """The lxml ``<xml>`` element, as in 3.1 (only when lxml is installed)."""
        self._tostring = etree.tostring

    def to_xml(self) -> bytes:
        """The document as ASCII bytes, as 3.1 wrote it."""
        if hasattr(self, "response"):
            return bytes(self._tostring(self.response))
        verbs: tuple[Verb, ...] = tuple(verb for verb in self._verbs if isinstance(verb, Verb))
        return ascii_only(f"<xml>{write_response(verbs)}</xml>").encode("ascii")

    def __str__(self) -> str:
        return self.to_xml().decode("utf-8")


def _write(verb: Verb) -> str:
    out: list[str] = []
    write(verb, out)
    return "".join(out)
