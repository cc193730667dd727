"""The cases of the 3.1 corpus: 3.1 code as its users wrote it, and the answers a local server gives it.

Read by ``tests/original_capture.py``, which runs each case with the original ``bandwidth-sdk`` 3.1.0 and
writes what it sent and returned to ``original_corpus.json``. Standard library only, no imports from the
project: the harness runs it with the original SDK's Python. Where a case comes from is its ``origin``:

- ``docs``: the method's docstring example (3.1's docs pages for calls, bridges ... are those docstrings);
- ``3.1 unit test``: the call pattern of python-bandwidth's own ``tests/bandwidth/voice/*``;
- ``issue 9``: an input 3.1 took that our facade refused when the issue was filed;
- ``reference``: an example of the Catapult v1 reference, written as 3.1 code;
- ``positional``: 3.1's positional parameter order;
- ``extra keyword``: a keyword 3.1's signature does not name, taken by its ``**kwargs``;
- ``docs alias``: a method name 3.1's docstrings use but 3.1 never defined.
"""

from __future__ import annotations

from typing import Any

API = "https://api.catapult.inetwork.com"
USER_ID = "u-test"
USERS = f"/v1/users/{USER_ID}"

# -- canned answers (documented payloads, camelCase as the API sends them) ---------------------------------


def created(path: str) -> dict[str, Any]:
    """201 with the new resource in ``Location``, as the API answers a create."""
    return {"status": 201, "headers": {"Location": f"{API}{USERS}{path}"}}


