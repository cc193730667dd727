"""Typed recordings and transcriptions API against the documented traffic (recordings/, transcriptions/)."""

from __future__ import annotations

import base64
import io
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from vcr.cassette import Cassette

from bandwidth import Client, Paginator, Recording, RecordingState, Transcription, TranscriptionState

BASE = "https://api.catapult.inetwork.com/v1/users/u-test"
UTC = timezone.utc
CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
# The media body in the download cassettes: a 48-byte WAV header with bytes that are not UTF-8.
WAV = (
    b"RIFF$\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00@\x1f\x00\x00\x80>\x00\x00"
    b"\x02\x00\x10\x00data\x00\x00\x00\x00\xff\xfe\x00\x80"
)


def test_get_recording(client: Client, cassette: Cassette) -> None:
    recording = client.recordings.get("rec-abc123")

    assert isinstance(recording, Recording)
    assert recording.id == "rec-abc123"
    assert recording.state is RecordingState.COMPLETE
    assert recording.start_time == datetime(2013, 2, 8, 13, 15, 47, 587000, tzinfo=UTC)
    assert recording.end_time == datetime(2013, 2, 8, 13, 17, 12, 181000, tzinfo=UTC)
    assert recording.media_url == f"{BASE}/media/c-bonay3r4mtwbplurq4nkt7q-1.wav"
    assert recording.media_name == "c-bonay3r4mtwbplurq4nkt7q-1.wav"
    assert recording.call_url == f"{BASE}/calls/c-bonay3r4mtwbplurq4nkt7q"
    assert recording.call_id == "c-bonay3r4mtwbplurq4nkt7q"


def test_list_recordings(client: Client, cassette: Cassette) -> None:
    recordings = client.recordings.list(page_size=1000)

    assert isinstance(recordings, Paginator)
    assert cassette.play_count == 0
    items = list(recordings)
    assert [recording.id for recording in items] == ["rec-abc123", "rec-def456", "rec-ghi789"]
    assert [recording.call_id for recording in items] == ["c-abc123", "c-abc123", "c-def456"]
    assert [recording.media_name for recording in items] == [
        "c-abc123-1.wav",
        "c-abc123-2.wav",
        "c-def456-1.wav",
    ]
    assert items[2].end_time == datetime(2013, 2, 8, 13, 34, 7, 507000, tzinfo=UTC)


def test_list_recordings_follows_next_links(client: Client, cassette: Cassette) -> None:
    pages = list(client.recordings.list(page=0, page_size=2).pages())

    assert [[recording.id for recording in page] for page in pages] == [
        ["rec-abc123", "rec-def456"],
        ["rec-ghi789"],
    ]
    assert cassette.play_count == 2


def test_list_transcriptions(client: Client, cassette: Cassette) -> None:
    transcriptions = list(client.recordings.list_transcriptions("rec-abc123"))

    assert [item.id for item in transcriptions] == ["tr-abc123", "tr-def456"]
    assert all(isinstance(item, Transcription) for item in transcriptions)
    assert transcriptions[0].text_size == 3627
    assert transcriptions[1].time == datetime(2014, 10, 9, 14, 4, 44, tzinfo=UTC)
    assert transcriptions[1].text_url == f"{BASE}/media/tr-def456"


def test_get_transcription(client: Client, cassette: Cassette) -> None:
    transcription = client.recordings.get_transcription("rec-abc123", "tr-abc123")

    assert transcription.id == "tr-abc123"
    assert transcription.state is TranscriptionState.COMPLETED
    assert transcription.text == "Hey there, I was calling to talk about plans for this saturday. "
    assert transcription.text_size == 63
    assert transcription.chargeable_duration == 11
    assert transcription.text_url == f"{BASE}/media/tr-abc123"
    assert transcription.time == datetime(2014, 12, 23, 23, 8, 59, tzinfo=UTC)


def test_create_transcription_fetches_it(client: Client, cassette: Cassette) -> None:
    transcription = client.recordings.create_transcription("rec-abc123")

    assert transcription.id == "tr-abc123"
    assert transcription.state is TranscriptionState.TRANSCRIBING
    assert transcription.text is None
    assert cassette.play_count == 2


def test_create_transcription_without_fetch(client: Client, cassette: Cassette) -> None:
    transcription = client.recordings.create_transcription("rec-abc123", fetch=False)

    assert isinstance(transcription, Transcription)
    assert transcription.id == "tr-abc123"
    assert transcription.state is None
    assert cassette.play_count == 1


def test_download_recording_to_a_path(client: Client, cassette: Cassette, tmp_path: Path) -> None:
    recording = client.recordings.get("rec-abc123")
    target = tmp_path / "call.wav"

    written = client.recordings.download(recording, target, chunk_size=7)

    assert written == len(WAV) == 48
    assert target.read_bytes() == WAV
    assert sorted(path.name for path in tmp_path.iterdir()) == ["call.wav"]  # no partial file left behind
    assert cassette.play_count == 2  # the recording, then its media (the URL is not fetched again)


def test_download_recording_by_id_to_a_file_object(client: Client, cassette: Cassette) -> None:
    buffer = io.BytesIO()

    written = client.recordings.download("rec-abc123", buffer)

    assert written == 48
    assert buffer.getvalue() == WAV
    assert cassette.play_count == 2  # an id has to be fetched first for its media URL


def test_download_to_a_missing_directory_sends_nothing(
    client: Client, cassette: Cassette, tmp_path: Path
) -> None:
    recording = client.bind(Recording(id="rec-abc123", media=f"{BASE}/media/c-abc123-1.wav"))

    with pytest.raises(FileNotFoundError):
        recording.download(tmp_path / "missing" / "call.wav")
    assert len(cassette) == 0


def test_download_cassette_body_is_the_expected_binary() -> None:
    text = (CASSETTES / "test_recordings" / "test_download_recording_to_a_path.yaml").read_text()

    assert base64.b64encode(WAV).decode() in text


def test_cassettes_never_store_credentials() -> None:
    secret_forms = ("t-test-token", "s-test-secret", base64.b64encode(b"t-test-token:s-test-secret").decode())
    owned = [
        "test_calls",
        "test_bridges",
        "test_recordings",
        "test_models_methods",
        "test_legacy",
        "test_errors_api",
        "test_bad_input",
    ]
    files = [path for name in owned for path in sorted((CASSETTES / name).glob("*.yaml"))]

    assert len(files) > 150
    for path in files:
        text = path.read_text()
        for secret in (*secret_forms, "Basic "):
            assert secret not in text, path.name
        for interaction in yaml.safe_load(text)["interactions"]:
            for part in (interaction["request"], interaction["response"]):
                assert "authorization" not in {name.lower() for name in part["headers"]}, path.name
