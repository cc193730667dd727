"""Every BXML example of the API reference parses into the expected typed verbs and is written back as
equivalent XML (compared canonicalized: attribute order, quoting, empty-element form and the white space
between elements do not count)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import canonicalize

import pytest

from bandwidth.bxml import (
    BXMLParseError,
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
    parse,
)

DATA = Path(__file__).resolve().parent / "data" / "bxml"
REFERENCE = Path("/work/shared/reference/catapult-v1/bxml/verbs")

EXPECTED: dict[str, Response] = {
    "gather_1": Response(
        Gather(
            SpeakSentence("Please, press a digit.", gender="female", locale="en_US", voice="susan"),
            request_url="https://gather.url/nextBXML",
            request_url_timeout=10000,
            terminating_digits="#",
        )
    ),
    "gather_2": Response(
        Gather(
            SpeakSentence(
                "Thanks for calling Press 1 for more options", gender="female", locale="en_US", voice="susan"
            ),
            request_url="https://gather.url/nextBXML",
            request_url_timeout=10000,
            terminating_digits="#",
            max_digits=1,
            tag='{"Hello":"World","Foo":"Bar"}',
        )
    ),
    "gather_3": Response(
        Gather(
            SpeakSentence(
                "Thanks for calling Press 1 for more options", gender="female", locale="en_US", voice="susan"
            ),
            request_url="https://gather.url/nextBXML?Hello=World&Foo=Bar",
            request_url_timeout=10000,
            terminating_digits="#",
            max_digits=1,
        )
    ),
    "hangup": Response(Hangup()),
    "pause_1": Response(
        Pause(length=5), SpeakSentence("Questo è un test", voice="paola", locale="it", gender="female")
    ),
    "pause_2": Response(
        SpeakSentence("I will pause 10 seconds starting now!", voice="susan", gender="female"),
        Pause(length=10),
        SpeakSentence("I just paused 10 seconds", voice="susan", gender="female"),
    ),
    "playAudio": Response(
        PlayAudio("https://audio.url/holdMusic.mp3", volume=4),
        PlayAudio("https://audio.url/voicemailBeep.wav", volume=-4),
    ),
    "record": Response(
        SpeakSentence("Recording your call after the beep", voice="paul", gender="male", locale="en_US"),
        PlayAudio("https://audio.url/voicemailBeep.mp3"),
        Record(
            request_url="https://record.url.server/recordVoicemail",
            transcribe=True,
            transcribe_callback_url="https://transcribe.url/result",
        ),
    ),
    "redirect": Response(Redirect(request_url="http://flow.url/nextBXML", request_url_timeout=10000)),
    "sendDtmf_1": Response(Pause(length=5), SendDtmf("1234")),
    "sendDtmf_2": Response(SendDtmf("1WW,234")),
    "speakSentence": Response(
        SpeakSentence("\nQuesto è un test\n", voice="paola", locale="it", gender="female", volume=4)
    ),
    "transfer_1": Response(Transfer(transfer_to="+11234567892")),
    "transfer_2": Response(
        Transfer(
            PhoneNumber("+15552221234"),
            PhoneNumber("+15552221233"),
            SpeakSentence("This call has been forwarded.", gender="male", locale="en_US", voice="paul"),
            transfer_caller_id="+15552221235",
        )
    ),
    "transfer_3": Response(
        SpeakSentence("Transferring your call, please wait.", gender="male", locale="en_US", voice="paul"),
        Transfer(
            SpeakSentence("Your call has been transfered.", gender="male", locale="en_US", voice="paul"),
            transfer_caller_id="+11234567891",
            transfer_to="+11234567892",
        ),
    ),
    "transfer_4": Response(
        Transfer(PhoneNumber("+19195554444"), diversion_treatment="stack", diversion_reason="do-not-disturb")
    ),
}

RECORD_TYPO = '"https://transcribe.url/result"/ >'


def example(name: str) -> str:
    text = (DATA / f"{name}.xml").read_text(encoding="utf-8")
    if name == "record":  # the reference closes the tag with "/ >": fixed here, tested as written below
        assert RECORD_TYPO in text
        text = text.replace(RECORD_TYPO, '"https://transcribe.url/result"/>')
    return text


def canonical(document: str) -> str:
    return canonicalize(document, strip_text=True)


def test_every_example_is_covered() -> None:
    assert sorted(path.stem for path in DATA.glob("*.xml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_reference_example_parses_into_typed_verbs(name: str) -> None:
    assert parse(example(name)) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_reference_example_is_written_back_as_equivalent_xml(name: str) -> None:
    written = parse(example(name)).to_xml()

    assert canonical(written) == canonical(example(name))
    assert written == EXPECTED[name].to_xml()
    assert parse(written) == EXPECTED[name]


def test_the_record_example_as_written_is_malformed_and_the_error_says_where() -> None:
    text = (DATA / "record.xml").read_text(encoding="utf-8")

    with pytest.raises(BXMLParseError) as caught:
        parse(text)

    assert caught.value.line == 9
    assert "not well-formed" in str(caught.value)


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the API reference is not on this machine")
def test_the_examples_are_the_references_verbatim() -> None:
    blocks: dict[str, str] = {}
    for page in sorted(REFERENCE.glob("*.md")):
        found = re.findall(r"```(?:xml|XML)\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
        for number, block in enumerate(found, start=1):
            blocks[f"{page.stem}_{number}" if len(found) > 1 else page.stem] = block

    assert blocks == {name: (DATA / f"{name}.xml").read_text(encoding="utf-8") for name in EXPECTED}
