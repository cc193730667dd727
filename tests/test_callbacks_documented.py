"""Every property the reference documents for a callback is a field of its typed event.

``tests/data/callback_properties.json`` holds, for each callback page of the reference
(``apiCallbacks/*.md``, ``bxml/callBacks/*.md``), the first column of its "Properties" table, verbatim; where
the reference is on the machine, the tests check that the file still says what the pages say and that no
callback page is left out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bandwidth.callbacks import (
    AnswerEvent,
    CallbackEvent,
    ConferenceEvent,
    ConferenceMemberEvent,
    ConferencePlaybackEvent,
    ConferenceSpeakEvent,
    Diversion,
    DtmfEvent,
    GatherEvent,
    HangupEvent,
    IncomingCallEvent,
    PlaybackEvent,
    RecordingEvent,
    RedirectEvent,
    RejectEvent,
    SpeakEvent,
    TimeoutEvent,
    TranscriptionEvent,
    TransferCompleteEvent,
)

REFERENCE = Path("/work/shared/reference/catapult-v1")
PROPERTIES: dict[str, list[str]] = json.loads(
    (Path(__file__).resolve().parent / "data" / "callback_properties.json").read_text()
)

PAGES: dict[str, type[CallbackEvent]] = {
    "apiCallbacks/answer.md": AnswerEvent,
    "apiCallbacks/audio.md": PlaybackEvent,
    "apiCallbacks/conf.md": ConferenceEvent,
    "apiCallbacks/confAudio.md": ConferencePlaybackEvent,
    "apiCallbacks/confMember.md": ConferenceMemberEvent,
    "apiCallbacks/confSpeak.md": ConferenceSpeakEvent,
    "apiCallbacks/dtmf.md": DtmfEvent,
    "apiCallbacks/gather.md": GatherEvent,
    "apiCallbacks/hangup.md": HangupEvent,
    "apiCallbacks/incomingCall.md": IncomingCallEvent,
    "apiCallbacks/recording.md": RecordingEvent,
    "apiCallbacks/reject.md": RejectEvent,
    "apiCallbacks/speak.md": SpeakEvent,
    "apiCallbacks/timeout.md": TimeoutEvent,
    "apiCallbacks/transcription.md": TranscriptionEvent,
    "bxml/callBacks/answer.md": AnswerEvent,
    "bxml/callBacks/callTimeout.md": TimeoutEvent,
    "bxml/callBacks/gather.md": GatherEvent,
    "bxml/callBacks/hangup.md": HangupEvent,
    "bxml/callBacks/incomingCall.md": IncomingCallEvent,
    "bxml/callBacks/recording.md": RecordingEvent,
    "bxml/callBacks/redirect.md": RedirectEvent,
    "bxml/callBacks/transcription.md": TranscriptionEvent,
    "bxml/callBacks/transfer.md": TransferCompleteEvent,
}
INDEXES = {"apiCallbacks/callbacks.md", "apiCallbacks/voiceEvents.md"}
"""Pages that list the others (callbacks.md also names the SMS and MMS events: messaging, not voice)."""

on_this_machine = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason="the API reference is not on this machine"
)


def documented_properties(page: str) -> list[str]:
    """The first column of the page's "Properties" table (a row may lack its closing ``|``)."""
    _, _, after = (REFERENCE / page).read_text().partition("### Properties")
    (table,) = re.findall(r"\A\s*((?:^\|.*\n)+)", after, re.MULTILINE)[:1]
    names = [row.split("|")[1].strip() for row in table.splitlines()]
    assert names[0] == "Property" and set(names[1]) <= {":", "-"}, f"{page}: no Properties table"
    return names[2:]


def aliases(cls: type[CallbackEvent] | type[Diversion]) -> set[str]:
    return {field.serialization_alias or name for name, field in cls.model_fields.items()}


@on_this_machine
def test_every_callback_page_of_the_reference_has_its_event() -> None:
    pages = {
        path.relative_to(REFERENCE).as_posix()
        for folder in ("apiCallbacks", "bxml/callBacks")
        for path in (REFERENCE / folder).glob("*.md")
    }

    assert pages == set(PAGES) | INDEXES
    for index in INDEXES:
        linked = set(re.findall(r"\]\((\w+\.md)\)", (REFERENCE / index).read_text()))
        assert {f"apiCallbacks/{name}" for name in linked} - set(PAGES) <= {
            "apiCallbacks/sms.md",
            "apiCallbacks/mms.md",
        }


@on_this_machine
@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_list_of_properties_is_the_pages_table(page: str) -> None:
    assert PROPERTIES[page] == documented_properties(page)


def test_every_page_has_its_list_of_properties() -> None:
    assert set(PROPERTIES) == set(PAGES)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_documented_property_is_a_field_of_the_event(page: str) -> None:
    cls = PAGES[page]
    missing = []
    for name in PROPERTIES[page]:
        parent, _, child = name.partition(".")
        if not child:
            found = name in aliases(cls)
        else:  # diversion.origTo ...; diversion.{name}: any other pair, kept as an extra
            found = parent in aliases(cls) and (
                child in aliases(Diversion)
                or (child == "{name}" and Diversion.model_config.get("extra") == "allow")
            )
        if not found:
            missing.append(name)

    assert missing == []
