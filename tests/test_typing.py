"""User code written against the public API type-checks under mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_public_api_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(HERE / "typing_public_api.py")],
        capture_output=True,
        text=True,
        cwd=HERE.parent,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
