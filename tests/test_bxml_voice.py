"""``bandwidth.voice.bxml.Response``, the 3.1 API: the same bytes as bandwidth-sdk 3.1 for the same lxml
elements; typed verbs accepted, with or without lxml; a clear error without lxml for anything else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bandwidth.bxml import Gather, Hangup, PhoneNumber, SpeakSentence, Transfer

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "data" / "bxml_31_documents.py"
ORIGINAL_PYTHON = os.environ.get("BANDWIDTH_ORIGINAL_PYTHON")
TRICKY = "a&b<c>d\"e'f\n\r\tg é 😀"

# What bandwidth-sdk 3.1.0 writes for the documents of tests/data/bxml_31_documents.py (seen with lxml 6.1).
WRITTEN_BY_31 = [
    '<xml><Response><Call from="+1234567890" to="+1234567891"/><Hangup/></Response></xml>',
    "<xml><Response><PlayAudio>Thank you</PlayAudio><Hangup/></Response></xml>",
    "<xml><Response/></xml>",
    '<xml><Response><SpeakSentence voice="susan" gender="female" locale="en_US">'
    "a&amp;b&lt;c&gt;d\"e'f\n&#13;\tg &#233; &#128512;</SpeakSentence></Response></xml>",
    '<xml><Response><Gather requestUrl="https://a.example/?x=1&amp;y=2">'
    '<SpeakSentence voice="susan">Press 1</SpeakSentence></Gather></Response></xml>',
    '<xml><Response><Transfer transferCallerId="a&amp;b&lt;c&gt;d&quot;e\'f&#10;&#13;&#9;g &#233; &#128512;">'
    "<PhoneNumber>+15552221234</PhoneNumber></Transfer></Response></xml>",
    '<xml><Response attribute="value">plain text</Response></xml>',
]


def run_documents(python: str, *flags: str) -> list[list[str]]:
    result = subprocess.run(
        [python, *flags, str(DOCUMENTS)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    documents: list[list[str]] = json.loads(result.stdout)
    return documents


def test_the_shim_writes_what_31_wrote_for_lxml_elements() -> None:
    pytest.importorskip("lxml")

    ours = run_documents(sys.executable)

    assert [to_xml for to_xml, _, _ in ours] == WRITTEN_BY_31
    assert {kind for _, kind, _ in ours} == {"bytes"}
    assert [text for _, _, text in ours] == WRITTEN_BY_31


@pytest.mark.skipif(
    not ORIGINAL_PYTHON, reason="BANDWIDTH_ORIGINAL_PYTHON names no Python with bandwidth-sdk 3.1"
)
def test_the_original_sdk_writes_the_same() -> None:
    assert ORIGINAL_PYTHON is not None
    # -I: isolated, so it imports its own `bandwidth` package and not this checkout's
    assert run_documents(ORIGINAL_PYTHON, "-I") == run_documents(sys.executable)


def typed_documents() -> list[tuple[object, ...]]:
    return [
        (SpeakSentence(TRICKY, voice="susan", locale="en_US"), Hangup()),
        (
            Gather(
                SpeakSentence("Press 1", voice="susan"), request_url="https://a.example/?x=1&y=2", tag=TRICKY
            ),
        ),
        (Transfer(PhoneNumber("+15552221234"), transfer_caller_id=TRICKY),),
        (),
    ]


def test_typed_verbs_write_like_the_equivalent_lxml_elements() -> None:
    pytest.importorskip("lxml")
    from lxml.builder import E

    from bandwidth.voice.bxml import Response

    typed = Response(Gather(SpeakSentence(TRICKY, voice="susan"), request_url="https://a.example/?x=1&y=2"))
    lxml = Response(
        E.Gather(
            E.SpeakSentence(TRICKY, gender="female", voice="susan"), requestUrl="https://a.example/?x=1&y=2"
        )
    )
    mixed = Response(E.Pause(length="2"), Hangup())

    assert typed.to_xml() == lxml.to_xml()
    assert str(typed) == str(lxml)
    assert mixed.to_xml() == b'<xml><Response><Pause length="2"/><Hangup/></Response></xml>'
    assert typed.response.tag == "xml"  # the lxml element, as in 3.1


WITHOUT_LXML = """
import json, sys
sys.modules["lxml"] = None  # as if lxml were not installed
from bandwidth.voice.bxml import Response
from bandwidth.bxml import Gather, Hangup, PhoneNumber, SpeakSentence, Transfer
TRICKY = {tricky!r}
documents = [{documents}]
written = [[Response(*verbs).to_xml().decode("ascii"), str(Response(*verbs))] for verbs in documents]
try:
    Response("<Hangup/>")
except ImportError as error:
    written.append([type(error).__name__, str(error)])
print(json.dumps(written))
"""


def test_without_lxml_typed_verbs_still_write_the_31_bytes_and_other_input_says_install_lxml() -> None:
    pytest.importorskip("lxml")
    from bandwidth.voice.bxml import Response

    documents = ", ".join("(" + "".join(f"{verb!r}, " for verb in verbs) + ")" for verbs in typed_documents())
    code = WITHOUT_LXML.format(tricky=TRICKY, documents=documents)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    *written, (error_type, message) = json.loads(result.stdout)

    with_lxml = [
        [Response(*verbs).to_xml().decode("ascii"), str(Response(*verbs))] for verbs in typed_documents()
    ]
    assert written == with_lxml
    assert written[-1] == ["<xml><Response/></xml>"] * 2
    assert error_type == "ImportError"
    assert "pip install lxml" in message and "bandwidth.bxml" in message


def test_the_voice_package_keeps_its_exports() -> None:
    import bandwidth.voice
    from bandwidth import BandwidthVoiceAPIException, Client
    from bandwidth.voice import bxml

    assert bandwidth.voice.__all__ == ["BandwidthVoiceAPIException", "Client"]
    assert bandwidth.voice.Client is Client
    assert bandwidth.voice.BandwidthVoiceAPIException is BandwidthVoiceAPIException
    assert bxml.__all__ == ["Response"]
