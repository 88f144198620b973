"""Read UD Danish-DDT CoNLL-U files (shared by the training script and the bench)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
DDT_DIR = REPO.parent / "shared" / "data" / "ud-danish-ddt"
LEIPZIG = REPO.parent / "shared" / "data" / "leipzig-da" / "dan_mixed_2014_10K-sentences.csv"
SPLITS = {"dev": DDT_DIR / "da_ddt-ud-dev.conllu", "test": DDT_DIR / "da_ddt-ud-test.conllu"}


class Token(NamedTuple):
    form: str
    lemma: str
    upos: str
    feats: str  # UD FEATS column, "_" when empty


def read_conllu(path: Path) -> list[list[Token]]:
    """Sentences of (form, lemma, upos, feats); multi-word token lines are skipped."""
    sents: list[list[Token]] = []
    cur: list[Token] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line:
            if cur:
                sents.append(cur)
                cur = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        cur.append(Token(cols[1], cols[2], cols[3], cols[5]))
    if cur:
        sents.append(cur)
    return sents


def split(name: str) -> list[list[Token]]:
    return read_conllu(SPLITS[name])


def tokens(sents: list[list[Token]]) -> Iterator[Token]:
    for s in sents:
        yield from s


# words (letters, digits, inner hyphens/apostrophes/periods as in "bl.a.", "80'erne"), else
# one character: close enough to spaCy's Danish tokens for neighbour statistics
_TOKEN = re.compile(r"\w+(?:[-'.]\w+)*|[^\w\s]")


def leipzig() -> list[list[str]]:
    """The Leipzig Corpora Collection's 10,000 Danish web sentences (CC BY), tokenised."""
    with LEIPZIG.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [_TOKEN.findall(r["text"]) for r in rows]
