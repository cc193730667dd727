"""Building BXML: what each verb writes, the checks made when a verb or document is built, and the errors
that name the verb and attribute."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from typing import Any

import pytest

from bandwidth import BandwidthError, InvalidParameterError
from bandwidth.bxml import (
    MAX_DOCUMENT_BYTES,
    Gather,
    Hangup,
    InvalidBXMLError,
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

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
SUSAN = SpeakSentence("Hello", voice="susan")


def body(response: Response) -> str:
    document = response.to_xml()
    assert document.startswith(DECLARATION)
    return document[len(DECLARATION) :]


# -- writing ---------------------------------------------------------------------------------------------


def test_attributes_are_written_with_the_apis_camelcase_names_and_only_when_set() -> None:
    gather = Gather(
        PlayAudio("https://a.example/menu.mp3", repeat_count=3, delay_before_repeat=2),
        request_url="https://ivr.example/gathered",
        request_url_timeout=10000,
        terminating_digits="*#",
        max_digits=4,
        inter_digit_timeout=7,
        bargeable=False,
        tag="menu",
    )

    assert body(Response(gather)) == (
        '<Response><Gather requestUrl="https://ivr.example/gathered" requestUrlTimeout="10000" '
        'terminatingDigits="*#" maxDigits="4" interDigitTimeout="7" bargeable="false" tag="menu">'
        '<PlayAudio repeatCount="3" delayBeforeRepeat="2">https://a.example/menu.mp3</PlayAudio>'
        "</Gather></Response>"
    )
    assert body(Response(Gather(request_url="https://ivr.example/g"))) == (
        '<Response><Gather requestUrl="https://ivr.example/g"/></Response>'
    )


def test_every_record_and_transfer_attribute_has_its_api_name() -> None:
    record = Record(
        request_url="https://r.example/done",
        request_url_timeout=5000,
        file_format="wav",
        transcribe=True,
        transcribe_callback_url="https://r.example/text",
        multi_channel=True,
        max_duration=120,
        silence_timeout=5,
        silence_threshold=200,
        terminating_digits="#",
    )
    transfer = Transfer(
        record,
        transfer_to="sip:agent@pbx.example.com",
        transfer_caller_id="private",
        call_timeout=30,
        request_url="/after-transfer",
        request_url_timeout=3000,
        tag="t",
        diversion_treatment="stack",
        diversion_reason="user-busy",
    )

    assert body(Response(transfer)) == (
        '<Response><Transfer transferTo="sip:agent@pbx.example.com" transferCallerId="private" '
        'callTimeout="30" requestUrl="/after-transfer" requestUrlTimeout="3000" tag="t" '
        'diversionTreatment="stack" diversionReason="user-busy">'
        '<Record requestUrl="https://r.example/done" requestUrlTimeout="5000" fileFormat="wav" '
        'transcribe="true" transcribeCallbackUrl="https://r.example/text" multiChannel="true" '
        'maxDuration="120" silenceTimeout="5" silenceThreshold="200" terminatingDigits="#"/>'
        "</Transfer></Response>"
    )


def test_the_simple_verbs() -> None:
    document = Response(
        SpeakSentence("Hallo", gender="male", locale="de", voice="stefan", volume=-2),
        Pause(length=3600),
        Pause(),
        SendDtmf("1w2W3,#*"),
        Redirect(request_url="https://next.example/bxml", request_url_timeout=1),
        Hangup(),
    )

    assert body(document) == (
        '<Response><SpeakSentence gender="male" locale="de" voice="stefan" volume="-2">Hallo</SpeakSentence>'
        '<Pause length="3600"/><Pause/><SendDtmf>1w2W3,#*</SendDtmf>'
        '<Redirect requestUrl="https://next.example/bxml" requestUrlTimeout="1"/><Hangup/></Response>'
    )
    assert body(Response()) == "<Response/>"


def test_text_and_attributes_are_escaped_and_read_back_unchanged() -> None:
    tricky = 'Tom & "Jerry" <3 it\'s\ttabbed\r\nand ]]> done é 😀'
    document = Response(
        Gather(SpeakSentence(tricky, voice="susan"), request_url="https://x.example/?a=1&b=<2>", tag=tricky)
    )

    xml = document.to_xml()

    assert "&amp;" in xml and "&lt;3" in xml and "&#13;" in xml and 'tag="Tom &amp; &quot;Jerry&quot;' in xml
    assert "&#9;" in xml and "&#10;" in xml  # white space in attributes survives attribute normalisation
    assert parse(xml) == document
    assert parse(xml.encode("utf-8")) == document


def test_str_is_to_xml_and_verbs_are_values() -> None:
    document = Response(SUSAN, Hangup())

    assert str(document) == document.to_xml()
    assert document == Response(SpeakSentence("Hello", voice="susan"), Hangup())
    assert document != Response(SUSAN)
    assert hash(document) == hash(Response(SpeakSentence("Hello", voice="susan"), Hangup()))
    # None means "not written": equal in effect to the API's default, yet a different document
    assert SpeakSentence("Hello", voice="susan", volume=0) != SUSAN
    with pytest.raises(dataclasses.FrozenInstanceError):
        SUSAN.voice = "julie"  # type: ignore[misc]
    assert dataclasses.replace(SUSAN, volume=3).volume == 3
    assert "voice='susan'" in repr(document)


def test_the_16_kb_limit_is_checked_by_to_xml_in_utf8_bytes() -> None:
    overhead = len(Response(SpeakSentence("x", voice="susan")).to_xml()) - 1
    fits = Response(SpeakSentence("x" * (MAX_DOCUMENT_BYTES - overhead), voice="susan"))
    assert len(fits.to_xml().encode()) == MAX_DOCUMENT_BYTES

    too_big = Response(SpeakSentence("é" * ((MAX_DOCUMENT_BYTES - overhead) // 2 + 1), voice="susan"))
    with pytest.raises(InvalidBXMLError) as caught:
        too_big.to_xml()

    assert caught.value.verb == "Response"
    assert f"at most {MAX_DOCUMENT_BYTES}" in str(caught.value)
    with pytest.raises(InvalidBXMLError):
        str(too_big)


# -- value checks ----------------------------------------------------------------------------------------

URL = "https://ivr.example/next"
TO = "+19195551212"

BAD_VALUES: list[tuple[str, str, Any]] = [
    ("SpeakSentence", "sentence", lambda: SpeakSentence("  ", voice="susan")),
    ("SpeakSentence", "sentence", lambda: SpeakSentence("bell \x07", voice="susan")),
    ("SpeakSentence", "sentence", lambda: SpeakSentence(42, voice="susan")),  # type: ignore[arg-type]
    ("SpeakSentence", "gender", lambda: SpeakSentence("x", voice="susan", gender="robot")),  # type: ignore[arg-type]
    ("SpeakSentence", "locale", lambda: SpeakSentence("x", voice="susan", locale="en_AU")),  # type: ignore[arg-type]
    ("SpeakSentence", "voice", lambda: SpeakSentence("x", voice="siri")),  # type: ignore[arg-type]
    ("SpeakSentence", "voice", lambda: SpeakSentence("x", voice="paul")),  # a male voice, default gender
    ("SpeakSentence", "voice", lambda: SpeakSentence("x", voice="susan", locale="it")),
    ("SpeakSentence", "volume", lambda: SpeakSentence("x", voice="susan", volume=5)),
    ("SpeakSentence", "volume", lambda: SpeakSentence("x", voice="susan", volume=True)),
    ("PlayAudio", "url", lambda: PlayAudio("holdMusic.mp3")),
    ("PlayAudio", "url", lambda: PlayAudio("ftp://audio.example/a.mp3")),
    ("PlayAudio", "volume", lambda: PlayAudio(URL, volume=-5)),
    ("PlayAudio", "repeat_count", lambda: PlayAudio(URL, repeat_count=0)),
    ("PlayAudio", "repeat_count", lambda: PlayAudio(URL, repeat_count=31)),
    ("PlayAudio", "delay_before_repeat", lambda: PlayAudio(URL, delay_before_repeat=61)),
    ("Pause", "length", lambda: Pause(length=3601)),
    ("Pause", "length", lambda: Pause(length=-1)),
    ("Pause", "length", lambda: Pause(length=1.5)),  # type: ignore[arg-type]
    ("SendDtmf", "digits", lambda: SendDtmf("12A")),
    ("SendDtmf", "digits", lambda: SendDtmf("")),
    ("SendDtmf", "digits", lambda: SendDtmf("1" * 93)),
    ("Redirect", "request_url", lambda: Redirect(request_url="/relative", request_url_timeout=1000)),
    ("Redirect", "request_url_timeout", lambda: Redirect(request_url=URL, request_url_timeout=0)),
    ("Record", "file_format", lambda: Record(file_format="ogg")),  # type: ignore[arg-type]
    (
        "Record",
        "file_format",
        lambda: Record(transcribe=True, transcribe_callback_url=URL, file_format="mp3"),
    ),
    ("Record", "transcribe_callback_url", lambda: Record(transcribe=True)),
    ("Record", "transcribe", lambda: Record(transcribe="yes")),  # type: ignore[arg-type]
    ("Record", "max_duration", lambda: Record(max_duration=3601)),
    ("Record", "silence_timeout", lambda: Record(silence_timeout=61)),
    ("Record", "silence_threshold", lambda: Record(silence_threshold=-1)),
    ("Record", "terminating_digits", lambda: Record(terminating_digits="x")),
    ("Gather", "request_url", lambda: Gather(request_url="gather")),
    ("Gather", "terminating_digits", lambda: Gather(request_url=URL, terminating_digits="")),
    ("Gather", "max_digits", lambda: Gather(request_url=URL, max_digits=0)),
    ("Gather", "inter_digit_timeout", lambda: Gather(request_url=URL, inter_digit_timeout=0)),
    ("Gather", "bargeable", lambda: Gather(request_url=URL, bargeable=1)),  # type: ignore[arg-type]
    ("Gather", "tag", lambda: Gather(request_url=URL, tag="\x00")),
    ("Transfer", "transfer_to", lambda: Transfer(transfer_to="9195551212")),
    ("Transfer", "transfer_to", lambda: Transfer()),
    ("Transfer", "call_timeout", lambda: Transfer(transfer_to="+19195551212", call_timeout=301)),
    ("Transfer", "diversion_treatment", lambda: Transfer(transfer_to=TO, diversion_treatment="x")),  # type: ignore[arg-type]
    ("Transfer", "diversion_reason", lambda: Transfer(transfer_to=TO, diversion_reason="bored")),  # type: ignore[arg-type]
    ("PhoneNumber", "number", lambda: PhoneNumber("555-1212")),
]


@pytest.mark.parametrize(("verb", "attribute", "build"), BAD_VALUES)
def test_a_bad_value_is_refused_when_the_verb_is_built_naming_verb_and_attribute(
    verb: str, attribute: str, build: Any
) -> None:
    with pytest.raises(InvalidBXMLError) as caught:
        build()

    error = caught.value
    assert (error.verb, error.attribute, error.parameter) == (verb, attribute, f"{verb}.{attribute}")
    assert str(error).startswith(f"{verb}.{attribute}: ")
    assert isinstance(error, InvalidParameterError) and isinstance(error, BandwidthError)
    assert isinstance(error, ValueError)


def test_the_voice_error_lists_the_voices_that_fit() -> None:
    with pytest.raises(InvalidBXMLError, match="choose from esperanza, violeta"):
        SpeakSentence("Hola", voice="jorge", locale="es_mx")


def test_every_documented_voice_is_accepted_with_its_gender_and_locale() -> None:
    from bandwidth.bxml import VOICES

    built = [
        SpeakSentence("x", gender=gender, locale=locale, voice=voice)
        for gender, locales in VOICES.items()
        for locale, voices in locales.items()
        for voice in voices
    ]
    assert len(built) == 25  # the rows of the reference's table


# -- nesting ---------------------------------------------------------------------------------------------

NESTING_ERRORS: list[tuple[str, str, Any]] = [
    ("Gather", "nests SpeakSentence or PlayAudio, not Hangup", lambda: Gather(Hangup(), request_url=URL)),  # type: ignore[arg-type]
    ("Gather", "not both", lambda: Gather(SUSAN, PlayAudio(URL), request_url=URL)),
    ("Gather", "at most one PlayAudio", lambda: Gather(PlayAudio(URL), PlayAudio(URL), request_url=URL)),
    (
        "Gather",
        "not Gather",
        lambda: Gather(Gather(request_url=URL), request_url=URL),  # type: ignore[arg-type]
    ),
    ("Transfer", "not Pause", lambda: Transfer(Pause(), transfer_to="+19195551212")),  # type: ignore[arg-type]
    ("Transfer", "not 'text'", lambda: Transfer("text", transfer_to="+19195551212")),  # type: ignore[arg-type]
    (
        "Transfer",
        "at most 7 numbers",
        lambda: Transfer(*[PhoneNumber(f"+1919555000{n}") for n in range(7)], transfer_to="+19195551212"),
    ),
    ("Response", "PhoneNumber (it goes inside Transfer)", lambda: Response(PhoneNumber("+19195551212"))),  # type: ignore[arg-type]
    ("Response", "expected BXML verbs, got '<Hangup/>'", lambda: Response("<Hangup/>")),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("verb", "message", "build"), NESTING_ERRORS)
def test_nesting_rules_are_enforced_when_the_document_is_built(verb: str, message: str, build: Any) -> None:
    with pytest.raises(InvalidBXMLError) as caught:
        build()

    assert caught.value.verb == verb
    assert caught.value.attribute in ("verbs", "transfer_to")
    assert message in str(caught.value)


def test_allowed_nesting() -> None:
    several = Gather(SUSAN, SpeakSentence("Press 1", voice="julie"), request_url=URL)
    seven = Transfer(
        *[PhoneNumber(f"+1919555000{n}") for n in range(6)],
        SUSAN,
        PlayAudio(URL),
        Record(multi_channel=True),
        transfer_to="+19195551212",
    )

    assert len(several.verbs) == 2
    assert [type(verb).__name__ for verb in seven.verbs][-3:] == ["SpeakSentence", "PlayAudio", "Record"]
    assert parse(Response(several, seven).to_xml()) == Response(several, seven)


# -- imports ---------------------------------------------------------------------------------------------


def test_import_bandwidth_does_not_import_bxml() -> None:
    """Nor does the callback router: it loads bxml when a handler first returns something."""
    code = "import sys, bandwidth.callbacks; print('bandwidth.bxml' in sys.modules, 'pyexpat' in sys.modules)"
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)

    assert result.stdout.split() == ["False", "False"]


def test_every_public_name_is_exported() -> None:
    import bandwidth.bxml

    public = {name for name, value in vars(bandwidth.bxml).items() if isinstance(value, type)}
    assert public <= set(bandwidth.bxml.__all__) <= set(vars(bandwidth.bxml))
    assert "parse" in bandwidth.bxml.__all__
