"""Typed calls API against cassettes of the documented traffic (methods/calls/*.md)."""

from __future__ import annotations

from datetime import datetime, timezone

from bandwidth import Call, CallDirection, CallState, Client


def test_create_call_fetches_it(client: Client, cassette: object) -> None:
    call = client.calls.create(from_="+19195551212", to="+19195553434")

    assert isinstance(call, Call)
    assert call.id == "c-abc123"
    assert call.state is CallState.COMPLETED
    assert call.direction is CallDirection.OUT
    assert call.from_ == "+19195551212"
    assert call.start_time == datetime(2014, 12, 19, 19, 13, 9, tzinfo=timezone.utc)
    assert call.chargeable_duration == 60
    assert call.sip_headers == {"X-header": "value"}
    assert call.events_url == "https://api.catapult.inetwork.com/v1/users/u-test/calls/c-abc123/events"
