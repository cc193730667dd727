"""Run the whole benchmark suite and check the performance targets.

    python -m bench                      # full run (a few minutes), writes bench/results/latest.json
    python -m bench --quick              # smoke run (< 60 s), writes bench/results/latest-quick.json
    python -m bench --original-python /tmp/orig-venv/bin/python   # also time bandwidth-sdk 3.1.0

The async loops (``bench/async_per_request.py``) run too when httpx (the ``async`` extra) is installed.

``python bench/run.py`` works the same. Every figure comes from this one run: a canned loopback server in its
own process, then fresh client processes for the per-request loops, each listing walk and each import, so
ratios are always taken against baselines measured alongside. Prints a table and PASS/FAIL per target; exits 0
unless ``--strict`` is given and a target fails.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, RESULTS, canned_server, child_env, median, quartiles

# -- targets (from the issues), all on medians of this run -------------------------------------------------
MAX_TYPED_GET_VS_FLOOR = 1.6
MAX_TYPED_GET_VS_NAIVE = 0.8
MAX_FACADE_VS_TYPED = 1.05
MIN_SPEEDUP_VS_ORIGINAL = 2.0
MAX_LIST_CPU_VS_JSON = 1.5
MAX_LIST_FACADE_VS_JSON = 1.2
MAX_LIST_RSS_GROWTH_MB = 10.0
MAX_IMPORT_VS_DEPENDENCIES = 1.3
MAX_FIRST_GET_VS_DEPENDENCIES = 1.5
MAX_ASYNC_CPU_VS_HTTPX = 1.5
MAX_ASYNC_WALL_VS_THREADS = 1.0

FULL = {
    "chunk": 25,
    "cycles": 80,
    "list_items": 100_000,
    "paired_walks": 3,
    "rss_walks": 2,
    "import_rounds": 15,
    "async_cycles": 7,
}
QUICK = {
    "chunk": 10,
    "cycles": 12,
    "list_items": 100_000,
    "paired_walks": 1,
    "rss_walks": 1,
    "import_rounds": 4,
    "async_cycles": 2,
}
SMALL_LIST = 1_000


def machine() -> dict[str, Any]:
    cpu_model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        uname = subprocess.run(["uname", "-a"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        uname = " ".join(platform.uname())
    versions: dict[str, str | None] = {}
    for package in ("requests", "urllib3", "pydantic", "pydantic_core", "bandwidth"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--", "bandwidth"))
    return {
        "uname": uname,
        "cpu_model": cpu_model,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "python_executable": sys.executable,
        "packages": versions,
        "commit": f"{commit}{' (bandwidth/ modified)' if dirty else ''}" if commit else None,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average": os.getloadavg(),
    }


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=str(REPO), check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _run_json(args: list[str], timeout: float) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=str(REPO),
        env=child_env(),
        timeout=timeout,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def per_request(origin: str, plan: dict[str, int], original_python: str | None) -> dict[str, Any]:
    args = ["-m", "bench.per_request", "--origin", origin]
    args += ["--chunk", str(plan["chunk"]), "--cycles", str(plan["cycles"])]
    if original_python:
        args += ["--original-python", original_python]
    return _run_json(args, timeout=1800)


def listing(origin: str, plan: dict[str, int]) -> dict[str, Any]:
    """CPU per item from walks run side by side (paired); peak RSS from solo walks in fresh processes."""

    def walk(mode: str, items: int) -> dict[str, Any]:
        return _run_json(
            ["-m", "bench.listing", "--origin", origin, "--mode", mode, "--items", str(items)], timeout=600
        )

    modes = ("json", "typed", "facade")
    items = plan["list_items"]
    walk("json", items)  # renders and caches every page in the server before timing anything
    paired = [walk("paired", items) for _ in range(plan["paired_walks"])]
    big: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
    small: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
    for _ in range(plan["rss_walks"]):
        for mode in modes:
            big[mode].append(walk(mode, items))
            small[mode].append(walk(mode, SMALL_LIST))
    results: dict[str, Any] = {
        "items": items,
        "small_items": SMALL_LIST,
        "paired_walks": len(paired),
        "rss_walks": plan["rss_walks"],
    }
    for mode in modes:
        results[mode] = {
            "cpu_us_per_item": median([run[mode]["cpu_us_per_item"] for run in paired]),
            "solo_cpu_us_per_item": median([run["cpu_us_per_item"] for run in big[mode]]),
            "solo_wall_us_per_item": median([run["wall_us_per_item"] for run in big[mode]]),
            # ru_maxrss is a high-water mark: the largest of the walks is the honest peak.
            "peak_rss_mb": max(run["peak_rss_mb"] for run in big[mode]),
            "peak_rss_small_mb": max(run["peak_rss_mb"] for run in small[mode]),
            "rss_before_mb": median([run["rss_before_mb"] for run in big[mode]]),
        }
        results[mode]["rss_growth_mb"] = results[mode]["peak_rss_mb"] - results[mode]["peak_rss_small_mb"]
        if mode != "json":
            results[mode]["vs_json"] = median([run[f"{mode}/json"] for run in paired])
            pages = [ratio for run in paired for ratio in run[f"{mode}/json_pages"]]
            results[mode]["vs_json_iqr"] = list(quartiles(pages))
    results["json"]["json_loads_us_per_item"] = median([run["json_loads_us_per_item"] for run in big["json"]])
    pages = [ratio for run in paired for ratio in run["pydantic/json_pages"]]
    results["pydantic"] = {
        "cpu_us_per_item": median([run["pydantic"]["cpu_us_per_item"] for run in paired]),
        "vs_json": median([run["pydantic/json"] for run in paired]),
        "vs_json_iqr": list(quartiles(pages)),
        "typed_vs_pydantic": median([run["typed/pydantic"] for run in paired]),
    }
    return results


def imports(origin: str, plan: dict[str, int]) -> dict[str, Any]:
    args = ["-m", "bench.imports", "--rounds", str(plan["import_rounds"]), "--origin", origin]
    return _run_json(args, timeout=600)


def async_loops(origin: str, plan: dict[str, int]) -> dict[str, Any] | None:
    """The async loops of ``bench/async_per_request.py`` (None without the ``async`` extra's httpx)."""
    try:
        importlib.metadata.version("httpx")
    except importlib.metadata.PackageNotFoundError:
        return None
    args = ["-m", "bench.async_per_request", "--origin", origin, "--cycles", str(plan["async_cycles"])]
    return _run_json(args, timeout=1200)


# -- checks and report -------------------------------------------------------------------------------------


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")


def checks(results: dict[str, Any]) -> list[dict[str, Any]]:
    """PASS/FAIL per target; per-request and listing ratios are paired (taken side by side), see the docs."""
    paired = results["per_request"]["paired"]
    iqr = results["per_request"].get("paired_iqr", {})
    rows = [
        _check(
            f"typed calls.get CPU <= {MAX_TYPED_GET_VS_FLOOR:g}x http.client floor",
            paired["typed_get/floor_get"],
            "<=",
            MAX_TYPED_GET_VS_FLOOR,
            spread=iqr.get("typed_get/floor_get"),
        ),
        _check(
            f"typed calls.get CPU <= {MAX_TYPED_GET_VS_NAIVE:g}x naive requests",
            paired["typed_get/naive_get"],
            "<=",
            MAX_TYPED_GET_VS_NAIVE,
            spread=iqr.get("typed_get/naive_get"),
        ),
        _check(
            f"facade get_call CPU <= {MAX_FACADE_VS_TYPED:g}x typed calls.get",
            paired["facade_get/typed_get"],
            "<=",
            MAX_FACADE_VS_TYPED,
            spread=iqr.get("facade_get/typed_get"),
        ),
    ]
    target = "typed calls.get >= 2x faster (CPU) than bandwidth-sdk 3.1.0"
    if "orig_get/typed_get" in paired:
        rows.append(
            _check(
                target,
                paired["orig_get/typed_get"],
                ">=",
                MIN_SPEEDUP_VS_ORIGINAL,
                spread=iqr.get("orig_get/typed_get"),
            )
        )
    else:
        rows.append(
            {
                "target": target,
                "value": None,
                "limit": MIN_SPEEDUP_VS_ORIGINAL,
                "op": ">=",
                "status": "SKIP",
                "note": "not measured: pass --original-python",
            }
        )
    listed = results["listing"]
    rows.append(
        _check(
            f"list {listed['items']:,} calls: typed CPU/item <= {MAX_LIST_CPU_VS_JSON:g}x json.loads loop",
            listed["typed"]["vs_json"],
            "<=",
            MAX_LIST_CPU_VS_JSON,
            spread=listed["typed"].get("vs_json_iqr"),
        )
    )
    rows.append(
        _check(
            f"list {listed['items']:,} calls: facade CPU/item <= {MAX_LIST_FACADE_VS_JSON:g}x json.loads "
            "loop",
            listed["facade"]["vs_json"],
            "<=",
            MAX_LIST_FACADE_VS_JSON,
            spread=listed["facade"].get("vs_json_iqr"),
        )
    )
    rows.append(
        _check(
            f"list: typed peak RSS at {listed['items']:,} - at {listed['small_items']:,} <= 10 MB",
            listed["typed"]["rss_growth_mb"],
            "<=",
            MAX_LIST_RSS_GROWTH_MB,
            unit=" MB",
        )
    )
    imported = results["imports"]
    rows.append(
        _check(
            f"import bandwidth <= {MAX_IMPORT_VS_DEPENDENCIES:g}x import requests, pydantic (wall)",
            imported["bandwidth"]["vs_requests_pydantic"],
            "<=",
            MAX_IMPORT_VS_DEPENDENCIES,
            spread=imported["bandwidth"].get("vs_requests_pydantic_iqr"),
        )
    )
    if "first_get" in imported:
        rows.append(
            _check(
                f"from bandwidth import Client + first calls.get <= {MAX_FIRST_GET_VS_DEPENDENCIES:g}x "
                "import requests, pydantic (wall)",
                imported["first_get"]["vs_requests_pydantic"],
                "<=",
                MAX_FIRST_GET_VS_DEPENDENCIES,
                spread=imported["first_get"].get("vs_requests_pydantic_iqr"),
            )
        )
    rows += _async_checks(results.get("async"))
    return rows


def _async_checks(measured: dict[str, Any] | None) -> list[dict[str, Any]]:
    cpu = f"async typed calls.get CPU <= {MAX_ASYNC_CPU_VS_HTTPX:g}x raw httpx.AsyncClient (100 tasks)"
    wall = f"async typed calls.get wall <= {MAX_ASYNC_WALL_VS_THREADS:g}x sync client on 16 threads"
    if measured is None:
        note = "not measured: install the async extra (httpx)"
        return [
            {"target": name, "value": None, "limit": limit, "op": "<=", "status": "SKIP", "note": note}
            for name, limit in ((cpu, MAX_ASYNC_CPU_VS_HTTPX), (wall, MAX_ASYNC_WALL_VS_THREADS))
        ]
    paired = measured["paired"]
    return [
        _check(cpu, paired["typed_get/floor_get (cpu)"], "<=", MAX_ASYNC_CPU_VS_HTTPX),
        _check(wall, paired["typed_get/sync_pool_get (wall)"], "<=", MAX_ASYNC_WALL_VS_THREADS),
    ]


def _check(
    target: str,
    value: float,
    op: str,
    limit: float,
    unit: str = "x",
    spread: list[float] | tuple[float, float] | None = None,
) -> dict[str, Any]:
    ok = value <= limit if op == "<=" else value >= limit
    row = {
        "target": target,
        "value": value,
        "op": op,
        "limit": limit,
        "unit": unit,
        "status": "PASS" if ok else "FAIL",
    }
    if spread is not None:
        row["spread"] = list(spread)  # first and third quartile over the rounds (cycles, pages, rounds)
    return row


# (key, label, paired ratio shown in the last column)
PER_REQUEST_ROWS = [
    ("floor_get", "http.client keep-alive GET + json.loads (floor)", None),
    ("naive_get", "requests.Session().get(auth=).json() (naive)", "naive_get/floor_get"),
    ("typed_get", "client.calls.get(id) -> Call", "typed_get/floor_get"),
    ("typed_get", "  same, against the naive loop", "typed_get/naive_get"),
    ("facade_get", "client.get_call(id) -> dict", "facade_get/typed_get"),
    ("orig_get", "bandwidth-sdk 3.1.0 get_call(id)", "orig_get/typed_get"),
    ("floor_post", "http.client keep-alive POST json (floor)", None),
    ("naive_post", "requests.Session().post(json=, auth=) (naive)", None),
    ("typed_create", "client.calls.create(..., fetch=False)", "typed_create/floor_post"),
    ("typed_create", "  same, against the naive loop", "typed_create/naive_post"),
    ("facade_create", "client.create_call(from_, to)", "facade_create/typed_create"),
    ("orig_create", "bandwidth-sdk 3.1.0 create_call", "orig_create/typed_create"),
    ("typed_hangup", "client.calls.hangup(id)", "typed_hangup/floor_post"),
    ("handle_hangup", "client.calls.handle(id).hangup()", "handle_hangup/typed_hangup"),
    ("facade_hangup", "client.hangup_call(id)", "facade_hangup/typed_hangup"),
    ("orig_hangup", "bandwidth-sdk 3.1.0 hangup_call", "orig_hangup/typed_hangup"),
]


def table(results: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    info = results["machine"]
    lines.append(
        f"machine: {info['cpu_model']}, {info['cpus']} CPUs, Python {info['python']}; "
        f"requests {info['packages']['requests']}, urllib3 {info['packages']['urllib3']}, "
        f"pydantic {info['packages']['pydantic']}; load {info['load_average'][0]:.2f}"
    )
    per_request = results["per_request"]
    meta = per_request["meta"]
    lines.append("")
    lines.append(
        f"Per request: medians over {meta['cycles']} cycles of {meta['chunk']} requests per loop "
        "(original SDK: chunks of "
        f"{meta.get('original_chunk', '-')}); ratio = paired CPU ratio"
    )
    lines.append(f"{'loop':<50} {'CPU us':>9} {'wall us':>9}  {'ratio':<34}")
    loops = per_request["loops"]
    for key, label, pair in PER_REQUEST_ROWS:
        if key not in loops or (pair and pair not in per_request["paired"]):
            continue
        row = loops[key]
        ratio = f"{per_request['paired'][pair]:.2f}x {pair.replace('/', ' / ')}" if pair else ""
        quarters = per_request.get("paired_iqr", {}).get(pair) if pair else None
        if quarters:
            ratio += f" [{quarters[0]:.2f}-{quarters[1]:.2f}]"
        figures = f"{row['cpu_us']:>9.1f} {row['wall_us']:>9.1f}" if not label.startswith("  ") else " " * 19
        lines.append(f"{label:<50} {figures}  {ratio}")

    listed = results["listing"]
    lines.append("")
    lines.append(
        f"Listing {listed['items']:,} calls, 1,000 per page: CPU from {listed['paired_walks']} walk(s) "
        f"side by side (paired per page); peak RSS from solo walks in fresh processes "
        f"(max of {listed['rss_walks']})"
    )
    lines.append(
        f"{'walk':<50} {'CPU us/item':>12} {'vs json [IQR]':>20} {'solo CPU':>9} "
        f"{'peak RSS MB':>12} {'@1k MB':>8} {'growth':>7}"
    )
    labels = {
        "json": "http.client + json.loads per page (baseline)",
        "typed": "client.calls.list(page_size=1000) -> Call",
        "facade": "client.list_calls(size=1000) -> dict",
    }
    for mode in ("json", "typed", "facade"):
        row = listed[mode]
        versus = f"{row['vs_json']:.2f}x" if "vs_json" in row else "1.00x"
        if "vs_json_iqr" in row:
            versus += f" [{row['vs_json_iqr'][0]:.2f}-{row['vs_json_iqr'][1]:.2f}]"
        lines.append(
            f"{labels[mode]:<50} {row['cpu_us_per_item']:>12.2f} {versus:>20} "
            f"{row['solo_cpu_us_per_item']:>9.2f} {row['peak_rss_mb']:>12.1f} "
            f"{row['peak_rss_small_mb']:>8.1f} {row['rss_growth_mb']:>6.1f}"
        )
    lines.append(
        f"{'  of which json.loads alone (solo walk)':<50} {listed['json']['json_loads_us_per_item']:>12.2f}"
    )
    if "pydantic" in listed:
        floor = listed["pydantic"]
        low, high = floor["vs_json_iqr"]
        versus = f"{floor['vs_json']:.2f}x [{low:.2f}-{high:.2f}]"
        lines.append(
            f"{'raw loop + TypeAdapter(list[Call]).validate_json':<50} {floor['cpu_us_per_item']:>12.2f} "
            f"{versus:>20}   (typed walk / this: {floor['typed_vs_pydantic']:.2f}x)"
        )

    imported = results["imports"]
    lines.append("")
    lines.append(
        f"Import in a fresh interpreter (median of {imported['bandwidth']['rounds']}; ratio paired per round)"
    )
    lines.append(f"{'statement':<50} {'wall ms':>9} {'CPU ms':>9} {'modules':>8}  ratio [IQR]")
    for key in (
        "requests_pydantic",
        "requests_pydantic_basemodel",
        "requests_pydantic_model",
        "bandwidth",
        "first_get",
    ):
        if key not in imported:
            continue
        row = imported[key]
        label = "import requests; a pydantic model validates" if key == "requests_pydantic_model" else None
        ratio = ""
        if "vs_requests_pydantic" in row:
            low, high = row.get("vs_requests_pydantic_iqr", (float("nan"), float("nan")))
            ratio = f"{row['vs_requests_pydantic']:.2f}x [{low:.2f}-{high:.2f}]"
        lines.append(
            f"{label or row['statement']:<50} {row['wall_ms']:>9.1f} {row['cpu_ms']:>9.1f} "
            f"{row['modules']:>8}  {ratio}"
        )

    measured = results.get("async")
    if measured is not None:
        meta = measured["meta"]
        lines.append("")
        lines.append(
            f"Async: {meta['requests']:,} calls.get by {meta['tasks']} tasks per loop, "
            f"{meta['cycles']} cycles (CPU: this thread's; the thread pool's: its process's)"
        )
        lines.append(f"{'loop':<50} {'CPU us':>9} {'wall us':>9}")
        labels = {
            "floor_get": "raw httpx.AsyncClient loop (floor)",
            "transport_get": "async transport perform(calls.get(...))",
            "typed_get": "await AsyncClient.calls.get(id)",
            "sync_pool_get": f"sync Client.calls.get on {meta['threads']} threads",
        }
        for key, label in labels.items():
            loop = measured["loops"][key]
            lines.append(f"{label:<50} {loop['cpu_us']:>9.1f} {loop['wall_us']:>9.1f}")
        for name, ratio in measured["paired"].items():
            lines.append(f"  {name:<48} {ratio:.2f}x (paired per cycle)")

    lines.append("")
    lines.append("Targets")
    for row in rows:
        if row["value"] is None:
            lines.append(f"  {row['status']:<5} {row['target']}  ({row['note']})")
            continue
        unit = row.get("unit", "x")
        quarters = f" [IQR {row['spread'][0]:.2f}-{row['spread'][1]:.2f}]" if row.get("spread") else ""
        lines.append(
            f"  {row['status']:<5} {row['target']}: {row['value']:.2f}{unit}{quarters} "
            f"(limit {row['op']} {row['limit']:g}{unit})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the SDK against a loopback server.")
    parser.add_argument("--quick", action="store_true", help="short run (about a minute), same table")
    parser.add_argument("--original-python", help="a Python with bandwidth-sdk 3.1.0 installed, to compare")
    parser.add_argument("--json", type=Path, help="where to write the results (default bench/results/...)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)

    if args.original_python and not Path(args.original_python).exists():
        parser.error(f"--original-python: no such file {args.original_python}")
    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    results: dict[str, Any] = {"mode": "quick" if args.quick else "full", "plan": plan, "machine": machine()}
    with canned_server() as origin:
        _progress("per-request loops", started)
        results["per_request"] = per_request(origin, plan, args.original_python)
        _progress("listing walks", started)
        results["listing"] = listing(origin, plan)
        _progress("imports", started)
        results["imports"] = imports(origin, plan)
        _progress("async loops", started)
        results["async"] = async_loops(origin, plan)
    rows = checks(results)
    results["targets"] = rows
    results["seconds"] = time.perf_counter() - started

    print(table(results, rows))
    destination = args.json or RESULTS / ("latest-quick.json" if args.quick else "latest.json")
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{results['seconds']:.0f} s; results in {os.path.relpath(destination)}")
    failed = [row for row in rows if row["status"] == "FAIL"]
    return 1 if args.strict and failed else 0


def _progress(step: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:5.1f} s] {step} ...", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
