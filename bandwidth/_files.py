"""Writing a download to a path, for both clients: the file is either complete or untouched."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

__all__ = ["replaced_when_complete"]


@contextmanager
def replaced_when_complete(destination: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A temporary file beside ``destination``, moved over it once the block completes; removed instead if
    the block raises (or is cancelled). Made at once, so an unwritable destination fails before any request.
    """
    target = os.fspath(destination)
    handle, partial = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(target)), suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
        os.replace(partial, target)
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
