# The tests check that actions return None:
# mypy: disable-error-code="func-returns-value"
"""Typed calls API against cassettes of the documented traffic (methods/calls/*.md).

Each cassette holds the documented request (matched on method, path, query and JSON body, so the JSON types
the SDK sends are checked too) and the documented answer, with concrete ids for the placeholders.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from vcr.cassette import Cassette

from bandwidth import (
    Call,
    CallDirection,
    CallEvent,
    CallState,
    Client,
    Gather,
    GatherReason,
    GatherState,
    Page,
    Paginator,
    Recording,
    RecordingState,
    Transcription,
    TranscriptionState,
)

BASE = "https://api.catapult.inetwork.com/v1/users/u-test"
UTC = timezone.utc


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


# -- create ----------------------------------------------------------------------------------------------


def test_create_call_to_sip_uri_without_fetch_is_one_request(client: Client, cassette: Cassette) -> None:
    call = client.calls.create(
        from_="+19195551212",
        to="sip:someone@somewhere.com",
        sip_headers={"X-Header-1": "value1", "X-Header-2": "value2"},
        fetch=False,
    )

    assert cassette.play_count == 1
    assert isinstance(call, Call)
    assert call.id == "c-abc123"
    assert call.is_bound
    assert call.to is None  # a handle: only the id is known


def test_create_call_sends_options_as_json_types(client: Client, cassette: Cassette) -> None:
    call = client.calls.create(
        from_="+19195551212",
        to="+19195553434",
        call_timeout=30,
        callback_url="http://google.com",
        callback_timeout=3000,
        callback_http_method="get",  # type: ignore[arg-type]  # sent as given
        fallback_url="http://bing.com",
        recording_enabled=True,
        recording_file_format="mp3",
        recording_max_duration=3600,
        transcription_enabled=True,
        tag='{ "context": "key" }',
        fetch=False,
    )

    assert call.id == "c-abc123"
    assert cassette.play_count == 1


def test_create_call_in_bridge_accepts_a_bridge_model(client: Client, cassette: Cassette) -> None:
    bridge = client.bridges.handle("brg-abc123")

    call = client.calls.create(from_="+19195551212", to="+19195553434", bridge_id=bridge, fetch=False)

    assert call.id == "c-abc123"
    assert cassette.play_count == 1


def test_create_call_in_conference(client: Client, cassette: Cassette) -> None:
    call = client.calls.create(
        from_="+19195551212", to="+19195553434", conference_id="conf-abc123", fetch=False
    )

    assert call.id == "c-def456"


# -- get, handle ---------------------------------------------------------------------------------------


def test_get_call_reads_every_documented_field(client: Client, cassette: Cassette) -> None:
    call = client.calls.get("c-abc123")

    assert call.id == "c-abc123"
    assert call.direction is CallDirection.OUT
    assert call.from_ == "+19195551212"
    assert call.to == "+19195553434"
    assert call.state is CallState.COMPLETED
    assert call.start_time == datetime(2014, 12, 19, 19, 13, 9, tzinfo=UTC)
    assert call.active_time == datetime(2014, 12, 19, 19, 13, 20, tzinfo=UTC)
    assert call.end_time == datetime(2014, 12, 19, 19, 13, 22, tzinfo=UTC)
    assert call.callback_url == "https://example.com"
    assert call.fallback_url == "https://example-fallback.com"
    assert call.chargeable_duration == 60
    assert call.recording_enabled is False
    assert call.transcription_enabled is True
    assert call.sip_headers == {"X-header": "value"}
    assert call.events_url == f"{BASE}/calls/c-abc123/events"
    assert call.recordings_url == f"{BASE}/calls/c-abc123/recordings"
    assert call.transcriptions_url == f"{BASE}/calls/c-abc123/transcriptions"
    assert call.is_bound
    assert cassette.play_count == 1


def test_handle_sends_no_request(client: Client, cassette: Cassette) -> None:
    call = client.calls.handle("c-abc123")

    assert isinstance(call, Call)
    assert call.id == "c-abc123"
    assert call.is_bound
    assert call.state is None
    assert call.from_ is None
    assert len(cassette) == 0
    assert cassette.play_count == 0


# -- list ----------------------------------------------------------------------------------------------


def test_list_calls_reads_the_documented_list(client: Client, cassette: Cassette) -> None:
    calls = client.calls.list()

    assert isinstance(calls, Paginator)
    items = list(calls)
    assert [call.id for call in items] == ["c-abc123", "c-def456"]
    first, second = items
    assert first.state is CallState.COMPLETED
    assert first.start_time == datetime(2013, 2, 8, 13, 15, 47, 587000, tzinfo=UTC)
    assert first.end_time == datetime(2013, 2, 8, 13, 15, 55, 887000, tzinfo=UTC)
    assert first.sip_headers == {"X-Header-1": "value-1", "X-Header-2": "value2"}
    assert first.callback_url == ""
    assert second.state is CallState.ACTIVE
    assert second.end_time is None
    assert second.sip_headers is None
    assert second.events_url == f"{BASE}/calls/c-def456/events"
    assert all(call.is_bound for call in items)


def test_list_calls_by_from_number(client: Client, cassette: Cassette) -> None:
    calls = list(client.calls.list(from_="+19195551212"))

    assert [call.to for call in calls] == ["+19195553434", "+19195554444"]
    assert {call.from_ for call in calls} == {"+19195551212"}


def test_list_calls_sends_every_filter(client: Client, cassette: Cassette) -> None:
    calls = client.calls.list(
        bridge_id="brg-abc123",
        conference_id="conf-abc123",
        from_="+19195551212",
        to="sip:someone@somewhere.com",
        sort_order="asc",
        page_size=1000,
        page=0,
    )

    assert [call.id for call in calls] == ["c-abc123"]
    assert cassette.play_count == 1


def test_list_calls_follows_next_links_lazily(client: Client, cassette: Cassette) -> None:
    calls = client.calls.list(sort_order="asc", page_size=2)
    assert cassette.play_count == 0  # nothing is sent until the list is iterated

    walk = iter(calls)
    assert next(walk).id == "c-abc001"
    assert cassette.play_count == 1
    assert next(walk).id == "c-abc002"
    assert cassette.play_count == 1  # the second page is fetched only when it is reached
    assert next(walk).id == "c-abc003"
    assert cassette.play_count == 2
    rest = [call.id for call in walk]

    assert rest == ["c-abc004", "c-abc005"]
    assert cassette.play_count == 3  # the third page has no next link: the walk stops there


def test_list_calls_pages_expose_items_and_responses(client: Client, cassette: Cassette) -> None:
    pages = list(client.calls.list(page_size=2).pages())

    assert all(isinstance(page, Page) for page in pages)
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [[call.id for call in page] for page in pages] == [
        ["c-abc001", "c-abc002"],
        ["c-abc003", "c-abc004"],
        ["c-abc005"],
    ]
    assert pages[0].response.headers["Link"] == f'<{BASE}/calls?size=2&page=1>; rel="next"'
    assert pages[1].response.links() == {"next": f"{BASE}/calls?size=2&page=2"}
    assert "next" not in pages[2].response.links()


def test_list_calls_limit_stops_before_pages_it_does_not_need(client: Client, cassette: Cassette) -> None:
    calls = [call.id for call in client.calls.list(page_size=2, limit=3)]

    assert calls == ["c-abc001", "c-abc002", "c-abc003"]
    assert cassette.play_count == 2  # page 2 is linked but never requested


def test_list_calls_first_reads_one_page(client: Client, cassette: Cassette) -> None:
    call = client.calls.list(to="+19195553434").first()

    assert call is not None
    assert call.id == "c-abc123"
    assert cassette.play_count == 1


# -- update and actions --------------------------------------------------------------------------------


def test_update_call_sends_the_given_fields(client: Client, cassette: Cassette) -> None:
    result = client.calls.update(
        "c-abc123",
        recording_enabled=True,
        recording_file_format="mp3",
        callback_url="https://example.com/events",
    )

    assert result is None
    assert cassette.play_count == 1


def test_update_call_returns_the_id_in_location(client: Client, cassette: Cassette) -> None:
    new_id = client.calls.update("c-abc123", state="transferring", transfer_to="+19192223333")

    assert new_id == "c-xyz789"


@pytest.mark.parametrize("action", ["answer", "reject", "hangup", "enable_recording", "disable_recording"])
def test_call_action_sends_one_documented_request(client: Client, cassette: Cassette, action: str) -> None:
    result = getattr(client.calls, action)("c-abc123")

    assert result is None
    assert len(cassette) == 1
    assert cassette.play_count == 1


def test_toggle_recording_turns_it_on(client: Client, cassette: Cassette) -> None:
    assert client.calls.toggle_recording("c-abc123") is True
    assert cassette.play_count == 2


def test_toggle_recording_turns_it_off(client: Client, cassette: Cassette) -> None:
    assert client.calls.toggle_recording("c-abc123") is False
    assert cassette.play_count == 2


@pytest.mark.parametrize("setting", ["null", "absent"])
def test_toggle_recording_leaves_an_unknown_setting_alone(
    client: Client, cassette: Cassette, setting: str
) -> None:
    # the cassette holds the GET only: a POST would fail the test
    assert client.calls.toggle_recording("c-abc123") is None
    assert cassette.play_count == 1


# -- transfer --------------------------------------------------------------------------------------------


def test_transfer_fetches_the_new_call(client: Client, cassette: Cassette) -> None:
    new_call = client.calls.transfer("c-abc123", "+19192223333")

    assert isinstance(new_call, Call)
    assert new_call.id == "c-xyz789"
    assert new_call.to == "+19192223333"
    assert new_call.state is CallState.STARTED
    assert cassette.play_count == 2


def test_transfer_sends_whisper_audio_in_camel_case(client: Client, cassette: Cassette) -> None:
    new_call = client.calls.transfer(
        "c-abc123",
        "+18382947878",
        caller_id="private",
        whisper_audio={
            "sentence": "You have an incoming call",
            "gender": "female",
            "voice": "julie",
            "locale": "en",
            "loop_enabled": False,
        },
        fetch=False,
    )

    assert new_call.id == "c-xyz789"
    assert new_call.state is None
    assert cassette.play_count == 1


def test_transfer_whisper_audio_file(client: Client, cassette: Cassette) -> None:
    new_call = client.calls.transfer(
        "c-abc123",
        "+18382947878",
        whisper_audio={"file_url": "http://my_site.com/file.mp3", "loop_enabled": True},
        callback_url="https://example.com/transfer",
        fetch=False,
    )

    assert new_call.id == "c-xyz789"


def test_transfer_with_diversion(client: Client, cassette: Cassette) -> None:
    new_call = client.calls.transfer(
        "c-abc123",
        "+19195554444",
        diversion_treatment="stack",
        diversion_reason="do-not-disturb",
        fetch=False,
    )

    assert new_call.id == "c-xyz789"


# -- audio and DTMF --------------------------------------------------------------------------------------


def test_play_audio_file(client: Client, cassette: Cassette) -> None:
    assert client.calls.play_audio("c-abc123", file_url="http://example.com/audio.mp3") is None
    assert cassette.play_count == 1


def test_play_audio_empty_file_url_stops_playback(client: Client, cassette: Cassette) -> None:
    client.calls.play_audio("c-abc123", file_url="")
    assert cassette.play_count == 1


def test_play_audio_loop_tag_and_volume(client: Client, cassette: Cassette) -> None:
    client.calls.play_audio(
        "c-abc123", file_url="http://example.com/audio.mp3", loop_enabled=True, tag="greeting", volume=-2
    )
    assert cassette.play_count == 1


def test_play_audio_speaks_a_sentence(client: Client, cassette: Cassette) -> None:
    client.calls.play_audio(
        "c-abc123", sentence="Hello, thank you for calling.", gender="female", locale="en_US", voice="julie"
    )
    assert cassette.play_count == 1


def test_play_audio_empty_sentence_stops_speaking(client: Client, cassette: Cassette) -> None:
    client.calls.play_audio("c-abc123", sentence="")
    assert cassette.play_count == 1


@pytest.mark.parametrize(
    "digits",
    [
        pytest.param("9193334444", id="succession"),
        pytest.param("1WWW,59#", id="pause"),
        pytest.param("1Ww2Ww1Ww#", id="waits"),
    ],
)
def test_send_dtmf(client: Client, cassette: Cassette, digits: str) -> None:
    assert client.calls.send_dtmf("c-abc123", digits) is None
    assert cassette.play_count == 1


# -- gathers ---------------------------------------------------------------------------------------------


def test_create_gather_with_prompt_fetches_it(client: Client, cassette: Cassette) -> None:
    gather = client.calls.create_gather(
        "c-abc123",
        max_digits=5,
        terminating_digits="*",
        inter_digit_timeout=7,
        tag="pin",
        prompt={"sentence": "Please enter your 5 digit code", "gender": "female", "loop_enabled": False},
    )

    assert isinstance(gather, Gather)
    assert gather.id == "g-abc123"
    assert gather.state is GatherState.COMPLETED
    assert gather.reason is GatherReason.MAX_DIGITS
    assert gather.digits == "123"
    assert gather.call_id == "c-abc123"
    assert cassette.play_count == 2


def test_create_gather_without_fetch(client: Client, cassette: Cassette) -> None:
    gather = client.calls.create_gather(
        "c-abc123", max_digits=1, prompt={"file_url": "http://example.com/menu.mp3"}, fetch=False
    )

    assert gather.id == "g-abc123"
    assert gather.call_id == "c-abc123"
    assert gather.state is None
    assert cassette.play_count == 1


def test_get_gather(client: Client, cassette: Cassette) -> None:
    gather = client.calls.get_gather("c-abc123", "g-abc123")

    assert gather.id == "g-abc123"
    assert gather.state is GatherState.COMPLETED
    assert gather.reason is GatherReason.MAX_DIGITS
    assert gather.digits == "123"
    assert gather.created_time == datetime(2014, 2, 12, 19, 33, 56, tzinfo=UTC)
    assert gather.completed_time == datetime(2014, 2, 12, 19, 33, 59, tzinfo=UTC)
    assert gather.call_url == f"{BASE}/calls/c-abc123"
    assert gather.call_id == "c-abc123"


def test_stop_gather(client: Client, cassette: Cassette) -> None:
    assert client.calls.stop_gather("c-abc123", "g-abc123") is None
    assert cassette.play_count == 1


# -- events, recordings, transcriptions --------------------------------------------------------------------


def test_list_events(client: Client, cassette: Cassette) -> None:
    events = list(client.calls.list_events("c-abc123"))

    assert all(isinstance(event, CallEvent) for event in events)
    assert [event.name for event in events] == [
        "create",
        "answer",
        "CHANNEL_EXECUTE",
        "CHANNEL_EXECUTE",
        "playback",
        "playback",
        "CHANNEL_EXECUTE_COMPLETE",
        "hangup",
        "CHANNEL_EXECUTE_COMPLETE",
    ]
    assert events[0].id == "ev-abc001"
    assert events[0].time == datetime(2012, 9, 19, 13, 55, 41, 343000, tzinfo=UTC)
    assert events[0].data is None
    assert events[2].data == '{"applicationName":"park"}'
    assert events[7].data == "NORMAL_CLEARING"


def test_get_event_reads_epoch_millis(client: Client, cassette: Cassette) -> None:
    event = client.calls.get_event("c-abc123", "ce-qg4vz6anrfogri7hhduqlgq")

    assert event.id == "ce-qg4vz6anrfogri7hhduqlgq"
    assert event.time == datetime(2014, 12, 19, 23, 47, 34, 964000, tzinfo=UTC)
    assert event.name == "hangup"
    assert event.data == ""


def test_list_recordings_repairs_the_documented_invalid_time(client: Client, cassette: Cassette) -> None:
    recordings = list(client.calls.list_recordings("c-abc123"))

    assert all(isinstance(recording, Recording) for recording in recordings)
    assert [recording.id for recording in recordings] == ["rec-abc123", "rec-def456"]
    first, second = recordings
    assert first.state is RecordingState.COMPLETE
    assert first.end_time == datetime(2013, 2, 8, 12, 6, 55, 7000, tzinfo=UTC)
    # The documented example says "13:15:65.887Z"; 65 seconds carry into the next minute.
    assert second.end_time == datetime(2013, 2, 8, 13, 16, 5, 887000, tzinfo=UTC)
    assert second.start_time == datetime(2013, 2, 8, 13, 15, 55, 887000, tzinfo=UTC)
    assert second.media_name == "c-abc123-2.wav"
    assert second.call_id == "c-abc123"


def test_list_transcriptions(client: Client, cassette: Cassette) -> None:
    transcriptions = list(client.calls.list_transcriptions("c-abc123"))

    assert all(isinstance(item, Transcription) for item in transcriptions)
    assert [item.id for item in transcriptions] == ["tr-abc123", "tr-def456"]
    first, second = transcriptions
    assert first.state is TranscriptionState.COMPLETED
    assert first.time == datetime(2014, 10, 9, 12, 9, 16, tzinfo=UTC)
    assert first.text_size == 3627
    assert first.chargeable_duration == 60
    assert second.text == "Call me back, please."
    assert second.text_url == f"{BASE}/media/tr-def456"
