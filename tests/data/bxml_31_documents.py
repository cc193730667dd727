"""BXML documents built the bandwidth-sdk 3.1 way (lxml elements into bandwidth.voice.bxml.Response).

Prints one JSON list of [to_xml() as latin-1 text, type name of to_xml(), str()] per document. The BXML tests
run it with the original SDK's Python and with this SDK's, and compare.
"""

import json

from lxml.builder import E

from bandwidth.voice.bxml import Response

TRICKY = "a&b<c>d\"e'f\n\r\tg é 😀"

documents = [
    Response(E.Call({"from": "+1234567890", "to": "+1234567891"}), E.Hangup()),
    Response(E.PlayAudio("Thank you"), E.Hangup()),
    Response(),
    Response(E.SpeakSentence(TRICKY, voice="susan", gender="female", locale="en_US")),
    Response(E.Gather(E.SpeakSentence("Press 1", voice="susan"), requestUrl="https://a.example/?x=1&y=2")),
    Response(E.Transfer(E.PhoneNumber("+15552221234"), transferCallerId=TRICKY)),
    Response("plain text", {"attribute": "value"}),
]
print(
    json.dumps([[doc.to_xml().decode("latin-1"), type(doc.to_xml()).__name__, str(doc)] for doc in documents])
)
