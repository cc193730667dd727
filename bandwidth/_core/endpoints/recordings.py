"""Recordings and their transcriptions: every ``/recordings`` endpoint, described once here."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from ..._exceptions import InvalidParameterError
from ..._types import NOT_GIVEN, HasId, NotGivenOr
from .. import validation as check
from ..flows import Flow, create_then_get
from ..http import Request
from ..operation import Binding, Listing, Operation
from ._common import NO_FIELDS, PAGES, Extra, Fields, listing, location_id, pages

if TYPE_CHECKING:
    from ...models.recording import RecordingFields
    from ...models.transcription import Transcription

# The models are imported where used: describing a request loads no model.
R = TypeVar("R", bound="RecordingFields")

MAX_CHUNK_SIZE = 2**30

LIST = Fields(**PAGES)


def recording_id(recording: str | HasId) -> str:
    """The id of ``recording`` (an id or a model), checked."""
    return check.resource_id("recording_id", recording)


def _path(recording: str | HasId, *rest: str) -> tuple[str, ...]:
    return ("recordings", recording_id(recording), *rest)


def handle(recording: str | HasId, binding: Binding, *, model: type[R]) -> R:
    """A recording (``model``: ``Recording`` or ``AsyncRecording``) holding only its id, bound without any
    request."""
    return model._handle(binding, id=recording_id(recording))


def get(recording: str | HasId, *, model: type[R]) -> Operation[R]:
    """``GET /recordings/{recordingId}``, read into ``model``."""
    return Operation(Request("GET", _path(recording)), model._from_response)


def list_recordings(
    *,
    model: type[R],
    page: NotGivenOr[int] = NOT_GIVEN,
    page_size: NotGivenOr[int] = NOT_GIVEN,
    limit: int | None = None,
    extra_query: Extra = None,
) -> Listing[R]:
    """``GET /recordings``, read into ``model``; ``page_size`` is sent as ``size``."""
    return listing(("recordings",), LIST.query(extra_query, **pages(page, page_size)), model, limit)


# -- the media file ------------------------------------------------------------------------------------------


def check_chunk_size(chunk_size: int) -> int:
    """The download chunk size, 1 byte to 1 GiB."""
    return check.integer("chunk_size", chunk_size, 1, MAX_CHUNK_SIZE)


def media_url(recording: str | HasId) -> Flow[str]:
    """The URL of a recording's audio: the one a recording model holds (no request), else the one a GET of
    the recording says. Raises :class:`~bandwidth.InvalidParameterError` when it has none yet."""
    from ...models.recording import RecordingFields

    url = recording.media_url if isinstance(recording, RecordingFields) else None
    if not url:
        fetched: RecordingFields = yield get(recording, model=RecordingFields)
        url = fetched.media_url
    if not url:
        raise InvalidParameterError("recording", "the recording has no media URL yet")
    return url


# -- transcriptions ------------------------------------------------------------------------------------------


def list_transcriptions(recording: str | HasId, *, extra_query: Extra = None) -> Listing[Transcription]:
    """``GET /recordings/{recordingId}/transcriptions``."""
    from ...models.transcription import Transcription

    return listing(_path(recording, "transcriptions"), NO_FIELDS.query(extra_query), Transcription)


def get_transcription(recording: str | HasId, transcription: str | HasId) -> Operation[Transcription]:
    """``GET /recordings/{recordingId}/transcriptions/{transcriptionId}``."""
    path = _path(recording, "transcriptions", check.resource_id("transcription_id", transcription))
    from ...models.transcription import Transcription

    return Operation(Request("GET", path), Transcription._from_response)


def create_transcription(recording: str | HasId, *, extra_body: Extra = None) -> Operation[str]:
    """``POST /recordings/{recordingId}/transcriptions``; the result is the new transcription's id."""
    body = NO_FIELDS.body(extra_body)
    return Operation(Request("POST", _path(recording, "transcriptions"), body=body), location_id)


def created_transcription(
    create: Operation[str], recording: str | HasId, binding: Binding, *, fetch: bool
) -> Flow[Transcription]:
    """The transcription ``create`` started: fetched (two requests), or a handle (``fetch=False``)."""
    from ...models.transcription import Transcription

    the_recording = recording_id(recording)
    return create_then_get(
        create,
        fetch,
        lambda new_id: get_transcription(the_recording, new_id),
        lambda new_id: Transcription._handle(binding, id=new_id),
    )
