"""XML text helpers: what XML 1.0 allows, and escaping that survives a parse unchanged.

Escaping follows libxml2's serialiser (what lxml, and so ``bandwidth-sdk`` 3.1, writes): text escapes ``&``,
``<``, ``>`` and carriage returns; attribute values also escape ``"``, newlines and tabs, which a parser
would otherwise normalise to spaces. So every string a verb accepts reads back exactly as it was.
"""

from __future__ import annotations

import re
from typing import Final

MAX_DOCUMENT_BYTES: Final = 16 * 1024
"""The API's limit on a BXML document: 16 KB, counted in UTF-8 bytes."""

DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8"?>'

# XML 1.0 Char production; everything else (most C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot be
# written in a document at all, not even as a character reference.
_ILLEGAL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def first_illegal_character(value: str) -> str | None:
    """The first character XML 1.0 cannot carry, or ``None``."""
    found = _ILLEGAL.search(value)
    return found.group() if found else None


def escape_text(value: str) -> str:
    # "&" first, so the references added after it are not escaped again
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attribute(value: str) -> str:
    escaped = escape_text(value).replace('"', "&quot;")
    return escaped.replace("\n", "&#10;").replace("\t", "&#9;")


def ascii_only(document: str) -> str:
    """Non-ASCII characters as decimal character references, as lxml's default ``tostring`` writes them."""
    return document.encode("ascii", "xmlcharrefreplace").decode("ascii")
