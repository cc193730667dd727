"""The async client against the sync tests' cassettes: every service method and every async model method
sends the same documented requests as its sync twin and reads the same answers.

Each case replays ``cassettes/<module>/<test>.yaml`` (recorded for the sync test of that name) on loopback
(:mod:`cassette_server`): requests are matched in order on method, path, query and JSON body, and every
interaction must be played. The case's coroutine returns plain values, compared with what the sync test
asserts for the same cassette.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import pytest
from cassette_server import serve_cassette

from bandwidth import (
    AsyncBridge,
    AsyncCall,
    AsyncClient,
    AsyncGather,
    AsyncPaginator,
    AsyncRecording,
    BridgeState,
    CallEvent,
    CallState,
    GatherReason,
    GatherState,
    InvalidParameterError,
    RecordingState,
    Transcription,
    TranscriptionState,
)
from bandwidth.models import AsyncConference, AsyncConferenceMember, ConferenceMemberState, ConferenceState
from bandwidth.models._base import BandwidthModel

pytestmark = pytest.mark.anyio

USER, TOKEN, SECRET = "u-test", "t-test-token", "s-test-secret"
CONFERENCE, MEMBER = "conf-abc123", "member-abc123"
SENTENCE = "Hello everyone on the conference today"
MEDIA = "https://api.catapult.inetwork.com/v1/users/u-test/media/welcome.mp3"
WAV = bytes.fromhex(
    "524946462400000057415645666d74201000000001000100401f0000803e0000020010006461746100000000fffe0080"
)
T = TypeVar("T")
Run = Callable[[AsyncClient], Awaitable[object]]


async def collect(items: AsyncPaginator[T]) -> list[T]:
    return [item async for item in items]


async def replay(module: str, name: str, run: Run) -> object:
    """``run`` on an AsyncClient served ``cassettes/<module>/<name>.yaml``; every interaction played."""
    with serve_cassette(module, name) as tape:
        async with AsyncClient(USER, TOKEN, SECRET, api_endpoint=tape.url, max_retries=0) as client:
            result = await run(client)
    assert tape.problems == []
    assert tape.all_played, f"{len(tape.interactions) - tape.played} interaction(s) left unplayed"
    return result


def shape(value: object) -> object:
    """A model as its class and id (a handle and the fetched resource compare alike); lists item by item."""
    if isinstance(value, BandwidthModel):
        return type(value), getattr(value, "id", None)
    if isinstance(value, list | tuple):
        return type(value)(shape(item) for item in value)
    return value


def case(module: str, name: str, run: Run, expected: object) -> Any:
    return pytest.param(module, name, run, expected, id=f"{module.removeprefix('test_')}.{name}")


# -- calls ---------------------------------------------------------------------------------------------------


async def create_fetched(c: AsyncClient) -> object:
    call = await c.calls.create(from_="+19195551212", to="+19195553434")
    return type(call), call.id, call.state, call.is_bound


async def list_lazily(c: AsyncClient) -> object:
    calls = c.calls.list(sort_order="asc", page_size=2)
    return [call.id async for call in calls]


async def pages_of_calls(c: AsyncClient) -> object:
    return [[call.id for call in page] async for page in c.calls.list(page_size=2).pages()]


async def gather_with_prompt(c: AsyncClient) -> object:
    gather = await c.calls.create_gather(
        "c-abc123",
        max_digits=5,
        terminating_digits="*",
        inter_digit_timeout=7,
        tag="pin",
        prompt={"sentence": "Please enter your 5 digit code", "gender": "female", "loop_enabled": False},
    )
    return type(gather), gather.id, gather.state, gather.reason, gather.digits, gather.call_id


async def gather_unfetched(c: AsyncClient) -> object:
    gather = await c.calls.create_gather(
        "c-abc123", max_digits=1, prompt={"file_url": "http://example.com/menu.mp3"}, fetch=False
    )
    return gather.id, gather.call_id, gather.state


async def first_event(c: AsyncClient) -> object:
    events = await collect(c.calls.list_events("c-abc123"))
    return type(events[0]), len(events) > 1


CALLS = [
    case(
        "test_calls",
        "test_create_call_fetches_it",
        create_fetched,
        (AsyncCall, "c-abc123", CallState.COMPLETED, True),
    ),
    case(
        "test_calls",
        "test_create_call_to_sip_uri_without_fetch_is_one_request",
        lambda c: c.calls.create(
            from_="+19195551212",
            to="sip:someone@somewhere.com",
            sip_headers={"X-Header-1": "value1", "X-Header-2": "value2"},
            fetch=False,
        ),
        AsyncCall(id="c-abc123"),
    ),
    case(
        "test_calls",
        "test_create_call_sends_options_as_json_types",
        lambda c: c.calls.create(
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
        ),
        AsyncCall(id="c-abc123"),
    ),
    case(
        "test_calls",
        "test_create_call_in_bridge_accepts_a_bridge_model",
        lambda c: c.calls.create(
            from_="+19195551212", to="+19195553434", bridge_id=c.bridges.handle("brg-abc123"), fetch=False
        ),
        AsyncCall(id="c-abc123"),
    ),
    case(
        "test_calls",
        "test_create_call_in_conference",
        lambda c: c.calls.create(
            from_="+19195551212", to="+19195553434", conference_id="conf-abc123", fetch=False
        ),
        AsyncCall(id="c-def456"),
    ),
    case(
        "test_calls",
        "test_get_call_reads_every_documented_field",
        lambda c: c.calls.get("c-abc123"),
        AsyncCall(id="c-abc123"),
    ),
    case(
        "test_calls",
        "test_list_calls_follows_next_links_lazily",
        list_lazily,
        ["c-abc001", "c-abc002", "c-abc003", "c-abc004", "c-abc005"],
    ),
    case(
        "test_calls",
        "test_list_calls_pages_expose_items_and_responses",
        pages_of_calls,
        [["c-abc001", "c-abc002"], ["c-abc003", "c-abc004"], ["c-abc005"]],
    ),
    case(
        "test_calls",
        "test_list_calls_limit_stops_before_pages_it_does_not_need",
        lambda c: collect(c.calls.list(page_size=2, limit=3)),
        [AsyncCall(id="c-abc001"), AsyncCall(id="c-abc002"), AsyncCall(id="c-abc003")],
    ),
    case(
        "test_calls",
        "test_list_calls_sends_every_filter",
        lambda c: collect(
            c.calls.list(
                bridge_id="brg-abc123",
                conference_id="conf-abc123",
                from_="+19195551212",
                to="sip:someone@somewhere.com",
                sort_order="asc",
                page_size=1000,
                page=0,
            )
        ),
        [AsyncCall(id="c-abc123")],
    ),
    case(
        "test_calls",
        "test_update_call_sends_the_given_fields",
        lambda c: c.calls.update(
            "c-abc123",
            recording_enabled=True,
            recording_file_format="mp3",
            callback_url="https://example.com/events",
        ),
        None,
    ),
    *[
        case("test_calls", f"test_call_action_sends_one_documented_request_{action}", run, None)
        for action, run in [
            ("answer", lambda c: c.calls.answer("c-abc123")),
            ("reject", lambda c: c.calls.reject("c-abc123")),
            ("hangup", lambda c: c.calls.hangup("c-abc123")),
            ("enable_recording", lambda c: c.calls.enable_recording("c-abc123")),
            ("disable_recording", lambda c: c.calls.disable_recording("c-abc123")),
        ]
    ],
    case(
        "test_calls",
        "test_toggle_recording_turns_it_on",
        lambda c: c.calls.toggle_recording("c-abc123"),
        True,
    ),
    case(
        "test_calls",
        "test_toggle_recording_turns_it_off",
        lambda c: c.calls.toggle_recording("c-abc123"),
        False,
    ),
    case(
        "test_calls",
        "test_toggle_recording_leaves_an_unknown_setting_alone_null",
        lambda c: c.calls.toggle_recording("c-abc123"),
        None,
    ),
    case(
        "test_calls",
        "test_transfer_fetches_the_new_call",
        lambda c: c.calls.transfer("c-abc123", "+19192223333"),
        AsyncCall(id="c-xyz789"),
    ),
    case(
        "test_calls",
        "test_transfer_sends_whisper_audio_in_camel_case",
        lambda c: c.calls.transfer(
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
        ),
        AsyncCall(id="c-xyz789"),
    ),
    case(
        "test_calls",
        "test_transfer_with_diversion",
        lambda c: c.calls.transfer(
            "c-abc123",
            "+19195554444",
            diversion_treatment="stack",
            diversion_reason="do-not-disturb",
            fetch=False,
        ),
        AsyncCall(id="c-xyz789"),
    ),
    case(
        "test_calls",
        "test_play_audio_loop_tag_and_volume",
        lambda c: c.calls.play_audio(
            "c-abc123", file_url="http://example.com/audio.mp3", loop_enabled=True, tag="greeting", volume=-2
        ),
        None,
    ),
    case(
        "test_calls",
        "test_play_audio_speaks_a_sentence",
        lambda c: c.calls.play_audio(
            "c-abc123",
            sentence="Hello, thank you for calling.",
            gender="female",
            locale="en_US",
            voice="julie",
        ),
        None,
    ),
    case("test_calls", "test_send_dtmf_pause", lambda c: c.calls.send_dtmf("c-abc123", "1WWW,59#"), None),
    case(
        "test_calls",
        "test_create_gather_with_prompt_fetches_it",
        gather_with_prompt,
        (AsyncGather, "g-abc123", GatherState.COMPLETED, GatherReason.MAX_DIGITS, "123", "c-abc123"),
    ),
    case("test_calls", "test_create_gather_without_fetch", gather_unfetched, ("g-abc123", "c-abc123", None)),
    case(
        "test_calls",
        "test_get_gather",
        lambda c: c.calls.get_gather("c-abc123", "g-abc123"),
        AsyncGather(id="g-abc123"),
    ),
    case("test_calls", "test_stop_gather", lambda c: c.calls.stop_gather("c-abc123", "g-abc123"), None),
    case("test_calls", "test_list_events", first_event, (CallEvent, True)),
    case(
        "test_calls",
        "test_get_event_reads_epoch_millis",
        lambda c: c.calls.get_event("c-abc123", "ce-qg4vz6anrfogri7hhduqlgq"),
        CallEvent(id="ce-qg4vz6anrfogri7hhduqlgq"),
    ),
    case(
        "test_calls",
        "test_list_transcriptions",
        lambda c: collect(c.calls.list_transcriptions("c-abc123")),
        [Transcription(id="tr-abc123"), Transcription(id="tr-def456")],
    ),
]


async def call_recordings(c: AsyncClient) -> object:
    recordings = await collect(c.calls.list_recordings("c-abc123"))
    return [type(recording) for recording in recordings]


CALLS.append(
    case(
        "test_calls",
        "test_list_recordings_repairs_the_documented_invalid_time",
        call_recordings,
        [AsyncRecording, AsyncRecording],
    )
)


# -- bridges -------------------------------------------------------------------------------------------------


async def bridge_created(c: AsyncClient) -> object:
    bridge = await c.bridges.create(call_ids=["c-abc123", "c-def456"], bridge_audio=True)
    return type(bridge), bridge.id, bridge.state


async def bridge_calls(c: AsyncClient) -> object:
    calls = await collect(c.bridges.list_calls("brg-abc123"))
    return [(type(call), call.id, call.to) for call in calls]


BRIDGES = [
    case(
        "test_bridges",
        "test_create_bridge_with_two_calls_fetches_it",
        bridge_created,
        (AsyncBridge, "brg-abc123", BridgeState.ACTIVE),
    ),
    case(
        "test_bridges",
        "test_create_bridge_without_calls_reads_the_documented_location",
        lambda c: c.bridges.create(bridge_audio=True, fetch=False),
        AsyncBridge(id="brg-abc123"),
    ),
    case(
        "test_bridges", "test_get_bridge", lambda c: c.bridges.get("brg-abc123"), AsyncBridge(id="brg-abc123")
    ),
    case(
        "test_bridges",
        "test_list_bridges",
        lambda c: collect(c.bridges.list(page=0, page_size=1000)),
        [AsyncBridge(id="brg-abc123"), AsyncBridge(id="brg-def456")],
    ),
    case(
        "test_bridges",
        "test_list_bridges_follows_the_next_link",
        lambda c: collect(c.bridges.list(page_size=1)),
        [AsyncBridge(id="brg-abc123"), AsyncBridge(id="brg-def456")],
    ),
    case(
        "test_bridges",
        "test_update_bridge_add_calls",
        lambda c: c.bridges.update("brg-abc123", call_ids=["c-abc123", "c-def456"], bridge_audio=True),
        None,
    ),
    case(
        "test_bridges",
        "test_update_bridge_remove_all_calls",
        lambda c: c.bridges.update("brg-abc123", call_ids=[]),
        None,
    ),
    case(
        "test_bridges",
        "test_list_bridge_calls",
        bridge_calls,
        [(AsyncCall, "c-abc123", "+19195553434"), (AsyncCall, "c-def456", "+19195554444")],
    ),
    case(
        "test_bridges",
        "test_play_audio_to_bridge_loop_and_tag",
        lambda c: c.bridges.play_audio(
            "brg-abc123", file_url="http://example.com/audio.mp3", loop_enabled=True, tag="hold-music"
        ),
        None,
    ),
    case(
        "test_bridges",
        "test_play_audio_to_bridge_stop_sentence",
        lambda c: c.bridges.play_audio("brg-abc123", sentence=""),
        None,
    ),
]


# -- recordings ----------------------------------------------------------------------------------------------


async def recording_got(c: AsyncClient) -> object:
    recording = await c.recordings.get("rec-abc123")
    return type(recording), recording.id, recording.state


async def recording_pages(c: AsyncClient) -> object:
    return [[r.id for r in page] async for page in c.recordings.list(page=0, page_size=2).pages()]


async def transcription_created(c: AsyncClient) -> object:
    transcription = await c.recordings.create_transcription("rec-abc123")
    return transcription.id, transcription.state


async def transcription_got(c: AsyncClient) -> object:
    transcription = await c.recordings.get_transcription("rec-abc123", "tr-abc123")
    return transcription.id, transcription.state


RECORDINGS = [
    case(
        "test_recordings",
        "test_get_recording",
        recording_got,
        (AsyncRecording, "rec-abc123", RecordingState.COMPLETE),
    ),
    case(
        "test_recordings",
        "test_list_recordings",
        lambda c: collect(c.recordings.list(page_size=1000)),
        [AsyncRecording(id="rec-abc123"), AsyncRecording(id="rec-def456"), AsyncRecording(id="rec-ghi789")],
    ),
    case(
        "test_recordings",
        "test_list_recordings_follows_next_links",
        recording_pages,
        [["rec-abc123", "rec-def456"], ["rec-ghi789"]],
    ),
    case(
        "test_recordings",
        "test_list_transcriptions",
        lambda c: collect(c.recordings.list_transcriptions("rec-abc123")),
        [Transcription(id="tr-abc123"), Transcription(id="tr-def456")],
    ),
    case(
        "test_recordings",
        "test_get_transcription",
        transcription_got,
        ("tr-abc123", TranscriptionState.COMPLETED),
    ),
    case(
        "test_recordings",
        "test_create_transcription_fetches_it",
        transcription_created,
        ("tr-abc123", TranscriptionState.TRANSCRIBING),
    ),
    case(
        "test_recordings",
        "test_create_transcription_without_fetch",
        lambda c: c.recordings.create_transcription("rec-abc123", fetch=False),
        Transcription(id="tr-abc123"),
    ),
]


# -- conferences ---------------------------------------------------------------------------------------------


async def conference_created(c: AsyncClient) -> object:
    conference = await c.conferences.create(from_="+19195551212")
    return type(conference), conference.id, conference.state, conference.created_time


async def members_listed(c: AsyncClient) -> object:
    members = await collect(c.conferences.list_members(CONFERENCE))
    return [(type(m), m.id, m.call_id, m.conference_id) for m in members]


async def member_created(c: AsyncClient) -> object:
    member = await c.conferences.create_member(CONFERENCE, "c-abc123", join_tone=False, leaving_tone=False)
    return type(member), member.id, member.conference_id, member.state


async def member_got(c: AsyncClient) -> object:
    member = await c.conferences.get_member(CONFERENCE, MEMBER)
    return member.id, member.conference_id, member.state, member.muted


CONFERENCES = [
    case(
        "test_conferences",
        "test_create_conference_fetches_it",
        conference_created,
        (
            AsyncConference,
            CONFERENCE,
            ConferenceState.CREATED,
            datetime(2013, 7, 12, 17, 22, 47, tzinfo=timezone.utc),
        ),
    ),
    case(
        "test_conferences",
        "test_create_conference_with_callbacks_and_profile_without_fetch",
        lambda c: c.conferences.create(
            from_="+19195551212",
            callback_url="http://my.callback.url",
            callback_timeout=2000,
            fallback_url="http://my.fallback.url",
            profile="passthru_digits",
            fetch=False,
        ),
        AsyncConference(id=CONFERENCE),
    ),
    case(
        "test_conferences",
        "test_get_conference_reads_every_documented_field",
        lambda c: c.conferences.get(CONFERENCE),
        AsyncConference(id=CONFERENCE),
    ),
    case(
        "test_conferences",
        "test_update_conference_mute",
        lambda c: c.conferences.update(CONFERENCE, mute=True),
        None,
    ),
    case(
        "test_conferences",
        "test_play_audio_to_conference_speak",
        lambda c: c.conferences.play_audio(
            CONFERENCE, sentence=SENTENCE, gender="female", locale="en_US", voice="kate"
        ),
        None,
    ),
    case(
        "test_conferences",
        "test_list_members",
        members_listed,
        [
            (AsyncConferenceMember, "member-abc123", "c-abc123", CONFERENCE),
            (AsyncConferenceMember, "member-def456", "c-def456", CONFERENCE),
            (AsyncConferenceMember, "member-ghi789", "c-ghi789", CONFERENCE),
        ],
    ),
    case(
        "test_conferences",
        "test_create_member_fetches_it",
        member_created,
        (AsyncConferenceMember, MEMBER, CONFERENCE, ConferenceMemberState.COMPLETED),
    ),
    case(
        "test_conferences",
        "test_get_member",
        member_got,
        (MEMBER, CONFERENCE, ConferenceMemberState.ACTIVE, True),
    ),
    case(
        "test_conferences",
        "test_update_member_hold",
        lambda c: c.conferences.update_member(CONFERENCE, MEMBER, hold=True),
        None,
    ),
    case(
        "test_conferences",
        "test_play_audio_to_member_file",
        lambda c: c.conferences.play_audio_to_member(CONFERENCE, MEMBER, file_url=MEDIA),
        None,
    ),
]


@pytest.mark.parametrize(("module", "name", "run", "expected"), CALLS + BRIDGES + RECORDINGS + CONFERENCES)
async def test_a_service_method_sends_the_documented_requests(
    module: str, name: str, run: Run, expected: object
) -> None:
    assert shape(await replay(module, name, run)) == shape(expected)


async def test_a_list_fetches_each_page_only_when_it_is_reached() -> None:
    with serve_cassette("test_calls", "test_list_calls_follows_next_links_lazily") as tape:
        async with AsyncClient(USER, TOKEN, SECRET, api_endpoint=tape.url, max_retries=0) as client:
            calls = client.calls.list(sort_order="asc", page_size=2)
            assert tape.played == 0  # nothing is sent until the list is iterated
            walk = aiter(calls)
            assert ((await anext(walk)).id, tape.played) == ("c-abc001", 1)
            assert ((await anext(walk)).id, tape.played) == ("c-abc002", 1)
            assert ((await anext(walk)).id, tape.played) == ("c-abc003", 2)
            assert [call.id async for call in walk] == ["c-abc004", "c-abc005"]
    assert (tape.problems, tape.all_played) == ([], True)


# -- async model methods -------------------------------------------------------------------------------------


async def call_refreshed(c: AsyncClient) -> object:
    handle = c.calls.handle("c-abc123")
    fresh = await handle.refresh()
    return type(fresh), fresh.state is not None, handle.state


async def gather_then_stop(c: AsyncClient) -> object:
    gather = await c.calls.handle("c-abc123").gather(
        max_digits=5,
        inter_digit_timeout=7.5,
        terminating_digits="#*",
        prompt={"file_url": "http://example.com/p.mp3"},
    )
    await gather.stop()  # one POST: the cassette's last interaction
    return type(gather), gather.id


async def gather_refreshed(c: AsyncClient) -> object:
    gather = await c.calls.handle("c-abc123").gather(max_digits=3, fetch=False)
    fresh = await gather.refresh()
    return type(fresh), fresh.id == gather.id, fresh.state is not None


async def first_listed_is_bound(c: AsyncClient) -> object:
    first = await c.calls.list(page_size=1).first()
    assert first is not None
    await first.answer()
    return type(first), first.is_bound


async def gather_stopped(c: AsyncClient) -> object:
    await (await c.calls.get_gather("c-abc123", "g-abc123")).stop()
    return None


async def bridge_updated(c: AsyncClient) -> object:
    bridge = c.bridges.handle("brg-abc123")
    await bridge.update(calls=[c.calls.handle("c-ghi789"), "c-jkl012"], bridge_audio=False)
    return None


async def recording_transcribed(c: AsyncClient) -> object:
    transcription = await c.recordings.handle("rec-abc123").transcribe()
    return type(transcription), transcription.id


async def member_of_listing_acts(c: AsyncClient) -> object:
    first = await c.conferences.handle(CONFERENCE).members().first()
    assert first is not None
    await first.mute()
    return None


async def conference_add_then_member(c: AsyncClient) -> object:
    conference = c.conferences.handle(CONFERENCE)
    member = await conference.add_member("c-abc123", join_tone=True, mute=True, fetch=False)
    fetched = await conference.member(member)
    return type(fetched), fetched.id == member.id == MEMBER, fetched.muted


async def conference_refreshed(c: AsyncClient) -> object:
    fresh = await c.conferences.handle(CONFERENCE).refresh()
    return type(fresh), fresh.state


async def member_refreshed(c: AsyncClient) -> object:
    fresh = await c.conferences.member_handle(CONFERENCE, MEMBER).refresh()
    return type(fresh), fresh.state, fresh.conference_id


def handle(c: AsyncClient) -> AsyncCall:
    return c.calls.handle("c-abc123")


MODELS = [
    case(
        "test_models_methods",
        "test_call_refresh_returns_a_new_snapshot",
        call_refreshed,
        (AsyncCall, True, None),
    ),
    case(
        "test_models_methods",
        "test_call_update",
        lambda c: handle(c).update(recording_enabled=True, recording_file_format="wav"),
        None,
    ),
    *[
        case("test_models_methods", f"test_call_action_is_exactly_one_request_{action}", run, None)
        for action, run in [
            ("answer", lambda c: handle(c).answer()),
            ("reject", lambda c: handle(c).reject()),
            ("hangup", lambda c: handle(c).hangup()),
            ("enable_recording", lambda c: handle(c).enable_recording()),
            ("disable_recording", lambda c: handle(c).disable_recording()),
        ]
    ],
    case(
        "test_models_methods",
        "test_call_from_a_list_is_bound",
        first_listed_is_bound,
        (AsyncCall, True),
    ),
    case(
        "test_models_methods",
        "test_call_toggle_recording_leaves_an_unknown_setting_alone_absent",
        lambda c: handle(c).toggle_recording(),
        None,
    ),
    case(
        "test_models_methods",
        "test_call_transfer_fetches_the_new_call",
        lambda c: handle(c).transfer("+19192223333", caller_id="+19195551212"),
        AsyncCall(id="c-xyz789"),
    ),
    case(
        "test_models_methods",
        "test_call_transfer_without_fetch",
        lambda c: handle(c).transfer(
            "+18382947878",
            whisper_audio={"sentence": "Hello! You have an incoming call"},
            diversion_treatment="propagate",
            fetch=False,
        ),
        AsyncCall(id="c-xyz789"),
    ),
    case(
        "test_models_methods",
        "test_call_play",
        lambda c: handle(c).play(file_url="http://example.com/audio.mp3", tag="intro", volume=4),
        None,
    ),
    case(
        "test_models_methods",
        "test_call_play_file",
        lambda c: handle(c).play_file("http://example.com/audio.mp3", loop_enabled=True, tag="music"),
        None,
    ),
    case(
        "test_models_methods",
        "test_call_speak",
        lambda c: handle(c).speak(
            "Hello, thank you for calling.", gender="female", locale="en_US", voice="julie"
        ),
        None,
    ),
    case("test_models_methods", "test_call_send_dtmf", lambda c: handle(c).send_dtmf("1WWW,59#"), None),
    case("test_models_methods", "test_call_gather_then_stop", gather_then_stop, (AsyncGather, "g-abc123")),
    case(
        "test_models_methods",
        "test_call_gather_without_fetch_then_refresh",
        gather_refreshed,
        (AsyncGather, True, True),
    ),
    case(
        "test_models_methods",
        "test_call_event",
        lambda c: handle(c).event("ce-qg4vz6anrfogri7hhduqlgq"),
        CallEvent(id="ce-qg4vz6anrfogri7hhduqlgq"),
    ),
    case(
        "test_models_methods",
        "test_call_transcriptions",
        lambda c: collect(handle(c).transcriptions()),
        [Transcription(id="tr-abc123")],
    ),
    case(
        "test_models_methods",
        "test_gather_stop",
        gather_stopped,
        None,
    ),
    case("test_models_methods", "test_bridge_update", bridge_updated, None),
    case(
        "test_models_methods",
        "test_bridge_speak",
        lambda c: c.bridges.handle("brg-abc123").speak(
            "Hello, thank you for calling.", voice="julie", tag="hi"
        ),
        None,
    ),
    case(
        "test_models_methods",
        "test_bridge_play_file",
        lambda c: c.bridges.handle("brg-abc123").play_file("http://example.com/audio.mp3", tag="ring"),
        None,
    ),
    case(
        "test_models_methods",
        "test_recording_refresh",
        lambda c: c.recordings.handle("rec-abc123").refresh(),
        AsyncRecording(id="rec-abc123"),
    ),
    case(
        "test_models_methods",
        "test_recording_transcribe",
        recording_transcribed,
        (Transcription, "tr-abc123"),
    ),
    case(
        "test_models_methods",
        "test_recording_transcribe_without_fetch",
        lambda c: c.recordings.handle("rec-abc123").transcribe(fetch=False),
        Transcription(id="tr-abc123"),
    ),
    case(
        "test_conferences",
        "test_conference_refresh_returns_a_new_snapshot",
        conference_refreshed,
        (AsyncConference, ConferenceState.CREATED),
    ),
    case("test_conferences", "test_conference_members_act_on_their_own", member_of_listing_acts, None),
    case(
        "test_conferences",
        "test_conference_member_and_add_member",
        conference_add_then_member,
        (AsyncConferenceMember, True, True),
    ),
    case(
        "test_conferences",
        "test_conference_action_sends_one_documented_request_play_file",
        lambda c: c.conferences.handle(CONFERENCE).play_file(
            "https://api.catapult.inetwork.com/v1/users/u-test/media/welcome.mp3",
            loop_enabled=True,
            tag="music",
        ),
        None,
    ),
    case(
        "test_conferences",
        "test_conference_action_sends_one_documented_request_terminate",
        lambda c: c.conferences.handle(CONFERENCE).terminate(),
        None,
    ),
    case(
        "test_conferences",
        "test_member_refresh_returns_a_new_snapshot",
        member_refreshed,
        (AsyncConferenceMember, ConferenceMemberState.ACTIVE, CONFERENCE),
    ),
    case(
        "test_conferences",
        "test_member_action_sends_one_documented_request_remove",
        lambda c: c.conferences.member_handle(CONFERENCE, MEMBER).remove(),
        None,
    ),
    case(
        "test_conferences",
        "test_member_action_sends_one_documented_request_speak",
        lambda c: c.conferences.member_handle(CONFERENCE, MEMBER).speak("Only for you", gender="male"),
        None,
    ),
]


@pytest.mark.parametrize(("module", "name", "run", "expected"), MODELS)
async def test_an_async_model_method_sends_the_documented_requests(
    module: str, name: str, run: Run, expected: object
) -> None:
    assert shape(await replay(module, name, run)) == shape(expected)


def test_handles_send_nothing() -> None:
    client = AsyncClient(USER, TOKEN, SECRET)
    call, bridge = client.calls.handle("c-abc123"), client.bridges.handle("brg-abc123")
    member = client.conferences.member_handle(CONFERENCE, MEMBER)
    assert (call.id, call.is_bound, bridge.id, bridge.is_bound) == ("c-abc123", True, "brg-abc123", True)
    assert (member.conference_id, member.is_bound) == (CONFERENCE, True)


# -- downloads -----------------------------------------------------------------------------------------------


async def test_a_download_streams_to_a_path_in_pieces(tmp_path: Path) -> None:
    target = tmp_path / "call.wav"

    async def run(c: AsyncClient) -> object:
        recording = await c.recordings.get("rec-abc123")
        return await c.recordings.download(recording, target, chunk_size=7)

    assert await replay("test_recordings", "test_download_recording_to_a_path", run) == len(WAV) == 48
    assert target.read_bytes() == WAV
    assert sorted(path.name for path in tmp_path.iterdir()) == ["call.wav"]  # no partial file left behind


async def test_a_download_by_id_to_a_file_object_fetches_the_recording_first() -> None:
    buffer = io.BytesIO()
    written = await replay(
        "test_recordings",
        "test_download_recording_by_id_to_a_file_object",
        lambda c: c.recordings.download("rec-abc123", buffer),
    )
    assert (written, buffer.getvalue()) == (48, WAV)


async def test_a_recording_downloads_itself(tmp_path: Path) -> None:
    target = tmp_path / "rec.wav"

    async def run(c: AsyncClient) -> object:
        recording = await c.recordings.get("rec-abc123")
        return await recording.download(target)

    assert await replay("test_models_methods", "test_recording_download_of_a_fetched_recording", run) == 48
    assert target.read_bytes() == WAV


async def test_a_download_to_a_missing_directory_sends_nothing(tmp_path: Path) -> None:
    async def run(c: AsyncClient) -> object:
        with pytest.raises(OSError):
            await c.recordings.download(
                AsyncRecording(id="rec-abc123", media=f"{c.base_url}/media/x.wav"), tmp_path / "no" / "x.wav"
            )
        return None

    assert await replay("test_recordings", "test_download_to_a_missing_directory_sends_nothing", run) is None


async def test_bind_refuses_a_sync_model_and_binds_an_async_one() -> None:
    from bandwidth import Call

    async with AsyncClient(USER, TOKEN, SECRET) as client:
        with pytest.raises(InvalidParameterError, match="AsyncCall"):
            client.bind(Call(id="c-1"))
        bound = client.bind(AsyncCall(id="c-1"))
    assert bound.is_bound and not AsyncCall(id="c-1").is_bound
