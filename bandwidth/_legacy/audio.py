"""3.1's audio helpers: dicts describing audio, for ``play_audio_to_*``, ``whisper_audio`` and ``prompt``."""

from __future__ import annotations

from typing import Any, Final

from .._core.endpoints._common import Fields
from .coerce import reported

__all__ = ["AudioHelpers"]

_SENTENCE: Final = Fields(
    sentence="sentence", gender="gender", locale="locale", voice="voice", loop_enabled="loopEnabled"
)
_PLAYBACK: Final = Fields(file_url="fileUrl", loop_enabled="loopEnabled")


class AudioHelpers:
    """``build_sentence`` and ``build_audio_playback``: no request, just the dict 3.1 built.

    Extra keywords join the dict as spelled (``tag=``); one spelled like a named parameter's key
    (``loopEnabled=`` next to ``loop_enabled``) is refused, naming both.
    """

    @reported
    def build_sentence(
        self,
        sentence: str,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | str | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """An audio dict that speaks ``sentence``, for ``play_audio_to_*`` or ``whisper_audio``."""
        _SENTENCE.extras("extra_body", kwargs)
        return {
            **kwargs,
            "sentence": sentence,
            "gender": gender,
            "locale": locale,
            "voice": voice,
            "loopEnabled": loop_enabled,
        }

    @reported
    def build_audio_playback(
        self, file_url: str, loop_enabled: bool | str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """An audio dict that plays the file at ``file_url``."""
        _PLAYBACK.extras("extra_body", kwargs)
        return {**kwargs, "fileUrl": file_url, "loopEnabled": loop_enabled}
