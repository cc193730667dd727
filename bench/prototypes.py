"""Prototypes of the suggested SDK changes, measured against the SDK as it is, side by side.

    python -m bench.prototypes           # writes bench/results/prototypes.json and prints the gains

Nothing under ``bandwidth/`` is edited: each change is applied to a client instance (monkeypatch), to a
function in this module, or, for import time, to a copy of the package in a temporary directory. Each
prototype first checks that it returns exactly what the SDK returns, then both are timed in short chunks taken
side by side (the machine's speed drifts), and the gain is the median of the paired ratios.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import payloads
from bench.common import REPO, RESULTS, canned_server, child_env, clean_proxy_environment


def paired(variants: dict[str, Callable[[], Any]], *, repeat: int, cycles: int) -> dict[str, Any]:
    """Median CPU per call of each variant, and each one's median paired ratio to the first variant."""
    names = list(variants)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for run in variants.values():
        for _ in range(max(repeat // 4, 1)):
            run()
    for cycle in range(cycles):
        shift = cycle % len(names)
        for name in names[shift:] + names[:shift]:
            run = variants[name]
            gc.collect()
            started = time.thread_time()
            for _ in range(repeat):
                run()
            samples[name].append((time.thread_time() - started) / repeat)
    base = names[0]
    return {
        name: {
            "cpu_us": statistics.median(samples[name]) * 1e6,
            "vs_current": statistics.median(a / b for a, b in zip(samples[name], samples[base], strict=True)),
        }
        for name in names
    }


# -- 1. Transport: send through the urllib3 pool, skipping requests' adapter and Response ------------------


class _Raw:
    """The parts of a ``requests.Response`` that ``Transport`` reads: status, headers, the urllib3 stream."""

    __slots__ = ("_content", "headers", "raw", "status_code", "url")

    def __init__(self, raw: Any, url: str) -> None:
        self.raw = raw
        self.status_code = raw.status
        self.headers = raw.headers
        self.url = url
        self._content: bytes | None = None

    @property
    def content(self) -> bytes:
        if self._content is None:
            self._content = self.raw.read(decode_content=True)
        return self._content

    def iter_content(self, chunk_size: int = 65536) -> Any:
        return self.raw.stream(chunk_size, decode_content=True)

    def close(self) -> None:
        self.raw.release_conn()


def use_urllib3_directly(transport: Any) -> None:
    """Replace ``transport._send_prepared`` with a direct ``HTTPConnectionPool.urlopen``.

    The same pool manager, connections, retry policy and timeouts as the adapter, and the answer is still
    a urllib3 stream that ``Transport`` reads as before; what is skipped is requests' per-request work:
    PreparedRequest and CaseInsensitiveDict headers, select_proxy, the TLS context and pool-key lookup
    (with a ``stat`` of the CA bundle path when one is configured), cookie extraction and building a
    ``requests.Response``. urllib3's exceptions reach ``Transport._send``, which already maps them.
    """
    import urllib3

    original = transport._send_prepared
    adapter = transport.session.get_adapter(transport.base_url)
    retries = adapter.max_retries
    origin = transport.origin
    pool = adapter.poolmanager.connection_from_url(transport.base_url)
    timeouts: dict[tuple[float, float], urllib3.Timeout] = {}

    def send(
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeout: tuple[float, float],
        *,
        stream: bool,
    ) -> Any:
        if transport._proxies or not url.lower().startswith(origin + "/"):
            return original(method, url, headers, body, timeout, stream=stream)
        pool_timeout = timeouts.get(timeout)
        if pool_timeout is None:
            pool_timeout = timeouts[timeout] = urllib3.Timeout(connect=timeout[0], read=timeout[1])
        raw = pool.urlopen(
            method,
            url[len(origin) :],
            body=body,
            headers=headers,
            retries=retries,
            timeout=pool_timeout,
            redirect=False,
            assert_same_host=False,
            preload_content=False,
            decode_content=True,
        )
        answer = _Raw(raw, url)
        if not stream:
            answer.content  # noqa: B018  (read it now, as requests does for stream=False)
        return answer

    transport._send_prepared = types.MethodType(lambda self, *a, **k: send(*a, **k), transport)


# -- 2. Facade: a legacy_keys that does not call itself for every scalar ------------------------------------

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_USER_OWNED = frozenset({"sipHeaders"})
_snake_names: dict[str, str] = {}


def _snake(key: str) -> str:
    name = _WORD_BOUNDARY.sub("_", key).lower()
    if len(_snake_names) < 4096:
        _snake_names[key] = name
    return name


_SCALARS = frozenset({str, int, float, bool, type(None)})


def legacy_keys_fast(value: Any) -> Any:
    """``bandwidth._legacy.legacy_keys`` without a call (and two isinstance checks) per scalar value.

    Exact JSON scalar types are passed through on a set lookup of their class; only dicts and lists recurse;
    anything else falls back to the general function.
    """
    kind = value.__class__
    if kind is dict:
        names = _snake_names
        out = {}
        for key, item in value.items():
            name = names.get(key) or _snake(key)
            if item.__class__ not in _SCALARS and key not in _USER_OWNED:
                item = legacy_keys_fast(item)
            out[name] = item
        return out
    if kind is list:
        return [item if item.__class__ in _SCALARS else legacy_keys_fast(item) for item in value]
    if kind in _SCALARS:
        return value
    from bandwidth._legacy import legacy_keys

    return legacy_keys(value)


def use_fast_legacy_keys() -> Callable[[], None]:
    """Patch ``bandwidth._legacy.legacy_keys`` in this process; returns the undo."""
    from bandwidth import _legacy

    saved = _legacy.legacy_keys
    _legacy.legacy_keys = legacy_keys_fast  # type: ignore[assignment]

    def undo() -> None:
        _legacy.legacy_keys = saved

    return undo


# -- 3. Handles: build the id-only model without model_construct --------------------------------------------


def fast_handle(model: Any, transport: Any, **fields: Any) -> Any:
    """``BandwidthModel._handle`` without ``model_construct``'s per-field Python loop."""
    order = model.__dict__.get("_bench_field_defaults")
    if order is None:
        order = [
            (name, None if info.is_required() else info.default) for name, info in model.model_fields.items()
        ]
        model._bench_field_defaults = order
    instance = model.__new__(model)
    state = {name: fields.get(name, default) for name, default in order}
    object.__setattr__(instance, "__dict__", state)
    object.__setattr__(instance, "__pydantic_fields_set__", set(fields))
    object.__setattr__(instance, "__pydantic_extra__", {})
    object.__setattr__(instance, "__pydantic_private__", {"transport": transport})
    return instance


# -- measurements ------------------------------------------------------------------------------------------


def per_request(origin: str, repeat: int, cycles: int) -> dict[str, Any]:
    from bandwidth import Client
    from bandwidth._legacy import legacy_keys
    from bandwidth.models.call import Call

    current = Client(payloads.USER_ID, payloads.TOKEN, payloads.SECRET, api_endpoint=origin)
    direct = Client(payloads.USER_ID, payloads.TOKEN, payloads.SECRET, api_endpoint=origin)
    use_urllib3_directly(direct._transport)
    call_id = payloads.CALL_ID

    # Same answers first.
    assert direct.calls.get(call_id) == current.calls.get(call_id)
    assert direct.get_call(call_id) == current.get_call(call_id)
    assert direct.calls.create(from_=payloads.FROM, to=payloads.TO, fetch=False).id.startswith("c-")
    page = payloads.list_page(origin, "u-n2000", 0, 1000, 2000)
    assert [legacy_keys_fast(item) for item in json.loads(page)] == [
        legacy_keys(item) for item in json.loads(page)
    ]
    one = json.loads(payloads.call_json(origin))
    assert legacy_keys_fast(one) == legacy_keys(one)
    handle = fast_handle(Call, current._transport, id=call_id)
    reference = Call._handle(current._transport, id=call_id)
    assert handle == reference and handle.__pydantic_fields_set__ == reference.__pydantic_fields_set__
    assert handle.__pydantic_extra__ == reference.__pydantic_extra__ and handle.is_bound

    results: dict[str, Any] = {}
    results["typed_get"] = paired(
        {"current": lambda: current.calls.get(call_id), "urllib3 direct": lambda: direct.calls.get(call_id)},
        repeat=repeat,
        cycles=cycles,
    )
    results["typed_create"] = paired(
        {
            "current": lambda: current.calls.create(from_=payloads.FROM, to=payloads.TO, fetch=False),
            "urllib3 direct": lambda: direct.calls.create(from_=payloads.FROM, to=payloads.TO, fetch=False),
        },
        repeat=repeat,
        cycles=cycles,
    )
    results["typed_hangup"] = paired(
        {
            "current": lambda: current.calls.hangup(call_id),
            "urllib3 direct": lambda: direct.calls.hangup(call_id),
        },
        repeat=repeat,
        cycles=cycles,
    )

    def facade_fast() -> Any:
        undo = use_fast_legacy_keys()
        try:
            return current.get_call(call_id)
        finally:
            undo()

    results["facade_get"] = paired(
        {
            "current": lambda: current.get_call(call_id),
            "fast legacy_keys": facade_fast,
            "typed get (for reference)": lambda: current.calls.get(call_id),
        },
        repeat=repeat,
        cycles=cycles,
    )
    results["legacy_keys_call"] = paired(
        {"current": lambda: legacy_keys(one), "fast legacy_keys": lambda: legacy_keys_fast(one)},
        repeat=2000,
        cycles=cycles,
    )
    results["handle"] = paired(
        {
            "current Call._handle": lambda: Call._handle(current._transport, id=call_id),
            "without model_construct": lambda: fast_handle(Call, current._transport, id=call_id),
        },
        repeat=2000,
        cycles=cycles,
    )
    return results


def gc_paused(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``parse`` with the cyclic GC paused while it builds a page (and restored after, if it was on).

    Building 1,000 models makes thousands of new container objects (instance, ``__dict__``, fields-set,
    extras, ``sipHeaders``); with the GC on, young-generation collections keep traversing them mid-page.
    """

    def parse_page(response: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return parse(response)
        finally:
            if enabled:
                gc.enable()

    return parse_page


def _legacy_page_fast(response: Any) -> list[Any]:
    """``bandwidth._legacy._legacy_page`` with ``legacy_keys_fast``."""
    items = response.json_list()
    if any(item.__class__ is not dict for item in items):
        raise ValueError("expected a list of JSON objects")
    return [legacy_keys_fast(item) for item in items]


def listing(origin: str, items: int) -> dict[str, Any]:
    """Per-item CPU of the typed and facade walks with and without the changes, page by page side by side."""
    from bandwidth import Client
    from bandwidth._legacy import _legacy_page
    from bandwidth.models.call import Call
    from bench.listing import json_items

    def client(direct: bool = False) -> Any:
        made = Client(f"u-n{items}", payloads.TOKEN, payloads.SECRET, api_endpoint=origin)
        if direct:
            use_urllib3_directly(made._transport)
        return made

    def typed(parse_wrapper: Callable[[Any], Any] | None = None, direct: bool = False) -> Any:
        made = client(direct)
        paginator = made.calls.list(page_size=payloads.PAGE_SIZE)
        if parse_wrapper is not None:  # the same parse the SDK uses, wrapped
            transport = made._transport
            paginator = paginator.with_parser(
                parse_wrapper(lambda response: Call._list_from_response(response, transport))
            )
        return iter(paginator)

    def facade(parse: Callable[[Any], Any]) -> Any:
        return iter(client().calls.list(page_size=payloads.PAGE_SIZE).with_parser(parse))

    sample = client().calls.list(page_size=payloads.PAGE_SIZE, limit=3)
    assert list(sample.with_parser(_legacy_page_fast)) == list(sample.with_parser(_legacy_page))
    assert list(typed(gc_paused))[:3] == list(sample)

    walks = {
        "json.loads (baseline)": json_items(origin, items),
        "typed current": iter(client().calls.list(page_size=payloads.PAGE_SIZE)),
        "typed urllib3 direct": typed(direct=True),
        "typed gc paused per page": typed(gc_paused),
        "typed urllib3 direct + gc paused": typed(gc_paused, direct=True),
        "facade current": iter(client().list_calls(size=payloads.PAGE_SIZE)),
        "facade fast legacy_keys": facade(_legacy_page_fast),
        "facade fast legacy_keys + gc paused": facade(gc_paused(_legacy_page_fast)),
    }
    names = list(walks)
    per_page: dict[str, list[float]] = {name: [] for name in names}
    for page in range(-(-items // payloads.PAGE_SIZE)):
        shift = page % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.thread_time()
            count = sum(1 for _ in itertools.islice(walks[name], payloads.PAGE_SIZE))
            per_page[name].append((time.thread_time() - started) / max(count, 1))

    def ratio(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(per_page[a], per_page[b], strict=True))

    base = "json.loads (baseline)"
    return {
        "items": items,
        "cpu_us_per_item": {name: statistics.median(values) * 1e6 for name, values in per_page.items()},
        "vs_json": {name: ratio(name, base) for name in names},
        "vs_current": {
            name: ratio(name, "typed current" if name.startswith("typed") else "facade current")
            for name in names
            if name != base
        },
    }


def list_validation(cycles: int) -> dict[str, Any]:
    """How far schema tweaks can move page validation, against json.loads of the same page."""
    from typing import Any as AnyType

    from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
    from pydantic.alias_generators import to_camel

    from bandwidth.models.call import Call

    page = payloads.list_page("http://127.0.0.1:1", "u-n100000", 7, 1000, 100_000)

    class Lean(Call):
        model_config = ConfigDict(extra="ignore", validate_by_name=False)

    class Untyped(BaseModel):
        """The least a pydantic model per item can cost: the same fields, nothing validated."""

        model_config = ConfigDict(alias_generator=to_camel, extra="allow", frozen=True)
        id: str
        direction: AnyType = None
        from_: AnyType = Field(default=None, alias="from")
        to: AnyType = None
        state: AnyType = None
        start_time: AnyType = None
        active_time: AnyType = None
        end_time: AnyType = None
        callback_url: AnyType = None
        chargeable_duration: AnyType = None
        recording_enabled: AnyType = None
        sip_headers: AnyType = None
        events_url: AnyType = Field(default=None, alias="events")

    current = TypeAdapter(list[Call])
    lean = TypeAdapter(list[Lean])
    untyped = TypeAdapter(list[Untyped])
    results = paired(
        {
            "json.loads": lambda: json.loads(page),
            "list[Call] (current)": lambda: current.validate_json(page),
            "list[Call] extra='ignore', validate_by_name=False": lambda: lean.validate_json(page),
            "list[model of Any fields] (pydantic's floor)": lambda: untyped.validate_json(page),
        },
        repeat=2,
        cycles=cycles,
    )
    for row in results.values():
        row["cpu_us"] /= 1000  # per item
    return {"per_item": results}


_IMPORT_EDITS = {
    # bandwidth/models/_base.py, BandwidthModel.model_config: build each model's validator on first use.
    "defer_build=True": [("        frozen=True,\n", "        frozen=True,\n        defer_build=True,\n")],
}


def imports(rounds: int) -> dict[str, Any]:
    """``import bandwidth`` from copies of the package with the model config edited, in fresh interpreters."""
    probe = (
        "import time\nw = time.perf_counter()\nimport bandwidth\nw = time.perf_counter() - w\n"
        "from bandwidth.models.call import Call\nimport json\n"
        "t = time.perf_counter()\nCall.model_validate_json(json.dumps({'id': 'c-1'}))\n"
        "print(w, time.perf_counter() - t, bandwidth.__file__)\n"
    )
    with tempfile.TemporaryDirectory(prefix="bench-import-") as scratch:
        trees = {"current": str(REPO)}
        for label, edits in _IMPORT_EDITS.items():
            tree = Path(scratch) / re.sub(r"\W+", "-", label)
            shutil.copytree(
                REPO / "bandwidth", tree / "bandwidth", ignore=shutil.ignore_patterns("__pycache__")
            )
            base = tree / "bandwidth" / "models" / "_base.py"
            text = base.read_text()
            for old, new in edits:
                if old not in text:
                    raise RuntimeError(f"prototype edit no longer applies to {base}: {old!r}")
                text = text.replace(old, new)
            base.write_text(text)
            trees[label] = str(tree)
        env = child_env(PYTHONPYCACHEPREFIX=str(Path(scratch) / "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)

        def sample(tree: str) -> tuple[float, float]:
            out = subprocess.run(
                [sys.executable, "-c", probe],
                capture_output=True,
                text=True,
                check=True,
                env={**env, "PYTHONPATH": tree},
                cwd=scratch,
            )
            wall, first, where = out.stdout.split()
            if not where.startswith(tree):
                raise RuntimeError(f"imported {where}, expected a module under {tree}")
            return float(wall), float(first)

        for path in trees.values():
            sample(path)
        samples: dict[str, list[tuple[float, float]]] = {label: [] for label in trees}
        for _ in range(rounds):
            for label, path in trees.items():
                samples[label].append(sample(path))
    return {
        label: {
            "import_ms": statistics.median(wall for wall, _ in values) * 1e3,
            "first_validation_ms": statistics.median(first for _, first in values) * 1e3,
            "vs_current": statistics.median(
                a[0] / b[0] for a, b in zip(values, samples["current"], strict=True)
            ),
        }
        for label, values in samples.items()
    }


def render(results: dict[str, Any]) -> str:
    lines = [f"{key}: {value['error']}" for key, value in results.items() if "error" in value]
    for name in ("typed_get", "typed_create", "typed_hangup", "facade_get", "legacy_keys_call", "handle"):
        if name not in results["per_request"]:
            continue
        lines.append(f"{name} (CPU per call):")
        for label, row in results["per_request"][name].items():
            lines.append(f"    {label:<50} {row['cpu_us']:>9.2f} us  {row['vs_current']:.3f}x")
    listed = results["listing"]
    if "error" in listed:
        listed = {"items": 0, "cpu_us_per_item": {}}
    lines.append(f"listing {listed['items']:,} calls (CPU per item, paired per page):")
    for label, value in listed["cpu_us_per_item"].items():
        versus = listed["vs_current"].get(label)
        lines.append(
            f"    {label:<50} {value:>9.2f} us  {listed['vs_json'][label]:.2f}x json"
            + (f"  {versus:.3f}x current" if versus is not None else "")
        )
    lines.append("page validation (CPU per item):")
    for label, row in results["list_validation"].get("per_item", {}).items():
        lines.append(f"    {label:<50} {row['cpu_us']:>9.2f} us  {row['vs_current']:.2f}x json.loads")
    lines.append("import bandwidth (fresh interpreter):")
    for label, row in results["imports"].items():
        if not isinstance(row, dict):
            continue
        lines.append(
            f"    {label:<50} {row['import_ms']:>7.1f} ms  {row['vs_current']:.2f}x  "
            f"(first validation {row['first_validation_ms']:.1f} ms)"
        )
    return "\n".join(lines)


def _guard(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    try:
        return function(*args)
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="measure prototypes of the suggested SDK changes")
    parser.add_argument("--repeat", type=int, default=20, help="requests per variant per cycle")
    parser.add_argument("--cycles", type=int, default=40)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--import-rounds", type=int, default=9)
    parser.add_argument("--json", type=Path, default=RESULTS / "prototypes.json")
    args = parser.parse_args(argv)
    clean_proxy_environment()
    results: dict[str, Any] = {}
    # The SDK changes under us (others work in the same tree): a prototype that no longer applies is
    # reported as such, and the others still run.
    with canned_server() as origin:
        results["per_request"] = _guard(per_request, origin, args.repeat, args.cycles)
        results["listing"] = _guard(listing, origin, args.items)
    results["list_validation"] = _guard(list_validation, args.cycles)
    results["imports"] = _guard(imports, args.import_rounds)
    print(render(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
