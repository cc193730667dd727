"""``play``, ``speak`` and ``play_file``: one definition for every model whose resource plays audio.

Calls, bridges, conferences and conference members each have a ``POST .../audio`` endpoint taking the same
parameters (a call's also takes ``volume``). Their models mix in :class:`PlaysAudio` (the sync client's) or
:class:`AsyncPlaysAudio` (the async client's, whose methods are coroutines) and say only where the request
goes, in ``_play_audio``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._types import NOT_GIVEN, JSONValue, NotGivenOr

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .._core.endpoints._common import Audio

__all__ = ["AsyncPlaysAudio", "PlaysAudio"]


class PlaysAudio:
    """Audio methods; each sends one ``POST .../audio`` and returns ``None``."""

    __slots__ = ()

    def _play_audio(self, **audio: Unpack[Audio]) -> None:
        """Send the audio request of this resource (its service method)."""
        raise NotImplementedError

    def play(
        self,
        *,
        file_url: NotGivenOr[str] = NOT_GIVEN,
        sentence: NotGivenOr[str] = NOT_GIVEN,
        gender: NotGivenOr[str] = NOT_GIVEN,
        locale: NotGivenOr[str] = NOT_GIVEN,
        voice: NotGivenOr[str] = NOT_GIVEN,
        loop_enabled: NotGivenOr[bool] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Play a file or speak a sentence (exactly one of the two; ``""`` stops what is playing)."""
        self._play_audio(
            file_url=file_url,
            sentence=sentence,
            gender=gender,
            locale=locale,
            voice=voice,
            loop_enabled=loop_enabled,
            tag=tag,
            extra_body=extra_body,
        )

    def speak(
        self,
        sentence: str,
        *,
        gender: NotGivenOr[str] = NOT_GIVEN,
        locale: NotGivenOr[str] = NOT_GIVEN,
        voice: NotGivenOr[str] = NOT_GIVEN,
        loop_enabled: NotGivenOr[bool] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Speak ``sentence`` (up to 1000 characters) with text-to-speech."""
        self.play(
            sentence=sentence,
            gender=gender,
            locale=locale,
            voice=voice,
            loop_enabled=loop_enabled,
            tag=tag,
            extra_body=extra_body,
        )

    def play_file(
        self,
        url: str,
        *,
        loop_enabled: NotGivenOr[bool] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Play the WAV or MP3 file at ``url``."""
        self.play(file_url=url, loop_enabled=loop_enabled, tag=tag, extra_body=extra_body)


class AsyncPlaysAudio:
    """The audio methods of the async client's models: as :class:`PlaysAudio`'s, awaited."""

    __slots__ = ()

    async def _play_audio(self, **audio: Unpack[Audio]) -> None:
        """Send the audio request of this resource (its async service method)."""
        raise NotImplementedError

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
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Play a file or speak a sentence (exactly one of the two; ``""`` stops what is playing)."""
        await self._play_audio(
            file_url=file_url,
            sentence=sentence,
            gender=gender,
            locale=locale,
            voice=voice,
            loop_enabled=loop_enabled,
            tag=tag,
            extra_body=extra_body,
        )

    async def speak(
        self,
        sentence: str,
        *,
        gender: NotGivenOr[str] = NOT_GIVEN,
        locale: NotGivenOr[str] = NOT_GIVEN,
        voice: NotGivenOr[str] = NOT_GIVEN,
        loop_enabled: NotGivenOr[bool] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Speak ``sentence`` (up to 1000 characters) with text-to-speech."""
        await self.play(
            sentence=sentence,
            gender=gender,
            locale=locale,
            voice=voice,
            loop_enabled=loop_enabled,
            tag=tag,
            extra_body=extra_body,
        )

    async def play_file(
        self,
        url: str,
        *,
        loop_enabled: NotGivenOr[bool] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Play the WAV or MP3 file at ``url``."""
        await self.play(file_url=url, loop_enabled=loop_enabled, tag=tag, extra_body=extra_body)
