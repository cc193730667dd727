"""The emulator's engine: the API's behaviour, one state machine module per resource.

========================  =================================================================================
``records.py``            the state: one record type per resource, the API's limits and defaults
``inputs.py``             reading request fields (``Body``): the documented 400s for bad values
``runtime.py``            what modules share: lock, clock and timers, event log, callbacks, URLs; ``Module``
``calls.py``              calls: create, ring, answer, time out, end, update, transfer
``far_end.py``            the far end: magic numbers, the control API's answer/reject/hangup, incoming calls
``gathers.py``            gathers and the far end's key presses
``audio.py``              playback and speech on a call, DTMF out
``recordings.py``         recordings, transcriptions, media, the far end's speech
``bridges.py``            bridges
``conferences.py``        conferences and their members
``bxml.py``               BXML applications: the runner of their documents on calls
``bxml_transfer.py``      the BXML Transfer verb: legs ringing at once, the bridge, ``transferComplete``
========================  =================================================================================

The HTTP app (``_http/``) parses requests and calls the modules' public (:func:`~.runtime.locked`)
operations; it never changes state itself. A new resource (conferences, a BXML runner) is a new
:class:`~.runtime.Module`, added to :attr:`Engine.modules` if it reacts to a call's life.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import _errors as errors
from .._callback_hosts import CallbackHosts
from .._callbacks import Dispatcher
from .._clock import Clock
from .._limits import MAX_CLOCK_SECONDS
from .audio import Audio
from .bridges import Bridges
from .bxml import BxmlRunner
from .calls import Calls
from .conferences import Conferences, JoinedCaller
from .far_end import MAGIC_NUMBERS, MAGIC_SIP_USERS, FarEnd, far_end_script
from .gathers import Gathers
from .recordings import Recordings
from .records import DEFAULT_CALL_TIMEOUT, DEFAULT_CALLBACK_TIMEOUT, State
from .runtime import Module, Runtime, locked

__all__ = [
    "DEFAULT_CALLBACK_TIMEOUT",
    "DEFAULT_CALL_TIMEOUT",
    "MAGIC_NUMBERS",
    "MAGIC_SIP_USERS",
    "Engine",
    "JoinedCaller",
    "Settings",
    "far_end_script",
]


@dataclass(frozen=True)
class Settings:
    """The account the emulator serves and the timings of the emulated far end."""

    user_id: str = "u-emulator"
    api_token: str = "t-emulator"
    api_secret: str = "s-emulator"
    ring_seconds: float = 1.0
    """How long the far end rings before it answers (or rejects, or is busy)."""
    speak_chars_per_second: float = 15.0
    """Text-to-speech speed: a sentence lasts ``len / speed`` seconds (at least one)."""
    file_play_seconds: float = 2.0
    """How long every audio file plays."""
    recording_save_seconds: float = 0.0
    """How long a stopped recording stays ``saving`` before it is ``complete``."""
    transcription_seconds: float = 0.0
    """How long a transcription stays ``transcribing``."""
    incoming_call_url: str | None = None
    """The application's callback URL, where ``incomingcall`` events (and the call's later events) go."""
    incoming_call_http_method: str = "POST"
    incoming_call_fallback_url: str | None = None
    application_id: str = "a-emulator"
    allowed_callback_hosts: tuple[str, ...] = ()
    """Hosts callbacks may go to besides loopback (``*``: any); see ``_callback_hosts.py``."""


class _Clockwork(Module):
    """The clock and the whole state, as the control API moves and resets them."""

    @locked
    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` ahead, firing every timer due on the way, each at its own time.

        Raises:
            InvalidInputError: ``seconds`` is not a finite number, is negative, or would move the clock
                more than ``MAX_CLOCK_SECONDS`` (100 years) past its start (a 400; also a ValueError).
        """
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not math.isfinite(seconds):
            raise errors.validation("seconds must be a finite number", seconds=str(seconds))
        if seconds < 0:
            raise errors.validation("seconds must not be negative", seconds=str(seconds))
        if self.rt.seconds() + seconds > MAX_CLOCK_SECONDS:
            raise errors.validation(
                f"the clock can move at most {MAX_CLOCK_SECONDS} seconds past its start", seconds=str(seconds)
            )
        self.rt.scheduler.advance(seconds)

    @locked
    def tick(self) -> float | None:
        """Fire due timers (the real-time ticker calls this); returns when the next one is due."""
        return self.rt.scheduler.next_due()

    @locked
    def reset(self) -> None:
        """Forget every resource and pending timer (the clock keeps its time)."""
        self.rt.scheduler.clear()
        self.rt.state = State()


class Engine:
    """Every resource of one account: the shared runtime and one module per resource."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        dispatcher: Dispatcher,
        hosts: CallbackHosts | None = None,
    ) -> None:
        hosts = hosts if hosts is not None else CallbackHosts(settings.allowed_callback_hosts)
        self.runtime: Runtime = Runtime(settings, clock, dispatcher, hosts)
        self.calls: Calls = Calls(self)
        self.far_end: FarEnd = FarEnd(self)
        self.gathers: Gathers = Gathers(self)
        self.audio: Audio = Audio(self)
        self.recordings: Recordings = Recordings(self)
        self.bridges: Bridges = Bridges(self)
        self.conferences: Conferences = Conferences(self)
        self.modules: tuple[Module, ...] = (
            self.gathers,
            self.audio,
            self.recordings,
            self.bridges,
            self.conferences,
        )
        """The modules told of each call's life, in this order: when a call ends, its gather completes
        (``hung-up``), its audio stops, its recording stops, then (after ``hangup``) its bridge updates and it
        leaves its conference."""
        self.bxml: BxmlRunner = BxmlRunner(self)
        self.runtime.driver = self.bxml.event  # the events of calls run by BXML go to the runner
        self.modules += (self.bxml,)  # last: the runner reacts to what the other modules did
        self._clockwork = _Clockwork(self)

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def clock(self) -> Clock:
        return self.runtime.clock

    @property
    def dispatcher(self) -> Dispatcher:
        return self.runtime.dispatcher

    @dispatcher.setter
    def dispatcher(self, dispatcher: Dispatcher) -> None:
        self.runtime.dispatcher = dispatcher

    @property
    def public_url(self) -> str:
        return self.runtime.public_url

    @public_url.setter
    def public_url(self, url: str) -> None:
        self.runtime.public_url = url

    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` ahead, firing every timer due on the way, each at its own time."""
        self._clockwork.advance(seconds)

    def tick(self) -> float | None:
        """Fire due timers (the real-time ticker calls this); returns when the next one is due."""
        return self._clockwork.tick()

    def reset(self) -> None:
        """Forget every resource and pending timer (the clock keeps its time)."""
        self._clockwork.reset()
