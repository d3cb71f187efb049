"""The OpenDocument reader: text, headings, list and outline numbering, tables, checkboxes."""

from __future__ import annotations

import io
import zipfile

import pytest

from extractors.core.records import ExtractionError
from pipeline.readers import format_of, read_bytes
from pipeline.readers.odt import num_format, read_odt
from tests.fixtures.make_office import NS, STYLES, Body, package


def odt(body_xml: str, automatic: str = "", forms: str = "", styles: str = STYLES) -> bytes:
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f"<office:document-content {NS}><office:automatic-styles>{automatic}</office:automatic-styles>"
               f"<office:body><office:text>{forms}{body_xml}</office:text></office:body></office:document-content>")
    return package(content, styles)


def text_of(data: bytes) -> str:
    return read_odt(data).text


def test_odt_is_a_supported_format_read_through_the_dispatch():
    from pathlib import Path

    assert format_of(Path("報告.ODT")) == "odt"
    body = Body()
    body.paragraph("交通部觀光署出國報告")
    assert read_bytes(package(body.content()), "odt").text == "交通部觀光署出國報告"


def test_paragraphs_and_headings_come_in_body_order_a_blank_line_apart():
    xml = ('<text:h text:outline-level="1">一、目的</text:h><text:p>考察智慧觀光。</text:p>'
           '<text:p>第二段<text:span>有樣式</text:span>的文字。</text:p>')
    assert text_of(odt(xml)) == "一、目的\n\n考察智慧觀光。\n\n第二段有樣式的文字。"


def test_written_spaces_tabs_and_line_breaks_are_kept_but_markup_white_space_collapses():
    xml = ('<text:p>\n   聯絡人：王小明<text:s text:c="3"/>電話：02-2311<text:tab/>分機5<text:line-break/>'
           "第二行\n   接續</text:p>")
    assert text_of(odt(xml)) == "聯絡人：王小明   電話：02-2311\t分機5\n第二行 接續"


def test_notes_annotations_and_tracked_deletions_are_left_out():
    xml = ('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>刪掉的字</text:p>'
           '</text:deletion></text:changed-region></text:tracked-changes>'
           '<text:p>本署<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
           "<text:note-body><text:p>註腳內容</text:p></text:note-body></text:note>派員"
           "<office:annotation><text:p>審稿意見</text:p></office:annotation>出席。</text:p>")
    assert text_of(odt(xml)) == "本署派員出席。"


LISTS = (
    '<text:list-style style:name="Chinese">'
    '<text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>'
    '<text:list-level-style-number text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" '
    'style:num-suffix="）"/>'
    '<text:list-level-style-number text:level="3" style:num-format="1" style:num-suffix="."/>'
    "</text:list-style>"
    '<text:list-style style:name="Legal"><text:list-level-style-number text:level="1" style:num-format="1" '
    'style:num-suffix="."/><text:list-level-style-number text:level="2" style:num-format="1" '
    'text:display-levels="2" style:num-suffix=" "/></text:list-style>'
    '<text:list-style style:name="Dots"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/>'
    "</text:list-style>"
)


def item(text: str, inner: str = "") -> str:
    return f"<text:list-item><text:p>{text}</text:p>{inner}</text:list-item>"


def test_list_numbering_is_written_out_per_level_and_restarts_under_a_new_parent():
    inner = f'<text:list>{item("行前會議")}{item("抵達札幌")}</text:list>'
    deeper = f'<text:list><text:list-item><text:list>{item("參訪")}</text:list></text:list-item></text:list>'
    xml = (f'<text:list text:style-name="Chinese">{item("行程", inner)}{item("心得", inner)}'
           f'<text:list-item><text:p>建議</text:p>{deeper}</text:list-item></text:list>')
    lines = text_of(odt(xml, LISTS)).split("\n\n")
    assert lines[:7] == ["一、行程", "（一）行前會議", "（二）抵達札幌", "二、心得", "（一）行前會議", "（二）抵達札幌",
                         "三、建議"]
    assert lines[-1] == "1. 參訪"  # level 3 of the Chinese style: an item with no paragraph still counts


def test_a_list_restarts_unless_it_continues_and_start_values_override():
    xml = (f'<text:list text:style-name="Legal" xml:id="first">{item("甲")}{item("乙")}</text:list>'
           "<text:p>插入的段落</text:p>"
           f'<text:list text:style-name="Legal" text:continue-list="first">{item("丙")}</text:list>'
           f'<text:list text:style-name="Legal">{item("重新")}</text:list>'
           f'<text:list text:style-name="Legal" text:continue-numbering="true">'
           f'<text:list-item text:start-value="7"><text:p>七</text:p></text:list-item>{item("八")}</text:list>')
    assert text_of(odt(xml, LISTS)).split("\n\n") == ["1. 甲", "2. 乙", "插入的段落", "3. 丙", "1. 重新", "7. 七", "8. 八"]


def test_display_levels_show_the_parent_number_and_bullets_show_nothing():
    children = "<text:list>" + item("適用範圍") + item("名詞定義") + "</text:list>"
    xml = (f'<text:list text:style-name="Legal">{item("總則", children)}'
           f'</text:list><text:list text:style-name="Dots">{item("附件一")}{item("附件二")}</text:list>')
    assert text_of(odt(xml, LISTS)).split("\n\n") == ["1. 總則", "1.1 適用範圍", "1.2 名詞定義", "附件一", "附件二"]


