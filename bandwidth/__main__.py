"""``python -m bandwidth demo``: run the demo call flow against the built-in emulator."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bandwidth", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="run a complete call flow, typed and dict API, on the emulator")
    arguments = parser.parse_args(argv)
    if arguments.command == "demo":
        from ._demo import run

        return run()
    return 2  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":
    sys.exit(main())
