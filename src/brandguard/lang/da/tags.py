"""The post's word classes in context: the ``da.tags`` facet.

One :class:`~brandguard.lang.da.morphology.Reading` (UPOS, lemma, UD features) per
token of ``analysis.tokens``, chosen by the DDT-trained tagger with sentence
boundaries respected. Computed only when a rule reads it (most posts never need
it: rules ask only once a cheap test has found a candidate), then shared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...facets import SENTENCE_START_TOKENS, Facet

if TYPE_CHECKING:
    from ...analysis import Analysis
    from .morphology import Reading


def _tags(a: Analysis) -> tuple[Reading, ...]:
    from .tagger import tag_tokens

    starts: frozenset[int] = a[SENTENCE_START_TOKENS]
    return tuple(tag_tokens(a.tokens, sentence_starts=starts))


#: Word class, lemma and features of every token, in context.
TAGS: Facet[tuple[Reading, ...]] = Facet("da.tags", _tags,
                                         requires=("tokens", "sentence_start_tokens"),
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
        from bisect import bisect_right

        k = bisect_right(self._bounds, i) - 1
        got = self._done.get(k)
        if got is None:
            from .tagger import tag_tokens

            lo, hi = self._bounds[k], self._bounds[k + 1]
            got = tuple(tag_tokens(self._a.tokens[lo:hi]))
            self._done[k] = got
        return got[i - self._bounds[k]]


#: Word class, lemma and features per token, tagged sentence by sentence on first use.
SENTENCE_TAGS: Facet[SentenceTags] = Facet(
    "da.sentence_tags", SentenceTags, requires=("tokens", "sentence_start_tokens"),
    doc="The tagger's readings, one sentence at a time, only where a rule asks.")
