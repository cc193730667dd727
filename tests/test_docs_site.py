"""The docs site's docstring conversion (tools/griffe_rst.py): reST habits of the docstrings, as Markdown.

``mkdocs build --strict`` in CI builds the whole site; this checks what the conversion makes of each habit.
"""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import bandwidth.emulator

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("griffe_rst", ROOT / "tools" / "griffe_rst.py")
assert _spec is not None and _spec.loader is not None
griffe_rst = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(griffe_rst)


def test_roles_become_code_spans() -> None:
    text = "See :class:`Client`, :meth:`~bandwidth.Client.close` and :py:func:`parse`; ``x`` stays."

    assert griffe_rst.to_markdown(text) == "See `Client`, `bandwidth.Client.close` and `parse`; ``x`` stays."


def test_a_literal_block_becomes_a_fenced_block_without_the_double_colon() -> None:
    text = "Use it::\n\n    with Client() as client:\n        client.close()\n\nMore.\n\n::\n\n    x = 1\n"

    assert griffe_rst.to_markdown(text) == (
        "Use it:\n\n```\nwith Client() as client:\n    client.close()\n```\n\nMore.\n\n```\nx = 1\n```\n"
    )


def test_a_simple_table_becomes_a_list() -> None:
    text = "Numbers:\n\n=====  ==========\n``0``  never answers\n``1``  rejects\n=====  ==========\n\nEnd."

    assert griffe_rst.to_markdown(text) == "Numbers:\n\n- ``0``: never answers\n- ``1``: rejects\n\nEnd."


def test_the_emulator_docstring_has_no_rest_left() -> None:
    converted = griffe_rst.to_markdown(inspect.cleandoc(bandwidth.emulator.__doc__ or ""))

    assert "====" not in converted and "::\n" not in converted
    assert "- ``...0000``: never answers" in converted
    assert "```\nfrom bandwidth.emulator import Emulator\n" in converted
