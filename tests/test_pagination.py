"""Lazy pagination over a real loopback server: laziness, limits, link safety."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from loopback import Answer, ScriptedServer, scripted_server

from bandwidth import APIResponseValidationError, Call, Client


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def page(ids: list[str], next_url: str | None = None) -> Answer:
    headers = {"Content-Type": "application/json"}
    if next_url:
        headers["Link"] = f'<{next_url}>; rel="next"'
    return Answer(
        200, json.dumps([{"id": call_id, "state": "completed"} for call_id in ids]).encode(), headers
    )


def test_listing_sends_no_request_until_iterated(server: ScriptedServer) -> None:
    with Client("u-test", "t", "s", api_endpoint=server.url) as client:
        calls = client.calls.list(page_size=2)

        assert server.seen == []
        server.script(page(["c-1"]))
        assert [call.id for call in calls] == ["c-1"]
    assert server.seen[0].path == "/v1/users/u-test/calls?size=2"


def test_pages_are_fetched_one_at_a_time(server: ScriptedServer) -> None:
    base = f"{server.url}/v1/users/u-test/calls"
    server.script(page(["c-1", "c-2"], f"{base}?page=1&size=2"), page(["c-3"]))
    with Client("u-test", "t", "s", api_endpoint=server.url) as client:
        walk = iter(client.calls.list(page_size=2))

        first = next(walk)
        assert isinstance(first, Call)
        assert len(server.seen) == 1
        rest = [call.id for call in walk]

    assert rest == ["c-2", "c-3"]
    assert [seen.path for seen in server.seen] == [
        "/v1/users/u-test/calls?size=2",
        "/v1/users/u-test/calls?page=1&size=2",
    ]


def test_limit_stops_early_without_reading_further_pages(server: ScriptedServer) -> None:
    base = f"{server.url}/v1/users/u-test/calls"
    server.script(page(["c-1", "c-2"], f"{base}?page=1"), page(["c-3", "c-4"], f"{base}?page=2"))
    with Client("u-test", "t", "s", api_endpoint=server.url) as client:
        ids = [call.id for call in client.calls.list(limit=3)]

    assert ids == ["c-1", "c-2", "c-3"]
    assert len(server.seen) == 2


def test_pages_expose_the_raw_response(server: ScriptedServer) -> None:
    server.script(page(["c-1"]))
    with Client("u-test", "t", "s", api_endpoint=server.url) as client:
        pages = list(client.calls.list().pages())

    assert len(pages) == 1
    assert pages[0].response.status_code == 200
    assert [call.id for call in pages[0]] == ["c-1"]


def test_a_next_link_to_another_host_is_refused(server: ScriptedServer) -> None:
    server.script(page(["c-1"], "https://evil.example/v1/users/u-test/calls?page=1"))
    with Client("u-test", "t", "s", api_endpoint=server.url) as client:
        walk = iter(client.calls.list())
        assert next(walk).id == "c-1"
        with pytest.raises(APIResponseValidationError, match="off the API host"):
            next(walk)

    assert len(server.seen) == 1


def test_a_next_link_to_another_scheme_is_refused(server: ScriptedServer) -> None:
    server.script(page(["c-1"], server.url.replace("http://", "https://") + "/v1/users/u-test/calls?page=1"))
    with (
        Client("u-test", "t", "s", api_endpoint=server.url) as client,
        pytest.raises(APIResponseValidationError),
    ):
        list(client.calls.list())


def test_an_endless_pagination_loop_ends_with_an_error(server: ScriptedServer) -> None:
    base = f"{server.url}/v1/users/u-test/calls"
    server.script(page(["c-1"], f"{base}?page=1"), page(["c-2"], f"{base}?page=1"))
    with (
        Client("u-test", "t", "s", api_endpoint=server.url) as client,
        pytest.raises(APIResponseValidationError, match="already read"),
    ):
        list(client.calls.list())

    assert len(server.seen) == 2


def test_facade_lists_are_generators_over_the_same_walk(server: ScriptedServer) -> None:
    base = f"{server.url}/v1/users/u-test/calls"
    server.script(page(["c-1"], f"{base}?page=1&size=1"), page(["c-2"]))
    with Client("u-test", "t", "s", api_endpoint=server.url) as client:
        calls = client.list_calls(size=1)
        assert server.seen == []
        assert list(calls) == [{"id": "c-1", "state": "completed"}, {"id": "c-2", "state": "completed"}]


def test_a_non_list_page_is_a_response_validation_error(server: ScriptedServer) -> None:
    server.script(Answer(200, b'{"id": "c-1"}', {"Content-Type": "application/json"}))
    with Client("u-test", "t", "s", api_endpoint=server.url) as client:
        with pytest.raises(APIResponseValidationError):
            list(client.calls.list())
        server.script(Answer(200, b'{"id": "c-1"}', {"Content-Type": "application/json"}))
        with pytest.raises(APIResponseValidationError, match="JSON array"):
            list(client.list_calls())
