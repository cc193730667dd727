"""``client.recordings``, sync: sends what :mod:`bandwidth._core.endpoints.recordings` describes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING

from ..._core.endpoints import recordings
from ..._core.http import Response
from ..._files import replaced_when_complete
from ..._types import NOT_GIVEN, JSONValue, NotGivenOr, Timeout
from ..pagination import Paginator, paginate
from ..transport import Transport, write_stream

# Every Client makes this service at once; the models are imported in the methods, so that Recording
# is created on the first request that returns one, not on ``from bandwidth import Client``.
if TYPE_CHECKING:
    from ..._types import HasId
    from ...models.recording import Recording
    from ...models.transcription import Transcription

__all__ = ["RecordingsService"]


class RecordingsService:
    """``client.recordings``: call recordings, their audio and transcriptions.

    ``extra_body`` and ``extra_query`` add fields this SDK does not name, as in ``client.calls``.
    """

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def handle(self, recording_id: str | HasId) -> Recording:
        """A :class:`Recording` for a known id, made without any request."""
        from ...models.recording import Recording

        return recordings.handle(recording_id, self._transport, model=Recording)

    def get(self, recording: str | HasId) -> Recording:
        """Fetch a recording: ``GET /recordings/{recordingId}``."""
        from ...models.recording import Recording

        return self._transport.perform(recordings.get(recording, model=Recording))

    def get_response(self, recording: str | HasId) -> Response:
        """The raw answer of ``GET /recordings/{recordingId}``."""
        from ...models.recording import Recording

        return self._transport.send(recordings.get(recording, model=Recording).request)

    def list(
        self,
        *,
        page: NotGivenOr[int] = NOT_GIVEN,
        page_size: NotGivenOr[int] = NOT_GIVEN,
        limit: int | None = None,
        extra_query: Mapping[str, JSONValue] | None = None,
    ) -> Paginator[Recording]:
        """Every recording of the account: ``GET /recordings`` (lazy)."""
        from ...models.recording import Recording

        listing = recordings.list_recordings(
            model=Recording, page=page, page_size=page_size, limit=limit, extra_query=extra_query
        )
        return paginate(self._transport, listing)

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
        recordings.check_chunk_size(chunk_size)
        media_url = self._transport.run(recordings.media_url(recording))
        if not isinstance(destination, str | os.PathLike):
            return write_stream(self._transport.stream(media_url, timeout=timeout), destination, chunk_size)
        # The temporary file comes first: an unwritable destination fails before any request is sent.
        with replaced_when_complete(destination) as file:
            return write_stream(self._transport.stream(media_url, timeout=timeout), file, chunk_size)

    def list_transcriptions(
        self, recording: str | HasId, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> Paginator[Transcription]:
        """A recording's transcriptions: ``GET /recordings/{recordingId}/transcriptions`` (lazy)."""
        return paginate(self._transport, recordings.list_transcriptions(recording, extra_query=extra_query))

    def get_transcription(self, recording: str | HasId, transcription: str | HasId) -> Transcription:
        """One transcription: ``GET /recordings/{recordingId}/transcriptions/{transcriptionId}``."""
        return self._transport.perform(recordings.get_transcription(recording, transcription))

    def get_transcription_response(self, recording: str | HasId, transcription: str | HasId) -> Response:
        """The raw answer of ``GET /recordings/{recordingId}/transcriptions/{transcriptionId}``."""
        return self._transport.send(recordings.get_transcription(recording, transcription).request)

    def create_transcription(
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
        return self._transport.run(
            recordings.created_transcription(create, recording, self._transport, fetch=fetch)
        )