def test_outline_numbered_headings_take_their_numbers_from_the_outline_style():
    styles = STYLES.replace(
        '<text:outline-level-style text:level="1" style:num-format=""/>',
        '<text:outline-level-style text:level="1" style:num-format="壹, 貳, 參, ..." style:num-suffix="、"/>',
    ).replace(
        '<text:outline-level-style text:level="2" style:num-format=""/>',
        '<text:outline-level-style text:level="2" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>',
    )
    xml = ('<text:h text:outline-level="1">目的</text:h><text:h text:outline-level="2">背景</text:h>'
           '<text:h text:outline-level="2">議程</text:h><text:h text:outline-level="1">過程</text:h>'
           '<text:h text:outline-level="2">拜會</text:h>'
           '<text:h text:outline-level="1" text:is-list-header="true">附錄</text:h>')
    assert text_of(odt(xml, styles=styles)).split("\n\n") == ["壹、目的", "一、背景", "二、議程", "貳、過程", "一、拜會", "附錄"]


def test_unknown_and_empty_number_formats():
    assert num_format("甲, 乙, 丙, ...") == "ideographTraditional"
    assert num_format("①, ②, ③, ...") == "decimalEnclosedCircle"
    assert num_format("Native Numbering") == "decimal"
    assert num_format(None) == "none"


def cell(text: str, attrs: str = "") -> str:
    return f"<table:table-cell{attrs}><text:p>{text}</text:p></table:table-cell>"


def test_tables_are_tab_rows_with_spanned_cells_written_once():
    rows = [
        cell("日期") + cell("地點") + cell("行程"),
        cell("5/21", ' table:number-rows-spanned="2"') + cell("臺北—東京") + cell("搭機"),
        "<table:covered-table-cell/>" + cell("東京") + cell("拜會國土交通省"),
        cell("備註", ' table:number-columns-spanned="2"') + "<table:covered-table-cell/>" + cell("無"),
    ]
    body = "".join(f"<table:table-row>{r}</table:table-row>" for r in rows)
    title = cell("出國行程表", ' table:number-columns-spanned="3"')
    xml = (f'<table:table><table:table-column table:number-columns-repeated="3"/>'
           f"<table:table-header-rows><table:table-row>{title}"
           "<table:covered-table-cell/><table:covered-table-cell/></table:table-row></table:table-header-rows>"
           f"{body}</table:table><text:p>表後文字</text:p>")
    assert text_of(odt(xml)) == ("出國行程表\n日期\t地點\t行程\n5/21\t臺北—東京\t搭機\n\t東京\t拜會國土交通省\n"
                                 "備註\t無\n\n表後文字")


def test_a_cell_joins_its_paragraphs_and_nested_lists_with_a_space():
    inner = f'<text:list text:style-name="Legal">{item("上午")}{item("下午")}</text:list>'
    xml = ("<table:table><table:table-row>"
           "<table:table-cell><text:p>第一天</text:p><text:p>(週一)</text:p></table:table-cell>"
           f"<table:table-cell>{inner}</table:table-cell></table:table-row></table:table>")
    assert text_of(odt(xml, LISTS)) == "第一天 (週一)\t1. 上午 2. 下午"


def test_checkbox_form_controls_and_legacy_checkbox_fields_become_filled_and_empty_boxes():
    body = Body()
    body.paragraph("出國類別：■考察 □訪問 □開會")
    assert text_of(package(body.content())) == "出國類別：■考察 □訪問 □開會"
    fields = Body(boxes="field")
    fields.paragraph("含附件：□是 ■否")
    assert text_of(package(fields.content())) == "含附件：□是 ■否"


def test_frames_text_boxes_and_section_contents_are_read():
    xml = ('<text:section text:name="封面"><text:p>出國報告（出國類別：考察）</text:p></text:section>'
           '<text:p><draw:frame><draw:text-box><text:p>審核：主任秘書</text:p></draw:text-box></draw:frame></text:p>')
    assert text_of(odt(xml)) == "出國報告（出國類別：考察）\n\n審核：主任秘書"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"PK\x03\x04 not really a zip", "corrupt_odt"),
        (b"", "empty_file"),
    ],
)
def test_broken_files_raise_a_coded_error(data, code):
    with pytest.raises(ExtractionError) as err:
        read_odt(data)
    assert err.value.code == code


def test_a_spreadsheet_saved_as_odt_is_named_for_what_it_is():
    content = (f'<?xml version="1.0"?><office:document-content {NS}><office:body><office:spreadsheet/>'
               "</office:body></office:document-content>")
    with pytest.raises(ExtractionError) as err:
        read_odt(package(content))
    assert err.value.code == "not_a_text_document" and "spreadsheet" in err.value.message


def test_a_password_protected_odt_says_so():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                    'xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
                    "</manifest:file-entry></manifest:manifest>")
        zf.writestr("content.xml", b"\x8f\x12 encrypted bytes")
    with pytest.raises(ExtractionError) as err:
        read_odt(buf.getvalue())
    assert err.value.code == "encrypted_odt"


def test_entities_in_the_xml_are_not_expanded():
    content = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY big "展開">]>'
               f"<office:document-content {NS}><office:body><office:text><text:p>前&big;後</text:p>"
               "</office:text></office:body></office:document-content>")
    assert "展開" not in text_of(package(content))
