"""User code written against the public API type-checks under mypy --strict; 3.1 code under plain mypy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _mypy(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", *arguments],
        capture_output=True,
        text=True,
        cwd=HERE.parent,
        check=False,
    )


def test_public_api_passes_mypy_strict() -> None:
    result = _mypy("--strict", str(HERE / "typing_public_api.py"))

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("strict", [False, True], ids=["mypy", "mypy --strict"])
def test_a_3_1_program_type_checks_against_this_package(strict: bool) -> None:
    # tests/data/original_sdk_session.py is 3.1 code (test_original_sdk.py runs it with bandwidth-sdk 3.1.0):
    # `from bandwidth import voice`, dicts read into str, ids, generators, BandwidthVoiceAPIException.
    result = _mypy(*(["--strict"] if strict else []), str(HERE / "data" / "original_sdk_session.py"))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found in 1 source file" in result.stdout


def test_the_3_1_program_is_checked_against_real_types(tmp_path: Path) -> None:
    # the control: were `bandwidth.voice` untyped, everything would be Any and the test above meaningless
    session = (HERE / "data" / "original_sdk_session.py").read_text()
    broken = tmp_path / "broken_session.py"
    broken.write_text(session.replace('api.get_call("c-unknown")', "api.get_call(404)"))

    result = _mypy(str(broken))

    assert result.returncode == 1
    assert 'Argument 1 to "get_call" of "CallsAPI" has incompatible type "int"' in result.stdout
