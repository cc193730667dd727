"""The router's memory of recent events: which it has seen, and the BXML each was answered with.

A delivery claims its event's key. The first to claim it handles the event and settles the claim with its
answer (the serialized BXML document, or ``None``) or with its failure. A re-delivery finds the claim: once
it is settled it answers the same, so a BXML call whose first answer was lost still gets its document; when
the first delivery failed, the re-delivery claims the key again and is handled, as the API's retry.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Final

__all__: list[str] = []

MAX_KEPT_CHARACTERS: Final = 8 << 20
"""Characters of BXML kept in all (each document is at most 16 KB): beyond it, the oldest keys go first."""


class FirstDelivery:
    """The first delivery of an event: settled once its handlers have answered or failed."""

    __slots__ = ("document", "failed", "settled")

    def __init__(self) -> None:
        self.settled = threading.Event()
        self.document: str | None = None
        """The BXML document it was answered with; ``None`` for an empty answer."""
        self.failed = False
        """Whether a handler raised (the key is then forgotten)."""


class RecentEvents:
    """A bounded, thread-safe map of the most recently seen keys to their first delivery (least recently
    seen dropped first): at most ``size`` keys, and ``max_characters`` characters of documents in all."""

    def __init__(self, size: int, max_characters: int = MAX_KEPT_CHARACTERS) -> None:
        self._size = size
        self._max_characters = max_characters
        self._characters = 0
        self._entries: OrderedDict[Hashable, FirstDelivery] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: Hashable) -> tuple[FirstDelivery, bool]:
        """The first delivery of ``key``, and whether it is this one: a key not seen recently is claimed now,
        and the caller settles it with :meth:`answered` or :meth:`failed`."""
        with self._lock:
            first = self._entries.get(key)
            if first is not None:
                self._entries.move_to_end(key)
                return first, False
            first = self._entries[key] = FirstDelivery()
            self._trim()
            return first, True

    def answered(self, key: Hashable, first: FirstDelivery, document: str | None) -> None:
        """``first`` was answered with ``document``: keep it for the re-deliveries, and wake those waiting."""
        with self._lock:
            first.document = document
            if document and self._entries.get(key) is first:
                self._characters += len(document)
                self._trim()
        first.settled.set()

    def failed(self, key: Hashable, first: FirstDelivery) -> None:
        """A handler of ``first`` raised: forget the key, so that the next delivery is handled again."""
        with self._lock:
            first.failed = True
            if self._entries.get(key) is first:
                del self._entries[key]
        first.settled.set()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def characters(self) -> int:
        """Characters of the documents kept now."""
        return self._characters

    def _trim(self) -> None:
        while self._entries and (len(self._entries) > self._size or self._characters > self._max_characters):
            _, oldest = self._entries.popitem(last=False)
            self._characters -= len(oldest.document or "")
