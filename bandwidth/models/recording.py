"""The Recording resource: audio recorded from a call."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING

from pydantic import Field

from .._types import NOT_GIVEN, JSONValue, NotGivenOr, Timeout
from ._base import BandwidthModel, Open, OpenEnum, Timestamp, last_segment

if TYPE_CHECKING:
    from .._sync.pagination import Paginator
    from .._sync.services.recordings import RecordingsService
    from ._async import AsyncRecording as AsyncRecording
    from .transcription import Transcription

__all__ = ["AsyncRecording", "Recording", "RecordingFields", "RecordingState"]


def __getattr__(name: str) -> object:
    """``AsyncRecording``, the async method set: defined in :mod:`._async`, loaded on first use."""
    if name == "AsyncRecording":
        from ._async import AsyncRecording

        return AsyncRecording
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class RecordingState(OpenEnum):
    """A recording's ``state``: ``recording``, ``saving`` (not yet downloadable), ``complete``, ``error``."""

    RECORDING = "recording"
    SAVING = "saving"
    COMPLETE = "complete"
    ERROR = "error"


class RecordingFields(BandwidthModel, frozen=True):
    """A call recording's fields, as ``GET /recordings/{recordingId}`` describes them: what
    :class:`Recording` and :class:`AsyncRecording` share."""

    id: str
    """The recording's unique id."""
    state: Open[RecordingState] | None = None
    """``recording``, ``saving``, ``complete`` (ready to download) or ``error``."""
    start_time: Timestamp | None = None
    """When recording started."""
    end_time: Timestamp | None = None
    """When recording ended."""
    call_url: str | None = Field(default=None, validation_alias="call", serialization_alias="call")
    """URL of the recorded call."""
    media_url: str | None = Field(default=None, validation_alias="media", serialization_alias="media")
    """URL of the audio file; :meth:`download` fetches it."""

    @property
    def call_id(self) -> str | None:
        """The id of the recorded call, from :attr:`call_url`."""
        return last_segment(self.call_url)

    @property
    def media_name(self) -> str | None:
        """The media file's name, from :attr:`media_url`."""
        return last_segment(self.media_url)


class Recording(RecordingFields, frozen=True):
    """A call recording, as ``GET /recordings/{recordingId}`` describes it, from a
    :class:`~bandwidth.Client`."""

    _methods = "sync"

    @property
    def _service(self) -> RecordingsService:
        from .._sync.services.recordings import (
            RecordingsService,  # here, not at the top: the service module imports this one
        )

        return RecordingsService(self._transport)

    def refresh(self) -> Recording:
        """A fresh snapshot of this recording (one GET)."""
        return self._service.get(self.id)

    def download(
        self,
        destination: str | os.PathLike[str] | IO[bytes],
        *,
        chunk_size: int = 64 * 1024,
        timeout: NotGivenOr[Timeout] = NOT_GIVEN,
    ) -> int:
        """Stream the audio file to a path or a binary file object; returns the bytes written.

        A path is written through a temporary file, so it is either complete or left untouched.
        """
        return self._service.download(self, destination, chunk_size=chunk_size, timeout=timeout)

    def transcriptions(
        self, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> Paginator[Transcription]:
        """This recording's transcriptions (lazy); ``extra_query`` adds parameters this SDK does not name."""
        return self._service.list_transcriptions(self.id, extra_query=extra_query)

    def transcribe(
        self, *, fetch: bool = True, extra_body: Mapping[str, JSONValue] | None = None
    ) -> Transcription:
        """Start transcribing this recording; returns the transcription (fetched unless ``fetch=False``).

        ``extra_body`` adds fields this SDK does not name."""
        return self._service.create_transcription(self.id, fetch=fetch, extra_body=extra_body)
