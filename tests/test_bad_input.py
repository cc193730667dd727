"""Bad input is refused before any request, naming the parameter; malformed answers raise a clear error.

Bad input runs inside a cassette with no interactions, replayed with recording off: any request the SDK tried
to send would raise vcrpy's CannotOverwriteExistingCassetteException instead of the expected error.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import vcr
from vcr.cassette import Cassette

from bandwidth import APIResponseValidationError, Client, InvalidParameterError, Recording

NO_REQUESTS = Path(__file__).resolve().parent.parent / "cassettes" / "test_bad_input" / "no_requests.yaml"
REPLAY_ONLY = vcr.VCR(record_mode="none")
SIX_HEADERS = {f"X-Header-{n}": "value" for n in range(1, 7)}


@pytest.fixture
def no_requests() -> Iterator[Cassette]:
    """A cassette with no interactions: the test fails if anything is sent."""
    with REPLAY_ONLY.use_cassette(str(NO_REQUESTS)) as tape:
        yield tape
    assert len(tape) == 0
    assert tape.play_count == 0


Action = Callable[[Client], object]

BAD_INPUT = [
    # missing from_ / to
    pytest.param(lambda c: c.calls.create(from_="", to="+19195553434"), "from_", id="create_empty_from"),
    pytest.param(lambda c: c.calls.create(from_=None, to="+19195553434"), "from_", id="create_none_from"),
    pytest.param(lambda c: c.calls.create(from_="+19195551212", to=""), "to", id="create_empty_to"),
    pytest.param(lambda c: c.create_call(None, "+19195553434"), "from_", id="legacy_create_none_from"),
    pytest.param(lambda c: c.create_call("+19195551212", ""), "to", id="legacy_create_empty_to"),
    pytest.param(lambda c: c.calls.transfer("c-abc123", ""), "to", id="transfer_empty_to"),
    # page sizes
    pytest.param(lambda c: c.calls.list(page_size=0), "page_size", id="calls_page_size_0"),
    pytest.param(lambda c: c.calls.list(page_size=1001), "page_size", id="calls_page_size_1001"),
    pytest.param(lambda c: c.bridges.list(page_size=0), "page_size", id="bridges_page_size_0"),
    pytest.param(lambda c: c.recordings.list(page_size=1001), "page_size", id="recordings_page_size_1001"),
    pytest.param(lambda c: c.list_calls(size=0), "size", id="legacy_calls_size_0"),
    pytest.param(lambda c: c.list_bridges(size=1001), "size", id="legacy_bridges_size_1001"),
    pytest.param(lambda c: c.list_recordings(size=0), "size", id="legacy_recordings_size_0"),
    pytest.param(lambda c: c.calls.list(page=-1), "page", id="calls_page_negative"),
    pytest.param(lambda c: c.calls.list(limit=-1), "limit", id="calls_limit_negative"),
    # gathers
    pytest.param(
        lambda c: c.calls.create_gather("c-abc123", max_digits=31), "max_digits", id="max_digits_31"
    ),
    pytest.param(
        lambda c: c.calls.create_gather("c-abc123", inter_digit_timeout=31),
        "inter_digit_timeout",
        id="inter_digit_timeout_31",
    ),
    pytest.param(
        lambda c: c.calls.create_gather("c-abc123", terminating_digits="12E"),
        "terminating_digits",
        id="terminating_digits_12E",
    ),
    pytest.param(lambda c: c.create_call_gather("c-abc123", 31), "max_digits", id="legacy_max_digits_31"),
    pytest.param(
        lambda c: c.create_call_gather("c-abc123", inter_digit_timeout=31),
        "inter_digit_timeout",
        id="legacy_inter_digit_timeout_31",
    ),
    pytest.param(
        lambda c: c.calls.handle("c-abc123").gather(max_digits=0), "max_digits", id="model_max_digits_0"
    ),
    pytest.param(
        lambda c: c.update_call_gather("c-abc123", "g-abc123", state="active"),
        "state",
        id="gather_state_active",
    ),
    pytest.param(
        lambda c: c.calls.create_gather("c-abc123", prompt={"text": "hi"}), "prompt", id="prompt_unknown_key"
    ),
    # choices
    pytest.param(lambda c: c.calls.list(sort_order="up"), "sort_order", id="sort_order_up"),
    pytest.param(lambda c: c.list_calls(sort_order="up"), "sort_order", id="legacy_sort_order_up"),
    pytest.param(
        lambda c: c.calls.create(from_="+19195551212", to="+19195553434", recording_file_format="ogg"),
        "recording_file_format",
        id="create_format_ogg",
    ),
    pytest.param(
        lambda c: c.calls.update("c-abc123", recording_file_format="ogg"),
        "recording_file_format",
        id="update_format_ogg",
    ),
    pytest.param(
        lambda c: c.create_call("+19195551212", "+19195553434", recording_file_format="ogg"),
        "recording_file_format",
        id="legacy_create_format_ogg",
    ),
    pytest.param(
        lambda c: c.calls.create(from_="+19195551212", to="+19195553434", callback_http_method="PUT"),
        "callback_http_method",
        id="callback_method_put",
    ),
    pytest.param(
        lambda c: c.create_call("+19195551212", "+19195553434", callback_http_method="PUT"),
        "callback_http_method",
        id="legacy_callback_method_put",
    ),
    pytest.param(lambda c: c.calls.update("c-abc123", state="paused"), "state", id="state_paused"),
    pytest.param(lambda c: c.update_call("c-abc123", state="paused"), "state", id="legacy_state_paused"),
    pytest.param(
        lambda c: c.calls.handle("c-abc123").update(state="paused"), "state", id="model_state_paused"
    ),
    pytest.param(lambda c: c.calls.update("c-abc123"), "state", id="update_nothing"),
    pytest.param(
        lambda c: c.calls.transfer("c-abc123", "+19195554444", diversion_reason="bored"),
        "diversion_reason",
        id="diversion_reason_unknown",
    ),
    pytest.param(
        lambda c: c.calls.transfer("c-abc123", "+19195554444", whisper_audio={"text": "hi"}),
        "whisper_audio",
        id="whisper_unknown_key",
    ),
    pytest.param(
        lambda c: c.calls.transfer("c-abc123", "+19195554444", caller_id=""),
        "caller_id",
        id="transfer_empty_caller_id",
    ),
    pytest.param(
        lambda c: c.transfer_call("c-abc123", "+19195554444", caller_id=""),
        "caller_id",
        id="legacy_transfer_empty_caller_id",
    ),
    # JSON types: the original SDK's docs send strings, this SDK sends (and requires) booleans and numbers
    pytest.param(
        lambda c: c.calls.create(from_="+19195551212", to="+19195553434", recording_enabled="true"),
        "recording_enabled",
        id="recording_enabled_string",
    ),
    pytest.param(lambda c: c.bridges.create(bridge_audio="true"), "bridge_audio", id="bridge_audio_string"),
    pytest.param(
        lambda c: c.calls.create_gather("c-abc123", max_digits="5"), "max_digits", id="max_digits_string"
    ),
    # the typed layer stays strict: the dict facade's leniency is its own (tests/test_legacy_lenient.py)
    pytest.param(
        lambda c: c.calls.create(from_="+19195551212", to="+19195553434", call_timeout="30"),
        "call_timeout",
        id="call_timeout_string",
    ),
    pytest.param(lambda c: c.calls.send_dtmf("c-abc123", 12), "digits", id="dtmf_int"),
    pytest.param(
        lambda c: c.calls.play_audio("c-abc123", sentence="Hi", volume="2"), "volume", id="volume_string"
    ),
    pytest.param(lambda c: c.calls.list(page_size="2"), "page_size", id="page_size_string"),
    pytest.param(
        lambda c: c.calls.handle("c-abc123").gather(inter_digit_timeout="7"),
        "inter_digit_timeout",
        id="model_inter_digit_timeout_string",
    ),
    pytest.param(
        lambda c: c.bridges.handle("brg-abc123").update(bridge_audio="false"),
        "bridge_audio",
        id="model_bridge_audio_string",
    ),
    # the facade's leniency ends where the API's documented limits begin
    pytest.param(
        lambda c: c.create_call("+19195551212", "+19195553434", call_timeout="301"),
        "call_timeout",
        id="legacy_call_timeout_301_string",
    ),
    pytest.param(
        lambda c: c.create_call("+19195551212", "+19195553434", call_timeout="soon"),
        "call_timeout",
        id="legacy_call_timeout_not_a_number",
    ),
    pytest.param(
        lambda c: c.create_call_gather("c-abc123", "31"), "max_digits", id="legacy_max_digits_31_string"
    ),
    pytest.param(lambda c: c.list_calls(size="1001"), "size", id="legacy_size_1001_string"),
    pytest.param(
        lambda c: c.create_call("+19195551212", "+19195553434", callbackUrl="http://example.com"),
        "callbackUrl",
        id="legacy_colliding_keyword",
    ),
    # SIP headers
    pytest.param(
        lambda c: c.calls.create(from_="+19195551212", to="+19195553434", sip_headers=SIX_HEADERS),
        "sip_headers",
        id="six_sip_headers",
    ),
    pytest.param(
        lambda c: c.calls.create(from_="+19195551212", to="+19195553434", sip_headers={"Y-Header": "v"}),
        "sip_headers",
        id="sip_header_without_x",
    ),
    pytest.param(
        lambda c: c.create_call("+19195551212", "+19195553434", sip_headers=SIX_HEADERS),
        "sip_headers",
        id="legacy_six_sip_headers",
    ),
    pytest.param(
        lambda c: c.create_call("+19195551212", "+19195553434", sip_headers={"Header-1": "v"}),
        "sip_headers",
        id="legacy_sip_header_without_x",
    ),
    # DTMF
    pytest.param(lambda c: c.calls.send_dtmf("c-abc123", "12E"), "digits", id="dtmf_12E"),
    pytest.param(lambda c: c.calls.send_dtmf("c-abc123", ""), "digits", id="dtmf_empty"),
    pytest.param(lambda c: c.calls.send_dtmf("c-abc123", "1" * 93), "digits", id="dtmf_93_digits"),
    pytest.param(lambda c: c.calls.handle("c-abc123").send_dtmf("12E"), "digits", id="model_dtmf_12E"),
    pytest.param(lambda c: c.send_dtmf_to_call("c-abc123", "12E"), "dtmf_out", id="legacy_dtmf_12E"),
    # empty ids
    pytest.param(lambda c: c.calls.get(""), "call_id", id="get_call_empty_id"),
    pytest.param(lambda c: c.calls.handle(""), "call_id", id="handle_empty_id"),
    pytest.param(lambda c: c.calls.hangup(""), "call_id", id="hangup_empty_id"),
    pytest.param(lambda c: c.calls.list_events(""), "call_id", id="events_empty_call_id"),
    pytest.param(lambda c: c.calls.get_gather("c-abc123", ""), "gather_id", id="get_gather_empty_id"),
    pytest.param(lambda c: c.calls.stop_gather("", "g-abc123"), "call_id", id="stop_gather_empty_call_id"),
    pytest.param(lambda c: c.calls.get_event("c-abc123", ""), "event_id", id="get_event_empty_id"),
    pytest.param(lambda c: c.bridges.get(""), "bridge_id", id="get_bridge_empty_id"),
    pytest.param(lambda c: c.bridges.list_calls(""), "bridge_id", id="bridge_calls_empty_id"),
    pytest.param(lambda c: c.recordings.get(""), "recording_id", id="get_recording_empty_id"),
    pytest.param(
        lambda c: c.recordings.get_transcription("rec-abc123", ""),
        "transcription_id",
        id="transcription_empty_id",
    ),
    pytest.param(lambda c: c.recordings.create_transcription(""), "recording_id", id="transcribe_empty_id"),
    pytest.param(lambda c: c.get_call(""), "call_id", id="legacy_get_call_empty_id"),
    pytest.param(lambda c: c.get_bridge(""), "bridge_id", id="legacy_get_bridge_empty_id"),
    pytest.param(lambda c: c.get_recording(""), "recording_id", id="legacy_get_recording_empty_id"),
    pytest.param(lambda c: c.list_call_events(""), "call_id", id="legacy_call_events_empty_id"),
    # bridges
    pytest.param(
        lambda c: c.bridges.create(call_ids=["c-abc123", "c-def456", "c-ghi789"]),
        "call_ids",
        id="bridge_3_calls",
    ),
    pytest.param(
        lambda c: c.bridges.update("brg-abc123", call_ids=["c-abc123", "c-def456", "c-ghi789"]),
        "call_ids",
        id="update_bridge_3_calls",
    ),
    pytest.param(
        lambda c: c.create_bridge(["c-abc123", "c-def456", "c-ghi789"]),
        "call_ids",
        id="legacy_bridge_3_calls",
    ),
    pytest.param(
        lambda c: c.update_bridge("brg-abc123", ["c-abc123", "c-def456", "c-ghi789"]),
        "call_ids",
        id="legacy_update_bridge_3_calls",
    ),
    pytest.param(
        lambda c: c.bridges.handle("brg-abc123").update(calls=["c-abc123", "c-def456", "c-ghi789"]),
        "calls",
        id="model_bridge_3_calls",
    ),
    pytest.param(lambda c: c.bridges.create(call_ids="c-abc123"), "call_ids", id="bridge_call_ids_string"),
    pytest.param(
        lambda c: c.bridges.create(call_ids=["c-abc123", ""]), "call_ids", id="bridge_empty_call_id"
    ),
    pytest.param(lambda c: c.bridges.update("brg-abc123"), "call_ids", id="update_bridge_nothing"),
    # audio
    pytest.param(lambda c: c.calls.play_audio("c-abc123"), "file_url", id="play_neither"),
    pytest.param(
        lambda c: c.calls.play_audio("c-abc123", file_url="http://example.com/a.mp3", sentence="Hi"),
        "file_url",
        id="play_both",
    ),
    pytest.param(lambda c: c.bridges.play_audio("brg-abc123"), "file_url", id="bridge_play_neither"),
    pytest.param(
        lambda c: c.bridges.play_audio("brg-abc123", file_url="http://example.com/a.mp3", sentence="Hi"),
        "file_url",
        id="bridge_play_both",
    ),
    pytest.param(lambda c: c.calls.handle("c-abc123").play(), "file_url", id="model_play_neither"),
    pytest.param(lambda c: c.play_audio_to_call("c-abc123"), "file_url", id="legacy_play_neither"),
    pytest.param(
        lambda c: c.play_audio_to_bridge("brg-abc123", "http://example.com/a.mp3", "Hi"),
        "file_url",
        id="legacy_bridge_play_both",
    ),
    pytest.param(
        lambda c: c.calls.play_audio("c-abc123", file_url="http://example.com/a.mp3", volume=5),
        "volume",
        id="volume_5",
    ),
    pytest.param(
        lambda c: c.calls.play_audio("c-abc123", sentence="x" * 1001),
        "sentence",
        id="sentence_1001_characters",
    ),
    # conferences
    pytest.param(lambda c: c.conferences.create(from_=""), "from_", id="conference_empty_from"),
    pytest.param(
        lambda c: c.conferences.create(from_="+19195551212", callback_timeout=10_001),
        "callback_timeout",
        id="conference_callback_timeout_10001",
    ),
    pytest.param(
        lambda c: c.conferences.create(from_="+19195551212", callback_http_method="PUT"),
        "callback_http_method",
        id="conference_callback_method_put",
    ),
    pytest.param(
        lambda c: c.conferences.create(from_="+19195551212", profile="quiet"), "profile", id="profile_quiet"
    ),
    pytest.param(
        lambda c: c.conferences.create(from_="+19195551212", extra_body={"profile": "passthru_digits"}),
        "extra_body.profile",
        id="conference_extra_collides",
    ),
    pytest.param(lambda c: c.conferences.get(""), "conference_id", id="get_conference_empty_id"),
    pytest.param(lambda c: c.conferences.update("conf-abc123"), "state", id="update_conference_nothing"),
    pytest.param(
        lambda c: c.conferences.update("conf-abc123", state="active"), "state", id="conference_state_active"
    ),
    pytest.param(
        lambda c: c.conferences.update("conf-abc123", mute="true"), "mute", id="conference_mute_string"
    ),
    pytest.param(lambda c: c.conferences.play_audio("conf-abc123"), "file_url", id="conference_play_neither"),
    pytest.param(
        lambda c: c.conferences.play_audio("conf-abc123", sentence="x" * 1001),
        "sentence",
        id="conference_sentence_1001_characters",
    ),
    pytest.param(
        lambda c: c.conferences.create_member("conf-abc123", ""), "call_id", id="member_empty_call_id"
    ),
    pytest.param(
        lambda c: c.conferences.create_member("conf-abc123", "c-abc123", join_tone="false"),
        "join_tone",
        id="member_join_tone_string",
    ),
    pytest.param(
        lambda c: c.conferences.get_member("conf-abc123", ""), "member_id", id="get_member_empty_id"
    ),
    pytest.param(
        lambda c: c.conferences.update_member("conf-abc123", "member-abc123"),
        "state",
        id="update_member_nothing",
    ),
    pytest.param(
        lambda c: c.conferences.play_audio_to_member(
            "conf-abc123", "member-abc123", file_url="http://example.com/a.mp3", sentence="Hi"
        ),
        "file_url",
        id="member_play_both",
    ),
    pytest.param(lambda c: c.conferences.handle("conf-abc123").mute("yes"), "mute", id="model_mute_yes"),
    pytest.param(
        lambda c: c.conferences.member_handle("conf-abc123", "member-abc123").hold(None),
        "hold",
        id="model_member_hold_none",
    ),
    pytest.param(
        lambda c: c.conferences.handle("conf-abc123").add_member(None), "call_id", id="model_add_member_none"
    ),
    pytest.param(lambda c: c.create_conference(None), "from_", id="legacy_conference_none_from"),
    pytest.param(
        lambda c: c.update_conference("conf-abc123"), "state", id="legacy_update_conference_nothing"
    ),
    pytest.param(lambda c: c.mute_conference("conf-abc123", "maybe"), "mute", id="legacy_mute_maybe"),
    pytest.param(lambda c: c.create_conference_member("conf-abc123"), "call_id", id="legacy_member_no_call"),
    pytest.param(
        lambda c: c.get_conference_member("conf-abc123", ""), "member_id", id="legacy_get_member_empty_id"
    ),
    pytest.param(
        lambda c: c.play_audio_to_conference_member("conf-abc123", "member-abc123"),
        "file_url",
        id="legacy_member_play_neither",
    ),
    pytest.param(lambda c: c.create_conference("+19195551212", tag=5), "tag", id="legacy_conference_tag_5"),
    # downloads
    pytest.param(
        lambda c: c.recordings.download("rec-abc123", io.BytesIO(), chunk_size=0),
        "chunk_size",
        id="chunk_size_0",
    ),
]


@pytest.mark.parametrize(("action", "parameter"), BAD_INPUT)
def test_bad_input_is_refused_before_any_request(
    client: Client, no_requests: Cassette, action: Action, parameter: str
) -> None:
    with pytest.raises(InvalidParameterError) as info:
        action(client)

    assert info.value.parameter == parameter
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(f"{parameter}: ")


def test_download_refuses_to_send_credentials_off_the_api_host(client: Client, no_requests: Cassette) -> None:
    recording = client.bind(Recording(id="rec-abc123", media="https://media.example.com/rec-abc123.wav"))

    with pytest.raises(APIResponseValidationError):
        recording.download(io.BytesIO())


# -- malformed answers -----------------------------------------------------------------------------------


def test_invalid_json_body(client: Client, cassette: Cassette) -> None:
    with pytest.raises(APIResponseValidationError) as typed:
        client.calls.get("c-abc123")
    with pytest.raises(APIResponseValidationError) as legacy:
        client.get_call("c-abc123")

    assert typed.value.status_code == 200
    assert typed.value.body.startswith('{"id": "c-abc123", "state":')
    assert typed.value.url.endswith("/calls/c-abc123")
    assert legacy.value.status_code == 200
    assert cassette.play_count == 2


def test_invalid_json_in_a_list(client: Client, cassette: Cassette) -> None:
    with pytest.raises(APIResponseValidationError):
        list(client.calls.list())
    with pytest.raises(APIResponseValidationError):
        list(client.list_calls())
    assert cassette.play_count == 2


def test_json_of_the_wrong_shape(client: Client, cassette: Cassette) -> None:
    with pytest.raises(APIResponseValidationError):
        client.bridges.get("brg-abc123")
    with pytest.raises(APIResponseValidationError):
        client.get_bridge("brg-abc123")
    assert cassette.play_count == 2


def test_a_list_that_is_not_an_array(client: Client, cassette: Cassette) -> None:
    with pytest.raises(APIResponseValidationError):
        list(client.bridges.list())
    with pytest.raises(APIResponseValidationError):
        list(client.list_bridges())
    assert cassette.play_count == 2


def test_a_resource_without_its_id(client: Client, cassette: Cassette) -> None:
    with pytest.raises(APIResponseValidationError) as info:
        client.calls.get("c-abc123")

    assert "Call" in info.value.message


@pytest.mark.parametrize(
    ("typed", "legacy"),
    [
        pytest.param(
            lambda c: c.calls.create(from_="+19195551212", to="+19195553434"),
            lambda c: c.create_call("+19195551212", "+19195553434"),
            id="call",
        ),
        pytest.param(
            lambda c: c.bridges.create(bridge_audio=True),
            lambda c: c.create_bridge(bridge_audio=True),
            id="bridge",
        ),
        pytest.param(
            lambda c: c.calls.create_gather("c-abc123", max_digits=1),
            lambda c: c.create_call_gather("c-abc123", max_digits=1),
            id="gather",
        ),
        pytest.param(
            lambda c: c.calls.transfer("c-abc123", "+19195554444"),
            lambda c: c.transfer_call("c-abc123", "+19195554444"),
            id="transfer",
        ),
        pytest.param(
            lambda c: c.recordings.create_transcription("rec-abc123"),
            lambda c: c.create_transcription("rec-abc123"),
            id="transcription",
        ),
    ],
)
def test_create_without_location(client: Client, cassette: Cassette, typed: Action, legacy: Action) -> None:
    with pytest.raises(APIResponseValidationError) as typed_info:
        typed(client)
    with pytest.raises(APIResponseValidationError) as legacy_info:
        legacy(client)

    assert "Location" in typed_info.value.message
    assert typed_info.value.status_code == 201
    assert "Location" in legacy_info.value.message
    assert cassette.play_count == 2


def test_create_with_a_location_that_names_no_resource(client: Client, cassette: Cassette) -> None:
    with pytest.raises(APIResponseValidationError):
        client.calls.create(from_="+19195551212", to="+19195553434", fetch=False)


def test_next_link_off_the_api_host_is_not_followed(client: Client, cassette: Cassette) -> None:
    calls = iter(client.calls.list(page_size=1))

    assert next(calls).id == "c-abc001"
    with pytest.raises(APIResponseValidationError) as info:
        next(calls)
    assert "evil.example.com" in info.value.message
    assert cassette.play_count == 1
