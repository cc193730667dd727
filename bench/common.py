"""Shared helpers: the server subprocess, child environments, CPU clocks and medians."""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"

_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


def child_env(**extra: str) -> dict[str, str]:
    """The environment for bench subprocesses: no proxies (everything is loopback), repo importable."""
    env = {key: value for key, value in os.environ.items() if key.lower() not in _PROXY_VARIABLES}
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def clean_proxy_environment() -> None:
    """Drop proxy variables from this process, so requests never routes loopback traffic elsewhere."""
    for key in list(os.environ):
        if key.lower() in _PROXY_VARIABLES:
            del os.environ[key]


@contextlib.contextmanager
def canned_server(max_seconds: float = 1800.0) -> Iterator[str]:
    """Start ``bench/server.py`` in its own process; yields its origin (``http://127.0.0.1:<port>``)."""
    process = subprocess.Popen(
        [sys.executable, str(BENCH_DIR / "server.py"), "--max-seconds", str(max_seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=child_env(),
        cwd=str(REPO),
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode().strip()
        if not line.startswith("PORT "):
            raise RuntimeError(f"the bench server did not start (said {line!r})")
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        if process.stdin is not None:
            process.stdin.close()  # the server stops when its stdin closes
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def thread_cpu() -> float:
    """CPU seconds of the calling thread (user + system); the client is one thread, the server elsewhere."""
    return time.thread_time()


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (Linux reports ``ru_maxrss`` in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def quartiles(values: list[float]) -> tuple[float, float]:
    """(first, third) quartile: the middle half of the rounds, how far a median can be trusted."""
    if len(values) < 2:
        return (values[0], values[0]) if values else (float("nan"), float("nan"))
    first, _, third = statistics.quantiles(values, n=4, method="inclusive")
    return first, third


def spread(values: list[float]) -> tuple[float, float]:
    """(min, max) of the rounds, to show how noisy a median is."""
    return (min(values), max(values)) if values else (float("nan"), float("nan"))
