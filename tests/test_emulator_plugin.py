"""The pytest plugin: its fixtures, loaded the way a user's conftest.py would load them."""

from __future__ import annotations

from typing import Any

import pytest

from bandwidth import AsyncCall, AsyncClient, CallState, Client
from bandwidth.emulator import CallbackReceiver, Emulator

pytest_plugins = ["bandwidth.emulator.pytest_plugin"]


def test_fixtures_give_a_running_emulator_and_client(
    bandwidth_emulator: Emulator, bandwidth_client: Client
) -> None:
    assert bandwidth_client.base_url == f"{bandwidth_emulator.url}/v1/users/{bandwidth_emulator.user_id}"
    call = bandwidth_client.calls.create(from_="+19195551212", to="+19195553434")
    bandwidth_emulator.advance(1)
    assert call.refresh().state is CallState.ACTIVE


def test_each_test_starts_empty(bandwidth_client: Client) -> None:
    assert list(bandwidth_client.calls.list()) == []


class TestOptions:
    @pytest.fixture
    def bandwidth_emulator_options(self) -> dict[str, Any]:
        return {"ring_seconds": 0, "user_id": "u-custom"}

    def test_options_fixture_configures_the_emulator(
        self, bandwidth_emulator: Emulator, bandwidth_client: Client
    ) -> None:
        assert bandwidth_emulator.user_id == "u-custom"
        assert (
            bandwidth_client.calls.create(from_="+19195551212", to="+19195553434").state is CallState.ACTIVE
        )


def test_callback_receiver_fixture(
    bandwidth_emulator: Emulator, bandwidth_client: Client, callback_receiver: CallbackReceiver
) -> None:
    bandwidth_emulator.incoming_call(
        "+19195553434", "+19195551212", callback_url=f"{callback_receiver.url}/in"
    )
    (request,) = callback_receiver.wait_for(1)
    assert request.event_type == "incomingcall"


@pytest.mark.anyio
async def test_the_async_client_fixture_talks_to_the_same_emulator(
    bandwidth_emulator: Emulator, bandwidth_async_client: AsyncClient
) -> None:
    assert bandwidth_async_client.base_url == bandwidth_emulator.client().base_url
    call = await bandwidth_async_client.calls.create(from_="+19195551212", to="+19195553434")
    bandwidth_emulator.advance(1)
    fresh = await call.refresh()
    assert (type(fresh), fresh.state) == (AsyncCall, CallState.ACTIVE)
    assert bandwidth_emulator.call(call.id)["state"] == "active"
