"""Async per-request loops: the raw ``httpx.AsyncClient`` floor, the SDK's AsyncClient and its transport, and
the sync client on a thread pool, side by side.

    python -m bench.async_per_request                 # starts the canned server itself
    python -m bench.async_per_request --origin URL    # or uses one already running (bench/run.py's)

Each round runs ``--requests`` GETs of the documented call through ``--tasks`` concurrent tasks on one event
loop, for each loop in turn (the order rotating each cycle); the figure is this thread's CPU per request
(``time.thread_time()``: the event loop, httpx and the SDK all run here, the server in its own process), and
the ratio is the median over cycles of the two loops' CPU in the same cycle, as ``bench/per_request.py``
pairs them. The thread-pool loop's CPU is the process's (``time.process_time()``: its 16 threads). Prints one
JSON object.

- ``floor_get``: what the least careful async code does: ``await client.get(url, headers=auth)`` then
  ``.json()`` on an ``httpx.AsyncClient`` with the same pool size (no deadline, no cap, no model).
- ``transport_get``: ``await transport.perform(calls.get(call_id, model=AsyncCall))``: the core's request,
  one deadline, the retry loop, the body cap, the answer's checks, and an ``AsyncCall`` parsed and bound.
- ``typed_get``: ``await client.calls.get(call_id)`` on an ``AsyncClient``: what users write.
- ``sync_pool_get``: ``client.calls.get(call_id)`` on a sync ``Client`` shared by a thread pool of
  ``--threads`` (16) workers: the way to get concurrency without asyncio.

Targets: async typed ``calls.get`` at most 1.5x the floor in client CPU, and its wall time per request at
most the thread pool's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import payloads
from bench.common import canned_server, clean_proxy_environment, median, spread

TARGET = 1.5
"""Most async typed ``calls.get`` may cost in client CPU, as a multiple of the floor's."""

Loop = Callable[[], Awaitable[Any]]


async def run_round(loop: Loop, requests: int, tasks: int) -> tuple[float, float]:
    """(client CPU, wall) seconds per request: ``requests`` calls of ``loop`` by ``tasks`` tasks at once."""
    left = iter(range(requests))

    async def worker() -> None:
        for _ in left:
            await loop()

    cpu0 = time.thread_time()
    wall0 = time.perf_counter()
    await asyncio.gather(*[worker() for _ in range(tasks)])
    return (time.thread_time() - cpu0) / requests, (time.perf_counter() - wall0) / requests


def pool_round(pool: ThreadPoolExecutor, get: Callable[[], Any], requests: int) -> tuple[float, float]:
    """(process CPU, wall) seconds per request: ``requests`` calls of ``get`` on the thread pool."""
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    for future in [pool.submit(get) for _ in range(requests)]:
        future.result()
    return (time.process_time() - cpu0) / requests, (time.perf_counter() - wall0) / requests


