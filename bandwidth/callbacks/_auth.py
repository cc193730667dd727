"""Checking that a callback comes from the API: the basic-auth credentials of the callback URL.

Catapult authenticates callbacks with credentials embedded in the callback URL
(``https://name:password@host/path``); each request then carries ``Authorization: Basic ...``. The checks
here compare in constant time and never log or echo what they compare.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
from base64 import b64decode
from collections.abc import Mapping

__all__ = ["verify_basic_auth", "verify_wsgi_basic_auth"]


def _digest(value: bytes) -> bytes:
    # Comparing fixed-length digests keeps the comparison time independent of the secrets' lengths too.
    return hashlib.sha256(value).digest()


def _credentials(authorization: str | bytes | None) -> tuple[bytes, bytes] | None:
    """The name and password of a ``Basic`` header, or ``None`` when it is missing or malformed."""
    if authorization is None:
        return None
    if isinstance(authorization, str):
        try:
            # A WSGI header value is latin-1 text standing for the raw bytes.
            authorization = authorization.encode("latin-1")
        except UnicodeEncodeError:
            return None
    scheme, _, token = authorization.strip().partition(b" ")
    if scheme.lower() != b"basic":
        return None
    try:
        decoded = b64decode(token.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    name, colon, password = decoded.partition(b":")
    if not colon:
        return None
    return name, password


class _ExpectedCredentials:
    """Digests of the expected name and password, computed once."""

    __slots__ = ("_name", "_password")

    def __init__(self, username: str, password: str) -> None:
        self._name = _digest(username.encode("utf-8"))
        self._password = _digest(password.encode("utf-8"))

    def __repr__(self) -> str:
        return "_ExpectedCredentials(...)"

    def check(self, authorization: str | bytes | None) -> bool:
        supplied = _credentials(authorization)
        name, password = supplied if supplied is not None else (b"", b"")
        # Both comparisons always run, and `&` does not short-circuit: the time taken does not tell
        # whether the name or the password was wrong.
        name_ok = hmac.compare_digest(_digest(name), self._name)
        password_ok = hmac.compare_digest(_digest(password), self._password)
        return (supplied is not None) & name_ok & password_ok


def verify_basic_auth(authorization: str | bytes | None, username: str, password: str) -> bool:
    """Whether an ``Authorization`` header carries exactly these basic-auth credentials.

    Compares the name and the password in constant time (both always, without stopping at the first
    mismatch), as UTF-8. A missing header, another scheme, bad base64 or no ``:`` give ``False``.
    Give the name and password decoded, as they are before percent-encoding into the callback URL.

    Args:
        authorization: The header's value (``Basic bmFtZTpwYXNz``), or ``None`` when absent.
        username: The expected name.
        password: The expected password.

    Returns:
        ``True`` only when both match.
    """
    return _ExpectedCredentials(username, password).check(authorization)


def verify_wsgi_basic_auth(environ: Mapping[str, object], username: str, password: str) -> bool:
    """:func:`verify_basic_auth` on the ``Authorization`` header of a WSGI request (``HTTP_AUTHORIZATION``).

    Some servers hide this header from the application unless told to pass it (mod_wsgi:
    ``WSGIPassAuthorization On``).
    """
    header = environ.get("HTTP_AUTHORIZATION")
    return verify_basic_auth(header if isinstance(header, (str, bytes)) else None, username, password)
