"""Hostile input, property-based: whatever the server answers or the caller passes, the SDK either works or
raises one of its documented exceptions (a :class:`bandwidth.BandwidthError`) — never a pydantic
``ValidationError``, ``TypeError``, ``KeyError``, ``UnicodeError``, a crash or a hang.

- arbitrary JSON (and arbitrary bytes) decoded as every model, directly and through the SDK over loopback;
- arbitrary JSON through the dict facade's key converter;
- arbitrary payloads to the callback parser (when ``bandwidth.callbacks`` exists);
- arbitrary values for every parameter of the public methods, typed and facade, with a local server answering
  whatever valid input sends (no network);
- arbitrary ids, which reach the server as exactly one path segment.
"""

from __future__ import annotations

import inspect
import json
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st
from misbehaving import MisbehavingServer, Request, Wire, answer, misbehaving_server

from bandwidth import (
    APIResponseValidationError,
    BandwidthError,
    Bridge,
    Call,
    CallEvent,
    Client,
    Gather,
    InvalidParameterError,
    Paginator,
    Recording,
    Transcription,
)
from bandwidth._core.http import Response
from bandwidth._legacy import legacy_keys
from bandwidth._types import JSONValue
from bandwidth.models._base import BandwidthModel

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
MODELS: list[type[BandwidthModel]] = [Call, Bridge, CallEvent, Gather, Recording, Transcription]

# -- strategies ----------------------------------------------------------------------------------------------

any_text = st.text(st.characters(exclude_categories=()), max_size=12)
"""Text with anything in it: surrogates, controls, right-to-left marks, emoji."""

json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | any_text
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4),
    max_leaves=16,
)


def _aliases(model: type[BandwidthModel]) -> list[str]:
    return [field.serialization_alias or name for name, field in model.model_fields.items()]


def model_shaped(model: type[BandwidthModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects using the model's own field names, each holding any JSON value (or a plausible one)."""
    plausible = st.sampled_from(
        [
            "c-1",
            "2017-01-01T00:00:00Z",
            "2017-13-45T99:99:99",
            "active",
            "",
            "1e400",
            1484006400000,
            -1,
            2**70,
        ]
    )
    values = json_values | plausible
    return st.fixed_dictionaries({}, optional={alias: values for alias in _aliases(model)})


def bodies(model: type[BandwidthModel]) -> st.SearchStrategy[bytes]:
    """Answer bodies: JSON of the model's shape or any shape, as a list too, or raw bytes."""
    shaped = model_shaped(model) | json_values
    return st.one_of(
        shaped.map(lambda value: json.dumps(value).encode()),
        st.lists(model_shaped(model), max_size=3).map(lambda value: json.dumps(value).encode()),
        st.binary(max_size=40),
        any_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    )


class Opaque:
    """Not JSON, not a string, not a number: what an SDK may be handed by mistake."""

    def __repr__(self) -> str:
        return "Opaque()"


small = st.none() | st.booleans() | st.integers(-3, 3) | any_text
arbitrary = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-5, 1200),
    st.floats(),
    any_text,
    st.binary(max_size=6),
    st.lists(small, max_size=3),
    st.tuples(small, small),
    st.dictionaries(any_text, small, max_size=3),
    st.dictionaries(st.sampled_from(["sentence", "fileUrl", "file_url", "gender", "loopEnabled"]), small),
    st.builds(Opaque),
    st.just(Call.model_construct(id="c-1")),
    st.just(Call.model_construct(id=None)),  # type: ignore[arg-type]  # a model with no id, on purpose
    st.just(float("nan")),
)
"""Any value for any parameter."""

plausible = st.sampled_from(
    [
        "+19195551212",
        "sip:someone@example.com",
        "c-1",
        "brg-1",
        "active",
        "completed",
        "transferring",
        "wav",
        "mp3",
        "GET",
        "post",
        "asc",
        "1234#",
        "ww9",
        "female",
        "en_US",
        "https://example.com/cb",
        "",
        1,
        5,
        30,
        True,
        False,
        ["c-1", "c-2"],
        {"sentence": "hello"},
        {"file_url": "https://example.com/a.wav", "loop_enabled": True},
        {"X-Account": "42"},
    ]
)
"""Values that are often valid somewhere."""
values = arbitrary | plausible

