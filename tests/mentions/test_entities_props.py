"""Properties and plumbing: exact spans on arbitrary text, the saved spaCy pipeline,
sections, participants, itinerary, the learned dictionary."""

from __future__ import annotations

import os
from datetime import date

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.core.doc import doc_from_text
from extractors.core.records import ItineraryRow, MentionRow, ParticipantRow, SectionRow
from extractors.mentions.extract import EntitySettings, extract_mentions, learn_names
from extractors.mentions.nlp import build_nlp

FRAGMENTS = [
    "「", "」", "（", "）", "(", ")", "『", "』", "“", "”", "，", "、", "。", "：", " ", "\n", "\n\n", "\t",
    "協會", "委員會", "政府", "市政府", "局", "處", "大學", "公司", "會議", "論壇", "博覽會", "獎",
    "秘書長", "市長", "副執行長", "主席", "本府", "本部", "文化局", "與", "及", "參加", "拜會",
    "王", "陳", "林", "明", "華", "日本", "東京", "法國", "巴黎", "臺北", "美國",
    "Mr. ", "Dr. ", "(H.C.) ", "Ir. ", ", MT", "John", "Smith", "Council", "Forum", "Meeting", "UN", "WHO",
    "Association of", "Asia", "Pacific", "-", "2018", "第 3 屆", "（以下簡稱", "年", "月",
    "·", "‧", "約翰", "大臣", "聯絡人：", "姓名/職稱 ", "經濟部", "行政院", "科", "大學", "銀行", "暨", "區",
    "東亞", "及", "城", "墨西哥", "（", "Ms.", "Prof.", "Tan Sri ", "bin ", "Dato' ", "\u3000",
]

text_strategy = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可她裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長知民樣現分將外但身些與高意進把法此實回二理美點月明其種聲全工己話兒者向情部正名定女問力機給等幾很業最間新什打便位因重被走電四第門相次東政海口使教西再平真聽世氣信北少關並內加化由卻代軍產入先山五太水萬市眼體別處總才場師書比住員九笑性通目華報立馬命張活難神數件安表原車白應路期叫死常提感金何更反合放做系計或司利受光王果親界及今京務制解各任至清物臺特", min_size=1, max_size=4)),
    min_size=1, max_size=40,
).map("".join)


