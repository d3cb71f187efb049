"""The inputs of a run: every file under ``--raw``, named by the hash of its bytes.

Every entry under ``--raw`` becomes an input, so every one gets a row: a file that
cannot be read, a FIFO, a device, a socket, a symlink that leads elsewhere and a
folder that cannot be listed are inputs with a reason, not silently left out.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from extractors.core.records import ErrorCode, ExtractionError, Status
from pipeline.readers import format_of


@dataclass(frozen=True)
class InputFile:
    path: Path  # the file to open (a symlink inside --raw: its target)
    rel: str  # the path under --raw as the tables show it (always valid UTF-8)
    doc_id: str
    n_bytes: int
    source_format: str | None
    skip_reason: str | None = None
    skip_code: str = ErrorCode.UNSUPPORTED  # with skip_reason: the documents row's error_code
    skip_status: str = Status.SKIPPED
    name_flags: tuple[str, ...] = ()  # name_big5 / name_escaped: how rel was made from the name's bytes


OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path``, which must still be a regular file and not a symlink
    (``O_NOFOLLOW``: a file swapped for a link after the scan is refused; ``O_NONBLOCK``:
    a file swapped for a FIFO does not hang the worker)."""
    try:
        fd = os.open(path, OPEN_FLAGS)
    except PermissionError as exc:
        raise ExtractionError(ErrorCode.UNREADABLE, f"the file could not be read ({exc.strerror})") from exc
    except OSError as exc:  # ELOOP: now a symlink; ENOENT: gone
        raise ExtractionError(ErrorCode.CHANGED, f"the file changed after the run listed it ({exc.strerror}); "
                              "nothing was read; run again") from exc
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ExtractionError(ErrorCode.CHANGED, "the file was replaced by something that is not a file during the run")
        return fh.read() if limit is None else fh.read(limit)


def doc_id_of(path: Path) -> str:
    """First 16 hex digits of the SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    fd = os.open(path, OPEN_FLAGS)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ExtractionError(ErrorCode.NOT_A_FILE, "not a regular file")
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def hash_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def shown_name(rel: str) -> tuple[str, tuple[str, ...]]:
    """A relative path made of valid UTF-8, and how: a name that is not UTF-8 (a Big5 name
    from an old office share) is read as Big5 when that decodes it and gives the same bytes
    back (flag ``name_big5``: ``.encode("cp950")`` recovers them), else each bad byte is
    written ``\\xNN`` (flag ``name_escaped``)."""
    raw = os.fsencode(rel)
    try:
        raw.decode("utf-8")
        return rel, ()
    except UnicodeDecodeError:
        pass
    try:
        big5 = raw.decode("cp950")
        if big5.encode("cp950") == raw:
            return big5, ("name_big5",)
    except UnicodeError:
        pass
    return raw.decode("utf-8", errors="backslashreplace"), ("name_escaped",)


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def scan_inputs(raw: Path) -> list[InputFile]:
    """Every entry under ``raw``, sorted by relative path; each one an input or a row with a reason."""
    root = raw.resolve()
    found: list[InputFile] = []

    def refused(path: Path, rel: str, reason: str, code: str, status: str = Status.SKIPPED) -> None:
        name, flags = shown_name(rel)
        found.append(InputFile(path, name, "", 0, format_of(path), reason, code, status, flags))

    def unlistable(error: OSError) -> None:
        path = Path(error.filename)
        if path != root:
            rel = path.relative_to(root).as_posix() + "/"
            refused(path, rel, f"the folder could not be listed ({error.strerror}); its files were not read",
                    ErrorCode.UNREADABLE, Status.FAILED)

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unlistable):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            try:
                info = path.lstat()
            except OSError as exc:
                refused(path, rel, f"the file could not be examined ({exc.strerror})", ErrorCode.UNREADABLE, Status.FAILED)
                continue
            target = path
            if stat.S_ISLNK(info.st_mode):
                target = path.resolve()
                if not target.is_relative_to(root):
                    refused(path, rel, "a symlink that leads outside --raw; not followed", ErrorCode.NOT_A_FILE)
                    continue
                try:
                    info = target.stat()
                except OSError:
                    refused(path, rel, "a symlink that leads nowhere (its target is missing)", ErrorCode.NOT_A_FILE)
                    continue
                if not stat.S_ISREG(info.st_mode):
                    refused(path, rel, f"a symlink to {kind_of(info.st_mode)}, not to a file; not read",
                            ErrorCode.NOT_A_FILE)
                    continue
            elif not stat.S_ISREG(info.st_mode):
                refused(path, rel, f"{kind_of(info.st_mode)}, not a file; not read", ErrorCode.NOT_A_FILE)
                continue
            fmt = format_of(path)
            shown, flags = shown_name(rel)
            try:
                doc_id = doc_id_of(target)
            except (OSError, ExtractionError) as exc:
                why = exc.strerror if isinstance(exc, OSError) else exc.message
                refused(path, rel, f"the file could not be read ({why})", ErrorCode.UNREADABLE, Status.FAILED)
                continue
            reason = None if fmt else f"unsupported file type '{path.suffix or '(none)'}'"
            found.append(InputFile(target, shown, doc_id, info.st_size, fmt, reason, name_flags=flags))
    return sorted(found, key=lambda item: item.rel)