async def measure(
    origin: str, *, requests: int, tasks: int, cycles: int, connections: int, threads: int
) -> dict[str, Any]:
    import httpx

    from bandwidth import AsyncCall, AsyncClient, Client
    from bandwidth._async.transport import AsyncTransport
    from bandwidth._core.endpoints import calls

    url = f"{origin}/v1/users/{payloads.USER_ID}/calls/{payloads.CALL_ID}"
    auth = {"Authorization": "Basic dC1iZW5jaC10b2tlbjpzLWJlbmNoLXNlY3JldA==", "Accept": "application/json"}
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with (
        httpx.AsyncClient(limits=limits) as client,
        AsyncTransport(
            user_id=payloads.USER_ID,
            api_token=payloads.TOKEN,
            api_secret=payloads.SECRET,
            api_endpoint=origin,
            max_connections=connections,
        ) as transport,
        AsyncClient(
            payloads.USER_ID,
            payloads.TOKEN,
            payloads.SECRET,
            api_endpoint=origin,
            max_connections=connections,
        ) as typed,
    ):
        sync_client = Client(
            payloads.USER_ID, payloads.TOKEN, payloads.SECRET, api_endpoint=origin, max_connections=threads
        )
        pool = ThreadPoolExecutor(max_workers=threads)

        async def floor_get() -> Any:
            response = await client.get(url, headers=auth)
            if response.status_code != 200:
                raise RuntimeError(f"floor GET answered {response.status_code}")
            return response.json()

        async def transport_get() -> Any:
            return await transport.perform(calls.get(payloads.CALL_ID, model=AsyncCall))

        async def typed_get() -> Any:
            return await typed.calls.get(payloads.CALL_ID)

        def sync_get() -> Any:
            return sync_client.calls.get(payloads.CALL_ID)

        loops: dict[str, Loop] = {
            "floor_get": floor_get,
            "transport_get": transport_get,
            "typed_get": typed_get,
        }
        assert (await floor_get())["id"] == payloads.CALL_ID
        for check in (transport_get, typed_get):
            call = await check()
            assert call.id == payloads.CALL_ID and call.sip_headers == {"X-header": "value"}, call
        assert sync_get().id == payloads.CALL_ID
        for loop in loops.values():  # warm up: every connection of the pool opened, code paths hot
            await run_round(loop, requests, tasks)
        pool_round(pool, sync_get, requests)

        names = [*loops, "sync_pool_get"]
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for cycle in range(cycles):
            shift = cycle % len(names)
            for name in names[shift:] + names[:shift]:
                gc.collect()
                if name == "sync_pool_get":
                    samples[name].append(pool_round(pool, sync_get, requests))
                else:
                    samples[name].append(await run_round(loops[name], requests, tasks))

    results: dict[str, Any] = {}
    for name, values in samples.items():
        cpus = [cpu for cpu, _ in values]
        results[name] = {
            "cpu_us": median(cpus) * 1e6,
            "wall_us": median([wall for _, wall in values]) * 1e6,
            "cpu_us_range": [value * 1e6 for value in spread(cpus)],
            "samples": len(values),
        }
        pool.shutdown()
        sync_client.close()

    def paired(name: str, base: str, index: int) -> float:
        return median(
            [t[index] / f[index] for t, f in zip(samples[name], samples[base], strict=True) if f[index] > 0]
        )

    return {
        "loops": results,
        "paired": {
            "transport_get/floor_get (cpu)": paired("transport_get", "floor_get", 0),
            "typed_get/floor_get (cpu)": paired("typed_get", "floor_get", 0),
            "typed_get/sync_pool_get (wall)": paired("typed_get", "sync_pool_get", 1),
        },
        "target": {"typed_get/floor_get (cpu)": TARGET, "typed_get/sync_pool_get (wall)": 1.0},
        "meta": {
            "requests": requests,
            "tasks": tasks,
            "threads": threads,
            "cycles": cycles,
            "max_connections": connections,
            "httpx": httpx.__version__,
        },
    }


@contextlib.contextmanager
def origin_of(given: str | None) -> Iterator[str]:
    if given:
        yield given
    else:
        with canned_server() as started:
            yield started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="async per-request loops (prints JSON)")
    parser.add_argument("--origin", help="a running bench/server.py; by default one is started")
    parser.add_argument("--requests", type=int, default=1000, help="GETs per loop per cycle")
    parser.add_argument("--tasks", type=int, default=100, help="concurrent tasks")
    parser.add_argument("--cycles", type=int, default=7)
    parser.add_argument("--connections", type=int, default=16, help="pool size of the async loops")
    parser.add_argument("--threads", type=int, default=16, help="thread pool (and its client's pool) size")
    args = parser.parse_args(argv)
    clean_proxy_environment()
    with origin_of(args.origin) as origin:
        result = asyncio.run(
            measure(
                origin,
                requests=args.requests,
                tasks=args.tasks,
                cycles=args.cycles,
                connections=args.connections,
                threads=args.threads,
            )
        )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
