"""Run by test_original_sdk.py with a Python that has the original bandwidth-sdk 3.1.0 installed (not ours):
a dict-API conference session written for the real service, pointed at the emulator. Prints its results as
JSON."""

import json
import sys

from bandwidth import voice

endpoint, user_id, token, secret = sys.argv[1:5]
api = voice.Client(user_id, token, secret, api_endpoint=endpoint)
results: dict[str, object] = {}

conference_id = api.create_conference("+19195551212", callback_url="http://127.0.0.1:9/conference", tag="t-1")
results["conference_id"] = conference_id
results["created"] = api.get_conference(conference_id)
calls = [
    api.create_call(from_="+19195551212", to=f"+1919555{7000 + number:04d}", conference_id=conference_id)
    for number in range(2)
]
results["calls"] = calls
members = [api.create_conference_member(conference_id, call_id=call_id, join_tone=True) for call_id in calls]
results["members"] = members
results["listed"] = list(api.list_conference_members(conference_id))
api.mute_conference_member(conference_id, members[0], True)
results["muted"] = api.get_conference_member(conference_id, members[0])
api.mute_conference(conference_id, True)  # update_conference: every other field sent as null
results["conference_muted"] = api.get_conference(conference_id)["mute"]
api.play_audio_to_conference(conference_id, sentence="Welcome to the meeting", gender="female")
api.play_audio_to_conference_member(conference_id, members[1], file_url="http://127.0.0.1:9/tone.wav")
api.remove_conference_member(conference_id, members[1])
results["removed"] = api.get_conference_member(conference_id, members[1])
results["active_after_removal"] = api.get_conference(conference_id)["active_members"]
api.terminate_conference(conference_id)
results["final"] = api.get_conference(conference_id)
results["final_members"] = [member["state"] for member in api.list_conference_members(conference_id)]
results["calls_after"] = [api.get_call(call_id)["state"] for call_id in calls]
try:
    api.create_conference_member(conference_id, call_id=calls[0])
except voice.BandwidthVoiceAPIException as error:
    results["error"] = [error.status_code, error.code]
try:
    api.get_conference("conf-unknown")
except voice.BandwidthVoiceAPIException as error:
    results["missing"] = [error.status_code, error.code]
print(json.dumps(results))
