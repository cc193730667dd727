"""One listing walk in a fresh process: client CPU per item and the process's peak RSS.

``python -m bench.listing --origin URL --mode typed|facade|json --items N`` walks ``GET /calls`` of an
account holding N calls, 1,000 per page, following ``Link: <...>; rel="next"`` to the end, keeps no item, and
prints one JSON object. Run each walk in its own process, so that ``ru_maxrss`` (a high-water mark) belongs to
that walk alone.

With ``--mode paired`` the three walks run side by side in one process instead, one page of each in turn
(the order rotating), and it reports the median CPU per item of each and the median of the per-page ratios:
this machine's speed drifts, and only walks timed side by side can be compared (see docs/benchmarks.md).

Modes:
  typed   ``for call in client.calls.list(page_size=1000)`` (validated ``Call`` models)
  facade  ``for call in client.list_calls(size=1000)`` (the original SDK's snake_case dicts)
  json    the baseline: a raw keep-alive ``http.client`` loop, ``json.loads`` of each page; it also reports
          the CPU spent in ``json.loads`` alone (``json_loads_us_per_item``)

The paired walk also runs ``pydantic``: the baseline loop with ``TypeAdapter(list[Call]).validate_json`` of
each page instead of ``json.loads``, the floor of a validated walk (``typed/pydantic`` is then the SDK's own
share of the typed walk).
"""

from __future__ import annotations

import argparse
import gc
import http.client
import itertools
import json
import re
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import payloads
from bench.common import clean_proxy_environment, peak_rss_mb

_NEXT = re.compile(r'<([^>]*)>\s*;\s*rel="next"')


def user_for(items: int) -> str:
    """The account whose list holds ``items`` calls (see ``payloads.total_for_user``)."""
    return f"u-n{items}"


def walk_typed(origin: str, items: int) -> tuple[int, dict[str, Any]]:
    from bandwidth import Client

    client = Client(user_for(items), payloads.TOKEN, payloads.SECRET, api_endpoint=origin)
    count = 0
    for count, call in enumerate(client.calls.list(page_size=payloads.PAGE_SIZE), 1):  # noqa: B007
        pass
    assert call.id.startswith("c-") and call.start_time is not None
    return count, {}


def walk_facade(origin: str, items: int) -> tuple[int, dict[str, Any]]:
    from bandwidth import Client

    client = Client(user_for(items), payloads.TOKEN, payloads.SECRET, api_endpoint=origin)
    count = 0
    for count, call in enumerate(client.list_calls(size=payloads.PAGE_SIZE), 1):  # noqa: B007
        pass
    assert str(call["id"]).startswith("c-") and "start_time" in call
    return count, {}


