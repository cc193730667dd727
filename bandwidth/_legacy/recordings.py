"""3.1's recording and transcription methods, each a delegation to ``client.recordings``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .._core.validation import renamed
from .._types import JSONObject
from .answers import dicts, legacy_object, with_media_name
from .coerce import opt

if TYPE_CHECKING:
    from .._sync.services.recordings import RecordingsService

__all__ = ["RecordingsAPI"]


class RecordingsAPI:
    """The original SDK's dict methods for recordings and their transcriptions."""

    recordings: RecordingsService

    def list_recordings(self, size: int | None = None, *, page: int | None = None) -> Iterator[JSONObject]:
        """A lazy generator of recording dicts, each with ``media_name`` added."""
        with renamed({"page_size": "size"}):
            recordings = self.recordings.list(page_size=opt(size), page=opt(page))
        return (with_media_name(recording) for recording in dicts(recordings))

    def get_recording(self, recording_id: str) -> JSONObject:
        """A recording, as a dict with ``media_name`` added."""
        return with_media_name(legacy_object(self.recordings.get_response(recording_id)))

    def list_transcriptions(self, recording_id: str, size: int | None = None) -> Iterator[JSONObject]:
        """A generator of a recording's transcription dicts."""
        del size  # the endpoint is not paginated; kept for the original signature
        return dicts(self.recordings.list_transcriptions(recording_id))

    def create_transcription(self, recording_id: str) -> str:
        """Start transcribing a recording; returns the transcription id (one request)."""
        return self.recordings.create_transcription(recording_id, fetch=False).id

    def get_transcription(self, recording_id: str, transcription_id: str) -> JSONObject:
        """A transcription, as a dict."""
        return legacy_object(self.recordings.get_transcription_response(recording_id, transcription_id))
