"""The :class:`Emulator`: the engine served over HTTP on a loopback port, with a Python control API.

Its settings (validated here), its lifecycle (a :class:`~._server.Serving` while started), and the Python
twin of the control API: the far end, the clock, and reads of the state as the API shows it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .._types import JSONObject
from ._callback_hosts import CallbackHosts
from ._callbacks import Delivery, Dispatcher
from ._clock import Clock
from ._http import EmulatorApp
from ._limits import Limits
from ._server import Serving
from .engine import DEFAULT_CALL_TIMEOUT, DEFAULT_CALLBACK_TIMEOUT, Engine, JoinedCaller, Settings

if TYPE_CHECKING:
    from typing_extensions import Self

    from .. import AsyncClient, Client

__all__ = ["Emulator"]

MAX_SETTING_SECONDS = 24 * 3600
"""The longest ring, playback, save or transcription time a setting may give."""


def _check_seconds(name: str, value: object, *, low: float = 0.0) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not low <= value <= MAX_SETTING_SECONDS
    ):
        raise ValueError(f"{name} must be a number from {low:g} to {MAX_SETTING_SECONDS}: {value!r}")


class Emulator:
    """A local, stateful Catapult v1 voice API for tests and development.

    ``with Emulator() as emu:`` starts it on an ephemeral loopback port in a background thread (and stops it
    on exit); ``emu.client()`` is a :class:`bandwidth.Client` pointed at it. By default the clock is manual:
    nothing timed happens (ringing, ``callTimeout``, inter-digit timeouts, audio) until :meth:`advance`.
    With ``realtime=True`` a background ticker follows the wall clock, as the standalone server does.

    Args:
        host: The address to listen on (loopback by default).
        port: The port; 0 picks a free one.
        user_id: The account's user id, expected in every API path.
        api_token: The token expected in HTTP basic auth.
        api_secret: The secret expected in HTTP basic auth.
        realtime: Follow the wall clock instead of waiting for :meth:`advance`.
        start_time: The emulated time at start (default: now).
        ring_seconds: How long a called number rings before the far end answers (0: at once).
        speak_chars_per_second: Text-to-speech speed, which sets how long a sentence plays.
        file_play_seconds: How long an audio file plays.
        recording_save_seconds: How long a stopped recording stays ``saving``.
        transcription_seconds: How long a transcription stays ``transcribing``.
        incoming_call_url: The application callback URL for :meth:`incoming_call`.
        incoming_call_http_method: ``POST`` or ``GET`` for those callbacks.
        incoming_call_fallback_url: The application's fallback URL.
        application_id: The ``applicationId`` of ``incomingcall`` events.
        public_url: The emulator's URL as callbacks should name it (default: the URL it listens on).
        allowed_callback_hosts: Hosts callbacks may go to besides loopback (``"*"``: any). Callbacks to the
            emulator itself are always refused.
        control_token: When set, every ``/_emulator/`` request needs ``Authorization: Bearer <token>``.
        max_body_bytes: Largest request body read (default 1 MiB); larger: ``413``.
        max_json_depth: Deepest nesting of a JSON body (default 32); deeper: ``400``.
        max_connections: Connections served at once (default 64); more: ``503``.
        connection_timeout: Seconds a connection may stay silent before it is closed (default 30).
        callback_workers: Callback deliveries in flight at once (default 64); each call's events stay
            in order, one at a time.
        max_pending_callbacks: Callbacks waiting to be sent (default 10,000); more are dropped and logged.
        max_logged_deliveries: Delivery attempts kept in the log (default 10,000); the oldest go first.

    Raises:
        ValueError: A setting is out of range (a negative time, ``nan``, a limit below 1 ...).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        user_id: str = "u-emulator",
        api_token: str = "t-emulator",
        api_secret: str = "s-emulator",
        realtime: bool = False,
        start_time: datetime | None = None,
        ring_seconds: float = 1.0,
        speak_chars_per_second: float = 15.0,
        file_play_seconds: float = 2.0,
        recording_save_seconds: float = 0.0,
        transcription_seconds: float = 0.0,
        incoming_call_url: str | None = None,
        incoming_call_http_method: str = "POST",
        incoming_call_fallback_url: str | None = None,
        application_id: str = "a-emulator",
        public_url: str | None = None,
        allowed_callback_hosts: Iterable[str] = (),
        control_token: str | None = None,
        max_body_bytes: int = Limits.max_body_bytes,
        max_json_depth: int = Limits.max_json_depth,
        max_connections: int = Limits.max_connections,
        connection_timeout: float = Limits.connection_timeout,
        callback_workers: int = Limits.callback_workers,
        max_pending_callbacks: int = Limits.max_pending_callbacks,
        max_logged_deliveries: int = Limits.max_logged_deliveries,
    ) -> None:
        for name, value in (
            ("ring_seconds", ring_seconds),
            ("file_play_seconds", file_play_seconds),
            ("recording_save_seconds", recording_save_seconds),
            ("transcription_seconds", transcription_seconds),
        ):
            _check_seconds(name, value)
        _check_seconds("speak_chars_per_second", speak_chars_per_second, low=1e-3)
        if control_token is not None and (not isinstance(control_token, str) or not control_token):
            raise ValueError("control_token must be a non-empty string")
        if isinstance(allowed_callback_hosts, str):
            allowed_callback_hosts = [allowed_callback_hosts]
        self.limits: Limits = Limits(
            max_body_bytes=max_body_bytes,
            max_json_depth=max_json_depth,
            max_connections=max_connections,
            connection_timeout=connection_timeout,
            callback_workers=callback_workers,
            max_pending_callbacks=max_pending_callbacks,
            max_logged_deliveries=max_logged_deliveries,
        )
        self.host = host
        self.port = port
        self.settings: Settings = Settings(
            user_id=user_id,
            api_token=api_token,
            api_secret=api_secret,
            ring_seconds=ring_seconds,
            speak_chars_per_second=speak_chars_per_second,
            file_play_seconds=file_play_seconds,
            recording_save_seconds=recording_save_seconds,
            transcription_seconds=transcription_seconds,
            incoming_call_url=incoming_call_url,
            incoming_call_http_method=incoming_call_http_method.upper(),
            incoming_call_fallback_url=incoming_call_fallback_url,
            application_id=application_id,
            allowed_callback_hosts=tuple(allowed_callback_hosts),
        )
        self.clock: Clock = Clock(realtime=realtime, start=start_time)
        self.hosts: CallbackHosts = CallbackHosts(self.settings.allowed_callback_hosts)
        self.dispatcher: Dispatcher = self._new_dispatcher()
        self.engine: Engine = Engine(self.settings, self.clock, self.dispatcher, self.hosts)
        self.app: EmulatorApp = EmulatorApp(self.engine, self.limits, control_token=control_token)
        """The WSGI application, to mount in a server of your own instead of :meth:`start`."""
        self._public_url = public_url
        if public_url is not None:
            self._add_own_url(public_url)
        self._serving: Serving | None = None
        self._url: str | None = None

    # -- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> Self:
        """Listen and serve in background threads (plus the ticker in real-time mode); returns ``self``."""
        if self._serving is not None:
            return self
        if self.dispatcher.closed:
            self.dispatcher = self._new_dispatcher()
            self.engine.dispatcher = self.dispatcher
        tick = self.engine.tick if self.clock.realtime else None
        serving = self._serving = Serving(self.host, self.port, self.app, self.limits, tick=tick)
        host = self.host if ":" not in self.host else f"[{self.host}]"
        self._url = f"http://{host}:{serving.port}"
        self.hosts.add_own_address(self.host, serving.port)
        self._add_own_url(self._url)
        self.engine.public_url = (self._public_url or self._url).rstrip("/")
        return self

    def _new_dispatcher(self) -> Dispatcher:
        return Dispatcher(
            self.limits.callback_workers,
            max_pending=self.limits.max_pending_callbacks,
            max_logged=self.limits.max_logged_deliveries,
            url_guard=self.hosts.refusal,
            address_guard=self.hosts.address_refusal,
        )

    def _add_own_url(self, url: str) -> None:
        parts = urlsplit(url)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise ValueError(f"public_url has an invalid port: {url!r}") from None
        if parts.hostname:
            self.hosts.add_own_address(parts.hostname, port)

    def stop(self) -> None:
        """Stop serving and delivering callbacks."""
        serving, self._serving = self._serving, None
        if serving is not None:
            serving.stop()
        self.dispatcher.close()

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl-C) or stopped, for the command line."""
        serving = self.start()._serving
        try:
            while serving is not None and not serving.stopped.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The emulator's base URL, ``http://127.0.0.1:<port>``: pass it as ``api_endpoint``."""
        if self._url is None:
            raise RuntimeError("the emulator is not running; use it as a context manager or call start()")
        return self._url

    @property
    def user_id(self) -> str:
        """The account's user id (``u-...``): the path segment of every API URL."""
        return self.settings.user_id

    @property
    def api_token(self) -> str:
        """The API token the emulator accepts (the basic-auth user name)."""
        return self.settings.api_token

    @property
    def api_secret(self) -> str:
        """The API secret the emulator accepts (the basic-auth password)."""
        return self.settings.api_secret

    def client(self, *, timeout: float | tuple[float, float] = 10.0, max_retries: int = 0) -> Client:
        """A :class:`bandwidth.Client` for the emulator's account, with ``api_endpoint=emu.url``."""
        from .. import Client

        return Client(
            self.user_id,
            self.api_token,
            self.api_secret,
            api_endpoint=self.url,
            timeout=timeout,
            max_retries=max_retries,
        )

    def async_client(
        self, *, timeout: float | tuple[float, float] = 10.0, max_retries: int = 0
    ) -> AsyncClient:
        """A :class:`bandwidth.AsyncClient` for the emulator's account (needs ``bandwidth[async]``)."""
        from .. import AsyncClient

        return AsyncClient(
            self.user_id,
            self.api_token,
            self.api_secret,
            api_endpoint=self.url,
            timeout=timeout,
            max_retries=max_retries,
        )

    # -- the far end -----------------------------------------------------------------------------------------

    def answer(self, call_id: str) -> None:
        """The far end answers a ringing outbound call."""
        self.engine.far_end.answer(call_id)

    def reject(self, call_id: str) -> None:
        """The far end rejects a ringing outbound call (``CALL_REJECTED``)."""
        self.engine.far_end.reject(call_id)

    def busy(self, call_id: str) -> None:
        """The far end of a ringing outbound call is busy (``USER_BUSY``)."""
        self.engine.far_end.reject(call_id, "USER_BUSY")

    def hangup(self, call_id: str) -> None:
        """The far end hangs up (a ringing incoming call is cancelled)."""
        self.engine.far_end.hangup(call_id)

    def press(self, call_id: str, digits: str) -> None:
        """The far end presses keys (``0-9``, ``*``, ``#``, ``A-D``), one ``dtmf`` event each."""
        self.engine.gathers.press(call_id, digits)

    def speak(self, call_id: str, text: str) -> None:
        """The far end says ``text``; a recording running now transcribes to it."""
        self.engine.recordings.speak(call_id, text)

    def incoming_call(
        self,
        from_: str,
        to: str,
        *,
        callback_url: str | None = None,
        callback_http_method: str | None = None,
        callback_timeout: int = DEFAULT_CALLBACK_TIMEOUT,
        fallback_url: str | None = None,
        auto_answer: bool = True,
        call_timeout: int = DEFAULT_CALL_TIMEOUT,
        sip_headers: Mapping[str, str] | None = None,
        diversion: Mapping[str, str] | None = None,
    ) -> str:
        """Someone calls ``to``; the ``incomingcall`` event goes to ``callback_url`` (or the application URL).

        With ``auto_answer`` (the default, as for Catapult applications) the call is ``active`` at once;
        otherwise it rings until the application answers or rejects it, or ``call_timeout`` passes.

        Returns:
            The new call's id.
        """
        return self.engine.far_end.incoming_call(
            from_,
            to,
            callback_url=callback_url,
            callback_http_method=callback_http_method,
            callback_timeout=callback_timeout,
            fallback_url=fallback_url,
            auto_answer=auto_answer,
            call_timeout=call_timeout,
            sip_headers=sip_headers,
            diversion=diversion,
        )

    def join_conference(
        self,
        conference_id: str,
        number: str,
        *,
        callback_url: str | None = None,
        join_tone: bool = False,
        leaving_tone: bool = False,
        mute: bool = False,
        hold: bool = False,
    ) -> JoinedCaller:
        """``number`` calls the conference in one step: an incoming call to its ``from`` number, answered and
        added as a member (the ``incomingcall`` event, then the conference's ``conference-member`` event).

        Returns:
            The new call's and member's ids (``.call_id``, ``.member_id``); press keys as the member with
            ``emu.press(joined.call_id, "#")``.
        """
        return self.engine.conferences.join(
            conference_id,
            number,
            callback_url=callback_url,
            join_tone=join_tone,
            leaving_tone=leaving_tone,
            mute=mute,
            hold=hold,
        )

    def bxml_application(self, number: str, url: str, *, method: str = "GET") -> None:
        """Assign ``number`` to the BXML application at ``url``: its calls run the BXML the URL answers with.

        A call to ``number`` (:meth:`incoming_call`) is answered at once, gets ``incomingcall`` and then
        ``answer`` events at ``url`` (GET, or ``method="POST"``), and runs the document the ``answer``
        event is answered with; so does an outbound call created with ``callbackUrl=url``. Assigning the
        number again replaces the application; :meth:`reset` forgets every assignment.

        Raises:
            InvalidInputError: ``number`` is not E.164 or SIP, ``url`` is not an http(s) URL, or
                ``method`` is neither GET nor POST.
            EmulatorError: ``url`` may not receive callbacks (``callback-invalid-url``: not loopback nor
                allowed, or the emulator itself).
        """
        self.engine.bxml.assign(number, url, method=method)

    # -- the clock -------------------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move the emulated clock ahead, firing every timer due on the way at its own time."""
        self.engine.advance(seconds)

    def now(self) -> datetime:
        """The emulated time (UTC)."""
        return self.clock.now()

    # -- inspection ------------------------------------------------------------------------------------------

    @property
    def deliveries(self) -> list[Delivery]:
        """Every callback delivery attempt so far, in the order they finished (a copy; thread-safe)."""
        return self.dispatcher.deliveries()

    def wait_for_deliveries(self, count: int, *, timeout: float = 5.0) -> list[Delivery]:
        """Wait until at least ``count`` attempts are logged; returns the log (check its length)."""
        return self.dispatcher.wait_for(count, timeout)

    def wait_idle(self, *, timeout: float = 5.0) -> bool:
        """Wait until every queued callback was delivered or failed; returns whether it happened in time."""
        return self.dispatcher.wait_idle(timeout)

    def call(self, call_id: str) -> JSONObject:
        """The call as ``GET /calls/{callId}`` shows it."""
        return self.engine.calls.get(call_id)

    def events(self, call_id: str) -> list[JSONObject]:
        """The call's events as ``GET /calls/{callId}/events`` lists them."""
        return self.engine.calls.events(call_id)

    def call_ids(self) -> list[str]:
        """Every call id, oldest first."""
        return self.engine.calls.ids()

    def conference(self, conference_id: str) -> JSONObject:
        """The conference as ``GET /conferences/{conferenceId}`` shows it."""
        return self.engine.conferences.get(conference_id)

    def conference_members(self, conference_id: str) -> list[JSONObject]:
        """Its members as ``GET /conferences/{conferenceId}/members`` lists them (those that left too)."""
        return self.engine.conferences.members(conference_id)

    def sent_dtmf(self, call_id: str) -> str:
        """The digits the application sent to the far end with ``POST /calls/{callId}/dtmf``."""
        return self.engine.calls.sent_dtmf(call_id)

    def played(self, call_id: str) -> list[str]:
        """What the far end heard: each sentence spoken and audio file URL played, in order."""
        return self.engine.calls.played(call_id)

    def reset(self) -> None:
        """Forget every resource, pending timer and delivery (the clock keeps its time)."""
        self.engine.reset()
        self.dispatcher.clear()

    def __repr__(self) -> str:
        return f"Emulator(url={self._url!r}, user_id={self.user_id!r}, realtime={self.clock.realtime})"
