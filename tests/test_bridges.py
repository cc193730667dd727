# The tests check that actions return None:
# mypy: disable-error-code="func-returns-value"
"""Typed bridges API against cassettes of the documented traffic (methods/bridges/*.md)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

import pytest
from vcr.cassette import Cassette

from bandwidth import Bridge, BridgeState, Call, CallState, Client, Paginator

BASE = "https://api.catapult.inetwork.com/v1/users/u-test"
UTC = timezone.utc


def test_create_bridge_with_two_calls_fetches_it(client: Client, cassette: Cassette) -> None:
    bridge = client.bridges.create(call_ids=["c-abc123", "c-def456"], bridge_audio=True)

    assert isinstance(bridge, Bridge)
    assert bridge.id == "brg-abc123"
    assert bridge.state is BridgeState.ACTIVE
    assert bridge.bridge_audio is True
    assert bridge.call_ids == ["c-abc123", "c-def456"]
    assert bridge.calls_url == f"{BASE}/bridges/brg-abc123/calls"
    assert bridge.created_time == datetime(2013, 4, 22, 13, 55, 30, 279000, tzinfo=UTC)
    assert bridge.is_bound
    assert cassette.play_count == 2


def test_create_bridge_without_calls_reads_the_documented_location(
    client: Client, cassette: Cassette
) -> None:
    # postBridges.md documents a relative Location ("/v1/users/{userId}/calls/{bridgeId}"): the id is its end.
    bridge = client.bridges.create(bridge_audio=True, fetch=False)

    assert bridge.id == "brg-abc123"
    assert bridge.state is None
    assert bridge.is_bound
    assert cassette.play_count == 1


def test_create_bridge_accepts_call_models(client: Client, cassette: Cassette) -> None:
    first = client.calls.handle("c-abc123")

    bridge = client.bridges.create(call_ids=[first, "c-def456"], fetch=False)

    assert bridge.id == "brg-abc123"


def test_get_bridge(client: Client, cassette: Cassette) -> None:
    bridge = client.bridges.get("brg-abc123")

    assert bridge.id == "brg-abc123"
    assert bridge.state is BridgeState.COMPLETED
    assert bridge.bridge_audio is True
    assert bridge.calls_url == f"{BASE}/bridges/brg-abc123/calls"
    assert bridge.created_time == datetime(2013, 4, 22, 13, 55, 30, 279000, tzinfo=UTC)
    assert bridge.activated_time == datetime(2013, 4, 22, 13, 55, 30, 280000, tzinfo=UTC)
    assert bridge.completed_time == datetime(2013, 4, 22, 13, 59, 30, 122000, tzinfo=UTC)
    assert bridge.call_ids is None


def test_handle_sends_no_request(client: Client, cassette: Cassette) -> None:
    bridge = client.bridges.handle("brg-abc123")

    assert bridge.id == "brg-abc123"
    assert bridge.is_bound
    assert len(cassette) == 0


def test_list_bridges(client: Client, cassette: Cassette) -> None:
    bridges = client.bridges.list(page=0, page_size=1000)

    assert isinstance(bridges, Paginator)
    assert cassette.play_count == 0
    items = list(bridges)
    assert [bridge.id for bridge in items] == ["brg-abc123", "brg-def456"]
    assert items[1].created_time == datetime(2013, 4, 22, 13, 58, 30, 121000, tzinfo=UTC)
    assert all(bridge.state is BridgeState.COMPLETED for bridge in items)


def test_list_bridges_follows_the_next_link(client: Client, cassette: Cassette) -> None:
    ids = [bridge.id for bridge in client.bridges.list(page_size=1)]

    assert ids == ["brg-abc123", "brg-def456"]
    assert cassette.play_count == 2


@pytest.mark.parametrize(
    ("call_ids", "bridge_audio"),
    [
        pytest.param(["c-abc123", "c-def456"], True, id="add_calls"),
        pytest.param(["c-abc123"], True, id="remove_one_call"),
        pytest.param(["c-ghi789", "c-jkl012"], False, id="hold_new_calls"),
        pytest.param(None, True, id="bridge_audio_again"),
        pytest.param([], None, id="remove_all_calls"),
    ],
)
def test_update_bridge(
    client: Client, cassette: Cassette, call_ids: Sequence[str] | None, bridge_audio: bool | None
) -> None:
    options: dict[str, object] = {}
    if call_ids is not None:
        options["call_ids"] = call_ids
    if bridge_audio is not None:
        options["bridge_audio"] = bridge_audio

    assert client.bridges.update("brg-abc123", **options) is None  # type: ignore[arg-type]
    assert cassette.play_count == 1


def test_list_bridge_calls(client: Client, cassette: Cassette) -> None:
    calls = list(client.bridges.list_calls("brg-abc123"))

    assert all(isinstance(call, Call) for call in calls)
    assert [call.id for call in calls] == ["c-abc123", "c-def456"]
    assert [call.to for call in calls] == ["+19195553434", "+19195554444"]
    assert {call.bridge_id for call in calls} == {"brg-abc123"}
    assert calls[0].bridge_url == f"{BASE}/bridges/brg-abc123"
    assert calls[0].state is CallState.ACTIVE
    assert calls[1].active_time == datetime(2013, 5, 22, 19, 50, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"file_url": "http://example.com/audio.mp3"}, id="file"),
        pytest.param({"file_url": ""}, id="stop_file"),
        pytest.param(
            {
                "gender": "female",
                "sentence": "Hello, thank you for calling.",
                "locale": "en_US",
                "voice": "julie",
            },
            id="sentence",
        ),
        pytest.param({"sentence": ""}, id="stop_sentence"),
        pytest.param(
            {"file_url": "http://example.com/audio.mp3", "loop_enabled": True, "tag": "hold-music"},
            id="loop_and_tag",
        ),
    ],
)
def test_play_audio_to_bridge(client: Client, cassette: Cassette, options: dict[str, object]) -> None:
    assert client.bridges.play_audio("brg-abc123", **options) is None  # type: ignore[arg-type]
    assert cassette.play_count == 1
