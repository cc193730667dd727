"""Hiding the password of ``scheme://user:password@host`` URLs wherever text is shown (reprs, logs, logs of
the emulator's callback deliveries). The URL itself is kept as given where it is used."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["REDACTED", "redact_url"]

REDACTED: Final = "***"

# A pattern, not a compiled regex: ``re`` compiles it on first use and keeps it (compiling costs about a
# millisecond, which every ``from bandwidth import Client`` would otherwise pay).
_USERINFO_PASSWORD: Final = r"(?i)\b([a-z][a-z0-9+.-]*://[^\s/?#@:]*):[^\s/?#]*@"


def redact_url(text: str) -> str:
    """``text`` with the password of every URL in it replaced by ``***`` (the user name is kept)."""
    if "@" not in text:
        return text
    return re.sub(_USERINFO_PASSWORD, rf"\1:{REDACTED}@", text)
