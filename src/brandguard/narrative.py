"""The narrative model of a policy: its themes, values and core story, compiled once.

The report gets what a post touches, whatever rules run: ``report.themes`` (each
theme with the words that touched it and their spans in ``post.text``, for a UI to
highlight), ``report.values`` and the figure ``story_fit`` (0–1, the TF-IDF cosine
between the post and the core story or an approved example, on lemmas without stop
words, compounds split into known parts). The model is part of the compiled policy
(:class:`brandguard.compiled.CompiledPolicy`); the per-post facts are the
``narrative`` facet.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from typing import TYPE_CHECKING, cast

from .boundedcache import DEFAULT_SIZE, remember
from .facets import Facet, utf16_span
from .lang.da import CommonWordsData, language_data
from .matching import TermMatcher
from .models import Span, ThemeMatch

if TYPE_CHECKING:
    from .analysis import Analysis
    from .matching import TermMatch
    from .policy import Policy

_WORD = re.compile(r"^[^\W\d_]{3,}$")
#: A word that can be (or end or start with) a story word: Latin letters of a sensible
#: length. Other words (Cyrillic, CJK, a 3,000-letter run) are content words, no story
#: word, and skip the part-by-part search (hostile text has thousands of unique ones).
_STORY_SHAPED = re.compile(r"[a-zæøåäöüéèáàêëíóúôç-]{3,48}\Z")
#: Weight of a post word the story does not use, relative to a story word.
OTHER_WORD_WEIGHT = 0.5
# Inflection endings of a story word used as a compound's last part.
_ENDINGS = ("", "e", "en", "et", "er", "erne", "ene", "n", "ne", "r", "rne", "s", "t", "ede")


# --- the compiled narrative of one policy ------------------------------------------------

@dataclass
class Facts:
    """What one post touches: themes (with spans), values, story fit, content words."""

    themes: list[ThemeMatch] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    story_fit: float | None = None
    content_words: int = 0


class Narrative:
    """The policy's narrative compiled once: matchers for themes, values, story vocabulary."""

    def __init__(self, policy: Policy) -> None:
        from brandguard.lang.da import get_lexicon, stop_words

        nar = policy.narrative
        self.policy = policy
        common = language_data("common_words", CommonWordsData).words
        # The company's own name says nothing about the story: every post may carry it.
        names = [w for n in policy.company.all_names() for w in n.lower().split()]
        self.stop = stop_words() | frozenset(w.lower() for w in common) | frozenset(names)
        self.lex = get_lexicon()
        # Themes and values in one matcher (one pass per post): term → (kind, index).
        terms: list[str] = []
        self.owner: list[tuple[str, int]] = []
        for k, theme in enumerate(nar.themes):
            for term in theme.terms:
                terms.append(term)
                self.owner.append(("theme", k))
        for k, value in enumerate(nar.values):
            for form in _value_forms(value):
                terms.append(form)
                self.owner.append(("value", k))
        self.terms = TermMatcher(terms, ("surface", "lemma", "compound"), hashtags=True)
        self._term_cache: dict[tuple[str, str], str | None] = {}
        self._word_cache: dict[tuple[str, str], tuple[bool, str | None]] = {}
        self.docs = [d for d in [nar.core_story, *nar.examples] if d.strip()]
        self._build_story()

    # The story side of the cosine: one vector per document over its vocabulary.
    def _build_story(self) -> None:
        docs = list(self.docs)
        nar = self.policy.narrative
        if self.docs and nar.themes:
            # The key messages are part of the story: their terms form one more document.
            docs.append(" ".join(term for theme in nar.themes for term in theme.terms))
        doc_terms = [self._content_terms_of_text(d) for d in docs]
        df: Counter[str] = Counter()
        for terms in doc_terms:
            df.update(set(terms))
        n = len(doc_terms)
        # Smoothed idf: with one document every word weighs the same (plain tf cosine);
        # with approved examples, words shared by all documents weigh less.
        self.idf = {t: math.log((n + 1) / (c + 0.5)) + 1.0 for t, c in df.items()}
        # A post word the story does not use weighs less than a story word: without a
        # background corpus it is most likely an everyday word (`dag`, `tak`, `holdet`).
        self.other_weight = (math.log((n + 1) / 0.5) + 1.0) * OTHER_WORD_WEIGHT
        self.vectors: list[tuple[dict[str, float], float]] = []
        for terms in doc_terms:
            vec = {t: (1 + math.log(c)) * self.idf[t] for t, c in Counter(terms).items()}
            self.vectors.append((vec, math.sqrt(sum(v * v for v in vec.values())) or 1.0))
        # Inflected forms of the story's words, for matching compounds' last parts.
        self.forms: dict[str, str] = {}
        for term in self.idf:
            for ending in _ENDINGS:
                self.forms.setdefault(term + ending, term)
        # Only parts this long can be a story word: keeps a long word linear (issue 13).
        self._longest = max(map(len, self.forms), default=0) + 1

    def _story_term(self, low: str, lemma: str) -> str | None:
        """The story word a post word is, or ends or starts with (`elregningen` → `regning`)."""
        key = (low, lemma)
        try:
            return self._term_cache[key]
        except KeyError:
            pass
        term = self._story_term_uncached(low, lemma)
        remember(self._term_cache, key, term, DEFAULT_SIZE)
        return term

    def _story_term_uncached(self, low: str, lemma: str) -> str | None:
        if lemma in self.idf:
            return lemma
        term = self.forms.get(low)
        if term is not None:
            return term
        size = len(low)
        longest = self._longest
        # last part, longest first: `elregningen` → `regningen`
        for k in range(max(2, size - longest), size - 3):
            term = self.forms.get(low[k:])
            if term is not None:
                return term
        for k in range(min(size - 3, longest), 3, -1):  # first part: `solcellepaneler` → `solcelle`
            head = low[:k]
            if head in self.idf:
                return head
            if head[-1] in "se" and head[:-1] in self.idf:
                return head[:-1]
        return None

    def _content_terms_of_text(self, text: str) -> list[str]:
        from brandguard.analysis import get_nlp

        lowers = [t.lower_ for t in get_nlp().make_doc(text) if not t.is_space]
        lemmas = self.lex.lemmatise(lowers)
        out: list[str] = []
        for low, lemma in zip(lowers, lemmas, strict=True):
            if low in self.stop or lemma in self.stop or not _WORD.match(low):
                continue
            out.append(lemma)
            out.extend(self._parts(lemma))
        return out

    def _parts(self, word: str) -> list[str]:
        """Known parts of a compound (`energirådgivning` → `energi`, `rådgivning`)."""
        if len(word) < 8 or len(word) > 48:  # (no compound analysis of longer words)
            return []
        for k in range(4, len(word) - 3):
            head, tail = word[:k], word[k:]
            for h in (head, head[:-1] if head[-1:] in "se" else None):
                if h and len(h) >= 3 and self.lex.known(h) and self.lex.known(tail):
                    return [self.lex.lemma_of(h) or h, self.lex.lemma_of(tail) or tail]
        return []

    # --- per post ---------------------------------------------------------------------------

    def facts(self, a: Analysis) -> Facts:
        """What one post touches: its themes, values and story fit."""
        facts = Facts()
        found = self.terms.find(a)
        facts.themes = self._themes(a, [m for m in found if self.owner[m.term_index][0] == "theme"])
        facts.values = self._values([m for m in found if self.owner[m.term_index][0] == "value"])
        facts.content_words, facts.story_fit = self._fit(a)
        return facts

    def _themes(self, a: Analysis, found: list[TermMatch]) -> list[ThemeMatch]:
        by_theme: dict[int, ThemeMatch] = {}
        original = a.original
        for m in found:
            k = self.owner[m.term_index][1]
            name = self.policy.narrative.themes[k].name
            tm = by_theme.setdefault(k, ThemeMatch(name=name, terms=[], spans=[]))
            start, end = a.to_original(m.start, m.end)
            u_start, u_end = utf16_span(a, start, end)
            word = original[start:end]
            if word not in tm.terms:
                tm.terms.append(word)
            tm.spans.append(Span(start=start, end=end, utf16_start=u_start, utf16_end=u_end,
                                 text=word))
        return [by_theme[k] for k in sorted(by_theme)]

    def _values(self, found: list[TermMatch]) -> list[str]:
        ks = {self.owner[m.term_index][1] for m in found}
        return [self.policy.narrative.values[k] for k in sorted(ks)]

    def _word(self, low: str, lemma: str) -> tuple[bool, str | None]:
        """Is a post word a content word, and which story word is it (remembered per word)."""
        key = (low, lemma)
        got = self._word_cache.get(key)
        if got is None:
            stop = self.stop
            content = low not in stop and lemma not in stop and _WORD.match(low) is not None
            story = content and self.vectors and _STORY_SHAPED.match(low) is not None
            got = (content, self._story_term(low, lemma) if story else None)
            remember(self._word_cache, key, got, DEFAULT_SIZE)
        return got

    def _fit(self, a: Analysis) -> tuple[int, float | None]:
        ids = a.word_ids
        keys = list(zip(map(a.lowers.__getitem__, ids), map(a.lemmas.__getitem__, ids), strict=True))
        # The remembered words in one pass in C; _word for the others (few, once warm).
        cached = list(map(self._word_cache.get, keys))
        if None in cached:
            word = self._word
            cached = [got if got is not None else word(*key)
                      for key, got in zip(keys, cached, strict=True)]
        answers = cast("list[tuple[bool, str | None]]", cached)  # (every None answered)
        # Counted in C: the story word (or None) of each content word, in text order.
        found: Counter[str | None] = Counter(compress(map(_SECOND, answers), map(_FIRST, answers)))
        content = found.total()
        other = found.pop(None, 0)
        counts = cast("Counter[str]", found)  # (None popped: story words only)
        if not self.vectors:
            return content, None
        post = {t: (1 + math.log(c)) * self.idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in post.values()) + other * self.other_weight ** 2)
        if norm == 0:
            return content, 0.0
        best = 0.0
        for vec, vnorm in self.vectors:
            dot = sum(w * vec.get(t, 0.0) for t, w in post.items())
            best = max(best, dot / (norm * vnorm))
        return content, round(best, 3)


_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


def _value_forms(value: str) -> list[str]:
    """A value and the adjective it comes from: `nysgerrighed` → `nysgerrig` (also `nysgerrige`)."""
    forms = [value]
    low = value.lower()
    if low.endswith("hed") and len(low) >= 8 and " " not in low:
        forms.append(value[:-3])
    return forms




#: What the post touches of the policy's narrative (always in the report).
NARRATIVE: Facet[Facts] = Facet("narrative", lambda a: a.ctx.compiled.narrative.facts(a),
                                requires=("context",),
                                doc="The post's themes, values and story fit.")
