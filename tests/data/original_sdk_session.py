"""Run by test_original_sdk.py with a Python that has the original bandwidth-sdk 3.1.0 installed (not ours):
a dict-API session written for the real service, pointed at the emulator. Prints its results as JSON."""

import json
import sys

from bandwidth import voice

endpoint, user_id, token, secret = sys.argv[1:5]
api = voice.Client(user_id, token, secret, api_endpoint=endpoint)
results: dict[str, object] = {}  # mypy would infer dict[str, str] from the first value, an id

call_id = api.create_call(from_="+19195551212", to="+19195553434", callback_url="http://127.0.0.1:9/cb")
results["created"] = call_id
results["state"] = api.get_call(call_id)["state"]
for number in range(4):
    api.create_call(from_="+19195551212", to=f"+1919555{6000 + number:04d}")
results["listed"] = [call["id"] for call in api.list_calls(size=2)]
bridge_id = api.create_bridge(bridge_audio=True)
results["bridge_state"] = api.get_bridge(bridge_id)["state"]
gather_id = api.create_call_gather(call_id, max_digits=2)
results["gather_state"] = api.get_call_gather(call_id, gather_id)["state"]
api.update_call_gather(call_id, gather_id, state="completed")
api.update_call(call_id, state="completed")
results["final_state"] = api.get_call(call_id)["state"]
results["events"] = [event["name"] for event in api.list_call_events(call_id)]
try:
    api.get_call("c-unknown")
except voice.BandwidthVoiceAPIException as error:
    results["error"] = [error.status_code, error.code]
print(json.dumps(results))
