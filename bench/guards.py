"""What the reliability guards of issue 10 cost: the per-attempt deadline, the JSON depth bound, Link parsing.

    python -m bench.guards             # about a minute; prints the table (nothing is written)

- **Deadline**: ``client.calls.get`` against the loopback server (``bench/server.py``, its own process), in
  chunks of 20 requests, alternately with the pool's deadline reader (as shipped) and with a plain socket
  reader in its place (``_sync.connection.DeadlineReader`` swapped). One process and one connection, so the
  ratio is paired chunk by chunk, as ``python -m bench`` pairs its loops.
- **Depth bound**: ``json_depth_within`` on the documented call and on a page of 1000 calls, against
  ``json.loads`` of the same bytes.
- **Link parser**: ``parse_links`` on the API's ``Link`` header and on adversarial headers at the bound
  (16 KiB), against the regex it replaced on the same input.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import sys
import time
import timeit
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import payloads
from bench.common import canned_server, clean_proxy_environment

OLD_LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]+)*)")
"""The Link regex before issue 10 (it backtracks quadratically on ``<<<...``)."""


def deadline_cost(url: str, rounds: int) -> dict[str, float]:
    from bandwidth import Client
    from bandwidth._sync import connection

    armed = connection.DeadlineReader

    class Unarmed(socket.SocketIO):
        """What ``sock.makefile("rb", buffering=0)`` makes: reads bounded by the read timeout alone."""

        def __init__(self, sock: socket.socket, deadline: float) -> None:
            super().__init__(sock, "rb")
            sock._io_refs += 1  # type: ignore[attr-defined]

    cpu: dict[str, list[float]] = {"with": [], "without": []}
    with Client(payloads.USER_ID, payloads.TOKEN, payloads.SECRET, api_endpoint=url) as client:
        for _ in range(300):
            client.calls.get(payloads.CALL_ID)
        for index in range(rounds * 2):
            mode = "with" if index % 2 else "without"
            connection.DeadlineReader = armed if mode == "with" else Unarmed  # type: ignore[misc]
            started = time.thread_time()
            for _ in range(20):
                client.calls.get(payloads.CALL_ID)
            cpu[mode].append((time.thread_time() - started) / 20 * 1e6)
        connection.DeadlineReader = armed  # type: ignore[misc]
    ratios = [a / b for a, b in zip(cpu["with"], cpu["without"], strict=True)]
    return {
        "with_us": statistics.median(cpu["with"]),
        "without_us": statistics.median(cpu["without"]),
        "ratio": statistics.median(ratios),
    }


def best_us(function: Any, number: int) -> float:
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1e6


def depth_cost() -> list[tuple[str, float, float]]:
    from bandwidth._core.http import json_depth_within

    origin = "http://127.0.0.1:1"
    one = payloads.call_json(origin)
    page = payloads.list_page(origin, payloads.USER_ID, 0, 1000, 1000)
    return [
        (f"one call ({len(one):,} bytes)", best_us(lambda: json_depth_within(one), 5000),
         best_us(lambda: json.loads(one), 5000)),
        (f"a page of 1000 calls ({len(page):,} bytes)", best_us(lambda: json_depth_within(page), 20),
         best_us(lambda: json.loads(page), 20)),
    ]  # fmt: skip


def link_cost() -> list[tuple[str, float, float]]:
    from bandwidth._core.links import MAX_LINK_HEADER, LinkHeaderTooLong, parse_links

    api = (
        '<https://api.catapult.inetwork.com/v1/users/u-x/calls?page=0&size=25>; rel="first", '
        '<https://api.catapult.inetwork.com/v1/users/u-x/calls?page=1&size=25>; rel="next"'
    )

    def old(header: str) -> None:
        for match in OLD_LINK.finditer(header):
            match.group(2)

    def refused(header: str) -> None:
        try:
            parse_links(header)
        except LinkHeaderTooLong:
            return

    rows = [("the API's header (2 links)", api, 2000)]
    rows += [
        (f"{MAX_LINK_HEADER:,} chars of '<'", "<" * MAX_LINK_HEADER, 3),
        (f"{MAX_LINK_HEADER:,} chars of '<a>;'", "<a>;" * (MAX_LINK_HEADER // 4), 3),
    ]
    timed = [
        (name, best_us(lambda h=h: parse_links(h), n), best_us(lambda h=h: old(h), n)) for name, h, n in rows
    ]
    big = "<" * 65_000  # refused by the bound; the old regex read it (timed once: it takes seconds)
    once = min(timeit.repeat(lambda: old(big), number=1, repeat=1)) * 1e6
    return [
        *timed,
        ("65,000 chars of '<' (over the bound: refused)", best_us(lambda: refused(big), 100), once),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="paired chunks of 20 requests (default 200)")
    arguments = parser.parse_args(argv)
    clean_proxy_environment()
    with canned_server() as url:
        deadline = deadline_cost(url, arguments.rounds)
    print("Deadline reader on client.calls.get (CPU per request, median of paired chunks of 20)")
    print(f"  with {deadline['with_us']:.1f} us, without {deadline['without_us']:.1f} us: "
          f"ratio {deadline['ratio']:.3f}")  # fmt: skip
    print("JSON depth bound (best of 5)                         check us    json.loads us")
    for name, check, loads in depth_cost():
        print(f"  {name:<50} {check:>9.1f} {loads:>15.1f}")
    print("Link parser (best of 5)                              parser us   old regex us")
    for name, new, old in link_cost():
        print(f"  {name:<50} {new:>9.1f} {old:>15.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
