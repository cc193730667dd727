"""Shared fixtures: a client for the test account and vcrpy cassettes replaying documented API traffic.

Cassettes live in ``cassettes/<test module>/<test name>.yaml``. They are replayed with recording off and
matched on method, URL path, query and JSON body; every interaction must be used. To re-record against a real
account, see ``docs/testing.md``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import vcr
from vcr.cassette import Cassette

from bandwidth import Client

USER_ID = "u-test"
TOKEN = "t-test-token"
SECRET = "s-test-secret"
API = "https://api.catapult.inetwork.com"
BASE = f"{API}/v1/users/{USER_ID}"
CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"


def _json_body(request: Any) -> object:
    body = request.body
    if not body:
        return None
    if isinstance(body, bytes):
        body = body.decode()
    try:
        return json.loads(body)
    except ValueError:
        return body


def json_body_matcher(recorded: Any, sent: Any) -> None:
    """Match request bodies as JSON values, so key order and spacing do not matter."""
    assert _json_body(recorded) == _json_body(sent), f"{_json_body(sent)!r} != {_json_body(recorded)!r}"


def _scrub_request(request: Any) -> Any:
    real_user = os.environ.get("BANDWIDTH_USER_ID")
    if real_user:
        request.uri = request.uri.replace(real_user, USER_ID)
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    real_user = os.environ.get("BANDWIDTH_USER_ID")
    if real_user:
        body = response.get("body", {}).get("string")
        if isinstance(body, bytes):
            response["body"]["string"] = body.replace(real_user.encode(), USER_ID.encode())
        for name, values in response.get("headers", {}).items():
            response["headers"][name] = [value.replace(real_user, USER_ID) for value in values]
    return response


def _recorder() -> vcr.VCR:
    recording = os.environ.get("BANDWIDTH_RECORD") == "1"
    recorder = vcr.VCR(
        record_mode="once" if recording else "none",
        match_on=["method", "scheme", "host", "port", "path", "query", "json_body"],
        filter_headers=["authorization", "cookie", "set-cookie"],
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
    recorder.register_matcher("json_body", json_body_matcher)
    return recorder


RECORDER = _recorder()


@pytest.fixture
def cassette(request: pytest.FixtureRequest) -> Iterator[Cassette]:
    """Replay ``cassettes/<module>/<test>.yaml``; fails if any recorded interaction is left unplayed."""
    module = request.node.module.__name__.rpartition(".")[2]
    name = request.node.name.replace("[", "_").replace("]", "").replace("/", "_")
    path = CASSETTES / module / f"{name}.yaml"
    with RECORDER.use_cassette(str(path), allow_playback_repeats=False) as tape:
        yield tape
    assert tape.all_played, f"unplayed interactions in {path.name}: {len(tape.data) - tape.play_count} left"


@pytest.fixture
def client() -> Iterator[Client]:
    """A client for the test account, with retries off so replays are one-to-one.

    When recording (``BANDWIDTH_RECORD=1``), the real account's credentials come from the environment.
    """
    if os.environ.get("BANDWIDTH_RECORD") == "1":
        credentials = (
            os.environ["BANDWIDTH_USER_ID"],
            os.environ["BANDWIDTH_API_TOKEN"],
            os.environ["BANDWIDTH_API_SECRET"],
        )
    else:
        credentials = (USER_ID, TOKEN, SECRET)
    with Client(*credentials, max_retries=0) as test_client:
        yield test_client
