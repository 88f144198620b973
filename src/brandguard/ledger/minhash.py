"""Near-duplicate search: word shingles, MinHash signatures and LSH bands.

A post's text becomes a set of word bigrams (lower case, URLs dropped, so a
changed tracking link does not make a copy "new"). Two posts' Jaccard
similarity is the overlap of those sets. To find the posts that may be similar
without comparing against every recent post, each text gets a MinHash signature
of :data:`NUM_PERM` values cut into :data:`BANDS` bands of :data:`ROWS` values;
posts that agree on a whole band become candidates (locality-sensitive hashing),
and the candidates are then compared exactly. With 16 bands of 4 rows a pair at
Jaccard 0.7 becomes a candidate with probability 0.99, at 0.9 with 1.0, and an
unrelated pair (0.1) with 0.002.

Everything here is deterministic across processes and versions (no ``hash()``,
no random generator streams): signatures are stored in ledgers and must match
the ones computed tomorrow. Change :data:`SIGNATURE_VERSION` if they change.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..analysis import find_urls

if TYPE_CHECKING:
    import numpy as np

SIGNATURE_VERSION = 1
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
#: Shingle size in words: posts are short, and bigrams keep word order while a
#: few edited words still leave most of the set intact.
SHINGLE_WORDS = 2
_PRIME = (1 << 31) - 1  # Mersenne prime: a·x + b stays below 2**63 for 32-bit x
#: Band keys are kept to 47 bits: SQLite stores them in 6 bytes, and collisions
#: among a few million keys only add a candidate that the exact check discards.
_BAND_MASK = (1 << 47) - 1
_WORD_RE = re.compile(r"[^\W_]+")


@cache
def _coefficients() -> tuple[np.ndarray, np.ndarray]:
    import numpy as np  # lazily: importing brandguard must stay cheap

    a, b = [], []
    for i in range(NUM_PERM):
        digest = hashlib.blake2b(f"brandguard-minhash-{i}".encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "big")
        a.append(1 + (value >> 32) % (_PRIME - 1))
        b.append((value & 0xFFFFFFFF) % _PRIME)
    return np.array(a, dtype=np.uint64)[:, None], np.array(b, dtype=np.uint64)[:, None]



def words(text: str) -> list[str]:
    """The words a similarity is computed on: lower case, NFKC, no URLs."""
    text = unicodedata.normalize("NFKC", text)
    parts, pos = [], 0
    for m in find_urls(text):
        parts += [text[pos : m.start()], " "]
        pos = m.end()
    text = "".join(parts) + text[pos:]
    return _WORD_RE.findall(text.lower())


def shingles(text: str) -> frozenset[int]:
    """The text's word bigrams as 32-bit hashes (unigrams for a one-word text)."""
    ws = words(text)
    if len(ws) < SHINGLE_WORDS:
        return frozenset(zlib.crc32(w.encode()) for w in ws)
    return frozenset(zlib.crc32(" ".join(ws[i : i + SHINGLE_WORDS]).encode())
                     for i in range(len(ws) - SHINGLE_WORDS + 1))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def band_keys(shingle_set: Iterable[int]) -> tuple[int, ...]:
    """The LSH band keys of a shingle set (empty for a text without words)."""
    import numpy as np

    values = np.fromiter(shingle_set, dtype=np.uint64)
    if values.size == 0:
        return ()
    a, b = _coefficients()
    sig = ((a * values[None, :] + b) % _PRIME).min(axis=1).tolist()
    keys = []
    for band in range(BANDS):
        acc = band + 1
        for v in sig[band * ROWS : (band + 1) * ROWS]:
            acc = (acc * _PRIME + v) % ((1 << 61) - 1)
        keys.append((acc * 0x9E3779B97F4A7C15 >> 13) & _BAND_MASK)
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class TextSignature:
    """What a ledger needs to find a text's near-duplicates."""

    shingles: frozenset[int]
    bands: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> TextSignature:
        sh = shingles(text)
        return cls(sh, band_keys(sh))
