"""The fast segmentation path gives exactly what the reference libraries give (jieba, spaCy;
the former forms are in tests/reference/mentions.py)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.util import get_words_and_spaces

from extractors.mentions.base import TextView
from extractors.mentions.nlp import words_and_spaces
from extractors.mentions.places import scan_places
from extractors.mentions.words import cutter, dictionary, segment, to_simplified, word_freq, word_tags
from tests.reference import mentions as reference

# Characters that exercise jieba's blocks: Han, Latin, digits, punctuation, whitespace.
ALPHABET = st.sampled_from(list("臺北市政府國際會議中華民國日本東京亞洲ABCabc123 .-_%#&+\t\n\r\u3000，。（）「」()、:：/é😀"))
TEXTS = st.lists(ALPHABET, max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_cutter_tokens_equal_jiebas_without_hmm(text):
    """Equal, or an exact tie between two cuttings of the same probability: jieba and
    jieba-rs break ties differently (華華華 -> 華華/華 or 華/華華)."""
    simple = to_simplified(text)
    ours, theirs = cutter().cut(simple, False), reference.segmenter().lcut(simple, HMM=False)
    if ours != theirs:
        assert "".join(ours) == "".join(theirs)
        assert math.isclose(route_score(ours), route_score(theirs), rel_tol=1e-12)


def route_score(tokens: list[str]) -> float:
    freq = reference.segmenter().dt.FREQ
    total = math.log(reference.segmenter().dt.total)
    return sum(math.log(freq.get(t) or 1) - total for t in tokens)


def test_cutter_tokens_equal_jiebas_on_report_text():
    text = ("本次奉派赴日本東京參加亞太經濟合作會議，並拜會經濟產業省及東京都政府，"
            "就智慧城市、能源轉型與中小企業數位化交換意見。113年3月4日抵達東京。")
    simple = to_simplified(text)
    assert cutter().cut(simple, False) == reference.segmenter().lcut(simple, HMM=False)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_segment_tiles_the_text(text):
    spans = segment(text)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(s < e for s, e in spans)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_words_and_spaces_equal_spacys(text):
    tokens = [text[s:e] for s, e in segment(text)]
    assert words_and_spaces(tokens) == get_words_and_spaces(tokens, text)


def test_words_and_spaces_cases():
    assert words_and_spaces(["臺北", " ", "會議"]) == (["臺北", "會議"], [True, False])
    assert words_and_spaces([" ", "臺北", " ", " ", "x"]) == ([" ", "臺北", " ", "x"], [False, True, False, False])
    assert words_and_spaces(["a", "\n", " "]) == (["a", "\n "], [False, False])


def test_added_word_reaches_both_dictionaries():
    from extractors.mentions.words import add_word

    word = "甲乙丙丁戊"
    add_word(word)
    assert segment("前往甲乙丙丁戊參訪") == [(0, 2), (2, 7), (7, 9)]


def test_places_found_after_long_runs_without_candidates():
    # The scan jumps over characters that begin no name; a name after a long run is still found.
    text = "xyz " * 500 + "赴日本東京"
    found = [text[s:e] for s, e, *_ in scan_places(TextView(text))]
    assert found == ["日本", "東京"]


def _latin_words():
    import re

    from extractors.core.gazetteer import load_gazetteer

    g = load_gazetteer()
    keys = sorted(k for k in g.places if not re.search(r"[\u3400-\u9fff]", k))
    return st.sampled_from(keys + ["the", "of", "New", "St.", "U.S.", "ROC", "x1", "會議"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_latin_words(), st.sampled_from(["lower", "upper", "title"]),
                          st.sampled_from([" ", "", ",", ".", "臺", "-"])), max_size=12))
def test_gazetteer_latin_scan_equals_the_whole_alternation(parts):
    from extractors.core.gazetteer import load_gazetteer

    text = "".join(getattr(word, case)() + sep for word, case, sep in parts)
    g = load_gazetteer()
    assert [m.span() for m in g.find_latin(text)] == [m.span() for m in g.latin_pattern.finditer(text)]


def test_a_document_over_a_million_characters_is_read_for_entities():
    # spaCy's default max_length (1,000,000) is for its parser and NER models, not ours.
    from extractors.core.doc import Doc
    from extractors.mentions.extract import extract_mentions

    text = "壹、目的\n" + "本團拜會日本外交部。" * 100_100 + "\n"
    rows = extract_mentions(Doc(doc_id="long", text=text))
    assert len(text) > 1_000_000
    assert sum(r.text == "日本外交部" and r.label == "ORG" for r in rows) == 100_100  # a country's ministry


NAME_TEXT = st.lists(st.sampled_from(list("ab A1 \n\t臺北x.")), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(NAME_TEXT, st.lists(st.sampled_from(list("ab A1 \n臺北x.")), max_size=5).map("".join))
def test_find_all_equals_one_regex_per_name(text, name):
    from extractors.mentions.select import find_all

    assert find_all(text, name) == reference.find_all(text, name)


def _place_pieces():
    from extractors.core.gazetteer import load_gazetteer

    keys = sorted(k for k in load_gazetteer().places if len(k) >= 2)[:400]
    return st.sampled_from(keys + ["的", "台北", "赴", " ", "，", "ｱ", "①", "\uf900", "ㄱ", "ㅏ", "e\u0301", "ﾞ", "㈱"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_place_pieces(), max_size=10).map("".join))
def test_find_places_equals_normalizing_every_slice(text):
    from extractors.core.gazetteer import find_places

    cjk = [(s, e, p.name) for s, e, p in find_places(text) if "\u3400" <= text[s] <= "\u9fff"]
    assert cjk == reference.find_places_per_slice(text)


def test_word_frequencies_equal_jiebas():
    """tripmine reads dict.txt itself; every word (user words too) has jieba's frequency."""
    freq, ours = reference.segmenter().dt.FREQ, dictionary().freq
    words = [w for w, f in freq.items() if f]
    assert len(words) > 300_000
    assert [w for w in words if ours.get(w, 0) != freq[w]] == []
    assert [w for w, f in freq.items() if not f and ours.get(w)] == []  # jieba's prefixes are not words


