"""The narrative: does the post carry the company's core story, its key messages and values,
and stay clear of off-limits topics and competitors?

The report gets what the post touches, whatever the findings: ``report.themes``
(each theme with the words that touched it and their spans in ``post.text``,
for a UI to highlight), ``report.values`` and the figure ``story_fit`` (0–1, the
TF-IDF cosine between the post and the core story or an approved example, on
lemmas without stop words, compounds split into known parts).
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..hookspecs import hookimpl
from ..models import Span, ThemeMatch
from ..policy import Policy
from ..rule import Context, Hit, Rule, bad, bad_post, good
from ..textnorm import utf16_offsets
from ._textkit import (
    QuickMatcher,
    pack_data,
    quotes,
    sentence_index,
    sentence_tokens,
    sentence_valence,
)

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..matching import TermMatch

PACK = "narrative-da"
#: Below this many content words a post says too little for a story-fit judgement.
MIN_FIT_WORDS = 8
#: A sentence at or below this valence that names a competitor criticises it.
CRITICISM_LIMIT = -2
# Comparisons that put a competitor down (`billigere end Vestkraft`).
_COMPARISON = re.compile(r"\b(?:bedre|billigere|hurtigere|dygtigere|dårligere|ringere|værre|"
                         r"dyrere|langsommere)\s+end\b|\bi\s+modsætning\s+til\b", re.IGNORECASE)
_WORD = re.compile(r"^[^\W\d_]{3,}$")
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
        from ..lexicon import _stop_words, get_lexicon

        nar = policy.narrative
        self.policy = policy
        common = pack_data(PACK, "common_words").get("words") or []
        # The company's own name says nothing about the story: every post may carry it.
        names = [w for n in policy.company.all_names() for w in n.lower().split()]
        self.stop = _stop_words() | frozenset(w.lower() for w in common) | frozenset(names)
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
        self.terms = QuickMatcher(terms, ("surface", "lemma", "compound"), hashtags=True)
        self._term_cache: dict[tuple[str, str], str | None] = {}
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
        if len(self._term_cache) < 100_000:  # words repeat across posts; keep the cache bounded
            self._term_cache[key] = term
        return term

    def _story_term_uncached(self, low: str, lemma: str) -> str | None:
        if lemma in self.idf:
            return lemma
        term = self.forms.get(low)
        if term is not None:
            return term
        size = len(low)
        longest = getattr(self, "_longest", size)
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
        from ..analysis import get_nlp

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

    def facts(self, ctx: Context) -> Facts:
        """The post's facts, computed once per post and copied into the report."""
        def compute(a: Analysis) -> Facts:
            facts = Facts()
            found = self.terms.find(a)
            facts.themes = self._themes(a, [m for m in found if self.owner[m.term_index][0] == "theme"])
            facts.values = self._values([m for m in found if self.owner[m.term_index][0] == "value"])
            facts.content_words, facts.story_fit = self._fit(a)
            return facts
        facts = ctx.analysis.memo("narrative.facts", compute)
        if not ctx.themes and facts.themes:
            ctx.themes = list(facts.themes)
        if not ctx.values and facts.values:
            ctx.values = list(facts.values)
        if facts.story_fit is not None:
            ctx.figures["story_fit"] = facts.story_fit
        return facts

    def _themes(self, a: Analysis, found: list[TermMatch]) -> list[ThemeMatch]:
        by_theme: dict[int, ThemeMatch] = {}
        original = a.original
        for m in found:
            k = self.owner[m.term_index][1]
            name = self.policy.narrative.themes[k].name
            tm = by_theme.setdefault(k, ThemeMatch(name=name, terms=[], spans=[]))
            start, end = a.to_original(m.start, m.end)
            u_start, u_end = utf16_offsets(original, start, end)
            word = original[start:end]
            if word not in tm.terms:
                tm.terms.append(word)
            tm.spans.append(Span(start=start, end=end, utf16_start=u_start, utf16_end=u_end,
                                 text=word))
        return [by_theme[k] for k in sorted(by_theme)]

    def _values(self, found: list[TermMatch]) -> list[str]:
        ks = {self.owner[m.term_index][1] for m in found}
        return [self.policy.narrative.values[k] for k in sorted(ks)]

    def _fit(self, a: Analysis) -> tuple[int, float | None]:
        toks = a.tokens
        stop = self.stop
        content = [i for i in a.word_ids
                   if toks[i].lower not in stop and toks[i].lemma not in stop
                   and _WORD.match(toks[i].lower)]
        if not self.vectors:
            return len(content), None
        counts: Counter[str] = Counter()
        other = 0
        for i in content:
            term = self._story_term(toks[i].lower, toks[i].lemma)
            if term is None:
                other += 1
            else:
                counts[term] += 1
        post = {t: (1 + math.log(c)) * self.idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in post.values()) + other * self.other_weight ** 2)
        if norm == 0:
            return len(content), 0.0
        best = 0.0
        for vec, vnorm in self.vectors:
            dot = sum(w * vec.get(t, 0.0) for t, w in post.items())
            best = max(best, dot / (norm * vnorm))
        return len(content), round(best, 3)


