"""Load: one AsyncClient shared by 500 concurrent tasks doing mixed operations against the emulator.

Each task owns a caller number and runs one round of create, get, speak, send DTMF, list (by its number),
gather, hang up, and a read of its call's events, all started at once on one event loop. At the end:

- no task saw an error, none hung;
- every operation is accounted for in the emulator's own state: exactly the calls the tasks created, each
  completed, from its task's number, having heard its own sentence and digits; the server saw exactly the
  requests the operations make (nothing retried, lost or sent twice);
- the pool was shared and bounded: the server saw at most ``max_connections`` client ports.

The emulator's app is served with keep-alive (``wsgi_keepalive.py``), as in ``test_load.py``. Figures go to
``reports/async_load.json``. No assertion is about speed.
"""

from __future__ import annotations

import asyncio
import json
import platform
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_load import ConnectionCounter
from wsgi_keepalive import keepalive_wsgi_server

from bandwidth import AsyncClient, __version__

emulator = pytest.importorskip(
    "bandwidth.emulator", reason="the emulator needs werkzeug (the emulator extra)"
)

pytestmark = pytest.mark.anyio

TASKS = 500
MAX_CONNECTIONS = 16
"""Far fewer connections than tasks: tasks wait for pooled connections."""
HANG_LIMIT = 300.0
DEADLINE = 120.0
"""Per attempt. The deadline covers the wait for a pooled connection, and 500 tasks queue for 16 of them on
a machine whose emulator may answer under 100 requests a second: the default (35 s) measures the machine."""
TO = "+19195559999"
REQUESTS_PER_TASK = (
    9  # create (fetch=False), get, speak, dtmf, list (one page), gather + its GET, hang up, events
)
POSTS_PER_TASK = 5  # create, speak, dtmf, gather, hang up
REPORT = Path(__file__).resolve().parent.parent / "reports" / "async_load.json"


def caller(task: int) -> str:
    return f"+1919{7000000 + task:07d}"


def sentence(task: int) -> str:
    return f"async load {task}"


async def one_task(client: AsyncClient, task: int) -> str:
    call = await client.calls.create(from_=caller(task), to=TO, tag=f"async-load-{task}", fetch=False)
    fetched = await client.calls.get(call)
    assert (fetched.id, fetched.from_, str(fetched.state)) == (call.id, caller(task), "active")
    await fetched.speak(sentence(task))
    await fetched.send_dtmf("12")
    assert [listed.id async for listed in client.calls.list(from_=caller(task), page_size=1000)] == [call.id]
    gather = await fetched.gather(max_digits=1)
    assert gather.call_id == call.id
    await client.calls.update(call, state="completed")
    assert len([event async for event in fetched.events()]) >= 1
    return call.id


@pytest.fixture
def emulated() -> Iterator[tuple[Any, ConnectionCounter, str]]:
    with emulator.Emulator(ring_seconds=0, callback_workers=1) as emu:
        counter = ConnectionCounter(emu.app)
        with keepalive_wsgi_server(counter) as url:
            yield emu, counter, url


async def test_one_async_client_shared_by_500_tasks(emulated: tuple[Any, ConnectionCounter, str]) -> None:
    emu, counter, url = emulated
    async with AsyncClient(
        emu.user_id,
        emu.api_token,
        emu.api_secret,
        api_endpoint=url,
        max_connections=MAX_CONNECTIONS,
        deadline=DEADLINE,
    ) as client:
        began = time.perf_counter()
        results = await asyncio.wait_for(
            asyncio.gather(*(one_task(client, task) for task in range(TASKS)), return_exceptions=True),
            HANG_LIMIT,
        )
        seconds = time.perf_counter() - began

    errors = [result for result in results if isinstance(result, BaseException)]
    created = {task: result for task, result in enumerate(results) if isinstance(result, str)}
    requests = sum(counter.ports.values())
    figures = {
        "generated_by": "tests/test_async_load.py",
        "sdk_version": __version__,
        "python": platform.python_version(),
        "tasks": TASKS,
        "calls_created": len(created),
        "requests_at_server": requests,
        "requests_by_method": dict(counter.methods),
        "max_connections": MAX_CONNECTIONS,
        "connections_at_server": len(counter.ports),
        "errors": len(errors),
        "seconds": round(seconds, 2),
        "requests_per_second": round(requests / seconds),
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(figures, indent=2) + "\n")

    assert errors == [], f"{len(errors)} errors, the first: {errors[0]!r}"
    assert len(set(created.values())) == TASKS, "a create returned an id twice"
    assert sorted(emu.call_ids()) == sorted(created.values()), "the emulator holds other calls"
    for task, call_id in created.items():
        state = emu.call(call_id)
        assert (state["from"], state["state"]) == (caller(task), "completed"), call_id
        assert emu.played(call_id) == [sentence(task)], call_id
        assert emu.sent_dtmf(call_id) == "12", call_id
    assert requests == TASKS * REQUESTS_PER_TASK, "requests were retried, lost or sent twice"
    assert counter.methods == Counter(
        {"POST": TASKS * POSTS_PER_TASK, "GET": TASKS * (REQUESTS_PER_TASK - POSTS_PER_TASK)}
    )
    assert len(counter.ports) <= MAX_CONNECTIONS, f"{len(counter.ports)} connections for {MAX_CONNECTIONS}"
