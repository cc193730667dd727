"""The emulator's wire format, checked with plain HTTP: auth, creates, lists, errors, media, control."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from bandwidth.emulator import Emulator

CALLER = "+19195551212"
CALLEE = "+19195553434"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(ring_seconds=0) as emulator:
        yield emulator


@pytest.fixture
def http(emu: Emulator) -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.auth = (emu.api_token, emu.api_secret)
        session.trust_env = False
        yield session


def api(emu: Emulator, path: str) -> str:
    return f"{emu.url}/v1/users/{emu.user_id}{path}"


def create_call(http: requests.Session, emu: Emulator, **body: Any) -> str:
    response = http.post(api(emu, "/calls"), json={"from": CALLER, "to": CALLEE, **body})
    assert response.status_code == 201, response.text
    return response.headers["Location"].rpartition("/")[2]


def error_of(response: requests.Response) -> tuple[int, str, str, str]:
    body = response.json()
    assert set(body) == {"category", "code", "message", "details"}
    return response.status_code, body["category"], body["code"], body["message"]


# -- auth ----------------------------------------------------------------------------------------------------


def test_requests_without_valid_credentials_are_refused(emu: Emulator) -> None:
    response = requests.get(api(emu, "/calls"))
    assert error_of(response)[:3] == (401, "authorization", "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    wrong = requests.get(api(emu, "/calls"), auth=(emu.api_token, "nope"))
    assert wrong.status_code == 401
    media = requests.get(api(emu, "/media/anything.wav"))
    assert media.status_code == 401


def test_another_users_path_is_denied(emu: Emulator, http: requests.Session) -> None:
    response = http.get(f"{emu.url}/v1/users/u-other/calls/c-1")
    assert error_of(response) == (
        401,
        "authorization",
        "user-access-denied",
        "User u-emulator does not have permission to access user u-other",
    )
    assert response.json()["details"] == [
        {"name": "userId", "value": "u-other"},
        {"name": "requestMethod", "value": "GET"},
        {"name": "remoteAddress", "value": "127.0.0.1"},
        {"name": "requestPath", "value": "users/u-other/calls/c-1"},
    ]


# -- creates, updates, errors --------------------------------------------------------------------------------


def test_create_answers_201_with_an_absolute_location(emu: Emulator, http: requests.Session) -> None:
    response = http.post(api(emu, "/calls"), json={"from": CALLER, "to": CALLEE})
    assert response.status_code == 201
    assert response.content == b""
    location = response.headers["Location"]
    assert location.startswith(api(emu, "/calls/c-"))
    call = http.get(location).json()
    assert call["state"] == "active"  # ring_seconds=0: answered before the answer was written
    assert "Content-Type" not in response.headers  # clients decode JSON by this header: none for no body


def test_documented_string_values_are_accepted(emu: Emulator, http: requests.Session) -> None:
    call_id = create_call(http, emu, recordingEnabled="true", callTimeout="30", callbackHttpMethod="get")
    call = http.get(api(emu, f"/calls/{call_id}")).json()
    assert (call["recordingEnabled"], call["callTimeout"], call["callbackHttpMethod"]) == (True, 30, "GET")
    gather = http.post(
        api(emu, f"/calls/{call_id}/gather"), json={"maxDigits": "5", "interDigitTimeout": "7"}
    )
    assert gather.status_code == 201
    assert gather.headers["Location"].startswith(api(emu, f"/calls/{call_id}/gather/"))


@pytest.mark.parametrize(
    ("path", "body", "status", "code", "message"),
    [
        ("/calls", {"from": CALLER}, 400, "validation-error", "The call resource property to is required"),
        ("/calls", {"from": CALLER, "to": "12"}, 400, "validation-error", "Invalid phone number"),
        (
            "/calls",
            {"from": CALLER, "to": CALLEE, "callTimeout": 301},
            400,
            "validation-error",
            "The call resource property callTimeout exceeds the limit of 300",
        ),
        (
            "/calls",
            {"from": CALLER, "to": CALLEE, "callTimeout": 0},
            400,
            "validation-error",
            "The call resource property callTimeout must be greater than 0",
        ),
        (
            "/calls",
            {"from": CALLER, "to": CALLEE, "recordingFileFormat": "ogg"},
            400,
            "validation-error",
            "The call resource property recordingFileFormat must be one of the following values: wav, mp3",
        ),
        (
            "/calls",
            {"from": CALLER, "to": CALLEE, "callbackUrl": "not a url"},
            400,
            "callback-invalid-url",
            "The URL not a url is not a valid callbackUrl/fallbackUrl",
        ),
        (
            "/calls",
            {"from": CALLER, "to": CALLEE, "recordingMaxDuration": 20000},
            403,
            "maximum-recording-value-request",
            "Recording call maximum duration cannot exceed 14400 seconds.",
        ),
        (
            "/bridges",
            {"callIds": "c-1"},
            400,
            "validation-error",
            "The bridge resource property callIds must be a list of ids",
        ),
    ],
)
def test_validation_errors(
    emu: Emulator,
    http: requests.Session,
    path: str,
    body: dict[str, Any],
    status: int,
    code: str,
    message: str,
) -> None:
    response = http.post(api(emu, path), json=body)
    assert error_of(response)[0] == status
    assert error_of(response)[2:] == (code, message)


def test_bad_json_and_unknown_paths(emu: Emulator, http: requests.Session) -> None:
    bad = http.post(api(emu, "/calls"), data=b"{nope", headers={"Content-Type": "application/json"})
    assert error_of(bad)[:3] == (400, "bad-request", "validation-error")
    assert error_of(http.get(api(emu, "/applications")))[:3] == (404, "not-found", "resource-not-found")
    assert error_of(http.get(api(emu, "/conferences")))[0] == 405  # undocumented: conferences are not listed
    assert error_of(http.delete(api(emu, "/calls")))[0] == 405
    assert http.get(api(emu, "/calls/")).status_code == 200  # the documented trailing slash


def test_call_updates_and_audio_over_the_wire(emu: Emulator, http: requests.Session) -> None:
    call_id = create_call(http, emu)
    url = api(emu, f"/calls/{call_id}")

    speak = http.post(f"{url}/audio", json={"sentence": "Hello", "gender": "male", "voice": "Paul"})
    assert (speak.status_code, speak.content) == (200, b"")
    assert http.post(f"{url}/audio", json={"sentence": ""}).status_code == 200
    stopped_again = http.post(f"{url}/audio", json={"sentence": ""})
    assert error_of(stopped_again)[2] == "call-audio-invalid-state"
    too_long = http.post(f"{url}/audio", json={"sentence": "x" * 1001})
    assert error_of(too_long)[3] == "The audio resource property sentence exceeds the limit of 1000"
    assert (
        http.post(f"{url}/audio", json={"volume": 9, "fileUrl": "https://example.com/a.wav"}).status_code
        == 400
    )
    assert http.post(f"{url}/dtmf", json={"dtmfOut": "12x"}).status_code == 400

    transfer = http.post(url, json={"state": "transferring", "transferTo": "+19195557878"})
    assert transfer.status_code == 201
    assert transfer.headers["Location"].startswith(api(emu, "/calls/c-"))
    assert transfer.headers["Location"] != url
    hangup = http.post(url, json={"state": "completed"})
    assert (hangup.status_code, hangup.content) == (200, b"")
    assert error_of(http.post(url, json={"state": "sleeping"}))[2] == "validation-error"


def test_gather_validation(emu: Emulator, http: requests.Session) -> None:
    call_id = create_call(http, emu)
    gather_url = api(emu, f"/calls/{call_id}/gather")
    assert error_of(http.post(gather_url, json={"maxDigits": 31}))[3].endswith("exceeds the limit of 30")
    assert http.post(gather_url, json={"terminatingDigits": ""}).status_code == 400
    assert http.post(gather_url, json={"interDigitTimeout": 31}).status_code == 400
    gather_id = http.post(gather_url, json={}).headers["Location"].rpartition("/")[2]
    assert (
        error_of(http.post(f"{gather_url}/{gather_id}", json={"state": "started"}))[2] == "validation-error"
    )
    assert error_of(http.post(gather_url, json={}))[:3] == (409, "conflict", "call-duplicate-gather-error")
    assert error_of(http.get(f"{gather_url}/gtr-missing"))[2] == "resource-not-found"


def test_bridge_overflow_body(emu: Emulator, http: requests.Session) -> None:
    calls = [create_call(http, emu) for _ in range(3)]
    response = http.post(api(emu, "/bridges"), json={"callIds": calls})
    status, category, code, message = error_of(response)
    assert (status, category, code) == (403, "forbidden", "bridge-callIds-overflow")
    assert message.startswith("Only two calls are allowed in a bridge brg-")
    created = http.post(api(emu, "/bridges"), json={"bridgeAudio": "true", "callIds": calls[:2]})
    assert created.headers["Location"].startswith(api(emu, "/bridges/brg-"))


# -- lists ---------------------------------------------------------------------------------------------------


def links(response: requests.Response) -> dict[str, str]:
    return {rel: link["url"] for rel, link in response.links.items()}


def test_link_headers_walk_the_pages(emu: Emulator, http: requests.Session) -> None:
    created = [create_call(http, emu) for _ in range(5)]

    first = http.get(api(emu, "/calls"), params={"size": "2", "sortOrder": "asc", "from": CALLER})
    assert [call["id"] for call in first.json()] == created[:2]
    assert links(first) == {
        "first": api(emu, "/calls") + "?sortOrder=asc&from=%2B19195551212&page=0&size=2",
        "next": api(emu, "/calls") + "?sortOrder=asc&from=%2B19195551212&page=1&size=2",
    }
    second = http.get(links(first)["next"])
    assert [call["id"] for call in second.json()] == created[2:4]
    assert set(links(second)) == {"first", "previous", "next"}
    last = http.get(links(second)["next"])
    assert [call["id"] for call in last.json()] == created[4:]
    assert set(links(last)) == {"first", "previous"}

    default = http.get(api(emu, "/calls"))
    assert [call["id"] for call in default.json()] == created[::-1]  # newest first
    assert links(default) == {"first": api(emu, "/calls") + "?page=0&size=25"}


def test_list_parameters_are_checked(emu: Emulator, http: requests.Session) -> None:
    assert error_of(http.get(api(emu, "/calls"), params={"size": 0}))[3].endswith(
        "size must be greater than 0"
    )
    assert error_of(http.get(api(emu, "/calls"), params={"size": 1001}))[3].endswith(
        "exceeds the limit of 1000"
    )
    assert http.get(api(emu, "/calls"), params={"page": -1}).status_code == 400
    assert http.get(api(emu, "/recordings"), params={"size": "many"}).status_code == 400
    assert http.get(api(emu, "/calls"), params={"sortOrder": "up"}).status_code == 400
    assert http.get(api(emu, "/calls"), params={"size": 1000}).status_code == 200


def test_bridge_filtered_list_is_not_paginated(emu: Emulator, http: requests.Session) -> None:
    calls = [create_call(http, emu) for _ in range(2)]
    bridge_id = (
        http.post(api(emu, "/bridges"), json={"callIds": calls}).headers["Location"].rpartition("/")[2]
    )
    response = http.get(api(emu, "/calls"), params={"bridgeId": bridge_id, "size": "1"})
    assert len(response.json()) == 2
    assert "Link" not in response.headers


def test_calls_and_gathers_show_every_field_they_were_given(emu: Emulator, http: requests.Session) -> None:
    hook = "http://127.0.0.1:9/events"
    call_id = create_call(
        http, emu, tag="order-17", callbackUrl=hook, fallbackUrl=hook, sipHeaders={"X-Ticket": "9"}
    )
    call = http.get(api(emu, f"/calls/{call_id}")).json()
    assert set(call) == {  # getCallsCallId.md's properties that apply to an active call, and:
        "id", "direction", "from", "to", "state", "startTime", "activeTime", "callTimeout", "callbackUrl",
        "callbackHttpMethod", "callbackTimeout", "fallbackUrl", "events", "recordings", "transcriptions",
        "recordingEnabled", "transcriptionEnabled", "sipHeaders",
        "recordingFileFormat",  # as the service shows it (3.1's get_call example)
        "tag",  # what the call was created with (postCalls.md), as its events carry it
    }  # fmt: skip
    assert call["tag"] == "order-17"
    assert [item.get("tag") for item in http.get(api(emu, "/calls")).json()] == ["order-17"]
    assert "tag" not in http.get(api(emu, f"/calls/{create_call(http, emu)}")).json()  # none given

    created = http.post(api(emu, f"/calls/{call_id}/gather"), json={"tag": "pin"})
    gather = http.get(created.headers["Location"]).json()
    assert set(gather) == {"id", "gatherId", "state", "digits", "call", "createdTime", "tag"}
    assert gather["tag"] == "pin"  # "included with the response and events" (postCallsCallIdGather.md)


def test_urls_in_answers_use_the_host_of_the_request(emu: Emulator, http: requests.Session) -> None:
    call_id = create_call(http, emu)
    by_name = emu.url.replace("127.0.0.1", "localhost")
    call = http.get(f"{by_name}/v1/users/{emu.user_id}/calls/{call_id}").json()
    assert call["events"].startswith(by_name)


# -- media ---------------------------------------------------------------------------------------------------


def test_media_downloads(emu: Emulator, http: requests.Session) -> None:
    wav_call = create_call(http, emu, recordingEnabled=True, transcriptionEnabled=True)
    mp3_call = create_call(http, emu, recordingEnabled=True, recordingFileFormat="mp3")
    emu.speak(wav_call, "Testing one two")
    emu.advance(3)
    for call_id in (wav_call, mp3_call):
        http.post(api(emu, f"/calls/{call_id}"), json={"state": "completed"})

    wav_recording = http.get(api(emu, f"/calls/{wav_call}/recordings")).json()[0]
    wav = http.get(wav_recording["media"])
    assert (wav.status_code, wav.headers["Content-Type"]) == (200, "audio/wav")
    assert wav.content[:4] == b"RIFF" and wav.content[8:16] == b"WAVEfmt "
    assert int.from_bytes(wav.content[40:44], "little") == 2 * 8000 * 2  # 3 s recorded, served capped at 2 s

    mp3_recording = http.get(api(emu, f"/calls/{mp3_call}/recordings")).json()[0]
    mp3 = http.get(mp3_recording["media"])
    assert (mp3.headers["Content-Type"], mp3.content[:2]) == ("audio/mpeg", b"\xff\xfb")

    transcription = http.get(api(emu, f"/calls/{wav_call}/transcriptions")).json()[0]
    text = http.get(transcription["textUrl"])
    assert (text.headers["Content-Type"], text.text) == ("text/plain; charset=utf-8", "Testing one two")
    assert error_of(http.get(api(emu, "/media/none.wav")))[2] == "media-not-found"

    created = http.post(f"{api(emu, '/recordings/')}{wav_recording['id']}/transcriptions", json={})
    assert created.status_code == 201
    assert created.headers["Location"].startswith(
        api(emu, f"/recordings/{wav_recording['id']}/transcriptions/tr-")
    )


# -- the control API -----------------------------------------------------------------------------------------


def test_control_api_over_http(emu: Emulator, http: requests.Session) -> None:
    control = f"{emu.url}/_emulator"
    with Emulator(ring_seconds=5) as slow:
        slow_http = requests.Session()
        slow_http.auth = (slow.api_token, slow.api_secret)
        ringing = slow_http.post(api(slow, "/calls"), json={"from": CALLER, "to": CALLEE})
        call_id = ringing.headers["Location"].rpartition("/")[2]
        answered = requests.post(f"{slow.url}/_emulator/calls/{call_id}/answer", json={})
        assert answered.json()["call"]["state"] == "active"
        pressed = requests.post(f"{slow.url}/_emulator/calls/{call_id}/press", json={"digits": "4#"})
        assert pressed.status_code == 200
        assert [event["name"] for event in slow.events(call_id)][-2:] == ["dtmf", "dtmf"]
        slow_http.post(api(slow, f"/calls/{call_id}/dtmf"), json={"dtmfOut": "99"})
        far_end = requests.get(f"{slow.url}/_emulator/calls/{call_id}").json()
        assert (far_end["sentDtmf"], far_end["played"]) == ("99", [])
        spoken = requests.post(f"{slow.url}/_emulator/calls/{call_id}/speak", json={"text": "hi"})
        assert spoken.status_code == 200
        hung_up = requests.post(f"{slow.url}/_emulator/calls/{call_id}/hangup", json={})
        assert hung_up.json()["call"]["state"] == "completed"
        again = requests.post(f"{slow.url}/_emulator/calls/{call_id}/hangup", json={})
        assert error_of(again)[:3] == (403, "forbidden", "call-invalid-state")
        for action in ("reject", "busy"):
            other = slow_http.post(api(slow, "/calls"), json={"from": CALLER, "to": CALLEE})
            other_id = other.headers["Location"].rpartition("/")[2]
            result = requests.post(f"{slow.url}/_emulator/calls/{other_id}/{action}", json={})
            assert result.json()["call"]["state"] == "rejected"
        slow_http.close()

    info = requests.get(control).json()
    assert info["userId"] == emu.user_id and info["clock"]["realtime"] is False
    before = requests.get(f"{control}/clock").json()["seconds"]
    advanced = requests.post(f"{control}/advance", json={"seconds": 90}).json()
    assert advanced["seconds"] == before + 90
    assert requests.post(f"{control}/advance", json={"seconds": "soon"}).status_code == 400

    incoming = requests.post(
        f"{control}/incoming-calls", json={"from": CALLEE, "to": CALLER, "autoAnswer": False}
    )
    assert incoming.status_code == 201
    assert incoming.headers["Location"] == incoming.json()["call"]
    assert http.get(incoming.json()["call"]).json()["direction"] == "in"
    assert requests.post(f"{control}/incoming-calls", json={"from": CALLEE}).status_code == 400

    assert requests.get(f"{control}/deliveries").json() == []
    assert error_of(requests.post(f"{control}/calls/c-missing/answer", json={}))[2] == "call-not-found"
    assert requests.post(f"{control}/reset", json={}).status_code == 200
    assert http.get(api(emu, "/calls")).json() == []


def test_control_deliveries_are_json(emu: Emulator) -> None:
    from bandwidth.emulator import CallbackReceiver

    with CallbackReceiver() as receiver:
        call_id = emu.incoming_call(CALLEE, CALLER, callback_url=f"{receiver.url}/app")
        receiver.wait_for(1)
        assert emu.wait_idle()
        (delivery,) = requests.get(f"{emu.url}/_emulator/deliveries").json()
        assert (delivery["callId"], delivery["eventType"]) == (call_id, "incomingcall")
        assert (delivery["ok"], delivery["statusCode"], delivery["fallback"]) == (True, 200, False)
        assert delivery["payload"]["applicationId"] == "a-emulator"


# -- packaging and the command line --------------------------------------------------------------------------


def test_import_bandwidth_does_not_load_the_emulator() -> None:
    code = (
        "import sys, bandwidth\n"
        "assert 'werkzeug' not in sys.modules, 'werkzeug imported'\n"
        "assert not [name for name in sys.modules if name.startswith('bandwidth.emulator')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_command_line_server() -> None:
    command = [
        sys.executable,
        "-m",
        "bandwidth.emulator",
        "--port",
        "0",
        "--user-id",
        "u-cli",
        "--token",
        "cli-token",
        "--secret",
        "cli-secret",
    ]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment) as process:
        try:
            assert process.stdout is not None
            banner = process.stdout.readline()
            assert banner.startswith("Bandwidth Catapult v1 emulator listening on http://127.0.0.1:")
            url = banner.rsplit(" ", 1)[1].strip()
            printed = [process.stdout.readline() for _ in range(5)]
            assert any("cli-token" in line for line in printed) and any(
                "cli-secret" in line for line in printed
            )
            response = requests.post(
                f"{url}/v1/users/u-cli/calls",
                json={"from": CALLER, "to": CALLEE},
                auth=("cli-token", "cli-secret"),
            )
            assert response.status_code == 201
            assert requests.get(f"{url}/_emulator/clock").json()["realtime"] is True
        finally:
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 0
