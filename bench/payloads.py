"""Canned responses, taken from the documented examples of the Catapult v1 reference.

* ``GET /calls/{callId}``: the example of ``methods/calls/getCallsCallId.md`` (placeholders filled in).
* ``GET /calls``: the first item of example 1 of ``methods/calls/getCalls.md``, repeated with unique ids,
  start times and numbers so that no two items share string values (pydantic-core caches short strings,
  which would flatter a page of identical items).
* ``POST /calls``: ``201 Created``, ``Location`` of the new call, empty body (``methods/calls/postCalls.md``).
* ``POST /calls/{callId}``: ``200 OK``, empty body (``methods/calls/postCallsCallId.md``).

Only the standard library is used, so the server process stays small.
"""

from __future__ import annotations

import json

USER_ID = "u-bench"
TOKEN = "t-bench-token"
SECRET = "s-bench-secret"
CALL_ID = "c-bench-0001"
NEW_CALL_ID = "c-bench-new"
FROM = "+19195551212"
TO = "+19195553434"
PAGE_SIZE = 1000


def call_json(origin: str, user_id: str = USER_ID, call_id: str = CALL_ID) -> bytes:
    """The documented answer of ``GET /v1/users/{userId}/calls/{callId}``."""
    call_url = f"{origin}/v1/users/{user_id}/calls/{call_id}"
    body = {
        "activeTime": "2014-12-19T19:13:20Z",
        "callbackUrl": "https://example.com",
        "chargeableDuration": 60,
        "direction": "out",
        "endTime": "2014-12-19T19:13:22Z",
        "events": f"{call_url}/events",
        "fallbackUrl": "https://example-fallback.com",
        "from": FROM,
        "id": call_id,
        "recordingEnabled": False,
        "recordings": f"{call_url}/recordings",
        "startTime": "2014-12-19T19:13:09Z",
        "state": "completed",
        "to": TO,
        "transcriptionEnabled": True,
        "transcriptions": f"{call_url}/transcriptions",
        "sipHeaders": {"X-header": "value"},
    }
    return json.dumps(body, indent=2).encode()


def list_item(origin: str, user_id: str, index: int) -> dict[str, object]:
    """Item ``index`` of the call list: the first documented item of ``getCalls.md``, made unique."""
    call_id = f"c-{index:08d}-list"
    seconds = index % 86400
    day = 1 + (index // 86400) % 28
    clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return {
        "id": call_id,
        "direction": "out",
        "from": f"+1919{index % 10_000_000:07d}",
        "to": f"+1984{(index * 7) % 10_000_000:07d}",
        "recordingEnabled": False,
        "callbackUrl": "",
        "state": "completed",
        "startTime": f"2013-02-{day:02d}T{clock}.587Z",
        "activeTime": f"2013-02-{day:02d}T{clock}.347Z",
        "endTime": f"2013-02-{day:02d}T{clock}.887Z",
        "chargeableDuration": 60,
        "events": f"{origin}/v1/users/{user_id}/calls/{call_id}/events",
        "sipHeaders": {"X-Header-1": "value-1", "X-Header-2": "value2"},
    }


def list_page(origin: str, user_id: str, page: int, size: int, total: int) -> bytes:
    """Page ``page`` (from 0) of ``total`` calls, ``size`` per page, as the API sends it."""
    first = page * size
    items = [list_item(origin, user_id, index) for index in range(first, min(first + size, total))]
    return json.dumps(items, separators=(",", ":")).encode()


def total_for_user(user_id: str, default: int = 100_000) -> int:
    """How many calls the account has: ``u-n1000`` has 1,000; any other account ``default``.

    The size of the list rides in the user id so that the server keeps no state between runs.
    """
    if user_id.startswith("u-n") and user_id[3:].isdigit():
        return int(user_id[3:])
    return default
