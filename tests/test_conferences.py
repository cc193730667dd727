# The tests check that actions return None:
# mypy: disable-error-code="func-returns-value"
"""Conferences against cassettes of the documented traffic (methods/conferences/*.md): the typed service, the
models' methods and the dict facade, each sending the documented requests and reading the documented answers.

The reference's examples send booleans and numbers as strings (``"mute": "true"``, ``"callbackTimeout":
"2000"``); the cassettes hold the JSON types the API answers with, which the SDK sends.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest
from vcr.cassette import Cassette

from bandwidth import (
    Call,
    Client,
    Conference,
    ConferenceMember,
    ConferenceMemberState,
    ConferenceProfile,
    ConferenceState,
    DetachedModelError,
    Paginator,
)

BASE = "https://api.catapult.inetwork.com/v1/users/u-test"
UTC = timezone.utc
CONFERENCE = "conf-abc123"
MEMBER = "member-abc123"
SENTENCE = "Hello everyone on the conference today"
MEDIA = f"{BASE}/media/welcome.mp3"


# -- client.conferences ----------------------------------------------------------------------------------


def test_create_conference_fetches_it(client: Client, cassette: Cassette) -> None:
    conference = client.conferences.create(from_="+19195551212")

    assert isinstance(conference, Conference)
    assert conference.id == CONFERENCE
    assert conference.state is ConferenceState.CREATED
    assert conference.from_ == "+19195551212"
    assert conference.active_members == 0
    assert conference.profile is ConferenceProfile.INTERPRET_DIGITS
    # the documented "2013-07-12T15:22:47-02": an hours-only offset, read and converted to UTC
    assert conference.created_time == datetime(2013, 7, 12, 17, 22, 47, tzinfo=UTC)
    assert conference.is_bound
    assert cassette.play_count == 2


def test_create_conference_with_callbacks_and_profile_without_fetch(
    client: Client, cassette: Cassette
) -> None:
    # postConferences.md, example 3; its Location is relative ("/v1/users/{userId}/conferences/{id}")
    conference = client.conferences.create(
        from_="+19195551212",
        callback_url="http://my.callback.url",
        callback_timeout=2000,
        fallback_url="http://my.fallback.url",
        profile="passthru_digits",
        fetch=False,
    )

    assert conference.id == CONFERENCE
    assert conference.state is None
    assert conference.is_bound
    assert cassette.play_count == 1


def test_get_conference_reads_every_documented_field(client: Client, cassette: Cassette) -> None:
    conference = client.conferences.get(CONFERENCE)

    assert conference.state is ConferenceState.COMPLETED
    assert conference.from_ == "+19195551212"
    assert conference.created_time == datetime(2013, 7, 12, 15, 22, 47, tzinfo=UTC)
    assert conference.completed_time == datetime(2013, 7, 12, 15, 45, 10, 103000, tzinfo=UTC)
    assert conference.active_members == 0
    assert conference.on_hold is False
    assert conference.muted is True
    assert conference.profile is ConferenceProfile.PASSTHRU_DIGITS
    assert conference.callback_url == "http://my.callback.url"
    assert conference.callback_http_method == "POST"
    assert conference.callback_timeout == 2000
    assert conference.fallback_url == "http://my.fallback.url"
    assert conference.tag == "weekly-sync"
    assert conference.model_extra == {}


def test_handle_sends_no_request(client: Client, cassette: Cassette) -> None:
    conference = client.conferences.handle(CONFERENCE)
    member = client.conferences.member_handle(conference, MEMBER)

    assert (conference.id, conference.is_bound) == (CONFERENCE, True)
    assert (member.id, member.conference_id, member.is_bound) == (MEMBER, CONFERENCE, True)
    assert len(cassette) == 0


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"state": "completed"}, id="terminate"),
        pytest.param({"mute": True}, id="mute"),
    ],
)
def test_update_conference(client: Client, cassette: Cassette, options: dict[str, Any]) -> None:
    assert client.conferences.update(CONFERENCE, **options) is None
    assert cassette.play_count == 1


@pytest.mark.parametrize(
    "options",
    [
        pytest.param(
            {"sentence": SENTENCE, "gender": "female", "locale": "en_US", "voice": "kate"}, id="speak"
        ),
        pytest.param({"sentence": ""}, id="stop_speaking"),
        pytest.param({"file_url": MEDIA}, id="file"),
        pytest.param({"file_url": ""}, id="stop_file"),
    ],
)
def test_play_audio_to_conference(client: Client, cassette: Cassette, options: dict[str, Any]) -> None:
    assert client.conferences.play_audio(CONFERENCE, **options) is None
    assert cassette.play_count == 1


def test_list_members(client: Client, cassette: Cassette) -> None:
    members = client.conferences.list_members(CONFERENCE)

    assert isinstance(members, Paginator)
    assert cassette.play_count == 0  # lazy
    found = list(members)
    assert [member.id for member in found] == ["member-abc123", "member-def456", "member-ghi789"]
    assert [member.call_id for member in found] == ["c-abc123", "c-def456", "c-ghi789"]
    assert {member.conference_id for member in found} == {CONFERENCE}
    assert [member.state for member in found] == [
        ConferenceMemberState.ACTIVE,
        ConferenceMemberState.ACTIVE,
        ConferenceMemberState.COMPLETED,
    ]
    assert found[2].removed_time == datetime(2013, 7, 12, 17, 56, 59, tzinfo=UTC)
    assert found[0].removed_time is None
    assert all(member.is_bound for member in found)


def test_create_member_fetches_it(client: Client, cassette: Cassette) -> None:
    member = client.conferences.create_member(CONFERENCE, "c-abc123", join_tone=False, leaving_tone=False)

    assert isinstance(member, ConferenceMember)
    assert member.id == MEMBER
    assert member.conference_id == CONFERENCE
    assert member.state is ConferenceMemberState.COMPLETED
    assert (member.muted, member.on_hold, member.join_tone, member.leaving_tone) == (
        False,
        False,
        False,
        False,
    )
    assert member.added_time == datetime(2013, 7, 12, 18, 47, 4, tzinfo=UTC)
    assert member.removed_time == datetime(2013, 7, 12, 17, 49, 11, tzinfo=UTC)  # as documented
    assert member.call_url == f"{BASE}/calls/c-abc123"
    assert cassette.play_count == 2


def test_create_member_without_fetch_knows_its_call(client: Client, cassette: Cassette) -> None:
    call = client.calls.handle("c-abc123")

    member = client.conferences.create_member(client.conferences.handle(CONFERENCE), call, fetch=False)

    assert (member.id, member.conference_id, member.call_id) == (MEMBER, CONFERENCE, "c-abc123")
    assert member.state is None
    assert member.call == call
    assert cassette.play_count == 1


def test_get_member(client: Client, cassette: Cassette) -> None:
    member = client.conferences.get_member(CONFERENCE, MEMBER)

    assert member.id == MEMBER
    assert member.conference_id == CONFERENCE
    assert member.state is ConferenceMemberState.ACTIVE
    assert member.muted is True
    assert member.join_tone is True
    assert member.call_id == "c-abc123"


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"state": "completed"}, id="remove"),
        pytest.param({"mute": True}, id="mute"),
        pytest.param({"hold": True}, id="hold"),
    ],
)
def test_update_member(client: Client, cassette: Cassette, options: dict[str, Any]) -> None:
    assert client.conferences.update_member(CONFERENCE, MEMBER, **options) is None
    assert cassette.play_count == 1


@pytest.mark.parametrize(
    "options",
    [
        pytest.param(
            {
                "sentence": "Hi there member, I have a message only for you",
                "gender": "female",
                "locale": "en_US",
                "voice": "kate",
            },
            id="speak",
        ),
        pytest.param({"file_url": MEDIA}, id="file"),
    ],
)
def test_play_audio_to_member(client: Client, cassette: Cassette, options: dict[str, Any]) -> None:
    assert client.conferences.play_audio_to_member(CONFERENCE, MEMBER, **options) is None
    assert cassette.play_count == 1


# -- Conference and ConferenceMember methods -------------------------------------------------------------


def test_conference_refresh_returns_a_new_snapshot(client: Client, cassette: Cassette) -> None:
    handle = client.conferences.handle(CONFERENCE)

    fresh = handle.refresh()

    assert fresh.state is ConferenceState.CREATED
    assert handle.state is None  # the handle itself is unchanged
    assert cassette.play_count == 1


Action = Callable[[Client], object]

CONFERENCE_ACTIONS = [
    pytest.param(lambda c: c.conferences.handle(CONFERENCE).terminate(), id="terminate"),
    pytest.param(lambda c: c.conferences.handle(CONFERENCE).mute(), id="mute"),
    pytest.param(lambda c: c.conferences.handle(CONFERENCE).mute(False), id="unmute"),
    pytest.param(lambda c: c.conferences.handle(CONFERENCE).hold(), id="hold"),
    pytest.param(
        lambda c: c.conferences.handle(CONFERENCE).update(
            callback_url="http://my.callback.url",
            callback_timeout=2000,
            callback_http_method="get",
            tag="t-2",
        ),
        id="update_callbacks",
    ),
    pytest.param(lambda c: c.conferences.handle(CONFERENCE).speak(SENTENCE, voice="kate"), id="speak"),
    pytest.param(
        lambda c: c.conferences.handle(CONFERENCE).play_file(MEDIA, loop_enabled=True, tag="music"),
        id="play_file",
    ),
    pytest.param(lambda c: c.conferences.handle(CONFERENCE).play(sentence=""), id="play_stop"),
]


@pytest.mark.parametrize("action", CONFERENCE_ACTIONS)
def test_conference_action_sends_one_documented_request(
    client: Client, cassette: Cassette, action: Action
) -> None:
    assert action(client) is None
    assert len(cassette) == 1
    assert cassette.play_count == 1


def test_conference_members_act_on_their_own(client: Client, cassette: Cassette) -> None:
    # A listed member knows its conference (the API's member does not say): its methods need no more.
    first = client.conferences.handle(CONFERENCE).members().first()
    assert first is not None

    first.mute()

    assert cassette.play_count == 2


def test_conference_member_and_add_member(client: Client, cassette: Cassette) -> None:
    conference = client.conferences.handle(CONFERENCE)

    member = conference.add_member("c-abc123", join_tone=True, mute=True, fetch=False)
    fetched = conference.member(member)

    assert fetched.id == member.id == MEMBER
    assert fetched.muted is True
    assert cassette.play_count == 2


MEMBER_ACTIONS = [
    pytest.param(lambda c: c.conferences.member_handle(CONFERENCE, MEMBER).mute(), id="mute"),
    pytest.param(lambda c: c.conferences.member_handle(CONFERENCE, MEMBER).mute(False), id="unmute"),
    pytest.param(lambda c: c.conferences.member_handle(CONFERENCE, MEMBER).hold(), id="hold"),
    pytest.param(lambda c: c.conferences.member_handle(CONFERENCE, MEMBER).remove(), id="remove"),
    pytest.param(
        lambda c: c.conferences.member_handle(CONFERENCE, MEMBER).update(join_tone=True, leaving_tone=False),
        id="update_tones",
    ),
    pytest.param(
        lambda c: c.conferences.member_handle(CONFERENCE, MEMBER).speak("Only for you", gender="male"),
        id="speak",
    ),
    pytest.param(
        lambda c: c.conferences.member_handle(CONFERENCE, MEMBER).play_file(MEDIA, tag="whisper"),
        id="play_file",
    ),
]


@pytest.mark.parametrize("action", MEMBER_ACTIONS)
def test_member_action_sends_one_documented_request(
    client: Client, cassette: Cassette, action: Action
) -> None:
    assert action(client) is None
    assert len(cassette) == 1
    assert cassette.play_count == 1


def test_member_refresh_returns_a_new_snapshot(client: Client, cassette: Cassette) -> None:
    handle = client.conferences.member_handle(CONFERENCE, MEMBER)

    fresh = handle.refresh()

    assert fresh.state is ConferenceMemberState.ACTIVE
    assert fresh.conference_id == CONFERENCE
    assert handle.state is None
    assert cassette.play_count == 1


def test_member_call_is_a_handle_made_without_a_request(client: Client, cassette: Cassette) -> None:
    member = client.bind(ConferenceMember(id=MEMBER, conference_id=CONFERENCE, call=f"{BASE}/calls/c-abc123"))

    call = member.call

    assert isinstance(call, Call)
    assert (call.id, call.is_bound, call.state) == ("c-abc123", True, None)
    assert cassette.play_count == 0


def test_member_without_its_conference_or_call_says_so(client: Client, cassette: Cassette) -> None:
    member = client.bind(ConferenceMember(id=MEMBER))

    with pytest.raises(DetachedModelError, match="which conference"):
        member.mute()
    with pytest.raises(DetachedModelError, match="which call"):
        _ = member.call
    assert cassette.play_count == 0


def test_model_fields_keep_the_api_names_on_the_wire() -> None:
    member = ConferenceMember.model_validate({"id": MEMBER, "mute": True, "hold": False, "joinTone": True})
    conference = Conference(id=CONFERENCE, muted=True, on_hold=False, from_="+19195551212")

    assert (member.muted, member.on_hold, member.join_tone) == (True, False, True)
    assert member.model_dump(by_alias=True, exclude_none=True) == {
        "id": MEMBER,
        "mute": True,
        "hold": False,
        "joinTone": True,
    }
    assert conference.model_dump(by_alias=True, exclude_none=True) == {
        "id": CONFERENCE,
        "from": "+19195551212",
        "hold": False,
        "mute": True,
    }


# -- the dict facade -------------------------------------------------------------------------------------

FACADE = [
    pytest.param(lambda api: api.create_conference("+19195551212"), CONFERENCE, id="create_conference"),
    pytest.param(
        lambda api: api.create_conference(
            "+19195551212", "http://my.callback.url", "2000", fallback_url="http://my.fallback.url"
        ),
        CONFERENCE,
        id="create_conference_options",
    ),
    pytest.param(lambda api: api.update_conference(CONFERENCE, "completed"), None, id="update_conference"),
    pytest.param(lambda api: api.terminate_conference(CONFERENCE), None, id="terminate_conference"),
    pytest.param(lambda api: api.mute_conference(CONFERENCE, "true"), None, id="mute_conference"),
    pytest.param(lambda api: api.hold_conference(CONFERENCE, False), None, id="hold_conference"),
    pytest.param(
        lambda api: api.play_audio_to_conference(CONFERENCE, None, SENTENCE, "female", "en_US", "kate"),
        None,
        id="play_audio_to_conference",
    ),
    pytest.param(
        # 3.1's positional order: gender, voice, locale (not play_audio_to_*'s gender, locale, voice)
        lambda api: api.speak_sentence_to_conference(CONFERENCE, SENTENCE, "female", "kate", "en_US"),
        None,
        id="speak_sentence_to_conference",
    ),
    pytest.param(
        lambda api: api.play_audio_file_to_conference(CONFERENCE, MEDIA),
        None,
        id="play_audio_file_to_conference",
    ),
    pytest.param(
        lambda api: api.create_conference_member(CONFERENCE, "c-abc123", "false", "false"),
        MEMBER,
        id="create_conference_member",
    ),
    pytest.param(
        lambda api: api.update_conference_member(CONFERENCE, MEMBER, mute="true"),
        None,
        id="update_conference_member",
    ),
    pytest.param(
        lambda api: api.remove_conference_member(CONFERENCE, MEMBER), None, id="remove_conference_member"
    ),
    pytest.param(
        lambda api: api.mute_conference_member(CONFERENCE, MEMBER, True), None, id="mute_conference_member"
    ),
    pytest.param(
        lambda api: api.hold_conference_member(CONFERENCE, MEMBER, "true"), None, id="hold_conference_member"
    ),
    pytest.param(
        lambda api: api.play_audio_to_conference_member(
            CONFERENCE, MEMBER, sentence="Hi there member, I have a message only for you", voice="kate"
        ),
        None,
        id="play_audio_to_conference_member",
    ),
    pytest.param(
        lambda api: api.speak_sentence_to_conference_member(CONFERENCE, MEMBER, "Only for you", tag="t-1"),
        None,
        id="speak_sentence_to_conference_member",
    ),
    pytest.param(
        lambda api: api.play_audio_file_to_conference_member(CONFERENCE, MEMBER, MEDIA),
        None,
        id="play_audio_file_to_conference_member",
    ),
]


@pytest.mark.parametrize(("action", "result"), FACADE)
def test_facade_sends_the_documented_request(
    client: Client, cassette: Cassette, action: Action, result: object
) -> None:
    assert action(client) == result
    assert cassette.play_count == 1


def test_facade_get_conference_golden_dict(client: Client, cassette: Cassette) -> None:
    assert client.get_conference(CONFERENCE) == {
        "active_members": 0,
        "created_time": "2013-07-12T15:22:47-02",
        "from": "+19195551212",
        "id": CONFERENCE,
        "profile": "interpret_digits",
        "state": "created",
    }


def test_facade_list_conference_members_is_a_lazy_generator(client: Client, cassette: Cassette) -> None:
    members = client.list_conference_members(CONFERENCE)

    assert cassette.play_count == 0
    first = next(members)
    assert first == {
        "added_time": "2013-07-12T15:54:47-02",
        "hold": False,
        "id": "member-abc123",
        "mute": False,
        "state": "active",
        "join_tone": False,
        "leaving_tone": False,
        "call": "https://localhost:8444/v1/users/u-test/calls/c-abc123",
    }
    assert [member["state"] for member in members] == ["active", "completed"]
    assert cassette.play_count == 1


def test_facade_get_conference_member_golden_dict(client: Client, cassette: Cassette) -> None:
    assert client.get_conference_member(CONFERENCE, MEMBER) == {
        "added_time": "2013-07-12T15:47:04-03",
        "hold": False,
        "id": MEMBER,
        "mute": False,
        "removed_time": "2013-07-12T15:49:11-02",
        "state": "completed",
        "join_tone": False,
        "leaving_tone": False,
        "call": f"{BASE}/calls/c-abc123",
    }
