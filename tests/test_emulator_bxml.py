"""The emulator runs BXML applications: documents fetched from a real loopback server, each verb run on the
call's real state machine and the emulator's clock, the BXML callbacks sent where the reference says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import requests
from misbehaving import free_port

from bandwidth.bxml import (
    Gather,
    Hangup,
    Pause,
    PhoneNumber,
    PlayAudio,
    Record,
    Redirect,
    Response,
    SendDtmf,
    SpeakSentence,
    Transfer,
)
from bandwidth.bxml.response import AnyVerb
from bandwidth.emulator import CallbackReceiver, Emulator, EmulatorError, InvalidInputError
from bandwidth.emulator.engine.bxml import MAX_DOCUMENTS_PER_SECOND

CALLER = "+19195551212"
NUMBER = "+19195550000"
SALES = "+19195550100"
TWENTY = "Twenty characters.  "  # 2 s at 10 characters a second
assert len(TWENTY) == 20


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(speak_chars_per_second=10, file_play_seconds=2) as emulator:
        yield emulator


@pytest.fixture
def app() -> Iterator[CallbackReceiver]:
    with CallbackReceiver() as receiver:
        yield receiver


def speak(text: str) -> SpeakSentence:
    return SpeakSentence(text, voice="susan")


def serve(app: CallbackReceiver, path: str, *verbs: AnyVerb) -> str:
    """Answer requests to ``path`` with a document of ``verbs``; returns its URL."""
    app.respond(path, body=Response(*verbs).to_xml())
    return f"{app.url}{path}"


def settle(emu: Emulator) -> None:
    assert emu.wait_idle(timeout=10), "callbacks still pending"


def call_in(emu: Emulator, app: CallbackReceiver, *verbs: AnyVerb, **options: Any) -> str:
    """Assign NUMBER to an application answering with ``verbs``; a call comes in and its document runs."""
    emu.bxml_application(NUMBER, serve(app, "/answer", *verbs))
    call_id = emu.incoming_call(CALLER, NUMBER, **options)
    settle(emu)
    return call_id


def to(app: CallbackReceiver, path: str) -> list[dict[str, Any]]:
    """The events the application got at ``path`` (query parameters of a GET, or the JSON body)."""
    return [dict(request.event) for request in app.requests if request.path == path]


def bxml_notes(emu: Emulator, call_id: str) -> list[str]:
    return [str(event.get("data")) for event in emu.events(call_id) if event["name"] == "bxml"]


def state(emu: Emulator, call_id: str) -> str:
    return str(emu.call(call_id)["state"])


# -- which calls BXML drives ---------------------------------------------------------------------------------


def test_an_incoming_call_gets_incomingcall_then_answer_and_runs_the_answer_document(
    emu: Emulator, app: CallbackReceiver
) -> None:
    call_id = call_in(emu, app, speak(TWENTY), Hangup())

    incoming, answer = to(app, "/answer")
    assert (incoming["eventType"], incoming["callState"], incoming["callId"]) == (
        "incomingcall",
        "active",
        call_id,
    )
    assert (answer["eventType"], answer["from"], answer["to"], answer["callState"]) == (
        "answer",
        CALLER,
        NUMBER,
        "active",
    )
    assert all(request.method == "GET" for request in app.requests)  # BXML exclusively uses GET
    assert emu.played(call_id) == [TWENTY]
    emu.advance(2)
    assert state(emu, call_id) == "completed"
    settle(emu)
    assert to(app, "/answer")[2]["eventType"] == "hangup"
    assert bxml_notes(emu, call_id) == [f"document from {app.url}/answer: SpeakSentence, Hangup"]


def test_an_application_may_take_its_events_as_json_posts(emu: Emulator, app: CallbackReceiver) -> None:
    emu.bxml_application(NUMBER, serve(app, "/answer", speak(TWENTY)), method="post")
    call_id = emu.incoming_call(CALLER, NUMBER)
    settle(emu)

    assert [(request.method, request.event_type) for request in app.requests] == [
        ("POST", "incomingcall"),
        ("POST", "answer"),
    ]
    assert emu.played(call_id) == [TWENTY]


def test_an_outbound_call_whose_callback_url_is_an_application_runs_its_bxml(
    emu: Emulator, app: CallbackReceiver
) -> None:
    url = serve(app, "/outbound", speak(TWENTY), Hangup())
    emu.bxml_application(NUMBER, url)
    with emu.client() as client:
        call = client.calls.create(from_=NUMBER, to="+19195553434", callback_url=url)
        other = client.calls.create(from_=NUMBER, to="+19195553435", callback_url=f"{url}?not=bxml")
    emu.advance(1)  # both answer
    settle(emu)

    assert emu.played(call.id) == [TWENTY]
    assert emu.call(call.id)["callbackHttpMethod"] == "GET"  # the application's
    assert emu.played(other.id) == []  # an ordinary REST call: its answer event was only delivered
    assert [request.event_type for request in app.requests] == ["answer", "answer"]


def test_a_number_without_an_application_keeps_the_rest_behaviour(
    emu: Emulator, app: CallbackReceiver
) -> None:
    emu.bxml_application(NUMBER, serve(app, "/answer", Hangup()))
    call_id = emu.incoming_call(CALLER, "+19195550009", callback_url=f"{app.url}/rest", auto_answer=False)
    settle(emu)

    assert state(emu, call_id) == "started"
    assert [request.event_type for request in app.requests] == ["incomingcall"]


def test_the_control_api_assigns_and_lists_applications(emu: Emulator, app: CallbackReceiver) -> None:
    url = serve(app, "/answer", speak(TWENTY))
    control = f"{emu.url}/_emulator/bxml-applications"

    created = requests.post(control, json={"number": NUMBER, "url": url, "method": "POST"})
    listed = requests.get(control)
    refused = requests.post(control, data=json.dumps({"number": NUMBER, "url": url}))  # no JSON type

    assert (created.status_code, created.json()) == (201, {"number": NUMBER, "url": url, "method": "POST"})
    assert listed.json() == [{"number": NUMBER, "url": url, "method": "POST"}]
    assert (refused.status_code, refused.json()["code"]) == (415, "unsupported-media-type")
    incoming = requests.post(f"{emu.url}/_emulator/incoming-calls", json={"from": CALLER, "to": NUMBER})
    settle(emu)
    assert emu.played(incoming.json()["id"]) == [TWENTY]


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"number": "919", "url": "http://127.0.0.1:9/a"}, "validation-error", "Invalid phone number"),
        ({"number": NUMBER}, "validation-error", "The application resource property url is required"),
        ({"number": NUMBER, "url": "ftp://127.0.0.1/a"}, "callback-invalid-url", ""),
        ({"number": NUMBER, "url": "https://example.com/a"}, "callback-invalid-url", "loopback hosts only"),
        ({"number": NUMBER, "url": "http://127.0.0.1:9/a", "method": "PUT"}, "validation-error", "GET, POST"),
        (
            {"number": 19195550000, "url": "http://127.0.0.1:9/a"},
            "validation-error",
            "number must be a string",
        ),
    ],
)
def test_a_bad_assignment_is_a_400(emu: Emulator, body: dict[str, Any], code: str, message: str) -> None:
    response = requests.post(f"{emu.url}/_emulator/bxml-applications", json=body)

    assert (response.status_code, response.json()["code"]) == (400, code)
    assert message in response.json()["message"]
    assert requests.get(f"{emu.url}/_emulator/bxml-applications").json() == []


def test_an_application_url_pointing_at_the_emulator_itself_is_refused(emu: Emulator) -> None:
    for url in (f"{emu.url}/_emulator/incoming-calls", emu.url.replace("127.0.0.1", "localhost") + "/x"):
        with pytest.raises(EmulatorError) as refused:
            emu.bxml_application(NUMBER, url)
        assert refused.value.code == "callback-invalid-url"
        assert "it points at the emulator itself" in refused.value.message


def test_the_control_token_guards_the_application_routes(app: CallbackReceiver) -> None:
    with Emulator(control_token="s3cret") as emu:
        control = f"{emu.url}/_emulator/bxml-applications"
        body = {"number": NUMBER, "url": f"{app.url}/answer"}
        assert requests.post(control, json=body).status_code == 401
        assert requests.get(control).status_code == 401
        headers = {"Authorization": "Bearer s3cret"}
        assert requests.post(control, json=body, headers=headers).status_code == 201


def test_reset_forgets_the_assignments(emu: Emulator, app: CallbackReceiver) -> None:
    emu.bxml_application(NUMBER, serve(app, "/answer", Hangup()))
    emu.reset()

    call_id = emu.incoming_call(CALLER, NUMBER, callback_url=f"{app.url}/rest", auto_answer=False)
    settle(emu)
    assert state(emu, call_id) == "started"


# -- SpeakSentence, PlayAudio, Pause, SendDtmf, Hangup ------------------------------------------------------


def test_speak_play_and_pause_take_their_time_on_the_emulators_clock(
    emu: Emulator, app: CallbackReceiver
) -> None:
    audio = "https://example.com/beep.mp3"
    call_id = call_in(emu, app, speak(TWENTY), PlayAudio(audio, repeat_count=2), Pause(length=3), Hangup())

    assert emu.played(call_id) == [TWENTY]
    emu.advance(1.99)
    assert emu.played(call_id) == [TWENTY]
    emu.advance(0.01)  # 2 s: the sentence is over, the file starts
    assert emu.played(call_id) == [TWENTY, audio]
    emu.advance(2)  # 4 s: played once, again
    assert emu.played(call_id) == [TWENTY, audio, audio]
    emu.advance(4.99)  # 8.99 s: the second play ended at 6 s, the pause lasts until 9 s
    assert state(emu, call_id) == "active"
    emu.advance(0.01)
    assert state(emu, call_id) == "completed"
    ended = datetime.fromisoformat(str(emu.call(call_id)["endTime"]).replace("Z", "+00:00"))
    answered = datetime.fromisoformat(str(emu.call(call_id)["activeTime"]).replace("Z", "+00:00"))
    assert (ended - answered).total_seconds() == 9
    assert [(e["name"], e.get("data")) for e in emu.events(call_id)][-1] == ("hangup", "NORMAL_CLEARING")
    assert all(request.event_type != "speak" for request in app.requests)  # audio sends no callbacks


def test_a_last_speak_sentence_hangs_up_thirty_seconds_after_it_ends(
    emu: Emulator, app: CallbackReceiver
) -> None:
    call_id = call_in(emu, app, speak(TWENTY))

    emu.advance(2 + 29.99)
    assert state(emu, call_id) == "active"
    emu.advance(0.01)
    assert state(emu, call_id) == "completed"
    assert bxml_notes(emu, call_id)[-1] == "no verb left for 30 s"


def test_send_dtmf_sends_digits_and_waits_out_its_pauses(emu: Emulator, app: CallbackReceiver) -> None:
    call_id = call_in(emu, app, SendDtmf("12W3,w4"), SendDtmf("#"), speak(TWENTY))

    assert emu.sent_dtmf(call_id) == "12W"
    emu.advance(1)
    assert emu.sent_dtmf(call_id) == "12W3,w"
    emu.advance(0.99)
    assert emu.sent_dtmf(call_id) == "12W3,w"
    emu.advance(0.01)  # two half-second pauses later: 4, then # at once, then the sentence
    assert emu.sent_dtmf(call_id) == "12W3,w4#"
    assert emu.played(call_id) == [TWENTY]
    assert [e["data"] for e in emu.events(call_id) if e["name"] == "dtmf-out"] == ["12W", "3,w", "4", "#"]


def test_hangup_ends_the_call_and_the_verbs_after_it_never_run(emu: Emulator, app: CallbackReceiver) -> None:
    call_id = call_in(emu, app, Hangup(), speak(TWENTY))

    assert state(emu, call_id) == "completed"
    assert emu.call(call_id)["endTime"] == emu.call(call_id)["activeTime"]
    assert emu.played(call_id) == []
    settle(emu)
    hangup = to(app, "/answer")[-1]
    assert (hangup["eventType"], hangup["cause"]) == ("hangup", "NORMAL_CLEARING")


# -- Gather -------------------------------------------------------------------------------------------------


def menu(app: CallbackReceiver, *prompts: SpeakSentence | PlayAudio, **options: Any) -> Gather:
    return Gather(*prompts, request_url=f"{app.url}/gathered", **options)


def test_gather_max_digits_sends_the_gather_event_and_runs_the_next_document(
    emu: Emulator, app: CallbackReceiver
) -> None:
    serve(app, "/gathered", speak("You chose well."), Hangup())
    call_id = call_in(emu, app, menu(app, speak(TWENTY), max_digits=2, tag="menu"))

    emu.press(call_id, "42")
    settle(emu)

    (gathered,) = to(app, "/gathered")
    assert gathered["gatherId"].startswith("gtr-")
    assert {key: gathered[key] for key in gathered if key not in ("gatherId", "time")} == {
        "eventType": "gather",
        "state": "completed",
        "digits": "42",
        "reason": "max-digits",
        "callId": call_id,
        "callUri": f"{emu.url}/v1/users/{emu.user_id}/calls/{call_id}",
        "terminatingDigit": "#",
        "tag": "menu",
    }
    assert emu.played(call_id) == [TWENTY, "You chose well."]  # the first key stopped the prompt


@pytest.mark.parametrize(
    ("keys", "seconds", "digits", "reason"),
    [
        ("12#", 0, "12", "terminating-digit"),
        ("7*", 0, "7", "terminating-digit"),
        ("93", 5, "93", "inter-digit-timeout"),
    ],
)
def test_gather_ends_on_each_documented_reason(
    emu: Emulator, app: CallbackReceiver, keys: str, seconds: float, digits: str, reason: str
) -> None:
    serve(app, "/gathered", Hangup())
    call_id = call_in(emu, app, menu(app, terminating_digits="#*", max_digits=5))

    emu.press(call_id, keys)
    emu.advance(seconds)
    settle(emu)

    (gathered,) = to(app, "/gathered")
    assert (gathered["digits"], gathered["reason"], gathered["terminatingDigit"]) == (digits, reason, "#*")
    assert state(emu, call_id) == "completed"  # the next document hung up


def test_the_digit_timer_starts_after_the_prompts_and_restarts_after_each_digit(
    emu: Emulator, app: CallbackReceiver
) -> None:
    serve(app, "/gathered", Hangup())
    call_id = call_in(emu, app, menu(app, speak(TWENTY), speak(TWENTY), inter_digit_timeout=3))

    emu.advance(4)  # both sentences, one after the other
    assert emu.played(call_id) == [TWENTY, TWENTY]
    emu.press(call_id, "5")
    emu.advance(2.99)
    emu.press(call_id, "6")
    emu.advance(2.99)
    settle(emu)
    assert to(app, "/gathered") == []
    emu.advance(0.01)
    settle(emu)
    assert [(event["digits"], event["reason"]) for event in to(app, "/gathered")] == [
        ("56", "inter-digit-timeout")
    ]


def test_a_key_during_the_prompts_stops_them_all(emu: Emulator, app: CallbackReceiver) -> None:
    serve(app, "/gathered", Hangup())
    call_id = call_in(emu, app, menu(app, speak(TWENTY), speak("Second prompt"), max_digits=3))

    emu.advance(1)
    emu.press(call_id, "1")
    emu.advance(10)

    assert emu.played(call_id) == [TWENTY]  # the second prompt never plays
    assert [(e["name"], e.get("data")) for e in emu.events(call_id) if e["name"] == "speak"] == [
        ("speak", "start"),
        ("speak", "done"),
    ]


def test_a_repeated_prompt_waits_for_digits_after_each_play(emu: Emulator, app: CallbackReceiver) -> None:
    audio = "https://example.com/menu.wav"
    serve(app, "/gathered", Hangup())
    call_id = call_in(
        emu, app, menu(app, PlayAudio(audio, repeat_count=2, delay_before_repeat=4), inter_digit_timeout=1)
    )

    emu.advance(5.99)  # played 0-2 s, then waited 4 s
    assert emu.played(call_id) == [audio]
    emu.advance(0.01)
    assert emu.played(call_id) == [audio, audio]
    emu.advance(2 + 4 + 0.99)  # the second play and its wait, then the one-second digit timer
    settle(emu)
    assert state(emu, call_id) == "active"
    emu.advance(0.01)
    settle(emu)
    assert state(emu, call_id) == "active"  # no digit: the Gather failed, no document was asked for
    assert to(app, "/gathered") == []


def test_a_gather_without_digits_fails_and_the_next_verb_runs(emu: Emulator, app: CallbackReceiver) -> None:
    call_id = call_in(emu, app, menu(app, speak(TWENTY)), speak("Goodbye."), Hangup())

    emu.press(call_id, "#")  # a terminating key alone collects no digit
    settle(emu)
    emu.advance(1)
    settle(emu)

    assert emu.played(call_id) == [TWENTY, "Goodbye."]
    assert state(emu, call_id) == "completed"
    assert to(app, "/gathered") == []


def test_a_gather_that_is_not_last_goes_on_until_the_answer_to_its_event_replaces_the_program(
    emu: Emulator, app: CallbackReceiver
) -> None:
    serve(app, "/gathered", speak("From the answer."))
    call_id = call_in(emu, app, menu(app, max_digits=1), speak(TWENTY), Hangup())

    emu.press(call_id, "3")
    assert emu.played(call_id) == [TWENTY]  # at once, before the event is even delivered
    settle(emu)

    assert [event["digits"] for event in to(app, "/gathered")] == ["3"]
    assert emu.played(call_id) == [TWENTY, "From the answer."]  # it cut the sentence short
    assert [e.get("data") for e in emu.events(call_id) if e["name"] == "speak"] == ["start", "done", "start"]
    emu.advance(2)
    assert state(emu, call_id) == "active"  # the Hangup after the sentence never ran


def test_the_answer_to_a_gather_that_is_not_last_stops_a_running_record(
    emu: Emulator, app: CallbackReceiver
) -> None:
    serve(app, "/gathered", speak("From the answer."))
    record = Record(request_url=f"{app.url}/recorded", silence_timeout=0)
    call_id = call_in(emu, app, menu(app, max_digits=1), record)

    emu.press(call_id, "3")
    settle(emu)

    assert emu.played(call_id) == ["From the answer."]
    assert [event["status"] for event in to(app, "/recorded")] == ["complete"]


def test_the_answer_to_a_gather_that_is_not_last_leaves_a_transfer_alone(
    emu: Emulator, app: CallbackReceiver
) -> None:
    serve(app, "/gathered", speak("From the answer."))
    call_id = call_in(emu, app, menu(app, max_digits=1), Transfer(transfer_to="+19195550000"))

    emu.press(call_id, "3")
    settle(emu)

    assert (state(emu, call_id), emu.played(call_id)) == ("transferring", [])


def test_an_empty_answer_to_a_gather_that_is_not_last_leaves_the_program_running(
    emu: Emulator, app: CallbackReceiver
) -> None:
    call_id = call_in(emu, app, menu(app, max_digits=1), speak(TWENTY), Hangup())

    emu.press(call_id, "3")
    settle(emu)
    emu.advance(2)

    assert emu.played(call_id) == [TWENTY]
    assert state(emu, call_id) == "completed"


def test_keys_pressed_at_once_feed_the_gathers_in_order(emu: Emulator, app: CallbackReceiver) -> None:
    serve(app, "/gathered", Hangup())
    call_id = call_in(emu, app, menu(app, max_digits=1, tag="first"), menu(app, max_digits=2, tag="second"))

    emu.press(call_id, "123")
    settle(emu)

    assert [(event["tag"], event["digits"]) for event in to(app, "/gathered")] == [
        ("first", "1"),
        ("second", "23"),
    ]
    assert state(emu, call_id) == "completed"


def test_a_hangup_during_a_gather_sends_it_with_reason_hung_up(emu: Emulator, app: CallbackReceiver) -> None:
    serve(app, "/gathered", speak("Not run: the call is over"))
    call_id = call_in(emu, app, menu(app, max_digits=4))

    emu.press(call_id, "12")
    emu.hangup(call_id)
    settle(emu)

    (gathered,) = to(app, "/gathered")
    assert (gathered["digits"], gathered["reason"]) == ("12", "hung-up")
    assert emu.played(call_id) == []
    assert to(app, "/answer")[-1]["eventType"] == "hangup"


# -- Redirect -----------------------------------------------------------------------------------------------


def test_redirect_sends_its_event_runs_the_answer_and_never_the_verbs_after_it(
    emu: Emulator, app: CallbackReceiver
) -> None:
    serve(app, "/next", speak("Redirected."))
    redirect = Redirect(request_url=f"{app.url}/next", request_url_timeout=5000)
    call_id = call_in(emu, app, redirect, speak("Never said."))

    (event,) = to(app, "/next")
    assert {key: event[key] for key in ("eventType", "callId", "from", "to", "callState")} == {
        "eventType": "redirect",
        "callId": call_id,
        "from": CALLER,
        "to": NUMBER,
        "callState": "active",
    }
    assert emu.played(call_id) == ["Redirected."]
    assert bxml_notes(emu, call_id)[-1] == f"document from {app.url}/next: SpeakSentence"


def test_a_redirect_loop_ends_the_call(emu: Emulator, app: CallbackReceiver) -> None:
    call_id = call_in(emu, app, Redirect(request_url=f"{app.url}/answer", request_url_timeout=5000))

    assert state(emu, call_id) == "completed"
    assert bxml_notes(emu, call_id)[-1] == f"error: over {MAX_DOCUMENTS_PER_SECOND} documents within a second"
    # incomingcall, the answer and redirect events (the last document is refused), hangup
    assert len(to(app, "/answer")) == 1 + MAX_DOCUMENTS_PER_SECOND + 1 + 1


def test_a_loop_that_takes_time_runs_on(emu: Emulator, app: CallbackReceiver) -> None:
    loop = (Pause(length=1), Redirect(request_url=f"{app.url}/answer", request_url_timeout=5000))
    call_id = call_in(emu, app, *loop)

    for _ in range(2 * MAX_DOCUMENTS_PER_SECOND):
        emu.advance(1)
        settle(emu)

    assert state(emu, call_id) == "active"
    assert len(bxml_notes(emu, call_id)) == 2 * MAX_DOCUMENTS_PER_SECOND + 1


# -- Record -------------------------------------------------------------------------------------------------


def test_record_takes_a_voicemail_until_silence_then_sends_recording_and_transcription(
    emu: Emulator, app: CallbackReceiver
) -> None:
    voicemail = Record(
        request_url=f"{app.url}/recorded",
        transcribe=True,
        transcribe_callback_url=f"{app.url}/transcribed",
        silence_timeout=3,
    )
    call_id = call_in(emu, app, voicemail, speak("Thanks."), Hangup())

    emu.advance(2)
    emu.speak(call_id, "Call me back")  # silence counts from here
    emu.advance(2.99)
    assert emu.played(call_id) == []
    emu.advance(0.01)  # 3 s of silence: the recording stops, the next verb runs
    assert emu.played(call_id) == ["Thanks."]
    settle(emu)

    (recorded,) = to(app, "/recorded")
    recording_id = recorded["recordingId"]
    assert {key: recorded[key] for key in ("eventType", "status", "callId", "recordingUri")} == {
        "eventType": "recording",
        "status": "complete",
        "callId": call_id,
        "recordingUri": f"{emu.url}/v1/users/{emu.user_id}/recordings/{recording_id}",
    }
    with emu.client() as client:
        recording = client.recordings.get(recording_id)
    assert recording.state == "complete"
    assert recording.end_time is not None and recording.start_time is not None
    assert (recording.end_time - recording.start_time).total_seconds() == 5
    (transcribed,) = [request for request in app.requests if request.path == "/transcribed"]
    assert transcribed.method == "POST"  # JSON, whatever the application's method
    assert isinstance(transcribed.body, dict)
    assert (transcribed.body["eventType"], transcribed.body["text"]) == ("transcription", "Call me back")


@pytest.mark.parametrize(
    ("options", "act", "seconds"),
    [
        ({"max_duration": 10, "silence_timeout": 0}, "", 10),
        ({"terminating_digits": "#", "silence_timeout": 0}, "#", 4),
        ({"silence_timeout": 0, "max_duration": 3600}, "hangup", 4),
    ],
    ids=["max-duration", "terminating-digit", "caller-hangs-up"],
)
def test_record_stops_at_max_duration_a_terminating_key_or_the_callers_hangup(
    emu: Emulator, app: CallbackReceiver, options: dict[str, Any], act: str, seconds: float
) -> None:
    call_id = call_in(emu, app, Record(request_url=f"{app.url}/recorded", **options), Pause(length=100))

    emu.advance(4)
    if act == "#":
        emu.press(call_id, "1#")
    elif act == "hangup":
        emu.hangup(call_id)
    emu.advance(6)
    settle(emu)

    (recorded,) = to(app, "/recorded")
    with emu.client() as client:
        recording = client.recordings.get(recorded["recordingId"])
    assert recording.end_time is not None and recording.start_time is not None
    assert (recording.end_time - recording.start_time).total_seconds() == seconds
    assert state(emu, call_id) == ("completed" if act == "hangup" else "active")  # else Pause(100) runs


def test_record_saves_mp3_when_asked(emu: Emulator, app: CallbackReceiver) -> None:
    call_id = call_in(emu, app, Record(file_format="mp3", max_duration=2, silence_timeout=0), Hangup())
    emu.advance(2)

    with emu.client() as client:
        (recording,) = client.calls.get(call_id).recordings()
    assert recording.media_url is not None and recording.media_url.endswith(".mp3")


# -- Transfer -----------------------------------------------------------------------------------------------


def legs(emu: Emulator, call_id: str) -> list[str]:
    return [other for other in emu.call_ids() if other != call_id]


def test_transfer_rings_plays_the_nested_audio_to_the_callee_then_bridges(
    emu: Emulator, app: CallbackReceiver
) -> None:
    transfer = Transfer(speak("A caller for you"), transfer_to=SALES, request_url="/transferred", tag="sales")
    call_id = call_in(emu, app, transfer, speak("Never said."))

    (leg,) = legs(emu, call_id)
    assert (emu.call(leg)["to"], emu.call(leg)["from"], state(emu, leg)) == (SALES, CALLER, "started")
    assert state(emu, call_id) == "transferring"
    emu.advance(1)  # the callee answers and hears the announcement
    assert emu.played(leg) == ["A caller for you"]
    assert state(emu, call_id) == "transferring"
    emu.advance(1.6)  # announced: bridged
    assert state(emu, call_id) == "active"
    with emu.client() as client:
        (bridge,) = list(client.bridges.list())
    assert (bridge.state, sorted(bridge.call_ids or [])) == ("active", sorted([call_id, leg]))

    emu.hangup(leg)  # the callee hangs up: transferComplete, then the caller is hung up
    settle(emu)
    (complete,) = to(app, "/transferred")  # the relative requestUrl, against the document's URL
    assert {key: complete[key] for key in ("eventType", "callId", "from", "to", "callState", "tag")} == {
        "eventType": "transferComplete",
        "callId": call_id,
        "from": CALLER,
        "to": SALES,
        "callState": "active",
        "tag": "sales",
    }
    assert (state(emu, call_id), emu.call(call_id)["endTime"] is not None) == ("completed", True)
    assert emu.played(call_id) == []  # the verbs after Transfer never run
    assert to(app, "/answer")[-1]["eventType"] == "hangup"


def test_transfer_rings_every_number_and_the_first_to_answer_wins(
    emu: Emulator, app: CallbackReceiver
) -> None:
    transfer = Transfer(PhoneNumber("+19195550004"), transfer_to=SALES, transfer_caller_id="+19195559999")
    call_id = call_in(emu, app, transfer)

    slow, fast = legs(emu, call_id)  # 0004 answers at once
    assert state(emu, fast) == "active" and state(emu, call_id) == "active"
    assert emu.call(slow)["state"] == "completed"
    assert [e.get("data") for e in emu.events(slow) if e["name"] == "hangup"] == ["ORIGINATOR_CANCEL"]
    assert emu.call(fast)["from"] == "+19195559999"
    emu.hangup(call_id)  # the caller hangs up: so does the callee
    assert state(emu, fast) == "completed"
    settle(emu)
    assert [event["eventType"] for event in to(app, "/answer")] == ["incomingcall", "answer", "hangup"]


@pytest.mark.parametrize("numbers", [("+19195550001", "+19195550002"), ("+19195550000",)])
def test_a_transfer_nobody_answers_goes_on_with_the_next_verb(
    emu: Emulator, app: CallbackReceiver, numbers: tuple[str, ...]
) -> None:
    transfer = Transfer(*[PhoneNumber(number) for number in numbers], call_timeout=5)
    call_id = call_in(emu, app, transfer, speak("Nobody is there."))

    emu.advance(5)  # rejected and busy after the ring, or no answer until callTimeout

    assert state(emu, call_id) == "active"
    assert emu.played(call_id) == ["Nobody is there."]
    assert all(state(emu, leg) in ("rejected", "completed") for leg in legs(emu, call_id))
    settle(emu)
    assert "transferComplete" not in [event["eventType"] for event in to(app, "/answer")]


def test_a_transfer_to_an_unallocated_number_hangs_up_the_call(emu: Emulator, app: CallbackReceiver) -> None:
    call_id = call_in(emu, app, Transfer(transfer_to="+19195550003"), speak("Never said."))

    assert state(emu, call_id) == "completed"
    assert bxml_notes(emu, call_id)[-1] == "Transfer: no destination exists, the call is hung up"
    assert emu.played(call_id) == []


def test_a_record_inside_transfer_records_the_bridged_call_until_one_hangs_up(
    emu: Emulator, app: CallbackReceiver
) -> None:
    transfer = Transfer(Record(request_url=f"{app.url}/recorded", max_duration=1), transfer_to="+19195550004")
    call_id = call_in(emu, app, transfer)
    (leg,) = legs(emu, call_id)

    emu.advance(30)  # maxDuration does not apply inside Transfer
    emu.hangup(leg)
    settle(emu)

    (recorded,) = to(app, "/recorded")
    with emu.client() as client:
        recording = client.recordings.get(recorded["recordingId"])
    assert recording.end_time is not None and recording.start_time is not None
    assert (recording.end_time - recording.start_time).total_seconds() == 30
    assert recorded["callId"] == call_id


# -- documents that cannot be run ---------------------------------------------------------------------------


def fails_with(emu: Emulator, app: CallbackReceiver, reason: str, **options: Any) -> None:
    call_id = emu.incoming_call(CALLER, NUMBER, **options)
    settle(emu)
    assert state(emu, call_id) == "completed"
    assert emu.call(call_id)["endTime"] == emu.call(call_id)["activeTime"]
    assert [e.get("data") for e in emu.events(call_id) if e["name"] == "hangup"] == ["NORMAL_CLEARING"]
    (note,) = bxml_notes(emu, call_id)
    assert note.startswith("error: ") and reason in note, note
    assert emu.played(call_id) == []


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (
            "<Response><Dance/></Response>",
            "invalid BXML from {url}: line 1, column 11: <Dance>: unknown verb",
        ),
        ("<Response><Pause length='x'/>", "not well-formed"),
        (
            '<xml><SpeakSentence voice="susan">Hi</SpeakSentence></xml>',
            "the document element must be <Response>",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            "<Response><SpeakSentence voice='susan'>&b;</SpeakSentence></Response>",
            "a DTD (<!DOCTYPE>) is not allowed in BXML",
        ),
        ('<!DOCTYPE r SYSTEM "file:///etc/passwd"><Response/>', "a DTD (<!DOCTYPE>) is not allowed"),
        ("<?php echo 1 ?><Response/>", "processing instructions"),
        (
            "<Response><Gather requestUrl='http://a.b/'><SpeakSentence voice='susan'><x/>",
            "nests at most 3 levels",
        ),
        (b"<Response><SpeakSentence voice='susan'>\xff</SpeakSentence></Response>", "not UTF-8"),
    ],
    ids=[
        "unknown-verb",
        "not-well-formed",
        "wrong-root",
        "entities",
        "external-dtd",
        "pi",
        "too-deep",
        "not-utf8",
    ],
)
def test_an_invalid_or_hostile_document_ends_the_call_saying_why(
    emu: Emulator, app: CallbackReceiver, document: str | bytes, reason: str
) -> None:
    app.respond("/answer", body=document)
    emu.bxml_application(NUMBER, f"{app.url}/answer")

    fails_with(emu, app, reason.format(url=f"{app.url}/answer"))


def test_a_document_over_16_kb_ends_the_call(emu: Emulator, app: CallbackReceiver) -> None:
    padding = "<!--" + "x" * 16_400 + "-->"
    app.respond("/answer", body=f"<Response>{padding}<Hangup/></Response>")
    emu.bxml_application(NUMBER, f"{app.url}/answer")

    fails_with(emu, app, "the answer's body is over 16384 bytes")
    (delivery,) = [d for d in emu.deliveries if d.event_type == "answer"]
    assert (delivery.status_code, delivery.ok) == (200, False)


def test_an_application_that_answers_500_or_too_late_ends_the_call(
    emu: Emulator, app: CallbackReceiver
) -> None:
    app.respond("/answer", status=500, body="<Response><Hangup/></Response>")
    emu.bxml_application(NUMBER, f"{app.url}/answer")
    fails_with(emu, app, f"the request for BXML to {app.url}/answer failed: HTTP 500")

    emu.reset()
    app.respond("/slow", delay=1.0, body="<Response><Hangup/></Response>")
    emu.bxml_application(NUMBER, f"{app.url}/slow")
    fails_with(emu, app, "no answer within callbackTimeout (300 ms)", callback_timeout=300)


def test_an_application_that_is_down_ends_the_call(emu: Emulator) -> None:
    emu.bxml_application(NUMBER, f"http://127.0.0.1:{free_port()}/answer")

    call_id = emu.incoming_call(CALLER, NUMBER)
    settle(emu)

    assert state(emu, call_id) == "completed"
    assert "ConnectionRefusedError" in bxml_notes(emu, call_id)[0]


def test_a_gather_request_url_that_times_out_ends_the_call(emu: Emulator, app: CallbackReceiver) -> None:
    app.respond("/gathered", delay=1.0, body="<Response/>")
    call_id = call_in(emu, app, menu(app, max_digits=1, request_url_timeout=300))

    emu.press(call_id, "1")
    settle(emu)

    assert state(emu, call_id) == "completed"
    assert bxml_notes(emu, call_id)[-1].endswith("no answer within callbackTimeout (300 ms)")


def test_a_request_url_pointing_at_the_emulator_is_refused(emu: Emulator, app: CallbackReceiver) -> None:
    gather = Gather(request_url=f"{emu.url}/_emulator/incoming-calls", max_digits=1)
    call_id = call_in(emu, app, gather)

    emu.press(call_id, "1")
    settle(emu)

    assert state(emu, call_id) == "completed"
    assert bxml_notes(emu, call_id)[-1].endswith("refused: it points at the emulator itself")
    assert emu.call_ids() == [call_id]  # the emulator made no call to itself


def test_an_empty_answer_is_a_program_with_no_verbs(emu: Emulator, app: CallbackReceiver) -> None:
    emu.bxml_application(NUMBER, f"{app.url}/answer")  # answers 200 with no body
    call_id = emu.incoming_call(CALLER, NUMBER)
    settle(emu)

    assert bxml_notes(emu, call_id) == [f"document from {app.url}/answer: no verbs"]
    emu.advance(30)
    assert state(emu, call_id) == "completed"


def test_the_python_api_checks_its_input(emu: Emulator, app: CallbackReceiver) -> None:
    with pytest.raises(InvalidInputError, match="Invalid phone number"):
        emu.bxml_application("not a number", f"{app.url}/answer")
    with pytest.raises(InvalidInputError, match="GET, POST"):
        emu.bxml_application(NUMBER, f"{app.url}/answer", method="DELETE")
