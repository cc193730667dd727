"""Hiding the password of ``scheme://user:password@host`` URLs wherever text is shown (reprs, logs, logs of
the emulator's callback deliveries). The URL itself is kept as given where it is used."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["REDACTED", "redact_url"]

REDACTED: Final = "***"

_USERINFO_PASSWORD: Final = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s/?#@:]*):[^\s/?#]*@")


def redact_url(text: str) -> str:
    """``text`` with the password of every URL in it replaced by ``***`` (the user name is kept)."""
    if "@" not in text:
        return text
    return _USERINFO_PASSWORD.sub(rf"\1:{REDACTED}@", text)
