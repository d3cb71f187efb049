"""docx_open.open_docx is docx.Document with the styles part cached by its bytes: same trees,
same text, same errors, also on damaged packages."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from benchmarks.render import render_docx
from benchmarks.report_spec import build_report
from extractors.core.records import ExtractionError
from pipeline.readers import docx as docx_reader
from pipeline.readers import docx_numbering, docx_open
from pipeline.readers.docx_numbering import Numbering, StylesCache
from tests.reference import normalize as reference


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _numbered() -> bytes:
    document = docx.Document()
    document.add_paragraph("目的", style="List Number")
    document.add_paragraph("過程", style="List Number")
    document.add_paragraph("重點", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "日期"
    table.cell(1, 1).text = "臺北"
    return _save(document)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _outcome(opener, data: bytes):
    """The three trees Numbering and the reader use, or the error (without the stream's address)."""
    try:
        document = opener(data)
        numbering = document.part.numbering_part.element
        return ("ok", etree.tostring(document.element), etree.tostring(numbering),
                etree.tostring(document.styles.element))
    except Exception as exc:  # noqa: BLE001 - comparing whatever each path raises
        return ("error", type(exc).__name__, re.sub(r" at 0x[0-9a-f]+", "", str(exc)))


def _read_old(data: bytes, monkeypatch) -> str | tuple[str, str]:
    with monkeypatch.context() as m:
        m.setattr(docx_reader, "open_docx", reference.open_docx)
        m.setattr(docx_numbering, "STYLES_CACHE", StylesCache(size=0))
        try:
            return docx_reader.read_docx(data).text
        except ExtractionError as error:
            return error.code, re.sub(r" at 0x[0-9a-f]+", "", str(error))


def _read_new(data: bytes) -> str | tuple[str, str]:
    try:
        return docx_reader.read_docx(data).text
    except ExtractionError as error:
        return error.code, re.sub(r" at 0x[0-9a-f]+", "", str(error))


SAMPLES = [_numbered()] + [render_docx(build_report(7, i)) for i in (3, 7, 11)]


@pytest.mark.parametrize("data", SAMPLES)
def test_open_docx_gives_python_docx_trees(data):
    assert _outcome(docx_open.open_docx, data) == _outcome(reference.open_docx, data)
    assert _outcome(docx_open.open_docx, data) == _outcome(docx_open.open_docx, data)  # a cache hit too


@pytest.mark.parametrize("data", SAMPLES)
def test_read_docx_text_is_unchanged(data, monkeypatch):
    old = _read_old(data, monkeypatch)
    assert isinstance(old, str) and old
    assert _read_new(data) == old
    assert _read_new(data) == old  # again, from the cached styles


def test_different_styles_bytes_are_not_confused():
    """Two packages whose styles differ only in one style's numbering get their own labels."""
    base = _members(_numbered())
    styles = base["word/styles.xml"]
    # the same document, with List Number's numbering taken away in the styles part only
    stripped = re.sub(rb'(<w:style [^>]*w:styleId="ListNumber".*?)<w:numPr>.*?</w:numPr>', rb"\1",
                      styles, count=1, flags=re.S)
    assert stripped != styles
    first = docx_reader.read_docx(_zip(base)).text
    second = docx_reader.read_docx(_zip({**base, "word/styles.xml": stripped})).text
    assert first.startswith("1. 目的")
    assert second.startswith("目的")
    assert docx_reader.read_docx(_zip(base)).text == first


def test_the_cache_is_bounded_and_forgets_style_tables():
    cache = StylesCache(size=2)
    trees = [cache.tree(b"<a%d/>" % i, etree.fromstring) for i in range(3)]
    assert cache.styles_of(trees[0]) is None  # evicted: read it afresh
    assert cache.styles_of(trees[2]) == ({}, {})
    assert cache.tree(b"<a2/>", etree.fromstring) is trees[2]
    assert cache.styles_of(etree.fromstring(b"<a2/>")) is None  # an equal tree it did not make


def test_numbering_from_a_cached_tree_matches_a_fresh_read():
    document = docx_open.open_docx(_numbered())
    cached = Numbering.from_document(document)
    fresh = Numbering()
    fresh._read_styles(document.styles.element)
    assert cached.style_parent == fresh.style_parent and cached.style_num == fresh.style_num
    assert cached.style_parent  # the default template's styles are based on others


BROKEN = {
    "styles_not_xml": lambda m: {**m, "word/styles.xml": b"<w:styles"},
    "settings_not_xml": lambda m: {**m, "word/settings.xml": b"not xml"},
    "no_styles_part": lambda m: {k: v for k, v in m.items() if k != "word/styles.xml"},
    "no_numbering_part": lambda m: {k: v for k, v in m.items() if k != "word/numbering.xml"},
    "no_document_part": lambda m: {k: v for k, v in m.items() if k != "word/document.xml"},
    "no_content_types": lambda m: {k: v for k, v in m.items() if k != "[Content_Types].xml"},
    "styles_rel_removed": lambda m: {**m, "word/_rels/document.xml.rels": re.sub(
        rb'<Relationship [^>]*relationships/styles"[^>]*/>', b"", m["word/_rels/document.xml.rels"])},
    "styles_typed_as_settings": lambda m: {**m, "[Content_Types].xml": m["[Content_Types].xml"].replace(
        b"wordprocessingml.styles+xml", b"wordprocessingml.settings+xml")},
    "document_is_a_template": lambda m: {**m, "[Content_Types].xml": m["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")},
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_damaged_packages_fail_or_read_as_before(name, monkeypatch):
    data = _zip(BROKEN[name](_members(_numbered())))
    assert _outcome(docx_open.open_docx, data) == _outcome(reference.open_docx, data)
    assert _read_new(data) == _read_old(data, monkeypatch)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_member_dropped_or_cut_gives_the_same_outcome(data):
    members = _members(_numbered())
    names = sorted(members)
    name = data.draw(st.sampled_from(names))
    cut = data.draw(st.one_of(st.none(), st.integers(0, len(members[name]))))
    changed = {k: v for k, v in members.items() if k != name} if cut is None else {**members, name: members[name][:cut]}
    package = _zip(changed)
    assert _outcome(docx_open.open_docx, package) == _outcome(reference.open_docx, package)


def _big_member_zip(body: bytes, crc_delta: int = 0) -> bytes:
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/styles.xml": body})
    if crc_delta:
        # change the CRC in the central directory entry only
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/styles.xml")
        at = data.rindex(b"PK\x01\x02")  # the last central entry is styles.xml
        crc = (info.CRC + crc_delta) & 0xFFFFFFFF
        data = data[: at + 16] + crc.to_bytes(4, "little") + data[at + 20 :]
    return data


def test_remembered_members_are_the_bytes_zipfile_reads():
    body = b"<w:styles>" + b"<w:style/>" * 20000 + b"</w:styles>"
    data = _big_member_zip(body)
    for _ in range(2):  # a miss, then a hit
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            read = docx_open._remembering_read(archive, data)
            assert read("word/styles.xml") == body
            assert read("[Content_Types].xml") == b"<Types/>"
            with pytest.raises(KeyError):
                read("word/missing.xml")
    assert any(blob == body for blob in docx_open._MEMBERS.values())


def test_a_member_that_fails_to_read_is_not_served_from_memory():
    body = b"<w:styles>" + b"<w:style/>" * 20000 + b"</w:styles>"
    good, bad_crc = _big_member_zip(body), _big_member_zip(body, crc_delta=1)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        assert docx_open._remembering_read(archive, good)("word/styles.xml") == body
    with zipfile.ZipFile(io.BytesIO(bad_crc)) as archive:
        with pytest.raises(zipfile.BadZipFile):
            docx_open._remembering_read(archive, bad_crc)("word/styles.xml")
    cut = bytearray(good)
    at = good.index(b"word/styles.xml") + len("word/styles.xml") + 40  # inside its compressed data
    cut[at] ^= 0xFF
    with zipfile.ZipFile(io.BytesIO(bytes(cut))) as archive:
        try:
            got = docx_open._remembering_read(archive, bytes(cut))("word/styles.xml")
        except (zipfile.BadZipFile, Exception) as exc:  # noqa: BLE001 - zlib.error or a CRC error
            got = type(exc)
        with zipfile.ZipFile(io.BytesIO(bytes(cut))) as plain:
            try:
                want = plain.read("word/styles.xml")
            except Exception as exc:  # noqa: BLE001
                want = type(exc)
        assert got == want and got != body


@pytest.mark.parametrize("data", SAMPLES[:2], ids=["numbered", "report"])
def test_a_python_docx_without_the_internals_open_docx_uses_still_reads(data, monkeypatch):
    """open_docx walks python-docx's internals; if a release renames them, docx.Document reads."""
    expected = _read_new(data)
    def renamed(*_args):  # what a release that renamed PhysPkgReader._zipf would raise
        raise AttributeError("'PhysPkgReader' object has no attribute '_zipf'")

    with monkeypatch.context() as m:
        m.setattr(docx_open, "_package_reader", renamed)
        assert _read_new(data) == expected