def test_word_tags_equal_jiebas_tagger():
    import jieba.posseg

    assert word_tags() == jieba.posseg.dt.word_tag_tab


def test_added_word_gets_jiebas_frequency():
    from extractors.mentions.words import add_word

    for word in ("丙丁戊己庚", "臺灣燈會", "經濟部"):
        expected = reference.segmenter().suggest_freq(to_simplified(word), tune=False)
        add_word(to_simplified(word))
        # jieba-rs computes jieba's formula in logarithms: the same number, or one less
        assert expected - 1 <= word_freq(word) <= expected
        assert cutter().cut(to_simplified("赴" + word + "參訪"), False)[1] == to_simplified(word)


def test_the_dictionary_table_equals_the_plain_tables():
    """Three fields a line is read by splitting; a file that breaks the rule (a line without a
    tag, a word with a space) by the line grammar; both equal the plain tables."""
    from extractors.mentions.words import Dictionary

    for text in ("臺北 20 ns\n會議 300 n\n會議 5 v\nAT&T 3 nz\n", "臺北 20 ns\n會議 300\nA B 3 nz\n東京 7 ns",
                 "甲 2 n\n\n乙丙 3 v\r\n丁 4 x\n"):
        table, (freq, tags) = Dictionary(text), reference.dictionary_tables(text)
        assert dict(table.freq.items()) == freq and dict(table.tags.items()) == tags
        assert table.freq.get("無此詞") is None and table.tags.get("無此詞", "x") == "x"
        table.add("新詞", 9)
        assert table.freq["新詞"] == 9 and "新詞" not in table.tags


def test_grammars_give_the_spacy_pipelines_candidates():
    from extractors.mentions.grammars import find_candidates

    text = ("本府文化局王大明局長率團赴日本東京參加「亞洲城市論壇」（Asia Cities Forum, ACF），"
            "拜會東京都政府及國際交流基金會，並與 Dr. John Smith 會談。" * 3)
    assert find_candidates(text) == reference.spacy_candidates(text)
