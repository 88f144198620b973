"""The post's word classes in context: the ``da.tags`` facet.

One :class:`~brandguard.lang.da.morphology.Reading` (UPOS, lemma, UD features) per
token of ``analysis.tokens``, chosen by the DDT-trained tagger with sentence
boundaries respected. Computed only when a rule reads it (most posts never need
it: rules ask only once a cheap test has found a candidate), then shared.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from ...facets import SENTENCE_START_TOKENS, Facet

if TYPE_CHECKING:
    from ...analysis import Analysis
    from .morphology import Reading


def _tags(a: Analysis) -> tuple[Reading, ...]:
    # through the per-sentence facet: a sentence a rule has already had tagged is not
    # tagged again (the readings are the same either way: context stops at sentence starts)
    return a[SENTENCE_TAGS].all()


#: Word class, lemma and features of every token, in context.
TAGS: Facet[tuple[Reading, ...]] = Facet("da.tags", _tags,
                                         requires=("tokens", "sentence_start_tokens",
                                                   "da.sentence_tags"),
                                         doc="UPOS, lemma and UD features of each token.")


class SentenceTags:
    """Readings of tokens, tagged one sentence at a time, on demand.

    A rule that needs the word class of a few tokens (a candidate pair) pays only for
    their sentences; the tagger never looks across a sentence boundary, so the
    readings are the ones tagging the whole post would give.
    """

    def __init__(self, a: Analysis) -> None:
        self._a = a
        first_tokens: frozenset[int] = a[SENTENCE_START_TOKENS]
        self._bounds = [0, *sorted(i for i in first_tokens if i > 0), len(a.tokens)]
        self._done: dict[int, tuple[Reading, ...]] = {}

    def __len__(self) -> int:
        return len(self._a.tokens)

    def __getitem__(self, i: int) -> Reading:
        if i < 0:
            i += len(self._a.tokens)
        if not 0 <= i < len(self._a.tokens):
            raise IndexError(i)
        k = bisect_right(self._bounds, i) - 1
        return self.sentence(k)[i - self._bounds[k]]

    def sentence(self, k: int) -> tuple[Reading, ...]:
        """The readings of the ``k``-th sentence's tokens (tagged on first use)."""
        got = self._done.get(k)
        if got is None:
            from .tagger import tag_tokens

            lo, hi = self._bounds[k], self._bounds[k + 1]
            got = tuple(tag_tokens(self._a.tokens[lo:hi]))
            self._done[k] = got
        return got

    def all(self) -> tuple[Reading, ...]:
        """The readings of every token of the post (each sentence tagged once)."""
        out: list[Reading] = []
        for k in range(len(self._bounds) - 1):
            out.extend(self.sentence(k))
        return tuple(out)


#: Word class, lemma and features per token, tagged sentence by sentence on first use.
SENTENCE_TAGS: Facet[SentenceTags] = Facet(
    "da.sentence_tags", SentenceTags, requires=("tokens", "sentence_start_tokens"),
    doc="The tagger's readings, one sentence at a time, only where a rule asks.")
