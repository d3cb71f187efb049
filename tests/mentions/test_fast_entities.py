"""The entity stage's fast paths give exactly what the straightforward code gave: each test
compares with the former algorithm (tests/reference/mentions.py) on generated inputs."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.core.gazetteer import load_gazetteer
from extractors.core.records import SectionRow
from extractors.mentions.base import (
    FULL_WIDTH,
    STABLE,
    Found,
    TextView,
    finditer_from,
    literal_trie,
    nfkc_text,
    read_words,
    suffix_pattern,
    zh_head,
)
from extractors.mentions.bilingual import EN_PHRASE, PAREN, english_phrase_at_end, paren_matches
from extractors.mentions.extract import SectionIndex
from extractors.mentions.orgs import (
    EN_NAME,
    EN_NAME_START,
    find_word_orgs,
)
from extractors.mentions.people import (
    CAPS_BEFORE,
    COVER_NAME,
    LOWER,
    UPPER,
    honorific_starts,
    may_end_capitals,
    patterns,
)
from extractors.mentions.places import (
    scan_places,
)
from extractors.mentions.select import Compact, Occupied
from extractors.mentions.words import cutter, segment, simplifier, to_simplified, token_ends
from tests.reference import mentions as reference


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group()) for m in pattern.finditer(text)]


def same_everywhere(old: re.Pattern[str], new: re.Pattern[str], text: str) -> None:
    assert spans(old, text) == spans(new, text)
    assert bool(old.fullmatch(text)) == bool(new.fullmatch(text))
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            a, b = old.match(text, start, end), new.match(text, start, end)
            assert (a.span() if a else None) == (b.span() if b else None)


WORDS = st.lists(st.text(alphabet="abcab主任委員會長", min_size=1, max_size=5), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.text(alphabet="abc主任委員會長x .", max_size=14))
def test_literal_trie_equals_the_longest_first_alternation(words, text):
    same_everywhere(re.compile(f"(?:{reference.alternation(words)})"), re.compile(f"(?:{literal_trie(words)})"), text)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.text(alphabet="abc主任委員會長x .", max_size=14))
def test_literal_trie_with_tails_and_backtracking(words, text):
    """A tail that may fail (a letter must not follow) and a pattern that continues after
    the words, so a shorter word is tried on backtracking, in the same order."""
    def tail(w):
        return "(?![a-c])" if w[-1] in "ab" else ""

    old = re.compile(f"(?:(?:{reference.alternation(words, tail)})[ .]?)+(?P<rest>c+|x)")
    new = re.compile(f"(?:(?:{literal_trie(words, tail)})[ .]?)+(?P<rest>c+|x)")
    assert [(m.span(), m.span("rest")) for m in old.finditer(text)] == \
        [(m.span(), m.span("rest")) for m in new.finditer(text)]
    same_everywhere(old, new, text)


def test_literal_trie_of_the_lexicons_matches_each_word_whole():
    titles = [w for w, _ in read_words("titles_zh.txt")]
    pattern = patterns()["title"]
    for word in titles:
        assert pattern.fullmatch(word)
        assert pattern.match(word + "王").group() == word or len(pattern.match(word + "王").group()) > len(word)
    assert pattern.match("副秘書長王").group() == "副秘書長"
    assert literal_trie([]) == "(?!)"


HON_PIECES = st.sampled_from(["Mr.", "Dr. ", "Prof.", "Prof", "Mrs", "Dato'", "Tan Sri ", "(H.C.) ", "Ir.", "Mister",
                              "Jane", " Doe", " Lee", "\n", " ", "x", "Smith", "王", "（", "de ", "Sir", "Sirius"])


@settings(max_examples=400, deadline=None)
@given(st.lists(HON_PIECES, max_size=12).map("".join))
def test_honored_names_from_the_first_characters_equal_finditer(text):
    honored = patterns()["honored"]
    hon = reference.alternation([w for w, _ in read_words("honorifics_en.txt")],
                      lambda w: rf"(?![{UPPER}{LOWER}])" if w[-1].isalpha() else "")
    former = re.compile(honored.pattern.replace(patterns_hon(), hon))
    assert former.pattern != honored.pattern
    expected = [(m.span(), m.span("name")) for m in former.finditer(text)]
    assert [(m.span(), m.span("name")) for m in honored.finditer(text)] == expected
    assert [(m.span(), m.span("name")) for m in finditer_from(honored, honorific_starts(), text)] == expected


def patterns_hon() -> str:
    from extractors.mentions.people import honorific_alternation

    return honorific_alternation()


COVER_PIECES = st.sampled_from(["聯絡人", "出國人員", "出國人", "姓名", "/", "職稱", " ", "\t", "：", ":", "王", "\n", "員"])


@settings(max_examples=400, deadline=None)
@given(st.lists(COVER_PIECES, max_size=12).map("".join))
def test_cover_name_pattern_equals_the_grouped_one(text):
    assert spans(reference.COVER_NAME, text) == spans(COVER_NAME, text)


def section(start, end, path) -> SectionRow:
    return SectionRow(doc_id="d", section_path=path, level=1, marker=None, title=None, kind=None, text=None,
                      char_start=start, char_end=end, page=None)


SECTIONS = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 40)).map(lambda t: (min(t), max(t))) | st.just((None, None)),
    max_size=8,
).map(lambda xs: [section(s, e, f"s{i}") for i, (s, e) in enumerate(xs)])


@settings(max_examples=400, deadline=None)
@given(SECTIONS, st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=20))
def test_section_index_equals_the_scan(sections, mentions):
    index = SectionIndex(sections)
    for start, end in mentions:
        assert index(start, end) == reference.section_of(start, end, sections)


def test_section_index_prefers_the_innermost_and_the_last_of_equals():
    sections = [section(0, 100, "a"), section(10, 50, "b"), section(10, 50, "c"), section(60, 70, "d")]
    index = SectionIndex(sections)
    assert index(12, 20) == "c"
    assert index(45, 65) == "a"
    assert index(60, 70) == "d"
    assert index(100, 101) is None


NFKC_ALPHABET = st.sampled_from(list(
    "aAe1 .,\n臺北市中國「」、。《》【】□■，（）：；－ＡＢａ０"  # report text, full-width forms
    "\u0301\u0338\u3099\u309a\u302a"  # combining marks, kana voicing marks, an ideographic tone mark
    "\u1100\u1161\u11a8\uac00\u3131"  # Hangul jamo and a syllable that compose
    "\u0bc6\u0bbe\u0dd9\u0dcf"  # vowel signs of combining class 0 that compose
    "\uf900\u2026\u3231\ufb01\u00bd\u3000\u2460\u1e9b\u0323"  # compatibility forms, a reordering pair
))


@settings(max_examples=1500, deadline=None)
@given(st.lists(NFKC_ALPHABET, max_size=30).map("".join))
def test_nfkc_text_equals_unicodedata(text):
    assert nfkc_text(text) == unicodedata.normalize("NFKC", text)


def test_stable_characters_have_a_normalization_boundary_before_them():
    """Each character the fast NFKC leaves alone has no decomposition, combining class 0,
    and is never the second character of a canonical composition."""
    seconds = set()
    for code in range(0x110000):
        fields = unicodedata.decomposition(chr(code)).split()
        if len(fields) == 2 and not fields[0].startswith("<"):
            seconds.add(chr(int(fields[1], 16)))
    stable = re.compile(f"[{STABLE}]")
    for code in range(0x10000):
        ch = chr(code)
        if stable.match(ch):
            assert unicodedata.decomposition(ch) == "" and unicodedata.combining(ch) == 0, hex(code)
            assert ch not in seconds, hex(code)
    for ch, ascii_ch in FULL_WIDTH.items():
        assert unicodedata.normalize("NFKC", ch) == ascii_ch and stable.match(ascii_ch)


def _place_text_pieces():
    from extractors.core.gazetteer import load_gazetteer

    keys = sorted(k for k in load_gazetteer().places if len(k) >= 2 and "\u3400" <= k[0] <= "\u9fff")
    return st.sampled_from(keys[::7] + ["中東", "及", "暨", "區", "城", "市", "政府", "赴", "的", "台北", "中國", "日本",
                                        "東南亞", "會中國家", "其中亞洲", " ", "，", "（", "\n", "Tokyo", "New York",
                                        "UK", "uk", "2024", "_x", "ｱ", "\uf900", "e\u0301", "㈱", "台", "中"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_place_text_pieces(), max_size=14).map("".join))
def test_scan_places_equals_the_former_scan(text):
    assert scan_places(TextView(text)) == reference.scan_places(TextView(text))


LATIN_PIECES = st.sampled_from(["Tokyo", "tokyo", "TOKYO", "Paris", "UK", "uk", "New York", "Kuwait City", "1Paris",
                                "_Paris", "2024", "x", "Sankt", " ", ",", ".", "-", "臺北", "Paris1", "K", "Å", "\u212a",
                                "\u212bland", "Lille", "Łódź", "İstanbul", "Istanbul"])


@settings(max_examples=400, deadline=None)
@given(st.lists(LATIN_PIECES, max_size=12).map("".join))
def test_latin_names_from_the_word_starts_that_begin_one_equal_the_former_scan(text):
    assert [m.span() for m in load_gazetteer().find_latin(text)] == reference.latin_names_by_word_start(text)


SIMPLIFY_ALPHABET = st.sampled_from(list("臺灣國際會議與發展為這個說abc 1\n，。\U00020000\U0002a6a5\U00028e0f𠮷😀"))


@settings(max_examples=300, deadline=None)
@given(st.lists(SIMPLIFY_ALPHABET, max_size=150).map("".join))
def test_to_simplified_equals_the_dictionary_table(text):
    for sample in (text, text * 3):
        assert to_simplified(sample) == sample.translate(simplifier())


def test_the_simplifier_maps_characters_beyond_the_basic_plane():
    beyond = [chr(c) for c in simplifier() if c >= 0x10000]
    text = "臺灣" * 40 + "".join(beyond)
    assert len(text) > 64 and to_simplified(text) == text.translate(simplifier())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["臺北市政府", "國際會議", " ", "\n", "ABC", "，", "與", "發展"]), max_size=80).map("".join))
def test_token_ends_are_the_segment_ends(text):
    ends, at = [], 0
    for token in cutter().cut(to_simplified(text), False):  # the cutter's own tokens, one by one
        at += len(token)
        ends.append(at)
    assert list(token_ends(text)) == ends
    assert segment(text) == list(zip([0, *ends], ends, strict=False))
    view = TextView(text)
    assert view.boundaries == frozenset([0, *ends])


EN_PIECES = st.sampled_from(["Asian", "Development", "Bank", "of", "the", "xAsian", "bathe", "Forum", "2024", "٣", "de",
                             "la", " ", "  ", "\n", "(", "A", "a", "-", "O'Neil", "theForum", "offer", "中文", "on", "in"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(EN_PIECES, max_size=20).map("".join), st.booleans())
def test_english_phrase_at_end_equals_the_anchored_search(run, strip):
    run = run.rstrip() if strip else run
    m = EN_PHRASE.search(run)
    assert english_phrase_at_end(run) == (m.group(1) if m else None)


LINES = st.sampled_from(["臺北市政府國際交流合作與發展計畫", "Asian Development Bank Forum", "會議紀要。", "議程：", "短",
                         "ab cd", "a\tb", "本府觀光局  國際合作", ""])
BREAKS = st.sampled_from(["\n", "\r\n", "\n\n", " \n", "\n ", "\u3000\n", "\n \n", " ", "\n\r\n\u3000"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(LINES, BREAKS), max_size=30).map(lambda parts: "".join(a + b for a, b in parts)))
def test_text_view_equals_the_former_construction(text):
    view = TextView(text)
    assert (view.text, view.index) == reference.text_view(view, text)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(-1, 40), st.integers(-1, 40))
def test_extent_equals_the_min_max_formula(start, end, ext_start, ext_end):
    f = Found(start, end, "ORG", "x", ext_start=ext_start, ext_end=ext_end)
    s = ext_start if ext_start >= 0 else start
    e = ext_end if ext_end >= 0 else end
    assert f.extent == (min(s, start), max(e, end))


# A span and the extent around it (as Found.extent always holds its span).
SPAN_EXTENT = st.tuples(st.integers(0, 300), st.integers(1, 80), st.integers(0, 70), st.integers(0, 70)).map(
    lambda t: ((t[0], t[0] + t[1]), (max(0, t[0] - t[2]), t[0] + t[1] + t[3])))


@settings(max_examples=300, deadline=None)
@given(st.lists(SPAN_EXTENT, max_size=25), st.lists(SPAN_EXTENT, max_size=25))
def test_occupied_clashes_equal_a_scan_of_every_taken_pair(taken, probes):
    def overlaps(a, b):
        return a[0] < b[1] and b[0] < a[1]

    occupied = Occupied()
    for span, extent in taken:
        occupied.add(span, extent)
    for span, extent in probes:
        assert occupied.clashes(span, extent) == reference.occupied_clashes(taken, span, extent)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="委員會議大會局處中心論壇年會研討\n a", max_size=10), st.booleans())
def test_zh_head_equals_the_suffix_search(name, strong_only):
    for lexicon in ("org_suffixes_zh.txt", "event_heads_zh.txt"):
        m = suffix_pattern(lexicon, strong_only).search(name)
        assert zh_head(name, lexicon, strong_only) == (m.group() if m else None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="臺北 \n\t市政府a", max_size=30), st.text(alphabet="臺北 市政府a", max_size=6))
def test_compact_finds_what_a_whitespace_tolerant_regex_finds(text, name):
    assert Compact(text).find_all(name) == reference.compact_find_all(text, name)


PAREN_PIECES = st.sampled_from(["（", "）", "(", ")", " ", "\n", "\t", "\u3000", "ADB", "亞洲銀行", "x" * 30, "，", "「", "」"])


@settings(max_examples=800, deadline=None)
@given(st.lists(PAREN_PIECES, max_size=25).map("".join))
def test_paren_matches_equal_finditer(text):
    assert [(m.span(), m.group(1)) for m in paren_matches(text)] == [(m.span(), m.group(1)) for m in PAREN.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ABab1- \n中（", max_size=12))
def test_capitals_are_searched_only_where_they_may_end(window):
    if not may_end_capitals(window):
        assert CAPS_BEFORE.search(window) is None


WORD_ORG_PIECES = st.sampled_from(["外交部", "司法院", "農委會", "經濟部", "東北部", "電影院", "部", "院", "委會", "局",
                                   "國家發展委員會", "前往", "與", "，", " ", "\n", "衛生福利部", "環保署", "署長"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORD_ORG_PIECES, max_size=20).map("".join))
def test_word_orgs_from_unit_ends_equal_the_former_token_scan(text):
    view = TextView(text)
    assert find_word_orgs(view) == reference.word_orgs(view)


EN_NAME_PIECES = st.sampled_from(["Asian", "Development", "Bank", " of ", " the ", "the", " ", "x", "1", "Mr. ", "World",
                                  "Forum", "(", "臺", "and ", "A", "aB", "\n"])


@settings(max_examples=500, deadline=None)
@given(st.lists(EN_NAME_PIECES, max_size=16).map("".join))
def test_english_names_from_capitals_equal_finditer(text):
    expected = [(m.span(), m.group(1)) for m in EN_NAME.finditer(text)]
    assert [(m.span(), m.group(1)) for m in finditer_from(EN_NAME, EN_NAME_START, text)] == expected
