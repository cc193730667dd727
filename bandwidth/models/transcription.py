"""The Transcription resource: the text of a recording."""

from __future__ import annotations

from ._base import BandwidthModel, Open, OpenEnum, Timestamp

__all__ = ["Transcription", "TranscriptionState"]


class TranscriptionState(OpenEnum):
    """A transcription's ``state``: ``transcribing``, then ``completed`` (its text is ready) or ``error``."""

    TRANSCRIBING = "transcribing"
    COMPLETED = "completed"
    ERROR = "error"


class Transcription(BandwidthModel, frozen=True):
    """A transcription of a recording."""

    id: str
    """The transcription's unique id."""
    state: Open[TranscriptionState] | None = None
    """``transcribing``, ``completed`` or ``error``."""
    text: str | None = None
    """The text, cut at 1000 characters; :attr:`text_url` has all of it."""
    time: Timestamp | None = None
    """When the transcription was created."""
    chargeable_duration: int | None = None
    """Seconds billed (in one-minute units)."""
    text_size: int | None = None
    """Length of the whole text."""
    text_url: str | None = None
    """URL of the whole text."""
