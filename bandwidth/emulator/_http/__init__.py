"""The HTTP face of the emulator, on werkzeug: a module per resource, and a small core.

=====================  ====================================================================================
``app.py``             the WSGI app: authentication, dispatch, the error body (:class:`EmulatorApp`)
``wire.py``            what handlers share: the request (:class:`~.wire.Exchange`), JSON, pagination
``calls.py``           ``/calls``: calls, audio, DTMF, events, gathers, a call's recordings
``bridges.py``         ``/bridges``
``recordings.py``      ``/recordings``, transcriptions, ``/media``
``conferences.py``     ``/conferences`` and their members
``control.py``         ``/_emulator/``: the control API
=====================  ====================================================================================

Each resource module ends with its ``ROUTES``: ``(path, method, handler)``. A handler reads the request and
calls the engine's public operations; it never changes state itself.
"""

from __future__ import annotations

from .app import API_ROUTES, CONTROL_ROUTES, EmulatorApp

__all__ = ["API_ROUTES", "CONTROL_ROUTES", "EmulatorApp"]
