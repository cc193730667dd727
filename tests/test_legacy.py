"""The original bandwidth-sdk 3.1 dict API, used as its docstrings show, against the documented traffic.

Dicts come back with snake_case keys and the values exactly as the API sent them (timestamps stay strings,
``from`` stays ``from``, ``sipHeaders`` keys are untouched); lists are lazy generators; creates return ids.
"""

from __future__ import annotations

import types
from collections.abc import Iterator

import pytest
from vcr.cassette import Cassette

import bandwidth
from bandwidth import Client

BASE = "https://api.catapult.inetwork.com/v1/users/u-test"

CALL = {
    "active_time": "2014-12-19T19:13:20Z",
    "callback_url": "https://example.com",
    "chargeable_duration": 60,
    "direction": "out",
    "end_time": "2014-12-19T19:13:22Z",
    "events": f"{BASE}/calls/c-abc123/events",
    "fallback_url": "https://example-fallback.com",
    "from": "+19195551212",
    "id": "c-abc123",
    "recording_enabled": False,
    "recordings": f"{BASE}/calls/c-abc123/recordings",
    "start_time": "2014-12-19T19:13:09Z",
    "state": "completed",
    "to": "+19195553434",
    "transcription_enabled": True,
    "transcriptions": f"{BASE}/calls/c-abc123/transcriptions",
    "sip_headers": {"X-header": "value"},
}
BRIDGE = {
    "id": "brg-abc123",
    "state": "completed",
    "bridge_audio": True,
    "calls": f"{BASE}/bridges/brg-abc123/calls",
    "created_time": "2013-04-22T13:55:30.279Z",
    "activated_time": "2013-04-22T13:55:30.280Z",
    "completed_time": "2013-04-22T13:59:30.122Z",
}
RECORDING = {
    "end_time": "2013-02-08T13:17:12.181Z",
    "id": "rec-abc123",
    "media": f"{BASE}/media/c-abc123-1.wav",
    "call": f"{BASE}/calls/c-abc123",
    "start_time": "2013-02-08T13:15:47.587Z",
    "state": "complete",
    "media_name": "c-abc123-1.wav",
}
TRANSCRIPTIONS = [
    {
        "chargeable_duration": 60,
        "id": "tr-abc123",
        "state": "completed",
        "time": "2014-10-09T12:09:16Z",
        "text": "Hey there, I was calling to talk about plans for this saturday.",
        "text_size": 3627,
        "text_url": f"{BASE}/media/tr-abc123",
    },
    {
        "chargeable_duration": 60,
        "id": "tr-def456",
        "state": "completed",
        "text": "Call me back, please.",
        "time": "2014-10-09T14:04:44Z",
        "text_size": 72,
        "text_url": f"{BASE}/media/tr-def456",
    },
]


@pytest.fixture
def api(client: Client) -> Client:
    """The client, named as the original SDK's docstrings name it."""
    return client


# -- entry points ----------------------------------------------------------------------------------------


def test_voice_module_exports_the_original_names() -> None:
    from bandwidth.voice import BandwidthVoiceAPIException, Client as VoiceClient

    assert VoiceClient is bandwidth.Client
    assert BandwidthVoiceAPIException is bandwidth.BandwidthVoiceAPIException
    assert issubclass(bandwidth.APIStatusError, BandwidthVoiceAPIException)


def test_client_factory_builds_a_working_voice_client(cassette: Cassette) -> None:
    with bandwidth.client("voice", "u-test", "t-test-token", "s-test-secret") as api:
        assert isinstance(api, bandwidth.Client)
        assert api.base_url == BASE

        assert api.get_call("c-abc123") == CALL
    assert cassette.play_count == 1


def test_client_factory_refuses_other_clients() -> None:
    with pytest.raises(ValueError, match="client_name"):
        bandwidth.client("messaging", "u-test", "t-test-token", "s-test-secret")


# -- audio helpers -----------------------------------------------------------------------------------------


def test_build_sentence_returns_the_original_audio_dict(api: Client) -> None:
    sentence = api.build_sentence(
        sentence="Hello from Bandwidth", gender="Female", locale="en_UK", voice="Bridget", loop_enabled=True
    )

    assert sentence == {
        "sentence": "Hello from Bandwidth",
        "gender": "Female",
        "locale": "en_UK",
        "voice": "Bridget",
        "loopEnabled": True,
    }


