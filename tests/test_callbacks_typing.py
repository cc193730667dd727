"""The callback API under mypy --strict and pyright: typed code passes, and mistyped handlers are caught."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from checkers import pyright

ROOT = Path(__file__).resolve().parent.parent

# Each line marked "# E: code" must get exactly that mypy error; no other line may get one.
MISTAKES = """\
from bandwidth.callbacks import AnswerEvent, CallbackRouter, GatherEvent, HangupEvent, parse_callback

router = CallbackRouter()


@router.on(AnswerEvent)  # E: arg-type
def wrong_class(event: HangupEvent) -> None: ...


@router.on("gather")  # E: arg-type
def wrong_name(event: AnswerEvent) -> None: ...


@router.on(AnswerEvent, HangupEvent)  # E: arg-type
def too_narrow(event: AnswerEvent) -> None: ...


@router.fallback  # E: arg-type
def fallback_too_narrow(event: GatherEvent) -> None: ...


@router.on(HangupEvent)  # E: type-var
def returns_no_bxml(event: HangupEvent) -> str:
    return "a handler returns None or a bandwidth.bxml.Response"


router.on(42)  # E: call-overload
print(parse_callback(b"{}").call)  # E: union-attr
"""

ERROR = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")


def test_typed_callback_code_passes_and_mistakes_fail_mypy_strict(tmp_path: Path) -> None:
    mistakes = tmp_path / "callbacks_typing_mistakes.py"
    mistakes.write_text(MISTAKES)
    expected = {
        (number, line.rpartition("# E: ")[2].strip())
        for number, line in enumerate(MISTAKES.splitlines(), start=1)
        if "# E: " in line
    }

    command = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--show-error-codes"]
    command += ["--config-file", str(ROOT / "pyproject.toml"), "tests/typing_callbacks.py", str(mistakes)]

    result = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    errors = [match for match in map(ERROR.match, result.stdout.splitlines()) if match]
    in_typed_module = [match.group(0) for match in errors if "typing_callbacks" in match["path"]]
    assert in_typed_module == [], result.stdout
    found = {(int(match["line"]), match["code"]) for match in errors if match["path"].endswith(mistakes.name)}
    assert found == expected, result.stdout + result.stderr


def test_mistyped_handlers_fail_pyright(tmp_path: Path) -> None:
    mistakes = tmp_path / "callbacks_typing_mistakes.py"
    mistakes.write_text(MISTAKES)
    expected = {number for number, line in enumerate(MISTAKES.splitlines(), start=1) if "# E: " in line}

    errors = pyright(mistakes)

    assert {line for _, line, _ in errors} == expected, errors