@settings(max_examples=int(os.environ.get("ENTITY_EXAMPLES", "80")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_every_mention_is_an_exact_span(text):
    doc = doc_from_text(text)
    for row in extract_mentions(doc, settings=EntitySettings(use_spacy=False)):
        assert 0 <= row.char_start < row.char_end <= len(text)
        assert doc.text[row.char_start : row.char_end] == row.text
        assert row.label in ("ORG", "PERSON", "PLACE", "EVENT")
        assert row.entity_id is None and row.rule


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_spacy_path_matches_plain_grammars(text):
    """The stage runs the grammars without spaCy; inside the spaCy pipeline they give the same rows."""
    doc = doc_from_text(text)
    assert extract_mentions(doc) == extract_mentions(doc, settings=EntitySettings(use_spacy=True))


def test_pipeline_saves_and_loads(tmp_path):
    nlp = build_nlp()
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert loaded.pipe_names == nlp.pipe_names == ["tripmine_entities"]
    text = "由「國際貨幣基金組織」（International Monetary Fund, IMF）總裁 Ms. Kristalina Georgieva 主持。"
    doc = loaded(text)
    found = {(f.label, text[f.start : f.end]) for f in doc._.found}
    assert ("ORG", "國際貨幣基金組織") in found
    assert ("PERSON", "Kristalina Georgieva") in found
    assert [(span.label_, span.text) for span in doc.spans["mentions"]] == [
        ("ORG", "國際貨幣基金組織"), ("PERSON", "Kristalina Georgieva")]
    assert [t.text for t in loaded.tokenizer("臺北市政府")] == [t.text for t in nlp.tokenizer("臺北市政府")]


def test_section_path_is_the_innermost_section():
    text = "壹、目的\n拜會「亞洲開發銀行」（ADB）。\n貳、過程\n一、會議\n出席「世界銀行」（World Bank）年會。"
    sections = [
        SectionRow(doc_id="t", section_path="1", level=1, char_start=0, char_end=text.index("貳")),
        SectionRow(doc_id="t", section_path="2", level=1, char_start=text.index("貳"), char_end=len(text)),
        SectionRow(doc_id="t", section_path="2.1", level=2, char_start=text.index("一、"), char_end=len(text)),
    ]
    paths = {r.text: r.section_path for r in extract_mentions(doc_from_text(text), sections)}
    assert paths["亞洲開發銀行"] == "1"
    assert paths["世界銀行"] == "2.1"


def test_participants_become_people_with_role_and_affiliation():
    text = "出國人員：王小明\n聯絡人：王小明"
    rows = [ParticipantRow(doc_id="t", seq=1, name="王小明", agency="高雄市政府經濟發展局", job_title="科長"),
            ParticipantRow(doc_id="t", seq=2, name="不在文中", agency="某機關", job_title="科員")]
    people = [r for r in extract_mentions(doc_from_text(text), participants=rows) if r.label == "PERSON"]
    assert [(p.text, p.role, p.affiliation, p.char_start) for p in people] == [
        ("王小明", "科長", "高雄市政府經濟發展局", 5), ("王小明", "科長", "高雄市政府經濟發展局", 13)]


def test_itinerary_places_are_places():
    line = "2019.3.4\t臺北—胡志明市—芹苴\t搭機前往芹苴"
    text = "行程表\n" + line
    row = ItineraryRow(doc_id="t", seq=1, date=date(2019, 3, 4), places=["臺北", "胡志明市", "芹苴"],
                       char_start=text.index("2019"), char_end=len(text))
    places = [(r.text, r.char_start) for r in extract_mentions(doc_from_text(text), itinerary=[row])
              if r.label == "PLACE"]
    assert ("芹苴", text.index("芹苴")) in places
    assert ("臺北", text.index("臺北")) in places


def test_names_a_document_introduces_are_repeated():
    text = "參加「東亞城市韌性組織」（East Asian Urban Resilience Organization, EAURO）年會。EAURO 秘書長 Dr. Indra Pradana 致詞。"
    rows = extract_mentions(doc_from_text(text))
    short = [r for r in rows if r.text == "EAURO" and r.rule == "repeat"]
    assert short and short[0].label == "ORG" and short[0].name_zh == "東亞城市韌性組織"
    person = next(r for r in rows if r.label == "PERSON")
    assert (person.text, person.role, person.affiliation) == ("Indra Pradana", "秘書長", "EAURO")


def test_people_named_once_are_found_again():
    text = "由交通部部長林佳龍致詞。會後林佳龍表示，將與 Dr. Maria Lopez 合作；Maria Lopez 亦同意。"
    rows = [r for r in extract_mentions(doc_from_text(text)) if r.label == "PERSON"]
    assert [(r.text, r.rule) for r in rows] == [
        ("林佳龍", "people.title_zh"), ("林佳龍", "repeat"), ("Maria Lopez", "people.honorific"),
        ("Maria Lopez", "repeat")]


def test_short_romanized_name_carries_the_full_name():
    text = "與「世界銀行」資深顧問 Mr. David Brown 會談，Mr. Brown 表示支持。"
    people = [r for r in extract_mentions(doc_from_text(text)) if r.label == "PERSON"]
    assert {(p.text, p.name_en) for p in people} == {("David Brown", "David Brown"), ("Brown", "David Brown")}


def test_learn_names_is_sorted_and_order_free():
    rows = [
        MentionRow(doc_id="a", label="ORG", text="乙協會", name_zh="乙協會", rule="bilingual.quoted_paren"),
        MentionRow(doc_id="a", label="EVENT", text="甲論壇", name_zh="甲論壇", rule="bilingual.quoted"),
        MentionRow(doc_id="a", label="PERSON", text="王小明", name_zh="王小明", rule="people.title_zh"),
        MentionRow(doc_id="a", label="ORG", text="本府", name_zh="本府", rule="orgs.own_unit"),
    ]
    assert learn_names(rows) == learn_names(rows[::-1]) == (("乙協會", "ORG"), ("甲論壇", "EVENT"))


def test_known_names_do_not_change_exact_offsets():
    text = "與「南方城市聯盟」（Southern Cities Alliance, SCA）合作，SCA 並派員出席。"
    plain = extract_mentions(doc_from_text(text))
    learned = extract_mentions(doc_from_text(text), settings=EntitySettings(known_names=learn_names(plain)))
    assert [(r.label, r.text, r.char_start) for r in learned] == [(r.label, r.text, r.char_start) for r in plain]


def test_known_names_are_found_in_a_document_that_never_spells_them_out():
    known = (("南方城市聯盟", "ORG"),)
    text = "本處同仁與南方城市聯盟秘書長會面。"
    assert not any(r.text == "南方城市聯盟" for r in extract_mentions(doc_from_text(text)))
    rows = extract_mentions(doc_from_text(text), settings=EntitySettings(known_names=known))
    assert [(r.label, r.text, r.rule) for r in rows if r.text == "南方城市聯盟"] == [("ORG", "南方城市聯盟", "corpus")]
