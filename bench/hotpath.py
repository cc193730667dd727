"""Where the SDK's hot paths spend their time: cProfile of the typed and facade gets and listings.

    python -m bench.hotpath            # writes bench/results/hotpath.json and prints the summary

Each path runs against the loopback server under cProfile. Time is grouped by owner (the SDK, requests,
urllib3, http.client and the email header parser, pydantic, json, socket I/O), with C builtins charged to the
module that called them, and the SDK's own functions are listed with what they cost per request (or per
item). ``recv_into`` is the client blocking on the server's answer: it is wall time, not client CPU, and is
shown apart. cProfile slows pure-Python code more than C code, so shares are indicative: decide on a change
by measuring it with ``python -m bench``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import payloads
from bench.common import RESULTS, canned_server, clean_proxy_environment

Func = tuple[str, int, str]

_OWNERS = [
    ("/bandwidth/", "sdk (bandwidth/)"),
    ("/requests/", "requests"),
    ("/urllib3/", "urllib3"),
    ("/pydantic", "pydantic"),
    ("/http/", "http.client + email parser"),
    ("/email/", "http.client + email parser"),
    ("/json/", "json"),
    ("/socket.py", "socket"),
    ("/bench/", "bench loop"),
]
_IO_WAIT = {
    "<method 'recv_into' of '_socket.socket' objects>",
    "<method 'sendall' of '_socket.socket' objects>",
}


def owner(func: Func) -> str | None:
    filename = func[0]
    if filename == "~":
        return None  # a C builtin: charged to its callers
    for marker, name in _OWNERS:
        if marker in filename:
            return name
    return "other stdlib"


def _label(func: Func) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    short = filename.split("/bandwidth/", 1)[-1] if "/bandwidth/" in filename else Path(filename).name
    prefix = "bandwidth/" if "/bandwidth/" in filename else ""
    return f"{prefix}{short}:{line}({name})"


def summarize(profile: cProfile.Profile, operations: int, unit: str) -> dict[str, Any]:
    stats: dict[Func, Any] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    by_owner: dict[str, float] = defaultdict(float)
    io_wait = 0.0
    sdk_self: dict[Func, float] = defaultdict(float)
    for func, (_cc, _nc, tottime, _cumtime, callers) in stats.items():
        mine = owner(func)
        if mine is not None:
            by_owner[mine] += tottime
            if mine.startswith("sdk"):
                sdk_self[func] += tottime
            continue
        if func[2] in _IO_WAIT:
            io_wait += tottime
            continue
        # A builtin: split its own time among its callers, each charged to the caller's owner.
        for caller, (_ncc, _ccc, caller_tt, _caller_ct) in callers.items():
            caller_owner = owner(caller) or "other stdlib"
            by_owner[caller_owner] += caller_tt
            if caller_owner.startswith("sdk"):
                sdk_self[caller] += caller_tt
    by_owner.pop("bench loop", None)
    total = sum(by_owner.values())
    scale = 1e6 / operations
    cumulative = {func: value[3] for func, value in stats.items()}
    top_sdk = sorted(sdk_self.items(), key=lambda item: item[1], reverse=True)[:12]
    return {
        "unit": unit,
        "operations": operations,
        "cpu_us_per_op": total * scale,
        "io_wait_us_per_op": io_wait * scale,
        "by_owner": {
            name: {"us_per_op": value * scale, "share": value / total}
            for name, value in sorted(by_owner.items(), key=lambda item: item[1], reverse=True)
        },
        "sdk_functions": [
            {
                "function": _label(func),
                "self_us_per_op": value * scale,
                "cumulative_us_per_op": cumulative.get(func, 0.0) * scale,
            }
            for func, value in top_sdk
        ],
    }


def profile_paths(origin: str, requests: int, items: int) -> dict[str, Any]:
    from bandwidth import Client

    client = Client(payloads.USER_ID, payloads.TOKEN, payloads.SECRET, api_endpoint=origin)
    lister = Client(f"u-n{items}", payloads.TOKEN, payloads.SECRET, api_endpoint=origin)

    def typed_get() -> None:
        for _ in range(requests):
            client.calls.get(payloads.CALL_ID)

    def facade_get() -> None:
        for _ in range(requests):
            client.get_call(payloads.CALL_ID)

    def typed_list() -> None:
        for _call in lister.calls.list(page_size=payloads.PAGE_SIZE):
            pass

    def facade_list() -> None:
        for _call in lister.list_calls(size=payloads.PAGE_SIZE):
            pass

    paths = {
        "typed_get": (typed_get, requests, "request"),
        "facade_get": (facade_get, requests, "request"),
        "typed_list": (typed_list, items, "item"),
        "facade_list": (facade_list, items, "item"),
    }
    results: dict[str, Any] = {}
    for name, (run, operations, unit) in paths.items():
        run()  # warm up (and fill the server's page cache)
        profile = cProfile.Profile()
        profile.enable()
        run()
        profile.disable()
        results[name] = summarize(profile, operations, unit)
    return results


def render(results: dict[str, Any]) -> str:
    lines = []
    for name, summary in results.items():
        unit = summary["unit"]
        lines.append(
            f"{name}: {summary['cpu_us_per_op']:.1f} us CPU per {unit} under cProfile "
            f"(+ {summary['io_wait_us_per_op']:.1f} us blocked on the socket)"
        )
        for group, value in summary["by_owner"].items():
            lines.append(f"    {group:<30} {value['us_per_op']:>8.2f} us  {value['share']:>6.1%}")
        lines.append("  SDK functions (self time incl. the builtins they call directly):")
        for row in summary["sdk_functions"][:8]:
            lines.append(
                f"    {row['function']:<62} {row['self_us_per_op']:>7.2f} us "
                f"(cumulative {row['cumulative_us_per_op']:.1f})"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="profile the SDK's hot paths")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--json", type=Path, default=RESULTS / "hotpath.json")
    args = parser.parse_args(argv)
    clean_proxy_environment()
    with canned_server() as origin:
        results = profile_paths(origin, args.requests, args.items)
    print(render(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
