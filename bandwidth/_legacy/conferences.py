"""3.1's conference methods (``create_conference``, ``mute_conference_member`` ...), each a delegation to
``client.conferences``.

Parameters take what 3.1 took (``mute="true"``, ``callback_timeout="2000"``), turned into typed input by
:mod:`.coerce`; extra keywords are sent as spelled. ``profile`` (create) and ``state`` (member update) were
extra keywords in 3.1 code: here they are named, keyword-only, and checked. The audio shortcuts send proper
audio bodies, where 3.1 sent its audio dict under ``fileUrl``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from . import coerce
from .answers import dicts, legacy_object
from .coerce import reported

if TYPE_CHECKING:
    from functools import cached_property

    from .._sync.services.conferences import ConferencesService

__all__ = ["ConferencesAPI"]


class ConferencesAPI:
    """The original SDK's dict methods for conferences and their members."""

    if TYPE_CHECKING:

        @cached_property
        def conferences(self) -> ConferencesService: ...  # the client's, made on first use

    # -- conferences -----------------------------------------------------------------------------------------

    @reported
    def create_conference(
        self,
        from_: str,
        callback_url: str | None = None,
        callback_timeout: int | str | None = None,
        callback_http_method: str | None = None,
        fallback_url: str | None = None,
        tag: str | None = None,
        *,
        profile: str | None = None,
        **kwargs: Any,
    ) -> str:
        """Create a conference hosted by ``from_``; returns its id (one request)."""
        conference = self.conferences.create(
            from_=from_,
            fetch=False,
            **coerce.body(
                kwargs,
                callback_url=callback_url,
                callback_timeout=callback_timeout,
                callback_http_method=callback_http_method,
                fallback_url=fallback_url,
                profile=profile,
                tag=tag,
            ),
        )
        return conference.id

    @reported
    def get_conference(self, conference_id: str) -> dict[str, Any]:
        """A conference, as a dict."""
        return legacy_object(self.conferences.get_response(conference_id))

    @reported
    def update_conference(
        self,
        conference_id: str,
        state: str | None = None,
        mute: bool | str | None = None,
        hold: bool | str | None = None,
        callback_url: str | None = None,
        callback_timeout: int | str | None = None,
        callback_http_method: str | None = None,
        fallback_url: str | None = None,
        tag: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Change a conference: end it (``state="completed"``), mute or hold everyone, its callbacks."""
        self.conferences.update(
            conference_id,
            **coerce.body(
                kwargs,
                state=state,
                mute=mute,
                hold=hold,
                callback_url=callback_url,
                callback_timeout=callback_timeout,
                callback_http_method=callback_http_method,
                fallback_url=fallback_url,
                tag=tag,
            ),
        )

    @reported
    def terminate_conference(self, conference_id: str) -> None:
        """End a conference; its members leave."""
        self.conferences.terminate(conference_id)

    @reported
    def hold_conference(self, conference_id: str, hold: bool | str) -> None:
        """Put every member on hold (``True``) or take them off it (``False``)."""
        self.conferences.hold(conference_id, coerce.required("hold", hold))

    @reported
    def mute_conference(self, conference_id: str, mute: bool | str) -> None:
        """Mute (``True``) or unmute (``False``) every member."""
        self.conferences.mute(conference_id, coerce.required("mute", mute))

    @reported
    def play_audio_to_conference(
        self,
        conference_id: str,
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
        """Play a file or speak a sentence to a conference; ``file_url`` may be an audio dict."""
        self.conferences.play_audio(
            conference_id,
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
    def speak_sentence_to_conference(
        self,
        conference_id: str,
        sentence: str,
        gender: str = "female",
        voice: str = "susan",
        locale: str = "en_US",
        tag: str | None = None,
    ) -> None:
        """Speak ``sentence`` to a conference (defaults: a female voice, Susan, en_US)."""
        self.conferences.play_audio(
            conference_id,
            **coerce.body(sentence=sentence, gender=gender, voice=voice, locale=locale, tag=tag),
        )

    @reported
    def play_audio_file_to_conference(
        self, conference_id: str, file_url: str, tag: str | None = None
    ) -> None:
        """Play the audio file at ``file_url`` to a conference."""
        self.conferences.play_audio(conference_id, **coerce.body(file_url=file_url, tag=tag))

    # -- members ---------------------------------------------------------------------------------------------

    @reported
    def list_conference_members(self, conference_id: str) -> Iterator[dict[str, Any]]:
        """A generator of the dicts of a conference's members (those that left too)."""
        return dicts(self.conferences.list_members(conference_id))

    @reported
    def create_conference_member(
        self,
        conference_id: str,
        call_id: str | None = None,
        join_tone: bool | str | None = None,
        leaving_tone: bool | str | None = None,
        mute: bool | str | None = None,
        hold: bool | str | None = None,
        **kwargs: Any,
    ) -> str:
        """Add an active call to a conference; returns the member's id (one request)."""
        member = self.conferences.create_member(
            conference_id,
            call_id,  # type: ignore[arg-type]  # required: None is refused, naming call_id
            fetch=False,
            **coerce.body(kwargs, join_tone=join_tone, leaving_tone=leaving_tone, mute=mute, hold=hold),
        )
        return member.id

    @reported
    def get_conference_member(self, conference_id: str, member_id: str) -> dict[str, Any]:
        """A conference member, as a dict."""
        return legacy_object(self.conferences.get_member_response(conference_id, member_id))

    @reported
    def update_conference_member(
        self,
        conference_id: str,
        member_id: str,
        join_tone: bool | str | None = None,
        leaving_tone: bool | str | None = None,
        mute: bool | str | None = None,
        hold: bool | str | None = None,
        *,
        state: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Change a member: mute, hold, its tones, or remove it (``state="completed"``)."""
        self.conferences.update_member(
            conference_id,
            member_id,
            **coerce.body(
                kwargs, state=state, join_tone=join_tone, leaving_tone=leaving_tone, mute=mute, hold=hold
            ),
        )

    @reported
    def remove_conference_member(self, conference_id: str, member_id: str) -> None:
        """Remove a member from a conference; its call stays up."""
        self.conferences.remove_member(conference_id, member_id)

    @reported
    def hold_conference_member(self, conference_id: str, member_id: str, hold: bool | str) -> None:
        """Put a member on hold (``True``) or take it off hold (``False``)."""
        self.conferences.hold_member(conference_id, member_id, coerce.required("hold", hold))

    @reported
    def mute_conference_member(self, conference_id: str, member_id: str, mute: bool | str) -> None:
        """Mute (``True``) or unmute (``False``) a member."""
        self.conferences.mute_member(conference_id, member_id, coerce.required("mute", mute))

    @reported
    def play_audio_to_conference_member(
        self,
        conference_id: str,
        member_id: str,
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
        """Play a file or speak a sentence to one member; ``file_url`` may be an audio dict."""
        self.conferences.play_audio_to_member(
            conference_id,
            member_id,
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
    def speak_sentence_to_conference_member(
        self,
        conference_id: str,
        member_id: str,
        sentence: str,
        gender: str = "female",
        voice: str = "susan",
        locale: str = "en_US",
        tag: str | None = None,
    ) -> None:
        """Speak ``sentence`` to one member (defaults: a female voice, Susan, en_US)."""
        self.conferences.play_audio_to_member(
            conference_id,
            member_id,
            **coerce.body(sentence=sentence, gender=gender, voice=voice, locale=locale, tag=tag),
        )

    @reported
    def play_audio_file_to_conference_member(
        self, conference_id: str, member_id: str, file_url: str, tag: str | None = None
    ) -> None:
        """Play the audio file at ``file_url`` to one member."""
        self.conferences.play_audio_to_member(
            conference_id, member_id, **coerce.body(file_url=file_url, tag=tag)
        )
