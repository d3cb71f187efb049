"""Section trees on hostile layouts (issue 18): a flat body followed by a longer appendix that
restarts the same numbering keeps the body; many restarts stay linear."""

from __future__ import annotations

import time

from extractors.core.doc import doc_from_text
from extractors.sections.tree import extract_sections

NUMERALS = "一二三四五六七八九十"


def test_a_flat_body_followed_by_a_longer_appendix_keeps_the_body():
    body = [f"{NUMERALS[k]}、第{k + 1}項考察重點\n" + "本項說明考察所見與建議事項。" * 4 for k in range(8)]
    appendix = ["附件：合作備忘錄全文"] + [
        f"{NUMERALS[k]}、備忘錄條款{k + 1}\n" + "雙方同意就本條款所列事項進行交流與合作，並定期檢討執行情形。" * 30
        for k in range(3)
    ]
    doc = doc_from_text("\n\n".join(body + appendix) + "\n")
    rows = extract_sections(doc)
    titles = [row.title for row in rows]
    assert [row.section_path for row in rows][:8] == [str(k) for k in range(1, 9)], titles
    assert titles[0] == "第1項考察重點"


def test_a_numbered_summary_before_a_longer_body_is_still_dropped():
    summary = [f"{NUMERALS[k]}、摘要重點{k + 1}" for k in range(3)]
    body = [f"{NUMERALS[k]}、正文第{k + 1}節\n" + "本節詳述考察經過與心得。" * 20 for k in range(6)]
    rows = extract_sections(doc_from_text("\n\n".join(summary + body) + "\n"))
    assert [row.title for row in rows] == [f"正文第{k + 1}節" for k in range(6)]


def test_ten_thousand_headings_with_restarts_stay_linear():
    lines = [f"{NUMERALS[k % 3]}、事項{k}\n內容。" for k in range(10_000)]
    doc = doc_from_text("\n\n".join(lines) + "\n")
    started = time.process_time()
    rows = extract_sections(doc)
    assert time.process_time() - started < 5.0
    assert rows
