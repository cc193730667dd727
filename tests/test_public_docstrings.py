"""Every public module, class, function, method and enum has a docstring, and a page in the API reference.

Public means: a name in the ``__all__`` of a public module (REFERENCE), and every class those names lead to
through their bases, the annotations of their public methods and properties, and the services of a
``Client`` (``client.calls``, whose methods lead to ``Paginator``, ``Call`` ...).
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import bandwidth

REFERENCE = (
    "bandwidth",
    "bandwidth.bxml",
    "bandwidth.callbacks",
    "bandwidth.emulator",
    "bandwidth.emulator.pytest_plugin",
    "bandwidth.models",
    "bandwidth.version",
    "bandwidth.voice",
    "bandwidth.voice.bxml",
)
"""The modules whose ``__all__`` is the public API (each has a page under docs/reference/)."""

INTERNAL = ("bandwidth.emulator.engine",)
"""Packages without a leading underscore that are no public API: the emulator's state machines."""

ROOT = Path(__file__).resolve().parent.parent

PENDING: set[str] = set()
"""Public symbols still without a docstring (none: the test below fails once one has it, so that this set
only shrinks)."""


def _own_doc(obj: object) -> str:
    doc = vars(obj).get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    return doc.strip() if isinstance(doc, str) else ""


def _hinted_classes(function: object) -> Iterator[type]:
    try:
        hints = typing.get_type_hints(function)
    except Exception:  # a name only imported under TYPE_CHECKING: the class is reached another way
        return
    stack = list(hints.values())
    while stack:
        hint = stack.pop()
        if isinstance(hint, type):
            yield hint
        stack.extend(typing.get_args(hint))
        if (origin := typing.get_origin(hint)) is not None:
            stack.append(origin)


def _functions(cls: type) -> Iterator[tuple[str, object]]:
    """The public methods and properties a class defines itself."""
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, property):
            value = value.fget
        elif isinstance(value, (classmethod, staticmethod)):
            value = value.__func__
        if inspect.isfunction(value):
            yield name, value


def public_api() -> tuple[list[str], set[type]]:
    """The missing docstrings (as dotted names), and the classes that were checked."""
    missing: list[str] = []
    queue: list[type] = []
    seen: set[type] = set()

    def reach(obj: object) -> None:
        if isinstance(obj, type) and obj.__module__.startswith("bandwidth") and obj not in seen:
            seen.add(obj)
            queue.append(obj)

    for module_name in REFERENCE:
        module = importlib.import_module(module_name)
        if not _own_doc(module):
            missing.append(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value):
                if not _own_doc(value):
                    missing.append(f"{module_name}.{name}")
                for cls in _hinted_classes(value):
                    reach(cls)
            reach(value)
    with bandwidth.Client("u-doc", "t-doc", "s-doc") as client:  # its services are instance attributes
        for name, value in vars(client).items():
            if not name.startswith("_"):
                reach(type(value))
    while queue:
        cls = queue.pop()
        where = f"{cls.__module__}.{cls.__qualname__}"
        if not _own_doc(cls):
            missing.append(where)
        if issubclass(cls, enum.Enum):
            continue
        for base in cls.__mro__[1:]:
            reach(base)
        for name, function in _functions(cls):
            if not _own_doc(function):
                missing.append(f"{where}.{name}")
            for hinted in _hinted_classes(function):
                reach(hinted)
    return sorted(set(missing)), seen


def test_every_public_symbol_has_a_docstring() -> None:
    missing, checked = public_api()

    assert sorted(set(missing) - PENDING) == [], "public symbols without a docstring"
    assert set(missing) >= PENDING, f"documented now, drop from PENDING: {sorted(PENDING - set(missing))}"
    names = {cls.__name__ for cls in checked}  # the walk reaches what a user reaches from Client
    assert {"CallsService", "BridgesService", "RecordingsService", "Paginator", "Page", "CallState"} <= names
    assert {"CallbackRouter", "Emulator", "CallbackReceiver", "InvalidStateError", "SpeakSentence"} <= names


def _directives() -> list[tuple[str, str]]:
    """The ``::: target`` directives of docs/reference/, with the option lines under each."""
    found = []
    for page in sorted((ROOT / "docs" / "reference").glob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.startswith(":::"):
                options = []
                for following in lines[number + 1 :]:
                    if following and not following.startswith(" "):
                        break
                    options.append(following.strip())
                found.append((line[3:].strip(), "\n".join(options)))
    return found


def _resolve(path: str) -> object:
    module, _, name = path.rpartition(".")
    try:
        return importlib.import_module(path)
    except ImportError:
        return getattr(importlib.import_module(module), name)


def test_every_public_name_is_in_the_reference() -> None:
    directives = _directives()
    documented: set[int] = set()  # by identity: bandwidth.Call is bandwidth.models.Call
    for target, options in directives:
        value = _resolve(target)
        documented.add(id(value))
        if isinstance(value, ModuleType) and "members: false" not in options:
            documented.update(id(getattr(value, name)) for name in getattr(value, "__all__", ()))
    public_modules = {
        info.name
        for info in pkgutil.walk_packages(bandwidth.__path__, "bandwidth.")
        if not any(part.startswith("_") for part in info.name.split("."))
        and not info.name.startswith(INTERNAL)
    }

    missing = []
    for module_name in sorted({"bandwidth", *public_modules}):
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            checkable = isinstance(value, (type, ModuleType)) or callable(value)  # not constants: no identity
            if checkable and id(value) not in documented:
                missing.append(f"{module_name}.{name}")

    assert set(REFERENCE) <= {target for target, _ in directives}
    assert missing == [], "public names with no page in docs/reference/"
