"""The BXML verbs, one frozen dataclass each.

Attributes are keyword-only, named as the API's in snake_case. An attribute left at ``None`` is not written,
so the API applies its documented default (given in each docstring); a value you set is always written, even
when it equals the default. Values are checked when the verb is built, and so is what a verb nests: a bad one
raises :class:`InvalidBXMLError` naming the verb and the attribute.

The element's text (the sentence, the audio URL, the digits, the number) is the first positional argument;
``Gather`` and ``Transfer`` take the verbs they nest as positional arguments, in document order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import ClassVar, Final, Literal, TypeAlias, get_args

from .._types import DiversionReason, DiversionTreatment, RecordingFileFormat
from . import _checks as check
from ._base import NESTED, TEXT, TRIMMED_TEXT, Verb, attribute
from ._errors import InvalidBXMLError

__all__ = [
    "VOICES",
    "Gather",
    "Gender",
    "Hangup",
    "Locale",
    "Pause",
    "PhoneNumber",
    "PlayAudio",
    "Record",
    "Redirect",
    "SendDtmf",
    "SpeakSentence",
    "Transfer",
    "Voice",
]

Gender: TypeAlias = Literal["female", "male"]
Locale: TypeAlias = Literal["en_US", "en_UK", "de", "de_de", "es", "es_mx", "fr", "fr_fr", "it", "it_it"]
Voice: TypeAlias = Literal[
    "susan", "julie", "kate", "bridget", "katrin", "esperanza", "violeta", "jolie", "paola",
    "paul", "dave", "simon", "stefan", "jorge", "bernard", "luca",
]  # fmt: skip

_FEMALE: Final[Mapping[Locale, tuple[Voice, ...]]] = {
    "en_US": ("susan", "julie", "kate"),
    "en_UK": ("bridget",),
    "de": ("katrin",),
    "de_de": ("katrin",),
    "es": ("esperanza", "violeta"),
    "es_mx": ("esperanza", "violeta"),
    "fr": ("jolie",),
    "fr_fr": ("jolie",),
    "it": ("paola",),
    "it_it": ("paola",),
}
_MALE: Final[Mapping[Locale, tuple[Voice, ...]]] = {
    "en_US": ("paul", "dave"),
    "en_UK": ("simon",),
    "de": ("stefan",),
    "de_de": ("stefan",),
    "es": ("jorge",),
    "es_mx": ("jorge",),
    "fr": ("bernard",),
    "fr_fr": ("bernard",),
    "it": ("luca",),
    "it_it": ("luca",),
}
VOICES: Final[Mapping[Gender, Mapping[Locale, tuple[Voice, ...]]]] = {"female": _FEMALE, "male": _MALE}
"""The documented voices by gender and locale."""

MAX_DTMF: Final = 92
MAX_TRANSFER_NUMBERS: Final = 7


def _set(instance: object, **values: object) -> None:
    for name, value in values.items():
        object.__setattr__(instance, name, value)


@dataclass(frozen=True, slots=True, repr=False)
class SpeakSentence(Verb):
    """Speak ``sentence`` to the caller (text to speech). No callback.

    ``voice`` is required and must be one of the documented voices for ``gender`` and ``locale`` (the API's
    default locale is ``en_US``). ``volume``: -4 to 4, API default 0.
    """

    TAG: ClassVar[str] = "SpeakSentence"

    sentence: str = field(metadata=TEXT)
    _: KW_ONLY
    gender: Gender = field(default="female", metadata=attribute("gender"))
    locale: Locale | None = field(default=None, metadata=attribute("locale"))
    voice: Voice = field(metadata=attribute("voice"))
    volume: int | None = field(default=None, metadata=attribute("volume", int))

    def __post_init__(self) -> None:
        verb = self.TAG
        check.text(verb, "sentence", self.sentence)
        check.choice(verb, "gender", self.gender, get_args(Gender))
        if self.locale is not None:
            check.choice(verb, "locale", self.locale, get_args(Locale))
        check.choice(verb, "voice", self.voice, get_args(Voice))
        voices = VOICES[self.gender][self.locale or "en_US"]
        if self.voice not in voices:
            raise InvalidBXMLError(
                verb,
                "voice",
                f"{self.voice!r} is not a {self.gender} voice for locale {self.locale or 'en_US'!r}; "
                f"choose from {', '.join(voices)}",
            )
        if self.volume is not None:
            check.integer(verb, "volume", self.volume, -4, 4)


@dataclass(frozen=True, slots=True, repr=False)
class PlayAudio(Verb):
    """Play the ``.wav`` or ``.mp3`` file at ``url``. No callback.

    ``volume``: -4 to 4 (API default 0). ``repeat_count``: 1 to 30 (default 1). ``delay_before_repeat``:
    seconds, 0 to 60, to wait for digits after each play; only inside a ``Gather`` with ``repeat_count`` > 1.
    """

    TAG: ClassVar[str] = "PlayAudio"

    url: str = field(metadata=TRIMMED_TEXT)
    _: KW_ONLY
    volume: int | None = field(default=None, metadata=attribute("volume", int))
    repeat_count: int | None = field(default=None, metadata=attribute("repeatCount", int))
    delay_before_repeat: int | None = field(default=None, metadata=attribute("delayBeforeRepeat", int))

    def __post_init__(self) -> None:
        verb = self.TAG
        check.absolute_url(verb, "url", self.url)
        if self.volume is not None:
            check.integer(verb, "volume", self.volume, -4, 4)
        if self.repeat_count is not None:
            check.integer(verb, "repeat_count", self.repeat_count, 1, 30)
        if self.delay_before_repeat is not None:
            check.integer(verb, "delay_before_repeat", self.delay_before_repeat, 0, 60)


@dataclass(frozen=True, slots=True, repr=False)
class Hangup(Verb):
    """Hang up the call. Sends the hangup callback (no more BXML is read)."""

    TAG: ClassVar[str] = "Hangup"


@dataclass(frozen=True, slots=True, repr=False)
class Pause(Verb):
    """Wait ``length`` seconds (0 to 3600; API default 1) before the next verb. No callback."""

    TAG: ClassVar[str] = "Pause"

    _: KW_ONLY
    length: int | None = field(default=None, metadata=attribute("length", int))

    def __post_init__(self) -> None:
        if self.length is not None:
            check.integer(self.TAG, "length", self.length, 0, 3600)


@dataclass(frozen=True, slots=True, repr=False)
class SendDtmf(Verb):
    """Send ``digits`` (``0-9``, ``*``, ``#``; ``,`` and ``w`` pause half a second, ``W`` one second; at most
    92 characters). No callback."""

    TAG: ClassVar[str] = "SendDtmf"

    digits: str = field(metadata=TRIMMED_TEXT)

    def __post_init__(self) -> None:
        digits = check.pattern(self.TAG, "digits", self.digits, check.DTMF, "digits from 0-9*#,wW")
        if len(digits) > MAX_DTMF:
            raise InvalidBXMLError(self.TAG, "digits", f"at most {MAX_DTMF} characters, got {len(digits)}")


@dataclass(frozen=True, slots=True, repr=False)
class Redirect(Verb):
    """Fetch new BXML from ``request_url`` (sends the redirect callback); verbs after it never run.

    Both attributes are required: ``request_url`` absolute, ``request_url_timeout`` in milliseconds.
    """

    TAG: ClassVar[str] = "Redirect"

    _: KW_ONLY
    request_url: str = field(metadata=attribute("requestUrl"))
    request_url_timeout: int = field(metadata=attribute("requestUrlTimeout", int))

    def __post_init__(self) -> None:
        check.absolute_url(self.TAG, "request_url", self.request_url)
        check.integer(self.TAG, "request_url_timeout", self.request_url_timeout, 1)


@dataclass(frozen=True, slots=True, repr=False)
class Record(Verb):
    """Record the call; the recording callback goes to ``request_url``, the transcription one to
    ``transcribe_callback_url``.

    Outside a ``Transfer`` it records the caller (voicemail) until ``max_duration`` (1 to 3600 s, API default
    60), ``silence_timeout`` (0 to 60 s, default 3) or one of ``terminating_digits``; inside, both parties
    until one hangs up, on two channels when ``multi_channel``. ``file_format`` defaults to ``wav``;
    ``transcribe=True`` needs ``transcribe_callback_url`` and ``wav``. ``silence_threshold`` defaults to 100.
    """

    TAG: ClassVar[str] = "Record"

    _: KW_ONLY
    request_url: str | None = field(default=None, metadata=attribute("requestUrl"))
    request_url_timeout: int | None = field(default=None, metadata=attribute("requestUrlTimeout", int))
    file_format: RecordingFileFormat | None = field(default=None, metadata=attribute("fileFormat"))
    transcribe: bool | None = field(default=None, metadata=attribute("transcribe", bool))
    transcribe_callback_url: str | None = field(default=None, metadata=attribute("transcribeCallbackUrl"))
    multi_channel: bool | None = field(default=None, metadata=attribute("multiChannel", bool))
    max_duration: int | None = field(default=None, metadata=attribute("maxDuration", int))
    silence_timeout: int | None = field(default=None, metadata=attribute("silenceTimeout", int))
    silence_threshold: int | None = field(default=None, metadata=attribute("silenceThreshold", int))
    terminating_digits: str | None = field(default=None, metadata=attribute("terminatingDigits"))

    def __post_init__(self) -> None:
        verb = self.TAG
        if self.request_url is not None:
            check.absolute_url(verb, "request_url", self.request_url)
        if self.request_url_timeout is not None:
            check.integer(verb, "request_url_timeout", self.request_url_timeout, 1)
        if self.file_format is not None:
            check.choice(verb, "file_format", self.file_format, get_args(RecordingFileFormat))
        if self.transcribe is not None:
            check.boolean(verb, "transcribe", self.transcribe)
        if self.transcribe_callback_url is not None:
            check.absolute_url(verb, "transcribe_callback_url", self.transcribe_callback_url)
        if self.multi_channel is not None:
            check.boolean(verb, "multi_channel", self.multi_channel)
        if self.max_duration is not None:
            check.integer(verb, "max_duration", self.max_duration, 1, 3600)
        if self.silence_timeout is not None:
            check.integer(verb, "silence_timeout", self.silence_timeout, 0, 60)
        if self.silence_threshold is not None:
            check.integer(verb, "silence_threshold", self.silence_threshold, 0)
        if self.terminating_digits is not None:
            check.pattern(verb, "terminating_digits", self.terminating_digits, check.KEYPAD, "0-9*#")
        if self.transcribe:
            if self.transcribe_callback_url is None:
                raise InvalidBXMLError(verb, "transcribe_callback_url", "required when transcribe is True")
            if self.file_format == "mp3":
                raise InvalidBXMLError(verb, "file_format", "transcription needs 'wav', not 'mp3'")


@dataclass(frozen=True, slots=True, init=False, repr=False)
class Gather(Verb):
    """Collect digits; the gather callback goes to ``request_url``, which answers with the next BXML.

    Nests ``SpeakSentence`` verbs, or one ``PlayAudio``, as the prompt (one kind only). ``request_url`` is
    required and absolute; ``request_url_timeout`` in ms (API default 30000); ``terminating_digits``
    (default ``#``, never empty); ``max_digits`` (default 128); ``inter_digit_timeout`` in seconds (default
    5); ``bargeable`` is deprecated (always true); ``tag`` comes back in the callback.
    """

    TAG: ClassVar[str] = "Gather"

    request_url: str = field(metadata=attribute("requestUrl"))
    request_url_timeout: int | None = field(default=None, metadata=attribute("requestUrlTimeout", int))
    terminating_digits: str | None = field(default=None, metadata=attribute("terminatingDigits"))
    max_digits: int | None = field(default=None, metadata=attribute("maxDigits", int))
    inter_digit_timeout: int | None = field(default=None, metadata=attribute("interDigitTimeout", int))
    bargeable: bool | None = field(default=None, metadata=attribute("bargeable", bool))
    tag: str | None = field(default=None, metadata=attribute("tag"))
    verbs: tuple[SpeakSentence | PlayAudio, ...] = field(default=(), metadata=NESTED)

    def __init__(
        self,
        *verbs: SpeakSentence | PlayAudio,
        request_url: str,
        request_url_timeout: int | None = None,
        terminating_digits: str | None = None,
        max_digits: int | None = None,
        inter_digit_timeout: int | None = None,
        bargeable: bool | None = None,
        tag: str | None = None,
    ) -> None:
        _set(
            self,
            request_url=request_url,
            request_url_timeout=request_url_timeout,
            terminating_digits=terminating_digits,
            max_digits=max_digits,
            inter_digit_timeout=inter_digit_timeout,
            bargeable=bargeable,
            tag=tag,
            verbs=verbs,
        )
        self.__post_init__()

    def __post_init__(self) -> None:
        verb = self.TAG
        check.absolute_url(verb, "request_url", self.request_url)
        if self.request_url_timeout is not None:
            check.integer(verb, "request_url_timeout", self.request_url_timeout, 1)
        if self.terminating_digits is not None:
            check.pattern(verb, "terminating_digits", self.terminating_digits, check.KEYPAD, "0-9*#")
        if self.max_digits is not None:
            check.integer(verb, "max_digits", self.max_digits, 1)
        if self.inter_digit_timeout is not None:
            check.integer(verb, "inter_digit_timeout", self.inter_digit_timeout, 1)
        if self.bargeable is not None:
            check.boolean(verb, "bargeable", self.bargeable)
        if self.tag is not None:
            check.text(verb, "tag", self.tag, required=False)
        for nested in self.verbs:
            if not isinstance(nested, (SpeakSentence, PlayAudio)):
                raise InvalidBXMLError(
                    verb, "verbs", f"nests SpeakSentence or PlayAudio, not {_name(nested)}"
                )
        kinds = {type(nested) for nested in self.verbs}
        if len(kinds) > 1:
            raise InvalidBXMLError(verb, "verbs", "nests SpeakSentence or PlayAudio verbs, not both")
        if kinds == {PlayAudio} and len(self.verbs) > 1:
            raise InvalidBXMLError(verb, "verbs", f"nests at most one PlayAudio, got {len(self.verbs)}")


@dataclass(frozen=True, slots=True, repr=False)
class PhoneNumber(Verb):
    """A number ``Transfer`` rings (E.164 or a ``sip:`` URI); the first to answer is connected."""

    TAG: ClassVar[str] = "PhoneNumber"

    number: str = field(metadata=TRIMMED_TEXT)

    def __post_init__(self) -> None:
        check.destination(self.TAG, "number", self.number)


@dataclass(frozen=True, slots=True, init=False, repr=False)
class Transfer(Verb):
    """Transfer the call to ``transfer_to`` and/or the nested ``PhoneNumber``\\ s (at most 7 in all).

    Also nests ``SpeakSentence``, ``PlayAudio`` (played to the callee before bridging) and ``Record`` (records
    the transferred call). ``call_timeout``: 1 to 300 s (API default 60); ``request_url`` may be relative;
    ``diversion_reason`` (default ``unknown``) counts only with ``diversion_treatment="stack"``. Sends the
    hangup and transferComplete callbacks; verbs after it never run.
    """

    TAG: ClassVar[str] = "Transfer"

    transfer_to: str | None = field(default=None, metadata=attribute("transferTo"))
    transfer_caller_id: str | None = field(default=None, metadata=attribute("transferCallerId"))
    call_timeout: int | None = field(default=None, metadata=attribute("callTimeout", int))
    request_url: str | None = field(default=None, metadata=attribute("requestUrl"))
    request_url_timeout: int | None = field(default=None, metadata=attribute("requestUrlTimeout", int))
    tag: str | None = field(default=None, metadata=attribute("tag"))
    diversion_treatment: DiversionTreatment | None = field(
        default=None, metadata=attribute("diversionTreatment")
    )
    diversion_reason: DiversionReason | None = field(default=None, metadata=attribute("diversionReason"))
    verbs: tuple[PhoneNumber | SpeakSentence | PlayAudio | Record, ...] = field(default=(), metadata=NESTED)

    def __init__(
        self,
        *verbs: PhoneNumber | SpeakSentence | PlayAudio | Record,
        transfer_to: str | None = None,
        transfer_caller_id: str | None = None,
        call_timeout: int | None = None,
        request_url: str | None = None,
        request_url_timeout: int | None = None,
        tag: str | None = None,
        diversion_treatment: DiversionTreatment | None = None,
        diversion_reason: DiversionReason | None = None,
    ) -> None:
        _set(
            self,
            transfer_to=transfer_to,
            transfer_caller_id=transfer_caller_id,
            call_timeout=call_timeout,
            request_url=request_url,
            request_url_timeout=request_url_timeout,
            tag=tag,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
            verbs=verbs,
        )
        self.__post_init__()

    def __post_init__(self) -> None:
        verb = self.TAG
        if self.transfer_to is not None:
            check.destination(verb, "transfer_to", self.transfer_to)
        if self.transfer_caller_id is not None:
            check.text(verb, "transfer_caller_id", self.transfer_caller_id)
        if self.call_timeout is not None:
            check.integer(verb, "call_timeout", self.call_timeout, 1, 300)
        if self.request_url is not None:
            check.text(verb, "request_url", self.request_url)
        if self.request_url_timeout is not None:
            check.integer(verb, "request_url_timeout", self.request_url_timeout, 1)
        if self.tag is not None:
            check.text(verb, "tag", self.tag, required=False)
        if self.diversion_treatment is not None:
            check.choice(verb, "diversion_treatment", self.diversion_treatment, get_args(DiversionTreatment))
        if self.diversion_reason is not None:
            check.choice(verb, "diversion_reason", self.diversion_reason, get_args(DiversionReason))
        for nested in self.verbs:
            if not isinstance(nested, (PhoneNumber, SpeakSentence, PlayAudio, Record)):
                raise InvalidBXMLError(
                    verb, "verbs", f"nests PhoneNumber, SpeakSentence, PlayAudio, Record, not {_name(nested)}"
                )
        numbers = sum(isinstance(nested, PhoneNumber) for nested in self.verbs)
        numbers += self.transfer_to is not None
        if numbers == 0:
            raise InvalidBXMLError(verb, "transfer_to", "give transfer_to (transferTo) or nest a PhoneNumber")
        if numbers > MAX_TRANSFER_NUMBERS:
            raise InvalidBXMLError(
                verb,
                "verbs",
                f"at most {MAX_TRANSFER_NUMBERS} numbers (transfer_to and PhoneNumbers), got {numbers}",
            )


def _name(value: object) -> str:
    return type(value).__name__ if isinstance(value, Verb) else repr(value)


NESTABLE: Final[Mapping[type[Verb], tuple[type[Verb], ...]]] = {
    Gather: (SpeakSentence, PlayAudio),
    Transfer: (PhoneNumber, SpeakSentence, PlayAudio, Record),
}
"""Which verbs each verb may nest; the others nest none."""

_ALL: Final = (
    Gather,
    Hangup,
    Pause,
    PhoneNumber,
    PlayAudio,
    Record,
    Redirect,
    SendDtmf,
    SpeakSentence,
    Transfer,
)
VERBS: Final[Mapping[str, type[Verb]]] = {cls.TAG: cls for cls in _ALL}
"""Every element a BXML document may contain, by its name (``PhoneNumber`` only inside ``Transfer``)."""
