"""A local, stateful emulator of the Catapult v1 voice API: calls, bridges, conferences, gathers, events,
recordings, transcriptions and their callbacks, on werkzeug (``pip install bandwidth[emulator]``).

Embedded, for tests (manual clock: nothing timed happens until ``advance``)::

    from bandwidth.emulator import Emulator

    with Emulator() as emu, emu.client() as client:
        call = client.calls.create(from_="+19195551212", to="+19195553434")  # state "started"
        emu.advance(1)                          # the far end answers after a one-second ring
        gather = call.gather(max_digits=3)
        emu.press(call.id, "123")               # gather completes with reason "max-digits"

Standalone (real-time clock): ``python -m bandwidth.emulator --port 8080``.

Magic numbers: the far end of an outbound call (or transfer) behaves by the last four digits of ``to``:

============  ======================================================================================
``...0000``   never answers: rings until ``callTimeout``, then ``timeout`` and ``hangup`` (NO_ANSWER)
``...0001``   rejects after the ring: state ``rejected``, ``hangup`` with cause CALL_REJECTED
``...0002``   busy after the ring: state ``rejected``, ``hangup`` with cause USER_BUSY
``...0003``   unallocated: ends at once, state ``completed``, cause UNALLOCATED_NUMBER
``...0004``   answers at once, with no ring
anything else answers after ``ring_seconds`` (default 1)
============  ======================================================================================

SIP URIs do the same by user part: ``sip:noanswer@...``, ``sip:reject@...``, ``sip:busy@...``,
``sip:unallocated@...``, ``sip:answer@...``. Whatever the script, ``emu.answer``, ``emu.reject``,
``emu.busy`` and ``emu.hangup`` act on a call at any time they make sense.

HTTP control API (JSON; POSTs need ``Content-Type: application/json``; ``control_token`` adds a bearer token),
under ``/_emulator/``: ``GET /_emulator``, ``GET /_emulator/clock``,
``POST /_emulator/advance {"seconds": n}``, ``GET /_emulator/deliveries``, ``POST /_emulator/reset``,
``POST /_emulator/incoming-calls {"from", "to", "callbackUrl", ...}``, ``GET /_emulator/calls/{id}``,
``POST /_emulator/calls/{id}/answer|reject|busy|hangup``, ``.../press {"digits"}``, ``.../speak {"text"}``,
``POST /_emulator/conferences/{id}/join {"from", ...}`` (a caller joins a conference),
and ``GET|POST /_emulator/bxml-applications {"number", "url", "method"}``.

BXML applications: ``emu.bxml_application(number, url)`` makes calls to ``number`` run the BXML documents
``url`` answers with (``engine/bxml.py``).

See ``docs/emulator.md`` for the full behaviour.
"""

from __future__ import annotations

try:
    import werkzeug  # noqa: F401 - fail early, with the install hint
except ImportError as _missing:  # pragma: no cover - depends on the environment
    raise ImportError("bandwidth.emulator needs werkzeug: pip install 'bandwidth[emulator]'") from _missing

from ._callbacks import Delivery
from ._emulator import Emulator
from ._errors import EmulatorError, InvalidInputError
from .engine import MAGIC_NUMBERS, MAGIC_SIP_USERS, JoinedCaller, far_end_script
from .receiver import CallbackReceiver, ReceivedRequest

__all__ = [
    "MAGIC_NUMBERS",
    "MAGIC_SIP_USERS",
    "CallbackReceiver",
    "Delivery",
    "Emulator",
    "EmulatorError",
    "InvalidInputError",
    "JoinedCaller",
    "ReceivedRequest",
    "far_end_script",
]
