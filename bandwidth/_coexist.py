"""Warn, on ``import bandwidth``, when ``bandwidth-sdk`` shares this package's directory.

Both distributions install the import package ``bandwidth``. pip installs one over the other without a word,
so their files end up mixed in one directory (bandwidth-sdk's ``voice/`` package then hides this package's
``voice`` module), and uninstalling either deletes files of the other, ``__init__.py`` included.
Importing this module runs the check (``bandwidth/__init__.py`` imports it first). It runs on every
``import bandwidth``, so it costs one ``os.listdir`` of this package's own directory and no scan of installed
distributions.
"""

from __future__ import annotations

import os
import warnings

from ._version import __version__

__all__ = ["BandwidthSDKConflictWarning", "bandwidth_sdk_files", "warn_if_mixed"]

SDK_ONLY_NAMES = frozenset(
    {
        # bandwidth-sdk 3.x
        "account",
        "client_module.py",
        "convert_camel.py",
        "messaging",
        # bandwidth-sdk 6 and later (the generated SDKs)
        "api_client.py",
        "bandwidth_client.py",
        "configuration.py",
    }
)
"""Names that bandwidth-sdk installs in ``bandwidth/`` and this package never uses (keep it so)."""

FIX = f"python -m pip uninstall -y bandwidth-sdk bandwidth && python -m pip install bandwidth=={__version__}"
"""Uninstall both (in that order nothing is left behind), then install this package alone."""


class BandwidthSDKConflictWarning(UserWarning):
    """``bandwidth-sdk`` is installed in the same directory as this package; the message tells the fix."""


def bandwidth_sdk_files(package_dir: str) -> list[str]:
    """The names in ``package_dir`` that only bandwidth-sdk installs, sorted; empty when there are none."""
    try:
        names = os.listdir(package_dir)
    except OSError:  # not a directory (a zip import, a frozen application): nothing can be mixed there
        return []
    return sorted(SDK_ONLY_NAMES.intersection(names))


def warn_if_mixed(package_dir: str) -> None:
    """Issue :class:`BandwidthSDKConflictWarning` when bandwidth-sdk's files are in ``package_dir``."""
    found = bandwidth_sdk_files(package_dir)
    if not found:
        return
    shown = ", ".join(name if name.endswith(".py") else f"{name}/" for name in found)
    warnings.warn(
        f"bandwidth-sdk is installed in the same place as bandwidth {__version__}: both install the import "
        f"package 'bandwidth', so their files are mixed in {package_dir} (bandwidth-sdk's: {shown}). "
        "Some modules may be bandwidth-sdk's, and uninstalling bandwidth-sdk would delete files this package "
        "needs. This package keeps bandwidth-sdk 3.1's voice API (bandwidth.client('voice', ...), "
        f"bandwidth.voice.Client) on its own Client; to use it alone, run: {FIX}",
        BandwidthSDKConflictWarning,
        stacklevel=4,  # the code that imported bandwidth (past this module and bandwidth/__init__.py)
    )


warn_if_mixed(os.path.dirname(os.path.abspath(__file__)))
