"""Issue 18's acceptance: a folder of hostile inputs beside one good report.

    python -m benchmarks.hostile --work /tmp/hostile-bench [--code PATH] [--each] [--cap-gb 4]

Builds ``<work>/raw`` (a good report plus one each of: a non-UTF-8 name, an unreadable
file, a FIFO, 3,000 blank lines, an ``<ol start>`` of 10^12, ``<meta charset="undefined">``,
an odd-length UTF-16 file, a zip-bomb docx of 3 GiB inflated, an all-garbage PDF), runs
``pipeline run`` over it in a subprocess and prints the wall time, the peak RSS of the
whole process tree (sampled from /proc every 0.1 s), the exit code and each input's row.
``--each`` also runs every case alone beside the good report. ``--code`` picks the source
tree to run (default: this one), so the same script measures before and after a change.
As root, the run drops CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (setpriv) so that the
unreadable file really is unreadable. ``--cap-gb`` bounds each run's address space
(prlimit), so that an unfixed tree cannot take the machine down.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.hostile_inputs import (
    BLANK_LINES,
    HUGE_OL,
    META_UNDEFINED,
    ODD_UTF16,
    garbage_pdf,
    zip_bomb_docx,
)

REPO = Path(__file__).resolve().parents[1]
GOOD = REPO / "data" / "raw" / "000_4fc28645e15cc52a.txt"
BIG5_NAME = b"\xb3\xf8\xa7\x69.txt"  # 報告.txt in Big5

CASES = ("non_utf8_name", "unreadable", "fifo", "blank_lines", "huge_ol", "meta_undefined", "odd_utf16",
         "zip_bomb_docx", "garbage_pdf")


def make_case(raw: Path, case: str) -> None:
    if case == "non_utf8_name":
        body = "壹、目的\n本次赴韓國首爾參加亞太城市論壇。\n貳、過程\n一、113年5月2日抵達首爾。\n"
        (Path(os.fsdecode(bytes(raw) + b"/" + BIG5_NAME))).write_bytes(body.encode("cp950"))
    elif case == "unreadable":
        path = raw / "locked.txt"
        path.write_text("壹、目的\n本次赴泰國曼谷考察。\n", encoding="utf-8")
        path.chmod(0)
    elif case == "fifo":
        os.mkfifo(raw / "pipe.txt")
    elif case == "blank_lines":
        (raw / "blank_lines.txt").write_bytes(BLANK_LINES)
    elif case == "huge_ol":
        (raw / "huge_ol.html").write_bytes(HUGE_OL)
    elif case == "meta_undefined":
        (raw / "meta_undefined.html").write_bytes(META_UNDEFINED)
    elif case == "odd_utf16":
        (raw / "odd_utf16.txt").write_bytes(ODD_UTF16)
    elif case == "zip_bomb_docx":
        (raw / "bomb.docx").write_bytes(zip_bomb_docx(3 << 30))
    elif case == "garbage_pdf":
        (raw / "garbage.pdf").write_bytes(garbage_pdf(pages=3, private_use=False))
    else:
        raise ValueError(case)


def build(raw: Path, cases: tuple[str, ...]) -> None:
    if raw.exists():
        for path in raw.iterdir():
            if path.name == "locked.txt":
                path.chmod(0o644)
        shutil.rmtree(raw)
    raw.mkdir(parents=True)
    shutil.copy(GOOD, raw / GOOD.name)
    for case in cases:
        make_case(raw, case)


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rpartition(")")[2].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run(code: Path, raw: Path, out: Path, extra: list[str], cap_gb: float, limit_s: float) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "pipeline.cli", "run", "--raw", str(raw), "--out", str(out), "--quiet", *extra]
    if os.geteuid() == 0 and shutil.which("setpriv"):
        command = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                   "--bounding-set=-dac_override,-dac_read_search", "--", *command]
    if cap_gb and shutil.which("prlimit"):
        command = ["prlimit", f"--as={int(cap_gb * (1 << 30))}", "--", *command]
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONDONTWRITEBYTECODE="1")
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=out.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        if time.perf_counter() - started > limit_s:
            os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers: its own session
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    rows = []
    if (out / "documents.parquet").exists():
        import pyarrow.parquet as pq

        rows = [{k: r[k] for k in ("source_path", "status", "error_code", "flags", "n_chars")}
                for r in pq.read_table(out / "documents.parquet").to_pylist()]
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak / (1 << 20)), "exit": proc.returncode,
            "rows": rows, "output": output[-2000:]}


def good_rows(out: Path) -> dict[str, int]:
    """Rows per table of the good report in a run's output."""
    import pyarrow.parquet as pq

    if not (out / "documents.parquet").exists():
        return {}
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    doc_id = next((d["doc_id"] for d in docs if d["source_path"] == GOOD.name), None)
    counts = {}
    for name in ("sections", "reports", "participants", "itinerary", "dates", "mentions"):
        table = pq.read_table(out / f"{name}.parquet", columns=["doc_id"]).column("doc_id").to_pylist()
        counts[name] = table.count(doc_id)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--code", type=Path, default=REPO, help="the source tree to run")
    parser.add_argument("--each", action="store_true", help="also run each case alone beside the good report")
    parser.add_argument("--cap-gb", type=float, default=4.0, help="address-space cap per run (0 = none)")
    parser.add_argument("--limit-s", type=float, default=300.0, help="kill a run after this many seconds")
    parser.add_argument("--workers", default="2")
    args = parser.parse_args()
    extra = ["--workers", args.workers]
    results = {}
    if args.each:
        for case in CASES:
            raw = args.work / f"raw_{case}"
            build(raw, (case,))
            results[case] = run(args.code.resolve(), raw, args.work / f"out_{case}", extra, args.cap_gb, args.limit_s)
            r = results[case]
            print(f"{case:16s} {r['seconds']:7.1f} s {r['peak_rss_mb']:6d} MB exit {r['exit']}", flush=True)
    alone = args.work / "raw_alone"
    build(alone, ())
    results["alone"] = run(args.code.resolve(), alone, args.work / "out_alone", extra, args.cap_gb, args.limit_s)
    raw = args.work / "raw"
    build(raw, CASES)
    results["all"] = run(args.code.resolve(), raw, args.work / "out", extra, args.cap_gb, args.limit_s)
    r = results["all"]
    print(f"{'all':16s} {r['seconds']:7.1f} s {r['peak_rss_mb']:6d} MB exit {r['exit']}")
    for row in r["rows"]:
        print("   ", json.dumps(row, ensure_ascii=False))
    together, by_itself = good_rows(args.work / "out"), good_rows(args.work / "out_alone")
    print(f"good report's rows beside the hostile inputs: {together}; alone: {by_itself}; "
          f"{'complete' if together == by_itself and together else 'DIFFERENT'}")
    if r["exit"]:
        print(r["output"])
    (args.work / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
