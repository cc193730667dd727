"""pytest fixtures for testing code against the emulator.

Load them in your ``conftest.py``, either all at once::

    pytest_plugins = ["bandwidth.emulator.pytest_plugin"]

or by importing the ones you use::

    from bandwidth.emulator.pytest_plugin import bandwidth_client, bandwidth_emulator  # noqa: F401

Fixtures: ``bandwidth_emulator`` (a running :class:`Emulator` with a manual clock), ``bandwidth_client``
(a :class:`bandwidth.Client` for it), ``bandwidth_async_client`` (a :class:`bandwidth.AsyncClient` for it,
for async tests run by anyio's pytest plugin, which comes with httpx: mark them ``@pytest.mark.anyio``)
and ``callback_receiver`` (a running :class:`CallbackReceiver`).
Each is function-scoped, so every test starts from an empty emulator. To change the emulator's settings,
override ``bandwidth_emulator_options`` (a dict of :class:`Emulator` keyword arguments).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from .. import Client
from ._emulator import Emulator
from .receiver import CallbackReceiver

if TYPE_CHECKING:
    from .. import AsyncClient

__all__ = [
    "bandwidth_async_client",
    "bandwidth_client",
    "bandwidth_emulator",
    "bandwidth_emulator_options",
    "callback_receiver",
]


@pytest.fixture
def bandwidth_emulator_options() -> dict[str, Any]:
    """Keyword arguments for the :class:`Emulator` of ``bandwidth_emulator``; override to change them."""
    return {}


@pytest.fixture
def bandwidth_emulator(bandwidth_emulator_options: dict[str, Any]) -> Iterator[Emulator]:
    """A running emulator on a loopback port, manual clock unless the options say otherwise."""
    with Emulator(**bandwidth_emulator_options) as emulator:
        yield emulator


@pytest.fixture
def bandwidth_client(bandwidth_emulator: Emulator) -> Iterator[Client]:
    """A client for the emulator's account (retries off)."""
    with bandwidth_emulator.client() as client:
        yield client


@pytest.fixture
async def bandwidth_async_client(bandwidth_emulator: Emulator) -> AsyncIterator[AsyncClient]:
    """An :class:`~bandwidth.AsyncClient` for the emulator's account (retries off), closed after the test.

    An async fixture: the test using it runs under anyio's pytest plugin (``@pytest.mark.anyio``).
    """
    async with bandwidth_emulator.async_client() as client:
        yield client


@pytest.fixture
def callback_receiver() -> Iterator[CallbackReceiver]:
    """A loopback HTTP server recording the callbacks it receives."""
    with CallbackReceiver() as receiver:
        yield receiver
