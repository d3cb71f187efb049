"""Word footnotes and endnotes are text: they follow the body, as a converter prints them."""

from __future__ import annotations

import io
import re
import zipfile

import docx

from pipeline.readers.docx import read_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def notes_xml(notes: list[str]) -> bytes:
    items = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for k, text in enumerate(notes, start=1):
        items.append(f'<w:footnote w:id="{k}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>')
    return f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W_NS}">{"".join(items)}</w:footnotes>'.encode()


def with_footnotes(body: list[str], notes: list[str], *, part: bytes | None = None) -> bytes:
    document = docx.Document()
    for text in body:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/word/footnotes.xml" ContentType="{CT}"/></Types>'.encode())
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdFn" Type="{REL}" Target="footnotes.xml"/></Relationships>'.encode())
            elif item.filename == "word/document.xml":
                data = re.sub(rb"(</w:t></w:r>)", rb'\1<w:r><w:footnoteReference w:id="1"/></w:r>', data, count=1)
            dst.writestr(item, data)
        dst.writestr("word/footnotes.xml", part if part is not None else notes_xml(notes))
    return out.getvalue()


def test_footnotes_follow_the_body():
    data = with_footnotes(["本會代表出席年會。", "會後拜會主辦單位。"], ["與會經濟體名單詳附件二。", "主辦單位為韓國海洋水產部。"])
    text = read_docx(data).text
    assert text.index("會後拜會主辦單位。") < text.index("與會經濟體名單詳附件二。") < text.index("主辦單位為韓國海洋水產部。")
    assert "separator" not in text


def test_a_damaged_notes_part_costs_only_the_notes():
    data = with_footnotes(["本局派員考察港埠設施。"], [], part=b"<w:footnotes><broken")
    assert read_docx(data).text.strip() == "本局派員考察港埠設施。"
