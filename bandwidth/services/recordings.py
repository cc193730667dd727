"""Recordings and their transcriptions: every ``/recordings`` endpoint, implemented once here."""

from __future__ import annotations

import os
import tempfile
from typing import IO, TYPE_CHECKING

from .._core import validation as check
from .._core.http import Response
from .._exceptions import InvalidParameterError
from .._pagination import Paginator
from .._transport import Transport, write_stream
from .._types import NOT_GIVEN, NotGivenOr, Timeout
from ..models.recording import Recording
from ..models.transcription import Transcription
from ._params import compact, optional, paginate

if TYPE_CHECKING:
    from .._types import HasId

__all__ = ["RecordingsService"]


class RecordingsService:
    """``client.recordings``: call recordings, their audio and transcriptions."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def _url(self, recording: str | HasId, *rest: str) -> str:
        return self._transport.url("recordings", check.resource_id("recording_id", recording), *rest)

    def handle(self, recording_id: str | HasId) -> Recording:
        """A :class:`Recording` for a known id, made without any request."""
        return Recording._handle(self._transport, id=check.resource_id("recording_id", recording_id))

    def get(self, recording: str | HasId) -> Recording:
        """Fetch a recording: ``GET /recordings/{recordingId}``."""
        return Recording._from_response(self.get_response(recording), self._transport)

    def get_response(self, recording: str | HasId) -> Response:
        return self._transport.request("GET", self._url(recording))

    def list(
        self,
        *,
        page: NotGivenOr[int] = NOT_GIVEN,
        page_size: NotGivenOr[int] = NOT_GIVEN,
        limit: int | None = None,
    ) -> Paginator[Recording]:
        """Every recording of the account: ``GET /recordings`` (lazy)."""
        params = compact(
            {
                "page": optional(check.integer, "page", page, 0, 2**31),
                "size": optional(check.page_size, "page_size", page_size),
            }
        )
        return paginate(self._transport, self._transport.url("recordings"), params, Recording, limit)

    def download(
        self,
        recording: str | HasId,
        destination: str | os.PathLike[str] | IO[bytes],
        *,
        chunk_size: int = 64 * 1024,
        timeout: NotGivenOr[Timeout] = NOT_GIVEN,
    ) -> int:
        """Stream a recording's audio to a path or binary file object; returns the bytes written.

        One request when given a :class:`Recording` with its media URL, two when given an id (the recording
        is fetched first). The media is fetched with the client's credentials, which are sent only to the API
        host. A path is written through a temporary file, so it is either complete or untouched.
        """
        check.integer("chunk_size", chunk_size, 1, 2**30)
        media_url = recording.media_url if isinstance(recording, Recording) else None
        if not media_url:
            media_url = self.get(recording).media_url
        if not media_url:
            raise InvalidParameterError("recording", "the recording has no media URL yet")
        if not isinstance(destination, str | os.PathLike):
            return write_stream(self._transport.stream(media_url, timeout=timeout), destination, chunk_size)
        target = os.fspath(destination)
        # The temporary file comes first: an unwritable destination fails before any request is sent.
        handle, partial = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(target)), suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                written = write_stream(self._transport.stream(media_url, timeout=timeout), file, chunk_size)
            os.replace(partial, target)
        except BaseException:
            if os.path.exists(partial):
                os.unlink(partial)
            raise
        return written

    def list_transcriptions(self, recording: str | HasId) -> Paginator[Transcription]:
        """A recording's transcriptions: ``GET /recordings/{recordingId}/transcriptions`` (lazy)."""
        return paginate(self._transport, self._url(recording, "transcriptions"), {}, Transcription)

    def get_transcription(self, recording: str | HasId, transcription: str | HasId) -> Transcription:
        """One transcription: ``GET /recordings/{recordingId}/transcriptions/{transcriptionId}``."""
        return Transcription._from_response(
            self.get_transcription_response(recording, transcription), self._transport
        )

    def get_transcription_response(self, recording: str | HasId, transcription: str | HasId) -> Response:
        url = self._url(recording, "transcriptions", check.resource_id("transcription_id", transcription))
        return self._transport.request("GET", url)

    def create_transcription(self, recording: str | HasId, *, fetch: bool = True) -> Transcription:
        """Start transcribing a recording: ``POST /recordings/{recordingId}/transcriptions``.

        Two requests by default (the create, then a GET); one with ``fetch=False``.
        """
        recording_id = check.resource_id("recording_id", recording)
        response = self._transport.request("POST", self._url(recording_id, "transcriptions"), json_body={})
        transcription_id = response.location_id()
        if fetch:
            return self.get_transcription(recording_id, transcription_id)
        return Transcription._handle(self._transport, id=transcription_id)
