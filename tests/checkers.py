"""Running the type checkers on test files: mypy, and pyright (basedpyright's, in standard mode)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mypy(*arguments: str) -> subprocess.CompletedProcess[str]:
    """``mypy`` with these arguments, from the checkout (its pyproject.toml configures it)."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )


def pyright(*paths: Path) -> list[tuple[str, int, str]]:
    """pyright's errors in ``paths`` as (file name, line, rule), in the checkout's configuration
    (pyproject.toml's ``[tool.pyright]``: standard mode) and this interpreter's environment."""
    result = subprocess.run(
        [sys.executable, "-m", "basedpyright", "--outputjson", "--pythonpath", sys.executable]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        raise AssertionError(f"pyright did not run: {result.stdout}{result.stderr}") from None
    return [
        (Path(found["file"]).name, found["range"]["start"]["line"] + 1, found.get("rule", ""))
        for found in report["generalDiagnostics"]
        if found["severity"] == "error"
    ]
