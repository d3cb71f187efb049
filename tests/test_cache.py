"""The stage cache's own atomic write: whole files or none, folders made on demand."""

from __future__ import annotations

import os

import pytest

from pipeline import parquet
from pipeline.cache import Cache, Entry
from pipeline.parquet import write_bytes_atomic


def test_write_makes_the_folder_and_the_file(tmp_path):
    path = tmp_path / "a" / "b" / "x.pkl"
    write_bytes_atomic(path, b"one")
    write_bytes_atomic(path, b"two, longer")
    assert path.read_bytes() == b"two, longer"
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.pkl"]  # no temp file left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "x.pkl"
    write_bytes_atomic(path, b"old")

    def full(_fd, _data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(parquet.os, "write", full)
    with pytest.raises(OSError):
        write_bytes_atomic(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pkl"]


def test_short_writes_are_completed(tmp_path, monkeypatch):
    real = os.write
    monkeypatch.setattr(parquet.os, "write", lambda fd, data: real(fd, bytes(data[:3])))  # 3 bytes at a time
    path = tmp_path / "x.pkl"
    write_bytes_atomic(path, b"0123456789")
    monkeypatch.undo()
    assert path.read_bytes() == b"0123456789"


def test_cache_round_trip_through_missing_folders(tmp_path):
    cache = Cache(tmp_path / "out")
    entry = Entry("k1", {"rows": [1, 2, 3], "doc": "bulky text"})
    cache.put("dates", "doc1", entry)
    assert cache.get("dates", "doc1", "k1") == entry
    assert cache.get("dates", "doc1", "k2") is None
    assert cache.get("dates", "doc1", "k1", bulky=False).outputs == {"rows": [1, 2, 3]}
