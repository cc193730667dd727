"""Recordings and their transcriptions: every ``/recordings`` endpoint, described once here."""

from __future__ import annotations

from ..._exceptions import InvalidParameterError
from ..._types import NOT_GIVEN, HasId, NotGivenOr
from ...models.recording import Recording
from ...models.transcription import Transcription
from .. import validation as check
from ..http import Request
from ..operation import Binding, Listing, Operation
from ._common import NO_FIELDS, PAGES, Extra, Fields, listing, location_id, pages

MAX_CHUNK_SIZE = 2**30

LIST = Fields(**PAGES)

_recording = Recording._from_response
_transcription = Transcription._from_response


def recording_id(recording: str | HasId) -> str:
    """The id of ``recording`` (an id or a model), checked."""
    return check.resource_id("recording_id", recording)


def _path(recording: str | HasId, *rest: str) -> tuple[str, ...]:
    return ("recordings", recording_id(recording), *rest)


def handle(recording: str | HasId, binding: Binding) -> Recording:
    """A :class:`Recording` holding only its id, bound without any request."""
    return Recording._handle(binding, id=recording_id(recording))


def get(recording: str | HasId) -> Operation[Recording]:
    """``GET /recordings/{recordingId}``."""
    return Operation(Request("GET", _path(recording)), _recording)


def list_recordings(
    *,
    page: NotGivenOr[int] = NOT_GIVEN,
    page_size: NotGivenOr[int] = NOT_GIVEN,
    limit: int | None = None,
    extra_query: Extra = None,
) -> Listing[Recording]:
    """``GET /recordings``; ``page_size`` is sent as ``size``."""
    return listing(("recordings",), LIST.query(extra_query, **pages(page, page_size)), Recording, limit)


# -- the media file ------------------------------------------------------------------------------------------


def check_chunk_size(chunk_size: int) -> int:
    """The download chunk size, 1 byte to 1 GiB."""
    return check.integer("chunk_size", chunk_size, 1, MAX_CHUNK_SIZE)


def known_media_url(recording: str | HasId) -> str | None:
    """The media URL a :class:`Recording` already holds; ``None`` means: fetch the recording first."""
    return recording.media_url if isinstance(recording, Recording) else None


def required_media_url(media_url: str | None) -> str:
    """The media URL to download, refusing a recording that has none yet."""
    if not media_url:
        raise InvalidParameterError("recording", "the recording has no media URL yet")
    return media_url


# -- transcriptions ------------------------------------------------------------------------------------------


def list_transcriptions(recording: str | HasId, *, extra_query: Extra = None) -> Listing[Transcription]:
    """``GET /recordings/{recordingId}/transcriptions``."""
    return listing(_path(recording, "transcriptions"), NO_FIELDS.query(extra_query), Transcription)


def get_transcription(recording: str | HasId, transcription: str | HasId) -> Operation[Transcription]:
    """``GET /recordings/{recordingId}/transcriptions/{transcriptionId}``."""
    path = _path(recording, "transcriptions", check.resource_id("transcription_id", transcription))
    return Operation(Request("GET", path), _transcription)


def create_transcription(recording: str | HasId, *, extra_body: Extra = None) -> Operation[str]:
    """``POST /recordings/{recordingId}/transcriptions``; the result is the new transcription's id."""
    body = NO_FIELDS.body(extra_body)
    return Operation(Request("POST", _path(recording, "transcriptions"), body=body), location_id)