def walk_json(origin: str, items: int) -> tuple[int, dict[str, Any]]:
    parts = urlsplit(origin)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    headers = {
        "Authorization": "Basic dC1iZW5jaC10b2tlbjpzLWJlbmNoLXNlY3JldA==",
        "Accept": "application/json",
    }
    target: str | None = f"/v1/users/{user_for(items)}/calls?size={payloads.PAGE_SIZE}"
    count = 0
    loads_cpu = 0.0
    while target is not None:
        conn.request("GET", target, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {target} answered {response.status}")
        started = time.thread_time()
        page = json.loads(body)
        loads_cpu += time.thread_time() - started
        for _call in page:
            count += 1
        match = _NEXT.search(response.getheader("Link") or "")
        target = None
        if match:
            next_url = urlsplit(match.group(1))
            target = f"{next_url.path}?{next_url.query}"
    return count, {"json_loads_us_per_item": loads_cpu / max(count, 1) * 1e6}


WALKS = {"typed": walk_typed, "facade": walk_facade, "json": walk_json}


def json_items(origin: str, items: int, decode: Any = json.loads) -> Iterator[Any]:
    """The baseline walk as a generator of items: http.client, ``json.loads`` per page, ``Link`` followed.

    With another ``decode`` (the ``pydantic`` walk: ``TypeAdapter(list[Call]).validate_json``), the same raw
    loop with validated models: what the typed walk would cost with no SDK code around pydantic."""
    parts = urlsplit(origin)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    headers = {
        "Authorization": "Basic dC1iZW5jaC10b2tlbjpzLWJlbmNoLXNlY3JldA==",
        "Accept": "application/json",
    }
    target: str | None = f"/v1/users/{user_for(items)}/calls?size={payloads.PAGE_SIZE}"
    while target is not None:
        conn.request("GET", target, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {target} answered {response.status}")
        yield from decode(body)
        match = _NEXT.search(response.getheader("Link") or "")
        target = None
        if match:
            next_url = urlsplit(match.group(1))
            target = f"{next_url.path}?{next_url.query}"


def paired(origin: str, items: int) -> dict[str, Any]:
    """The three walks side by side, a page of each in turn; per-page CPU, paired per page."""
    from pydantic import TypeAdapter

    from bandwidth import Call, Client

    typed_client = Client(user_for(items), payloads.TOKEN, payloads.SECRET, api_endpoint=origin)
    facade_client = Client(user_for(items), payloads.TOKEN, payloads.SECRET, api_endpoint=origin)
    validate = TypeAdapter(list[Call]).validate_json
    walks: dict[str, Iterator[Any]] = {
        "json": json_items(origin, items),
        "typed": iter(typed_client.calls.list(page_size=payloads.PAGE_SIZE)),
        "facade": iter(facade_client.list_calls(size=payloads.PAGE_SIZE)),
        "pydantic": json_items(origin, items, validate),
    }
    names = list(walks)
    per_page: dict[str, list[float]] = {name: [] for name in names}
    counts = dict.fromkeys(names, 0)
    pages = -(-items // payloads.PAGE_SIZE)
    for page in range(pages):
        shift = page % len(names)
        for name in names[shift:] + names[:shift]:
            walk = walks[name]
            count = 0
            started = time.thread_time()
            for _item in itertools.islice(walk, payloads.PAGE_SIZE):
                count += 1
            per_page[name].append((time.thread_time() - started) / max(count, 1))
            counts[name] += count
    if any(count != items for count in counts.values()):
        raise SystemExit(f"walked {counts}, expected {items} each")
    result: dict[str, Any] = {"mode": "paired", "items": items, "pages": pages}
    for name in names:
        result[name] = {"cpu_us_per_item": statistics.median(per_page[name]) * 1e6}
    for name in ("typed", "facade", "pydantic"):
        ratios = [a / b for a, b in zip(per_page[name], per_page["json"], strict=True) if b > 0]
        result[f"{name}/json"] = statistics.median(ratios)
        result[f"{name}/json_pages"] = ratios  # per page, for the spread over all walks
    ratios = [a / b for a, b in zip(per_page["typed"], per_page["pydantic"], strict=True) if b > 0]
    result["typed/pydantic"] = statistics.median(ratios)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="one listing walk (prints JSON)")
    parser.add_argument("--origin", required=True)
    parser.add_argument("--mode", choices=[*sorted(WALKS), "paired"], required=True)
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args(argv)
    clean_proxy_environment()

    # Import everything the walk needs first, so that the peak reflects the walk, not the import order.
    import requests  # noqa: F401

    import bandwidth  # noqa: F401

    if args.mode == "paired":
        json.dump(paired(args.origin, args.items), sys.stdout)
        sys.stdout.write("\n")
        return 0
    gc.collect()
    rss_before = peak_rss_mb()
    cpu0 = time.thread_time()
    wall0 = time.perf_counter()
    count, extra = WALKS[args.mode](args.origin, args.items)
    wall = time.perf_counter() - wall0
    cpu = time.thread_time() - cpu0
    if count != args.items:
        raise SystemExit(f"walked {count} items, expected {args.items}")
    result = {
        "mode": args.mode,
        "items": count,
        "cpu_s": cpu,
        "wall_s": wall,
        "cpu_us_per_item": cpu / count * 1e6,
        "wall_us_per_item": wall / count * 1e6,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
        **extra,
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
