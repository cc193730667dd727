"""Shared type aliases, the "not given" sentinel and request option bags."""

from __future__ import annotations

from typing import Final, Literal, Protocol, TypeAlias, TypedDict, TypeVar, Union, runtime_checkable

__all__ = [
    "NOT_GIVEN",
    "AudioOptions",
    "CallUpdateState",
    "CallbackHttpMethod",
    "ConferenceProfileName",
    "ConferenceUpdateState",
    "DiversionReason",
    "DiversionTreatment",
    "GatherPrompt",
    "HasId",
    "JSONObject",
    "JSONValue",
    "NotGiven",
    "NotGivenOr",
    "RecordingFileFormat",
    "SortOrder",
    "Timeout",
]


class NotGiven:
    """Marks a parameter the caller did not pass, so its key is left out of the request.

    It is distinct from ``None`` and ``""``: the API gives an empty ``fileUrl`` a meaning (stop the audio).
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

_T = TypeVar("_T")
NotGivenOr: TypeAlias = Union[_T, NotGiven]  # noqa: UP007 - a generic alias needs Union here

JSONValue: TypeAlias = Union[str, int, float, bool, "list[JSONValue]", "dict[str, JSONValue]", None]
JSONObject: TypeAlias = "dict[str, JSONValue]"


@runtime_checkable
class HasId(Protocol):
    """Anything with an ``id``: wherever a parameter takes an id (``call: str | HasId``), a model (a
    ``Call``, a ``Bridge`` ...) or any object with an ``id`` attribute may be given instead.

    Annotate your own helpers with it to accept both, as the SDK's methods do::

        def hang_up_all(client: Client, calls: Iterable[str | HasId]) -> None:
            for call in calls:
                client.calls.hangup(call)
    """

    @property
    def id(self) -> str | None:
        """The resource's id."""
        ...


Timeout: TypeAlias = Union[float, "tuple[float, float]"]
"""Seconds for both connect and read, or a ``(connect, read)`` pair, as in requests."""

SortOrder: TypeAlias = Literal["asc", "desc"]
RecordingFileFormat: TypeAlias = Literal["wav", "mp3"]
CallbackHttpMethod: TypeAlias = Literal["GET", "POST"]
CallUpdateState: TypeAlias = Literal["active", "rejected", "completed", "transferring"]
DiversionTreatment: TypeAlias = Literal["none", "propagate", "stack"]
ConferenceUpdateState: TypeAlias = Literal["completed"]
"""The one state a conference, or a member, can be set to: ``completed`` ends it (removes the member)."""
ConferenceProfileName: TypeAlias = Literal["interpret_digits", "passthru_digits"]
"""How a conference treats its members' keys: it acts on them (the default), or passes them to the calls."""
DiversionReason: TypeAlias = Literal[
    "unknown",
    "user-busy",
    "no-answer",
    "unavailable",
    "unconditional",
    "time-of-day",
    "do-not-disturb",
    "deflection",
    "follow-me",
    "out-of-service",
    "away",
]


class AudioOptions(TypedDict, total=False):
    """Audio to play: a file, or a sentence spoken with an optional voice.

    Used for transfer whisper audio. Keys are snake_case; the SDK sends them in camelCase.
    """

    file_url: str
    sentence: str
    gender: str
    locale: str
    voice: str
    loop_enabled: bool


class GatherPrompt(AudioOptions, total=False):
    """The prompt played while digits are gathered."""

    bargeable: bool