phone = st.from_regex(r"\+1919555[0-9]{4}", fullmatch=True)
an_id = st.from_regex(r"[a-z]{1,3}-[a-z0-9]{1,8}", fullmatch=True)
url = st.sampled_from(["https://example.com/cb", "http://127.0.0.1/x.wav", "https://example.com/a?b=c"])
audio = st.fixed_dictionaries(
    {},
    optional={"sentence": st.text(max_size=20), "gender": st.just("female"), "loop_enabled": st.booleans()},
) | st.fixed_dictionaries({"file_url": url})
VALID: dict[str, st.SearchStrategy[object]] = {
    **dict.fromkeys(["from_", "to", "transfer_to", "transfer_caller_id", "caller_id"], phone),
    **dict.fromkeys(
        [
            *("call", "call_id", "bridge", "bridge_id", "gather", "gather_id", "recording", "recording_id"),
            *("conference", "member", "member_id"),
        ],
        an_id,
    ),
    **dict.fromkeys(["callback_url", "fallback_url", "file_url"], url),
    **dict.fromkeys(
        [
            *("recording_enabled", "transcription_enabled", "loop_enabled", "bridge_audio", "fetch"),
            *("mute", "hold", "join_tone", "leaving_tone"),
        ],
        st.booleans(),
    ),
    "profile": st.sampled_from(["interpret_digits", "passthru_digits"]),
    "call_timeout": st.integers(1, 300),
    "callback_timeout": st.integers(1, 10_000),
    "recording_max_duration": st.integers(1, 14_400),
    "callback_http_method": st.sampled_from(["GET", "POST", "post"]),
    "conference_id": an_id,
    "recording_file_format": st.sampled_from(["wav", "mp3"]),
    "tag": st.text(max_size=20),
    "sip_headers": st.dictionaries(
        st.from_regex(r"X-[A-Za-z]{1,8}", fullmatch=True), st.text(max_size=8), max_size=3
    ),
    "state": st.sampled_from(["active", "rejected", "completed", "transferring"]),
    "whisper_audio": audio,
    "prompt": audio,
    "diversion_treatment": st.sampled_from(["none", "propagate", "stack"]),
    "diversion_reason": st.sampled_from(["unknown", "user-busy", "away"]),
    "sort_order": st.sampled_from(["asc", "desc"]),
    "page": st.integers(0, 5),
    **dict.fromkeys(["page_size", "size"], st.integers(1, 1000)),
    "limit": st.integers(0, 10),
    "sentence": st.text(max_size=50),
    "gender": st.sampled_from(["female", "male"]),
    "locale": st.sampled_from(["en_US", "fr_FR"]),
    "voice": st.sampled_from(["susan", "kate"]),
    "volume": st.integers(-4, 4),
    **dict.fromkeys(["digits", "dtmf_out"], st.from_regex(r"[0-9*#wW,]{1,10}", fullmatch=True)),
    "max_digits": st.integers(1, 30),
    "inter_digit_timeout": st.floats(1, 30),
    "terminating_digits": st.sampled_from(["#", "*", "1#"]),
    "call_ids": st.lists(an_id, max_size=2),
}


def parameter_values(name: str, hostile: bool) -> st.SearchStrategy[object]:
    """Anything at all (some of it valid) when hostile, else a value valid for this parameter."""
    valid = VALID.get(name, plausible)
    return valid | arbitrary if hostile else valid


# -- a server that answers whatever valid input sends --------------------------------------------------------

OBJECT_BODY = json.dumps({"id": "c-1", "state": "active", "callId": "c-1"}).encode()
LIST_ENDINGS = ("/calls", "/bridges", "/recordings", "/events", "/transcriptions", "/members")


def permissive(wire: Wire, request: Request) -> bool:
    """201 with a Location for creates, 200 for other POSTs, a list or an object for GETs."""
    path = urlsplit(request.target).path
    if request.method == "POST" and path.endswith(
        ("/calls", "/bridges", "/gather", "/transcriptions", "/conferences", "/members")
    ):
        return answer(201, b"", {"Location": f"{path}/new-1"})(wire, request)
    body = request.json()
    if request.method == "POST" and isinstance(body, dict) and "transferTo" in body:
        return answer(201, b"", {"Location": "/v1/users/u-test/calls/new-1"})(wire, request)
    if request.method == "POST":
        return answer(200)(wire, request)
    if path.endswith(LIST_ENDINGS):
        return answer(200, b"[" + OBJECT_BODY + b"]", {"Content-Type": "application/json"})(wire, request)
    return answer(200, OBJECT_BODY, {"Content-Type": "application/json"})(wire, request)


