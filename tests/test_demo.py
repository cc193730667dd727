"""The README's first command: the demo runs the whole flow on the emulator and exits 0."""

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
