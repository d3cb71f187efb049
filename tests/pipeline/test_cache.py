"""Atomic writes (the stage cache's and the tables'): whole files or none, folders made."""

from __future__ import annotations

import pytest

from pipeline.cache import Cache, Entry
from pipeline.parquet import write_atomic


def test_write_makes_the_folder_and_the_file(tmp_path):
    path = tmp_path / "a" / "b" / "x.pkl"
    write_atomic(path, lambda tmp: tmp.write_bytes(b"one"))
    write_atomic(path, lambda tmp: tmp.write_bytes(b"two, longer"))
    assert path.read_bytes() == b"two, longer"
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.pkl"]  # no temp file left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "x.pkl"
    write_atomic(path, lambda tmp: tmp.write_bytes(b"old"))

    def full(tmp):
        tmp.write_bytes(b"ne")  # part written, then the disk is full
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic(path, full)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pkl"]


def test_cache_round_trip_through_missing_folders(tmp_path):
    cache = Cache(tmp_path / "out")
    entry = Entry("k1", {"rows": [1, 2, 3], "doc": "bulky text"})
    cache.put("dates", "doc1", entry)
    assert cache.get("dates", "doc1", "k1") == entry
    assert cache.get("dates", "doc1", "k2") is None
    assert cache.get("dates", "doc1", "k1", bulky=False).outputs == {"rows": [1, 2, 3]}