def test_build_audio_playback_returns_the_original_audio_dict(api: Client) -> None:
    assert api.build_audio_playback("http://my_site.com/file.mp3", loop_enabled=True) == {
        "fileUrl": "http://my_site.com/file.mp3",
        "loopEnabled": True,
    }
    assert api.build_audio_playback("http://my_site.com/file.mp3") == {
        "fileUrl": "http://my_site.com/file.mp3",
        "loopEnabled": None,
    }


# -- calls ---------------------------------------------------------------------------------------------------


def test_list_calls_returns_documented_dicts(api: Client, cassette: Cassette) -> None:
    calls = list(api.list_calls())

    assert calls == [
        {
            "id": "c-abc123",
            "direction": "out",
            "from": "+19195551212",
            "to": "+19195553434",
            "recording_enabled": False,
            "callback_url": "",
            "state": "completed",
            "start_time": "2013-02-08T13:15:47.587Z",
            "active_time": "2013-02-08T13:15:52.347Z",
            "end_time": "2013-02-08T13:15:55.887Z",
            "chargeable_duration": 60,
            "events": f"{BASE}/calls/c-abc123/events",
            "sip_headers": {"X-Header-1": "value-1", "X-Header-2": "value2"},
        },
        {
            "id": "c-def456",
            "direction": "out",
            "from": "+19195553434",
            "to": "+19195554444",
            "recording_enabled": False,
            "callback_url": "",
            "state": "active",
            "start_time": "2013-02-08T13:15:47.587Z",
            "active_time": "2013-02-08T13:15:52.347Z",
            "events": f"{BASE}/calls/c-def456/events",
        },
    ]


def test_list_calls_is_a_lazy_generator_across_pages(api: Client, cassette: Cassette) -> None:
    calls = api.list_calls(from_="+19195551212", size=2, sort_order="desc")

    assert isinstance(calls, types.GeneratorType)
    assert cassette.play_count == 0
    assert next(calls)["id"] == "c-abc001"
    assert cassette.play_count == 1
    assert [call["id"] for call in calls] == ["c-abc002", "c-abc003"]
    assert cassette.play_count == 2


def test_list_calls_by_bridge_and_page(api: Client, cassette: Cassette) -> None:
    calls = list(
        api.list_calls(bridge_id="brg-abc123", conference_id="conf-abc123", to="+19195553434", page=1)
    )

    assert [call["id"] for call in calls] == ["c-abc123"]
    assert calls[0]["bridge_id"] == "brg-abc123"


def test_create_call_returns_the_id_in_one_request(api: Client, cassette: Cassette) -> None:
    call_id = api.create_call(
        from_="+19195551212",
        to="+19195553434",
        call_timeout=30,
        callback_url="http://yoursite.com/calls",
        callback_timeout=3000,
        callback_http_method="POST",
        fallback_url="http://bing.com",
        recording_enabled=False,
        recording_file_format="wav",
        recording_max_duration=600,
        transcription_enabled=False,
        tag="my-tag",
        sip_headers={"X-Header-1": "value1", "X-myHeader": "value2"},
    )

    assert call_id == "c-abc123"
    assert cassette.play_count == 1


def test_get_call_returns_the_golden_dict(api: Client, cassette: Cassette) -> None:
    assert api.get_call("c-abc123") == CALL


def test_update_call_returns_none_without_location(api: Client, cassette: Cassette) -> None:
    assert api.update_call("c-abc123", state="completed") is None
    assert cassette.play_count == 1


def test_update_call_transfer_returns_the_new_id(api: Client, cassette: Cassette) -> None:
    new_id = api.update_call(
        "c-abc123",
        state="transferring",
        transfer_to="+18382947878",
        transfer_caller_id="private",
        whisper_audio=api.build_audio_playback("http://my_site.com/file.mp3"),
        callback_url="https://example.com/transfer",
        diversion_treatment="stack",
        diversion_reason="user-busy",
    )

    assert new_id == "c-xyz789"


def test_update_call_recording(api: Client, cassette: Cassette) -> None:
    assert api.update_call("c-abc123", recording_enabled=True, recording_file_format="mp3") is None


def test_play_audio_to_call_file_url(api: Client, cassette: Cassette) -> None:
    assert api.play_audio_to_call("c-abc123", file_url="http://host/path/file.mp3") is None
    assert cassette.play_count == 1


def test_play_audio_to_call_with_build_audio_playback(api: Client, cassette: Cassette) -> None:
    api.play_audio_to_call(
        "c-abc123", api.build_audio_playback("http://my_site.com/file.mp3", loop_enabled=True)
    )
    assert cassette.play_count == 1


