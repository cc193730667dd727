"""Bridges: up to two calls sharing audio.

States: ``created`` until audio is first bridged, ``active`` with two active calls and ``bridgeAudio`` on,
``hold`` with ``bridgeAudio`` off, ``completed`` once every call in it ended or all were removed (then it
refuses updates). A call joins through ``bridgeId`` on create, ``callIds``, or a completed transfer; it is
in at most one bridge that is not completed, and not in a conference meanwhile. Ended calls stay listed in
``callIds``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..._types import JSONObject, JSONValue
from .. import _errors as errors
from .._clock import format_time
from .inputs import Body, parse_audio
from .records import BridgeRecord, CallRecord, new_id
from .runtime import Module, locked, page_of

__all__ = ["Bridges"]


class Bridges(Module):
    """The bridge state machine."""

    # -- reads -----------------------------------------------------------------------------------------------

    def render(self, bridge: BridgeRecord, base: str | None = None) -> JSONObject:
        data: JSONObject = {
            "id": bridge.id,
            "state": bridge.state,
            "bridgeAudio": bridge.bridge_audio,
            "callIds": list(bridge.call_ids),
            "calls": f"{self.rt.bridge_url(bridge.id, base)}/calls",
            "createdTime": format_time(bridge.created_time),
        }
        if bridge.activated_time is not None:
            data["activatedTime"] = format_time(bridge.activated_time)
        if bridge.completed_time is not None:
            data["completedTime"] = format_time(bridge.completed_time)
        return data

    @locked
    def list_bridges(
        self, *, page: int = 0, size: int | None = None, base: str | None = None
    ) -> tuple[list[JSONObject], bool]:
        """One page of the bridges, newest first, and whether more follow."""
        bridges, more = page_of(reversed(self.rt.state.bridges.values()), page, size)
        return [self.render(bridge, base) for bridge in bridges], more

    @locked
    def get(self, bridge_id: str, base: str | None = None) -> JSONObject:
        return self.render(self.rt.bridge(bridge_id), base)

    @locked
    def calls(self, bridge_id: str, base: str | None = None) -> list[JSONObject]:
        bridge = self.rt.bridge(bridge_id)
        render = self.engine.calls.render
        return [render(self.rt.state.calls[call_id], base) for call_id in bridge.call_ids]

    # -- changes ---------------------------------------------------------------------------------------------

    @locked
    def create(self, body: Mapping[str, JSONValue]) -> str:
        """``POST /bridges``: a bridge with up to two calls (or none yet); returns its id."""
        fields = Body(body, "bridge")
        bridge_audio = fields.boolean("bridgeAudio")
        call_ids = fields.id_list("callIds")
        bridge_id = new_id("brg")
        checked = self._check_calls(bridge_id, call_ids or [])
        bridge = self._new(bridge_audio=True if bridge_audio is None else bridge_audio, bridge_id=bridge_id)
        self._set_calls(bridge, checked)
        return bridge.id

    @locked
    def update(self, bridge_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /bridges/{bridgeId}``: change its calls (``[]`` removes all) or its audio path."""
        bridge = self.rt.bridge(bridge_id)
        fields = Body(body, "bridge")
        bridge_audio = fields.boolean("bridgeAudio")
        call_ids = fields.id_list("callIds")
        if bridge.state == "completed":
            raise errors.bridge_invalid_state(bridge.id, bridge.state)
        checked = self._check_calls(bridge.id, call_ids) if call_ids is not None else None
        if bridge_audio is not None:
            bridge.bridge_audio = bridge_audio
        if checked is not None:
            self._set_calls(bridge, checked)
        self._evaluate(bridge)

    @locked
    def play_audio(self, bridge_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /bridges/{bridgeId}/audio``: play or speak to every active call in the bridge."""
        bridge = self.rt.bridge(bridge_id)
        audio = parse_audio(Body(body, "audio"))
        calls = self.rt.state.calls
        active = [calls[call_id] for call_id in bridge.call_ids if calls[call_id].state == "active"]
        if not active:
            raise errors.bridge_no_active_calls(bridge.id)
        for call in active:
            if not audio.value:
                self.engine.audio.stop(call)
            else:
                self.engine.audio.start(call, audio, None)

    def admission(self, bridge_id: str) -> BridgeRecord:
        """The bridge a new call asks to join with ``bridgeId``, if it may (404, 400 or 403 otherwise)."""
        bridge = self.rt.bridge(bridge_id)
        if bridge.state == "completed":
            raise errors.bridge_invalid_state(bridge.id, bridge.state)
        if len(self._live_calls(bridge)) >= 2:
            raise errors.bridge_full(bridge.id)
        return bridge

    def admit(self, call: CallRecord, bridge: BridgeRecord) -> None:
        """A new call joins ``bridge`` (checked by :meth:`admission`)."""
        bridge.call_ids = [*self._live_calls(bridge), call.id]
        self._join(call, bridge)
        self._evaluate(bridge)

    def bridge_transfer(self, original: CallRecord, leg: CallRecord) -> None:
        """A transfer completed: the original call leaves its bridge and joins the new leg in a new one."""
        old = self.rt.state.bridges.get(original.bridge_id or "")
        if old is not None:
            self._set_calls(old, [call_id for call_id in old.call_ids if call_id != original.id])
        bridge = self._new(bridge_audio=True)
        self._set_calls(bridge, [original.id, leg.id])

    def call_answered(self, call: CallRecord) -> None:
        if call.bridge_id:
            self._evaluate(self.rt.state.bridges[call.bridge_id])

    def call_ended(self, call: CallRecord) -> None:
        if call.bridge_id and call.bridge_id in self.rt.state.bridges:
            self._evaluate(self.rt.state.bridges[call.bridge_id])

    # -- rules -----------------------------------------------------------------------------------------------

    def _new(self, *, bridge_audio: bool, bridge_id: str | None = None) -> BridgeRecord:
        bridge = BridgeRecord(
            id=bridge_id or new_id("brg"),
            sequence=self.rt.state.next_sequence(),
            bridge_audio=bridge_audio,
            created_time=self.rt.now(),
        )
        self.rt.state.bridges[bridge.id] = bridge
        return bridge

    def _live_calls(self, bridge: BridgeRecord) -> list[str]:
        return [call_id for call_id in bridge.call_ids if self.rt.state.calls[call_id].live]

    def _check_calls(self, bridge_id: str, call_ids: list[str]) -> list[str]:
        unique = list(dict.fromkeys(call_ids))
        if len(unique) > 2:
            raise errors.bridge_overflow(bridge_id)
        for call_id in unique:
            call = self.rt.state.calls.get(call_id)
            if call is None:
                raise errors.call_id_not_found(call_id)
            if not call.live:
                raise errors.call_invalid_state(call.id, call.state)
            self.engine.conferences.refuse_bridging(call)
            other = self.rt.state.bridges.get(call.bridge_id or "")
            if other is not None and other.id != bridge_id and other.state != "completed":
                raise errors.bridge_bridged_call(call.id)
        return unique

    def _join(self, call: CallRecord, bridge: BridgeRecord) -> None:
        call.bridge_id = bridge.id
        bridge.had_calls = True
        self.rt.record(call, "bridge", bridge.id)

    def _set_calls(self, bridge: BridgeRecord, call_ids: list[str]) -> None:
        """The bridge's calls become ``call_ids``. An ended call is history: it stays listed, unchanged."""
        calls = self.rt.state.calls
        ended = [cid for cid in bridge.call_ids if cid not in call_ids and not calls[cid].live]
        for call_id in bridge.call_ids:
            call = calls[call_id]
            if call_id not in call_ids and call.live and call.bridge_id == bridge.id:
                call.bridge_id = None
                self.rt.record(call, "unbridge", bridge.id)
        previous = set(bridge.call_ids)
        bridge.call_ids = [*ended, *call_ids]
        for call_id in call_ids:
            if call_id not in previous:
                self._join(calls[call_id], bridge)
        self._evaluate(bridge)

    def _evaluate(self, bridge: BridgeRecord) -> None:
        """The documented bridge states: created, active (two active calls, audio on), hold, completed."""
        if bridge.state == "completed":
            return
        live = self._live_calls(bridge)
        if bridge.had_calls and not live:
            bridge.state = "completed"
            bridge.completed_time = self.rt.now()
            return
        calls = self.rt.state.calls
        active = [call_id for call_id in live if calls[call_id].state == "active"]
        if live and not bridge.bridge_audio:
            bridge.state = "hold"
        elif bridge.bridge_audio and len(active) == 2:
            bridge.state = "active"
            if bridge.activated_time is None:
                bridge.activated_time = self.rt.now()
        else:
            bridge.state = "active" if bridge.activated_time is not None else "created"
