"""The router's memory of recent events, for dropping repeated deliveries."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

__all__: list[str] = []


class _RecentKeys:
    """A bounded, thread-safe set of the most recently seen keys (least recently seen dropped first)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._keys: OrderedDict[Hashable, None] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, key: Hashable) -> bool:
        """Remember ``key``; ``False`` when it was already there (a repeat)."""
        with self._lock:
            if key in self._keys:
                self._keys.move_to_end(key)
                return False
            self._keys[key] = None
            if len(self._keys) > self._size:
                self._keys.popitem(last=False)
            return True

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._keys.pop(key, None)
