"""Flows: what an endpoint of two requests sends, written once for both clients, with no I/O.

Most methods send one request (an :class:`~bandwidth._core.operation.Operation`). A few send two, the
second chosen from the first one's answer: a create then a GET of what it made (unless ``fetch=False``),
a toggle's read then write, a download's look-up of the media URL. Each is a generator, in its resource's
endpoint module, that *yields* the operations to send and *receives* their results::

    def toggle_recording(call, ...) -> Flow[bool | None]:
        current = yield get(call, model=CallFields)        # the transport sends it, sends back the Call
        enable = toggled(current.recording_enabled)
        if enable is not None:
            yield set_recording(call, enable, ...)
        return enable

A transport drives it: the sync one with :meth:`Transport.run <bandwidth._sync.transport.Transport.run>`,
the async one with ``await`` :meth:`AsyncTransport.run <bandwidth._async.transport.AsyncTransport.run>`;
each is the loop ``result = perform(flow.send(result))`` until the flow returns. So the order of the
requests, what the second depends on, and when a handle is returned instead exist only here; the clients
only do the I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, TypeAlias, TypeVar

from .operation import Operation

__all__ = ["Flow", "create_then_get"]

R = TypeVar("R")
M = TypeVar("M")

Flow: TypeAlias = Generator[Operation[Any], Any, R]
"""A sequence of operations, each chosen after the last one's result; its return value is the method's."""


def create_then_get(
    create: Operation[str], fetch: bool, get: Callable[[str], Operation[M]], handle: Callable[[str], M]
) -> Flow[M]:
    """Send ``create``; then GET what it made (``fetch``: two requests), or return a handle for the new id
    with no further request."""
    new_id: str = yield create
    if not fetch:
        return handle(new_id)
    resource: M = yield get(new_id)
    return resource
