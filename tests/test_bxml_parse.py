"""Reading BXML: round trips of random documents, errors that say where, and refusal of hostile XML (the
defusedxml cases: entity expansion, external entities, DTDs, deep nesting, size, encodings)."""

from __future__ import annotations

from typing import Any
from xml.parsers import expat

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import bandwidth.bxml
from bandwidth.bxml import (
    MAX_DOCUMENT_BYTES,
    VOICES,
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
from bandwidth.bxml._xml import first_illegal_character

# -- strategies: random valid documents ------------------------------------------------------------------

# Any character XML can carry (the C0 controls it cannot are left out), with the escaping-sensitive ones
# made frequent.
characters = st.one_of(
    st.sampled_from("&<>\"'\t\r\n ]]>é😀"),
    st.characters(codec="utf-8").filter(lambda char: first_illegal_character(char) is None),
)
text = st.text(characters, min_size=1, max_size=30).filter(lambda value: bool(value.strip()))
maybe_text = st.none() | st.text(characters, max_size=20)
url = st.builds(
    lambda scheme, host, query: f"{scheme}://{host}.example/path?{query}",
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
    st.text(characters, max_size=15).map(lambda value: value.replace(" ", "%20").strip()),
)
number = st.from_regex(r"\+[1-9][0-9]{10}", fullmatch=True) | st.just("sip:agent@pbx.example.com")


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def ints(low: int, high: int) -> st.SearchStrategy[int | None]:
    return maybe(st.integers(low, high))


voice = st.sampled_from(
    [
        (gender, locale, name)
        for gender, locales in VOICES.items()
        for locale, names in locales.items()
        for name in names
    ]
)
speak = st.builds(
    lambda sentence, chosen, default_locale, volume: SpeakSentence(
        sentence,
        gender=chosen[0],
        locale=None if default_locale and chosen[1] == "en_US" else chosen[1],
        voice=chosen[2],
        volume=volume,
    ),
    text,
    voice,
    st.booleans(),
    ints(-4, 4),
)
play = st.builds(
    lambda address, volume, repeat, delay: PlayAudio(
        address, volume=volume, repeat_count=repeat, delay_before_repeat=delay
    ),
    url,
    ints(-4, 4),
    ints(1, 30),
    ints(0, 60),
)
keypad = st.from_regex(r"[0-9*#]{1,4}", fullmatch=True)
record = st.builds(
    Record,
    request_url=maybe(url),
    request_url_timeout=ints(1, 60000),
    file_format=maybe(st.sampled_from(["wav", "mp3"])),
    multi_channel=maybe(st.booleans()),
    max_duration=ints(1, 3600),
    silence_timeout=ints(0, 60),
    silence_threshold=ints(0, 1000),
    terminating_digits=maybe(keypad),
)
gather = st.builds(
    lambda prompts, request_url, timeout, digits, max_digits, inter, bargeable, tag: Gather(
        *prompts,
        request_url=request_url,
        request_url_timeout=timeout,
        terminating_digits=digits,
        max_digits=max_digits,
        inter_digit_timeout=inter,
        bargeable=bargeable,
        tag=tag,
    ),
    st.lists(speak, max_size=3) | st.lists(play, max_size=1),
    url,
    ints(1, 60000),
    maybe(keypad),
    ints(1, 128),
    ints(1, 30),
    maybe(st.booleans()),
    maybe_text,
)
transfer = st.builds(
    lambda nested, to, caller, timeout, request_url, tag, treatment, reason: Transfer(
        *nested,
        transfer_to=to,
        transfer_caller_id=caller,
        call_timeout=timeout,
        request_url=request_url,
        tag=tag,
        diversion_treatment=treatment,
        diversion_reason=reason,
    ),
    st.lists(st.one_of(number.map(PhoneNumber), speak, play, record), max_size=4),
    number,
    maybe(text),
    ints(1, 300),
    maybe(url | st.just("/relative/next")),
    maybe_text,
    maybe(st.sampled_from(["none", "propagate", "stack"])),
    maybe(st.sampled_from(["unknown", "user-busy", "away"])),
)
simple = st.one_of(
    st.just(Hangup()),
    st.builds(Pause, length=ints(0, 3600)),
    st.from_regex(r"[0-9*#,wW]{1,20}", fullmatch=True).map(SendDtmf),
    st.builds(Redirect, request_url=url, request_url_timeout=st.integers(1, 60000)),
)
verb = st.one_of(speak, play, record, gather, transfer, simple)
documents = st.lists(verb, max_size=6).map(lambda verbs: Response(*verbs))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_valid_document_reads_back_as_itself(document: Response) -> None:
    written = document.to_xml()

    assert parse(written) == document
    assert parse(written.encode("utf-8")) == document
    assert parse(written).to_xml() == written
    assert eval(repr(document), dict(vars(bandwidth.bxml))) == document  # repr is the call that builds it


# -- errors that say where -------------------------------------------------------------------------------

BAD_DOCUMENTS = [
    (
        "<Response>\n  <Gather requestUrl='https://a.example' maxDigits='many'/>\n</Response>",
        2,
        "Gather",
        "maxDigits",
    ),
    (
        "<Response>\n<Gather requestUrl='https://a.example' maxDigits='0'/></Response>",
        2,
        "Gather",
        "maxDigits",
    ),
    ("<Response><Gather/></Response>", 1, "Gather", "requestUrl"),
    ("<Response><Hangup reason='x'/></Response>", 1, "Hangup", "reason"),
    (
        "<Response><SpeakSentence voice='susan' gender='robot'>Hi</SpeakSentence></Response>",
        1,
        "SpeakSentence",
        "gender",
    ),
    ("<Response><Record transcribe='maybe'/></Response>", 1, "Record", "transcribe"),
    ("<Response><Record transcribe='true'/></Response>", 1, "Record", "transcribeCallbackUrl"),
    (
        "<Response><Transfer transferTo='+19195551212' callTimeout='301'/></Response>",
        1,
        "Transfer",
        "callTimeout",
    ),
    ("<Response><Dial>+19195551212</Dial></Response>", 1, "Dial", None),
    ("<Response>\n\n<PhoneNumber>+19195551212</PhoneNumber></Response>", 3, "PhoneNumber", None),
    ("<Response><Gather requestUrl='https://a.example'><Hangup/></Gather></Response>", 1, "Gather", None),
    ("<Response><Gather requestUrl='https://a.example'>press</Gather></Response>", 1, "Gather", None),
    ("<Response><SpeakSentence voice='susan'><b>Hi</b></SpeakSentence></Response>", 1, "SpeakSentence", None),
    ("<Response><SendDtmf>12AB</SendDtmf></Response>", 1, "SendDtmf", None),
    ("<Response><PlayAudio>  </PlayAudio></Response>", 1, "PlayAudio", None),
    ("<Response>hello</Response>", 1, "Response", None),
    ("<Response version='2'/>", 1, "Response", "version"),
    ("<xml><Response/></xml>", 1, "xml", None),
]


@pytest.mark.parametrize(("document", "line", "verb", "attribute"), BAD_DOCUMENTS)
def test_an_invalid_document_is_refused_naming_line_verb_and_attribute(
    document: str, line: int, verb: str, attribute: str | None
) -> None:
    with pytest.raises(BXMLParseError) as caught:
        parse(document)

    error = caught.value
    assert (error.line, error.verb, error.attribute) == (line, verb, attribute)
    assert str(error).startswith(f"line {line}, column ")
    assert f"<{verb}>" in str(error)
    if attribute:
        assert f"attribute {attribute}:" in str(error)
    assert isinstance(error, ValueError)


def test_the_messages_say_what_is_wrong() -> None:
    cases = {
        "<Response><Gather requestUrl='https://a.example' maxDigits='0'/></Response>": "of 1 or more, got 0",
        "<Response><Dial/></Response>": "unknown verb; BXML verbs are Gather, Hangup",
        "<Response><Hangup reason='x'/></Response>": "<Hangup> takes: none",
        "<Response><Pause secs='1'/></Response>": "<Pause> takes: length",
        "<Response><Gather requestUrl='https://a.example'><Hangup/></Gather></Response>": (
            "cannot contain <Hangup>: it nests only SpeakSentence, PlayAudio"
        ),
        "<Response><SendDtmf>12AB</SendDtmf></Response>": "text: expected digits from 0-9*#,wW",
        "<xml><Response/></xml>": "bandwidth-sdk 3.1 wrapped it in <xml>",
        "<Response><Gather requestUrl='https://a.example'/>": "not well-formed XML: no element found",
    }
    for document, message in cases.items():
        with pytest.raises(BXMLParseError, match=message.replace("*", r"\*")):
            parse(document)


def test_white_space_is_read_as_the_reference_writes_it() -> None:
    document = """<?xml version="1.0" encoding="UTF-8"?>
    <Response>
        <!-- a comment is fine -->
        <PlayAudio>
            https://audio.example/hold.mp3
        </PlayAudio>
        <SendDtmf> 12 </SendDtmf>
        <Transfer>
            <PhoneNumber> +19195551212 </PhoneNumber>
        </Transfer>
        <SpeakSentence voice="susan"><![CDATA[ 1 < 2 & "spaces" kept ]]></SpeakSentence>
        <Gather requestUrl="https://a.example" maxDigits=" 3 " bargeable="TRUE"/>
    </Response>
    """

    assert parse(document) == Response(
        PlayAudio("https://audio.example/hold.mp3"),
        SendDtmf("12"),
        Transfer(PhoneNumber("+19195551212")),
        SpeakSentence(' 1 < 2 & "spaces" kept ', voice="susan"),
        Gather(request_url="https://a.example", max_digits=3, bargeable=True),
    )


def test_parse_takes_str_or_bytes_only() -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        parse(None)  # type: ignore[arg-type]
    assert parse(bytearray(b"<Response/>")) == Response()
    assert parse(memoryview(b"\xef\xbb\xbf<Response><Hangup/></Response>")) == Response(Hangup())


# -- hostile XML -----------------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Response><SpeakSentence voice="susan">&lol9;</SpeakSentence></Response>"""

HOSTILE = {
    "billion laughs": BILLION_LAUGHS,
    "quadratic blowup": '<!DOCTYPE r [<!ENTITY a "'
    + "x" * 5000
    + '">]><Response>'
    + "&a;" * 100
    + "</Response>",
    "external entity": '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Response>&x;</Response>',
    "external DTD": '<!DOCTYPE Response SYSTEM "http://attacker.example/bxml.dtd"><Response/>',
    "parameter entity": '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://attacker.example/p">%p;]><Response/>',
    "internal DTD only": "<!DOCTYPE Response [<!ELEMENT Response ANY>]><Response/>",
    "unparsed entity": '<!DOCTYPE r [<!ENTITY i SYSTEM "x" NDATA png><!NOTATION png SYSTEM "p">]><Response/>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_dtds_and_entities_are_refused_where_the_dtd_starts(name: str) -> None:
    document = HOSTILE[name]

    with pytest.raises(BXMLParseError, match=r"a DTD \(<!DOCTYPE>\) is not allowed") as caught:
        parse(document)

    doctype_line = document[: document.index("<!DOCTYPE")].count("\n") + 1
    assert caught.value.line == doctype_line  # refused at its first line: nothing was declared or expanded
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_an_undeclared_entity_is_an_error_not_a_lookup() -> None:
    with pytest.raises(BXMLParseError, match="undefined entity"):
        parse('<Response><SpeakSentence voice="susan">&passwd;</SpeakSentence></Response>')


def test_processing_instructions_are_refused() -> None:
    with pytest.raises(BXMLParseError, match="processing instructions"):
        parse('<?xml-stylesheet href="http://attacker.example/x.xsl"?><Response/>')


def test_deep_nesting_is_refused_at_the_fourth_level() -> None:
    document = "<Response>" + "<Gather>" * 500 + "</Gather>" * 500 + "</Response>"

    with pytest.raises(BXMLParseError) as caught:
        parse(document)

    assert (caught.value.line, caught.value.column, caught.value.verb) == (1, 27, "Gather")
    assert "BXML nests at most 3 levels" in str(caught.value)


def test_documents_over_16_kb_are_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parser(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an over-size document reached the parser")

    fits = '<Response><SpeakSentence voice="susan">' + "x" * 100 + "</SpeakSentence></Response>"
    padding = " " * (MAX_DOCUMENT_BYTES - len(fits))
    assert parse(fits + padding) == parse(fits)

    monkeypatch.setattr(expat, "ParserCreate", no_parser)
    for document in (
        fits + padding + " ",
        (fits + padding + " ").encode(),
        "é" * (MAX_DOCUMENT_BYTES // 2 + 1),
    ):
        with pytest.raises(BXMLParseError, match="over the BXML limit of 16384 bytes"):
            parse(document)
    with pytest.raises(BXMLParseError, match="over the BXML limit"):
        parse("x" * 10_000_000)


ENCODINGS: dict[str, str | bytes] = {
    "latin-1 declared, ASCII content": b'<?xml version="1.0" encoding="ISO-8859-1"?><Response/>',
    "latin-1 declared and used": '<?xml version="1.0" encoding="ISO-8859-1"?><Response>é</Response>'.encode(
        "latin-1"
    ),
    "UTF-16 with BOM": '<?xml version="1.0" encoding="UTF-16"?><Response/>'.encode("utf-16"),
    "UTF-16 declared, given as str": '<?xml version="1.0" encoding="UTF-16"?><Response/>',
    "US-ASCII declared": b'<?xml version="1.0" encoding="US-ASCII"?><Response/>',
    "EBCDIC declared": b'<?xml version="1.0" encoding="cp037"?><Response/>',
    "invalid UTF-8": b"<Response><SendDtmf>1\xff</SendDtmf></Response>",
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_anything_but_utf8_is_refused(name: str) -> None:
    with pytest.raises(BXMLParseError, match="UTF-8"):
        parse(ENCODINGS[name])


def test_utf8_declarations_and_a_bom_are_fine() -> None:
    for declaration in ('encoding="UTF-8"', "encoding='utf-8'", 'encoding="utf8"', ""):
        assert parse(f'<?xml version="1.0" {declaration}?><Response/>'.encode()) == Response()
    assert parse("\ufeff<Response/>") == Response()
    assert parse(b"\xef\xbb\xbf<Response/>") == Response()


def test_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(BXMLParseError, match="lone surrogate"):
        parse("<Response>\ud800</Response>")


# -- hostile input at random: only BXMLParseError, and no amplification -----------------------------------

fragments = st.sampled_from(
    [
        "<Response>",
        "</Response>",
        "<Gather requestUrl='https://a.example'>",
        "</Gather>",
        "<Transfer transferTo='+19195551212'>",
        "</Transfer>",
        "<SpeakSentence voice='susan'>",
        "</SpeakSentence>",
        "<PhoneNumber>+19195551212</PhoneNumber>",
        "<Hangup/>",
        "<Pause length='99999999999999999999999'/>",
        "<Record maxDuration='-1' transcribe='yes'/>",
        "<!DOCTYPE Response [<!ENTITY a 'aaaa'>]>",
        "&a;",
        "&amp;",
        "&#0;",
        "&#x1F600;",
        "<![CDATA[ x ]]>",
        "<!-- c -->",
        "<?pi x?>",
        '<?xml version="1.0" encoding="latin-1"?>',
        "<a:b xmlns:a='urn:x'/>",
        "<Response xmlns='urn:bxml'>",
        "\x00",
        "\udfff",
        "é",
        " ",
        "\n",
        "<",
        ">",
        '"',
    ]
)
hostile_text = st.lists(fragments | st.text(max_size=5), max_size=40).map("".join)
hostile_bytes = st.binary(max_size=200) | hostile_text.map(
    lambda value: value.encode("utf-8", "surrogatepass")
)


def text_in(response: Response) -> int:
    return len(repr(response))


@settings(max_examples=500, deadline=None)
@given(hostile_text | hostile_bytes)
def test_hostile_input_gives_a_response_or_a_parse_error_never_more(document: str | bytes) -> None:
    try:
        response = parse(document)
    except BXMLParseError as error:
        assert str(error)
        return
    # Accepted: what came out is no larger than what went in (no entity expansion, nothing added).
    assert len(response.to_xml()) <= len(document) + 200 + 60 * len(response.verbs)
