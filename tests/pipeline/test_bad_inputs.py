"""A raw folder mixing the seeds with every bad input: exit 0, a status and a sentence per
bad file, and every row of the good documents still there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.parquet import read_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw"

# file name in the mixed folder -> (source, expected status, a phrase the sentence must hold)
BAD = {
    "corrupt.pdf": (FIXTURES / "pdf" / "corrupt.pdf", "failed", "pdf"),
    "encrypted.pdf": (FIXTURES / "pdf" / "encrypted.pdf", "failed", "encrypted"),
    "scanned.pdf": (FIXTURES / "pdf" / "image_only.pdf", "failed", "no text layer (scanned image?)"),
    "empty.txt": (FIXTURES / "text" / "empty.txt", "failed", "empty"),
    "notes.xyz": (None, "skipped", "unsupported file type"),
}
GOOD_EXTRA = {
    "big5.txt": FIXTURES / "text" / "big5.txt",
    "utf16le.txt": FIXTURES / "text" / "utf16le_bom.txt",
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    raw = tmp_path_factory.mktemp("mixed_raw")
    for path in SAMPLE.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    for name, (source, _, _) in BAD.items():
        if source is None:
            (raw / name).write_text("not a report", encoding="utf-8")
        else:
            shutil.copy(source, raw / name)
    for name, source in GOOD_EXTRA.items():
        shutil.copy(source, raw / name)
    # a 10 MB text file: many copies of a plain report body
    body = "壹、目的\n本次出國參加國際研討會，並拜會相關機關。\n\n" * 2
    (raw / "big.txt").write_text(body * (10_000_000 // len(body.encode("utf-8"))), encoding="utf-8")
    out = tmp_path_factory.mktemp("mixed_out")
    result = CliRunner().invoke(app, ["run", "--raw", str(raw), "--out", str(out), "--workers", "2", "--timeout", "120", "--quiet"])
    return raw, out, result


def test_the_run_exits_0(mixed):
    _, _, result = mixed
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_file_has_its_status_and_a_sentence(mixed, name):
    _, out, _ = mixed
    docs = {d["source_path"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}
    _, status, phrase = BAD[name]
    assert docs[name]["status"] == status
    assert phrase.lower() in docs[name]["error"].lower()
    assert docs[name]["error"][0].isalpha() and len(docs[name]["error"].split()) >= 3


def test_encodings_and_the_big_file_are_read(mixed):
    _, out, _ = mixed
    docs = {d["source_path"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}
    assert docs["big5.txt"]["status"] == "ok" and docs["big5.txt"]["encoding"] in {"cp950", "big5"}
    assert docs["utf16le.txt"]["status"] == "ok" and docs["utf16le.txt"]["encoding"].startswith("utf")
    assert docs["big.txt"]["status"] in {"ok", "partial"}
    assert docs["big.txt"]["n_chars"] > 3_000_000


def test_the_good_documents_lose_no_row(mixed, sample_out):
    """Every row the seeds give alone is also there when they run beside the bad files."""
    _, out, _ = mixed
    for table in ("sections", "reports", "participants", "itinerary", "dates"):
        alone = read_table(sample_out, table).to_pylist()
        docs = pq.read_table(out / "documents.parquet").to_pylist()
        seed_ids = {d["doc_id"] for d in docs if d["source_path"].startswith(("000_", "002_"))}
        mixed_rows = [r for r in read_table(out, table).to_pylist() if r["doc_id"] in seed_ids]
        alone_rows = [r for r in alone if r["doc_id"] in seed_ids]
        assert mixed_rows == alone_rows, table
