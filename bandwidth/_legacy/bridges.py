"""3.1's bridge methods (``create_bridge``, ``list_bridges`` ...), each a delegation to ``client.bridges``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from .._core.validation import renamed
from .._types import JSONObject, JSONValue
from .answers import dicts, legacy_object
from .coerce import opt, play_parameters

if TYPE_CHECKING:
    from .._sync.services.bridges import BridgesService

__all__ = ["BridgesAPI"]


class BridgesAPI:
    """The original SDK's dict methods for bridges."""

    bridges: BridgesService

    def list_bridges(self, size: int | None = None, *, page: int | None = None) -> Iterator[JSONObject]:
        """A lazy generator of bridge dicts."""
        with renamed({"page_size": "size"}):
            bridges = self.bridges.list(page_size=opt(size), page=opt(page))
        return dicts(bridges)

    def create_bridge(self, call_ids: Sequence[str] | None = None, bridge_audio: bool | None = None) -> str:
        """Create a bridge; returns its id (one request)."""
        return self.bridges.create(call_ids=opt(call_ids), bridge_audio=opt(bridge_audio), fetch=False).id

    def get_bridge(self, bridge_id: str) -> JSONObject:
        """A bridge, as a dict."""
        return legacy_object(self.bridges.get_response(bridge_id))

    def update_bridge(
        self, bridge_id: str, call_ids: Sequence[str] | None = None, bridge_audio: bool | None = None
    ) -> None:
        """Change the calls in a bridge or its audio path."""
        self.bridges.update(bridge_id, call_ids=opt(call_ids), bridge_audio=opt(bridge_audio))

    def list_bridge_calls(self, bridge_id: str) -> Iterator[JSONObject]:
        """A generator of the dicts of the calls in a bridge."""
        return dicts(self.bridges.list_calls(bridge_id))

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
            **play_parameters(file_url, sentence, gender, locale, voice, loop_enabled, tag, None),  # type: ignore[arg-type]
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
            bridge_id, sentence=sentence, gender=gender, voice=voice, locale=locale, tag=opt(tag)
        )

    def play_audio_file_to_bridge(self, bridge_id: str, file_url: str, tag: str | None = None) -> None:
        """Play the audio file at ``file_url`` in a bridge."""
        self.bridges.play_audio(bridge_id, file_url=file_url, tag=opt(tag))
