"""Load: one Client shared by 16 threads doing thousands of mixed operations against the emulator.

Each thread owns a caller number and runs rounds of create, get, speak, send DTMF, list and hang up, on the
typed layer and the dict facade in turn. At the end:

- no thread saw an error;
- every operation is accounted for: the emulator holds exactly the calls the threads created, each completed,
  from its thread's number, having heard its own sentence and digits; the server saw exactly the requests
  the operations make (so nothing was retried or sent twice);
- the connection pool was shared and bounded: the server saw at most ``max_connections`` client ports.

werkzeug's development server, which ``Emulator.start`` uses, closes every connection after one answer, so the
emulator's WSGI app is also mounted in a keep-alive server of our own (``wsgi_keepalive.py``) and the client
talks to that one: the same engine and state, on connections that can be reused.

Figures go to ``reports/load.json`` (``docs/reliability.md`` quotes them). No assertion is about speed.
"""

from __future__ import annotations

import json
import platform
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from wsgi_keepalive import keepalive_wsgi_server

from bandwidth import Client, __version__

emulator = pytest.importorskip(
    "bandwidth.emulator", reason="the emulator needs werkzeug (the emulator extra)"
)

THREADS = 16
ROUNDS = 32
"""Per thread; each round is six operations, so 16 x 32 x 6 = 3072 operations."""
MAX_CONNECTIONS = 8
"""Fewer connections than threads, so threads must share (and wait for) pooled connections."""
HANG_LIMIT = 300.0
TO = "+19195559999"  # answers at once with ring_seconds=0 (not one of the magic numbers)
REPORT = Path(__file__).resolve().parent.parent / "reports" / "load.json"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ConnectionCounter:
    """WSGI middleware counting requests per client (address, port): one port is one TCP connection."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.ports: Counter[tuple[str, str]] = Counter()
        self.methods: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        with self._lock:
            self.ports[(environ.get("REMOTE_ADDR", ""), str(environ.get("REMOTE_PORT", "")))] += 1
            self.methods[environ["REQUEST_METHOD"]] += 1
        return self.app(environ, start_response)


def caller(thread: int) -> str:
    return f"+1919555{1000 + thread:04d}"


def sentence(thread: int, round_: int) -> str:
    return f"load {thread} {round_}"


def typed_round(client: Client, thread: int, round_: int, mine: list[str]) -> None:
    call = client.calls.create(from_=caller(thread), to=TO, tag=f"load-{thread}-{round_}", fetch=False)
    mine.append(call.id)
    fetched = client.calls.get(call)
    assert (fetched.id, fetched.from_, str(fetched.state)) == (call.id, caller(thread), "active")
    fetched.speak(sentence(thread, round_))
    fetched.send_dtmf("12")
    listed = [listed.id for listed in client.calls.list(from_=caller(thread), page_size=1000)]
    assert sorted(listed) == sorted(mine)
    client.calls.update(call, state="completed")


def facade_round(client: Client, thread: int, round_: int, mine: list[str]) -> None:
    call_id = client.create_call(caller(thread), TO, tag=f"load-{thread}-{round_}")
    mine.append(call_id)
    fetched = client.get_call(call_id)
    assert (fetched["id"], fetched["from"], fetched["state"]) == (call_id, caller(thread), "active")
    client.speak_sentence_to_call(call_id, sentence(thread, round_))
    client.send_dtmf_to_call(call_id, "12")
    listed = [str(listed["id"]) for listed in client.list_calls(from_=caller(thread), size=1000)]
    assert sorted(listed) == sorted(mine)
    client.hangup_call(call_id)


OPERATIONS_PER_ROUND = 6
REQUESTS_PER_ROUND = 6  # create (fetch=False), get, speak, dtmf, one page of list, hang up


@pytest.fixture
def emulated() -> Iterator[tuple[Any, ConnectionCounter, str]]:
    """The emulator, its app also served with keep-alive and counted: (emulator, counter, that URL)."""
    with emulator.Emulator(ring_seconds=0, callback_workers=1) as emu:
        counter = ConnectionCounter(emu.app)
        with keepalive_wsgi_server(counter) as url:
            yield emu, counter, url


def test_one_client_shared_by_16_threads(emulated: tuple[Any, ConnectionCounter, str]) -> None:
    emu, counter, url = emulated
    errors: list[BaseException] = []
    created: dict[int, list[str]] = {thread: [] for thread in range(THREADS)}
    layers: Counter[str] = Counter()
    layers_lock = threading.Lock()
    start = threading.Barrier(THREADS)

    with Client(
        emu.user_id, emu.api_token, emu.api_secret, api_endpoint=url, max_connections=MAX_CONNECTIONS
    ) as client:

        def work(thread: int) -> None:
            try:
                start.wait()
                for round_ in range(ROUNDS):
                    typed = (thread + round_) % 2 == 0
                    (typed_round if typed else facade_round)(client, thread, round_, created[thread])
                    with layers_lock:
                        layers["typed" if typed else "facade"] += OPERATIONS_PER_ROUND
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n,), name=f"load-{n}") for n in range(THREADS)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(HANG_LIMIT)
        seconds = time.perf_counter() - began
        hung = [thread.name for thread in threads if thread.is_alive()]

    operations = THREADS * ROUNDS * OPERATIONS_PER_ROUND
    requests = sum(counter.ports.values())
    figures = {
        "generated_by": "tests/test_load.py",
        "sdk_version": __version__,
        "python": platform.python_version(),
        "threads": THREADS,
        "operations": operations,
        "operations_by_layer": dict(layers),
        "calls_created": sum(len(ids) for ids in created.values()),
        "requests_at_server": requests,
        "requests_by_method": dict(counter.methods),
        "max_connections": MAX_CONNECTIONS,
        "connections_at_server": len(counter.ports),
        "errors": len(errors),
        "hung_threads": len(hung),
        "seconds": round(seconds, 2),
        "operations_per_second": round(operations / seconds),
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(figures, indent=2) + "\n")

    assert not hung, f"threads still running after {HANG_LIMIT:g} s: {hung}"
    assert errors == [], f"{len(errors)} errors, the first: {errors[0]!r}"
    assert dict(layers) == {"typed": operations // 2, "facade": operations // 2}

    # Every operation is accounted for, in the emulator's own state.
    ours = {call_id: number for number, ids in created.items() for call_id in ids}
    assert len(ours) == THREADS * ROUNDS, "a create returned an id twice"
    assert sorted(emu.call_ids()) == sorted(ours), "the emulator holds other calls than those created"
    for call_id, number in ours.items():
        state = emu.call(call_id)
        round_ = created[number].index(call_id)
        assert (state["from"], state["state"]) == (caller(number), "completed"), call_id
        assert emu.played(call_id) == [sentence(number, round_)], call_id
        assert emu.sent_dtmf(call_id) == "12", call_id
    assert requests == THREADS * ROUNDS * REQUESTS_PER_ROUND, "requests were retried, lost or sent twice"
    assert counter.methods["POST"] == THREADS * ROUNDS * 4

    # One pool, shared and bounded.
    assert len(counter.ports) <= MAX_CONNECTIONS, (
        f"{len(counter.ports)} connections for a pool of {MAX_CONNECTIONS}"
    )
