"""Decoding shared by every text-like format (plain text, markdown, HTML).

A byte-order mark wins, then strict UTF-8, then charset-normalizer's best
guess, with Big5 read as cp950 (its superset, as Windows writes it).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from extractors.core.records import ExtractionError
from extractors.normalize.repair import repair_mojibake

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_COMMON = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\n]")
_BIG5_NAMES = {"big5", "cp950", "big5hkscs", "big5-hkscs"}
# Control characters that never occur in text (not \t \n \r \f and ESC).
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _empty() -> ExtractionError:
    return ExtractionError("empty_file", "the file is empty (0 bytes)")


def _undecodable(why: str) -> ExtractionError:
    return ExtractionError("undecodable_text", f"the text could not be decoded: {why}.")


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le/-be when NUL bytes sit on one parity only, as ASCII in UTF-16 does."""
    sample = data[:65536]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    zeros = even + odd
    if zeros < max(2, len(sample) // 20):
        return None
    if odd >= 0.95 * zeros:
        return "utf-16-le"
    if even >= 0.95 * zeros:
        return "utf-16-be"
    return None


def _check_not_binary(data: bytes) -> None:
    sample = data[:65536]
    nuls = sample.count(0)
    if nuls and nuls >= len(sample) // 100 and _utf16_without_bom(data) is None:
        share = 100 * nuls / len(sample)
        raise ExtractionError(
            "binary_file", f"the file looks binary, not text ({share:.0f}% of its first bytes are NUL)."
        )


def _decode_strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _replace_double_byte(error: UnicodeError) -> tuple[str, int]:
    """An undecodable Big5 lead byte takes its trail byte with it (one U+FFFD, not �@)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    data = error.object
    if 0x81 <= data[error.start] <= 0xFE and error.start + 1 < len(data):
        return "\ufffd", error.start + 2
    return "\ufffd", error.end


codecs.register_error("double_byte_replace", _replace_double_byte)


def _decode_big5(data: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    """cp950 (Windows Big5); a few user-defined characters become U+FFFD; then HKSCS."""
    text = _decode_strict(data, "cp950")
    if text is not None:
        return text, "cp950", ("big5",)
    replaced = data.decode("cp950", errors="double_byte_replace")
    if replaced.count("\ufffd") <= max(1, len(replaced) // 200):
        return replaced, "cp950", ("big5", "replaced_bytes")
    text = _decode_strict(data, "big5hkscs")
    if text is not None:
        return text, "big5hkscs", ("big5",)
    return None


def decode_bytes(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode a text file: (text, encoding, flags).

    UTF-8 that an earlier tool read as cp1252 and saved again (mojibake) is
    repaired and flagged ``mojibake_repaired``.
    Raises ExtractionError: empty_file, binary_file, undecodable_text.
    """
    text, encoding, flags = _decode(data)
    repaired = repair_mojibake(text)
    if repaired != text:
        flags += ("mojibake_repaired",)
    return repaired, encoding, flags


def _decode(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    if not data:
        raise _empty()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _decode_strict(data[len(bom) :], encoding.replace("-sig", ""))
            if text is not None:
                return text, encoding, ()
            # A cut file (an odd byte at the end of UTF-16) or a few bad units: keep the
            # text, each bad unit a U+FFFD, and flag it; many bad units mean it is not so.
            text = data[len(bom) :].decode(encoding.replace("-sig", ""), errors="replace")
            if text.count("\ufffd") <= max(1, len(text) // 1000):
                return text, encoding, ("replaced_bytes",)
            raise _undecodable(f"it starts with a {encoding} byte-order mark but is not valid {encoding}")
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = _decode_strict(data, utf16)
        if text is not None and not _BINARY_CONTROLS.search(text[:65536]):
            return text, utf16, ()
    _check_not_binary(data)
    text = _decode_strict(data, "utf-8")
    if text is not None:
        return text, "utf-8", ()
    # Mostly UTF-8 with a few broken bytes (a cut file): keep UTF-8, mark it.
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd")
    if bad <= max(1, len(repaired) // 1000) and sum(ord(c) > 127 for c in repaired) > 10 * bad:
        return repaired, "utf-8", ("replaced_bytes",)
    best = from_bytes(data).best()
    if best is None:
        mixed = _decode_mixed(data)
        if mixed is not None:
            return mixed
        raise _undecodable("no known encoding reads it (tried UTF-8, UTF-16, Big5/cp950 and others)")
    encoding = best.encoding.lower().replace("_", "-")
    if encoding in ("utf-16-le", "utf-16-be"):
        # Without a BOM or ASCII the byte order is a guess: keep the one that
        # reads as common CJK and ASCII.
        both = [(t, e) for e in ("utf-16-le", "utf-16-be") if (t := _decode_strict(data, e)) is not None]
        text, encoding = max(both, key=lambda pair: len(_COMMON.findall(pair[0])))
        return text, encoding, ("encoding_guessed",)
    if encoding in _BIG5_NAMES:
        big5 = _decode_big5(data)
        if big5 is not None:
            return big5
    text = str(best)
    if _BINARY_CONTROLS.search(text[:65536]):
        raise ExtractionError("binary_file", "the file looks binary, not text (it has control bytes).")
    return text, encoding, ("encoding_guessed",)


# Among the encodings charset-normalizer finds equally plausible for a short block,
# the ones these reports are written in come first.
_PREFERRED = ("utf_8", "big5", "cp950", "utf_16_le", "utf_16_be", "gb18030", "cp1252")


# Double-byte encodings whose strict decoding rejects most other text, so an encoding
# that read one block can be tried on the next without detection. (UTF-16 and the
# single-byte code pages decode almost any bytes: they always go through detection.)
_VALIDATING = {"cp950", "big5hkscs", "gb18030", "gbk", "gb2312", "shift_jis", "cp932", "euc_jp", "euc_kr"}


def _split_byte_lines(data: bytes) -> list[bytes]:
    """Lines with their ``\n``; a UTF-16-LE line keeps the NUL after its ``0A`` byte."""
    lines: list[bytes] = []
    start = 0
    while start < len(data):
        nl = data.find(b"\n", start)
        end = len(data) if nl < 0 else nl + 1
        if nl >= 0 and data[end : end + 1] == b"\x00":
            end += 1
        lines.append(data[start:end])
        start = end
    return lines


def _guess_block(block: bytes, known: dict[str, int]) -> str | None:
    """The block decoded with an encoding that already read an earlier block of the file
    (most used first: detection costs a fraction of a millisecond per line, which adds up
    over a long file), else with charset-normalizer's best guess; None when neither works.
    ``known`` counts the encodings used so far."""
    for encoding in sorted(known, key=lambda e: -known[e]):
        if encoding not in _VALIDATING:
            continue
        text = _decode_strict(block, encoding)
        if text is not None and not _BINARY_CONTROLS.search(text.replace("\x00", "")) and text.strip("\x00"):
            known[encoding] += 1
            return text.replace("\x00", "")
    matches = list(from_bytes(block))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    calm = [m for m in matches if m.chaos == least]
    rank = {name: k for k, name in enumerate(_PREFERRED)}

    def preferred(match) -> tuple[int, str]:  # a match stands for every encoding giving the same text
        names = [match.encoding, *match.could_be_from_charset]
        return min((rank.get(name, len(rank)), name) for name in names)

    best = min(calm, key=lambda m: (preferred(m)[0], calm.index(m)))
    encoding = preferred(best)[1]
    encoding = "cp950" if encoding in ("big5", "cp950") else encoding
    text = _decode_strict(block, encoding)
    if text is None or _BINARY_CONTROLS.search(text.replace("\x00", "")) or not text.strip("\x00"):
        return None
    known[encoding] = known.get(encoding, 0) + 1
    return text.replace("\x00", "")


def _decode_mixed(data: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    """A file whose lines are in different encodings (pasted together from several
    sources), when no single encoding reads it: UTF-8 lines as UTF-8, each run of
    other lines by charset-normalizer (the run whole, else line by line); a line
    nothing reads keeps U+FFFD for its bytes. Flag ``mixed_encoding``.

    Only for a file that is mostly UTF-8 (at least half its bytes, in lines that are
    valid UTF-8 and free of control bytes): random bytes stay undecodable.
    """
    lines = _split_byte_lines(data)
    utf8 = [_decode_strict(line, "utf-8") for line in lines]
    utf8 = [t if t is not None and not _BINARY_CONTROLS.search(t) else None for t in utf8]
    if sum(len(line) for line, t in zip(lines, utf8, strict=True) if t is not None) * 2 < len(data):
        return None
    flags = ["mixed_encoding"]
    out: list[str] = []
    known: dict[str, int] = {}
    k = 0
    while k < len(lines):
        if utf8[k] is not None:
            out.append(utf8[k])  # type: ignore[arg-type]
            k += 1
            continue
        end = k
        while end < len(lines) and utf8[end] is None:
            end += 1
        block = lines[k:end]
        whole = _guess_block(b"".join(block), known) if len(block) > 1 else None
        if whole is not None:
            out.append(whole)
        else:
            for line in block:
                text = _guess_block(line, known)
                if text is None:
                    text = line.decode("utf-8", errors="replace")
                    if _BINARY_CONTROLS.search(text):
                        text = _BINARY_CONTROLS.sub("\ufffd", text)
                    if "replaced_bytes" not in flags:
                        flags.append("replaced_bytes")
                out.append(text)
        k = end
    return "".join(out), "mixed", tuple(flags)
