"""3.1's recording and transcription methods, each a delegation to ``client.recordings``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import coerce
from .answers import dicts, legacy_object, with_media_name
from .coerce import reported

if TYPE_CHECKING:
    from .._sync.services.recordings import RecordingsService

__all__ = ["RecordingsAPI"]


class RecordingsAPI:
    """The original SDK's dict methods for recordings and their transcriptions."""

    recordings: RecordingsService

    @reported
    def list_recordings(
        self, size: int | str | None = None, *, page: int | str | None = None, **kwargs: Any
    ) -> Iterator[dict[str, Any]]:
        """A lazy generator of recording dicts, each with ``media_name`` added."""
        recordings = self.recordings.list(**coerce.query(kwargs, page_size=size, page=page))
        return (with_media_name(recording) for recording in dicts(recordings))

    @reported
    def get_recording(self, recording_id: str) -> dict[str, Any]:
        """A recording, as a dict with ``media_name`` added."""
        return with_media_name(legacy_object(self.recordings.get_response(recording_id)))

    @reported
    def list_transcriptions(
        self, recording_id: str, size: int | str | None = None, **kwargs: Any
    ) -> Iterator[dict[str, Any]]:
        """A generator of a recording's transcription dicts (``size`` is ignored: the list has one page)."""
        del size  # the endpoint takes no page size; kept for the original signature
        return dicts(self.recordings.list_transcriptions(recording_id, **coerce.query(kwargs)))

    @reported
    def create_transcription(self, recording_id: str) -> str:
        """Start transcribing a recording; returns the transcription id (one request)."""
        return self.recordings.create_transcription(recording_id, fetch=False).id

    @reported
    def get_transcription(self, recording_id: str, transcription_id: str) -> dict[str, Any]:
        """A transcription, as a dict."""
        return legacy_object(self.recordings.get_transcription_response(recording_id, transcription_id))
