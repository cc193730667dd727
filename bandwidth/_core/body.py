"""An answer's body as it arrives in pieces: decoded as its ``Content-Encoding`` says, and refused past
:data:`~bandwidth._core.http.MAX_RESPONSE_BYTES` (counted after decoding) without ever holding more.

Transports feed it what they read; it decodes ``gzip`` and ``deflate`` itself unless the transport's library
already did (``decoded=True``), inflating each piece only up to what is left of the cap, so a gzip bomb
costs the cap, not what it inflates to.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Final

from .._exceptions import APIResponseValidationError
from .failures import detached, too_large, undecodable
from .http import MAX_RESPONSE_BYTES

__all__ = ["BodyReader"]

_IDENTITY: Final = frozenset({"", "identity"})


class _Inflater:
    """One ``gzip`` or ``deflate`` layer. ``deflate`` is zlib-wrapped by the standard, raw by some servers:
    the first piece tells which."""

    __slots__ = ("_guess", "_zlib")

    def __init__(self, coding: str) -> None:
        gzip = coding in ("gzip", "x-gzip")
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS)
        self._guess = not gzip

    def inflate(self, data: bytes, limit: int) -> bytes:
        try:
            out = self._zlib.decompress(data, limit)
        except zlib.error:
            if not self._guess:
                raise
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._zlib.decompress(data, limit)
        if data:
            self._guess = False
        return out

    def flush(self) -> bytes:
        return self._zlib.flush()

    @property
    def truncated(self) -> bool:
        """Whether the last ``inflate`` stopped at its limit with input left (the output would be longer)."""
        return bool(self._zlib.unconsumed_tail)


class BodyReader:
    """Collects one answer's body: ``feed`` each piece read, then ``body()``.

    Raises :class:`~bandwidth.APIResponseValidationError` when the body is (or its ``Content-Length``
    announces it) larger than the cap, or when its encoding cannot be undone.
    """

    __slots__ = ("_chunks", "_inflaters", "_method", "_room", "_status", "_url")

    def __init__(
        self,
        method: str,
        url: str,
        status_code: int,
        headers: Mapping[str, str],
        *,
        decoded: bool = False,
        limit: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._method = method
        self._url = url
        self._status = status_code
        self._room = limit
        self._chunks: list[bytes] = []
        length = headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise too_large(status_code, method, url)
        self._inflaters: list[_Inflater] = []
        coding = "" if decoded else (headers.get("Content-Encoding") or "")
        if coding:
            for name in reversed(coding.lower().split(",")):
                name = name.strip()
                if name in ("gzip", "x-gzip", "deflate"):
                    self._inflaters.append(_Inflater(name))
                elif name not in _IDENTITY:
                    raise undecodable(
                        f"unsupported Content-Encoding {name!r}", status_code, method, url, None
                    )

    def feed(self, data: bytes) -> None:
        """Add the next piece of the body as read (still encoded, unless ``decoded``)."""
        if self._inflaters:
            data = self._inflate(data)
        self._take(data)

    def body(self) -> bytes:
        """The whole decoded body, once every piece was fed."""
        if self._inflaters:
            self._take(self._inflate(b"", final=True))
        chunks = self._chunks
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def _take(self, data: bytes) -> None:
        if len(data) > self._room:
            raise too_large(self._status, self._method, self._url)
        self._room -= len(data)
        if data:
            self._chunks.append(data)

    def _inflate(self, data: bytes, *, final: bool = False) -> bytes:
        failure: APIResponseValidationError | None = None
        try:
            for inflater in self._inflaters:
                data = inflater.inflate(data, self._room + 1)
                if inflater.truncated:
                    failure = too_large(self._status, self._method, self._url)
                    break
                if final:
                    data += inflater.flush()
        except zlib.error as error:
            failure = undecodable(error, self._status, self._method, self._url, detached(error))
        if failure is not None:
            raise failure  # outside the handler
        return data
