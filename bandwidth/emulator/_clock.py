"""Emulated time: a clock that moves only when told to (tests) or with the wall clock (a standalone server).

Everything timed in the emulator (ringing, ``callTimeout``, inter-digit timeouts, audio length, recording
limits) is a timer on this clock, so a test can jump minutes ahead in microseconds with ``advance``.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from ._limits import MAX_CLOCK_SECONDS

__all__ = ["Clock", "Scheduler", "Timer", "format_time"]


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as the API writes times: ``2013-02-08T13:15:47.587Z``."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Clock:
    """Seconds since the emulator started, and the matching UTC time.

    In manual mode the clock stands still until :meth:`jump_to` moves it; in real-time mode it follows
    ``time.monotonic`` and a jump adds an offset.
    """

    def __init__(self, *, realtime: bool = False, start: datetime | None = None) -> None:
        self.realtime = realtime
        moment = start if start is not None else datetime.now(timezone.utc)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        self.start: datetime = moment.astimezone(timezone.utc)
        try:
            _ = self.start + timedelta(seconds=MAX_CLOCK_SECONDS)
        except OverflowError:
            raise ValueError(
                f"start_time {moment} is too late: the clock must be able to run 100 years"
            ) from None
        self._origin = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    def seconds(self) -> float:
        """Emulated seconds since the start."""
        with self._lock:
            if self.realtime:
                return time.monotonic() - self._origin + self._offset
            return self._offset

    def now(self) -> datetime:
        """The emulated time, timezone-aware UTC."""
        return self.at(self.seconds())

    def at(self, seconds: float) -> datetime:
        """The UTC time ``seconds`` after the start."""
        return self.start + timedelta(seconds=seconds)

    def jump_to(self, seconds: float) -> None:
        """Move the clock forward to ``seconds`` (never backward, never past ``MAX_CLOCK_SECONDS``)."""
        seconds = min(seconds, MAX_CLOCK_SECONDS)
        with self._lock:
            if self.realtime:
                current = time.monotonic() - self._origin + self._offset
                self._offset += max(0.0, seconds - current)
            else:
                self._offset = max(self._offset, seconds)


class Timer:
    """One scheduled action; :meth:`cancel` makes it a no-op."""

    __slots__ = ("action", "cancelled", "due", "sequence")

    def __init__(self, due: float, sequence: int, action: Callable[[], None]) -> None:
        self.due: float = due
        self.sequence: int = sequence
        self.action: Callable[[], None] = action
        self.cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True

    def __lt__(self, other: Timer) -> bool:
        return (self.due, self.sequence) < (other.due, other.sequence)


class Scheduler:
    """Timers on a :class:`Clock`, fired in due order. Not locked: the engine's lock guards it."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._heap: list[Timer] = []
        self._sequence = itertools.count()

    def schedule(self, delay: float, action: Callable[[], None]) -> Timer:
        """Run ``action`` ``delay`` seconds from now (0: at the end of the current operation)."""
        timer = Timer(self.clock.seconds() + max(0.0, delay), next(self._sequence), action)
        heapq.heappush(self._heap, timer)
        return timer

    def run_due(self) -> None:
        """Fire every timer that is due now, including those that firing schedules for now."""
        self._run_until(self.clock.seconds(), move_clock=False)

    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` ahead, firing each timer at its own due time on the way."""
        self._run_until(self.clock.seconds() + max(0.0, seconds), move_clock=True)

    def _run_until(self, target: float, *, move_clock: bool) -> None:
        while self._heap and self._heap[0].due <= target:
            timer = heapq.heappop(self._heap)
            if timer.cancelled:
                continue
            if move_clock:
                self.clock.jump_to(timer.due)
            timer.action()
        if move_clock:
            self.clock.jump_to(target)

    def next_due(self) -> float | None:
        """When the next live timer fires, in clock seconds."""
        while self._heap and self._heap[0].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0].due if self._heap else None

    def clear(self) -> None:
        self._heap.clear()
