"""The emulator's bounds on what it accepts and keeps: one frozen set of settings, each with a safe default.

Every one is an :class:`~bandwidth.emulator.Emulator` keyword and a ``python -m bandwidth.emulator`` flag
(``docs/emulator.md`` lists them). Fixed bounds that are the API's own (``callTimeout`` up to 300 s ...) live
in ``engine/records.py``; the clock's range is :data:`MAX_CLOCK_SECONDS`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

__all__ = ["MAX_CLOCK_SECONDS", "MAX_PRESS_DIGITS", "MAX_SPOKEN_TEXT", "Limits"]

MAX_CLOCK_SECONDS: Final = 100 * 365 * 24 * 3600
"""How far the emulated clock may move past its start (100 years): ``datetime`` holds that from any start
time up to the year 9899, and no test needs more."""
MAX_PRESS_DIGITS: Final = 128
"""Keys in one press of the far end (each is an event and a callback)."""
MAX_SPOKEN_TEXT: Final = 1000
"""Characters the far end says at once (as the API's ``sentence``)."""


@dataclass(frozen=True)
class Limits:
    """What the emulator accepts and keeps."""

    max_body_bytes: int = 1 << 20
    """Largest request body read (bytes); larger: ``413``. The API's bodies are under 10 KB."""
    max_json_depth: int = 32
    """Deepest nesting of arrays and objects in a request body; deeper: ``400``. The API's is 3."""
    max_connections: int = 64
    """Connections served at once, one thread each; more: ``503`` at once."""
    connection_timeout: float = 30.0
    """Seconds a connection may stay silent (reading a request) before it is closed."""
    callback_workers: int = 64
    """Callback deliveries in flight at once (each call's events still go one at a time, in order)."""
    max_pending_callbacks: int = 10_000
    """Callbacks waiting to be sent, all calls together; more are dropped (and logged as dropped)."""
    max_logged_deliveries: int = 10_000
    """Delivery attempts kept in the log (``emu.deliveries``, ``GET /_emulator/deliveries``); oldest go."""

    def __post_init__(self) -> None:
        for name in (
            "max_body_bytes",
            "max_json_depth",
            "max_connections",
            "callback_workers",
            "max_pending_callbacks",
            "max_logged_deliveries",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number, 1 or more: {value!r}")
        timeout = self.connection_timeout
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 3600:
            raise ValueError(f"connection_timeout must be seconds, more than 0 and at most 3600: {timeout!r}")
        if not math.isfinite(timeout):
            raise ValueError(f"connection_timeout must be finite: {timeout!r}")
