"""The BXML ``<Transfer>`` verb: ring every number at once, connect the first to answer, end with it.

Each number is a new outbound call, a *leg*, whose far end behaves as its number says (magic numbers work,
and so do ``emu.answer``/``reject``/``busy``/``hangup``); a leg's own events stay in the emulator. The first
leg to answer wins (the others are cancelled), hears the Transfer's nested SpeakSentence and PlayAudio, and
is then bridged with the caller; a nested Record records the bridged call until one side hangs up. When the
winner hangs up, the caller's application gets ``transferComplete`` (at the Transfer's ``requestUrl``,
relative to the document's URL, else at the callback URL) and the caller is hung up: verbs after a Transfer
never run. When the caller hangs up, so do the legs. When no leg answers (busy, rejected, ``callTimeout``),
the program goes on with the next verb; when no number exists at all (every leg unallocated), the call is
hung up, as the reference says of an invalid destination.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from ...bxml import PhoneNumber, Record, Transfer
from .inputs import is_http_url
from .records import DEFAULT_CALL_TIMEOUT, BxmlRun, CallRecord

if TYPE_CHECKING:
    from . import Engine
    from .bxml import BxmlRunner
    from .runtime import Runtime

__all__ = ["Transfers"]


class Transfers:
    """The Transfer verbs of the BXML runner's calls, and the life of their legs."""

    def __init__(self, runner: BxmlRunner) -> None:
        self.runner = runner
        self.engine: Engine = runner.engine
        self.rt: Runtime = runner.rt

    def start(self, call: CallRecord, run: BxmlRun, verb: Transfer) -> None:
        """Ring every number of ``verb`` at once; the caller is ``transferring`` meanwhile."""
        numbers = [verb.transfer_to] if verb.transfer_to else []
        numbers += [nested.number for nested in verb.verbs if isinstance(nested, PhoneNumber)]
        run.waiting, run.transfer, run.winner, run.causes = "transfer", verb, None, []
        call.state = "transferring"
        legs = [
            self.engine.calls.new(
                direction="out",
                from_=verb.transfer_caller_id or call.from_,
                to=number,
                call_timeout=verb.call_timeout or DEFAULT_CALL_TIMEOUT,
                callback_url=None,
                callback_http_method=call.callback_http_method,
                callback_timeout=call.callback_timeout,
                fallback_url=None,
                tag=verb.tag,
            )
            for number in numbers
        ]
        run.legs = [leg.id for leg in legs]
        self.rt.record(call, "transfer", " ".join(run.legs))
        for leg in legs:
            leg.bxml = BxmlRun(run.application, leg_of=call.id, waiting="leg")
            self.rt.record(leg, "create")
            self.engine.far_end.ring(leg)

    def _transferring(self, run: BxmlRun) -> tuple[CallRecord, BxmlRun, Transfer] | None:
        """The live call a leg belongs to, its run and its Transfer verb."""
        original = self.rt.state.calls.get(run.leg_of or "")
        transferring = original.bxml if original is not None else None
        if original is None or transferring is None or transferring.transfer is None or not original.live:
            return None
        return original, transferring, transferring.transfer

    def leg_answered(self, leg: CallRecord, run: BxmlRun) -> None:
        """The first leg to answer hears the nested audio, then is bridged; any other is hung up."""
        found = self._transferring(run)
        if found is None or found[1].winner is not None or found[0].state != "transferring":
            self.engine.calls.end(leg, "completed", "NORMAL_CLEARING")  # too late
            return
        original, transferring, verb = found
        transferring.winner = leg.id
        for leg_id in transferring.legs:
            other = self.rt.state.calls[leg_id]
            if other is not leg and other.state == "started":
                self.engine.calls.end(other, "completed", "ORIGINATOR_CANCEL")
        self.runner.play(leg, run, verb.verbs, lambda: self._bridge(original, transferring, verb, leg))

    def _bridge(self, original: CallRecord, run: BxmlRun, verb: Transfer, leg: CallRecord) -> None:
        if original.state != "transferring" or leg.state != "active":
            return
        original.state = "active"
        self.engine.bridges.bridge_transfer(original, leg)
        self.rt.record(original, "transfer", f"completed: {leg.id}")
        record = next((nested for nested in verb.verbs if isinstance(nested, Record)), None)
        if record is not None:  # both parties, until one hangs up
            self.runner.start_recording(original, run, record)

    def leg_ended(self, leg: CallRecord, run: BxmlRun) -> None:
        """The winner's end ends the caller (after ``transferComplete``); no winner at all, the program."""
        found = self._transferring(run)
        if found is None:
            return
        original, transferring, verb = found
        if transferring.winner == leg.id:
            url = urljoin(transferring.document_url, verb.request_url) if verb.request_url else None
            url = url or original.callback_url
            fields = {"from": leg.from_, "to": leg.to, "callState": "active", "tag": verb.tag}
            payload = self.rt.call_payload(original, "transferComplete", **fields)
            event = self.rt.record(original, "transferComplete", leg.id)
            if url and is_http_url(url):
                self.runner.send(original, url, payload, event, timeout_ms=verb.request_url_timeout)
            self.engine.calls.end(original, "completed", "NORMAL_CLEARING")
            return
        transferring.causes.append(leg.hangup_cause or "")
        calls = self.rt.state.calls
        if transferring.winner is None and not any(calls[leg_id].live for leg_id in transferring.legs):
            original.state = "active"
            self.rt.record(original, "transfer", f"failed: {', '.join(transferring.causes)}")
            if all(cause == "UNALLOCATED_NUMBER" for cause in transferring.causes):
                self.runner.end(original, "Transfer: no destination exists, the call is hung up")
            else:
                self.runner.proceed(original, transferring)  # nobody answered: the next verb

    def caller_ended(self, run: BxmlRun) -> None:
        """The caller hung up: its Transfer's legs end too."""
        for leg_id in run.legs:
            leg = self.rt.state.calls.get(leg_id)
            if leg is not None and leg.live:
                cause = "ORIGINATOR_CANCEL" if leg.state == "started" else "NORMAL_CLEARING"
                self.engine.calls.end(leg, "completed", cause)
