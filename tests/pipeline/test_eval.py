"""pipeline eval: exact counts per area on tiny Parquet outputs and tiny gold files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from rapidfuzz import fuzz

from pipeline.eval import evaluate, format_report, read_gold
from pipeline.eval_match import match_one_to_one, names_match, normalize_name

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
LIST = pa.list_(pa.string())
S, D = pa.string(), pa.date32()
SCHEMAS = {
    "documents": pa.schema([("doc_id", S), ("source_path", S), ("source_format", S), ("status", S)]),
    "reports": pa.schema([("doc_id", S), ("title", S), ("category", S), ("trip_type", S), ("organizer", S),
                          ("contact_name", S), ("contact_phone", S), ("trip_start", D), ("trip_end", D),
                          ("destinations", LIST), ("report_date", D), ("has_attachment", pa.bool_())]),
    "participants": pa.schema([("doc_id", S), ("seq", pa.int32()), ("name", S), ("agency", S), ("unit", S),
                               ("job_title", S)]),
    "sections": pa.schema([("doc_id", S), ("section_path", S), ("level", pa.int8()), ("title", S), ("kind", S)]),
    "itinerary": pa.schema([("doc_id", S), ("seq", pa.int32()), ("date", D), ("places", LIST), ("activity", S)]),
    "mentions": pa.schema([("doc_id", S), ("label", S), ("text", S), ("name_zh", S), ("name_en", S), ("abbr", S),
                           ("char_start", pa.int64()), ("entity_id", S)]),
    "dates": pa.schema([("doc_id", S), ("text", S), ("start", D), ("end", D)]),
}


def write_out(out: Path, **tables: list[dict]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[name]), out / f"{name}.parquet")
    return out


def write_gold(folder: Path, *entries: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        (folder / (Path(entry["source"]).stem + ".json")).write_text(json.dumps(entry, ensure_ascii=False))
    return folder


def gold_entry(source: str = "010_a.txt", **areas) -> dict:
    entry = {"source": source, "reports": {}, "participants": [], "sections": [], "itinerary": [],
             "entities": [], "dates": []}
    entry.update(areas)
    return entry


def doc(doc_id: str = "d1", path: str = "010_a.txt", fmt: str = "txt", status: str = "ok") -> dict:
    return {"doc_id": doc_id, "source_path": path, "source_format": fmt, "status": status}


def run(tmp_path: Path, gold: dict | list[dict], **tables) -> dict:
    """Evaluate and return the overall scores as counts: {area: (tp, fp, fn)}."""
    entries = gold if isinstance(gold, list) else [gold]
    tables.setdefault("documents", [doc()])
    report = evaluate(write_out(tmp_path / "out", **tables), write_gold(tmp_path / "gold", *entries))
    return {name: (s.tp, s.fp, s.fn) for name, s in report.overall.items()}


def replace_chars(text: str, n: int) -> str:
    """``text`` with its first n characters replaced by characters it does not contain."""
    return "".join("ＸＹＺＷＶ"[i] for i in range(n)).lower() + text[n:]


# --- normalization -------------------------------------------------------------------------

NORMALIZE_CASES = [
    (" Dr. 「Jane  Doe」。", "janedoe"),
    ("ＵＣＬＧ ＡＳＰＡＣ", "uclgaspac"),
    ("Mrs.Smith", "smith"),
    ("ms. Lee,", "lee"),
    ("（臺北市政府）", "臺北市政府"),
    ("《國際論壇》—", "國際論壇"),
    ("『高雄』、", "高雄"),
    ("Mr. O'Neil", "oneil"),
    ("Mr Brown", "mrbrown"),  # no period: not a title
    (None, ""),
]


@pytest.mark.parametrize("text, expected", NORMALIZE_CASES)
def test_normalize_name(text, expected):
    assert normalize_name(text) == expected


NAME_CASES = [
    ("abcdefghijklm", "xbcdefghijklm", True),  # 13 chars, one substitution: ratio 92.3
    ("abcdefghijkl", "xbcdefghijkl", False),  # 12 chars, one substitution: ratio 91.7
    ("abc", "abd", False),
    ("臺中市政府", "臺中市政府", True),
    ("", "", False),
]


@pytest.mark.parametrize("a, b, expected", NAME_CASES)
def test_names_match(a, b, expected):
    assert names_match(a, b) is expected


def test_match_one_to_one_is_maximal_whatever_the_order():
    accepts = {("g1", "p1"), ("g1", "p2"), ("g2", "p1")}
    pairs = match_one_to_one(["g1", "g2"], ["p1", "p2"], lambda g, p: (g, p) in accepts)
    assert pairs == {0: 1, 1: 0}


# --- reports -------------------------------------------------------------------------------

REPORT_GOLD = {"title": "高雄市政府參加東京國際觀光博覽會報告書", "category": "考察", "organizer": "觀光局",
               "contact_phone": "(07)799-5678#123", "trip_start": "2019-10-22", "trip_end": "2019-10-27",
               "destinations": ["日本"], "destinations_optional": ["香港"], "has_attachment": False,
               "report_date": None}


def report_row(**values) -> dict:
    row = {"doc_id": "d1", "title": REPORT_GOLD["title"], "category": "考察", "organizer": "觀光局",
           "contact_phone": "07-7995678 ext 123", "trip_start": date(2019, 10, 22), "trip_end": date(2019, 10, 27),
           "destinations": ["日本"], "has_attachment": False, "report_date": date(2020, 1, 1)}
    row.update(values)
    return row


REPORT_CASES = [
    ({}, "reports", (8, 0, 0)),  # null gold report_date is ignored, a predicted one is no false find
    ({"category": "其他"}, "reports.category", (0, 1, 1)),
    ({"organizer": None}, "reports.organizer", (0, 0, 1)),
    ({"organizer": " 觀光局。"}, "reports.organizer", (1, 0, 0)),
    ({"contact_phone": "０７７９９５６７８１２３"}, "reports.contact_phone", (1, 0, 0)),
    ({"contact_phone": "07-7995678"}, "reports.contact_phone", (0, 1, 1)),
    ({"trip_end": date(2019, 10, 28)}, "reports.trip_end", (0, 1, 1)),
    ({"has_attachment": True}, "reports.has_attachment", (0, 1, 1)),
    ({"has_attachment": None}, "reports.has_attachment", (0, 0, 1)),
    ({"destinations": ["日本", "香港"]}, "reports.destinations", (1, 0, 0)),
    ({"destinations": [" 日本 "]}, "reports.destinations", (1, 0, 0)),
    ({"destinations": ["日本", "韓國"]}, "reports.destinations", (0, 1, 1)),
    ({"destinations": ["香港"]}, "reports.destinations", (0, 1, 1)),
    ({"destinations": []}, "reports.destinations", (0, 0, 1)),
]


@pytest.mark.parametrize("changes, area, counts", REPORT_CASES)
def test_report_fields(tmp_path, changes, area, counts):
    scores = run(tmp_path, gold_entry(reports=REPORT_GOLD), reports=[report_row(**changes)])
    assert scores[area] == counts


@pytest.mark.parametrize("n_changed, ratio, counts", [(1, 95.2, (1, 0, 0)), (2, 90.5, (0, 1, 1))])
def test_report_title_threshold(tmp_path, n_changed, ratio, counts):
    title = "臺南市政府赴荷蘭參訪水利建設暨國際論壇報告"
    assert fuzz.ratio(title, replace_chars(title, n_changed)) == pytest.approx(ratio, abs=0.05)
    gold = gold_entry(reports={"title": title})
    scores = run(tmp_path, gold, reports=[{"doc_id": "d1", "title": replace_chars(title, n_changed)}])
    assert scores["reports"] == counts


# --- participants --------------------------------------------------------------------------

PARTICIPANT_GOLD = [{"seq": 1, "name": "林志明", "agency": "新北市政府經濟發展局", "job_title": "科長"},
                    {"seq": 2, "name": "Dr. Anna Berg", "agency": "交通部", "job_title": "顧問"}]

PARTICIPANT_CASES = [
    # agency + unit together contain the gold agency; seq is not compared
    ([{"seq": 9, "name": "林志明", "agency": "新北市政府", "unit": "經濟發展局", "job_title": "科長"},
      {"seq": 2, "name": "anna berg", "agency": "交通部路政司", "unit": None, "job_title": "顧問"}], (2, 0, 0)),
    ([{"name": "林志明", "agency": "新北市政府經濟發展局", "job_title": "專員"}], (0, 1, 2)),
    ([{"name": "林志明", "agency": "經濟發展局", "job_title": "科長"}], (0, 1, 2)),
    # one predicted row hits one gold row only; the copy is a false find
    ([{"name": "林志明", "agency": "新北市政府經濟發展局", "job_title": "科長"}] * 2, (1, 1, 1)),
]


@pytest.mark.parametrize("rows, counts", PARTICIPANT_CASES)
def test_participants(tmp_path, rows, counts):
    rows = [{"doc_id": "d1", **r} for r in rows]
    assert run(tmp_path, gold_entry(participants=PARTICIPANT_GOLD), participants=rows)["participants"] == counts


# --- sections ------------------------------------------------------------------------------

SECTION_GOLD = [{"path": "1", "title": "計畫緣起", "kind": "purpose"},
                {"path": "2", "title": "考察行程與內容", "kind": "process"},
                {"path": "2.1", "title": "參訪阿姆斯特丹港務局"},  # 10 chars
                {"path": "2.1.1", "title": None},
                {"path": "2.1.1.1", "title": "第四層不計分"}]


def section_rows(**changes) -> list[dict]:
    rows = {"1": ("計畫緣起", "purpose"), "2": ("考察行程與內容", "process"), "2.1": ("參訪阿姆斯特丹港務局", None),
            "2.1.1": ("任何標題", None)}
    rows.update(changes)
    return [{"doc_id": "d1", "section_path": path, "level": path.count(".") + 1, "title": t, "kind": k}
            for path, (t, k) in rows.items() if t != "drop"]


SECTION_CASES = [
    ({}, (4, 0, 0)),
    ({"1": ("計畫緣起", "other")}, (3, 0, 1)),  # level-1 kind must be equal
    ({"2.1": ("參訪阿姆斯特丹港務處", None)}, (4, 0, 0)),  # 10 chars, one changed: ratio 90.0
    ({"2.1": ("參訪阿姆斯特丹港處", None)}, (3, 0, 1)),  # ratio 84.2; a gold path is no false find
    ({"2.1.1": (None, None)}, (4, 0, 0)),  # null gold title accepts any title, or none
    ({"3": ("附錄", "appendix"), "2.2": ("其他", None)}, (4, 2, 0)),
    ({"2.1.1.1": ("完全不同", None), "2.1.1.2": ("也不同", None)}, (4, 0, 0)),  # level 4: not scored
    ({"2.1": ("drop", None)}, (3, 0, 1)),
]


@pytest.mark.parametrize("changes, counts", SECTION_CASES)
def test_sections(tmp_path, changes, counts):
    assert run(tmp_path, gold_entry(sections=SECTION_GOLD), sections=section_rows(**changes))["sections"] == counts


def test_section_title_ratio_premises():
    assert fuzz.ratio("參訪阿姆斯特丹港務局", "參訪阿姆斯特丹港務處") == 90.0
    assert fuzz.ratio("參訪阿姆斯特丹港務局", "參訪阿姆斯特丹港處") < 90


# --- itinerary -----------------------------------------------------------------------------

ITINERARY_GOLD = [{"date": "2017-03-05", "places": ["桃園", "法蘭克福"], "activity": "搭機前往法蘭克福"},
                  {"date": "2017-03-06", "places": ["法蘭克福", "柏林"], "activity": "拜會德國聯邦交通部 討論軌道合作"}]


def itinerary_rows(**changes) -> list[dict]:
    rows = [{"doc_id": "d1", "date": date(2017, 3, 5), "places": ["桃園", "法蘭克福"], "activity": "搭機前往法蘭克福"},
            {"doc_id": "d1", "date": date(2017, 3, 6), "places": ["法蘭克福", " 柏林"],
             "activity": "拜會德國聯邦交通部討論軌道合作"}]
    rows[1].update(changes)
    return rows


ITINERARY_CASES = [
    ({}, (2, 0, 0)),
    ({"date": date(2017, 3, 7)}, (1, 1, 1)),
    ({"places": ["柏林", "法蘭克福"]}, (1, 1, 1)),  # order matters
    ({"activity": "拜會德國聯邦交通部討論軌道合作事宜"}, (2, 0, 0)),  # ratio 93.3
    ({"activity": "拜會德國聯邦交通部"}, (1, 1, 1)),
]


@pytest.mark.parametrize("changes, counts", ITINERARY_CASES)
def test_itinerary(tmp_path, changes, counts):
    scores = run(tmp_path, gold_entry(itinerary=ITINERARY_GOLD), itinerary=itinerary_rows(**changes))
    assert scores["itinerary"] == counts


def test_itinerary_extra_row_is_false_find(tmp_path):
    rows = itinerary_rows() + [{"doc_id": "d1", "date": date(2017, 3, 8), "places": ["柏林"], "activity": "返國"}]
    assert run(tmp_path, gold_entry(itinerary=ITINERARY_GOLD), itinerary=rows)["itinerary"] == (2, 1, 0)


# --- entities ------------------------------------------------------------------------------

ENTITY_GOLD = [
    {"labels": ["ORG"], "names": ["亞洲開發銀行", "Asian Development Bank", "ADB"], "key": "adb"},
    {"labels": ["ORG"], "names": ["經濟部"], "optional": True},
    {"labels": ["PERSON"], "names": ["Hiroshi Tanaka"], "key": "tanaka"},
    {"labels": ["EVENT", "ORG"], "names": ["亞太經濟合作會議", "APEC"], "key": "apec"},
    {"labels": ["PLACE"], "names": ["馬尼拉", "Manila"]},
]


def mention(text, label, entity_id=None, start=0, **names) -> dict:
    return {"doc_id": "d1", "label": label, "text": text, "entity_id": entity_id, "char_start": start, **names}


ENTITY_CASES = [
    # one entity, many names: the English name on a second mention of the same id finds it
    ([mention("亞銀", "ORG", "e1"), mention("該行", "ORG", "e1", 5, name_en="Asian Development Bank")],
     {"entities.ORG": (1, 0, 0)}),
    # without ids, label + text make the entity: two mentions of one text are one false find
    ([mention("亞銀", "ORG"), mention("亞銀", "ORG", start=9)], {"entities.ORG": (0, 1, 1)}),
    # a predicted entity matching an optional gold entity is no false find; a missed one no miss
    ([mention("經濟部", "ORG", "e2")], {"entities.ORG": (0, 0, 1)}),
    # wrong label: a miss under the gold label and a false find under the predicted one
    ([mention("馬尼拉", "ORG", "e3")], {"entities.PLACE": (0, 0, 1), "entities.ORG": (0, 1, 1)}),
    # a gold entity with several labels counts under its first one, whichever label found it
    ([mention("APEC", "ORG", "e4")], {"entities.EVENT": (1, 0, 0), "entities.ORG": (0, 0, 1)}),
    # names of 6+ characters match fuzzily (ratio 96.3), shorter ones exactly
    ([mention("Hiroshi Tanakaa", "PERSON", "p1"), mention("Manil", "PLACE", "g1")],
     {"entities.PERSON": (1, 0, 0), "entities.PLACE": (0, 1, 1)}),
    # an entity's label is its mentions' most common label
    ([mention("Manila", "PLACE", "g2"), mention("馬尼拉", "PLACE", "g2", 3), mention("馬尼拉市", "ORG", "g2", 6)],
     {"entities.PLACE": (1, 0, 0), "entities.ORG": (0, 0, 1)}),
]


@pytest.mark.parametrize("mentions, expected", ENTITY_CASES)
def test_entities(tmp_path, mentions, expected):
    scores = run(tmp_path, gold_entry(entities=ENTITY_GOLD), mentions=mentions)
    for area, counts in expected.items():
        assert scores[area] == counts
    assert scores["entities"] == tuple(sum(scores[f"entities.{label}"][i] for label in ("ORG", "PERSON", "PLACE",
                                                                                          "EVENT")) for i in range(3))


# --- dates ---------------------------------------------------------------------------------

DATE_GOLD = [{"text": "108年3月", "start": "2019-03-01", "end": "2019-03-31"},
             {"text": "3月5日", "start": "2019-03-05", "end": "2019-03-05"},
             {"text": "2019.3.5", "start": "2019-03-05", "end": "2019-03-05", "optional": True},
             {"text": "2030年", "start": "2030-01-01", "end": "2030-12-31", "optional": True}]


def date_row(start, end, text="x") -> dict:
    return {"doc_id": "d1", "text": text, "start": start, "end": end}


DATE_CASES = [
    ([date_row(date(2019, 3, 1), date(2019, 3, 31)), date_row(date(2019, 3, 5), date(2019, 3, 5)),
      date_row(date(2019, 3, 5), date(2019, 3, 5), "2019.3.5")], (2, 0, 0)),  # distinct intervals
    ([date_row(date(2030, 1, 1), date(2030, 12, 31))], (0, 0, 2)),  # optional: ignored
    ([date_row(date(2019, 3, 5), None), date_row(None, None)], (1, 0, 1)),  # no end: one day; no start: skip
    ([date_row(date(2019, 3, 1), date(2019, 3, 30))], (0, 1, 2)),
]


@pytest.mark.parametrize("rows, counts", DATE_CASES)
def test_dates(tmp_path, rows, counts):
    assert run(tmp_path, gold_entry(dates=DATE_GOLD), dates=rows)["dates"] == counts


# --- resolution ----------------------------------------------------------------------------

RESOLUTION_GOLD_A = [{"labels": ["ORG"], "names": ["世界衛生組織", "WHO"], "key": "who"},
                     {"labels": ["PERSON"], "names": ["陳建仁"], "key": "chen"},
                     {"labels": ["PLACE"], "names": ["日內瓦"]}]  # no key: not in resolution
RESOLUTION_GOLD_B = [{"labels": ["ORG"], "names": ["WHO"], "key": "who"}]


def resolution_mentions(who_b: str, chen: str) -> list[dict]:
    return [mention("世界衛生組織", "ORG", "E1", abbr="WHO"),
            mention("陳建仁", "PERSON", chen, 9),
            mention("日內瓦", "PLACE", "E1", 20),  # shares an id, but no key: ignored
            {**mention("WHO", "ORG", who_b), "doc_id": "d2"}]


RESOLUTION_CASES = [
    # observations: (who,A,世界衛生組織,E1) (who,A,who,E1) (chen,A,陳建仁,P) (who,B,who,...)
    ("E1", "P1", (3, 0, 0)),  # the three who observations share E1 across both documents
    ("E9", "P1", (1, 0, 2)),  # document B split off: two same-key pairs lost
    ("E1", "E1", (3, 3, 0)),  # chen merged into E1: three different-key pairs share an id
    ("E1", None, (3, 0, 0)),  # an unresolved mention shares nothing
]


@pytest.mark.parametrize("who_b, chen, counts", RESOLUTION_CASES)
def test_resolution_pairs_across_documents(tmp_path, who_b, chen, counts):
    gold = [gold_entry("020_a.txt", entities=RESOLUTION_GOLD_A), gold_entry("021_b.txt", entities=RESOLUTION_GOLD_B)]
    documents = [doc("d1", "020_a.txt"), doc("d2", "021_b.txt")]
    scores = run(tmp_path, gold, documents=documents, mentions=resolution_mentions(who_b, chen))
    assert scores["resolution"] == counts


def test_resolution_unresolved_mentions_recall_nothing(tmp_path):
    mentions = [mention("世界衛生組織", "ORG"), mention("WHO", "ORG", start=9)]
    assert run(tmp_path, gold_entry(entities=RESOLUTION_GOLD_A), mentions=mentions)["resolution"] == (0, 0, 1)


COUNTY = {"labels": ["ORG"], "names": ["美國加利福尼亞州洛杉磯郡政府"], "key": "la-county"}
COUNCIL = {"labels": ["ORG"], "names": ["美國加利福尼亞州洛杉磯郡政府議會"], "optional": True}  # ratio 93.3


@pytest.mark.parametrize("gold, counts", [([COUNTY, COUNCIL], (0, 0, 0)), ([COUNTY], (0, 0, 1))])
def test_resolution_prefers_exact_names_over_fuzzy(tmp_path, gold, counts):
    mentions = [mention(COUNTY["names"][0], "ORG", "A"), mention(COUNCIL["names"][0], "ORG", "B", 30)]
    assert run(tmp_path, gold_entry(entities=gold), mentions=mentions)["resolution"] == counts


# --- documents, tables, reporting ----------------------------------------------------------

FULL_GOLD = gold_entry("030_c.txt", reports={"trip_start": "2019-10-22", "organizer": "觀光局"},
                       participants=PARTICIPANT_GOLD, sections=SECTION_GOLD, itinerary=ITINERARY_GOLD,
                       entities=ENTITY_GOLD, dates=DATE_GOLD)
FULL_MISSES = {"reports": (0, 0, 2), "participants": (0, 0, 2), "sections": (0, 0, 4), "itinerary": (0, 0, 2),
               "entities": (0, 0, 4), "dates": (0, 0, 2), "resolution": (0, 0, 0)}


def test_missing_tables_score_as_misses(tmp_path):
    report = evaluate(write_out(tmp_path / "out", documents=[doc("d1", "030_c.pdf", "pdf")]),
                      write_gold(tmp_path / "gold", FULL_GOLD))
    assert {area: (s.tp, s.fp, s.fn) for area, s in report.overall.items() if area in FULL_MISSES} == FULL_MISSES
    assert report.missing_tables == ["reports", "participants", "sections", "itinerary", "mentions", "dates"]
    assert list(report.by_format) == ["pdf"]


def test_gold_without_document_is_scored_against_nothing(tmp_path):
    (tmp_path / "out").mkdir()
    report = evaluate(tmp_path / "out", write_gold(tmp_path / "gold", FULL_GOLD))
    assert report.unmatched_gold == ["030_c.txt"]
    assert "documents" in report.missing_tables
    assert list(report.by_format) == ["(none)"]
    assert (report.overall["sections"].tp, report.overall["sections"].fn) == (0, 4)


def test_documents_meet_gold_by_stem_in_any_format(tmp_path):
    documents = [doc("t1", "txt/030_c.txt", "txt"), doc("p1", "pdf/030_c.pdf", None),
                 doc("x1", "030_c.xyz", "xyz", status="skipped"), doc("o1", "031_other.txt")]
    rows = [{"doc_id": d, "date": date(2017, 3, 5), "places": ["桃園", "法蘭克福"], "activity": "搭機前往法蘭克福"}
            for d in ("t1", "p1", "o1")]
    report = evaluate(write_out(tmp_path / "out", documents=documents, itinerary=rows),
                      write_gold(tmp_path / "gold", FULL_GOLD))
    assert [(d.doc_id, d.source_format) for d in report.documents] == [("p1", "pdf"), ("t1", "txt")]
    assert {fmt: (a["itinerary"].tp, a["itinerary"].fn) for fmt, a in report.by_format.items()} == {
        "pdf": (1, 1), "txt": (1, 1)}
    assert (report.overall["itinerary"].tp, report.overall["itinerary"].fn) == (2, 2)


def test_table_as_folder_of_parts(tmp_path):
    out = write_out(tmp_path / "out", documents=[doc()])
    (out / "dates").mkdir()
    for i, row in enumerate([date_row(date(2019, 3, 1), date(2019, 3, 31)), date_row(date(2019, 3, 5), None)]):
        pq.write_table(pa.Table.from_pylist([row], schema=SCHEMAS["dates"]), out / "dates" / f"part-{i}.parquet")
    report = evaluate(out, write_gold(tmp_path / "gold", gold_entry(dates=DATE_GOLD)))
    assert (report.overall["dates"].tp, report.overall["dates"].fp, report.overall["dates"].fn) == (2, 0, 0)


def test_report_dict_and_text(tmp_path):
    out = write_out(tmp_path / "out", documents=[doc()], participants=[
        {"doc_id": "d1", "name": "林志明", "agency": "新北市政府經濟發展局", "job_title": "科長"},
        {"doc_id": "d1", "name": "王小華", "agency": "新北市政府", "job_title": "科員"}])
    report = evaluate(out, write_gold(tmp_path / "gold", gold_entry(participants=PARTICIPANT_GOLD)))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["overall"]["participants"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert data["by_format"]["txt"]["n_documents"] == 1
    assert data["documents"][0]["doc_id"] == "d1"
    text = format_report(report)
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines()[:12] if line.strip()}
    assert rows["participants"] == ["50.0", "50.0", "50.0", "1", "1", "1"]
    assert text.splitlines()[0] == "Overall (1 document)"
    assert "Missing tables (scored as empty): reports, sections" in text


# --- the real gold files -------------------------------------------------------------------

AREA_KEYS = {"participants": {"name", "agency", "job_title"}, "sections": {"path", "title"},
             "itinerary": {"date", "places", "activity"}, "entities": {"labels", "names"},
             "dates": {"text", "start", "end"}}
ALLOWED_LABELS = {"ORG", "PERSON", "PLACE", "EVENT"}


def test_real_gold_files_load_with_expected_keys():
    gold = read_gold(GOLD_DIR)
    assert len(gold) >= 2
    for entry in gold:
        assert set(entry) >= {"source", "reports", *AREA_KEYS}
        assert {"trip_start", "trip_end", "destinations"} <= set(entry["reports"])
        for area, keys in AREA_KEYS.items():
            assert entry[area], area
            for item in entry[area]:
                assert keys <= set(item), (area, item)
        for entity in entry["entities"]:
            assert set(entity["labels"]) <= ALLOWED_LABELS and entity["names"]
        for section in entry["sections"]:
            assert section.get("kind") or "." in section["path"]


def test_real_gold_against_itself_scores_perfectly(tmp_path):
    """Tables written straight from the gold score 100 in every area: the rules accept the truth."""
    tables: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    day = lambda text: date.fromisoformat(text) if text else None  # noqa: E731
    for n, entry in enumerate(read_gold(GOLD_DIR)):
        doc_id = f"d{n}"
        tables["documents"].append(doc(doc_id, entry["source"]))
        report = {k: v for k, v in entry["reports"].items() if k in SCHEMAS["reports"].names}
        tables["reports"].append({**report, "doc_id": doc_id, **{k: day(report.get(k)) for k in
                                                                  ("trip_start", "trip_end", "report_date")}})
        tables["participants"] += [{**p, "doc_id": doc_id} for p in entry["participants"]]
        tables["sections"] += [{"doc_id": doc_id, "section_path": s["path"], "title": s["title"],
                                "kind": s.get("kind")} for s in entry["sections"]]
        tables["itinerary"] += [{**i, "doc_id": doc_id, "date": day(i["date"])} for i in entry["itinerary"]]
        tables["dates"] += [{"doc_id": doc_id, "start": day(d["start"]), "end": day(d["end"])} for d in entry["dates"]]
        ids: dict[str, str] = {}  # a name keeps its first entity (the gold repeats a few names)
        for k, e in enumerate(sorted(entry["entities"], key=lambda e: not e.get("key"))):
            tables["mentions"] += [{"doc_id": doc_id, "label": e["labels"][0], "text": name,
                                    "entity_id": ids.setdefault(name, e.get("key") or f"{doc_id}-{k}")}
                                   for name in e["names"]]
    report = evaluate(write_out(tmp_path / "out", **tables), GOLD_DIR)
    imperfect = {a: (s.tp, s.fp, s.fn) for a, s in report.overall.items() if s.fp or s.fn}
    assert imperfect == {}
    assert report.overall["resolution"].tp > 0 and report.overall["entities"].tp > 0
