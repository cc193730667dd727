"""User code against the public API type-checks exactly, under mypy --strict and pyright alike.

The typing modules (typing_public_api.py, typing_callbacks.py) pin the public types with ``assert_type``;
they must pass mypy --strict (with the pydantic plugin, as configured, and without it, as most users run
it) and pyright in standard mode. Mistakes must fail under both. 3.1 code passes plain mypy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from checkers import mypy as _mypy, pyright as _pyright

HERE = Path(__file__).resolve().parent
TYPED_MODULES = ("typing_public_api.py", "typing_callbacks.py", "typing_async_api.py")


@pytest.fixture(scope="module")
def without_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mypy configuration without the pydantic plugin: what a user who has not set it up runs."""
    config = tmp_path_factory.mktemp("mypy") / "mypy.ini"
    config.write_text("[mypy]\npython_version = 3.10\n")
    return config


def test_public_api_passes_mypy_strict() -> None:
    # typing_callbacks.py too, in test_callbacks_typing.py
    result = _mypy("--strict", str(HERE / "typing_public_api.py"), str(HERE / "typing_async_api.py"))

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("module", TYPED_MODULES)
def test_public_api_passes_mypy_strict_without_the_pydantic_plugin(module: str, without_plugin: Path) -> None:
    result = _mypy("--strict", "--config-file", str(without_plugin), str(HERE / module))

    assert result.returncode == 0, result.stdout + result.stderr


def test_public_api_passes_pyright() -> None:
    assert _pyright(*(HERE / module for module in TYPED_MODULES)) == []


# Each line marked "# E: code" must fail mypy --strict with that code, and fail pyright; no other line may.
MISTAKES = """\
from typing_extensions import assert_type

from bandwidth import AsyncCall, AsyncClient, Call, CallState, Client, ConferenceState

client = Client("u-1", "t-1", "s-1")
aclient = AsyncClient("u-1", "t-1", "s-1")
call = client.calls.get("c-1")
call.gather(prompt={"sentense": "Press 1"})  # E: arg-type
call.transfer("+19195550000", whisper_audio={"loop_enabled": "yes"})  # E: arg-type
client.calls.create_gather(call, prompt={"file_url": "https://x/a.mp3", "barge": True})  # E: arg-type
client.calls.update(call, state="parked")  # E: arg-type
client.calls.create(from_="+1", to="+2", call_timeout="30")  # E: arg-type
assert_type(call.state, str | None)  # E: assert-type
assert_type(client.conferences.get("conf-1").state, ConferenceState | str | None)  # E: assert-type
call.state = CallState.ACTIVE  # E: misc
not_awaited: AsyncCall = aclient.calls.get("c-1")  # E: assignment
sync_model: Call = aclient.calls.handle("c-1")  # E: assignment
aclient.calls.list().first().id  # E: attr-defined
"""

MYPY_ERROR = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[tuple[int, str]]]:
    path = tmp_path_factory.mktemp("typing") / "typing_mistakes.py"
    path.write_text(MISTAKES)
    expected = {
        (number, line.rpartition("# E: ")[2].strip())
        for number, line in enumerate(MISTAKES.splitlines(), start=1)
        if "# E: " in line
    }
    return path, expected


def test_mistakes_fail_mypy_strict(mistakes: tuple[Path, set[tuple[int, str]]]) -> None:
    path, expected = mistakes

    result = _mypy("--strict", "--show-error-codes", "--no-error-summary", str(path))

    errors = [match for match in map(MYPY_ERROR.match, result.stdout.splitlines()) if match]
    assert {(int(match["line"]), match["code"]) for match in errors} == expected, result.stdout


def test_mistakes_fail_pyright(mistakes: tuple[Path, set[tuple[int, str]]]) -> None:
    path, expected = mistakes

    errors = _pyright(path)

    assert {line for _, line, _ in errors} == {line for line, _ in expected}, errors


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
