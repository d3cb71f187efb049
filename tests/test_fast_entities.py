"""The entity stage's fast paths give exactly what the straightforward code gave: each test
keeps the former algorithm as the reference and compares on generated inputs."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.entities import SectionIndex, section_of
from extractors.ner_base import finditer_from, literal_trie, longest_first, read_words
from extractors.people import COVER_NAME, LOWER, UPPER, honorific_starts, patterns
from extractors.records import SectionRow


def alternation(words, tail=lambda _w: "") -> str:
    """The former way: every word, longest first, in one alternation."""
    return "|".join(re.escape(w) + tail(w) for w in longest_first(words))


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
    same_everywhere(re.compile(f"(?:{alternation(words)})"), re.compile(f"(?:{literal_trie(words)})"), text)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.text(alphabet="abc主任委員會長x .", max_size=14))
def test_literal_trie_with_tails_and_backtracking(words, text):
    """A tail that may fail (a letter must not follow) and a pattern that continues after
    the words, so a shorter word is tried on backtracking, in the same order."""
    def tail(w):
        return "(?![a-c])" if w[-1] in "ab" else ""

    old = re.compile(f"(?:(?:{alternation(words, tail)})[ .]?)+(?P<rest>c+|x)")
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
    hon = alternation([w for w, _ in read_words("honorifics_en.txt")],
                      lambda w: rf"(?![{UPPER}{LOWER}])" if w[-1].isalpha() else "")
    former = re.compile(honored.pattern.replace(patterns_hon(), hon))
    assert former.pattern != honored.pattern
    expected = [(m.span(), m.span("name")) for m in former.finditer(text)]
    assert [(m.span(), m.span("name")) for m in honored.finditer(text)] == expected
    assert [(m.span(), m.span("name")) for m in finditer_from(honored, honorific_starts(), text)] == expected


def patterns_hon() -> str:
    from extractors.people import honorific_alternation

    return honorific_alternation()


COVER_PIECES = st.sampled_from(["聯絡人", "出國人員", "出國人", "姓名", "/", "職稱", " ", "\t", "：", ":", "王", "\n", "員"])


@settings(max_examples=400, deadline=None)
@given(st.lists(COVER_PIECES, max_size=12).map("".join))
def test_cover_name_pattern_equals_the_grouped_one(text):
    former = re.compile(r"(?:(?:聯絡人|出國人員|出國人|報告人|撰寫人|承辦人|姓名)[ \t]*[：:][ \t]*|姓名(?:/[^\s/]{1,8})+[ \t]+)")
    assert spans(former, text) == spans(COVER_NAME, text)


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
        assert index(start, end) == section_of(start, end, sections)


def test_section_index_prefers_the_innermost_and_the_last_of_equals():
    sections = [section(0, 100, "a"), section(10, 50, "b"), section(10, 50, "c"), section(60, 70, "d")]
    index = SectionIndex(sections)
    assert index(12, 20) == "c"
    assert index(45, 65) == "a"
    assert index(60, 70) == "d"
    assert index(100, 101) is None
