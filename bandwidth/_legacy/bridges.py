"""3.1's bridge methods (``create_bridge``, ``list_bridges`` ...), each a delegation to ``client.bridges``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import coerce
from .answers import dicts, legacy_object
from .coerce import reported

if TYPE_CHECKING:
    from .._sync.services.bridges import BridgesService

__all__ = ["BridgesAPI"]


class BridgesAPI:
    """The original SDK's dict methods for bridges."""

    bridges: BridgesService

    @reported
    def list_bridges(
        self, size: int | str | None = None, *, page: int | str | None = None, **kwargs: Any
    ) -> Iterator[dict[str, Any]]:
        """A lazy generator of bridge dicts."""
        return dicts(self.bridges.list(**coerce.query(kwargs, page_size=size, page=page)))

    @reported
    def create_bridge(
        self, call_ids: Sequence[str] | None = None, bridge_audio: bool | str | None = None, **kwargs: Any
    ) -> str:
        """Create a bridge; returns its id (one request)."""
        bridge = self.bridges.create(
            fetch=False, **coerce.body(kwargs, call_ids=call_ids, bridge_audio=bridge_audio)
        )
        return bridge.id

    @reported
    def get_bridge(self, bridge_id: str) -> dict[str, Any]:
        """A bridge, as a dict."""
        return legacy_object(self.bridges.get_response(bridge_id))

    @reported
    def update_bridge(
        self,
        bridge_id: str,
        call_ids: Sequence[str] | None = None,
        bridge_audio: bool | str | None = None,
        **kwargs: Any,
    ) -> None:
        """Change the calls in a bridge or its audio path."""
        self.bridges.update(bridge_id, **coerce.body(kwargs, call_ids=call_ids, bridge_audio=bridge_audio))

    @reported
    def list_bridge_calls(self, bridge_id: str) -> Iterator[dict[str, Any]]:
        """A generator of the dicts of the calls in a bridge."""
        return dicts(self.bridges.list_calls(bridge_id))

    get_bridge_calls = list_bridge_calls

    @reported
    def play_audio_to_bridge(
        self,
        bridge_id: str,
        file_url: str | Mapping[str, Any] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | str | None = None,
        *,
        tag: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Play a file or speak a sentence in a bridge; ``file_url`` may be an audio dict."""
        self.bridges.play_audio(
            bridge_id,
            **coerce.play(
                kwargs,
                file_url=file_url,
                sentence=sentence,
                gender=gender,
                locale=locale,
                voice=voice,
                loop_enabled=loop_enabled,
                tag=tag,
            ),
        )

    @reported
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
            bridge_id, **coerce.body(sentence=sentence, gender=gender, voice=voice, locale=locale, tag=tag)
        )

    @reported
    def play_audio_file_to_bridge(self, bridge_id: str, file_url: str, tag: str | None = None) -> None:
        """Play the audio file at ``file_url`` in a bridge."""
        self.bridges.play_audio(bridge_id, **coerce.body(file_url=file_url, tag=tag))
