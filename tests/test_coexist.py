"""This package and bandwidth-sdk both install the import package ``bandwidth``: ``import bandwidth`` warns
when their files are mixed, and the fix in the message repairs the environment.

The end-to-end tests install both with pip, in both orders, into a fresh virtualenv. Offline: the two wheels
are built here, from this package's files and from the original SDK's files in BANDWIDTH_ORIGINAL_PYTHON
(.ci/run sets it up; skipped without it). The virtualenv reads this environment's dependencies (pydantic,
requests ...) through a directory of links that leaves out every ``bandwidth`` entry.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shlex
import subprocess
import sys
import sysconfig
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import bandwidth
from bandwidth import BandwidthSDKConflictWarning
from bandwidth._coexist import FIX, SDK_ONLY_NAMES, bandwidth_sdk_files, warn_if_mixed

ORIGINAL_PYTHON = os.environ.get("BANDWIDTH_ORIGINAL_PYTHON")
PACKAGE_DIR = Path(bandwidth.__file__).resolve().parent

# -- the check -----------------------------------------------------------------------------------------------


def test_this_package_ships_none_of_the_names_that_tell_bandwidth_sdk_apart() -> None:
    assert bandwidth_sdk_files(str(PACKAGE_DIR)) == []
    assert not SDK_ONLY_NAMES & {path.name for path in PACKAGE_DIR.iterdir()}


def test_mixed_files_give_one_warning_naming_them_and_the_fix(tmp_path: Path) -> None:
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "client_module.py").write_text("")
    (tmp_path / "configuration.py").write_text("")
    (tmp_path / "messaging").mkdir()
    (tmp_path / "voice.py").write_text("")  # a name both have: not a sign

    with pytest.warns(BandwidthSDKConflictWarning) as caught:
        warn_if_mixed(str(tmp_path))

    assert len(caught) == 1
    message = str(caught[0].message)
    assert f"mixed in {tmp_path} (bandwidth-sdk's: client_module.py, configuration.py, messaging/)" in message
    assert message.endswith(f"run: {FIX}")
    assert (
        "python -m pip uninstall -y bandwidth-sdk bandwidth && "
        f"python -m pip install bandwidth=={bandwidth.__version__}"
    ) == FIX


def test_no_warning_for_a_clean_directory_or_no_directory(tmp_path: Path) -> None:
    (tmp_path / "__init__.py").write_text("")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_if_mixed(str(tmp_path))
        warn_if_mixed(str(tmp_path / "missing"))
        warn_if_mixed(str(tmp_path / "__init__.py"))  # e.g. inside a zip: not a directory


# -- both installed with pip, in both orders -----------------------------------------------------------------


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _wheel(directory: Path, name: str, version: str, package: Path) -> Path:
    """A pure-Python wheel of ``package`` (installed as ``bandwidth/``) for the distribution ``name``."""
    files = {
        f"bandwidth/{path.relative_to(package).as_posix()}": path.read_bytes()
        for path in sorted(package.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    info = f"{name.replace('-', '_')}-{version}.dist-info"
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    files[f"{info}/top_level.txt"] = b"bandwidth\n"
    record = [_record_line(path, data) for path, data in files.items()] + [f"{info}/RECORD,,"]
    wheel = directory / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
        archive.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return wheel


class Environment:
    """A fresh virtualenv, driven by this environment's pip (``pip --python``), offline."""

    def __init__(self, root: Path, wheels: Path) -> None:
        self.wheels = wheels
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120)
        self.python = str(root / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
        self.site = Path(self.run("import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
        # this environment's dependencies, without its own `bandwidth` (which must not answer imports here)
        deps = root / "deps"
        deps.mkdir()
        for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
            if "bandwidth" not in entry.name.lower() and not entry.name.startswith("__editable__"):
                (deps / entry.name).symlink_to(entry)
        (self.site / "zz-test-dependencies.pth").write_text(f"{deps}\n")
        self.env = {
            **os.environ,
            "PIP_CONFIG_FILE": os.devnull,
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_NO_INPUT": "1",
        }

    def run(self, code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.python, "-I", "-c", code], capture_output=True, text=True, timeout=120, check=False
        )

    def pip(self, *arguments: str) -> None:
        command = [sys.executable, "-m", "pip", "--python", self.python, *arguments]
        if arguments[0] == "install":
            command += ["--no-index", "--no-deps", "--no-cache-dir", "--find-links", str(self.wheels)]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=300, env=self.env, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def run_fix(self) -> None:
        """The fix, exactly as the warning gives it, with this environment's pip."""
        for part in FIX.split("&&"):
            words = shlex.split(part)
            assert words[:3] == ["python", "-m", "pip"], FIX
            self.pip(*words[3:])

    def imported(self) -> dict[str, object]:
        """What ``import bandwidth`` gives: its warnings and file, and whether it has ``Client``."""
        result = self.run(
            "import json, warnings\n"
            "with warnings.catch_warnings(record=True) as caught:\n"
            "    warnings.simplefilter('always')\n"
            "    import bandwidth\n"
            "print(json.dumps({\n"
            "    'warnings': [(w.category.__name__, str(w.message)) for w in caught],\n"
            "    'file': bandwidth.__file__, 'client': hasattr(bandwidth, 'Client'),\n"
            "}))\n"
        )
        assert result.returncode == 0, result.stderr
        shown: dict[str, object] = json.loads(result.stdout)
        return shown


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ORIGINAL_PYTHON:
        pytest.skip("BANDWIDTH_ORIGINAL_PYTHON names no Python with bandwidth-sdk 3.1.0")
    located = subprocess.run(
        [ORIGINAL_PYTHON, "-I", "-c", "import bandwidth, os; print(os.path.dirname(bandwidth.__file__))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    directory = tmp_path_factory.mktemp("wheels")
    _wheel(directory, "bandwidth-sdk", "3.1.0", Path(located.stdout.strip()))
    _wheel(directory, "bandwidth", bandwidth.__version__, PACKAGE_DIR)
    return directory


@pytest.fixture
def environment(tmp_path: Path, wheels: Path) -> Iterator[Environment]:
    yield Environment(tmp_path / "venv", wheels)


def _assert_clean(environment: Environment) -> None:
    shown = environment.imported()
    assert shown["warnings"] == []
    assert shown["client"] is True
    assert shown["file"] == str(environment.site / "bandwidth" / "__init__.py")
    voice = environment.run("import bandwidth as b, bandwidth.voice as v; print(v.Client is b.Client)")
    assert voice.stdout.strip() == "True", voice.stderr  # this package's bandwidth.voice, not bandwidth-sdk's
    assert bandwidth_sdk_files(str(environment.site / "bandwidth")) == []


def test_installed_over_bandwidth_sdk_it_warns_and_the_fix_repairs(environment: Environment) -> None:
    environment.pip("install", "bandwidth-sdk==3.1.0")
    environment.pip("install", f"bandwidth=={bandwidth.__version__}")

    shown = environment.imported()
    assert shown["client"] is True  # this package's __init__.py, installed last
    issued = shown["warnings"]
    assert isinstance(issued, list) and len(issued) == 1, issued
    category, message = issued[0]
    assert category == "BandwidthSDKConflictWarning"
    assert (
        f"mixed in {environment.site / 'bandwidth'} "
        "(bandwidth-sdk's: account/, client_module.py, convert_camel.py, messaging/)"
    ) in message
    assert message.endswith(f"run: {FIX}")

    environment.run_fix()

    _assert_clean(environment)


def test_uninstalling_bandwidth_sdk_breaks_it_and_the_fix_repairs(environment: Environment) -> None:
    environment.pip("install", "bandwidth-sdk==3.1.0")
    environment.pip("install", f"bandwidth=={bandwidth.__version__}")
    environment.pip("uninstall", "-y", "bandwidth-sdk")  # takes bandwidth/__init__.py with it

    broken = environment.run("from bandwidth import Client")
    assert "ImportError: cannot import name 'Client' from 'bandwidth' (unknown location)" in broken.stderr

    environment.run_fix()

    _assert_clean(environment)


def test_bandwidth_sdk_installed_over_it_hides_it_and_the_fix_repairs(environment: Environment) -> None:
    environment.pip("install", f"bandwidth=={bandwidth.__version__}")
    environment.pip("install", "bandwidth-sdk==3.1.0")

    # bandwidth-sdk's __init__.py replaced this package's: none of this package's code runs, so no warning.
    # The symptom (docs/migrating.md) is this ImportError.
    broken = environment.run("from bandwidth import Client")
    assert "ImportError: cannot import name 'Client' from 'bandwidth'" in broken.stderr
    assert str(environment.site / "bandwidth" / "__init__.py") in broken.stderr

    environment.run_fix()

    _assert_clean(environment)
