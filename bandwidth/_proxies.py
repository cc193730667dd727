"""Which proxy a transport goes through: the environment's (read once, when it is made) and the caller's.

Read as requests reads them (``requests.utils``), so ``NO_PROXY`` and the other rules are requests' own; but
when neither the environment nor the caller names a proxy, requests is not loaded to say there is none (the
direct roads of both clients never need it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

__all__ = ["environment_proxies", "selected_proxy"]


def environment_proxies(url: str) -> dict[str, str]:
    """The proxies the environment names for ``url`` (``HTTPS_PROXY`` ..., ``NO_PROXY`` honoured), exactly as
    requests reads them (``requests.utils.get_environ_proxies``), read once when a transport is made.

    Where the environment is the only source (``urllib.request.getproxies`` reads the variables alone,
    off macOS and Windows) and it names no proxy, there is none, and requests is not loaded to say so.
    """
    if sys.platform not in ("darwin", "win32") and not any(
        value and name.lower().endswith("_proxy") and name.lower() != "no_proxy"
        for name, value in os.environ.items()
    ):
        return {}
    import requests.utils

    return requests.utils.get_environ_proxies(url)


def selected_proxy(url: str, proxies: Mapping[str, str]) -> str | None:
    """The proxy ``url`` goes through, as requests selects it from ``proxies``
    (``requests.utils.select_proxy``: ``scheme://host``, then ``scheme``, ``all://host``, ``all``); None for
    none (then requests is not loaded)."""
    if not any(proxies.values()):
        return None
    import requests.utils

    return requests.utils.select_proxy(url, dict(proxies)) or None
