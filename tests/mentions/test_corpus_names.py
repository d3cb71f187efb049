"""Names learned across the corpus (extractors/mentions/corpus.py), on invented reports.

One report spells a name out (「全名」（English, ABBR）, a participant's agency cell, an
itinerary place); another writes it bare. The scan finds it there, and only where the
grammars' edges allow: not inside a longer word, not over a mention the document has,
never for a name too short or too generic to stand alone.
"""

from __future__ import annotations

from extractors.core.doc import doc_from_text
from extractors.core.records import MentionRow, SectionRow
from extractors.mentions.corpus import CorpusNames, find_corpus_mentions, squeeze


def taught(doc_id="a", label="ORG", name_zh=None, name_en=None, abbr=None, rule="bilingual.quoted_paren", at=0):
    return MentionRow(doc_id, None, label, name_zh or name_en or abbr, name_zh, name_en, abbr, None, None,
                      at, at + len(name_zh or name_en or abbr or ""), None, rule)


POLAR = taught(name_zh="北極熊保育聯盟", name_en="Polar Bear Conservation Alliance", abbr="PBCA")


def learned(*rows: MentionRow) -> CorpusNames:
    names = CorpusNames()
    names.learn(rows)
    names.prepare()
    return names


def found(names: CorpusNames, text: str, mentions=(), doc_id="b") -> list[tuple[str, str, str | None]]:
    doc = doc_from_text(text, doc_id)
    rows = names.find(doc, [MentionRow(doc_id, char_start=s, char_end=e, label="ORG", text=text[s:e])
                            for s, e in mentions])
    for row in rows:
        assert text[row.char_start : row.char_end] == row.text and row.rule == "corpus" and row.doc_id == doc_id
    return [(r.text, r.label, r.name_zh) for r in rows]


def test_a_triple_spelled_out_in_one_report_is_found_bare_in_another():
    text = "會後與PBCA代表及北極熊保育聯盟的專家座談，Polar Bear Conservation Alliance亦派員出席。"
    assert found(learned(POLAR), text) == [
        ("PBCA", "ORG", "北極熊保育聯盟"),
        ("北極熊保育聯盟", "ORG", "北極熊保育聯盟"),
        ("Polar Bear Conservation Alliance", "ORG", "北極熊保育聯盟"),
    ]


def test_the_found_mention_carries_every_name_of_the_triple():
    doc = doc_from_text("本次會晤PBCA執行長。", "b")
    (row,) = learned(POLAR).find(doc)
    assert (row.name_zh, row.name_en, row.abbr) == ("北極熊保育聯盟", "Polar Bear Conservation Alliance", "PBCA")


def test_a_name_inside_a_longer_latin_word_does_not_count():
    assert found(learned(POLAR), "參考PBCAX及XPBCA與PBCA2號文件，另見PBCA-wide規範。") == [("PBCA", "ORG", "北極熊保育聯盟")]


def test_a_name_inside_a_longer_chinese_word_does_not_count():
    """A truncated name (卡爾斯塔) is inside the longer word 卡爾斯塔德; whole, it counts."""
    names = learned(taught(label="PLACE", name_zh="卡爾斯塔", rule="itinerary"),
                    taught(label="PLACE", name_zh="瓦爾貝里", rule="itinerary"))
    assert found(names, "團員赴卡爾斯塔德參訪，再赴瓦爾貝里。") == [("瓦爾貝里", "PLACE", "瓦爾貝里")]


def test_a_connective_glued_before_the_name_does_not_hide_it():
    names = learned(taught(label="PLACE", name_zh="大阪府", rule="itinerary"))
    assert found(names, "於大阪府舉行") == [("大阪府", "PLACE", "大阪府")]


def test_an_existing_mention_wins_any_overlap():
    text = "參訪北極熊保育聯盟總部後，拜會PBCA。"
    start = text.index("北極熊")
    end = text.index("總部") + 2
    assert found(learned(POLAR), text, mentions=[(start, end)]) == [("PBCA", "ORG", "北極熊保育聯盟")]


def test_the_bracket_that_states_the_names_is_not_found_again():
    text = "參加「北極熊保育聯盟」（Polar Bear Conservation Alliance, PBCA）年會；PBCA會後發布聲明。"
    row = MentionRow("a", None, "ORG", "北極熊保育聯盟", "北極熊保育聯盟", "Polar Bear Conservation Alliance", "PBCA",
                     None, None, 3, 10, None, "bilingual.quoted_paren")
    doc = doc_from_text(text, "a")
    rows = learned(row).find(doc, [row])
    assert [(r.text, r.char_start) for r in rows] == [("PBCA", text.rindex("PBCA"))]


def test_short_and_generic_names_never_fire_bare():
    names = learned(
        taught(name_zh="歐盟", name_en="European Union", abbr="EU", rule="bilingual.zh_paren"),  # 2 characters
        taught(name_zh="秘書處", name_en="Secretariat", rule="bilingual.zh_paren"),  # generic, one English word
        taught(name_zh="訓練中心", name_en="Training Centre", rule="bilingual.zh_paren"),  # only common words
        taught(name_zh="本署", rule="orgs.own_unit+own"),  # deictic
        taught(name_zh="下屆會議", label="EVENT", rule="bilingual.quoted"),  # deictic
        taught(label="PERSON", name_zh="李", rule="participants"),
    )
    text = "歐盟與秘書處Secretariat於訓練中心討論本署提案及下屆會議，李先生出席。EU代表亦到場。"
    # The abbreviation stated with its full name is the one short form that fires.
    assert found(names, text) == [("EU", "ORG", "歐盟")]


