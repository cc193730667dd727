"""``/recordings`` and ``/media``: recordings, their transcriptions, and the files behind both."""

from __future__ import annotations

from werkzeug.wrappers import Response

from .wire import Exchange, Route, empty, json_answer

__all__ = ["ROUTES"]


def list_recordings(ex: Exchange) -> Response:
    page, size = ex.page("recordings")
    items, more = ex.engine.recordings.list_recordings(page=page, size=size, base=ex.base)
    return ex.paginated(page, size, items, more)


def get_recording(ex: Exchange, recording_id: str) -> Response:
    return json_answer(ex.engine.recordings.get(recording_id, ex.base))


def list_transcriptions(ex: Exchange, recording_id: str) -> Response:
    return json_answer(ex.engine.recordings.transcriptions(recording_id, ex.base))  # type: ignore[arg-type]


def create_transcription(ex: Exchange, recording_id: str) -> Response:
    ex.body()  # read and checked, though no field is documented
    transcription_id = ex.engine.recordings.create_transcription(recording_id)
    return empty(201, ex.engine.runtime.transcription_url(recording_id, transcription_id, ex.base))


def get_transcription(ex: Exchange, recording_id: str, transcription_id: str) -> Response:
    return json_answer(ex.engine.recordings.transcription(recording_id, transcription_id, ex.base))


def get_media(ex: Exchange, name: str) -> Response:
    content, content_type = ex.engine.recordings.media(name)
    return Response(content, 200, content_type=content_type)


_RECORDING = "/recordings/<recording_id>"
ROUTES: list[Route] = [
    ("/recordings", "GET", list_recordings),
    (_RECORDING, "GET", get_recording),
    (f"{_RECORDING}/transcriptions", "GET", list_transcriptions),
    (f"{_RECORDING}/transcriptions", "POST", create_transcription),
    (f"{_RECORDING}/transcriptions/<transcription_id>", "GET", get_transcription),
    ("/media/<name>", "GET", get_media),
]
"""Paths under ``/v1/users/<user_id>``."""
