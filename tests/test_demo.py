"""The README's first command: the demo runs the whole flow and a conference on the emulator and exits 0."""

from __future__ import annotations

import subprocess
import sys


def test_demo_runs_the_whole_flow_and_exits_zero() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bandwidth", "demo"], capture_output=True, text=True, timeout=120, check=False
    )

    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert "state=active" in output
    assert "digits='1', reason=max-digits" in output
    assert "Transcription" in output and "hear about your new plans" in output
    assert "client.create_call(...) -> 'c-" in output
    assert "after pressing 2: '2'" in output
    assert "state 'completed'" in output
    # the conference: three callers, one muted, one removed, typed then through the dict API
    assert "conference.refresh() -> state=active, active_members=3" in output
    assert "first member .mute(); .refresh() -> muted=True" in output
    assert "second member .remove() -> state=completed; its call stays active" in output
    assert "conference.terminate() -> state=completed" in output
    assert "client.create_conference(...) -> 'conf-" in output
    assert "['mute'] True" in output
    assert "list_conference_members(...) states ['active', 'completed', 'active']" in output
    assert "client.terminate_conference(...) -> state 'completed'" in output
