"""``client.recordings`` of an AsyncClient: awaits the sending of what
:mod:`bandwidth._core.endpoints.recordings` describes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING

from ..._core.endpoints import recordings
from ..._core.http import Response
from ..._files import replaced_when_complete
from ..._types import NOT_GIVEN, JSONValue, NotGivenOr, Timeout
from ...models.recording import AsyncRecording
from ...models.transcription import Transcription
from ..pagination import AsyncPaginator, paginate
from ..transport import AsyncTransport, write_stream

if TYPE_CHECKING:
    from ..._types import HasId

__all__ = ["AsyncRecordingsService"]


class AsyncRecordingsService:
    """``client.recordings`` of an :class:`~bandwidth.AsyncClient`: call recordings, their audio and
    transcriptions; :class:`~bandwidth._sync.services.recordings.RecordingsService`'s methods, awaited.

    ``extra_body`` and ``extra_query`` add fields this SDK does not name, as in ``client.calls``.
    """

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    def handle(self, recording_id: str | HasId) -> AsyncRecording:
        """An :class:`~bandwidth.AsyncRecording` for a known id, made without any request."""
        return recordings.handle(recording_id, self._transport, model=AsyncRecording)

    async def get(self, recording: str | HasId) -> AsyncRecording:
        """Fetch a recording: ``GET /recordings/{recordingId}``."""
        return await self._transport.perform(recordings.get(recording, model=AsyncRecording))

    async def get_response(self, recording: str | HasId) -> Response:
        """The raw answer of ``GET /recordings/{recordingId}``."""
        return await self._transport.send(recordings.get(recording, model=AsyncRecording).request)

    def list(
        self,
        *,
        page: NotGivenOr[int] = NOT_GIVEN,
        page_size: NotGivenOr[int] = NOT_GIVEN,
        limit: int | None = None,
        extra_query: Mapping[str, JSONValue] | None = None,
    ) -> AsyncPaginator[AsyncRecording]:
        """Every recording of the account: ``GET /recordings`` (lazy)."""
        listing = recordings.list_recordings(
            model=AsyncRecording, page=page, page_size=page_size, limit=limit, extra_query=extra_query
        )
        return paginate(self._transport, listing)

    async def download(
        self,
        recording: str | HasId,
        destination: str | os.PathLike[str] | IO[bytes],
        *,
        chunk_size: int = 64 * 1024,
        timeout: NotGivenOr[Timeout] = NOT_GIVEN,
    ) -> int:
        """Stream a recording's audio to a path or binary file object; returns the bytes written.

        One request when given a recording with its media URL, two when given an id (the recording is
        fetched first). The media is fetched with the client's credentials, which are sent only to the API
        host. A path is written through a temporary file, so it is either complete or untouched; the file's
        writes run on a worker thread, so the event loop never waits on a disk. ``timeout`` bounds each wait
        for data; the deadline, the wait for the answer's headers.
        """
        recordings.check_chunk_size(chunk_size)
        media_url = await self._transport.run(recordings.media_url(recording))
        stream = self._transport.stream(media_url, chunk_size=chunk_size, timeout=timeout)
        if not isinstance(destination, str | os.PathLike):
            async with stream as chunks:
                return await write_stream(chunks, destination)
        # The temporary file comes first: an unwritable destination fails before any request is sent.
        with replaced_when_complete(destination) as file:
            async with stream as chunks:
                return await write_stream(chunks, file)

    def list_transcriptions(
        self, recording: str | HasId, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> AsyncPaginator[Transcription]:
        """A recording's transcriptions: ``GET /recordings/{recordingId}/transcriptions`` (lazy)."""
        return paginate(self._transport, recordings.list_transcriptions(recording, extra_query=extra_query))

    async def get_transcription(self, recording: str | HasId, transcription: str | HasId) -> Transcription:
        """One transcription: ``GET /recordings/{recordingId}/transcriptions/{transcriptionId}``."""
        return await self._transport.perform(recordings.get_transcription(recording, transcription))

    async def get_transcription_response(
        self, recording: str | HasId, transcription: str | HasId
    ) -> Response:
        """The raw answer of ``GET /recordings/{recordingId}/transcriptions/{transcriptionId}``."""
        return await self._transport.send(recordings.get_transcription(recording, transcription).request)

    async def create_transcription(
        self,
        recording: str | HasId,
        *,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> Transcription:
        """Start transcribing a recording: ``POST /recordings/{recordingId}/transcriptions``.

        Two requests by default (the create, then a GET); one with ``fetch=False``.
        """
        create = recordings.create_transcription(recording, extra_body=extra_body)
        return await self._transport.run(
            recordings.created_transcription(create, recording, self._transport, fetch=fetch)
        )
