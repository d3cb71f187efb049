"""OCR of PDF pages without a usable text layer: Tesseract ``chi_tra`` on a 300 dpi render.

A page is rendered in greyscale with pypdfium2, straightened (the skew that maximizes
the row profile's contrast), its ruling lines found and erased, and read by Tesseract
(``tesserocr``; the ``tesseract`` command where the wheel is missing) with
``OMP_THREAD_LIMIT=1``, one engine per worker process, loaded once. Page segmentation
mode 3 first; a page whose mean word confidence is below ``RETRY_BELOW`` is read again
with mode 6 and the better reading kept.

The words come back as a page in pdfplumber's terms (``FastPage``): one pseudo-character
per recognized character, its box a share of its word's box, on the line's baseline,
plus the ruling lines as edges. The PDF reader's layout steps then run unchanged: table
finding on the ruling, lines and column gaps (tabs), furniture, paragraph joins. Before
that, each line's text goes through ``extractors.normalize.ocr_repair``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before Tesseract loads: OpenMP threads cost 4x CPU

import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from extractors.normalize.ocr_repair import repair_ocr_line, repair_route  # noqa: E402
from pipeline.readers.pdf_fast import FastPage  # noqa: E402

DPI = 300
SCALE = 72 / DPI  # pixels -> PDF points
LANG = "chi_tra"
LOW_CONFIDENCE = 60  # a word below this confidence counts as low
RETRY_BELOW = 75.0  # mean word confidence under which psm 6 is tried too
SPARSE = 60  # psm 3 words on a page under which psm 6 is tried too
MIN_RULE = 150  # pixels: a dark run this long is a ruling line, not a stroke (a 12 pt glyph is ~50)
DARK = 150  # grey level under which a pixel is ink
COLUMN_GAP = 4.0  # a gap this many character widths wide separates unruled table cells (OCR drops
# punctuation, which leaves gaps in justified lines: wider than the 2.5 of text PDFs)
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")
PACKAGES = "tesseract-ocr and tesseract-ocr-chi-tra"


class OcrUnavailable(Exception):
    """No Tesseract with the chi_tra model on this machine."""


@dataclass(frozen=True)
class Word:
    text: str
    conf: float
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class OcrPage:
    page: FastPage
    confidence: float  # mean word confidence, 0-100
    low_share: float  # share of words below LOW_CONFIDENCE
    psm: int
    n_words: int


def tessdata_dir() -> str | None:
    """The folder holding chi_tra.traineddata (TESSDATA_PREFIX first), or None."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_DIRS]
    for folder in candidates:
        if folder and (Path(folder) / f"{LANG}.traineddata").is_file():
            return folder.rstrip("/") + "/"
    return None


class Engine:
    """One Tesseract per process: tesserocr's API when the wheel is there, else the CLI."""

    def __init__(self) -> None:
        self.tessdata = tessdata_dir()
        if self.tessdata is None:
            raise OcrUnavailable(f"OCR needs Tesseract's {LANG} model, which is not installed; install the "
                                 f"Debian packages {PACKAGES} (scripts/install-system-deps.sh does it)")
        try:
            import tesserocr

            self.api = tesserocr.PyTessBaseAPI(path=self.tessdata, lang=LANG, psm=tesserocr.PSM.AUTO)
            self.tesserocr = tesserocr
            self.cli = None
        except ImportError:
            self.api = None
            self.cli = shutil.which("tesseract")
            if self.cli is None:
                raise OcrUnavailable(f"OCR needs Tesseract (the tesserocr wheel or the {PACKAGES} "
                                     "Debian packages); none is installed") from None

    def words(self, image: Image.Image, psm: int, allow: str = "") -> list[Word]:
        """Words with boxes and confidences; ``allow`` limits the characters (a date cell)."""
        if self.api is not None:
            self.api.SetVariable("tessedit_char_whitelist", allow)
            try:
                return self._api_words(image, psm)
            finally:
                self.api.SetVariable("tessedit_char_whitelist", "")
        return self._cli_words(image, psm, allow)

    def _api_words(self, image: Image.Image, psm: int) -> list[Word]:
        tess = self.tesserocr
        self.api.SetPageSegMode(psm)
        self.api.SetImage(image)
        self.api.Recognize()
        found: list[Word] = []
        level = tess.RIL.WORD
        iterator = self.api.GetIterator()
        if iterator is None:  # nothing recognized
            self.api.Clear()
            return found
        for item in tess.iterate_level(iterator, level):
            try:
                text = (item.GetUTF8Text(level) or "").strip()
            except RuntimeError:  # an empty word
                continue
            box = item.BoundingBox(level)
            if text and box:
                found.append(Word(text, float(item.Confidence(level)), *box))
        self.api.Clear()
        return found

    def _cli_words(self, image: Image.Image, psm: int, allow: str = "") -> list[Word]:
        import io

        buf = io.BytesIO()
        image.save(buf, "PNG")
        limit = ["-c", f"tessedit_char_whitelist={allow}"] if allow else []
        done = subprocess.run([self.cli, "stdin", "stdout", "-l", LANG, "--psm", str(psm), "--tessdata-dir",
                               self.tessdata, *limit, "tsv"], input=buf.getvalue(), capture_output=True, timeout=600,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        found: list[Word] = []
        for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) == 12 and cols[0] == "5" and cols[11].strip():
                left, top, width, height = (float(c) for c in cols[6:10])
                found.append(Word(cols[11].strip(), float(cols[10]), left, top, left + width, top + height))
        return found


