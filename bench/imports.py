"""Import time of ``bandwidth`` against ``import requests, pydantic``, each in fresh interpreters.

Two SDK statements are timed: ``import bandwidth`` alone, and (with ``--origin``, a running bench server)
``from bandwidth import Client`` followed by the first ``client.calls.get(id)``, so that import laziness
cannot pass by moving the cost to the first request: it includes every module and schema the first call
needs, and the request itself.

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

from bench import payloads
from bench.common import REPO, child_env, median, quartiles

STATEMENTS = {
    "bandwidth": "import bandwidth",
    "requests_pydantic": "import requests, pydantic",
    # Information only: what pydantic costs once a model can be declared (pydantic imports lazily).
    "requests_pydantic_basemodel": "import requests; from pydantic import BaseModel",
    # Information only: the least any pydantic client pays before its first answer is a model.
    "requests_pydantic_model": (
        "import requests; from pydantic import BaseModel\n"
        "class M(BaseModel):\n    id: str\n"
        'M.model_validate_json(b\'{"id": "c-1"}\')'
    ),
}

FIRST_GET = (
    "from bandwidth import Client; "
    "Client({user!r}, {token!r}, {secret!r}, api_endpoint={origin!r}).calls.get({call!r})"
)
"""The first typed request in a fresh interpreter, import included (needs the bench server at origin)."""

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


def statements(origin: str | None) -> dict[str, str]:
    """What is timed: :data:`STATEMENTS`, plus the first ``calls.get`` when a server is given."""
    chosen = dict(STATEMENTS)
    if origin:
        chosen["first_get"] = FIRST_GET.format(
            user=payloads.USER_ID,
            token=payloads.TOKEN,
            secret=payloads.SECRET,
            origin=origin,
            call=payloads.CALL_ID,
        )
    return chosen


def measure(rounds: int, origin: str | None = None) -> dict[str, Any]:
    chosen = statements(origin)
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = child_env(PYTHONPYCACHEPREFIX=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for statement in chosen.values():  # warm the byte-code cache and the OS file cache
            sample(statement, env)
        samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in chosen}
        for _ in range(rounds):
            for name, statement in chosen.items():  # interleaved, so background load hits all alike
                samples[name].append(sample(statement, env))
        results: dict[str, Any] = {}
        for name, values in samples.items():
            results[name] = {
                "statement": chosen[name]
                if name != "first_get"
                else "from bandwidth import Client + calls.get",
                "wall_ms": median([wall for wall, _, _ in values]) * 1e3,
                "cpu_ms": median([cpu for _, cpu, _ in values]) * 1e3,
                "modules": values[-1][2],
                "rounds": len(values),
            }
        # Paired per round (samples taken back to back), as the machine's speed drifts between rounds.
        for name in ("bandwidth", "first_get", "requests_pydantic_model"):
            if name not in samples:
                continue
            ratios = [a[0] / b[0] for a, b in zip(samples[name], samples["requests_pydantic"], strict=True)]
            results[name]["vs_requests_pydantic"] = median(ratios)
            results[name]["vs_requests_pydantic_iqr"] = list(quartiles(ratios))
            if name != "requests_pydantic_model":
                results[name]["top_self"] = top_imports(chosen[name], env)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="import times (prints JSON)")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--origin", help="the bench server, to also time the first calls.get")
    args = parser.parse_args(argv)
    json.dump(measure(args.rounds, args.origin), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
