"""The emulator under hostile input: the figures ``docs/reliability.md`` quotes for issue 10.

``python -m bench.emulator_limits`` prints one JSON object (about 30 s). Everything runs on loopback:

- ``page_at_100k_calls_ms``: median time of ``GET /calls?size=1`` with 100,000 calls stored (20 requests),
  and ``clock_while_listing_ms``: the slowest ``GET /_emulator/clock`` answered while those pages were read;
- ``trickle_delivery_s``: how long one delivery to a receiver trickling its headers (a byte every 100 ms)
  takes with ``callbackTimeout=1000``;
- ``fast_callback_behind_12_silent_s``: how long a callback takes to arrive while 12 other calls' receivers
  hold their deliveries open without answering;
- ``self_loop_calls_after_2_s``: calls that exist 2 s after an incoming call whose application URL is the
  emulator's own ``/_emulator/incoming-calls``;
- ``advance_3e11_status`` and ``after_advance_status``: the answer to ``{"seconds": 3e11}`` and to the next
  request; ``body_200_mb_status`` and ``body_200_mb_ms``: the answer to a body announced as 200 MB.
"""

from __future__ import annotations

import base64
import json
import socket
import statistics
import threading
import time
from typing import Any

import requests

from bandwidth.emulator import CallbackReceiver, Emulator

CALLER = "+19195551212"
CALLEE = "+19195553434"


def _silent_server(count: int) -> tuple[socket.socket, list[socket.socket], threading.Event]:
    """A listener that accepts connections, reads nothing back, and never answers."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=count * 2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            held.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    return listener, held, stop


def _trickler() -> tuple[socket.socket, threading.Event]:
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not stop.wait(0.1):
            try:
                connection.sendall(b"x")
            except OSError:
                break
        connection.close()

    threading.Thread(target=serve, daemon=True).start()
    return listener, stop


def main() -> int:
    figures: dict[str, Any] = {"generated_by": "python -m bench.emulator_limits"}

    with Emulator(ring_seconds=0) as emu, requests.Session() as http:
        http.auth = (emu.api_token, emu.api_secret)
        for _ in range(100_000):
            emu.engine.calls.create({"from": CALLER, "to": CALLEE})
        url = f"{emu.url}/v1/users/{emu.user_id}/calls"
        slowest_clock = 0.0
        done = threading.Event()

        def clock() -> None:
            nonlocal slowest_clock
            with requests.Session() as other:
                while not done.is_set():
                    began = time.perf_counter()
                    other.get(f"{emu.url}/_emulator/clock")
                    slowest_clock = max(slowest_clock, time.perf_counter() - began)

        watcher = threading.Thread(target=clock)
        watcher.start()
        timings = []
        for page in range(20):
            began = time.perf_counter()
            assert len(http.get(url, params={"size": 1, "page": page * 1000}).json()) == 1
            timings.append(time.perf_counter() - began)
        done.set()
        watcher.join()
        figures["page_at_100k_calls_ms"] = round(statistics.median(timings) * 1000, 1)
        figures["clock_while_listing_ms"] = round(slowest_clock * 1000, 1)

    with Emulator() as emu:
        listener, stop = _trickler()
        port = listener.getsockname()[1]
        began = time.perf_counter()
        emu.incoming_call(CALLEE, CALLER, callback_url=f"http://127.0.0.1:{port}/in", callback_timeout=1000)
        emu.wait_idle(timeout=30)
        figures["trickle_delivery_s"] = round(time.perf_counter() - began, 2)
        figures["trickle_delivery_error"] = emu.deliveries[0].error
        stop.set()
        listener.close()

    with Emulator() as emu, CallbackReceiver() as receiver:
        listener, held, stop = _silent_server(12)
        port = listener.getsockname()[1]
        for _ in range(12):
            emu.incoming_call(CALLEE, CALLER, callback_url=f"http://127.0.0.1:{port}/in")
        while len(held) < 12:
            time.sleep(0.01)
        began = time.perf_counter()
        emu.incoming_call(CALLEE, CALLER, callback_url=f"{receiver.url}/fast")
        receiver.wait_for(1, timeout=30)
        figures["fast_callback_behind_12_silent_s"] = round(time.perf_counter() - began, 3)
        stop.set()
        for connection in held:
            connection.close()
        listener.close()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    loop = f"http://127.0.0.1:{port}/_emulator/incoming-calls"
    with Emulator(port=port, incoming_call_url=loop, realtime=True) as emu:
        status = requests.post(f"{emu.url}/_emulator/incoming-calls", json={"from": CALLEE, "to": CALLER})
        time.sleep(2)
        figures["self_loop_status"] = status.status_code
        figures["self_loop_calls_after_2_s"] = len(emu.call_ids())

    with Emulator() as emu:
        advance = requests.post(f"{emu.url}/_emulator/advance", json={"seconds": 3e11})
        figures["advance_3e11_status"] = advance.status_code
        figures["after_advance_status"] = requests.get(f"{emu.url}/_emulator/clock").status_code
        host, port_text = emu.url.removeprefix("http://").rsplit(":", 1)
        credentials = base64.b64encode(f"{emu.api_token}:{emu.api_secret}".encode()).decode()
        began = time.perf_counter()
        with socket.create_connection((host, int(port_text)), timeout=10) as sock:
            sock.sendall(
                f"POST /v1/users/{emu.user_id}/calls HTTP/1.1\r\nHost: x\r\n"
                f"Content-Type: application/json\r\nAuthorization: Basic {credentials}\r\n"
                f"Content-Length: {200 << 20}\r\n\r\n{{".encode()
            )
            answer = sock.recv(65536)
        figures["body_200_mb_status"] = int(answer.split()[1])
        figures["body_200_mb_ms"] = round((time.perf_counter() - began) * 1000, 1)

    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
