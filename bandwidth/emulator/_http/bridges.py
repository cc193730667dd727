"""``/bridges``: bridges, their audio, and the calls in them."""

from __future__ import annotations

from werkzeug.wrappers import Response

from .wire import Exchange, Route, empty, json_answer

__all__ = ["ROUTES"]


def list_bridges(ex: Exchange) -> Response:
    page, size = ex.page("bridges")
    items, more = ex.engine.bridges.list_bridges(page=page, size=size, base=ex.base)
    return ex.paginated(page, size, items, more)


def create_bridge(ex: Exchange) -> Response:
    bridge_id = ex.engine.bridges.create(ex.body())
    return empty(201, ex.engine.runtime.bridge_url(bridge_id, ex.base))


def get_bridge(ex: Exchange, bridge_id: str) -> Response:
    return json_answer(ex.engine.bridges.get(bridge_id, ex.base))


def update_bridge(ex: Exchange, bridge_id: str) -> Response:
    ex.engine.bridges.update(bridge_id, ex.body())
    return empty()


def play_bridge_audio(ex: Exchange, bridge_id: str) -> Response:
    ex.engine.bridges.play_audio(bridge_id, ex.body())
    return empty()


def list_bridge_calls(ex: Exchange, bridge_id: str) -> Response:
    return json_answer(ex.engine.bridges.calls(bridge_id, ex.base))  # type: ignore[arg-type]


_BRIDGE = "/bridges/<bridge_id>"
ROUTES: list[Route] = [
    ("/bridges", "GET", list_bridges),
    ("/bridges", "POST", create_bridge),
    (_BRIDGE, "GET", get_bridge),
    (_BRIDGE, "POST", update_bridge),
    (f"{_BRIDGE}/audio", "POST", play_bridge_audio),
    (f"{_BRIDGE}/calls", "GET", list_bridge_calls),
]
"""Paths under ``/v1/users/<user_id>``."""
