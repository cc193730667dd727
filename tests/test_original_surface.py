"""The original bandwidth-sdk 3.1's client attributes (``user_id``, ``api_endpoint``, ``api_version``,
``auth``) and its ``bandwidth.version`` module, as existing code reads them.

The same construction expressions run here and, when BANDWIDTH_ORIGINAL_PYTHON names a Python with
bandwidth-sdk 3.1.0 (.ci/run sets one up), in the original SDK; the expected values are also written out, so
the attributes are checked even without it."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest

import bandwidth
import bandwidth.voice

ORIGINAL_PYTHON = os.environ.get("BANDWIDTH_ORIGINAL_PYTHON")
ATTRIBUTES = ("user_id", "api_endpoint", "api_version", "auth")

# construction expression -> what the original SDK shows (auth as a list: it went through JSON)
CASES = {
    "bandwidth.voice.Client('u-1', 't-2', 's-3')": {
        "user_id": "u-1",
        "api_endpoint": "https://api.catapult.inetwork.com",
        "api_version": "v1",
        "auth": ["t-2", "s-3"],
    },
    "bandwidth.client('voice', 'u-1', 't-2', 's-3', api_endpoint='http://127.0.0.1:8080/')": {
        "user_id": "u-1",
        "api_endpoint": "http://127.0.0.1:8080/",  # as given: the trailing slash is kept
        "api_version": "v1",
        "auth": ["t-2", "s-3"],
    },
    "bandwidth.voice.Client('u-1', 't-2', 's-3', api_endpoint='https://example.test', api_version='v2')": {
        "user_id": "u-1",
        "api_endpoint": "https://example.test",
        "api_version": "v2",
        "auth": ["t-2", "s-3"],
    },
}

_ORIGINAL_SCRIPT = """
import json, sys
import bandwidth, bandwidth.voice
attributes = {attributes!r}
shown = {{}}
for expression in json.loads(sys.argv[1]):
    client = eval(expression)
    shown[expression] = {{name: getattr(client, name) for name in attributes}}
    shown[expression]["auth_is_tuple"] = type(client.auth) is tuple
print(json.dumps({{"clients": shown, "version": bandwidth.version.__version__}}))
"""


def _ours(expression: str) -> bandwidth.Client:
    client = eval(expression, {"bandwidth": bandwidth})
    assert isinstance(client, bandwidth.Client)
    return client


@pytest.mark.parametrize("expression", list(CASES))
def test_the_original_attributes_hold_what_was_given(expression: str) -> None:
    with _ours(expression) as client:
        shown = {name: getattr(client, name) for name in ATTRIBUTES}

    assert type(shown["auth"]) is tuple
    assert json.loads(json.dumps(shown)) == CASES[expression]


@pytest.mark.skipif(
    not ORIGINAL_PYTHON, reason="BANDWIDTH_ORIGINAL_PYTHON names no Python with bandwidth-sdk 3.1.0"
)
def test_the_expected_values_are_what_the_original_sdk_shows() -> None:
    assert ORIGINAL_PYTHON is not None
    script = _ORIGINAL_SCRIPT.format(attributes=ATTRIBUTES)
    result = subprocess.run(
        # -I: isolated, so it imports its own `bandwidth` package and not this checkout's
        [ORIGINAL_PYTHON, "-I", "-c", script, json.dumps(list(CASES))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    original = json.loads(result.stdout)

    for expression, expected in CASES.items():
        shown = original["clients"][expression]
        assert shown.pop("auth_is_tuple") is True
        assert shown == expected, expression
    assert isinstance(original["version"], str) and original["version"]


def test_the_attributes_survive_with_options() -> None:
    with bandwidth.Client("u-1", "t-2", "s-3", api_endpoint="https://api.example.test") as client:
        derived = client.with_options(timeout=2)

        assert (derived.user_id, derived.api_endpoint, derived.api_version, derived.auth) == (
            "u-1",
            "https://api.example.test",
            "v1",
            ("t-2", "s-3"),
        )


def test_auth_stays_out_of_reprs_and_pickles() -> None:
    with bandwidth.Client("u-1", "t-token-5e1f", "s-secret-77ab") as client:
        for shown in (repr(client), str(client), repr(vars(client)), repr(client.with_options(timeout=2))):
            assert "t-token-5e1f" not in shown and "s-secret-77ab" not in shown
        with pytest.raises(TypeError) as caught:
            pickle.dumps(client._settings)
    assert "s-secret-77ab" not in str(caught.value)


def test_bandwidth_version_is_a_module_with_this_package_version() -> None:
    # The original SDK has the module `bandwidth.version` loaded by `import bandwidth`; so does this one.
    result = subprocess.run(
        [sys.executable, "-c", "import bandwidth; print(bandwidth.version.__version__)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    from bandwidth import version

    assert result.stdout.strip() == bandwidth.__version__ == version.__version__
    assert version.__name__ == "bandwidth.version"