_engines: dict[int, Engine] = {}


def engine() -> Engine:
    """This process's engine, made on first use (raises OcrUnavailable)."""
    pid = os.getpid()
    if pid not in _engines:
        _engines[pid] = Engine()
    return _engines[pid]


def engine_version() -> str | None:
    """What `pipeline doctor` prints: the Tesseract version and how it is reached, or None."""
    if tessdata_dir() is None:
        return None
    try:
        import tesserocr

        return f"tesseract {tesserocr.tesseract_version().split()[1]} (tesserocr {tesserocr.__version__}), {LANG}"
    except ImportError:
        program = shutil.which("tesseract")
        if program is None:
            return None
        done = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60)
        return f"{(done.stdout or done.stderr).splitlines()[0]} (command line), {LANG}"


# ------------------------------------------------------------------------------- image


def render(page) -> Image.Image:
    """A pypdfium2 page at 300 dpi in greyscale."""
    return page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")


def skew_angle(image: Image.Image, limit: float = 3.0, step: float = 0.1) -> float:
    """The rotation (degrees) that makes the text rows horizontal: the one whose row
    profile of ink has the highest variance, searched on a small copy."""
    small = image.resize((max(1, image.width // 4), max(1, image.height // 4)))
    ink = Image.fromarray(((np.asarray(small) < DARK) * 255).astype(np.uint8))
    best, best_score = 0.0, -1.0
    for k in range(int(-limit / step), int(limit / step) + 1):
        angle = k * step
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST), dtype=np.float32).sum(axis=1)
        score = float(np.var(rows))
        if score > best_score:
            best, best_score = angle, score
    return best


def runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Where ``mask`` is inside a horizontal run at least ``length`` long (90% filled)."""
    height, width = mask.shape
    if width <= length:
        return np.zeros_like(mask)
    sums = np.cumsum(np.pad(mask.astype(np.int32), ((0, 0), (1, 0))), axis=1)
    full = (sums[:, length:] - sums[:, :-length]) >= int(0.9 * length)  # window starting at x
    starts = np.cumsum(np.pad(full.astype(np.int32), ((0, 0), (1, 0))), axis=1)
    covered = np.zeros_like(mask)
    # x is covered when some window starting in [x - length + 1, x] is full
    for_x = starts[:, 1:]  # windows started at or before x (x < width - length + 1)
    left = np.pad(for_x, ((0, 0), (0, length - 1)), mode="edge")
    right = np.pad(for_x, ((0, 0), (length, 0)))[:, : left.shape[1]]
    covered[:, : left.shape[1]] = (left - right) > 0
    return covered


def rulings(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) masks of the ruling lines."""
    return runs(ink, MIN_RULE), runs(ink.T, MIN_RULE).T


def segments(mask: np.ndarray, horizontal: bool) -> list[tuple[float, float, float]]:
    """Ruling lines as (position, start, end) in pixels: bands of rows (or columns) of the mask."""
    if not horizontal:
        mask = mask.T
    rows = np.flatnonzero(mask.any(axis=1))
    lines: list[tuple[float, float, float]] = []
    if rows.size == 0:
        return lines
    bands = np.split(rows, np.flatnonzero(np.diff(rows) > 2) + 1)
    for band in bands:
        cols = np.flatnonzero(mask[band[0] : band[-1] + 1].any(axis=0))
        pieces = np.split(cols, np.flatnonzero(np.diff(cols) > 8) + 1)
        for piece in pieces:
            if piece.size and piece[-1] - piece[0] >= MIN_RULE:
                lines.append((float(band.mean()), float(piece[0]), float(piece[-1])))
    return lines


def edges_of(horizontal: np.ndarray, vertical: np.ndarray) -> list[dict]:
    """pdfplumber edges (points, from the top) of the ruling lines."""
    edges = []
    for y, x0, x1 in segments(horizontal, True):
        y, x0, x1 = y * SCALE, x0 * SCALE, x1 * SCALE
        edges.append({"object_type": "line", "orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y,
                      "doctop": y, "width": x1 - x0, "height": 0.0})
    for x, y0, y1 in segments(vertical, False):
        x, y0, y1 = x * SCALE, y0 * SCALE, y1 * SCALE
        edges.append({"object_type": "line", "orientation": "v", "x0": x, "x1": x, "top": y0, "bottom": y1,
                      "doctop": y0, "width": 0.0, "height": y1 - y0})
    return edges


# ------------------------------------------------------------------------------- words


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words on one baseline form a line: clustered by vertical centre, then sorted by x."""
    if not words:
        return []
    heights = sorted(w.bottom - w.top for w in words)
    tolerance = 0.45 * heights[len(heights) // 2]
    lines: list[list[Word]] = []
    centres: list[float] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        centre = (word.top + word.bottom) / 2
        if centres and abs(centre - centres[-1]) <= tolerance:
            lines[-1].append(word)
            centres[-1] = statistics.median((w.top + w.bottom) / 2 for w in lines[-1])
        else:
            lines.append([word])
            centres.append(centre)
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def char_size(line: list[Word]) -> float:
    """The line's character size in pixels: the width of a CJK character, else the word height."""
    widths = [(w.x1 - w.x0) / len(w.text) for w in line if w.text and all(ord(c) > 0x2E80 for c in w.text)]
    if widths:
        return statistics.median(widths)
    return statistics.median(w.bottom - w.top for w in line) * 0.8


def is_ascii_word(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def line_chars(line: list[Word]) -> list[dict]:
    """Pseudo-characters of one line (points), its text repaired, on one top/bottom.

    A word's box is shared among its characters; a box that reaches over the next word
    (Tesseract's boxes for a digit run next to CJK often do) is cut at that word. Within a
    cell the gap between two words closes, with a space character only between two
    Latin words; a gap wider than COLUMN_GAP characters stays open (a column).
    """
    size = char_size(line)
    centre = statistics.median((w.top + w.bottom) / 2 for w in line)
    top, bottom = (centre - size / 2) * SCALE, (centre + size / 2) * SCALE
    pieces: list[tuple[str, float, float]] = []  # (char, x0, x1) in pixels; "\t" at a column gap
    for k, word in enumerate(line):
        x0, x1 = word.x0, word.x1
        if k + 1 < len(line) and x0 < line[k + 1].x0 < x1:
            x1 = line[k + 1].x0
        if pieces:
            gap = x0 - pieces[-1][2]
            if gap > COLUMN_GAP * size:
                pieces.append(("\t", pieces[-1][2], x0))
            elif is_ascii_word(pieces[-1][0]) and is_ascii_word(word.text[0]):
                pieces.append((" ", pieces[-1][2], x0))
            elif gap > 0:
                last = pieces.pop()
                pieces.append((last[0], last[1], x0))  # close the gap: no space between CJK
        step = max(x1 - x0, 1.0) / len(word.text)
        for j, ch in enumerate(word.text):
            pieces.append((ch, x0 + j * step, x0 + (j + 1) * step))
    text = "".join(p[0] for p in pieces)
    repaired = repair_ocr_line(text)
    if len(repaired) != len(text):  # a rule broke its promise: keep the reading as it came
        repaired = text
    chars = []
    for ch, (_, x0, x1) in zip(repaired, pieces, strict=True):
        if ch in "\t\x00":
            continue
        chars.append({"text": ch, "x0": x0 * SCALE, "x1": x1 * SCALE, "top": top, "bottom": bottom,
                      "size": size * SCALE})
    return chars


def weight(words: list[Word]) -> float:
    """How much text a reading recognized, confidently: characters weighted by confidence."""
    return sum(len(w.text) * max(0.0, w.conf) / 100 for w in words)


def quality(words: list[Word]) -> tuple[float, float]:
    """(mean confidence, share of low-confidence words); (0, 1) for no words."""
    if not words:
        return 0.0, 1.0
    confs = [max(0.0, w.conf) for w in words]
    return sum(confs) / len(confs), sum(c < LOW_CONFIDENCE for c in confs) / len(confs)


def ocr_page(page, find_tables) -> OcrPage:
    """OCR one pypdfium2 page (raises OcrUnavailable when there is no engine); ``find_tables`` is
    the PDF reader's ruled-table finder."""
    tess = engine()
    image = render(page)
    angle = skew_angle(image)
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(image)
    ink = pixels < DARK
    horizontal, vertical = rulings(ink)
    lines_mask = horizontal | vertical
    if lines_mask.any():  # erase the ruling so Tesseract does not read it as | 「 一
        grown = lines_mask.copy()
        for shift in (1, 2, 3):
            grown[shift:] |= lines_mask[:-shift]
            grown[:-shift] |= lines_mask[shift:]
            grown[:, shift:] |= lines_mask[:, :-shift]
            grown[:, :-shift] |= lines_mask[:, shift:]
        cleaned = pixels.copy()
        cleaned[grown] = 255
        image = Image.fromarray(cleaned)
    width, height = page.get_width(), page.get_height()
    edges = edges_of(horizontal, vertical)
    cells = table_cells(FastPage([], [], edges, width, height, 0, 0), find_tables)
    cell_words: list[Word] = []
    if cells:  # a ruled table: each cell read alone (page segmentation skips sparse header rows)
        body = np.asarray(image).copy()
        for x0, top, x1, bottom in cells:
            box = (int(x0 / SCALE) + 4, int(top / SCALE) + 4, int(x1 / SCALE) - 4, int(bottom / SCALE) - 4)
            if box[2] - box[0] < 8 or box[3] - box[1] < 8:
                continue
            crop = binarize(image.crop(box))
            if (np.asarray(crop) < DARK).sum() > 20:
                cell_words.extend(Word(w.text, w.conf, w.x0 + box[0], w.top + box[1], w.x1 + box[0], w.bottom + box[1])
                                  for w in read_cell(tess, crop))
            body[box[1]:box[3], box[0]:box[2]] = 255
        image = Image.fromarray(body)
    words, psm = tess.words(image, 3), 3
    confidence, low = quality(words + cell_words)
    if confidence < RETRY_BELOW or len(words) < SPARSE:
        # psm 3's layout analysis drops text on a sparse page (a heading over a table)
        again = tess.words(image, 6)
        again_confidence, again_low = quality(again + cell_words)
        if weight(again) > weight(words):
            words, psm, confidence, low = again, 6, again_confidence, again_low
    words = [w for w in words + cell_words if w.conf >= 0]
    chars = [ch for line in group_lines(words) for ch in line_chars(line)]
    fast = FastPage(chars, [], edges, width, height, len(chars), 0)
    return OcrPage(fast, round(confidence, 1), round(low, 4), psm, len(words))


NUMERIC = "0123456789./-:()（）年月日"


def read_cell(tess: Engine, crop: Image.Image) -> list[Word]:
    """A table cell's words; a cell that reads as mostly digits (a date, a number) is read
    again limited to digits and date punctuation, which fixes 2018,5S.25 and the like."""
    words = tess.words(crop, 6)
    if not words:  # Tesseract at times sees nothing in a cell that holds a word; smaller, it does
        half = crop.resize((max(1, crop.width // 2), max(1, crop.height // 2)), Image.Resampling.LANCZOS)
        words = [Word(w.text, w.conf, 2 * w.x0, 2 * w.top, 2 * w.x1, 2 * w.bottom) for w in tess.words(half, 6)]
    text = "".join(w.text for w in words)
    digits = sum(ch.isdigit() for ch in text)
    cjk = sum(ord(ch) > 0x2E80 for ch in text)
    if text and ((digits >= 4 and digits >= 0.5 * len(text)) or (digits >= 2 and len(text) <= 12 and cjk <= 1)):
        again = tess.words(crop, 7, NUMERIC)  # one line, digits and date signs only
        if again:
            return again
    repaired: list[Word] = []
    for line in group_lines(words):  # a cell is a route or not as a whole: 東京一 / 大阪
        joined = "".join(w.text for w in line)
        fixed = repair_route(joined, in_table=True)
        at = 0
        for w in line:
            repaired.append(Word(fixed[at:at + len(w.text)], w.conf, w.x0, w.top, w.x1, w.bottom))
            at += len(w.text)
    return repaired


def binarize(image: Image.Image, threshold: int = 170) -> Image.Image:
    """Ink black, the rest white: scanner grain and JPEG blocks stop looking like strokes
    (measured: the date cells of a noisy scan read right only this way)."""
    return image.point(lambda v: 0 if v < threshold else 255)


def table_cells(page: FastPage, find_tables) -> list[tuple[float, float, float, float]]:
    """The cells (points) of the ruled tables the edges make, found as for text PDFs."""
    found = []
    for table in find_tables(page):
        if len(table.rows) > 1 or len(table.rows[0].cells) > 1:
            found.extend(cell for cell in table.cells if cell)
    return found
