"""``/conferences``: conferences, their audio, and their members (there is no list of conferences)."""

from __future__ import annotations

from werkzeug.wrappers import Response

from .wire import Exchange, Route, empty, json_answer

__all__ = ["ROUTES"]


def create_conference(ex: Exchange) -> Response:
    conference_id = ex.engine.conferences.create(ex.body())
    return empty(201, ex.engine.conferences.conference_url(conference_id, ex.base))


def get_conference(ex: Exchange, conference_id: str) -> Response:
    return json_answer(ex.engine.conferences.get(conference_id))


def update_conference(ex: Exchange, conference_id: str) -> Response:
    ex.engine.conferences.update(conference_id, ex.body())
    return empty()


def play_conference_audio(ex: Exchange, conference_id: str) -> Response:
    ex.engine.conferences.play_audio(conference_id, ex.body())
    return empty()


def list_members(ex: Exchange, conference_id: str) -> Response:
    return json_answer(ex.engine.conferences.members(conference_id, ex.base))  # type: ignore[arg-type]


def add_member(ex: Exchange, conference_id: str) -> Response:
    member_id = ex.engine.conferences.add_member(conference_id, ex.body())
    return empty(201, ex.engine.conferences.member_url(conference_id, member_id, ex.base))


def get_member(ex: Exchange, conference_id: str, member_id: str) -> Response:
    return json_answer(ex.engine.conferences.member(conference_id, member_id, ex.base))


def update_member(ex: Exchange, conference_id: str, member_id: str) -> Response:
    ex.engine.conferences.update_member(conference_id, member_id, ex.body())
    return empty()


def play_member_audio(ex: Exchange, conference_id: str, member_id: str) -> Response:
    ex.engine.conferences.play_member_audio(conference_id, member_id, ex.body())
    return empty()


_CONFERENCE = "/conferences/<conference_id>"
_MEMBER = f"{_CONFERENCE}/members/<member_id>"
ROUTES: list[Route] = [
    ("/conferences", "POST", create_conference),
    (_CONFERENCE, "GET", get_conference),
    (_CONFERENCE, "POST", update_conference),
    (f"{_CONFERENCE}/audio", "POST", play_conference_audio),
    (f"{_CONFERENCE}/members", "GET", list_members),
    (f"{_CONFERENCE}/members", "POST", add_member),
    (_MEMBER, "GET", get_member),
    (_MEMBER, "POST", update_member),
    (f"{_MEMBER}/audio", "POST", play_member_audio),
]
"""Paths under ``/v1/users/<user_id>``."""
