"""brandguard.textnorm: the fast normalisation equals the per-character loop it replaced."""

from __future__ import annotations

import unicodedata

from brandguard import textnorm as tn


# The per-character normalisation loop as it was before the regex fast path: the oracle.
def _reference_normalise(text: str) -> tuple[str, list[int] | None]:
    if unicodedata.is_normalized("NFC", text) and not tn._SPECIAL.search(text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        # A starter with its combining marks is composed as one unit.
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        if j > i + 1:
            composed = unicodedata.normalize("NFC", text[i:j])
            out.extend(composed)
            offsets.extend([i] * len(composed))
            i = j
            continue
        if ch in tn._DROP:
            i += 1
            continue
        if ch == tn._ZWJ:
            prev = text[i - 1] if i else ""
            if prev.isalnum() or not prev:
                i += 1
                continue
            out.append(ch)
        elif ch in tn._SPACE_LIKE:
            out.append(" ")
        elif ch in tn._APOSTROPHES:
            out.append(tn._APOSTROPHES[ch])
        elif "\x80" <= ch <= "\x9f":
            out.append(tn._cp1252(ch))
        elif ch not in tn._KEEP_CONTROLS and unicodedata.category(ch) == "Cc":
            out.append(" ")
        else:
            out.append(ch)
        offsets.append(i)
        i += 1
    offsets.append(n)
    return "".join(out), offsets


def test_normalise_equals_the_per_character_loop() -> None:
    import json
    import random
    import sys
    from pathlib import Path

    leipzig = Path(__file__).parent / "data" / "realtext" / "leipzig" / "posts.jsonl"
    texts = [json.loads(line)["text"] for line in leipzig.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(11)
    pieces = ["a", "å", "a\u030a", "\u0301", "\u200b", "\u200d", "👍\u200d", "\u00a0", "\u2019",
              "\x93", "\x81", "\x07", "\n", "\t", "e\u0301\u0327", "\u212b", "\u200e", " ", "İ"]
    for _ in range(3000):
        texts.append("".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30))))
    for _ in range(300):
        texts.append("".join(chr(c) for c in (rng.randrange(0, sys.maxunicode + 1) for _ in range(60))
                             if not 0xD800 <= c < 0xE000))
    for text in texts:
        assert tn.normalise(text) == _reference_normalise(text), repr(text)


def test_no_code_point_above_the_scan_limit_combines() -> None:
    import sys

    assert not [c for c in range(tn._LAST_COMBINING_SCAN, sys.maxunicode + 1)
                if unicodedata.combining(chr(c))]
