"""The original bandwidth-sdk 3.1.0, unchanged, works against the emulator: creates, gets, updates, lists
across pages, errors. Needs a Python with that SDK installed, named by BANDWIDTH_ORIGINAL_PYTHON (.ci/run sets
one up); skipped otherwise."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bandwidth.emulator import Emulator

ORIGINAL_PYTHON = os.environ.get("BANDWIDTH_ORIGINAL_PYTHON")
SESSION = Path(__file__).resolve().parent / "data" / "original_sdk_session.py"


@pytest.mark.skipif(
    not ORIGINAL_PYTHON, reason="BANDWIDTH_ORIGINAL_PYTHON names no Python with bandwidth-sdk 3.1.0"
)
def test_the_original_sdk_runs_unchanged_against_the_emulator() -> None:
    assert ORIGINAL_PYTHON is not None
    with Emulator(ring_seconds=0) as emulator:
        result = subprocess.run(
            # -I: isolated, so it imports its own `bandwidth` package and not this checkout's
            [
                ORIGINAL_PYTHON,
                "-I",
                str(SESSION),
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
        results = json.loads(result.stdout)
        all_calls = emulator.call_ids()

    assert results["created"] in all_calls
    assert results["state"] == "active"
    assert sorted(results["listed"]) == sorted(all_calls)  # five calls, read two per page
    assert results["bridge_state"] == "created"
    assert results["gather_state"] == "started"
    assert results["final_state"] == "completed"
    assert results["events"][0] == "create" and "hangup" in results["events"]
    assert results["error"] == [404, "call-not-found"]
