"""Danish sentiment: word valences (AFINN-da) and the valence of a sentence."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from ...datafiles import DataModel, Word
from .resources import language_data

if TYPE_CHECKING:
    from ...analysis import Analysis



class SentimentData(DataModel):
    """``data/sentiment.yaml``: words AFINN lacks or scores wrongly for posts, −5 … 5."""

    data_file: ClassVar[str] = "sentiment"

    scores: dict[Word, Annotated[int, Field(ge=-5, le=5)]]


_sentiment_lock = threading.Lock()
_sentiment: dict[str, int] | None = None


def sentiment_lexicon() -> dict[str, int]:
    """Danish word → valence (−5…+5): AFINN-da (Finn Årup Nielsen, ODbL 1.0) with our overrides.

    The AFINN word list is read from the ``afinn`` distribution's data file (its
    Python code is never imported); ``lang/da/data/sentiment.yaml`` adds
    workplace words and corrects entries. Loaded once, on first use.
    """
    global _sentiment
    if _sentiment is None:
        with _sentiment_lock:
            if _sentiment is None:
                table: dict[str, int] = {}
                path = _afinn_path()
                if path is not None:
                    for line in path.read_text(encoding="utf-8").splitlines():
                        word, _, score = line.rpartition("\t")
                        if word and score.lstrip("-").isdigit():
                            table[word.strip().lower()] = int(score)
                extra = language_data("sentiment", SentimentData)
                for word, score in (extra.get("scores") or {}).items():
                    table[str(word).lower()] = int(score)
                _sentiment = table
    return _sentiment


def _afinn_path() -> Path | None:
    spec = find_spec("afinn")  # locates the package without running its code
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "data" / "AFINN-da-32.txt"
        if path.is_file():
            return path
    return None


_NEGATORS = frozenset({"ikke", "aldrig", "ingen", "intet", "hverken", "uden"})
_negative: frozenset[str] | None = None


def negative_cues() -> frozenset[str]:
    """The words without which no sentence has a negative valence: the lexicon's negative
    words and the negators (a negator turns a positive word round). A post none of whose
    forms or lemmas is one needs no :func:`sentence_valence`."""
    global _negative
    if _negative is None:
        _negative = frozenset(w for w, score in sentiment_lexicon().items() if score < 0) \
            | _NEGATORS
    return _negative


def sentence_valence(analysis: Analysis, token_ids: Sequence[int]) -> tuple[int, int]:
    """(sum, most negative word score) of a sentence's words; a negator flips the next two."""
    lex = sentiment_lexicon()
    toks = analysis.tokens
    total = 0
    worst = 0
    flip = 0
    for i in token_ids:
        low = toks[i].lower
        if low in _NEGATORS:
            flip = 2
            continue
        score = lex.get(low)
        if score is None:
            score = lex.get(toks[i].lemma)
        if score:
            if flip:
                score = -score if score < 0 else -min(score, 1)
            total += score
            worst = min(worst, score)
        if flip:
            flip -= 1
    return total, worst
