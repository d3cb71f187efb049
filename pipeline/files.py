"""Light helpers every part of a run shares, importable without pyarrow: atomic writes and
the schema version. A rerun that keeps the tables on disk needs nothing heavier."""

from __future__ import annotations

import os
import threading
import typing
from pathlib import Path

SCHEMA_VERSION = 1


def write_atomic(path: Path, write: typing.Callable[[Path], None]) -> None:
    """Write through a temp file in the same folder, then rename over ``path``.

    The temp file is named by the process and thread, so ``write`` creates it itself
    (one open, the umask's permissions); the stage cache writes one file per stage and
    document through here, so system calls count."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
