"""3.1's audio helpers: dicts describing audio, for ``play_audio_to_*``, ``whisper_audio`` and ``prompt``."""

from __future__ import annotations

from .._types import JSONObject

__all__ = ["AudioHelpers"]


class AudioHelpers:
    """``build_sentence`` and ``build_audio_playback``: no request, just a dict."""

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