class Replies:
    """The body the next answer carries, set by each example (the server thread reads it)."""

    def __init__(self) -> None:
        self.body = b""
        self.lock = threading.Lock()

    def __call__(self, wire: Wire, request: Request) -> bool:
        with self.lock:
            body = self.body
        return answer(200, body, {"Content-Type": "application/json"})(wire, request)


@pytest.fixture(scope="module")
def local() -> Iterator[MisbehavingServer]:
    with misbehaving_server() as server:
        server.default = permissive
        yield server


@pytest.fixture(scope="module")
def client(local: MisbehavingServer) -> Iterator[Client]:
    with Client(
        "u-test", "t-prop-token", "s-prop-secret", api_endpoint=local.url, timeout=5, max_retries=0
    ) as made:
        yield made


def expect_sdk_outcome(action: Callable[[], object]) -> object:
    """Run ``action``: a result or a BandwidthError are fine; anything else fails the property.

    Each example is labelled with its outcome (``--hypothesis-show-statistics`` shows how many got past
    validation to a result, and how many were refused with which error).
    """
    try:
        result = action()
        if isinstance(result, Paginator):
            result = result.first()
        elif isinstance(result, Iterator):
            result = next(result, None)
    except BandwidthError as error:
        assert str(error) and repr(error)
        event(f"raised {type(error).__name__}")
        return error
    event("result")
    return result


# -- models --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@SETTINGS
@given(data=st.data())
def test_any_answer_decodes_as_the_model_or_raises_a_validation_error(
    model: type[BandwidthModel], data: st.DataObject, client: Client
) -> None:
    body = data.draw(bodies(model))
    response = Response("GET", "http://127.0.0.1/x", 200, {}, body)
    for read in (model._from_response, model._list_from_response):
        try:
            decoded = read(response, client._transport)
        except APIResponseValidationError as error:
            assert error.status_code == 200 and model.__name__ in str(error)
            continue
        for item in decoded if isinstance(decoded, list) else [decoded]:
            assert isinstance(item, model) and item.is_bound
            repr(item)
            json.loads(item.model_dump_json(by_alias=True))  # a decoded model always serializes back


