"""The report stages' algorithms (cover form, participants, itinerary, their text lines) in
their plain or former form (tests/reports/test_trip_fast_paths.py, tests/pipeline/test_robust_linear.py)."""

from __future__ import annotations

import re
import unicodedata

from extractors.core.textlines import Line, fold_label
from extractors.reports import cover_form, cover_values

# The label patterns tried at every position (cover_form's _SLASH_SCAN and _PEOPLE_SCAN are the fast forms).
PEOPLE_LABEL = re.compile(cover_form._LINE_OR_CELL + cover_form._PEOPLE_REST, re.MULTILINE)
SLASH_LABEL = re.compile(cover_form._LINE_OR_CELL + cover_form._SLASH_REST, re.MULTILINE)


def fold(text: str) -> str:
    """textlines.fold_label without its memo: NFKC, no spaces, lower case, 台→臺."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower().replace("台", "臺")


def split_lines(text: str, start: int, end: int) -> list[Line]:
    """textlines.split_lines without its memo: the lines of text[start:end]."""
    lines, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        lines.append(Line(pos, stop, text[pos:stop]))
        pos = stop + 1
    return lines


def split_header_cells(line: str, vocab: dict[str, str]) -> list[str]:
    """textlines.split_header_cells as it was: merge space-split pieces while they begin a header word."""
    tokens = line.split()
    cells, i = [], 0
    while i < len(tokens):
        cell, j = tokens[i], i + 1
        while j < len(tokens) and fold_label(cell) not in vocab:
            merged = fold_label(cell + tokens[j])
            if any(word.startswith(merged) for word in vocab):
                cell += tokens[j]
                j += 1
            else:
                break
        cells.append(cell)
        i = j
    return cells


def tokenize_boxes(value: str) -> list[tuple[str, str]]:
    """cover_form.tokenize_boxes as it was: regex substitutions, then a split on the boxes."""
    empty, ticked = cover_values.EMPTY, cover_values.TICKED
    text = re.sub(r"<input[^>]*\bchecked\b[^>]*>", "■", value)
    text = re.sub(r"<input[^>]*checkbox[^>]*>", "□", text)
    if any(ch in text for ch in empty):
        text = re.sub(r"(?:(?<=^)|(?<=[\s\t]))[（(]?[Vv][）)]?(?=[\s\u3400-\u9fff])", "■", text)
    tokens: list[tuple[str, str]] = []
    for part in re.split(f"([{ticked}{empty}])", text):
        if not part:
            continue
        if part in ticked or part in empty:
            tokens.append(("box", "■" if part in ticked else "□"))
        else:
            for piece in re.split(r"[\t\n]+", part):
                piece = piece.strip(" \u3000:：;；,，、")
                if piece:
                    tokens.append(("label", piece))
    return tokens
