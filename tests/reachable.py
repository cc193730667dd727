"""What can be reached from an exception: a walk over its chain and every attribute, looking for secrets.

An exception the SDK raises must not lead to a credential, however deep one digs: not through
``__cause__``/``__context__``, ``args``, attributes (a request object and its headers, a connection pool and
its proxy headers, an adapter), mappings or sequences. Tracebacks are not walked: their frames hold the
locals of every function on the way, as in any Python program.
"""

from __future__ import annotations

import re
import types
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

__all__ = ["reachable_secrets"]

USERINFO = re.compile(r"[a-z][a-z0-9+.-]*://[^/@\s:]+:[^/@\s]+@", re.IGNORECASE)
"""A URL carrying a user name and password."""

_LEAVES = (int, float, complex, bool, type(None), range)
_SKIPPED = (
    types.TracebackType,
    types.FrameType,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.CodeType,
    type,
)
MAX_OBJECTS = 200_000


def _children(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, BaseException):
        yield "args", value.args
        yield "__cause__", value.__cause__
        yield "__context__", value.__context__
        notes = getattr(value, "__notes__", None)
        if notes is not None:
            yield "__notes__", notes
    if isinstance(value, Mapping):
        try:
            items = list(value.items())
        except Exception:  # a mapping that cannot be listed (urllib3's RecentlyUsedContainer)
            items = []
        for key, item in items:
            yield f"[{key!r}]", key
            yield f"[{key!r}]", item
    elif isinstance(value, list | tuple | set | frozenset | deque):
        for index, item in enumerate(list(value)):
            yield f"[{index}]", item
    attributes = getattr(value, "__dict__", None)
    if isinstance(attributes, dict):
        yield from ((f".{name}", item) for name, item in list(attributes.items()))
    for klass in type(value).__mro__:
        slots = getattr(klass, "__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if isinstance(name, str) and not name.startswith("__"):
                try:
                    yield f".{name}", getattr(value, name)
                except AttributeError:
                    continue


def reachable_secrets(error: BaseException, secrets: Iterable[str], *, userinfo: bool = True) -> list[str]:
    """Paths from ``error`` to a string holding one of ``secrets`` (or, with ``userinfo``, a URL with a
    password), e.g. ``error.__cause__.request.headers['Authorization']``."""
    wanted = [secret for secret in secrets if secret]
    found: list[str] = []
    seen: set[int] = set()
    queue: deque[tuple[str, Any]] = deque([("error", error)])
    while queue and len(seen) < MAX_OBJECTS:
        path, value = queue.popleft()
        if id(value) in seen or isinstance(value, (*_LEAVES, *_SKIPPED)):
            continue
        seen.add(id(value))
        if isinstance(value, str | bytes | bytearray | memoryview):
            text = value if isinstance(value, str) else bytes(value).decode("latin-1")
            found.extend(f"{path} holds {secret!r}" for secret in wanted if secret in text)
            if userinfo and USERINFO.search(text):
                found.append(f"{path} holds a URL with a password: {text[:200]!r}")
            continue
        queue.extend((path + step, child) for step, child in _children(value))
    return found
