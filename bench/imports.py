"""Import time of ``bandwidth`` against ``import requests, pydantic``, each in fresh interpreters.

Each sample is a new ``python -c`` that times its own import statement with ``perf_counter`` (wall) and
``process_time`` (CPU), so interpreter start-up is left out and both sides are measured the same way. Byte
code is cached in a private ``PYTHONPYCACHEPREFIX`` warmed first, so neither side pays for compiling (this
checkout has no ``__pycache__`` of its own when ``PYTHONDONTWRITEBYTECODE`` is set).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, child_env, median

STATEMENTS = {
    "bandwidth": "import bandwidth",
    "requests_pydantic": "import requests, pydantic",
    # Information only: what pydantic costs once a model can be declared (pydantic imports lazily).
    "requests_pydantic_basemodel": "import requests; from pydantic import BaseModel",
}

_PROBE = (
    "import time, sys\n"
    "w = time.perf_counter(); c = time.process_time()\n"
    "{statement}\n"
    "print(time.perf_counter() - w, time.process_time() - c, len(sys.modules))\n"
)


def sample(statement: str, env: dict[str, str]) -> tuple[float, float, int]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(statement=statement)],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(REPO),
        check=True,
    )
    wall, cpu, modules = out.stdout.split()
    return float(wall), float(cpu), int(modules)


def top_imports(statement: str, env: dict[str, str], count: int = 12) -> list[dict[str, Any]]:
    """The heaviest modules by self time in ``python -X importtime`` (for the profile notes)."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(REPO),
        check=True,
    )
    rows: list[dict[str, Any]] = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = (part.strip() for part in line[len("import time:") :].split("|"))
        rows.append({"module": name.strip(), "self_us": int(self_us), "cumulative_us": int(cumulative_us)})
    rows.sort(key=lambda row: row["self_us"], reverse=True)
    return rows[:count]


def measure(rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = child_env(PYTHONPYCACHEPREFIX=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for statement in STATEMENTS.values():  # warm the byte-code cache and the OS file cache
            sample(statement, env)
        samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in STATEMENTS}
        for _ in range(rounds):
            for name, statement in STATEMENTS.items():  # interleaved, so background load hits all alike
                samples[name].append(sample(statement, env))
        results: dict[str, Any] = {}
        for name, values in samples.items():
            results[name] = {
                "statement": STATEMENTS[name],
                "wall_ms": median([wall for wall, _, _ in values]) * 1e3,
                "cpu_ms": median([cpu for _, cpu, _ in values]) * 1e3,
                "modules": values[-1][2],
                "rounds": len(values),
            }
        # Paired per round (samples taken back to back), as the machine's speed drifts between rounds.
        results["bandwidth"]["vs_requests_pydantic"] = median(
            [a[0] / b[0] for a, b in zip(samples["bandwidth"], samples["requests_pydantic"], strict=True)]
        )
        results["bandwidth"]["top_self"] = top_imports(STATEMENTS["bandwidth"], env)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="import times (prints JSON)")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    json.dump(measure(args.rounds), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
