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
