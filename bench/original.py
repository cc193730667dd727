"""The original SDK's loops (``bandwidth-sdk`` 3.1.0, ``bandwidth.voice.Client``), for comparison.

Runs inside an interpreter that has the original SDK installed, isolated (``python -I``) so that its own
``bandwidth`` is imported, never this checkout's. Standard library plus that SDK only; it imports nothing from
``bench``. Protocol on stdin/stdout, one JSON line per answer:

* on start: ``{"version": ..., "file": ...}`` (or ``{"error": ...}``);
* ``round N``: runs each loop N times and answers ``{"orig_get": [cpu_s, wall_s], ...}`` per request;
* end of input: exits.

The original sends every request through ``requests.request`` (a new session, so a new connection, each
time); that is what it costs its users, so it is measured as it is.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

USER_ID = "u-bench"
TOKEN = "t-bench-token"
SECRET = "s-bench-secret"
CALL_ID = "c-bench-0001"
FROM = "+19195551212"
TO = "+19195553434"


def _say(value: object) -> None:
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--origin", required=True)
    args = parser.parse_args()
    try:
        import bandwidth
        from bandwidth.voice import Client
    except ImportError as error:
        _say({"error": f"cannot import the original SDK here: {error}"})
        return 1
    if not hasattr(Client, "_make_request"):
        _say({"error": f"{bandwidth.__file__} is not bandwidth-sdk 3.1 (no Client._make_request)"})
        return 1

    client = Client(USER_ID, TOKEN, SECRET, api_endpoint=args.origin)
    call = client.get_call(CALL_ID)
    if call.get("id") != CALL_ID or call.get("recording_enabled") is not False:
        _say({"error": f"unexpected get_call answer: {call!r}"})
        return 1
    loops = {
        "orig_get": lambda: client.get_call(CALL_ID),
        "orig_create": lambda: client.create_call(FROM, TO),
        "orig_hangup": lambda: client.hangup_call(CALL_ID),
    }
    version = getattr(getattr(bandwidth, "version", None), "__version__", None)
    _say({"version": version, "file": bandwidth.__file__, "python": sys.version.split()[0]})

    for line in sys.stdin:
        command, _, count_text = line.strip().partition(" ")
        if command != "round":
            continue
        count = int(count_text)
        answer = {}
        for name, run in loops.items():
            cpu0 = time.thread_time()
            wall0 = time.perf_counter()
            for _ in range(count):
                run()
            wall = time.perf_counter() - wall0
            answer[name] = [(time.thread_time() - cpu0) / count, wall / count]
        _say(answer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
