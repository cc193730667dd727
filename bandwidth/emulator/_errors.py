"""The API's error answers: status, category, code, message and details, as ``errors.md`` lists them."""

from __future__ import annotations

from collections.abc import Mapping

from .._redact import redact_url

__all__ = ["EmulatorError", "InvalidInputError"]

CATEGORIES: dict[int, str] = {
    400: "bad-request",
    401: "authorization",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "bad-request",
    415: "bad-request",
    429: "too-many-requests",
    500: "backend",
    503: "unavailable",
}
"""The error category of each status, from the section titles of ``errors.md`` (``404 - NOT_FOUND``...)."""


class EmulatorError(Exception):
    """A request the API refuses; the HTTP layer turns it into the documented JSON error body.

    The Python control API (``Emulator.answer`` and friends) raises it too, for a call in the wrong state.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Mapping[str, str] | None = None,
        *,
        category: str | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details: dict[str, str] = dict(details or {})
        self.category: str = category or CATEGORIES.get(status, "error")


class InvalidInputError(EmulatorError, ValueError):
    """A ``400``: the request (or the Python control call) gave an invalid value. Also a ``ValueError``."""


# -- 400 ----------------------------------------------------------------------------------------------------


def validation(message: str, **details: str) -> InvalidInputError:
    return InvalidInputError(400, "validation-error", message, details)


def malformed(message: str) -> InvalidInputError:
    """A body or request that cannot be read at all: broken framing, bad JSON, out-of-range numbers."""
    return InvalidInputError(400, "validation-error", f"Bad parameters: {message}")


def greater_than(resource: str, name: str, low: object, value: object) -> EmulatorError:
    return validation(
        f"The {resource} resource property {name} must be greater than {low}", **{name: str(value)}
    )


def exceeds(resource: str, name: str, high: object, value: object) -> EmulatorError:
    return validation(
        f"The {resource} resource property {name} exceeds the limit of {high}", **{name: str(value)}
    )


def one_of(resource: str, name: str, allowed: tuple[str, ...], value: object) -> EmulatorError:
    return validation(
        f"The {resource} resource property {name} must be one of the following values: {', '.join(allowed)}",
        **{name: str(value)},
    )


def invalid_callback_url(url: str, reason: str | None = None) -> InvalidInputError:
    shown = redact_url(url)
    message = f"The URL {shown} is not a valid callbackUrl/fallbackUrl"
    return InvalidInputError(
        400, "callback-invalid-url", f"{message}: {reason}" if reason else message, {"url": shown}
    )


def bridge_invalid_state(bridge_id: str, state: str) -> EmulatorError:
    return EmulatorError(
        400,
        "bridge-invalid-state",
        f"Unable to update bridge {bridge_id}. Invalid bridge state {state}",
        {"bridgeId": bridge_id},
    )


def bridge_bridged_call(call_id: str) -> EmulatorError:
    return EmulatorError(
        400,
        "bridge-bridged-callId",
        f"The callId {call_id} is already in another bridge",
        {"callId": call_id},
    )


def bridge_no_active_calls(bridge_id: str) -> EmulatorError:
    return EmulatorError(
        400, "bridge-invalid-operation", f"No active calls in the bridge {bridge_id}", {"bridgeId": bridge_id}
    )


# -- 401 ----------------------------------------------------------------------------------------------------


def unauthorized() -> EmulatorError:
    return EmulatorError(401, "unauthorized", "Missing or invalid API token and secret (HTTP basic auth)")


def user_access_denied(user_id: str, requested: str) -> EmulatorError:
    return EmulatorError(
        401,
        "user-access-denied",
        f"User {user_id} does not have permission to access user {requested}",
        {"userId": requested},
    )


# -- 403 ----------------------------------------------------------------------------------------------------


def call_invalid_state(call_id: str, state: str) -> EmulatorError:
    return EmulatorError(
        403,
        "call-invalid-state",
        f"Unable to update call {call_id}. Invalid call state {state}",
        {"callId": call_id},
    )


def call_ended(call_id: str, state: str) -> EmulatorError:
    return EmulatorError(
        403,
        "call-invalid-state",
        f"Unable to update call {call_id}. You can't update the call's state after being set to {state}.",
        {"callId": call_id},
    )


def audio_invalid_state(call_id: str) -> EmulatorError:
    return EmulatorError(
        403,
        "call-audio-invalid-state",
        f"The audio for call {call_id} could not be updated. "
        "The audio has already finished or does not exist.",
        {"callId": call_id},
    )


def bridge_overflow(bridge_id: str) -> EmulatorError:
    return EmulatorError(
        403,
        "bridge-callIds-overflow",
        f"Only two calls are allowed in a bridge {bridge_id}",
        {"bridgeId": bridge_id},
    )


def bridge_full(bridge_id: str) -> EmulatorError:
    return EmulatorError(
        403, "bridge-callIds-overflow", f"Bridge {bridge_id} already has 2 calls", {"bridgeId": bridge_id}
    )


def call_id_not_found(call_id: str) -> EmulatorError:
    return EmulatorError(
        403, "call-id-not-found", f"Call Id not found. callId {call_id}", {"callId": call_id}
    )


def recording_not_complete(recording_id: str) -> EmulatorError:
    return EmulatorError(
        403,
        "invalid-recording-state",
        f"Cannot transcribe the recording {recording_id}. The state must be complete",
        {"recordingId": recording_id},
    )


def recording_too_long(limit: int) -> EmulatorError:
    return EmulatorError(
        403,
        "maximum-recording-value-request",
        f"Recording call maximum duration cannot exceed {limit} seconds.",
    )


def invalid_call_conference_id(conference_id: str) -> EmulatorError:
    return EmulatorError(
        403,
        "invalid-call-conference-id",
        f"Invalid conference Id in call. conferenceId {conference_id}",
        {"conferenceId": conference_id},
    )


def conference_invalid_state(conference_id: str, state: str) -> EmulatorError:
    """The service writes the state in capitals ("Invalid conference state COMPLETED")."""
    return EmulatorError(
        403,
        "conference-error",
        f"Unable to update conference {conference_id}. Invalid conference state {state.upper()}",
        {"conferenceId": conference_id, "conferenceState": state.upper()},
    )


def conference_member_invalid_state(member_id: str, state: str) -> EmulatorError:
    """A member that left: ``errors.md`` has no code of its own for it, so the conference's."""
    return EmulatorError(
        403,
        "conference-error",
        f"Unable to update conference member {member_id}. Invalid member state {state.upper()}",
        {"memberId": member_id, "memberState": state.upper()},
    )


