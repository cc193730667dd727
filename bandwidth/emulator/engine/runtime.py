"""What every resource module shares, and the seams through which modules act.

A resource module (``calls``, ``gathers``, ``audio``, ``recordings``, ``bridges``, and later ``conferences``
and ``bxml``) is a :class:`Module`. It changes state only through its :class:`Runtime`:

- ``runtime.state``: the records of every resource (``records.State``);
- ``runtime.schedule(delay, action)``: a timer on the emulated clock (``0``: before the request returns);
- ``runtime.record(call, name, data)``: an entry in ``GET /calls/{callId}/events``;
- ``runtime.emit(call, payload, event)``: a callback to the call's ``callbackUrl``, queued behind the call's
  earlier callbacks and identified by the event that caused it (``emit_to``: the same for a conference;
  a call driven by BXML gives its events to ``runtime.driver``, the BXML runner, which decides what is
  sent where);
- ``runtime.allow_callback_url(url)``: the one check of where callbacks may go;
- ``runtime.*_url``: the URLs the API writes into answers and callbacks.

A module's public operations are marked :func:`locked`: they run under the one state lock and fire the
timers that became due before returning. A call's life is shared through three hooks every module may
implement (:meth:`Module.call_answered`, :meth:`Module.call_ending`, :meth:`Module.call_ended`); ``calls``
runs them in the engine's order (``Engine.modules``), so a rule about "when a call ends, X" lives in X's
module.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Concatenate, ParamSpec, Protocol, TypeVar
from urllib.parse import quote

from ..._types import JSONObject, JSONValue
from .. import _errors as errors
from .._callback_hosts import CallbackHosts
from .._callbacks import CallbackJob, Dispatcher
from .._clock import Clock, Scheduler, Timer, format_time
from .records import BridgeRecord, CallRecord, EventRecord, RecordingRecord, State, new_id

if TYPE_CHECKING:
    from . import Engine, Settings

__all__ = ["CallbackTarget", "Module", "Runtime", "locked", "page_of"]

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound="Module")
T = TypeVar("T")


class CallbackTarget(Protocol):
    """Where and how a resource's callbacks go: a call's, or a conference's."""

    id: str
    callback_url: str | None
    callback_http_method: str
    callback_timeout: int
    fallback_url: str | None


