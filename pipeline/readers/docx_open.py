"""Opening a .docx faster than ``docx.Document``: the one place that uses python-docx's internals.

``docx.Document`` parses every part of the package for every file. Reports made from one
template carry the same large styles part (often 300 KB), and parsing it is most of the
cost of reading a small document. :func:`open_docx` takes python-docx's own loading steps
(``PackageReader.from_file``, ``Unmarshaller.unmarshal``) with two changes: a styles part
comes from ``docx_numbering.STYLES_CACHE`` (keyed by its exact bytes), and the larger zip
members are remembered by everything ``ZipFile.read`` reads them from.

Measured with ``benchmarks/docx_paths.py`` on the 50 .docx files of the 200-report
benchmark corpus: 7 ms per document against 19-24 ms with ``docx.Document``, about a
fifth of a docx document's whole pipeline time (see CHANGELOG). The Word reader
(``docx.py``) falls back to ``docx.Document`` on any exception here, so a python-docx
release that changes these internals costs speed, not output
(``tests/normalize/test_docx_open.py``).
"""

from __future__ import annotations

import io
import struct
import threading
import zipfile
from collections import OrderedDict


def _part_factory(partname, content_type, reltype, blob, package):
    """python-docx's PartFactory, except that a styles part comes from the styles cache."""
    from docx.opc.part import PartFactory
    from docx.parts.styles import StylesPart

    from pipeline.readers.docx_numbering import STYLES_CACHE

    selector = PartFactory.part_class_selector
    part_class = selector(content_type, reltype) if selector is not None else None
    if part_class is None:
        part_class = PartFactory.part_type_for.get(content_type, PartFactory.default_part_type)
    if part_class is StylesPart:
        from docx.oxml.parser import parse_xml

        return StylesPart(partname, content_type, STYLES_CACHE.tree(blob, parse_xml), package)
    return PartFactory(partname, content_type, reltype, blob, package)


_MEMBERS: OrderedDict[tuple, bytes] = OrderedDict()
_MEMBERS_KEPT = 8
_MEMBER_MIN, _MEMBER_MAX = 1 << 16, 1 << 22  # sizes (uncompressed) worth remembering
_MEMBERS_LOCK = threading.Lock()


def _remembering_read(archive: zipfile.ZipFile, data: bytes):
    """``archive.read``, remembering the larger members by everything it reads them from.

    ``ZipFile.read`` depends only on the member's directory entry (flags, names,
    method, sizes, CRC), the archive's name encoding and the bytes from the member's
    local header to the end of its compressed data; with all of these in the key, a
    hit is the bytes that reading would give. Only successful reads are kept. A .docx
    made from a template carries the same large styles parts as its siblings.
    """
    plain = archive.read

    def read(name, pwd=None):
        info = archive.NameToInfo.get(name) if pwd is None and isinstance(name, str) else None
        if info is None or not _MEMBER_MIN <= info.file_size <= _MEMBER_MAX or info.flag_bits & 0x1:
            return plain(name, pwd)
        start = info.header_offset
        header = data[start : start + 30]
        if len(header) != 30:
            return plain(name, pwd)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        raw = data[start : start + 30 + name_length + extra_length + info.compress_size]
        key = (raw, info.flag_bits, info.orig_filename, info.compress_type, info.compress_size, info.file_size,
               info.CRC, archive.metadata_encoding)
        with _MEMBERS_LOCK:
            blob = _MEMBERS.get(key)
            if blob is not None:
                _MEMBERS.move_to_end(key)
                return blob
        blob = plain(name, pwd)
        with _MEMBERS_LOCK:
            _MEMBERS[key] = blob
            while len(_MEMBERS) > _MEMBERS_KEPT:
                _MEMBERS.popitem(last=False)
        return blob

    return read


def _package_reader(data: bytes, stream: io.BytesIO):
    """``PackageReader.from_file(stream)``, step by step, with the remembering member read."""
    from docx.opc.packuri import PACKAGE_URI
    from docx.opc.phys_pkg import PhysPkgReader
    from docx.opc.pkgreader import PackageReader, _ContentTypeMap

    phys_reader = PhysPkgReader(stream)
    phys_reader._zipf.read = _remembering_read(phys_reader._zipf, data)
    content_types = _ContentTypeMap.from_xml(phys_reader.content_types_xml)
    pkg_srels = PackageReader._srels_for(phys_reader, PACKAGE_URI)
    sparts = PackageReader._load_serialized_parts(phys_reader, pkg_srels, content_types)
    phys_reader.close()
    return PackageReader(content_types, pkg_srels, sparts)


def open_docx(data: bytes):
    """``docx.Document(io.BytesIO(data))``, the same steps and errors, with styles parts cached."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.package import Unmarshaller
    from docx.package import Package

    stream = io.BytesIO(data)
    package = Package()
    Unmarshaller.unmarshal(_package_reader(data, stream), package, _part_factory)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        tmpl = "file '%s' is not a Word file, content type is '%s'"
        raise ValueError(tmpl % (stream, document_part.content_type))
    return document_part.document