def test_a_short_abbreviation_fires_only_when_stated_with_its_full_name():
    alone = learned(taught(name_zh=None, abbr="KB", rule="bilingual.zh_paren"))
    assert found(alone, "KB代表出席") == []


def test_a_grammar_that_is_not_precise_teaches_nothing():
    names = learned(taught(name_zh="卡爾斯塔德市政府", rule="orgs.suffix_named"))
    assert found(names, "拜會卡爾斯塔德市政府") == []


def test_two_labels_as_often_or_an_abbreviation_of_two_names_teach_nothing():
    names = learned(
        taught("a", "ORG", name_zh="翡翠灣研究所", name_en="Emerald Bay Institute", rule="bilingual.quoted_paren"),
        taught("b", "EVENT", name_zh="翡翠灣研究所", name_en="Emerald Bay Institute", rule="bilingual.quoted_paren"),
        taught("a", name_zh="海藻研究協會", name_en="Seaweed Research Society", abbr="SRS"),
        taught("b", name_zh="太陽能評估學會", name_en="Solar Rating Society", abbr="SRS"),
    )
    assert found(names, "翡翠灣研究所與SRS合作。") == []


def test_a_line_wrap_inside_a_chinese_name_is_still_found():
    text = "本次與北極熊保\n育聯盟討論合作"
    assert found(learned(POLAR), text) == [("北極熊保\n育聯盟", "ORG", "北極熊保育聯盟")]
    assert squeeze("北極熊保\n育聯盟 與  Polar\nBear") == "北極熊保育聯盟與 Polar Bear"


def test_participants_teach_their_agency_and_name_cells():
    names = learned(taught(name_zh="海岸巡防署北區分署", rule="participants.agency"),
                    taught(label="PERSON", name_zh="宋采蘋", rule="participants"))
    assert found(names, "由宋采蘋代表海岸巡防署北區分署報告。") == [
        ("宋采蘋", "PERSON", "宋采蘋"), ("海岸巡防署北區分署", "ORG", "海岸巡防署北區分署")]


def test_learning_order_does_not_change_the_answer():
    rows = [POLAR, taught("b", name_zh="北極熊保育聯盟", name_en="Polar Bear Alliance", abbr="PBCA"),
            taught("c", label="PLACE", name_zh="瓦爾貝里", rule="itinerary"),
            taught("d", label="EVENT", name_zh="瓦爾貝里", rule="bilingual.quoted"),
            taught("e", label="PLACE", name_zh="瓦爾貝里", rule="itinerary")]
    text = "瓦爾貝里與北極熊保育聯盟、PBCA"
    forward = learned(*rows).find(doc_from_text(text, "x"))
    assert forward == learned(*rows[::-1]).find(doc_from_text(text, "x"))
    assert [r.label for r in forward] == ["PLACE", "ORG"]  # two votes for PLACE; PBCA names two English forms


def test_the_whole_corpus_form_adds_rows_in_text_order_with_their_sections():
    a = doc_from_text("「北極熊保育聯盟」（Polar Bear Conservation Alliance, PBCA）", "a")
    b = doc_from_text("壹、目的\n拜會PBCA。\n", "b")
    defined = MentionRow("a", None, "ORG", "北極熊保育聯盟", "北極熊保育聯盟", "Polar Bear Conservation Alliance",
                         "PBCA", None, None, 1, 8, None, "bilingual.quoted_paren")
    later = MentionRow("b", None, "PLACE", "目的", char_start=2, char_end=4, rule="itinerary")
    sections = [SectionRow("b", "1", char_start=0, char_end=len(b.text))]
    rows = find_corpus_mentions([a, b], [defined, later], sections)
    assert [(r.doc_id, r.text, r.rule, r.section_path) for r in rows] == [
        ("a", "北極熊保育聯盟", "bilingual.quoted_paren", None),
        ("b", "目的", "itinerary", None),
        ("b", "PBCA", "corpus", "1"),
    ]


def test_squeezed_offsets_map_back_to_the_text():
    """Against a regex statement of the rule, on random mixes of Chinese, Latin and blanks."""
    import random
    import re

    from extractors.mentions.corpus import Squeezed

    rng = random.Random(15)
    for _ in range(2000):
        text = "".join(rng.choice(["中", "文", "a", "b", " ", "\n", "  ", "\t", " \n "]) for _ in range(rng.randint(0, 12)))
        view = Squeezed(text)
        assert view.text == re.sub(r"\s+", " ", re.sub(r"(?<=[中文])\s+(?=[中文])", "", text)).strip(), repr(text)
        for i, ch in enumerate(view.text):
            at = view.position(i)
            assert text[at] == ch or ch == " " and text[at].isspace(), (repr(text), i)