class Runtime:
    """The state, the clock and its timers, the lock, and the way out for events and callbacks."""

    def __init__(
        self, settings: Settings, clock: Clock, dispatcher: Dispatcher, hosts: CallbackHosts
    ) -> None:
        self.settings = settings
        self.hosts = hosts
        """Where callbacks may go (loopback and allowed hosts, never the emulator itself)."""
        self.clock = clock
        self.scheduler: Scheduler = Scheduler(clock)
        self.dispatcher = dispatcher
        self.lock: threading.RLock = threading.RLock()
        self.state: State = State()
        self.public_url = "http://127.0.0.1"
        """Where callbacks say the API is (``callUri``, ``recordingUri``): the emulator's own URL."""
        self.depth = 0
        """How many :func:`locked` operations are running (nested ones leave the timers to the outermost)."""
        self.driver: Callable[[CallRecord, JSONObject, EventRecord], None] | None = None
        """Takes the events of calls driven by BXML (``call.bxml``) instead of their callback URL."""

    # -- time ------------------------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def seconds(self) -> float:
        return self.clock.seconds()

    def schedule(self, delay: float, action: Callable[[], None]) -> Timer:
        """Run ``action`` ``delay`` emulated seconds from now, under the lock."""
        return self.scheduler.schedule(delay, action)

    # -- events and callbacks --------------------------------------------------------------------------------

    def record(self, call: CallRecord, name: str, data: str | None = None) -> EventRecord:
        """Add an event to the call's event list (``GET /calls/{callId}/events``)."""
        event = EventRecord(new_id("ce"), self.now(), name, data)
        call.events.append(event)
        return event

    def emit(self, call: CallRecord, payload: JSONObject, event: EventRecord) -> None:
        """Queue a callback to the call's callback URL (if it has one), behind its earlier callbacks.

        ``event`` is the call event the callback reports; its id identifies every delivery of it.
        """
        if call.bxml is not None and self.driver is not None:
            self.driver(call, payload, event)
            return
        self.emit_to(call, payload, event.id)

    def emit_to(self, target: CallbackTarget, payload: JSONObject, event_id: str) -> None:
        """Queue a callback to ``target``'s callback URL (a call's, a conference's), behind its earlier ones.

        Each target's callbacks go one at a time, in order; ``event_id`` identifies each delivery of this one.
        """
        if not target.callback_url:
            return
        self.dispatcher.submit(
            CallbackJob(
                call_id=target.id,
                event_id=event_id,
                event_type=str(payload["eventType"]),
                payload=payload,
                url=target.callback_url,
                method=target.callback_http_method,
                timeout_ms=target.callback_timeout,
                fallback_url=target.fallback_url,
                time=self.now(),
            )
        )

    def call_payload(self, call: CallRecord, event_type: str, **fields: JSONValue) -> JSONObject:
        """``eventType``, ``callId``, ``callUri``, the given fields, ``time``, and the call's ``tag``."""
        payload: JSONObject = {"eventType": event_type, "callId": call.id, "callUri": self.call_url(call.id)}
        payload.update({key: value for key, value in fields.items() if value is not None})
        payload["time"] = format_time(self.now())
        if call.tag is not None and "tag" not in payload:
            payload["tag"] = call.tag
        return payload

    def allow_callback_url(self, url: str | None) -> str | None:
        """``url`` if callbacks may go there (``None`` passes), else ``400 callback-invalid-url``."""
        if url is not None:
            refusal = self.hosts.refusal(url)
            if refusal is not None:
                raise errors.invalid_callback_url(url, refusal)
        return url

    # -- lookups (404 when missing) --------------------------------------------------------------------------

    def call(self, call_id: str) -> CallRecord:
        call = self.state.calls.get(call_id)
        if call is None:
            raise errors.call_not_found(call_id)
        return call

    def bridge(self, bridge_id: str) -> BridgeRecord:
        bridge = self.state.bridges.get(bridge_id)
        if bridge is None:
            raise errors.bridge_not_found(bridge_id)
        return bridge

    def recording(self, recording_id: str) -> RecordingRecord:
        recording = self.state.recordings.get(recording_id)
        if recording is None:
            raise errors.recording_not_found(recording_id)
        return recording

    # -- URLs ------------------------------------------------------------------------------------------------

    def user_url(self, base: str | None = None) -> str:
        return f"{(base or self.public_url).rstrip('/')}/v1/users/{quote(self.settings.user_id, safe='')}"

    def call_url(self, call_id: str, base: str | None = None) -> str:
        return f"{self.user_url(base)}/calls/{quote(call_id, safe='')}"

    def bridge_url(self, bridge_id: str, base: str | None = None) -> str:
        return f"{self.user_url(base)}/bridges/{quote(bridge_id, safe='')}"

    def recording_url(self, recording_id: str, base: str | None = None) -> str:
        return f"{self.user_url(base)}/recordings/{quote(recording_id, safe='')}"

    def transcription_url(self, recording_id: str, transcription_id: str, base: str | None = None) -> str:
        return f"{self.recording_url(recording_id, base)}/transcriptions/{quote(transcription_id, safe='')}"

    def media_url(self, name: str, base: str | None = None) -> str:
        return f"{self.user_url(base)}/media/{quote(name, safe='')}"

    def gather_url(self, call_id: str, gather_id: str, base: str | None = None) -> str:
        return f"{self.call_url(call_id, base)}/gather/{quote(gather_id, safe='')}"


class Module:
    """A resource state machine. ``engine`` gives its sibling modules; ``rt`` the shared runtime."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.rt: Runtime = engine.runtime

    def call_answered(self, call: CallRecord) -> None:
        """The call was just answered, however (its ``answer`` event, or an auto-answered ``incomingcall``, is
        out): ``Calls.answer`` is the one way a call becomes active."""

    def call_ending(self, call: CallRecord) -> None:
        """The call is ending: stop what runs on it (before its ``hangup`` event)."""

    def call_ended(self, call: CallRecord) -> None:
        """The call ended (its ``hangup`` event is out)."""


def page_of(items: Iterable[T], page: int, size: int | None) -> tuple[list[T], bool]:
    """Page ``page`` (from 0) of ``size`` items, and whether more follow; ``size=None``: everything.

    Reads only as far as the page's end, so a list answer costs what its page holds, not the whole state.
    """
    if size is None:
        return list(items), False
    chosen = list(islice(items, page * size, page * size + size + 1))
    return chosen[:size], len(chosen) > size


def locked(method: Callable[Concatenate[M, P], R]) -> Callable[Concatenate[M, P], R]:
    """A public operation: run under the state lock, then fire the timers that became due."""

    def wrapper(module: M, /, *args: P.args, **kwargs: P.kwargs) -> R:
        runtime = module.rt
        with runtime.lock:
            runtime.depth += 1
            try:
                result = method(module, *args, **kwargs)
            finally:
                runtime.depth -= 1
            if runtime.depth == 0:
                runtime.scheduler.run_due()
            return result

    functools.update_wrapper(wrapper, method)
    return wrapper
