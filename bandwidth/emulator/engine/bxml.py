"""BXML applications: numbers assigned to an application URL, and the runner that executes their documents.

Which calls BXML drives. Catapult knows an application is BXML by its settings (``bxml/callBacks/
incomingCall.md``: ``autoAnswer`` on and ``callbackHttpMethod`` ``GET``); the emulator has no applications
resource, so :meth:`BxmlRunner.assign` (``emu.bxml_application``) is that setting: a number and the
application URL (GET by default, POST if configured). A call is BXML-driven when it comes in to an assigned
number (auto-answered, as BXML requires), or when it is created with a ``callbackUrl`` that is exactly an
assigned application's URL. Its ``incomingcall``, ``timeout`` and ``hangup`` events go to its callback URL;
its ``answer`` event asks that URL for the first document.

How a document runs. ``BxmlRun`` is the interpreter's state for one call: the verbs, a program counter
(``pc``) and what the running verb waits for (``waiting``). :meth:`BxmlRunner.proceed` starts verbs in order
until one has to wait; whatever it waits for resumes the program: a timer on the emulator's clock (Pause,
Record's limits), the audio module's ``done`` event (SpeakSentence, PlayAudio), the gather's completion, a
transfer leg's answer or hangup, or the next document, fetched off the lock by the callback dispatcher
(bounded to 16 KB, within the request's deadline, to allowed hosts only) and applied when it arrives. A
call's events reach the runner through ``runtime.driver`` instead of its callback URL, so the runner sees
the engine's own events (audio done, key presses, gather and recording events) and sends only the BXML
callbacks, each to where the reference says. ``step`` counts the program's moves: a timer or an answer
from an earlier step finds a different one and does nothing.

Decisions where the reference is silent are in ``docs/emulator.md`` ("Running BXML applications"): a
document that cannot be had or read ends the call (the call's events say why, as ``bxml`` events), the
program running out of verbs hangs up 30 s later, a Gather with no digits goes on with the next verb.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Final

from ..._redact import redact_url
from ..._types import JSONObject
from ...bxml import (
    MAX_DOCUMENT_BYTES,
    AnyVerb,
    BXMLParseError,
    Gather,
    Hangup,
    Pause,
    PlayAudio,
    Record,
    Redirect,
    SendDtmf,
    SpeakSentence,
    Transfer,
    parse,
)
from .. import _errors as errors
from .._callbacks import CallbackJob, Reply
from .bxml_transfer import Transfers
from .inputs import AudioRequest, Body
from .records import HTTP_METHODS, BxmlApplication, BxmlRun, CallRecord, EventRecord, Prompt
from .runtime import Module, locked

if TYPE_CHECKING:
    from . import Engine

__all__ = ["BxmlRunner", "render_application"]

IDLE_SECONDS: Final = 30.0
"""A program with no verb left hangs up this long after (documented for a last PlayAudio, SpeakSentence or
SendDtmf, and for a Gather whose next BXML does not come)."""
DEFAULT_REQUEST_TIMEOUT_MS: Final = 30_000
MAX_REQUEST_TIMEOUT_MS: Final = 60_000
"""``requestUrlTimeout`` is capped: every wait has a deadline."""
MAX_DOCUMENTS_PER_SECOND: Final = 50
"""Documents a call may load within one second of emulated time (more: a Redirect loop, the call ends)."""
MAX_APPLICATIONS: Final = 1000
DEFAULT_MAX_DIGITS: Final = 128
DEFAULT_INTER_DIGIT_SECONDS: Final = 5
DEFAULT_PAUSE_SECONDS: Final = 1
DEFAULT_RECORD_SECONDS: Final = 60
DEFAULT_SILENCE_SECONDS: Final = 3
_DTMF_CHUNK: Final = re.compile(r"[^,wW]*[,wW]*")


class BxmlRunner(Module):
    """Runs BXML documents on the calls of BXML applications, with the engine's own state machines."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.transfers: Transfers = Transfers(self)

    # -- applications ----------------------------------------------------------------------------------------

    @locked
    def assign(self, number: str, url: str, *, method: str = "GET") -> BxmlApplication:
        """Assign ``number`` to the BXML application at ``url`` (replacing an earlier assignment).

        Raises:
            InvalidInputError: ``number`` is not E.164 or SIP, ``url`` not an http(s) URL, ``method`` neither
                GET nor POST, or too many applications (a 400).
            EmulatorError: ``url`` may not receive callbacks (``400 callback-invalid-url``).
        """
        fields = Body({"number": number, "url": url or None, "method": method}, "application")
        checked = fields.phone("number", required=True)
        address = self.rt.allow_callback_url(fields.url("url"))
        http_method = fields.choice("method", HTTP_METHODS, fold_case=True) or "GET"
        if checked is None or address is None:
            raise errors.validation("The application resource property url is required")
        applications = self.rt.state.bxml_applications
        if checked not in applications and len(applications) >= MAX_APPLICATIONS:
            raise errors.validation(f"at most {MAX_APPLICATIONS} numbers may be assigned to applications")
        application = BxmlApplication(checked, address, http_method)
        applications[checked] = application
        return application

    @locked
    def applications(self) -> list[JSONObject]:
        """Every assignment, as the control API shows it (a URL's password as ``***``)."""
        return [render_application(app) for app in self.rt.state.bxml_applications.values()]

    def application_for(self, number: str) -> BxmlApplication | None:
        """The BXML application ``number`` is assigned to, if any."""
        return self.rt.state.bxml_applications.get(number)

    def drive(self, call: CallRecord, application: BxmlApplication | None = None) -> None:
        """Mark ``call`` as driven by BXML: by ``application``, or by the one at its callback URL (if any)."""
        if application is None:
            applications = self.rt.state.bxml_applications.values()
            application = next((app for app in applications if app.url == call.callback_url), None)
        if application is not None:
            call.bxml = BxmlRun(application, document_url=call.callback_url or application.url)
            call.callback_http_method = application.method

    # -- the call's events (runtime.driver) ------------------------------------------------------------------

    def event(self, call: CallRecord, payload: JSONObject, event: EventRecord) -> None:
        """An event of a BXML-driven call: what moves its program, and what the application is sent."""
        run = call.bxml
        if run is None:
            return
        kind = payload.get("eventType")
        if kind in ("speak", "playback"):
            if payload.get("status") == "done" and run.audio_tag and payload.get("tag") == run.audio_tag:
                run.audio_tag = None
                self._play_next(call, run)
        elif run.leg_of is not None:
            return  # a Transfer's leg reports nothing to the application
        elif kind == "answer":
            self._request(call, run, call.callback_url or run.application.url, payload, event, None)
        elif kind == "dtmf":
            self._key(call, run, str(payload.get("dtmfDigit", "")))
        elif kind == "gather":
            self._gathered(call, run, payload, event)
        elif kind in ("recording", "transcription"):
            self._recording_event(call, run, payload, event)
        elif call.callback_url:  # incomingcall, timeout, hangup
            self.send(call, call.callback_url, payload, event, fallback=call.fallback_url)

    # -- the interpreter -------------------------------------------------------------------------------------

    def proceed(self, call: CallRecord, run: BxmlRun) -> None:
        """Run verbs from the program counter until one waits, the call ends, or no verb is left."""
        while call.state == "active" and run.waiting != "ended":
            self._cancel(run)
            run.step += 1
            if run.pc >= len(run.verbs):
                run.waiting = "idle"
                self._after(call, run, IDLE_SECONDS, lambda: self.end(call, "no verb left for 30 s"))
                return
            verb = run.verbs[run.pc]
            run.pc += 1
            if self._execute(call, run, verb):
                return

    def _execute(self, call: CallRecord, run: BxmlRun, verb: AnyVerb) -> bool:
        """Start ``verb``: ``True`` when it waits (what it waits for resumes the program)."""
        resume = self._resume(call, run)
        match verb:
            case SpeakSentence() | PlayAudio():
                run.waiting = "audio"
                self.play(call, run, [verb], resume)
            case Pause():
                run.waiting = "pause"
                self._after(call, run, DEFAULT_PAUSE_SECONDS if verb.length is None else verb.length, resume)
            case SendDtmf():
                run.waiting = "dtmf"
                chunks = [chunk for chunk in _DTMF_CHUNK.findall(verb.digits) if chunk]
                return self._send_dtmf(call, run, chunks, resume)  # digits alone take no time
            case Hangup():
                self.engine.calls.end(call, "completed", "NORMAL_CLEARING")
            case Gather():
                self._gather(call, run, verb)
            case Record():
                self._record(call, run, verb)
            case Redirect():
                event = self.rt.record(call, "redirect", redact_url(verb.request_url))
                fields = {"from": call.from_, "to": call.to, "callState": "active"}
                payload = self.rt.call_payload(call, "redirect", **fields)
                self._request(call, run, verb.request_url, payload, event, verb.request_url_timeout)
            case Transfer():
                self.transfers.start(call, run, verb)
        return True

    def _resume(self, call: CallRecord, run: BxmlRun) -> Callable[[], None]:
        """What goes on with the program once the verb starting now is done (nothing if it moved since)."""
        step = run.step

        def resume() -> None:
            if run.step == step and call.state == "active":
                self.proceed(call, run)

        return resume

    def _after(self, call: CallRecord, run: BxmlRun, seconds: float, action: Callable[[], None]) -> None:
        """``action`` in ``seconds`` of emulated time, unless the program moved on or the call ended first."""
        step = run.step

        def fire() -> None:
            if run.step == step and run.waiting != "ended":
                action()

        run.timers.append(self.rt.schedule(seconds, fire))

    @staticmethod
    def _cancel(run: BxmlRun) -> None:
        for timer in run.timers:
            timer.cancel()
        run.timers.clear()

    def end(self, call: CallRecord, reason: str) -> None:
        """End the call, saying why in its events (``bxml``)."""
        if call.live:
            self.rt.record(call, "bxml", reason)
            self.engine.calls.end(call, "completed", "NORMAL_CLEARING")

    # -- documents -------------------------------------------------------------------------------------------

    def send(
        self,
        call: CallRecord,
        url: str,
        payload: JSONObject,
        event: EventRecord,
        *,
        method: str | None = None,
        timeout_ms: int | None = None,
        fallback: str | None = None,
        on_reply: Callable[[Reply], None] | None = None,
    ) -> None:
        """Send an event to ``url`` (through the callback dispatcher: its deadline, bounds and host rules)."""
        self.rt.dispatcher.submit(
            CallbackJob(
                call_id=call.id,
                event_id=event.id,
                event_type=str(payload["eventType"]),
                payload=payload,
                url=url,
                method=method or call.callback_http_method,
                timeout_ms=min(timeout_ms or call.callback_timeout, MAX_REQUEST_TIMEOUT_MS),
                fallback_url=fallback,
                time=self.rt.now(),
                reply_bytes=MAX_DOCUMENT_BYTES if on_reply is not None else 0,
                on_reply=on_reply,
            )
        )

    def _request(
        self,
        call: CallRecord,
        run: BxmlRun,
        url: str,
        payload: JSONObject,
        event: EventRecord,
        timeout_ms: int | None,
        *,
        wait: bool = True,
    ) -> None:
        """Send ``event`` to ``url`` and run the BXML it answers with. With ``wait`` the program waits for it;
        without (a Gather that is not last), it goes on and the answer, when it comes, replaces it."""
        if wait:
            self._cancel(run)
            run.step += 1
            run.waiting = "document"
            run.documents += 1
        step, documents, call_id = run.step, run.documents, call.id
        answer_event = payload.get("eventType") == "answer"
        self.send(
            call,
            url,
            payload,
            event,
            timeout_ms=timeout_ms or (call.callback_timeout if answer_event else DEFAULT_REQUEST_TIMEOUT_MS),
            fallback=call.fallback_url if answer_event else None,
            on_reply=lambda reply: self._replied(call_id, (step if wait else None, documents), url, reply),
        )

    @locked
    def _replied(self, call_id: str, mark: tuple[int | None, int], url: str, reply: Reply) -> None:
        """A document request was answered (on the delivery thread): run the document on the clock's turn."""
        call = self.rt.state.calls.get(call_id)
        run = call.bxml if call is not None else None
        if call is not None and run is not None:
            self.rt.schedule(0, lambda: self._load(call, run, mark, url, reply))

    def _load(
        self, call: CallRecord, run: BxmlRun, mark: tuple[int | None, int], url: str, reply: Reply
    ) -> None:
        step, documents = mark
        waited = step is not None
        if call.state != "active" or run.documents != documents:
            return
        if waited and (run.step != step or run.waiting != "document"):
            return
        where = redact_url(url)
        if reply.error is not None:
            if waited:  # else the program went on without it
                self.end(call, f"error: the request for BXML to {where} failed: {reply.error}")
            return
        try:
            verbs = parse(reply.body).verbs if reply.body.strip() else None
        except BXMLParseError as error:
            self.end(call, f"error: invalid BXML from {where}: {error}")
            return
        if not waited and (verbs is None or run.waiting in ("transfer", "ended")):
            return  # no document, or the call is in a Transfer's hands
        began, count = run.burst
        now = self.rt.seconds()
        run.burst = (began, count + 1) if now - began < 1 else (now, 1)
        if run.burst[1] > MAX_DOCUMENTS_PER_SECOND:
            self.end(call, f"error: over {MAX_DOCUMENTS_PER_SECOND} documents within a second")
            return
        if not waited:
            self._interrupt(call, run)
        names = ", ".join(type(verb).__name__ for verb in verbs or ()) or "no verbs"
        self.rt.record(call, "bxml", f"document from {where}: {names}")
        run.document_url, run.verbs, run.pc = url, verbs or (), 0
        run.documents += 1
        self.proceed(call, run)

    def _interrupt(self, call: CallRecord, run: BxmlRun) -> None:
        """Stop what the running verb does: a document the program did not wait for replaces it."""
        self._stop_playing(call, run)
        gather = call.gathers.get(run.gather_id or "")
        run.gather, run.gather_id = None, None
        if gather is not None:
            self.engine.gathers.complete(call, gather, None)
        if run.waiting == "record":
            run.record = None
            self.engine.recordings.set_enabled(call, False)

    # -- audio -----------------------------------------------------------------------------------------------

    def play(
        self,
        call: CallRecord,
        run: BxmlRun,
        verbs: Iterable[object],
        then: Callable[[], None],
        *,
        in_gather: bool = False,
    ) -> None:
        """Play the SpeakSentence and PlayAudio verbs among ``verbs`` to ``call`` in order, then ``then``
        (unless a key stops them first, in a Gather)."""
        run.playing = _prompts_of(verbs, in_gather=in_gather)
        run.then = then
        self._play_next(call, run)

    def _play_next(self, call: CallRecord, run: BxmlRun) -> None:
        if call.state != "active" or run.waiting == "ended":
            return
        if not run.playing:
            then, run.then = run.then, None
            if then is not None:
                then()
            return
        item = run.playing.pop(0)
        if isinstance(item, AudioRequest):
            run.plays += 1
            run.audio_tag = f"bxml-{run.plays}"
            self.engine.audio.start(call, AudioRequest(item.kind, item.value, False, run.audio_tag), None)
        else:
            self._after(call, run, item, lambda: self._play_next(call, run))

    def _stop_playing(self, call: CallRecord, run: BxmlRun) -> None:
        run.playing = []
        run.then = None
        self._cancel(run)
        if run.audio_tag is not None:
            run.audio_tag = None
            self.engine.audio.stop(call)

    def _send_dtmf(
        self, call: CallRecord, run: BxmlRun, chunks: list[str], resume: Callable[[], None]
    ) -> bool:
        """Send each chunk of digits, then wait out its pauses (``,`` and ``w`` half a second, ``W`` one);
        ``True`` while there is something to wait for (``resume`` follows)."""
        chunk, rest = chunks[0], chunks[1:]
        self.engine.audio.tones(call, chunk)
        pause = sum(0.5 if key in ",w" else 1.0 if key == "W" else 0.0 for key in chunk)

        def later() -> None:
            if not self._send_dtmf(call, run, rest, resume):
                resume()

        if rest:
            self._after(call, run, pause, later)
        elif pause:
            self._after(call, run, pause, resume)
        return bool(rest) or pause > 0

    # -- Gather and the far end's keys -----------------------------------------------------------------------

    def _gather(self, call: CallRecord, run: BxmlRun, verb: Gather) -> None:
        gathers = self.engine.gathers
        if call.gather_id is not None:  # one started with the REST API: BXML calls do not mix the two
            gathers.complete(call, call.gathers[call.gather_id], None)
        gather = gathers.open(
            call,
            max_digits=verb.max_digits or DEFAULT_MAX_DIGITS,
            inter_digit_timeout=float(verb.inter_digit_timeout or DEFAULT_INTER_DIGIT_SECONDS),
            terminating_digits=verb.terminating_digits or "#",
            tag=verb.tag,
        )
        run.waiting, run.gather, run.gather_id = "gather", verb, gather.id

        def prompted() -> None:  # the digit timer starts once the prompts have played
            if gather.state == "started":
                gathers.arm(call, gather)

        self.play(call, run, verb.verbs, prompted, in_gather=True)

    def _key(self, call: CallRecord, run: BxmlRun, digit: str) -> None:
        """The far end pressed a key: it stops a Gather's prompts, or ends a Record."""
        if run.waiting == "gather" and (run.playing or run.audio_tag or run.then):
            self._stop_playing(call, run)  # bargeable: the gathers module counts the digit itself
        elif run.waiting == "record" and run.record and digit in (run.record.terminating_digits or ""):
            self._stop_recording(call, run)

    def _gathered(self, call: CallRecord, run: BxmlRun, payload: JSONObject, event: EventRecord) -> None:
        verb = run.gather
        if verb is None or payload.get("gatherId") != run.gather_id:
            return
        run.gather, run.gather_id = None, None
        document: JSONObject = {**payload, "callUri": self.rt.call_url(call.id)}
        document["terminatingDigit"] = verb.terminating_digits or "#"
        if payload.get("reason") == "hung-up":
            self.send(call, verb.request_url, document, event, timeout_ms=verb.request_url_timeout)
        elif not payload.get("digits"):
            self.proceed(call, run)  # no digit: the Gather failed, the next verb runs
        elif run.pc < len(run.verbs):  # not the last verb: the program goes on without the answer
            self._request(call, run, verb.request_url, document, event, verb.request_url_timeout, wait=False)
            self.proceed(call, run)
        else:
            self._request(call, run, verb.request_url, document, event, verb.request_url_timeout)

    # -- Record ----------------------------------------------------------------------------------------------

    def start_recording(self, call: CallRecord, run: BxmlRun, verb: Record) -> None:
        recordings = self.engine.recordings
        if call.recording_id is not None:  # one started with recordingEnabled: this verb's replaces it
            recordings.set_enabled(call, False)
        call.recording_file_format = verb.file_format or "wav"
        recordings.set_enabled(call, True)
        run.recordings[call.recording_id or ""] = verb

    def _record(self, call: CallRecord, run: BxmlRun, verb: Record) -> None:
        """Voicemail: record the caller until ``maxDuration``, ``silenceTimeout`` or a terminating key."""
        self.start_recording(call, run, verb)
        run.waiting, run.record, run.record_start = "record", verb, self.rt.seconds()
        limit = DEFAULT_RECORD_SECONDS if verb.max_duration is None else verb.max_duration
        self._after(call, run, limit, lambda: self._stop_recording(call, run))
        silence = DEFAULT_SILENCE_SECONDS if verb.silence_timeout is None else verb.silence_timeout
        if silence > 0:
            self._after(call, run, silence, lambda: self._silence(call, run, silence))

    def _silence(self, call: CallRecord, run: BxmlRun, seconds: float) -> None:
        """Stop once the far end has said nothing for ``seconds`` (``emu.speak`` is what it says)."""
        spoken = (moment for moment, _ in call.speech if moment >= run.record_start)
        quiet_since = max(spoken, default=run.record_start)
        left = quiet_since + seconds - self.rt.seconds()
        if left > 1e-9:
            self._after(call, run, left, lambda: self._silence(call, run, seconds))
        else:
            self._stop_recording(call, run)

    def _stop_recording(self, call: CallRecord, run: BxmlRun) -> None:
        if run.waiting == "record":
            run.record = None
            self.engine.recordings.set_enabled(call, False)
            self.proceed(call, run)

    def _recording_event(
        self, call: CallRecord, run: BxmlRun, payload: JSONObject, event: EventRecord
    ) -> None:
        """A Record verb's recording was saved (to its ``requestUrl``) or transcribed (POSTed as JSON)."""
        recording_id = str(payload.get("recordingId"))
        verb = run.recordings.get(recording_id)
        if verb is None:
            return
        if payload["eventType"] == "transcription":
            if verb.transcribe_callback_url:
                self.send(call, verb.transcribe_callback_url, payload, event, method="POST")
            return
        if verb.request_url:
            self.send(call, verb.request_url, payload, event, timeout_ms=verb.request_url_timeout)
        if verb.transcribe and payload.get("status") == "complete":
            self.engine.recordings.create_transcription(recording_id)

    # -- the call's life -------------------------------------------------------------------------------------

    def call_answered(self, call: CallRecord) -> None:
        run = call.bxml
        if run is not None and run.leg_of is not None:
            self.transfers.leg_answered(call, run)

    def call_ending(self, call: CallRecord) -> None:
        run = call.bxml
        if run is not None:
            self._cancel(run)
            run.step += 1
            run.waiting, run.playing, run.then, run.audio_tag = "ended", [], None, None

    def call_ended(self, call: CallRecord) -> None:
        run = call.bxml
        if run is None:
            return
        if run.leg_of is not None:
            self.transfers.leg_ended(call, run)
        else:
            self.transfers.caller_ended(run)


def render_application(application: BxmlApplication) -> JSONObject:
    return {"number": application.number, "url": redact_url(application.url), "method": application.method}


def _prompts_of(verbs: Iterable[object], *, in_gather: bool) -> list[Prompt]:
    """What SpeakSentence and PlayAudio verbs among ``verbs`` play, in order, repeats included (and, inside
    a Gather, the waits for digits after each repeat)."""
    found: list[Prompt] = []
    for verb in verbs:
        if isinstance(verb, SpeakSentence):
            found.append(AudioRequest("speak", verb.sentence, False, None))
        elif isinstance(verb, PlayAudio):
            count = verb.repeat_count or 1
            for _ in range(count):
                found.append(AudioRequest("playback", verb.url, False, None))
                if in_gather and count > 1 and verb.delay_before_repeat:
                    found.append(float(verb.delay_before_repeat))
    return found
