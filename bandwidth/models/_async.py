"""The async client's method sets of calls, bridges, gathers and recordings (``AsyncCall`` ...).

Each class is the resource's fields (``CallFields``, defined once in the resource's module) with its methods
as coroutines. They live apart from the sync models so that a sync application never creates them: the
resource modules (``bandwidth.models.call`` ...) and ``bandwidth.models`` still name them, loading this
module on first use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import IO, TYPE_CHECKING

from .._core.validation import renamed
from .._types import (
    NOT_GIVEN,
    AudioOptions,
    GatherPrompt,
    JSONValue,
    NotGivenOr,
    RecordingFileFormat,
    Timeout,
)
from ._audio import AsyncPlaysAudio
from .bridge import BridgeFields
from .call import CallFields
from .gather import GatherFields
from .recording import RecordingFields

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .._async.pagination import AsyncPaginator
    from .._async.services.bridges import AsyncBridgesService
    from .._async.services.calls import AsyncCallsService
    from .._async.services.recordings import AsyncRecordingsService
    from .._core.endpoints._common import Audio
    from .._types import CallUpdateState, DiversionReason, DiversionTreatment, HasId
    from .call_event import CallEvent
    from .transcription import Transcription

__all__ = ["AsyncBridge", "AsyncCall", "AsyncGather", "AsyncRecording"]


class AsyncCall(AsyncPlaysAudio, CallFields, frozen=True):
    """A phone call, as ``GET /calls/{callId}`` describes it, from an :class:`~bandwidth.AsyncClient`: the
    fields of :class:`Call`, with its methods as coroutines (``await call.hangup()``).

    Lists (``events()``, ``recordings()`` ...) return an :class:`~bandwidth.AsyncPaginator` at once, with no
    request (``async for event in call.events()``).
    """

    _methods = "async"

    @property
    def _service(self) -> AsyncCallsService:
        from .._async.services.calls import AsyncCallsService

        return AsyncCallsService(self._async_transport)

    async def refresh(self) -> AsyncCall:
        """A fresh snapshot of this call (one GET)."""
        return await self._service.get(self.id)

    async def update(
        self,
        *,
        state: NotGivenOr[CallUpdateState] = NOT_GIVEN,
        recording_enabled: NotGivenOr[bool] = NOT_GIVEN,
        recording_file_format: NotGivenOr[RecordingFileFormat] = NOT_GIVEN,
        transfer_to: NotGivenOr[str] = NOT_GIVEN,
        transfer_caller_id: NotGivenOr[str] = NOT_GIVEN,
        whisper_audio: NotGivenOr[AudioOptions] = NOT_GIVEN,
        callback_url: NotGivenOr[str] = NOT_GIVEN,
        diversion_treatment: NotGivenOr[DiversionTreatment] = NOT_GIVEN,
        diversion_reason: NotGivenOr[DiversionReason] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> str | None:
        """``POST /calls/{id}`` with the given fields; returns the id in ``Location``, if any."""
        return await self._service.update(
            self.id,
            state=state,
            recording_enabled=recording_enabled,
            recording_file_format=recording_file_format,
            transfer_to=transfer_to,
            transfer_caller_id=transfer_caller_id,
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
            extra_body=extra_body,
        )

    async def answer(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Answer this incoming call."""
        await self._service.answer(self.id, extra_body=extra_body)

    async def reject(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Reject this incoming call."""
        await self._service.reject(self.id, extra_body=extra_body)

    async def hangup(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Hang up."""
        await self._service.hangup(self.id, extra_body=extra_body)

    async def transfer(
        self,
        to: str,
        *,
        caller_id: NotGivenOr[str] = NOT_GIVEN,
        whisper_audio: NotGivenOr[AudioOptions] = NOT_GIVEN,
        callback_url: NotGivenOr[str] = NOT_GIVEN,
        diversion_treatment: NotGivenOr[DiversionTreatment] = NOT_GIVEN,
        diversion_reason: NotGivenOr[DiversionReason] = NOT_GIVEN,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> AsyncCall:
        """Transfer to ``to``; returns the new call (fetched unless ``fetch=False``)."""
        return await self._service.transfer(
            self.id,
            to,
            caller_id=caller_id,
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
            fetch=fetch,
            extra_body=extra_body,
        )

    async def play(
        self,
        *,
        file_url: NotGivenOr[str] = NOT_GIVEN,
        sentence: NotGivenOr[str] = NOT_GIVEN,
        gender: NotGivenOr[str] = NOT_GIVEN,
        locale: NotGivenOr[str] = NOT_GIVEN,
        voice: NotGivenOr[str] = NOT_GIVEN,
        loop_enabled: NotGivenOr[bool] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        volume: NotGivenOr[int] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Play a file or speak a sentence (exactly one of the two; ``""`` stops it), ``volume`` -4..4."""
        await self._service.play_audio(
            self.id,
            file_url=file_url,
            sentence=sentence,
            gender=gender,
            locale=locale,
            voice=voice,
            loop_enabled=loop_enabled,
            tag=tag,
            volume=volume,
            extra_body=extra_body,
        )

    async def _play_audio(self, **audio: Unpack[Audio]) -> None:
        await self._service.play_audio(self.id, **audio)

    async def send_dtmf(self, digits: str, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Send keypad tones (``[A-D0-9#*,wW]``, up to 92; ``w``/``,`` pause half a second, ``W`` one)."""
        await self._service.send_dtmf(self.id, digits, extra_body=extra_body)

    async def gather(
        self,
        *,
        max_digits: NotGivenOr[int] = NOT_GIVEN,
        inter_digit_timeout: NotGivenOr[float] = NOT_GIVEN,
        terminating_digits: NotGivenOr[str] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        prompt: NotGivenOr[GatherPrompt] = NOT_GIVEN,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> AsyncGather:
        """Start collecting digits; returns the gather (fetched unless ``fetch=False``)."""
        return await self._service.create_gather(
            self.id,
            max_digits=max_digits,
            inter_digit_timeout=inter_digit_timeout,
            terminating_digits=terminating_digits,
            tag=tag,
            prompt=prompt,
            fetch=fetch,
            extra_body=extra_body,
        )

    async def enable_recording(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Start recording this call."""
        await self._service.enable_recording(self.id, extra_body=extra_body)

    async def disable_recording(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Stop recording this call."""
        await self._service.disable_recording(self.id, extra_body=extra_body)

    async def toggle_recording(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> bool | None:
        """Flip recording (reads the current setting first); returns whether it is now on.

        ``None`` when the call does not say whether it is being recorded: nothing changed, no POST sent.
        """
        return await self._service.toggle_recording(self.id, extra_body=extra_body)

    def events(self, *, extra_query: Mapping[str, JSONValue] | None = None) -> AsyncPaginator[CallEvent]:
        """The call's events (lazy: no request until iterated)."""
        return self._service.list_events(self.id, extra_query=extra_query)

    async def event(self, event_id: str) -> CallEvent:
        """One event of the call."""
        return await self._service.get_event(self.id, event_id)

    def recordings(
        self, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> AsyncPaginator[AsyncRecording]:
        """The call's recordings (lazy)."""
        return self._service.list_recordings(self.id, extra_query=extra_query)

    def transcriptions(
        self, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> AsyncPaginator[Transcription]:
        """Transcriptions of the call's recordings (lazy)."""
        return self._service.list_transcriptions(self.id, extra_query=extra_query)


class AsyncBridge(AsyncPlaysAudio, BridgeFields, frozen=True):
    """A bridge, from an :class:`~bandwidth.AsyncClient`: the fields of :class:`Bridge`, with its methods
    as coroutines (``await bridge.speak(...)``); :meth:`calls` is an :class:`~bandwidth.AsyncPaginator`."""

    _methods = "async"

    @property
    def _service(self) -> AsyncBridgesService:
        from .._async.services.bridges import AsyncBridgesService

        return AsyncBridgesService(self._async_transport)

    async def refresh(self) -> AsyncBridge:
        """A fresh snapshot of this bridge (one GET)."""
        return await self._service.get(self.id)

    async def update(
        self,
        *,
        calls: NotGivenOr[Sequence[str | HasId]] = NOT_GIVEN,
        bridge_audio: NotGivenOr[bool] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Change the calls in the bridge (at most two; ``[]`` removes all) or put them on hold."""
        with renamed({"call_ids": "calls"}):
            await self._service.update(
                self.id, call_ids=calls, bridge_audio=bridge_audio, extra_body=extra_body
            )

    def calls(self, *, extra_query: Mapping[str, JSONValue] | None = None) -> AsyncPaginator[AsyncCall]:
        """The calls in the bridge (``async for``; ``await`` it for the one page the API answers)."""
        return self._service.list_calls(self.id, extra_query=extra_query)

    async def _play_audio(self, **audio: Unpack[Audio]) -> None:
        await self._service.play_audio(self.id, **audio)


class AsyncGather(GatherFields, frozen=True):
    """A digit gather on a call, from an :class:`~bandwidth.AsyncClient`: the fields of :class:`Gather`,
    with its methods as coroutines."""

    _methods = "async"

    @property
    def _service(self) -> AsyncCallsService:
        from .._async.services.calls import AsyncCallsService

        return AsyncCallsService(self._async_transport)

    async def refresh(self) -> AsyncGather:
        """A fresh snapshot of this gather (one GET)."""
        return await self._service.get_gather(self._call_id(), self.id)

    async def stop(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Stop gathering now (one POST); ``extra_body`` adds fields this SDK does not name."""
        await self._service.stop_gather(self._call_id(), self.id, extra_body=extra_body)


class AsyncRecording(RecordingFields, frozen=True):
    """A call recording, from an :class:`~bandwidth.AsyncClient`: the fields of :class:`Recording`, with
    its methods as coroutines (``await recording.download(path)``)."""

    _methods = "async"

    @property
    def _service(self) -> AsyncRecordingsService:
        from .._async.services.recordings import AsyncRecordingsService

        return AsyncRecordingsService(self._async_transport)

    async def refresh(self) -> AsyncRecording:
        """A fresh snapshot of this recording (one GET)."""
        return await self._service.get(self.id)

    async def download(
        self,
        destination: str | os.PathLike[str] | IO[bytes],
        *,
        chunk_size: int = 64 * 1024,
        timeout: NotGivenOr[Timeout] = NOT_GIVEN,
    ) -> int:
        """Stream the audio file to a path or a binary file object; returns the bytes written.

        A path is written through a temporary file, so it is either complete or left untouched.
        """
        return await self._service.download(self, destination, chunk_size=chunk_size, timeout=timeout)

    def transcriptions(
        self, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> AsyncPaginator[Transcription]:
        """This recording's transcriptions (lazy); ``extra_query`` adds parameters this SDK does not name."""
        return self._service.list_transcriptions(self.id, extra_query=extra_query)

    async def transcribe(
        self, *, fetch: bool = True, extra_body: Mapping[str, JSONValue] | None = None
    ) -> Transcription:
        """Start transcribing this recording; returns the transcription (fetched unless ``fetch=False``).

        ``extra_body`` adds fields this SDK does not name."""
        return await self._service.create_transcription(self.id, fetch=fetch, extra_body=extra_body)