def ok(value: Any = None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """200 with a JSON body, or an empty 200 (updates) without one."""
    answer: dict[str, Any] = {"status": 200}
    if value is not None:
        answer["json"] = value
    if headers:
        answer["headers"] = headers
    return answer


def failed(status: int, value: Any) -> dict[str, Any]:
    return {"status": status, "json": value}


def call_data(call_id: str, **fields: Any) -> dict[str, Any]:
    data = {
        "activeTime": "2017-01-26T16:10:23Z",
        "callbackUrl": "http://yoursite.com/calls",
        "chargeableDuration": 60,
        "direction": "out",
        "endTime": "2017-01-26T16:10:33Z",
        "events": f"{API}{USERS}/calls/{call_id}/events",
        "from": "+17079311113",
        "id": call_id,
        "recordingEnabled": False,
        "recordingFileFormat": "wav",
        "recordings": f"{API}{USERS}/calls/{call_id}/recordings",
        "startTime": "2017-01-26T16:10:11Z",
        "state": "completed",
        "to": "+19192223333",
        "transcriptionEnabled": False,
        "transcriptions": f"{API}{USERS}/calls/{call_id}/transcriptions",
    }
    data.update(fields)
    return data


CALL_STARTED = {
    "callbackUrl": "http://yoursite.com/calls",
    "direction": "out",
    "events": f"{API}{USERS}/calls/c-abc123/events",
    "from": "+1234567890",
    "id": "c-abc123",
    "recordingEnabled": False,
    "recordingFileFormat": "wav",
    "recordings": f"{API}{USERS}/calls/c-abc123/recordings",
    "startTime": "2017-01-26T16:10:11Z",
    "state": "started",
    "to": "+1234567891",
    "transcriptionEnabled": False,
    "transcriptions": f"{API}{USERS}/calls/c-abc123/transcriptions",
}
CALL_WITH_SIP_HEADERS = {  # the reference's GET /calls/{callId} example
    "activeTime": "2014-12-19T19:13:20Z",
    "callbackUrl": "https://example.com",
    "chargeableDuration": 60,
    "direction": "out",
    "endTime": "2014-12-19T19:13:22Z",
    "events": f"{API}{USERS}/calls/c-abc123/events",
    "fallbackUrl": "https://example-fallback.com",
    "from": "+19195551212",
    "id": "c-abc123",
    "recordingEnabled": False,
    "recordings": f"{API}{USERS}/calls/c-abc123/recordings",
    "startTime": "2014-12-19T19:13:09Z",
    "state": "completed",
    "to": "+19195553434",
    "transcriptionEnabled": True,
    "transcriptions": f"{API}{USERS}/calls/c-abc123/transcriptions",
    "sipHeaders": {"X-header": "value", "X-Custom-ID": "abc"},
}
CALLS_PAGE = [
    call_data("c-abc123"),
    call_data(
        "c-xyz987",
        activeTime="2016-12-29T23:50:35Z",
        chargeableDuration=180,
        endTime="2016-12-29T23:50:41Z",
        startTime="2016-12-29T23:50:15Z",
        **{"from": "+19194443333"},
    ),
]
BRIDGE_CALLS = [
    {
        "activeTime": "2013-05-22T19:49:39Z",
        "direction": "out",
        "from": "+19195551212",
        "id": "c-callId1",
        "bridgeId": "brg-bridgeId",
        "startTime": "2013-05-22T19:49:35Z",
        "state": "active",
        "to": "+19195553434",
        "recordingEnabled": False,
        "events": f"{API}{USERS}/calls/c-callId1/events",
        "bridge": f"{API}{USERS}/bridges/brg-bridgeId",
    },
    {
        "activeTime": "2013-05-22T19:50:16Z",
        "direction": "out",
        "from": "+19195551212",
        "id": "c-callId2",
        "bridgeId": "brg-bridgeId",
        "startTime": "2013-05-22T19:50:16Z",
        "state": "active",
        "to": "+19195554545",
        "recordingEnabled": False,
        "events": f"{API}{USERS}/calls/c-callId2/events",
        "bridge": f"{API}{USERS}/bridges/brg-bridgeId",
    },
]
BRIDGE = {
    "bridgeAudio": True,
    "calls": f"{API}{USERS}/bridges/brg-bridgeId/calls",
    "createdTime": "2017-01-26T01:15:09Z",
    "id": "brg-bridgeId",
    "state": "created",
}
BRIDGES = [
    dict(BRIDGE, id=bridge_id, calls=f"{API}{USERS}/bridges/{bridge_id}/calls")
    for bridge_id in ("brg-6mv7pi22i", "brg-3emq7olua")
]
EVENTS = [
    {"id": "ev-1", "time": "2012-09-19T13:55:41.343Z", "name": "create"},
    {"id": "ev-2", "time": "2012-09-19T13:55:45.583Z", "name": "answer"},
    {"id": "ev-3", "time": "2012-09-19T13:55:58.323Z", "name": "hangup", "data": "NORMAL_CLEARING"},
]
GATHER = {
    "id": "gatherId",
    "state": "completed",
    "reason": "max-digits",
    "createdTime": "2014-02-12T19:33:56Z",
    "completedTime": "2014-02-12T19:33:59Z",
    "call": f"{API}{USERS}/calls/callId",
    "digits": "123",
}
RECORDINGS = [
    {
        "call": f"{API}{USERS}/calls/c-callId",
        "endTime": "2017-01-30T17:58:45Z",
        "id": "rec-recordingId",
        "media": f"{API}{USERS}/media/c-callId-1.wav",
        "startTime": "2017-01-30T17:58:34Z",
        "state": "complete",
    },
    {
        "call": f"{API}{USERS}/calls/c-callId2",
        "endTime": "2017-01-30T17:53:30Z",
        "id": "rec-recordingId2",
        "media": f"{API}{USERS}/media/c-callId2-1.wav",
        "startTime": "2017-01-30T17:53:20Z",
        "state": "complete",
    },
]
TRANSCRIPTIONS = [
    {
        "chargeableDuration": 60,
        "id": "tr-1",
        "state": "completed",
        "time": "2014-10-09T12:09:16Z",
        "text": "Hey there, I was calling to talk about plans for this saturday.",
        "textSize": 3627,
        "textUrl": f"{API}{USERS}/media/tr-1",
    },
    {
        "chargeableDuration": 60,
        "id": "tr-2",
        "state": "completed",
        "time": "2014-10-09T14:04:44Z",
        "text": "Call me back.",
        "textSize": 72,
        "textUrl": f"{API}{USERS}/media/tr-2",
    },
]
CONFERENCE = {
    "activeMembers": 0,
    "callbackHttpMethod": "post",
    "callbackTimeout": 2000,
    "callbackUrl": "http://google.com",
    "createdTime": "2017-01-26T01:58:59Z",
    "fallbackUrl": "http://yahoo.com",
    "from": "+12018994444",
    "hold": False,
    "id": "conf-ixaagbn5wcyskisiy",
    "mute": False,
    "state": "created",
}
MEMBER = {
    "addedTime": "2017-01-30T22:01:11Z",
    "call": f"{API}{USERS}/calls/c-callId",
    "hold": False,
    "id": "member-memberId",
    "joinTone": True,
    "leavingTone": False,
    "mute": False,
    "state": "active",
}
NOT_FOUND = {
    "category": "not-found",
    "code": "call-not-found",
    "message": "The call c-unknown could not be found",
    "details": [{"name": "callId", "value": "c-unknown"}],
}
SENTENCE = (
    'my_sentence = api.build_sentence(sentence="Hello from Bandwidth", gender="Female", locale="en_UK",\n'
    '                                 voice="Bridget", loop_enabled=True)\n'
)
UNKNOWN_FIELD = "someNewField='x'"
"""An extra keyword that names no parameter of 3.1 (a field the API might add): 3.1 sent it verbatim."""


# -- the cases ----------------------------------------------------------------------------------------------

DOCS = "docs"
UNIT_TEST = "3.1 unit test"
ISSUE_9 = "issue 9"
REFERENCE = "reference"
POSITIONAL = "positional"
EXTRA = "extra keyword"
ALIAS = "docs alias"
TWO_PAGES = {
    "Link": '<{server}/v1/users/u-test/calls?to=%2B19192223333&size=1&page=0>; rel="first", '
    '<{server}/v1/users/u-test/calls?to=%2B19192223333&size=1&page=1>; rel="next"'
}
ABSENT = dict(call_data("c-abc123", state="active"))
del ABSENT["recordingEnabled"]


def _case(name: str, method: str, origin: str, source: str, *answers: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "method": method, "origin": origin, "source": source, "answers": list(answers)}


def cases() -> list[dict[str, Any]]:
    """Every case, in the corpus's order; ``method`` names the 3.1 method the case exercises."""
    c = _case
    # fmt: off
    return [
        # ---- audio helpers ----------------------------------------------------------------------------
        c("build_sentence_docs", "build_sentence", DOCS,
          'api.build_sentence(sentence="Hello from Bandwidth", gender="Female", locale="en_UK",\n'
          '                   voice="Bridget", loop_enabled=True)'),
        c("build_sentence_only_a_sentence", "build_sentence", POSITIONAL, "api.build_sentence('Hello')"),
        c("build_sentence_extra_keyword", "build_sentence", ISSUE_9,
          "api.build_sentence('Hi', tag='whisper-1')"),
        c("build_audio_playback_docs", "build_audio_playback", DOCS,
          "api.build_audio_playback('http://my_site.com/file.mp3', loop_enabled=True)"),
        c("build_audio_playback_extra_keyword", "build_audio_playback", EXTRA,
          "api.build_audio_playback('http://my_site.com/file.mp3', tag='whisper-2')"),
        # ---- calls ------------------------------------------------------------------------------------
        c("list_calls_docs_total_duration", "list_calls", DOCS,
          "call_list = api.list_calls(from_='+19192223333', size=1000)\n"
          "total_chargeable_duration = 0\n"
          "for call in call_list:\n"
          "    total_chargeable_duration += call['chargeable_duration']\n"
          "total_chargeable_duration",
          ok(CALLS_PAGE)),
        c("list_calls_docs", "list_calls", DOCS, "api.list_calls(to='+19192223333', size=2)", ok(CALLS_PAGE)),
        c("list_calls_two_pages", "list_calls", DOCS, "api.list_calls(to='+19192223333', size=1)",
          ok(CALLS_PAGE[:1], TWO_PAGES), ok(CALLS_PAGE[1:])),
        c("list_calls_no_arguments", "list_calls", UNIT_TEST, "api.list_calls()", ok([{"id": "callId"}])),
        c("list_calls_positional", "list_calls", POSITIONAL,
          "api.list_calls('brg-bridgeId', None, '+19195551212', None, 25, 'asc')", ok(BRIDGE_CALLS)),
        c("list_calls_page_keyword", "list_calls", EXTRA,
          "api.list_calls(to='+19192223333', size=2, page=3)", ok([])),
        c("list_calls_numeric_string_size", "list_calls", ISSUE_9,
          "api.list_calls(to='+19192223333', size='2')", ok(CALLS_PAGE)),
        c("list_calls_extra_keyword", "list_calls", EXTRA,
          f"api.list_calls(to='+19192223333', {UNKNOWN_FIELD})", ok([])),
        c("create_call_docs", "create_call", DOCS,
          "api.create_call(from_='+1234567890', to='+1234567891', callback_url='http://yoursite.com/calls')",
          created("/calls/c-abc123")),
        c("create_call_positional", "create_call", UNIT_TEST,
          "api.create_call('+1234567890', '+1234567891')", created("/calls/callId")),
        c("create_call_in_conference", "create_call", DOCS,
          "api.create_call(from_='+19192223333', to='+19192223334', conference_id='conf-confId')",
          created("/calls/c-callId")),
        c("create_call_sip_headers", "create_call", REFERENCE,
          "api.create_call(from_='+19195551212', to='sip:someone@somewhere.com',\n"
          "                sip_headers={'X-Header-1': 'value1', 'X-Header-2': 'value2'})",
          created("/calls/c-sip")),
        c("create_call_every_option", "create_call", REFERENCE,
          "api.create_call(from_='+19195551212', to='+19195553434', call_timeout=30,\n"
          "                callback_url='http://google.com', callback_timeout=2000,\n"
          "                callback_http_method='GET', fallback_url='http://bing.com', bridge_id='brg-1',\n"
          "                recording_enabled=True, recording_file_format='mp3',\n"
          "                recording_max_duration=3600,\n"
          "                transcription_enabled=True, tag='{\"context\": \"key\"}')",
          created("/calls/c-every")),
        c("create_call_numeric_strings", "create_call", ISSUE_9,
          "api.create_call(from_='+19195551212', to='+19195553434', call_timeout='30',\n"
          "                callback_timeout='2000', recording_max_duration='3600')",
          created("/calls/c-strings")),
        c("create_call_extra_keyword", "create_call", EXTRA,
          f"api.create_call(from_='+19195551212', to='+19195553434', {UNKNOWN_FIELD})",
          created("/calls/c-extra")),
        c("create_call_colliding_keyword", "create_call", ISSUE_9,
          "api.create_call(from_='+19195551212', to='+19195553434', callback_url='http://a.example/cb',\n"
          "                callbackUrl='http://b.example/cb')",
          created("/calls/c-collides")),
        c("create_call_boolean_strings", "create_call", ISSUE_9,
          "api.create_call(from_='+19195551212', to='+19195553434', recording_enabled='true',\n"
          "                transcription_enabled='false')",
          created("/calls/c-flags")),
        c("create_call_bad_request", "create_call", REFERENCE,
          "api.create_call(from_='+19195551212', to='+1')",
          failed(400, {"category": "bad-request", "message": "Invalid 'to' number: +1"})),
        c("get_call_docs", "get_call", DOCS, "api.get_call('c-abc123')", ok(CALL_STARTED)),
        c("get_call_sip_headers", "get_call", REFERENCE, "api.get_call('c-abc123')",
          ok(CALL_WITH_SIP_HEADERS)),
        c("get_call_not_found", "get_call", REFERENCE, "api.get_call('c-unknown')", failed(404, NOT_FOUND)),
        c("update_call_docs", "update_call", DOCS, "api.update_call('c-abc123', state='completed')", ok()),
        c("update_call_positional", "update_call", POSITIONAL, "api.update_call('c-abc123', 'active')", ok()),
        c("update_call_recording", "update_call", DOCS,
          "api.update_call('c-abc123', recording_enabled=True, recording_file_format='mp3')", ok()),
        c("update_call_transfer_returns_new_id", "update_call", REFERENCE,
          "api.update_call('c-abc123', state='transferring', transfer_to='+19195554444',\n"
          "                transfer_caller_id='+19195551212', callback_url='http://yoursite.com/transfer')",
          created("/calls/c-transferred")),
        c("update_call_extra_keyword", "update_call", EXTRA,
          f"api.update_call('c-abc123', state='completed', {UNKNOWN_FIELD})", ok()),
        c("update_call_colliding_keyword", "update_call", ISSUE_9,
          "api.update_call('c-abc123', state='completed', callbackUrl='http://b.example/cb')", ok()),
        c("play_audio_to_call_file_docs", "play_audio_to_call", DOCS,
          "api.play_audio_to_call('call_id', file_url='http://host/path/file.mp3')", ok()),
        c("play_audio_to_call_sentence_docs", "play_audio_to_call", DOCS,
          "api.play_audio_to_call('call_id', sentence='Press 0 to complete call', gender='female')", ok()),
        c("play_audio_to_call_built_sentence_docs", "play_audio_to_call", DOCS,
          SENTENCE + "api.play_audio_to_call('c-abc123', my_sentence)", ok()),
        c("play_audio_to_call_built_playback", "play_audio_to_call", DOCS,
          "my_audio = api.build_audio_playback('http://my_site.com/file.mp3', loop_enabled=True)\n"
          "api.play_audio_to_call('c-abc123', my_audio)", ok()),
        c("play_audio_to_call_unit_test", "play_audio_to_call", UNIT_TEST,
          "api.play_audio_to_call('callId', file_url='url')", ok()),
        c("play_audio_to_call_positional", "play_audio_to_call", POSITIONAL,
          "api.play_audio_to_call('c-abc123', None, 'Hello', 'male', 'en_UK', 'bridget', True)", ok()),
        c("play_audio_to_call_stop", "play_audio_to_call", REFERENCE,
          "api.play_audio_to_call('c-abc123', file_url='')", ok()),
        c("play_audio_to_call_tag_and_volume", "play_audio_to_call", EXTRA,
          "api.play_audio_to_call('c-abc123', sentence='Hi', tag='greeting', volume=2)", ok()),
        c("play_audio_to_call_numeric_string_volume", "play_audio_to_call", ISSUE_9,
          "api.play_audio_to_call('c-abc123', sentence='Hi', loop_enabled='false', volume='-2')", ok()),
        c("play_audio_to_call_extra_keyword", "play_audio_to_call", EXTRA,
          f"api.play_audio_to_call('c-abc123', file_url='http://host/a.mp3', {UNKNOWN_FIELD})", ok()),
        c("play_audio_file_to_call_docs", "play_audio_file_to_call", DOCS,
          "api.play_audio_file_to_call('call_id', 'http://host/path/file.mp3')", ok()),
        c("play_audio_file_to_call_tag", "play_audio_file_to_call", POSITIONAL,
          "api.play_audio_file_to_call('c-abc123', 'http://host/path/file.mp3', 'music')", ok()),
        c("speak_sentence_to_call_docs", "speak_sentence_to_call", DOCS,
          "api.speak_sentence_to_call('call_id', 'Hello')", ok()),
        c("speak_sentence_to_call_positional", "speak_sentence_to_call", POSITIONAL,
          "api.speak_sentence_to_call('c-abc123', 'Hola', 'male', 'jorge', 'es_MX', 'greeting')", ok()),
        c("send_dtmf_to_call_docs", "send_dtmf_to_call", DOCS,
          "api.send_dtmf_to_call('c-callId', '1234')", ok()),
        c("send_dtmf_to_call_int", "send_dtmf_to_call", UNIT_TEST,
          "api.send_dtmf_to_call('callId', 12)", ok()),
        c("send_dtmf_to_call_extra_keyword", "send_dtmf_to_call", EXTRA,
          f"api.send_dtmf_to_call('c-callId', '1W2', {UNKNOWN_FIELD})", ok()),
        c("list_call_recordings_docs", "list_call_recordings", DOCS,
          "api.list_call_recordings('callId')", ok(RECORDINGS)),
        c("get_call_recordings_alias", "list_call_recordings", ALIAS,
          "api.get_call_recordings('callId')", ok(RECORDINGS)),
        c("list_call_transcriptions_docs", "list_call_transcriptions", DOCS,
          "api.list_call_transcriptions('callId')", ok(TRANSCRIPTIONS)),
        c("get_call_transcriptions_alias", "list_call_transcriptions", ALIAS,
          "api.get_call_transcriptions('callId')", ok(TRANSCRIPTIONS)),
        c("list_call_events_docs", "list_call_events", DOCS, "api.list_call_events('callId')", ok(EVENTS)),
        c("get_call_events_alias", "list_call_events", ALIAS, "api.get_call_events('callId')", ok(EVENTS)),
        c("get_call_event_docs", "get_call_event", DOCS, "api.get_call_event('callId', 'eventId')",
          ok(dict(EVENTS[1], id="eventId"))),
        c("create_call_gather_docs", "create_call_gather", DOCS,
          "api.create_call_gather('callId', max_digits=1)", created("/calls/callId/gather/gatherId")),
        c("create_call_gather_positional", "create_call_gather", POSITIONAL,
          "api.create_call_gather('c-1', 3, 10, '#', 'menu')", created("/calls/c-1/gather/g-positional")),
        c("create_call_gather_numeric_strings", "create_call_gather", ISSUE_9,
          "api.create_call_gather('c-1', max_digits='5', inter_digit_timeout='7')",
          created("/calls/c-1/gather/g-strings")),
        c("create_call_gather_prompt", "create_call_gather", REFERENCE,
          "api.create_call_gather('c-1', max_digits=5, terminating_digits='*', inter_digit_timeout=7,\n"
          "                       prompt={'sentence': 'Please enter your 5 digit code'})",
          created("/calls/c-1/gather/g-prompt")),
        c("create_call_gather_reference_strings", "create_call_gather", REFERENCE,
          "api.create_call_gather('c-1', max_digits='5', terminating_digits='*', inter_digit_timeout='7',\n"
          "                       prompt={'sentence': 'Please enter your 5 digit code'})",
          created("/calls/c-1/gather/g-reference")),
        c("create_call_gather_extra_keyword", "create_call_gather", EXTRA,
          f"api.create_call_gather('c-1', max_digits=1, {UNKNOWN_FIELD})",
          created("/calls/c-1/gather/g-extra")),
        c("get_call_gather_docs", "get_call_gather", DOCS, "api.get_call_gather('callId', 'gatherId')",
          ok(GATHER)),
        c("update_call_gather_docs", "update_call_gather", DOCS,
          "api.update_call_gather('callId', 'gatherId', state='completed')", ok()),
        c("update_call_gather_without_state", "update_call_gather", POSITIONAL,
          "api.update_call_gather('callId', 'gatherId')", ok()),
        c("update_call_gather_extra_keyword", "update_call_gather", EXTRA,
          f"api.update_call_gather('callId', 'gatherId', state='completed', {UNKNOWN_FIELD})", ok()),
        c("answer_call_docs", "answer_call", DOCS, "api.answer_call('callId')", ok()),
        c("reject_call_docs", "reject_call", DOCS, "api.reject_call('callId')", ok()),
        c("hangup_call_docs", "hangup_call", DOCS, "api.hangup_call('callId')", ok()),
        c("hangup_call_server_error", "hangup_call", REFERENCE, "api.hangup_call('c-abc123')",
          failed(500, {"category": "unexpected", "code": "unexpected-error", "message": "Try again later"})),
        c("enable_call_recording_docs", "enable_call_recording", DOCS,
          "api.enable_call_recording('c-callId')", ok()),
        c("disable_call_recording_docs", "disable_call_recording", DOCS,
          "api.disable_call_recording('c-callId')", ok()),
        c("toggle_call_recording_turns_on", "toggle_call_recording", DOCS,
          "api.toggle_call_recording('c-abc123')", ok(call_data("c-abc123", state="active")), ok()),
        c("toggle_call_recording_turns_off", "toggle_call_recording", DOCS,
          "api.toggle_call_recording('c-abc123')",
          ok(call_data("c-abc123", state="active", recordingEnabled=True)), ok()),
        c("toggle_call_recording_null", "toggle_call_recording", ISSUE_9,
          "api.toggle_call_recording('c-abc123')",
          ok(call_data("c-abc123", state="active", recordingEnabled=None))),
        c("toggle_call_recording_absent", "toggle_call_recording", ISSUE_9,
          "api.toggle_call_recording('c-abc123')", ok(ABSENT)),
        c("transfer_call_docs_whisper_sentence", "transfer_call", DOCS,
          SENTENCE + "my_call = api.get_call('c-callId')\n"
          "api.transfer_call('c-callId', to='+1234564890', caller_id=my_call['from'],\n"
          "                  whisper_audio=my_sentence)",
          ok(call_data("c-callId", state="active")), created("/calls/c-new")),
        c("transfer_call_docs_whisper_playback", "transfer_call", DOCS,
          "my_audio = api.build_audio_playback('http://my_site.com/file.mp3', loop_enabled=True)\n"
          "my_call = api.get_call('c-callId')\n"
          "api.transfer_call('c-callId', to='+1234564890', whisper_audio=my_audio)",
          ok(call_data("c-callId", state="active")), created("/calls/c-new2")),
        c("transfer_call_positional", "transfer_call", UNIT_TEST,
          "api.transfer_call('callId', '+1234567890', '+1234567891')", created("/calls/c-new3")),
        c("transfer_call_callback_url", "transfer_call", UNIT_TEST,
          "my_audio = api.build_audio_playback('url')\n"
          "api.transfer_call('callId', to='+1234567890', caller_id='+1234567891', whisper_audio=my_audio,\n"
          "                  callback_url='curl')",
          created("/calls/c-new4")),
        c("transfer_call_diversion", "transfer_call", ISSUE_9,
          "api.transfer_call('c-abc123', '+19195554444', diversionTreatment='stack',\n"
          "                  diversionReason='do-not-disturb')",
          created("/calls/c-diverted")),
        c("transfer_call_diversion_snake_case", "transfer_call", EXTRA,
          "api.transfer_call('c-abc123', '+19195554444', diversion_treatment='propagate',\n"
          "                  diversion_reason='user-busy')",
          created("/calls/c-diverted2")),
        # ---- bridges ----------------------------------------------------------------------------------
        c("list_bridges_docs", "list_bridges", DOCS, "api.list_bridges(size=1000)", ok(BRIDGES)),
        c("list_bridges_no_arguments", "list_bridges", UNIT_TEST, "api.list_bridges()", ok(BRIDGES[:1])),
        c("list_bridges_positional", "list_bridges", POSITIONAL, "api.list_bridges(5)", ok(BRIDGES)),
        c("list_bridges_page_keyword", "list_bridges", EXTRA, "api.list_bridges(size=2, page=1)", ok([])),
        c("list_bridges_extra_keyword", "list_bridges", EXTRA,
          f"api.list_bridges(size=2, {UNKNOWN_FIELD})", ok([])),
        c("list_bridges_numeric_string_size", "list_bridges", ISSUE_9, "api.list_bridges('5')", ok(BRIDGES)),
        c("create_bridge_docs", "create_bridge", DOCS,
          "api.create_bridge(call_ids=['callId1', 'callId2'], bridge_audio=True)",
          created("/bridges/brg-123")),
        c("create_bridge_unit_test", "create_bridge", UNIT_TEST,
          "api.create_bridge(call_ids=['callId'], bridge_audio=False)", created("/bridges/bridgeId")),
        c("create_bridge_empty", "create_bridge", REFERENCE, "api.create_bridge()",
          created("/bridges/brg-empty")),
        c("create_bridge_positional", "create_bridge", POSITIONAL,
          "api.create_bridge(['c-1', 'c-2'], True)", created("/bridges/brg-positional")),
        c("create_bridge_extra_keyword", "create_bridge", EXTRA,
          f"api.create_bridge(bridge_audio=True, {UNKNOWN_FIELD})", created("/bridges/brg-extra")),
        c("get_bridge_docs", "get_bridge", DOCS, "api.get_bridge('brg-bridgeId')", ok(BRIDGE)),
        c("update_bridge_docs", "update_bridge", DOCS,
          "api.update_bridge('brg-bridgeId', call_ids=['callId1', 'callId2'], bridge_audio=False)", ok()),
        c("update_bridge_unit_test", "update_bridge", UNIT_TEST,
          "api.update_bridge('bridgeId', bridge_audio=False)", ok()),
        c("update_bridge_positional", "update_bridge", POSITIONAL,
          "api.update_bridge('brg-1', ['c-1'], True)", ok()),
        c("update_bridge_extra_keyword", "update_bridge", EXTRA,
          f"api.update_bridge('brg-1', bridge_audio=True, {UNKNOWN_FIELD})", ok()),
        c("list_bridge_calls_docs", "list_bridge_calls", DOCS, "api.list_bridge_calls('brg-bridgeId')",
          ok(BRIDGE_CALLS)),
        c("get_bridge_calls_alias", "list_bridge_calls", ALIAS, "api.get_bridge_calls('brg-bridgeId')",
          ok(BRIDGE_CALLS)),
        c("play_audio_to_bridge_file_docs", "play_audio_to_bridge", DOCS,
          "api.play_audio_to_bridge('bridgeId', file_url='http://host/path/file.mp3')", ok()),
        c("play_audio_to_bridge_sentence_docs", "play_audio_to_bridge", DOCS,
          "api.play_audio_to_bridge('bridgeId', sentence='Press 0 to complete call', gender='female')",
          ok()),
        c("play_audio_to_bridge_unit_test", "play_audio_to_bridge", UNIT_TEST,
          "api.play_audio_to_bridge('bridgeId', **{'file_url': 'url'})", ok()),
        c("play_audio_to_bridge_built_sentence", "play_audio_to_bridge", DOCS,
          SENTENCE + "api.play_audio_to_bridge('brg-1', my_sentence)", ok()),
        c("play_audio_to_bridge_tag", "play_audio_to_bridge", EXTRA,
          "api.play_audio_to_bridge('brg-1', sentence='Hi', tag='bridge-greeting')", ok()),
        c("play_audio_to_bridge_extra_keyword", "play_audio_to_bridge", EXTRA,
          f"api.play_audio_to_bridge('brg-1', file_url='http://host/a.mp3', {UNKNOWN_FIELD})", ok()),
        c("play_audio_file_to_bridge_docs", "play_audio_file_to_bridge", DOCS,
          "api.play_audio_file_to_bridge('bridgeId', 'http://host/path/file.mp3')", ok()),
        c("speak_sentence_to_bridge_docs", "speak_sentence_to_bridge", DOCS,
          "api.speak_sentence_to_bridge('bridgeId', 'Hello')", ok()),
        # ---- conferences ------------------------------------------------------------------------------
        c("create_conference_docs", "create_conference", DOCS, "api.create_conference('+12018994444')",
          created("/conferences/conf-ixaagbn5wcyskisiy")),
        c("create_conference_docs_options", "create_conference", DOCS,
          "api.create_conference(from_='+12018994444', callback_url='http://google.com',\n"
          "                      callback_timeout=2000, fallback_url='http://yahoo.com')",
          created("/conferences/conf-ixaagbn5wcyskisiy")),
        c("create_conference_unit_test", "create_conference", UNIT_TEST,
          "api.create_conference(from_='+1234567980', callbackUrl='http://abc.com', tag='my_tag',\n"
          "                      callback_http_method='GET')",
          created("/conferences/conferenceId")),
        c("create_conference_profile", "create_conference", REFERENCE,
          "api.create_conference('+12018994444', profile='passthru_digits')", created("/conferences/conf-2")),
        c("create_conference_numeric_string", "create_conference", REFERENCE,
          "api.create_conference('+12018994444', callback_timeout='2000')", created("/conferences/conf-3")),
        c("get_conference_docs", "get_conference", DOCS, "api.get_conference('conf-ixaagbn5wcyskisiy')",
          ok(CONFERENCE)),
        c("update_conference_docs", "update_conference", DOCS,
          "api.update_conference('conferenceId', state='completed')", ok()),
        c("update_conference_string_booleans", "update_conference", DOCS,
          "api.update_conference('conferenceId', mute='true', hold='false')", ok()),
        c("play_audio_to_conference_file_docs", "play_audio_to_conference", DOCS,
          "api.play_audio_to_conference('conferenceId', file_url='http://host/path/file.mp3')", ok()),
        c("play_audio_to_conference_sentence_docs", "play_audio_to_conference", DOCS,
          "api.play_audio_to_conference('conferenceId', sentence='Press 0 to complete call',\n"
          "                             gender='female')",
          ok()),
        c("play_audio_to_conference_unit_test", "play_audio_to_conference", UNIT_TEST,
          "api.play_audio_to_conference('conferenceId', **{'file_url': 'url'})", ok()),
        c("play_audio_file_to_conference_docs", "play_audio_file_to_conference", DOCS,
          "api.play_audio_file_to_conference('conferenceId', 'http://host/path/file.mp3')", ok()),
        c("speak_sentence_to_conference_docs", "speak_sentence_to_conference", DOCS,
          "api.speak_sentence_to_conference('conferenceId', 'Hello')", ok()),
        c("list_conference_members_docs", "list_conference_members", DOCS,
          "api.list_conference_members('conf-confId')", ok([dict(MEMBER, state="completed")])),
        c("create_conference_member_docs", "create_conference_member", DOCS,
          "api.create_conference_member('conf-confId', call_id='c-callId', join_tone=True)",
          created("/conferences/conf-confId/members/member-memberId")),
        c("create_conference_member_unit_test", "create_conference_member", UNIT_TEST,
          "api.create_conference_member('conferenceId', **{'call_id': 'callId'})",
          created("/conferences/conferenceId/members/memberId")),
        c("get_conference_member_docs", "get_conference_member", DOCS,
          "api.get_conference_member('conf-confId', 'member-memberId')", ok(MEMBER)),
        c("update_conference_member_docs", "update_conference_member", DOCS,
          "api.update_conference_member('conf-confId', 'member-memberId', mute=True, hold=True)", ok()),
        c("update_conference_member_unit_test", "update_conference_member", UNIT_TEST,
          "api.update_conference_member('conferenceId', 'memberId', **{'state': 'completed'})", ok()),
        c("play_audio_to_conference_member_file_docs", "play_audio_to_conference_member", DOCS,
          "api.play_audio_to_conference_member('conferenceId', 'memberId',\n"
          "                                    file_url='http://host/path/file.mp3')",
          ok()),
        c("play_audio_to_conference_member_sentence_docs", "play_audio_to_conference_member", DOCS,
          "api.play_audio_to_conference_member('conferenceId', 'memberId',\n"
          "                                    sentence='Press 0 to complete call', gender='female')",
          ok()),
        c("play_audio_file_to_conference_member_docs", "play_audio_file_to_conference_member", DOCS,
          "api.play_audio_file_to_conference_member('conferenceId', 'memberId',\n"
          "                                         'http://host/path/file.mp3')",
          ok()),
        c("speak_sentence_to_conference_member_docs", "speak_sentence_to_conference_member", DOCS,
          "api.speak_sentence_to_conference_member('conferenceId', 'memberId', 'Hello')", ok()),
        c("remove_conference_member_docs", "remove_conference_member", DOCS,
          "api.remove_conference_member('conf-confId', 'member-memberId2')", ok()),
        c("hold_conference_member_docs", "hold_conference_member", DOCS,
          "api.hold_conference_member('conferenceId', 'memberId', True)", ok()),
        c("mute_conference_member_docs", "mute_conference_member", DOCS,
          "api.mute_conference_member('conferenceId', 'memberId', True)", ok()),
        c("terminate_conference_docs", "terminate_conference", DOCS,
          "api.terminate_conference('conferenceId')", ok()),
        c("hold_conference_docs", "hold_conference", DOCS, "api.hold_conference('conferenceId', True)", ok()),
        c("mute_conference_docs", "mute_conference", DOCS, "api.mute_conference('conferenceId', True)", ok()),
        # ---- recordings and transcriptions ------------------------------------------------------------
        c("list_recordings_docs", "list_recordings", DOCS, "api.list_recordings(size=1000)", ok(RECORDINGS)),
        c("list_recordings_no_arguments", "list_recordings", UNIT_TEST, "api.list_recordings()",
          ok(RECORDINGS[:1])),
        c("list_recordings_extra_keyword", "list_recordings", EXTRA,
          f"api.list_recordings(size=2, {UNKNOWN_FIELD})", ok([])),
        c("get_recording_docs", "get_recording", DOCS, "api.get_recording('rec-recordingId2')",
          ok(RECORDINGS[1])),
        c("list_transcriptions_docs", "list_transcriptions", DOCS, "api.list_transcriptions('recordingId')",
          ok(TRANSCRIPTIONS)),
        c("list_transcriptions_size", "list_transcriptions", POSITIONAL,
          "api.list_transcriptions('recordingId', 10)", ok(TRANSCRIPTIONS)),
        c("list_transcriptions_extra_keyword", "list_transcriptions", EXTRA,
          f"api.list_transcriptions('recordingId', {UNKNOWN_FIELD})", ok(TRANSCRIPTIONS)),
        c("create_transcription_docs", "create_transcription", DOCS,
          "api.create_transcription('recordingId')",
          created("/recordings/recordingId/transcriptions/tr-new")),
        c("get_transcription_docs", "get_transcription", DOCS,
          "api.get_transcription('recordingId', 'transcriptionId')", ok(dict(TRANSCRIPTIONS[0], id="tr-1"))),
    ]
    # fmt: on