def test_play_audio_to_call_tag_and_volume(api: Client, cassette: Cassette) -> None:
    api.play_audio_to_call("c-abc123", file_url="http://host/path/file.mp3", tag="t1", volume=3)
    assert cassette.play_count == 1


def test_play_audio_to_call_sentence(api: Client, cassette: Cassette) -> None:
    api.play_audio_to_call("c-abc123", sentence="Press 0 to complete call", gender="female")
    assert cassette.play_count == 1


def test_play_audio_to_call_with_build_sentence(api: Client, cassette: Cassette) -> None:
    my_sentence = api.build_sentence(
        sentence="Hello from Bandwidth", gender="Female", locale="en_UK", voice="Bridget", loop_enabled=True
    )

    api.play_audio_to_call("c-abc123", my_sentence)

    assert cassette.play_count == 1


def test_speak_sentence_to_call_uses_the_original_defaults(api: Client, cassette: Cassette) -> None:
    api.speak_sentence_to_call("c-abc123", "Hello")
    assert cassette.play_count == 1


def test_play_audio_file_to_call(api: Client, cassette: Cassette) -> None:
    assert api.play_audio_file_to_call("c-abc123", "http://host/path/file.mp3", tag="file-tag") is None
    assert cassette.play_count == 1


def test_send_dtmf_to_call(api: Client, cassette: Cassette) -> None:
    assert api.send_dtmf_to_call("c-abc123", "1234") is None
    assert cassette.play_count == 1


@pytest.mark.parametrize("method", ["list_call_recordings", "get_call_recordings"])
def test_call_recordings_keep_values_as_sent(api: Client, cassette: Cassette, method: str) -> None:
    recordings = getattr(api, method)("c-abc123")

    assert isinstance(recordings, types.GeneratorType)
    assert cassette.play_count == 0
    assert list(recordings) == [
        {
            "end_time": "2013-02-08T12:06:55.007Z",
            "id": "rec-abc123",
            "media": f"{BASE}/media/c-abc123-1.wav",
            "call": f"{BASE}/calls/c-abc123",
            "start_time": "2013-02-08T12:05:17.807Z",
            "state": "complete",
        },
        {
            "end_time": "2013-02-08T13:15:65.887Z",  # as the API sent it: the dict API does not parse times
            "id": "rec-def456",
            "media": f"{BASE}/media/c-abc123-2.wav",
            "call": f"{BASE}/calls/c-abc123",
            "start_time": "2013-02-08T13:15:55.887Z",
            "state": "complete",
        },
    ]


@pytest.mark.parametrize("method", ["list_call_transcriptions", "get_call_transcriptions"])
def test_call_transcriptions(api: Client, cassette: Cassette, method: str) -> None:
    transcriptions = getattr(api, method)("c-abc123")

    assert isinstance(transcriptions, types.GeneratorType)
    assert list(transcriptions) == TRANSCRIPTIONS


@pytest.mark.parametrize("method", ["list_call_events", "get_call_events"])
def test_call_events(api: Client, cassette: Cassette, method: str) -> None:
    events = getattr(api, method)("c-abc123")

    assert isinstance(events, types.GeneratorType)
    assert list(events) == [
        {"id": "ev-abc001", "time": "2012-09-19T13:55:41.343Z", "name": "create"},
        {"id": "ev-abc002", "time": "2012-09-19T13:55:45.583Z", "name": "answer"},
        {
            "id": "ev-abc003",
            "time": "2012-09-19T13:55:45.583Z",
            "name": "CHANNEL_EXECUTE",
            "data": '{"applicationName":"park"}',
        },
        {"id": "ev-abc008", "time": "2012-09-19T13:55:58.323Z", "name": "hangup", "data": "NORMAL_CLEARING"},
    ]


def test_get_call_event_keeps_the_epoch_millis(api: Client, cassette: Cassette) -> None:
    assert api.get_call_event("c-abc123", "ce-qg4vz6anrfogri7hhduqlgq") == {
        "id": "ce-qg4vz6anrfogri7hhduqlgq",
        "time": 1419032854964,
        "name": "hangup",
        "data": "",
    }


def test_create_call_gather_returns_the_id_in_one_request(api: Client, cassette: Cassette) -> None:
    gather_id = api.create_call_gather("c-abc123", max_digits=1)

    assert gather_id == "g-abc123"
    assert cassette.play_count == 1