def _value_forms(value: str) -> list[str]:
    """A value and the adjective it comes from: `nysgerrighed` → `nysgerrig` (also `nysgerrige`)."""
    forms = [value]
    low = value.lower()
    if low.endswith("hed") and len(low) >= 8 and " " not in low:
        forms.append(value[:-3])
    return forms


_models: dict[int, tuple[Policy, Narrative]] = {}
_models_lock = threading.Lock()


def narrative_for(policy: Policy) -> Narrative:
    """The compiled narrative of a policy, shared by every narrative rule of a Checker."""
    with _models_lock:
        entry = _models.get(id(policy))
        if entry is None or entry[0] is not policy:
            if len(_models) > 64:
                _models.clear()
            entry = (policy, Narrative(policy))
            _models[id(policy)] = entry
        return entry[1]


class _NarrativeRule(Rule):
    category = "narrative"
    pack = PACK

    def prepare(self, policy: Policy) -> None:
        self.narrative = narrative_for(policy)


# --- the rules ---------------------------------------------------------------------------

class KeyMessage(_NarrativeRule):
    id = "narrative.key-message"
    severity = "warning"
    summary = "A company post touches at least `narrative.min_themes` of the key messages."
    rationale = (
        "The company anchors its core story in a few key messages (`narrative.themes`) so the "
        "right stories get told; a programme post that touches none of them does not help "
        "the story, however well written. Terms match case-insensitively, on lemmas, as "
        "phrases, inside Danish compounds (`solcelleanlægget` touches `solcelle`) and in "
        "hashtags. The report lists the themes touched and the words that touched them. "
        "Personal posts (`kind: personal`) are not judged."
    )
    message = {
        "da": "Opslaget rører {found} af virksomhedens nøglebudskaber; mindst {required} "
              "ønskes. Vinkl det på fx {themes}.",
        "en": "The post touches {found} of the company's key messages; at least {required} "
              "are wanted. Angle it on e.g. {themes}.",
    }
    examples = [
        bad_post("Tak for en hyggelig julefrokost i går. Maden var god, og dansegulvet var "
                 "fyldt til langt ud på natten.",
                 policy={"narrative": {"min_themes": 1}},
                 suggestion="Fortæl, hvordan det hænger sammen med Grøn omstilling eller "
                            "Kundeservice."),
        bad_post("I dag har vi sat solceller op hos en familie i Vejle.",
                 policy={"narrative": {"min_themes": 2}}),
        good("Vores nye solcelleanlæg på taget i Vejle producerer allerede strøm.",
             policy={"narrative": {"min_themes": 1}}),
        good("Mange tak til kundeservicen for hjælpen med varmepumperne i dag.",
             policy={"narrative": {"min_themes": 2}}),
        good("Stolt af holdet #solceller #rådgivning", policy={"narrative": {"min_themes": 2}}),
        good("Tak for en hyggelig julefrokost i går.", policy={"narrative": {"min_themes": 1}},
             post={"kind": "personal"}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        facts = self.narrative.facts(ctx)
        required = ctx.policy.narrative.min_themes
        if ctx.post.kind == "personal" or required <= 0 or len(facts.themes) >= required:
            return
        touched = {t.name for t in facts.themes}
        missing = [t.name for t in ctx.policy.narrative.themes if t.name not in touched]
        if not missing:
            return
        names = {"da": " eller ".join(missing[:3]) if len(missing) <= 2
                 else ", ".join(missing[:2]) + " eller " + missing[2],
                 "en": " or ".join(missing[:3]) if len(missing) <= 2
                 else ", ".join(missing[:2]) + " or " + missing[2]}
        lang = ctx.lang if ctx.lang in names else "da"
        yield Hit(None, None, args={"found": len(facts.themes), "required": required,
                                    "themes": names[lang]},
                  suggestion={
                      "da": f"Fortæl, hvordan det hænger sammen med {names['da']}.",
                      "en": f"Tell how it connects to {names['en']}."})


class OffStory(_NarrativeRule):
    id = "narrative.off-story"
    severity = "info"
    summary = "A company post resembles the core story at least `narrative.min_story_fit`."
    rationale = (
        "The story fit is the TF-IDF cosine between the post and the core story "
        "(`narrative.core_story`) or its closest approved example (`narrative.examples`), on "
        "lemmas without stop words, with compounds matched by their parts. It is in the "
        "report as the figure `story_fit`. A company post far from the story is noted, "
        "not blocked: the employee may have a good reason. Posts under eight content words "
        "and personal posts are not judged."
    )
    message = {
        "da": "Opslaget ligger langt fra virksomhedens kernefortælling (lighed {fit:.2f}; "
              "mindst {limit:.2f} ønskes). Knyt det til det, vi står for.",
        "en": "The post is far from the company's core story (similarity {fit:.2f}; at least "
              "{limit:.2f} is wanted). Connect it to what we stand for.",
    }
    examples = [
        bad_post("Sikke en fodboldkamp i går aftes. Holdet spillede fantastisk, og stemningen "
                 "på stadion var helt i top hele vejen igennem.",
                 suggestion="Knyt det til det, vi står for, fx Grøn omstilling eller "
                            "Kundeservice."),
        good("I dag hjalp jeg en familie i Odense med at skifte oliefyret ud med en varmepumpe, "
             "så både regningen og udledningen falder."),
        good("Godt nytår til alle!"),
        good("Sikke en fodboldkamp i går aftes. Holdet spillede fantastisk, og stemningen "
             "på stadion var helt i top hele vejen igennem.", post={"kind": "personal"}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        facts = self.narrative.facts(ctx)
        limit = ctx.policy.narrative.min_story_fit
        fit = facts.story_fit
        if (fit is None or ctx.post.kind == "personal" or limit <= 0
                or facts.content_words < MIN_FIT_WORDS or fit >= limit):
            return
        yield Hit(None, None, args={"fit": fit, "limit": limit},
                  suggestion=_story_advice(ctx.policy))


def _story_advice(policy: Policy) -> dict[str, str]:
    """Advice that points at the policy's own story: its key messages, or its first sentence."""
    themes = [t.name for t in policy.narrative.themes][:3]
    if themes:
        da = " eller ".join([", ".join(themes[:-1]), themes[-1]] if len(themes) > 1 else themes)
        en = " or ".join([", ".join(themes[:-1]), themes[-1]] if len(themes) > 1 else themes)
        return {"da": f"Knyt det til det, vi står for, fx {da}.",
                "en": f"Connect it to what we stand for, e.g. {en}."}
    first = re.split(r"(?<=[.!?])\s", policy.narrative.core_story.strip(), maxsplit=1)[0]
    if len(first) > 140:
        first = first[:139].rstrip() + "…"
    return {"da": f"Knyt det til kernefortællingen: »{first}«",
            "en": f"Connect it to the core story: '{first}'"}


class OffLimits(_NarrativeRule):
    id = "narrative.off-limits"
    severity = "error"
    summary = "No topics the policy puts off limits (`narrative.off_limits`), each with its own severity."
    rationale = (
        "Some topics must not be discussed in the company's name at all (party politics, "
        "personnel cases, disputes): the policy lists them with their terms and a severity "
        "each. Terms match case-insensitively, on lemmas and inside compounds."
    )
    message = {
        "da": "»{match}« hører under emnet »{topic}«, som ikke skal omtales i opslag i "
              "virksomhedens navn. Slet det, eller spørg kommunikationsafdelingen.",
        "en": "'{match}' belongs to the topic '{topic}', which posts in the company's name "
              "must not discuss. Remove it or ask the communications team.",
    }
    examples = [
        bad("Husk at <marker>stemme på</marker> Grønt Parti ved valget.",
            policy={"narrative": {"off_limits": [
                {"name": "Partipolitik", "terms": ["stem på", "stemme på", "folketingsvalg"]}]}},
            suggestion="Slet det, eller spørg kommunikationsafdelingen."),
        bad("Før <marker>folketingsvalget</marker> vil jeg sige, at klimaet er vigtigt.",
            policy={"narrative": {"off_limits": [
                {"name": "Partipolitik", "terms": ["folketingsvalg"]}]}}),
        bad("Vi har en <marker>retssag</marker> kørende med en leverandør.",
            policy={"narrative": {"off_limits": [
                {"name": "Tvister", "terms": ["retssag"], "severity": "warning"}]}}),
        good("Vi har haft et godt valg af solcellepaneler i år.",
             policy={"narrative": {"off_limits": [
                 {"name": "Partipolitik", "terms": ["folketingsvalg"]}]}}),
    ]

    def prepare(self, policy: Policy) -> None:
        super().prepare(policy)
        terms: list[str] = []
        self._topic: list[int] = []
        for k, topic in enumerate(policy.narrative.off_limits):
            for term in topic.terms:
                terms.append(term)
                self._topic.append(k)
        self._matcher = QuickMatcher(terms, ("surface", "lemma", "compound"), hashtags=True)

    def check(self, ctx: Context) -> Iterator[Hit]:
        self.narrative.facts(ctx)
        if not self._matcher:
            return
        a = ctx.analysis
        topics = ctx.policy.narrative.off_limits
        for m in self._matcher.find(a):
            topic = topics[self._topic[m.term_index]]
            yield Hit(m.start, m.end, severity=topic.severity,
                      args={"match": a.text[m.start:m.end], "topic": topic.name},
                      suggestion={"da": "Slet det, eller spørg kommunikationsafdelingen.",
                                  "en": "Remove it or ask the communications team."})


def _criticised(ctx: Context, matcher: QuickMatcher) -> tuple[list[TermMatch], set[int]]:
    """Competitor mentions and the sentences (indices) that put a competitor down."""
    def compute(a: Analysis) -> tuple[list[TermMatch], set[int]]:
        found = matcher.find(a)
        if not found:
            return [], set()
        words = sentence_tokens(a)
        sents = a.sentences
        quoted = quotes(a)
        bad_sents: set[int] = set()
        for m in found:
            k = sentence_index(a, m.start)
            if k in bad_sents or k >= len(words):
                continue
            if any(s <= m.start < e for s, e in quoted):
                continue
            total, _ = sentence_valence(a, words[k])
            if total <= CRITICISM_LIMIT or _COMPARISON.search(sents[k].text):
                bad_sents.add(k)
        return found, bad_sents
    return ctx.analysis.memo("narrative.competitors", compute)


class _CompetitorRule(_NarrativeRule):
    """The two competitor rules share one matcher of the policy's competitors."""

    def prepare(self, policy: Policy) -> None:
        super().prepare(policy)
        self._matcher = _competitor_matcher(policy)


class Competitor(_CompetitorRule):
    id = "narrative.competitor"
    severity = "info"
    summary = "Competitors named in a post are noted (`narrative.competitors`)."
    rationale = (
        "Naming a competitor in the company's name gives it attention and invites comparison; "
        "most programmes leave competitors out. A mention is noted; a negative statement "
        "about a competitor is `narrative.competitor-criticism`."
    )
    message = {
        "da": "»{match}« er en konkurrent. Overvej at lade konkurrenter ude af opslag i "
              "virksomhedens navn.",
        "en": "'{match}' is a competitor. Consider leaving competitors out of posts in the "
              "company's name.",
    }
    examples = [
        bad("Jeg mødte folkene fra <marker>Vestkraft</marker> på messen i Herning.",
            suggestion="Udelad konkurrentens navn."),
        good("Vi mødte mange nye kunder på messen i Herning."),
        good("Vestenvinden gav solcellerne en kold dag."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        self.narrative.facts(ctx)
        a = ctx.analysis
        found, bad_sents = _criticised(ctx, self._matcher)
        for m in found:
            if sentence_index(a, m.start) in bad_sents:
                continue  # narrative.competitor-criticism speaks for this sentence
            yield Hit(m.start, m.end, args={"match": a.text[m.start:m.end]},
                      suggestion={"da": "Udelad konkurrentens navn.",
                                  "en": "Leave out the competitor's name."})


class CompetitorCriticism(_CompetitorRule):
    id = "narrative.competitor-criticism"
    severity = "warning"
    summary = "No negative statements about competitors."
    rationale = (
        "Running down a competitor in an employee's post looks petty, invites a public "
        "reply, and comparative claims are regulated (markedsføringsloven § 5 on comparative "
        "advertising). A sentence that names a competitor and is negative (Danish sentiment "
        "lexicon, negations flipped) or compares (`billigere end`, `i modsætning til`) is "
        "flagged."
    )
    message = {
        "da": "Sætningen taler negativt om konkurrenten {match}. Fortæl hellere, hvad vi selv "
              "gør godt.",
        "en": "The sentence speaks negatively about the competitor {match}. Tell what we do "
              "well instead.",
    }
    examples = [
        bad("<marker>Vestkraft har elendig service og dårlige montører.</marker>",
            suggestion="Fortæl, hvad vi selv gør godt."),
        bad("Messen var god. <marker>Vi er billigere end Vestkraft og hurtigere til at "
            "montere.</marker>"),
        good("Jeg mødte folkene fra Vestkraft på messen; det var en god snak om branchen."),
        good("Vores montører har elendige arbejdsforhold på taget i regnvejr, men de smiler."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        self.narrative.facts(ctx)
        a = ctx.analysis
        found, bad_sents = _criticised(ctx, self._matcher)
        sents = a.sentences
        for k in sorted(bad_sents):
            names = [a.text[m.start:m.end] for m in found if sentence_index(a, m.start) == k]
            yield Hit(sents[k].start, sents[k].end, args={"match": f"»{names[0]}«"},
                      suggestion={"da": "Fortæl, hvad vi selv gør godt.",
                                  "en": "Tell what we do well ourselves."})


def _competitor_matcher(policy: Policy) -> QuickMatcher:
    return QuickMatcher(policy.narrative.competitors, ("surface", "lemma"), hashtags=True)


@hookimpl
def brandguard_rules() -> list[Rule]:
    return [KeyMessage(), OffStory(), OffLimits(), Competitor(), CompetitorCriticism()]
