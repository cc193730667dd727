"""Type completeness of the public API, as ``pyright --verifytypes`` measures it, held above floors.

    python tools/verify_types.py          # the scores, and exit 1 when a part is below its floor
    python tools/verify_types.py --list   # also every symbol whose type is ambiguous or unknown, and why

pyright reads every public symbol of the package (whatever a module without a leading underscore exports)
and counts those whose type a checker has to infer, and could infer differently ("ambiguous"), or cannot
know ("unknown"). The score is the share of exported symbols whose type is known. Two parts are scored:

- ``bandwidth``, without the emulator: every type is declared, and must stay so (100 %);
- ``bandwidth.emulator``, gated on its own (a server with a large surface; it may one day need a documented
  exception): every type is declared today (100 %).

The floors only rise: when a part scores above its floor, this script says so; raise the floor in the same
commit. The checkout's package is measured (not an installed copy): it goes first on pyright's search path.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "bandwidth"
EMULATOR = "bandwidth.emulator"

FLOORS = {
    "bandwidth (without the emulator)": 100.0,
    "bandwidth.emulator": 100.0,
}
"""Lowest score (percent of exported symbols with a known type) each part may have; they only rise."""


def _part(symbol: str) -> str:
    in_emulator = symbol == EMULATOR or symbol.startswith(EMULATOR + ".")
    return "bandwidth.emulator" if in_emulator else "bandwidth (without the emulator)"


def verify_types() -> dict[str, Any]:
    """pyright's ``--verifytypes`` report (``--outputjson``) for the checkout's package."""
    search_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "PYTHONPATH": search_path}
    result = subprocess.run(
        [sys.executable, "-m", "basedpyright", "--verifytypes", PACKAGE, "--ignoreexternal", "--outputjson"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=600,
        check=False,
    )
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except ValueError:
        raise SystemExit(f"pyright --verifytypes did not run:\n{result.stdout}{result.stderr}") from None
    return report


def scores(report: dict[str, Any]) -> dict[str, tuple[int, int, list[str]]]:
    """Per part: exported symbols with a known type, all exported symbols, and the others' diagnostics."""
    completeness = report["typeCompleteness"]
    if completeness.get("packageRootDirectory") != str(ROOT / PACKAGE):
        raise SystemExit(f"pyright measured {completeness.get('packageRootDirectory')!r}, not this checkout")
    counts: dict[str, tuple[int, int, list[str]]] = {part: (0, 0, []) for part in FLOORS}
    for symbol in completeness["symbols"]:
        part = _part(symbol["name"])
        known, total, problems = counts[part]
        complete = symbol["isTypeKnown"] and not symbol["isTypeAmbiguous"]
        if not complete:
            problems.extend(_problems(symbol))
        if symbol["isExported"]:  # the score counts what the package exports; the list shows all
            known, total = known + complete, total + 1
        counts[part] = (known, total, problems)
    return counts


def _problems(symbol: dict[str, Any]) -> list[str]:
    """What pyright says of an incomplete symbol: its own errors (marked ``*``), or that it is incomplete
    through others."""
    found = []
    for diagnostic in symbol["diagnostics"]:
        if diagnostic["severity"] == "error":
            where = diagnostic.get("file", "").replace(str(ROOT) + os.sep, "")
            line = diagnostic.get("range", {}).get("start", {}).get("line", -1) + 1
            found.append(f"* {symbol['name']} ({where}:{line}): {' '.join(diagnostic['message'].split())}")
    if not found:
        kind = "ambiguous" if symbol["isTypeAmbiguous"] else "unknown"
        found.append(f"  {symbol['name']}: {kind} through the symbols it refers to")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list every symbol that is not complete")
    arguments = parser.parse_args()

    failed = False
    for part, (known, total, problems) in scores(verify_types()).items():
        score = 100.0 * known / total if total else 100.0
        floor = FLOORS[part]
        below = score < floor
        failed |= below
        verdict = "FAIL" if below else "ok"
        print(f"{verdict:4}  {part}: {score:.1f} % of {total} exported symbols typed (floor {floor} %)")
        if below or arguments.list:  # a failure lists the causes (``*``); --list all that they affect
            # first what is not annotated: the rest is incomplete because it refers to that
            for problem in sorted(problems, key=lambda text: "annotation" not in text):
                if arguments.list or problem.startswith("*"):
                    print(f"      {problem}")
        elif (reached := math.floor(score * 10) / 10) > floor:
            print(f"      above its floor: raise FLOORS[{part!r}] to {reached} in this script")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