def test_create_call_gather_with_every_option(api: Client, cassette: Cassette) -> None:
    gather_id = api.create_call_gather(
        "c-abc123",
        max_digits=5,
        inter_digit_timeout=7,
        terminating_digits="*",
        tag="pin",
        prompt=api.build_sentence("Please enter your 5 digit code", gender="female", loop_enabled=False),
    )

    assert gather_id == "g-abc123"


def test_get_call_gather_golden_dict(api: Client, cassette: Cassette) -> None:
    assert api.get_call_gather("c-abc123", "g-abc123") == {
        "id": "g-abc123",
        "state": "completed",
        "reason": "max-digits",
        "created_time": "2014-02-12T19:33:56Z",
        "completed_time": "2014-02-12T19:33:59Z",
        "call": f"{BASE}/calls/c-abc123",
        "digits": "123",
    }


@pytest.mark.parametrize(
    "state", [pytest.param("completed", id="explicit"), pytest.param(None, id="default")]
)
def test_update_call_gather_stops_it(api: Client, cassette: Cassette, state: str | None) -> None:
    if state is None:
        api.update_call_gather("c-abc123", "g-abc123")
    else:
        api.update_call_gather("c-abc123", "g-abc123", state=state)
    assert cassette.play_count == 1


@pytest.mark.parametrize(
    "method", ["answer_call", "reject_call", "hangup_call", "enable_call_recording", "disable_call_recording"]
)
def test_call_shortcuts_send_one_request(api: Client, cassette: Cassette, method: str) -> None:
    assert getattr(api, method)("c-abc123") is None
    assert cassette.play_count == 1


def test_toggle_call_recording_reads_then_flips(api: Client, cassette: Cassette) -> None:
    assert api.toggle_call_recording("c-abc123") is None
    assert cassette.play_count == 2


@pytest.mark.parametrize("setting", ["null", "absent"])
def test_toggle_call_recording_returns_the_call_when_the_setting_is_unknown(
    api: Client, cassette: Cassette, setting: str
) -> None:
    call = api.toggle_call_recording("c-abc123")

    assert call is not None
    assert call["id"] == "c-abc123"
    assert call["state"] == "active"
    assert call.get("recording_enabled", "absent") == (None if setting == "null" else "absent")
    assert cassette.play_count == 1  # the GET; no POST


def test_transfer_call_with_whisper_sentence_returns_the_new_id(api: Client, cassette: Cassette) -> None:
    my_sentence = api.build_sentence(
        sentence="Hello from Bandwidth", gender="Female", locale="en_UK", voice="Bridget", loop_enabled=True
    )
    my_call = api.get_call("c-abc123")

    new_id = api.transfer_call(
        "c-abc123", to="+1234564890", caller_id=my_call["from"], whisper_audio=my_sentence
    )

    assert new_id == "c-xyz789"
    assert cassette.play_count == 2


def test_transfer_call_with_whisper_playback(api: Client, cassette: Cassette) -> None:
    my_audio = api.build_audio_playback("http://my_site.com/file.mp3", loop_enabled=True)

    new_id = api.transfer_call(
        "c-abc123", to="+1234564890", whisper_audio=my_audio, callback_url="https://example.com/transfer"
    )

    assert new_id == "c-xyz789"
    assert cassette.play_count == 1


# -- bridges -------------------------------------------------------------------------------------------------


def test_list_bridges_is_a_lazy_generator_across_pages(api: Client, cassette: Cassette) -> None:
    bridges = api.list_bridges(size=1)

    assert isinstance(bridges, types.GeneratorType)
    assert cassette.play_count == 0
    assert list(bridges) == [
        BRIDGE,
        {**BRIDGE, "id": "brg-def456", "calls": f"{BASE}/bridges/brg-def456/calls"},
    ]
    assert cassette.play_count == 2


def test_create_bridge_returns_the_id(api: Client, cassette: Cassette) -> None:
    assert api.create_bridge(call_ids=["c-abc123", "c-def456"], bridge_audio=True) == "brg-abc123"
    assert cassette.play_count == 1


def test_create_bridge_without_arguments(api: Client, cassette: Cassette) -> None:
    assert api.create_bridge() == "brg-abc123"


def test_get_bridge_golden_dict(api: Client, cassette: Cassette) -> None:
    assert api.get_bridge("brg-abc123") == BRIDGE


def test_update_bridge(api: Client, cassette: Cassette) -> None:
    assert api.update_bridge("brg-abc123", call_ids=["c-abc123", "c-def456"], bridge_audio=False) is None
    assert cassette.play_count == 1


