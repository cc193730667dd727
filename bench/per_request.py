"""Per-request loops: the http.client floor, a naive requests loop, and the SDK's calls, side by side.

Run by ``bench/run.py`` in a fresh process (``python -m bench.per_request --origin URL``); prints one JSON
object. Each cycle runs every loop for ``--chunk`` requests, one loop after the other; figures are medians
over the cycles of per-request client CPU (this thread's user + system time) and wall time, and ratios are
paired per cycle (see :func:`measure`). With ``--original-python``, the original SDK runs its loops in that
interpreter (``bench/original.py``), driven round by round from here.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import payloads
from bench.common import BENCH_DIR, child_env, clean_proxy_environment, median, quartiles, spread

Loop = Callable[[], Any]


def floor_get(origin: str) -> Loop:
    """A raw keep-alive ``http.client`` GET of the call, JSON-decoded: the least any client can do."""
    parts = urlsplit(origin)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    path = f"/v1/users/{payloads.USER_ID}/calls/{payloads.CALL_ID}"
    headers = {
        "Authorization": "Basic dC1iZW5jaC10b2tlbjpzLWJlbmNoLXNlY3JldA==",
        "Accept": "application/json",
    }

    def run() -> Any:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"floor GET answered {response.status}")
        return json.loads(body)

    return run


def floor_post(origin: str) -> Loop:
    """A raw keep-alive ``http.client`` POST of a JSON body (the floor for creates and actions)."""
    parts = urlsplit(origin)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    path = f"/v1/users/{payloads.USER_ID}/calls"
    headers = {
        "Authorization": "Basic dC1iZW5jaC10b2tlbjpzLWJlbmNoLXNlY3JldA==",
        "Accept": "application/json",
        "Content-Type": "application/json",
    }

    def run() -> Any:
        body = json.dumps({"from": payloads.FROM, "to": payloads.TO}).encode()
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 201:
            raise RuntimeError(f"floor POST answered {response.status}")
        return response.getheader("Location", "").rpartition("/")[2]

    return run


def naive_get(origin: str) -> Loop:
    """What most people write: ``requests.Session().get(url, auth=...).json()``."""
    import requests

    session = requests.Session()
    url = f"{origin}/v1/users/{payloads.USER_ID}/calls/{payloads.CALL_ID}"
    auth = (payloads.TOKEN, payloads.SECRET)

    def run() -> Any:
        return session.get(url, auth=auth).json()

    return run


def naive_post(origin: str) -> Loop:
    """``requests.Session().post(url, json=..., auth=...)`` and the new id from ``Location``."""
    import requests

    session = requests.Session()
    url = f"{origin}/v1/users/{payloads.USER_ID}/calls"
    auth = (payloads.TOKEN, payloads.SECRET)

    def run() -> Any:
        response = session.post(url, json={"from": payloads.FROM, "to": payloads.TO}, auth=auth)
        return response.headers["Location"].rpartition("/")[2]

    return run


def sdk_client(origin: str) -> Any:
    from bandwidth import Client

    return Client(payloads.USER_ID, payloads.TOKEN, payloads.SECRET, api_endpoint=origin)


def sdk_loops(origin: str) -> dict[str, Loop]:
    client = sdk_client(origin)
    call_id = payloads.CALL_ID
    calls = client.calls
    return {
        "typed_get": lambda: calls.get(call_id),
        "facade_get": lambda: client.get_call(call_id),
        "typed_create": lambda: calls.create(from_=payloads.FROM, to=payloads.TO, fetch=False),
        "facade_create": lambda: client.create_call(payloads.FROM, payloads.TO),
        "typed_hangup": lambda: calls.hangup(call_id),
        "handle_hangup": lambda: calls.handle(call_id).hangup(),
        "facade_hangup": lambda: client.hangup_call(call_id),
    }


def all_loops(origin: str) -> dict[str, Loop]:
    loops = {
        "floor_get": floor_get(origin),
        "naive_get": naive_get(origin),
        "floor_post": floor_post(origin),
        "naive_post": naive_post(origin),
    }
    loops.update(sdk_loops(origin))
    return loops


def check_answers(loops: dict[str, Loop]) -> None:
    """One call of each loop, checked, so a broken loop never produces a fast figure."""
    call = loops["typed_get"]()
    assert call.id == payloads.CALL_ID and call.sip_headers == {"X-header": "value"}, call
    facade = loops["facade_get"]()
    assert facade["id"] == payloads.CALL_ID and facade["recording_enabled"] is False, facade
    assert loops["floor_get"]()["id"] == payloads.CALL_ID
    assert loops["naive_get"]()["id"] == payloads.CALL_ID
    assert loops["typed_create"]().id.startswith(payloads.NEW_CALL_ID)
    assert loops["facade_create"]().startswith(payloads.NEW_CALL_ID)
    assert loops["floor_post"]().startswith(payloads.NEW_CALL_ID)
    assert loops["naive_post"]().startswith(payloads.NEW_CALL_ID)
    for name in ("typed_hangup", "handle_hangup", "facade_hangup"):
        assert loops[name]() is None


def time_loop(run: Loop, count: int) -> tuple[float, float]:
    """(client CPU, wall) seconds per request over ``count`` requests."""
    cpu0 = time.thread_time()
    wall0 = time.perf_counter()
    for _ in range(count):
        run()
    wall = time.perf_counter() - wall0
    cpu = time.thread_time() - cpu0
    return cpu / count, wall / count


class OriginalSDK:
    """The original ``bandwidth-sdk`` loops, run in another interpreter and driven round by round."""

    def __init__(self, python: str, origin: str) -> None:
        self.process = subprocess.Popen(
            # -I: isolated, so that interpreter imports its own ``bandwidth``, never this checkout's.
            [python, "-I", str(BENCH_DIR / "original.py"), "--origin", origin],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_env(PYTHONPATH=""),
            text=True,
        )
        self.info = self._reply()

    def _reply(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the original SDK's loop process ended early")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"original SDK: {reply['error']}")
        return reply

    def round(self, count: int) -> dict[str, tuple[float, float]]:
        assert self.process.stdin is not None
        self.process.stdin.write(f"round {count}\n")
        self.process.stdin.flush()
        return {name: (value[0], value[1]) for name, value in self._reply().items()}

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def measure(
    origin: str, *, chunk: int, cycles: int, original_python: str | None, warmup: int = 200
) -> dict[str, Any]:
    """Cycle through the loops ``cycles`` times, ``chunk`` requests each, and keep every chunk's timing.

    This machine's speed drifts (a VM on a shared host: the same work can take twice as long a tenth of a
    second later), so loops are compared in short chunks taken side by side, the order rotating each cycle,
    and ratios are medians of the ratios within each cycle (``paired``), not ratios of separate medians.
    """
    clean_proxy_environment()
    loops = all_loops(origin)
    check_answers(loops)
    original = OriginalSDK(original_python, origin) if original_python else None
    names = list(loops)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    try:
        for run in loops.values():
            time_loop(run, warmup)
        if original is not None:
            original.round(min(warmup, 50))
        original_chunk = max(chunk // 3, 4)  # it opens a connection per request: keep its chunk as short
        for cycle in range(cycles):
            shift = cycle % len(names)
            for name in names[shift:] + names[:shift]:
                gc.collect()
                samples[name].append(time_loop(loops[name], chunk))
            if original is not None:
                for name, value in original.round(original_chunk).items():
                    samples.setdefault(name, []).append(value)
    finally:
        if original is not None:
            original.close()

    results: dict[str, Any] = {}
    for name, values in samples.items():
        cpus = [cpu for cpu, _ in values]
        walls = [wall for _, wall in values]
        results[name] = {
            "cpu_us": median(cpus) * 1e6,
            "wall_us": median(walls) * 1e6,
            "cpu_us_range": [value * 1e6 for value in spread(cpus)],
            "samples": len(values),
        }
    cpu_samples = {name: [cpu for cpu, _ in values] for name, values in samples.items()}
    wall_samples = {name: [wall for _, wall in values] for name, values in samples.items()}
    meta: dict[str, Any] = {"chunk": chunk, "cycles": cycles}
    if original is not None:
        meta["original"] = original.info
        meta["original_chunk"] = original_chunk
    return {
        "loops": results,
        "paired": paired_ratios(cpu_samples),
        "paired_iqr": paired_ratios(cpu_samples, quartiles),
        "paired_wall": paired_ratios(wall_samples),
        "meta": meta,
    }


PAIRS = [
    ("typed_get", "floor_get"),
    ("typed_get", "naive_get"),
    ("facade_get", "typed_get"),
    ("orig_get", "typed_get"),
    ("naive_get", "floor_get"),
    ("typed_create", "floor_post"),
    ("typed_create", "naive_post"),
    ("facade_create", "typed_create"),
    ("orig_create", "typed_create"),
    ("typed_hangup", "floor_post"),
    ("handle_hangup", "typed_hangup"),
    ("facade_hangup", "typed_hangup"),
    ("orig_hangup", "typed_hangup"),
]


def paired_ratios(
    samples: dict[str, list[float]], summary: Callable[[list[float]], Any] = median
) -> dict[str, Any]:
    """``a/b``: the median (or another ``summary``, such as the quartiles) over cycles of a's chunk time
    divided by b's chunk time in the same cycle."""
    ratios: dict[str, Any] = {}
    for a, b in PAIRS:
        if a in samples and b in samples:
            ratios[f"{a}/{b}"] = summary(
                [x / y for x, y in zip(samples[a], samples[b], strict=False) if y > 0]
            )
    return ratios


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="per-request loops (prints JSON)")
    parser.add_argument("--origin", required=True)
    parser.add_argument("--chunk", type=int, default=25, help="requests per loop per cycle")
    parser.add_argument("--cycles", type=int, default=60)
    parser.add_argument("--original-python")
    args = parser.parse_args(argv)
    result = measure(args.origin, chunk=args.chunk, cycles=args.cycles, original_python=args.original_python)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