@pytest.mark.parametrize(
    ("name", "fetch"),
    [
        ("calls.get", lambda client: client.calls.get("c-1")),
        ("get_call", lambda client: client.get_call("c-1")),
        ("calls.list", lambda client: list(client.calls.list())),
        ("list_calls", lambda client: list(client.list_calls())),
        ("bridges.get", lambda client: client.bridges.get("brg-1")),
        ("get_bridge", lambda client: client.get_bridge("brg-1")),
        ("recordings.get", lambda client: client.recordings.get("rec-1")),
        ("get_recording", lambda client: client.get_recording("rec-1")),
        ("list_recordings", lambda client: list(client.list_recordings())),
        ("calls.get_gather", lambda client: client.calls.get_gather("c-1", "g-1")),
        ("get_call_event", lambda client: client.get_call_event("c-1", "ev-1")),
        ("list_call_events", lambda client: list(client.list_call_events("c-1"))),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
@settings(SETTINGS, max_examples=40)
@given(body=bodies(Call))
def test_any_answer_through_the_sdk_ends_in_a_result_or_a_documented_error(
    name: str, fetch: Callable[[Client], object], body: bytes, local: MisbehavingServer, client: Client
) -> None:
    replies = Replies()
    replies.body = body
    local.default = replies
    try:
        outcome = expect_sdk_outcome(lambda: fetch(client))
    finally:
        local.default = permissive
    if isinstance(outcome, BandwidthError):
        assert isinstance(outcome, APIResponseValidationError), f"{name}: {outcome!r}"


# -- the facade's key converter ------------------------------------------------------------------------------


def _same_shape(original: Any, converted: Any) -> None:
    if isinstance(original, dict):
        assert isinstance(converted, dict) and len(converted) <= len(original)
        assert all(key == key.lower() for key in converted)
    elif isinstance(original, list):
        assert isinstance(converted, list) and len(converted) == len(original)
        for before, after in zip(original, converted, strict=True):
            _same_shape(before, after)
    else:
        assert converted == original or (converted != converted and original != original)


@SETTINGS
@given(value=json_values)
def test_the_facade_key_converter_takes_any_json(value: Any) -> None:
    converted = legacy_keys(value)
    _same_shape(value, converted)
    json.dumps(converted)


@SETTINGS
@given(
    value=st.dictionaries(st.from_regex(r"[a-z][A-Za-z0-9]{0,8}", fullmatch=True), json_scalars, max_size=6)
)
def test_camel_case_keys_become_snake_case(value: dict[str, Any]) -> None:
    converted = legacy_keys(value)
    assert isinstance(converted, dict)
    for key in converted:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key), key
    if len(converted) == len(value):  # no two keys folded into one ("aB" and "a_b")
        assert sorted(map(repr, converted.values())) == sorted(map(repr, value.values()))


@SETTINGS
@given(headers=st.dictionaries(any_text, any_text, max_size=4))
def test_sip_header_names_pass_through_the_converter_untouched(headers: dict[str, str]) -> None:
    value: JSONValue = {"sipHeaders": dict(headers.items())}
    assert legacy_keys(value) == {"sip_headers": headers}


# -- the callback parser -------------------------------------------------------------------------------------


def _callback_parsers() -> tuple[Callable[..., object], Callable[..., object]] | None:
    try:
        from bandwidth import callbacks as module
    except ImportError:
        return None
    parse = getattr(module, "parse_callback", None) or getattr(module, "parse", None)
    parse_query = getattr(module, "parse_callback_query", None)
    if parse is None:
        return None
    return parse, parse_query or parse


EVENT_TYPES = [
    "answer",
    "hangup",
    "gather",
    "dtmf",
    "speak",
    "playback",
    "recording",
    "transcription",
    "incomingcall",
]


@SETTINGS
@given(
    payload=st.one_of(
        json_values.map(lambda value: json.dumps(value).encode()),
        st.fixed_dictionaries(
            {"eventType": st.sampled_from(EVENT_TYPES) | any_text},
            optional={
                "callId": json_values,
                "time": json_values | st.just("2017-01-01T00:00:00Z"),
                "digits": json_values,
                "state": json_values,
                "tag": json_values,
            },
        ),
        st.fixed_dictionaries({"eventType": st.sampled_from(EVENT_TYPES)}).map(json.dumps),
        st.binary(max_size=60),
        any_text,
        st.lists(st.tuples(any_text, any_text), max_size=4),
        st.dictionaries(any_text, any_text, max_size=4),
    )
)
def test_the_callback_parser_takes_any_payload(payload: object) -> None:
    parsers = _callback_parsers()
    if parsers is None:
        pytest.skip("bandwidth.callbacks is not there yet")
    parse, parse_query = parsers
    expect_sdk_outcome(lambda: parse(payload))
    if isinstance(payload, str):
        expect_sdk_outcome(lambda: parse_query(payload))


# -- every public parameter ----------------------------------------------------------------------------------

TYPED = {
    "calls.create": lambda client: client.calls.create,
    "calls.list": lambda client: client.calls.list,
    "calls.update": lambda client: client.calls.update,
    "calls.transfer": lambda client: client.calls.transfer,
    "calls.play_audio": lambda client: client.calls.play_audio,
    "calls.send_dtmf": lambda client: client.calls.send_dtmf,
    "calls.create_gather": lambda client: client.calls.create_gather,
    "calls.get": lambda client: client.calls.get,
    "bridges.create": lambda client: client.bridges.create,
    "bridges.update": lambda client: client.bridges.update,
    "bridges.play_audio": lambda client: client.bridges.play_audio,
    "recordings.list": lambda client: client.recordings.list,
    "conferences.create": lambda client: client.conferences.create,
    "conferences.update": lambda client: client.conferences.update,
    "conferences.play_audio": lambda client: client.conferences.play_audio,
    "conferences.create_member": lambda client: client.conferences.create_member,
    "conferences.update_member": lambda client: client.conferences.update_member,
    "conference.add_member": lambda client: client.conferences.handle("conf-1").add_member,
    "member.speak": lambda client: client.conferences.member_handle("conf-1", "m-1").speak,
    "call.play": lambda client: client.calls.handle("c-1").play,
    "call.gather": lambda client: client.calls.handle("c-1").gather,
}
FACADE = {
    name: (lambda client, name=name: getattr(client, name))
    for name in (
        "create_call",
        "list_calls",
        "get_call",
        "update_call",
        "transfer_call",
        "play_audio_to_call",
        "speak_sentence_to_call",
        "send_dtmf_to_call",
        "create_call_gather",
        "update_call_gather",
        "create_bridge",
        "update_bridge",
        "list_bridges",
        "play_audio_to_bridge",
        "list_recordings",
        "build_sentence",
        "create_conference",
        "update_conference",
        "mute_conference",
        "create_conference_member",
        "update_conference_member",
        "play_audio_to_conference_member",
    )
}


def arguments_for(method: Callable[..., object]) -> st.SearchStrategy[tuple[list[object], dict[str, object]]]:
    """Every parameter of ``method``: required ones always, optional ones sometimes.

    Half the examples are hostile (any value anywhere); the other half use values valid for each parameter,
    so that valid calls reach the local server too.
    """
    parameters = [
        parameter
        for parameter in inspect.signature(method).parameters.values()
        if parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
    ]
    required = [parameter for parameter in parameters if parameter.default is inspect.Parameter.empty]
    positional = [parameter for parameter in required if parameter.kind is not parameter.KEYWORD_ONLY]

    def build(hostile: bool) -> st.SearchStrategy[tuple[list[object], dict[str, object]]]:
        return st.tuples(
            st.tuples(*[parameter_values(p.name, hostile) for p in positional]).map(list),
            st.fixed_dictionaries(
                {p.name: parameter_values(p.name, hostile) for p in required if p.kind is p.KEYWORD_ONLY},
                optional={
                    p.name: parameter_values(p.name, hostile)
                    for p in parameters
                    if p.default is not inspect.Parameter.empty
                },
            ),
        )

    return st.booleans().flatmap(build)


@pytest.mark.parametrize(("name", "method_of"), [*TYPED.items(), *FACADE.items()], ids=[*TYPED, *FACADE])
@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_any_arguments_end_in_a_result_or_a_documented_error(
    name: str, method_of: Callable[[Client], Callable[..., object]], data: st.DataObject, client: Client
) -> None:
    method = method_of(client)
    args, kwargs = data.draw(arguments_for(method), label="arguments")
    expect_sdk_outcome(lambda: method(*args, **kwargs))


@SETTINGS
@given(
    options=st.fixed_dictionaries(
        {},
        optional={
            "api_endpoint": values
            | st.sampled_from(["http://127.0.0.1:1", "https://h:99999", "http://h/a b"]),
            "api_version": values,
            "timeout": values | st.tuples(values, values) | st.floats(min_value=1e-9, max_value=1e300),
            "max_retries": values,
            "verify": values,
            "proxies": values,
            "max_connections": values,
        },
    ),
    user_id=values,
    token=values,
)
def test_any_client_options_build_a_client_or_raise_invalid_parameter(
    options: dict[str, object], user_id: object, token: object
) -> None:
    try:
        made = Client(user_id, token, "s-secret", **options)  # type: ignore[arg-type]
    except InvalidParameterError:
        return
    with made:
        expect_sdk_outcome(lambda: made.with_options(timeout=options.get("timeout", 1)))  # type: ignore[arg-type]


@SETTINGS
@given(timeout=values | st.tuples(values, values))
def test_any_per_call_timeout_works_or_raises_invalid_parameter(timeout: object, client: Client) -> None:
    expect_sdk_outcome(lambda: client.with_options(timeout=timeout).calls.get("c-1"))  # type: ignore[arg-type]


# -- ids -----------------------------------------------------------------------------------------------------


@SETTINGS
@given(call_id=any_text)
def test_any_id_reaches_the_server_as_one_segment(
    call_id: str, local: MisbehavingServer, client: Client
) -> None:
    before = len(local.requests)
    try:
        client.calls.hangup(call_id)
    except InvalidParameterError:  # only for what no URL can carry: nothing, or a lone surrogate
        assert call_id == "" or any(0xD800 <= ord(char) <= 0xDFFF for char in call_id)
        assert len(local.requests) == before
        return
    target = local.requests[-1].target
    prefix = "/v1/users/u-test/calls/"
    assert target.startswith(prefix)
    segment = target[len(prefix) :]
    assert "/" not in segment and "?" not in segment and "#" not in segment and segment.strip(".")
    assert unquote(segment) == call_id
