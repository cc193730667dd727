"""The dict API of the original ``bandwidth-sdk`` 3.1 (``bandwidth.voice.Client``), on the typed services.

Each method keeps its original name, positional parameters and defaults, and returns what it returned:
dicts with snake_case keys and the values as the API sent them, generators of such dicts for lists, and new
ids for creates. Each is a thin delegation to the service method that implements the endpoint.

Fixed on the way: ``None`` parameters are left out instead of sent as ``null``; keys of ``sip_headers`` keep
their spelling; ``speak_sentence_to_*`` and ``play_audio_file_to_*`` send proper audio bodies; bad input
raises :class:`InvalidParameterError` before any request.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from ._core.endpoints._common import AUDIO_KEYS
from ._core.http import Response
from ._core.validation import renamed
from ._exceptions import InvalidParameterError
from ._sync.pagination import Paginator
from ._types import NOT_GIVEN, JSONObject, JSONValue, NotGiven
from .models._base import last_segment

if TYPE_CHECKING:
    from ._sync.services.bridges import BridgesService
    from ._sync.services.calls import CallsService
    from ._sync.services.recordings import RecordingsService

__all__ = ["LegacyVoiceAPI", "legacy_keys"]

_T = TypeVar("_T")

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_USER_OWNED = frozenset({"sipHeaders"})
"""Maps whose keys belong to the user and are passed through as they are."""
_snake_names: dict[str, str] = {}


def _snake(key: str) -> str:
    name = _snake_names.get(key)
    if name is None:
        name = _WORD_BOUNDARY.sub("_", key).lower()
        if len(_snake_names) < 4096:
            _snake_names[key] = name
    return name


def legacy_keys(value: JSONValue) -> JSONValue:
    """``value`` with every object key in snake_case, as the original SDK returned it."""
    if isinstance(value, dict):
        return _snake_object(value)
    if isinstance(value, list):
        return _snake_list(value)
    return value


# The two helpers below run for every field of every item of a facade list: scalars, by far the most
# common values, pass through on one type check, and only objects and arrays recurse.


def _snake_object(source: dict[str, JSONValue]) -> dict[str, JSONValue]:
    converted: dict[str, JSONValue] = {}
    names = _snake_names
    for key, item in source.items():
        if isinstance(item, dict):
            if key not in _USER_OWNED:
                item = _snake_object(item)
        elif isinstance(item, list):
            item = _snake_list(item)
        converted[names.get(key) or _snake(key)] = item
    return converted


def _snake_list(source: list[JSONValue]) -> list[JSONValue]:
    return [
        _snake_object(item)
        if isinstance(item, dict)
        else _snake_list(item)
        if isinstance(item, list)
        else item
        for item in source
    ]


def _legacy_object(response: Response) -> JSONObject:
    return _converted(response, response.json_object())


def _legacy_page(response: Response) -> list[JSONObject]:
    items: list[JSONObject] = []
    for item in response.json_list():
        if not isinstance(item, dict):
            raise response.invalid(
                f"expected a list of JSON objects, got an item of type {type(item).__name__}"
            )
        items.append(_converted(response, item))
    return items


def _converted(response: Response, item: dict[str, JSONValue]) -> JSONObject:
    try:
        return _snake_object(item)
    except RecursionError:  # json.loads nests deeper than Python recursion goes back out
        raise response.invalid("the response nests too deeply to convert") from None


def _dicts(paginator: Paginator[_T]) -> Iterator[JSONObject]:
    """A generator of legacy dicts over the same lazy walk as the typed list."""
    return iter(paginator.with_parser(_legacy_page))


def _with_media_name(recording: JSONObject) -> JSONObject:
    media = recording.get("media")
    recording["media_name"] = last_segment(media if isinstance(media, str) else None) or ""
    return recording


def _opt(value: _T | None) -> _T | NotGiven:
    return NOT_GIVEN if value is None else value


_AUDIO_PARAMETERS = {wire: name for name, wire in AUDIO_KEYS.items()} | {name: name for name in AUDIO_KEYS}


def _audio_parameters(audio: Mapping[str, JSONValue]) -> dict[str, JSONValue]:
    """The keyword arguments for a play call from an audio dict (``build_sentence`` and friends)."""
    parameters: dict[str, JSONValue] = {}
    for key, value in audio.items():
        name = _AUDIO_PARAMETERS.get(key, key if key in ("tag", "volume") else None)
        if name is None or name == "bargeable":
            raise InvalidParameterError("file_url", f"unknown audio option {key!r}")
        if value is not None:
            parameters[name] = value
    return parameters


class LegacyVoiceAPI:
    """The original SDK's dict-returning methods for calls, bridges and recordings."""

    calls: CallsService
    bridges: BridgesService
    recordings: RecordingsService

    # -- audio helpers -----------------------------------------------------------------------------------

    def build_sentence(
        self,
        sentence: str,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
    ) -> JSONObject:
        """An audio dict that speaks ``sentence``, for ``play_audio_to_*`` or ``whisper_audio``."""
        return {
            "sentence": sentence,
            "gender": gender,
            "locale": locale,
            "voice": voice,
            "loopEnabled": loop_enabled,
        }

    def build_audio_playback(self, file_url: str, loop_enabled: bool | None = None) -> JSONObject:
        """An audio dict that plays the file at ``file_url``."""
        return {"fileUrl": file_url, "loopEnabled": loop_enabled}

    # -- calls -------------------------------------------------------------------------------------------

    def list_calls(
        self,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        size: int | None = None,
        sort_order: str | None = None,
        *,
        page: int | None = None,
    ) -> Iterator[JSONObject]:
        """A lazy generator of call dicts (``GET /calls``), page after page."""
        with renamed({"page_size": "size"}):
            calls = self.calls.list(
                bridge_id=_opt(bridge_id),
                conference_id=_opt(conference_id),
                from_=_opt(from_),
                to=_opt(to),
                page_size=_opt(size),
                sort_order=_opt(sort_order),  # type: ignore[arg-type]
                page=_opt(page),
            )
        return _dicts(calls)

    def create_call(
        self,
        from_: str,
        to: str,
        call_timeout: int | None = None,
        callback_url: str | None = None,
        callback_timeout: int | None = None,
        callback_http_method: str | None = None,
        fallback_url: str | None = None,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        recording_enabled: bool | None = None,
        recording_file_format: str | None = None,
        recording_max_duration: int | None = None,
        transcription_enabled: bool | None = None,
        tag: str | None = None,
        sip_headers: Mapping[str, str] | None = None,
    ) -> str:
        """Place a call; returns its id (one request)."""
        call = self.calls.create(
            from_=from_,
            to=to,
            call_timeout=_opt(call_timeout),
            callback_url=_opt(callback_url),
            callback_timeout=_opt(callback_timeout),
            callback_http_method=_opt(callback_http_method),  # type: ignore[arg-type]
            fallback_url=_opt(fallback_url),
            bridge_id=_opt(bridge_id),
            conference_id=_opt(conference_id),
            recording_enabled=_opt(recording_enabled),
            recording_file_format=_opt(recording_file_format),  # type: ignore[arg-type]
            recording_max_duration=_opt(recording_max_duration),
            transcription_enabled=_opt(transcription_enabled),
            tag=_opt(tag),
            sip_headers=_opt(sip_headers),
            fetch=False,
        )
        return call.id

    def get_call(self, call_id: str) -> JSONObject:
        """The call as a dict."""
        return _legacy_object(self.calls.get_response(call_id))

    def update_call(
        self,
        call_id: str,
        state: str | None = None,
        recording_enabled: bool | None = None,
        recording_file_format: str | None = None,
        transfer_to: str | None = None,
        transfer_caller_id: str | None = None,
        whisper_audio: Mapping[str, JSONValue] | None = None,
        callback_url: str | None = None,
        *,
        diversion_treatment: str | None = None,
        diversion_reason: str | None = None,
    ) -> str | None:
        """Change a call; returns the id in the answer's ``Location`` (a transfer's new call) or ``None``."""
        return self.calls.update(
            call_id,
            state=_opt(state),  # type: ignore[arg-type]
            recording_enabled=_opt(recording_enabled),
            recording_file_format=_opt(recording_file_format),  # type: ignore[arg-type]
            transfer_to=_opt(transfer_to),
            transfer_caller_id=_opt(transfer_caller_id),
            whisper_audio=_opt(whisper_audio),
            callback_url=_opt(callback_url),
            diversion_treatment=_opt(diversion_treatment),  # type: ignore[arg-type]
            diversion_reason=_opt(diversion_reason),  # type: ignore[arg-type]
        )

    def play_audio_to_call(
        self,
        call_id: str,
        file_url: str | Mapping[str, JSONValue] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        *,
        tag: str | None = None,
        volume: int | None = None,
    ) -> None:
        """Play a file or speak a sentence; ``file_url`` may also be a dict from ``build_sentence`` and co."""
        self.calls.play_audio(
            call_id,
            **_play_parameters(file_url, sentence, gender, locale, voice, loop_enabled, tag, volume),  # type: ignore[arg-type]
        )

    def speak_sentence_to_call(
        self,
        call_id: str,
        sentence: str,
        gender: str = "female",
        voice: str = "susan",
        locale: str = "en_US",
        tag: str | None = None,
    ) -> None:
        """Speak ``sentence`` in a call (defaults: a female voice, Susan, en_US)."""
        self.calls.play_audio(
            call_id, sentence=sentence, gender=gender, voice=voice, locale=locale, tag=_opt(tag)
        )

    def play_audio_file_to_call(self, call_id: str, file_url: str, tag: str | None = None) -> None:
        """Play the audio file at ``file_url`` in a call."""
        self.calls.play_audio(call_id, file_url=file_url, tag=_opt(tag))

    def send_dtmf_to_call(self, call_id: str, dtmf_out: str) -> None:
        """Send DTMF tones in a call."""
        with renamed({"digits": "dtmf_out"}):
            self.calls.send_dtmf(call_id, dtmf_out)

    def list_call_recordings(self, call_id: str) -> Iterator[JSONObject]:
        """A generator of the call's recording dicts."""
        return _dicts(self.calls.list_recordings(call_id))

    def list_call_transcriptions(self, call_id: str) -> Iterator[JSONObject]:
        """A generator of the call's transcription dicts."""
        return _dicts(self.calls.list_transcriptions(call_id))

    def list_call_events(self, call_id: str) -> Iterator[JSONObject]:
        """A generator of the call's event dicts."""
        return _dicts(self.calls.list_events(call_id))

    get_call_recordings = list_call_recordings
    get_call_transcriptions = list_call_transcriptions
    get_call_events = list_call_events

    def get_call_event(self, call_id: str, event_id: str) -> JSONObject:
        """One event of a call, as a dict."""
        return _legacy_object(self.calls.get_event_response(call_id, event_id))

    def create_call_gather(
        self,
        call_id: str,
        max_digits: int | None = None,
        inter_digit_timeout: float | None = None,
        terminating_digits: str | None = None,
        tag: str | None = None,
        *,
        prompt: Mapping[str, JSONValue] | None = None,
    ) -> str:
        """Start gathering digits; returns the gather id (one request)."""
        gather = self.calls.create_gather(
            call_id,
            max_digits=_opt(max_digits),
            inter_digit_timeout=_opt(inter_digit_timeout),
            terminating_digits=_opt(terminating_digits),
            tag=_opt(tag),
            prompt=_opt(prompt),
            fetch=False,
        )
        return gather.id

    def get_call_gather(self, call_id: str, gather_id: str) -> JSONObject:
        """A gather, as a dict."""
        return _legacy_object(self.calls.get_gather_response(call_id, gather_id))

    def update_call_gather(self, call_id: str, gather_id: str, state: str | None = "completed") -> None:
        """Stop a gather: ``completed`` is the one state it can be set to."""
        if state not in (None, "completed"):
            raise InvalidParameterError("state", f"a gather can only be set to 'completed', got {state!r}")
        self.calls.stop_gather(call_id, gather_id)

    def answer_call(self, call_id: str) -> None:
        """Answer an incoming call."""
        self.calls.answer(call_id)

    def reject_call(self, call_id: str) -> None:
        """Reject an incoming call."""
        self.calls.reject(call_id)

    def hangup_call(self, call_id: str) -> None:
        """Hang up a call."""
        self.calls.hangup(call_id)

    def enable_call_recording(self, call_id: str) -> None:
        """Start recording a call."""
        self.calls.enable_recording(call_id)

    def disable_call_recording(self, call_id: str) -> None:
        """Stop recording a call."""
        self.calls.disable_recording(call_id)

    def toggle_call_recording(self, call_id: str) -> None:
        """Flip a call's recording on or off (reads the call first)."""
        self.calls.toggle_recording(call_id)

    def transfer_call(
        self,
        call_id: str,
        to: str,
        caller_id: str | None = None,
        whisper_audio: Mapping[str, JSONValue] | None = None,
        callback_url: str | None = None,
        *,
        diversion_treatment: str | None = None,
        diversion_reason: str | None = None,
    ) -> str:
        """Transfer a call to ``to``; returns the new call's id (one request)."""
        new_call = self.calls.transfer(
            call_id,
            to,
            caller_id=_opt(caller_id),
            whisper_audio=_opt(whisper_audio),
            callback_url=_opt(callback_url),
            diversion_treatment=_opt(diversion_treatment),  # type: ignore[arg-type]
            diversion_reason=_opt(diversion_reason),  # type: ignore[arg-type]
            fetch=False,
        )
        return new_call.id

    # -- bridges -----------------------------------------------------------------------------------------

    def list_bridges(self, size: int | None = None, *, page: int | None = None) -> Iterator[JSONObject]:
        """A lazy generator of bridge dicts."""
        with renamed({"page_size": "size"}):
            bridges = self.bridges.list(page_size=_opt(size), page=_opt(page))
        return _dicts(bridges)

    def create_bridge(self, call_ids: Sequence[str] | None = None, bridge_audio: bool | None = None) -> str:
        """Create a bridge; returns its id (one request)."""
        return self.bridges.create(call_ids=_opt(call_ids), bridge_audio=_opt(bridge_audio), fetch=False).id

    def get_bridge(self, bridge_id: str) -> JSONObject:
        """A bridge, as a dict."""
        return _legacy_object(self.bridges.get_response(bridge_id))

    def update_bridge(
        self, bridge_id: str, call_ids: Sequence[str] | None = None, bridge_audio: bool | None = None
    ) -> None:
        """Change the calls in a bridge or its audio path."""
        self.bridges.update(bridge_id, call_ids=_opt(call_ids), bridge_audio=_opt(bridge_audio))

    def list_bridge_calls(self, bridge_id: str) -> Iterator[JSONObject]:
        """A generator of the dicts of the calls in a bridge."""
        return _dicts(self.bridges.list_calls(bridge_id))

    get_bridge_calls = list_bridge_calls

    def play_audio_to_bridge(
        self,
        bridge_id: str,
        file_url: str | Mapping[str, JSONValue] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        *,
        tag: str | None = None,
    ) -> None:
        """Play a file or speak a sentence in a bridge; ``file_url`` may be an audio dict."""
        self.bridges.play_audio(
            bridge_id,
            **_play_parameters(file_url, sentence, gender, locale, voice, loop_enabled, tag, None),  # type: ignore[arg-type]
        )

    def speak_sentence_to_bridge(
        self,
        bridge_id: str,
        sentence: str,
        gender: str = "female",
        voice: str = "susan",
        locale: str = "en_US",
        tag: str | None = None,
    ) -> None:
        """Speak ``sentence`` in a bridge (defaults: a female voice, Susan, en_US)."""
        self.bridges.play_audio(
            bridge_id, sentence=sentence, gender=gender, voice=voice, locale=locale, tag=_opt(tag)
        )

    def play_audio_file_to_bridge(self, bridge_id: str, file_url: str, tag: str | None = None) -> None:
        """Play the audio file at ``file_url`` in a bridge."""
        self.bridges.play_audio(bridge_id, file_url=file_url, tag=_opt(tag))

    # -- recordings and transcriptions -------------------------------------------------------------------

    def list_recordings(self, size: int | None = None, *, page: int | None = None) -> Iterator[JSONObject]:
        """A lazy generator of recording dicts, each with ``media_name`` added."""
        with renamed({"page_size": "size"}):
            recordings = self.recordings.list(page_size=_opt(size), page=_opt(page))
        return (_with_media_name(recording) for recording in _dicts(recordings))

    def get_recording(self, recording_id: str) -> JSONObject:
        """A recording, as a dict with ``media_name`` added."""
        return _with_media_name(_legacy_object(self.recordings.get_response(recording_id)))

    def list_transcriptions(self, recording_id: str, size: int | None = None) -> Iterator[JSONObject]:
        """A generator of a recording's transcription dicts."""
        del size  # the endpoint is not paginated; kept for the original signature
        return _dicts(self.recordings.list_transcriptions(recording_id))

    def create_transcription(self, recording_id: str) -> str:
        """Start transcribing a recording; returns the transcription id (one request)."""
        return self.recordings.create_transcription(recording_id, fetch=False).id

    def get_transcription(self, recording_id: str, transcription_id: str) -> JSONObject:
        """A transcription, as a dict."""
        return _legacy_object(self.recordings.get_transcription_response(recording_id, transcription_id))


def _play_parameters(
    file_url: str | Mapping[str, JSONValue] | None,
    sentence: str | None,
    gender: str | None,
    locale: str | None,
    voice: str | None,
    loop_enabled: bool | None,
    tag: str | None,
    volume: int | None,
) -> dict[str, JSONValue]:
    """Keyword arguments for ``play_audio``; an audio dict in ``file_url`` is merged with the rest."""
    parameters: dict[str, JSONValue] = {}
    if isinstance(file_url, Mapping):
        parameters = _audio_parameters(file_url)
    elif file_url is not None:
        parameters["file_url"] = file_url
    explicit = {
        "sentence": sentence,
        "gender": gender,
        "locale": locale,
        "voice": voice,
        "loop_enabled": loop_enabled,
        "tag": tag,
        "volume": volume,
    }
    parameters.update({name: value for name, value in explicit.items() if value is not None})
    return parameters
