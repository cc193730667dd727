"""The original bandwidth-sdk 3.1.0, unchanged, works against the emulator: creates, gets, updates, lists
across pages, errors, and a conference session. Needs a Python with that SDK installed, named by
BANDWIDTH_ORIGINAL_PYTHON (.ci/run sets one up); skipped otherwise."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bandwidth.emulator import Emulator

ORIGINAL_PYTHON = os.environ.get("BANDWIDTH_ORIGINAL_PYTHON")
DATA = Path(__file__).resolve().parent / "data"
SESSION = DATA / "original_sdk_session.py"
CONFERENCE_SESSION = DATA / "original_sdk_conference.py"
needs_original = pytest.mark.skipif(
    not ORIGINAL_PYTHON, reason="BANDWIDTH_ORIGINAL_PYTHON names no Python with bandwidth-sdk 3.1.0"
)


def run_original(script: Path, emulator: Emulator) -> Any:
    """Run ``script`` with the original SDK against ``emulator``; what it printed, as JSON."""
    assert ORIGINAL_PYTHON is not None
    result = subprocess.run(
        # -I: isolated, so it imports its own `bandwidth` package and not this checkout's
        [
            ORIGINAL_PYTHON,
            "-I",
            str(script),
            emulator.url,
            emulator.user_id,
            emulator.api_token,
            emulator.api_secret,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@needs_original
def test_the_original_sdk_runs_unchanged_against_the_emulator() -> None:
    with Emulator(ring_seconds=0) as emulator:
        results = run_original(SESSION, emulator)
        all_calls = emulator.call_ids()

    assert results["created"] in all_calls
    assert results["state"] == "active"
    assert sorted(results["listed"]) == sorted(all_calls)  # five calls, read two per page
    assert results["bridge_state"] == "created"
    assert results["gather_state"] == "started"
    assert results["final_state"] == "completed"
    assert results["events"][0] == "create" and "hangup" in results["events"]
    assert results["error"] == [404, "call-not-found"]


@needs_original
def test_the_original_sdk_runs_a_conference_unchanged_against_the_emulator() -> None:
    with Emulator(ring_seconds=0) as emulator:
        results = run_original(CONFERENCE_SESSION, emulator)
        conference_id = results["conference_id"]
        members = emulator.conference_members(conference_id)

    created = results["created"]  # the original SDK gives snake_case keys
    assert (created["id"], created["state"], created["active_members"], created["from"]) == (
        conference_id,
        "created",
        0,
        "+19195551212",
    )
    assert (created["callback_url"], created["tag"], created["profile"]) == (
        "http://127.0.0.1:9/conference",
        "t-1",
        "interpret_digits",
    )
    assert [member["id"] for member in results["listed"]] == results["members"]
    assert [member["call"].rpartition("/")[2] for member in results["listed"]] == results["calls"]
    assert all(member["join_tone"] is True and member["state"] == "active" for member in results["listed"])
    assert (results["muted"]["mute"], results["muted"]["hold"]) == (True, False)
    assert results["conference_muted"] is True
    assert (results["removed"]["state"], "removed_time" in results["removed"]) == ("completed", True)
    assert results["active_after_removal"] == 1
    assert (results["final"]["state"], results["final"]["active_members"]) == ("completed", 0)
    assert "completed_time" in results["final"]
    assert results["final_members"] == ["completed", "completed"]
    assert results["calls_after"] == ["active", "active"]  # leaving a conference does not hang up
    assert results["error"] == [403, "conference-error"]
    assert results["missing"] == [404, "conference-not-found"]
    assert [member["id"] for member in members] == results["members"]