@pytest.mark.parametrize("method", ["list_bridge_calls", "get_bridge_calls"])
def test_bridge_calls(api: Client, cassette: Cassette, method: str) -> None:
    calls = getattr(api, method)("brg-abc123")

    assert isinstance(calls, types.GeneratorType)
    assert list(calls) == [
        {
            "active_time": "2013-05-22T19:49:39Z",
            "direction": "out",
            "from": "+19195551212",
            "id": "c-abc123",
            "bridge_id": "brg-abc123",
            "start_time": "2013-05-22T19:49:35Z",
            "state": "active",
            "to": "+19195553434",
            "recording_enabled": False,
            "events": f"{BASE}/calls/c-abc123/events",
            "bridge": f"{BASE}/bridges/brg-abc123",
        },
        {
            "active_time": "2013-05-22T19:50:16Z",
            "direction": "out",
            "from": "+19195551212",
            "id": "c-def456",
            "bridge_id": "brg-abc123",
            "start_time": "2013-05-22T19:50:16Z",
            "state": "active",
            "to": "+19195554444",
            "recording_enabled": False,
            "events": f"{BASE}/calls/c-def456/events",
            "bridge": f"{BASE}/bridges/brg-abc123",
        },
    ]


def test_play_audio_to_bridge_file_url(api: Client, cassette: Cassette) -> None:
    assert api.play_audio_to_bridge("brg-abc123", file_url="http://host/path/file.mp3", tag="b1") is None
    assert cassette.play_count == 1


def test_play_audio_to_bridge_with_build_audio_playback(api: Client, cassette: Cassette) -> None:
    api.play_audio_to_bridge(
        "brg-abc123", api.build_audio_playback("http://my_site.com/file.mp3", loop_enabled=True)
    )
    assert cassette.play_count == 1


def test_play_audio_to_bridge_sentence(api: Client, cassette: Cassette) -> None:
    api.play_audio_to_bridge("brg-abc123", sentence="Press 0 to complete call", gender="female")
    assert cassette.play_count == 1


def test_speak_sentence_to_bridge_uses_the_original_defaults(api: Client, cassette: Cassette) -> None:
    api.speak_sentence_to_bridge("brg-abc123", "Hello", tag="greeting")
    assert cassette.play_count == 1


def test_play_audio_file_to_bridge(api: Client, cassette: Cassette) -> None:
    assert api.play_audio_file_to_bridge("brg-abc123", "http://host/path/file.mp3") is None
    assert cassette.play_count == 1


# -- recordings and transcriptions ---------------------------------------------------------------------------


def test_list_recordings_adds_media_name_lazily_across_pages(api: Client, cassette: Cassette) -> None:
    recordings = api.list_recordings(size=1)

    assert isinstance(recordings, Iterator)
    assert cassette.play_count == 0
    assert list(recordings) == [
        RECORDING,
        {
            "end_time": "2013-02-08T14:05:15.587Z",
            "id": "rec-def456",
            "media": f"{BASE}/media/c-abc123-2.wav",
            "call": f"{BASE}/calls/c-abc123",
            "start_time": "2013-02-08T14:03:47.587Z",
            "state": "complete",
            "media_name": "c-abc123-2.wav",
        },
    ]
    assert cassette.play_count == 2


def test_list_recordings_is_a_generator(api: Client, cassette: Cassette) -> None:
    recordings = api.list_recordings()

    assert isinstance(recordings, types.GeneratorType)
    assert cassette.play_count == 0


def test_get_recording_adds_media_name(api: Client, cassette: Cassette) -> None:
    assert api.get_recording("rec-abc123") == RECORDING


def test_list_transcriptions(api: Client, cassette: Cassette) -> None:
    transcriptions = api.list_transcriptions("rec-abc123")

    assert isinstance(transcriptions, types.GeneratorType)
    assert cassette.play_count == 0
    assert list(transcriptions) == TRANSCRIPTIONS


def test_create_transcription_returns_the_id(api: Client, cassette: Cassette) -> None:
    assert api.create_transcription("rec-abc123") == "tr-abc123"
    assert cassette.play_count == 1


def test_get_transcription_golden_dict(api: Client, cassette: Cassette) -> None:
    assert api.get_transcription("rec-abc123", "tr-abc123") == {
        "chargeable_duration": 11,
        "id": "tr-abc123",
        "state": "completed",
        "text": "Hey there, I was calling to talk about plans for this saturday. ",
        "text_size": 63,
        "text_url": f"{BASE}/media/tr-abc123",
        "time": "2014-12-23T23:08:59Z",
    }
