"""Word 97–2003 (.doc) and RTF: converted to .docx by LibreOffice headless, then read as docx.

``soffice --headless --convert-to docx`` runs in a private profile folder (one per
worker process, made on first use and removed when the process ends), with macros
switched off in that profile (security level "very high", macro execution
disabled), in a temporary folder that is its HOME and TMPDIR, under a time limit;
on timeout the whole process group is killed. Without LibreOffice the file fails
with ``needs_libreoffice`` and a sentence naming the Debian package.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from multiprocessing import util
from pathlib import Path

from extractors.core.records import ExtractionError
from pipeline.readers.base import ReadResult

PACKAGE = "libreoffice-writer-nogui"
CONVERT_TIMEOUT = 120.0  # seconds one conversion may take (a cold start takes about 10)
ENV_TIMEOUT = "TRIPMINE_LIBREOFFICE_TIMEOUT"

# Written into the private profile before the first start: no macro ever runs, whatever
# the document asks (Tools > Options > Security > Macro Security: very high, and off).
_NO_MACROS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse">
<value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse">
<value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse">
<value>false</value></prop></item>
</oor:items>
"""

_profile: dict[int, Path] = {}  # pid -> this process's profile folder
_lock = threading.Lock()  # one conversion at a time per process (one profile cannot serve two)


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_version() -> str | None:
    """LibreOffice's version line ("LibreOffice 7.4.7.2 ..."), or None."""
    program = soffice()
    if program is None:
        return None
    try:
        with tempfile.TemporaryDirectory(prefix="tripmine-lo-") as home:
            done = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60,
                                  env={**os.environ, "HOME": home, "TMPDIR": home})
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else None


def profile_dir() -> Path:
    """This process's private LibreOffice profile, macros off, removed at process exit."""
    pid = os.getpid()
    folder = _profile.get(pid)
    if folder is None or not folder.exists():
        folder = Path(tempfile.mkdtemp(prefix=f"tripmine-lo-{pid}-"))
        user = folder / "profile" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(_NO_MACROS, encoding="utf-8")
        _profile[pid] = folder
        # multiprocessing runs its finalizers at the end of a pool worker (atexit does not).
        util.Finalize(None, shutil.rmtree, args=(str(folder),), kwargs={"ignore_errors": True}, exitpriority=10)
    return folder


def timeout_seconds() -> float:
    try:
        return float(os.environ.get(ENV_TIMEOUT, CONVERT_TIMEOUT))
    except ValueError:
        return CONVERT_TIMEOUT


def convert_to_docx(data: bytes, suffix: str) -> bytes:
    """The .docx LibreOffice makes of a .doc/.rtf file's bytes.

    Raises ExtractionError: ``needs_libreoffice``, ``conversion_timeout``, ``conversion_failed``.
    """
    program = soffice()
    if program is None:
        kind = "Word 97–2003 (.doc)" if suffix == ".doc" else f"{suffix} files"
        raise ExtractionError(
            "needs_libreoffice",
            f"reading {kind} needs LibreOffice, which is not installed here; install the Debian "
            f"package {PACKAGE} (scripts/install-system-deps.sh does it) and run again",
        )
    with _lock:
        profile = profile_dir()
        with tempfile.TemporaryDirectory(prefix="convert-", dir=profile) as work:
            source = Path(work) / f"input{suffix}"
            source.write_bytes(data)
            target = Path(work) / "input.docx"
            run_soffice(program, profile, source, Path(work), input_filter(data))
            if not target.exists():
                raise ExtractionError("conversion_failed", f"LibreOffice could not convert the {suffix} file "
                                      "(it is damaged, password-protected or not really that format)")
            return target.read_bytes()


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def input_filter(data: bytes) -> str | None:
    """The LibreOffice import filter the bytes call for. A Word 97 (OLE) file or an RTF is
    opened with its own filter only, so a damaged one fails instead of being imported as
    plain text (LibreOffice's last resort); anything else (a .doc that is really HTML) is
    left to LibreOffice's detection.
    """
    if data.startswith(OLE_MAGIC):
        return "MS Word 97"
    if data.lstrip()[:5] == b"{\\rtf":
        return "Rich Text Format"
    return None


def run_soffice(program: str, profile: Path, source: Path, outdir: Path, infilter: str | None = None) -> None:
    limit = timeout_seconds()
    home = profile / "home"
    home.mkdir(exist_ok=True)
    cmd = [program, f"-env:UserInstallation={(profile / 'profile').as_uri()}", "--headless", "--invisible",
           "--norestore", "--nolockcheck", "--nodefault", "--nologo",
           *([f"--infilter={infilter}"] if infilter else []),
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(source)]
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home), "SAL_USE_VCLPLUGIN": "svp"}
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise ExtractionError("conversion_timeout", f"LibreOffice did not convert the file within {limit:g} s, "
                              f"so it was stopped (raise {ENV_TIMEOUT} for very large files)") from None
    finally:
        if proc.poll() is None:  # interrupted (a stage time limit): leave no soffice behind
            kill_group(proc)
    if proc.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        raise ExtractionError("conversion_failed", f"LibreOffice failed to convert the file (exit code "
                              f"{proc.returncode}{': ' + detail[0] if detail else ''})")


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def read_converted(data: bytes, suffix: str) -> ReadResult:
    from pipeline.readers.docx import read_docx

    if not data:
        raise ExtractionError("empty_file", "the file is empty (0 bytes)")
    result = read_docx(convert_to_docx(data, suffix))
    return ReadResult(text=result.text, pages=result.pages, n_pages=result.n_pages, encoding=result.encoding,
                      flags=(*result.flags, "libreoffice"))


def read_doc(data: bytes) -> ReadResult:
    """Read a Word 97–2003 document through LibreOffice and the docx reader."""
    return read_converted(data, ".doc")


def read_rtf(data: bytes) -> ReadResult:
    """Read an RTF document through LibreOffice and the docx reader."""
    return read_converted(data, ".rtf")