def conference_full(conference_id: str) -> EmulatorError:
    """Listed under ``403 - LIMIT`` in ``errors.md``, so its category is ``limit``."""
    return EmulatorError(
        403,
        "conference-max-members",
        f"The conference {conference_id} reached the max number of members",
        {"conferenceId": conference_id},
        category="limit",
    )


def control_token_required() -> EmulatorError:
    return EmulatorError(
        401, "unauthorized", "The control API needs the emulator's control token (Authorization: Bearer ...)"
    )


# -- 404 ----------------------------------------------------------------------------------------------------


def call_not_found(call_id: str) -> EmulatorError:
    return EmulatorError(404, "call-not-found", f"The call {call_id} could not be found", {"callId": call_id})


def bridge_not_found(bridge_id: str) -> EmulatorError:
    return EmulatorError(
        404, "bridge-not-found", f"The bridge {bridge_id} could not be found", {"bridgeId": bridge_id}
    )


def recording_not_found(recording_id: str) -> EmulatorError:
    return EmulatorError(
        404,
        "recording-not-found",
        f"The recording {recording_id} could not be found",
        {"recordingId": recording_id},
    )


def transcription_not_found(recording_id: str, transcription_id: str) -> EmulatorError:
    return EmulatorError(
        404,
        "transcription-not-found",
        f"The transcription {transcription_id} from recording {recording_id} could not be found",
        {"recordingId": recording_id, "transcriptionId": transcription_id},
    )


def media_not_found(name: str) -> EmulatorError:
    return EmulatorError(
        404, "media-not-found", f"The media resource named {name} could not be found", {"mediaName": name}
    )


def conference_not_found(conference_id: str) -> EmulatorError:
    return EmulatorError(
        404,
        "conference-not-found",
        f"The conference {conference_id} could not be found",
        {"conferenceId": conference_id},
    )


def conference_member_not_found(member_id: str) -> EmulatorError:
    return EmulatorError(
        404,
        "conference-member-not-found",
        f"The conference member {member_id} could not be found",
        {"memberId": member_id},
    )


def resource_not_found() -> EmulatorError:
    return EmulatorError(404, "resource-not-found", "The requested resource could not be found.")


# -- 413, 415, 503 ------------------------------------------------------------------------------------------


def too_large(limit: int) -> EmulatorError:
    return EmulatorError(
        413,
        "request-too-large",
        f"The request body exceeds the limit of {limit} bytes",
        {"limit": str(limit)},
    )


def json_required() -> EmulatorError:
    return EmulatorError(
        415,
        "unsupported-media-type",
        "Control requests must be sent with Content-Type: application/json",
    )


def busy(limit: int) -> EmulatorError:
    return EmulatorError(
        503, "too-many-connections", f"The emulator is serving {limit} connections already; try again"
    )


# -- 409 ----------------------------------------------------------------------------------------------------


def duplicate_gather(call_id: str) -> EmulatorError:
    return EmulatorError(
        409,
        "call-duplicate-gather-error",
        f"DTMF digits are already being gathered for call {call_id}",
        {"callId": call_id},
    )


def recording_in_progress(call_id: str) -> EmulatorError:
    return EmulatorError(
        409,
        "conflicted-recording-values-request",
        "Call recording is been executed already!",
        {"callId": call_id},
    )
