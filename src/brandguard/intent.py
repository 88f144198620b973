"""What a post does, sentence by sentence: the intent layer.

Rules that judge advertising, claims, pressure and attacks share one reading of the
post (the ``INTENT`` facet), computed once: for each sentence, the *acts* it
performs, each with the span that carries it —

- ``call``: a call to act (an imperative of a contact or buy verb at a clause start,
  `Book et møde`, `så ring til os`, `Sikr dig prisen`; or `du`/`I` + such a verb,
  `hvis du skriver til mig inden den 15.`);
- ``offer``: a discount, a free item with a purchase, a price with a condition, a
  time or stock limit, a referral reward;
- ``recommend``: recommending or calling something the best choice;
- ``claim``: superlatives, comparisons and absolutes about the offer, guarantees;
- ``pressure``: monitoring, consequences or obligation aimed at colleagues who share;
- ``attack``: a negative judgement of people (customers, colleagues, competitors);

and who each sentence is about (the company or its products, a competitor). The
verb classes, cue words and patterns are Danish facts in
``lang/da/data/intent.yaml``; the company's names and products come from the
compiled policy. Everything is a handful of compiled patterns and one pass over the
tokens, so the layer costs a few tens of microseconds per post.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from .facets import facet
from .lang.da.resources import language_data

if TYPE_CHECKING:
    from .analysis import Analysis, Tok
    from .policy import Policy

#: The kinds of act a sentence can perform.
ACT_KINDS = ("call", "offer", "recommend", "claim", "pressure", "attack")


@dataclass(frozen=True, slots=True)
class Act:
    """One thing a sentence does, with the span (offsets in ``analysis.text``) that carries it."""

    kind: str
    start: int
    end: int
    sentence: int
    #: A finer label: ``buy`` or ``contact`` (an imperative of that verb class), ``you``, ``discount``, ``price``, ``limit``,
    #: ``referral``, ``superlative``, ``guarantee``, ``monitoring``, ``consequence``,
    #: ``obligation``, ``people``, ``competitor``.
    cue: str = ""
    #: The act concerns the company or its products (``own``), a competitor
    #: (``competitor``), or nobody in particular (``""``).
    about: str = ""


@dataclass(frozen=True)
class Intent:
    """What the post does: its acts, and which sentences are about the company."""

    acts: tuple[Act, ...] = ()
    #: Sentences that name the company, a product, or speak as the company (`vi`, `os`).
    own_sentences: frozenset[int] = frozenset()
    #: Sentences that name a product or the company by name.
    named_sentences: frozenset[int] = frozenset()
    #: Sentences that name a listed competitor or a generic one (`de andre i branchen`).
    competitor_sentences: frozenset[int] = frozenset()
    #: The post reads as a job advertisement (`vi søger`, `ansøgning`).
    job_ad: bool = False
    #: The post says first that it is an advert (`Reklame`, `Annonce`) or, before the
    #: fold, that the writer works for the company.
    disclosed: bool = False
    _by_kind: dict[str, tuple[Act, ...]] = field(default_factory=dict, repr=False)

    def of(self, kind: str) -> tuple[Act, ...]:
        """The acts of one kind, in text order."""
        return self._by_kind.get(kind, ())

    @property
    def commercial(self) -> tuple[Act, ...]:
        """Acts that sell the company's own offer: calls, offers and recommendations
        about it (empty for a job advertisement)."""
        if self.job_ad:
            return ()
        selling = tuple(a for a in self.acts
                        if a.kind in ("call", "offer", "recommend") and a.about == "own")
        # A lone `skriv til mig` sells nothing: it takes a product or the company named,
        # an offer, a recommendation, or more than one call.
        calls = sum(1 for a in selling if a.kind == "call")
        buy_and_service = (any(a.cue == "buy" for a in selling)
                           and any(a.cue == "service" for a in selling))
        if (self.named_sentences or calls > 1 or buy_and_service
                or any(a.kind != "call" and a.cue != "service" for a in selling)):
            return selling
        return ()


# --- compiled Danish data -------------------------------------------------------------------

def _imperative(lemma: str) -> str:
    """The imperative of a Danish infinitive: skrive → skriv, bestille → bestil."""
    if not lemma.endswith("e") or len(lemma) <= 3:
        return lemma
    stem = lemma[:-1]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouyæøå":
        stem = stem[:-1]
    return stem


@dataclass(frozen=True)
class _Data:
    imperatives: dict[str, tuple[str, str]]  # form → (lemma, class)
    needs_next: dict[str, frozenset[str]]
    fillers: frozenset[str]
    you_verbs: frozenset[str]
    job_ad: re.Pattern[str]
    not_sales: re.Pattern[str]
    offers: tuple[tuple[str, re.Pattern[str]], ...]
    recommend: re.Pattern[str]
    superlatives: re.Pattern[str]
    claim_extra: re.Pattern[str]
    guarantee: re.Pattern[str]
    not_offer: frozenset[str]
    substantiated: re.Pattern[str]
    own: re.Pattern[str]
    competitor_generic: re.Pattern[str]
    share: re.Pattern[str]
    pressure: tuple[tuple[str, re.Pattern[str]], ...]
    pressure_negation: re.Pattern[str]
    people: re.Pattern[str]
    contempt: re.Pattern[str]
    disclosed_label: re.Pattern[str]
    disclosed_employment: re.Pattern[str]


@cache
def _data() -> _Data:
    d: dict[str, Any] = language_data("intent")
    imperatives: dict[str, tuple[str, str]] = {}
    for cls, lemmas in d["verbs"].items():
        for lemma in lemmas:
            imperatives.setdefault(_imperative(lemma), (lemma, cls))
    for form, cls in d["imperative_forms"].items():
        imperatives.setdefault(form, (form, cls))
    claim = d["claim"]
    adjs = claim["adjectives"]
    sup = "|".join(sorted({*(f"{a}e?st|{a}e?ste" if not a.endswith("e") else f"{a}st|{a}ste"
                             for a in adjs), *claim["irregular_superlatives"]},
                          key=len, reverse=True))
    sup += "|mest\\s+(?:" + "|".join(a.removesuffix("e") for a in adjs) + ")e"
    flags = re.IGNORECASE
    return _Data(
        imperatives=imperatives,
        needs_next={k: frozenset(str(w) for w in v) for k, v in d["needs_next"].items()},
        fillers=frozenset(d["imperative_fillers"]),
        you_verbs=frozenset(d["you_verbs"]),
        job_ad=re.compile(d["job_ad"], flags),
        not_sales=re.compile(d["not_sales"], flags),
        offers=tuple((k, re.compile(v, flags)) for k, v in d["offer"].items()),
        recommend=re.compile(d["recommend"], flags),
        superlatives=re.compile(rf"\b(?:{sup})\b", flags),
        claim_extra=re.compile(claim["superlative_extra"], flags),
        guarantee=re.compile(claim["guarantee"], flags),
        not_offer=frozenset(claim["not_offer"]),
        substantiated=re.compile(claim["substantiated"], flags),
        own=re.compile(d["own_reference"], flags),
        competitor_generic=re.compile(d["competitor_generic"], flags),
        share=re.compile(d["pressure"]["share"], flags),
        pressure=tuple((k, re.compile(d["pressure"][k], flags))
                       for k in ("monitoring", "consequence", "obligation")),
        pressure_negation=re.compile(d["pressure"]["negation"], flags),
        people=re.compile(d["attack"]["people"], flags),
        contempt=re.compile(d["attack"]["contempt"], flags),
        disclosed_label=re.compile(d["disclosed_label"], flags),
        disclosed_employment=re.compile(d["disclosed_employment"], flags),
    )


def _names_pattern(names: list[str]) -> re.Pattern[str] | None:
    """Names as whole words, with a genitive `-s`/`'` and as the first part of a
    hyphenated compound (`SolPakkes`, `Trekant Bikes'`, `SolPakke-kunder`)."""
    names = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    if not names:
        return None
    body = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in names)
    return re.compile(rf"(?<![\w/@.])(?:{body})(?:s|'s?|-\w+|r|rne|rs|er|erne|en|ens|n|ns)?(?![\w@]|\.\w)",
                      re.IGNORECASE)


@dataclass(frozen=True)
class CompiledNames:
    """The policy's own names and competitors as patterns (one per Checker)."""

    own: re.Pattern[str] | None
    competitors: re.Pattern[str] | None


def compile_names(policy: Policy) -> CompiledNames:
    company = policy.company
    own = [*company.all_names(), *company.products]
    return CompiledNames(own=_names_pattern(own),
                         competitors=_names_pattern(list(policy.narrative.competitors)))


# --- the facet -------------------------------------------------------------------------------

@facet("intent", requires=("tokens", "sentences", "context"))
def INTENT(a: Analysis) -> Intent:
    """What each sentence does (calls, offers, recommendations, claims, pressure, attacks)."""
    return read_intent(a)


def read_intent(a: Analysis) -> Intent:
    """Compute the post's :class:`Intent` (the ``INTENT`` facet's value)."""
    d = _data()
    text = a.text
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    sents = a.sentences
    if not sents:
        return Intent()
    starts = [s.start for s in sents]

    def sent_of(pos: int) -> int:
        return max(0, bisect_right(starts, pos) - 1)

    ctx = a.context
    names = ctx.compiled.part(compile_names) if ctx is not None else CompiledNames(None, None)
    named: set[int] = set()
    if names.own is not None:
        named = {sent_of(m.start()) for m in names.own.finditer(text)}
    own = set(named) | {sent_of(m.start()) for m in d.own.finditer(lower)}
    competitor: set[int] = set()
    if names.competitors is not None:
        competitor = {sent_of(m.start()) for m in names.competitors.finditer(text)}
    generic_comp = {sent_of(m.start()) for m in d.competitor_generic.finditer(lower)}
    job_ad = d.job_ad.search(lower) is not None
    acts: list[Act] = []

    # Offers first: a call to act counts as selling when the post offers or names the offer.
    for cue, pattern in d.offers:
        for m in pattern.finditer(lower):
            k = sent_of(m.start())
            acts.append(Act("offer", m.start(), m.end(), k, cue, "own" if k in own else ""))
    offer_post = any(x.about == "own" for x in acts) or bool(named)

    # Calls to act: an imperative of a contact or buy verb at a clause start.
    acts.extend(_calls(a, d, sent_of, own, named, offer_post))

    for m in d.recommend.finditer(lower):
        k = sent_of(m.start())
        about = "own" if (k in named or (k in own and offer_post)) else ""
        acts.append(Act("recommend", m.start(), _clause_end(lower, m.end()), k, "recommend",
                        about))

    acts.extend(_claims(lower, d, sent_of, own, named, generic_comp))
    acts.extend(_pressure(lower, d, sents, sent_of))
    acts.extend(_attacks(lower, d, sents, sent_of, competitor | generic_comp, competitor))

    # One act that sells the company's offer makes the post's other calls, offers and
    # recommendations about it too (`Tag din nabo med …  Skriv til mig!`).
    selling = [x for x in acts if x.kind in ("call", "offer", "recommend")]
    if not job_ad and any(x.about == "own" for x in selling) and (named or len(selling) > 1):
        acts = [Act(x.kind, x.start, x.end, x.sentence, x.cue, "own")
                if x.kind in ("call", "offer", "recommend") and not x.about else x for x in acts]
    acts.sort(key=lambda x: (x.start, x.end))
    by_kind: dict[str, list[Act]] = {}
    for x in acts:
        by_kind.setdefault(x.kind, []).append(x)
    return Intent(acts=tuple(acts), own_sentences=frozenset(own),
                  disclosed=_disclosed(lower, d, ctx),
                  named_sentences=frozenset(named),
                  competitor_sentences=frozenset(competitor | generic_comp), job_ad=job_ad,
                  _by_kind={k: tuple(v) for k, v in by_kind.items()})


_YOU_TARGET = re.compile(r"\b(?:til\s+(?:mig|os)|hos\s+(?:os|mig)|inden|i\s+dag|nu\b|sammen)")
#: `det bedste spørgsmål, jeg har fået`: a superlative of the writer's experience.
_EXPERIENCE = re.compile(r"\s+\w+,?\s+(?:jeg|vi|du|man)\s+(?:har|havde|nogensinde|fik|har\s+fået)\b")
_CLAUSE_END = re.compile(r"[,;:!?.\n–—()]")


def _clause_end(lower: str, pos: int) -> int:
    m = _CLAUSE_END.search(lower, pos)
    end = m.start() if m else len(lower)
    return min(end, pos + 80)


_CLAUSE_BREAK = frozenset({",", ";", ":", "–", "—", "-", "(", ")", "!", "?", "."})


def _calls(a: Analysis, d: _Data, sent_of: Any, own: set[int], named: set[int],
           offer_post: bool) -> list[Act]:
    toks = a.tokens
    lower = a.text.lower() if len(a.text.lower()) == len(a.text) else a.text
    first_words = _clause_starts(a)
    out: list[Act] = []
    n = len(toks)
    for i in first_words:
        j = i
        while j < n and toks[j].lower in d.fillers:
            j = _next_word(toks, j)
            if j is None:
                break
        if j is None or j >= n:
            continue
        t = toks[j]
        hit = d.imperatives.get(t.lower)
        if hit is not None:
            lemma, cls = hit
            nxt = _next_word(toks, j)
            after = toks[nxt].lower if nxt is not None else ""
            need = d.needs_next.get(lemma)
            if need is not None:
                if after in d.fillers and lemma != "prøve":
                    nn = _next_word(toks, nxt) if nxt is not None else None
                    after = toks[nn].lower if nn is not None else ""
                if after not in need and after[:1] not in need:
                    continue
            if lemma == "huske" and after == "at":
                continue
            k = sent_of(t.start)
            end = _clause_end(lower, t.end)
            if d.not_sales.search(lower, t.start, end):
                continue  # `skriv i kommentarerne`, `tilmeld dig webinaret`
            about = "own" if (k in own or k in named or offer_post) else ""
            out.append(Act("call", t.start, end, k, cls, about))
            continue
        # `husk at bestille …`: the call is carried by the infinitive after `husk at`.
        if t.lower == "husk":
            nxt = _next_word(toks, j)
            if nxt is not None and toks[nxt].lower == "at":
                v = _next_word(toks, nxt)
                if v is not None and toks[v].lower in {f"{lm}" for lm, _ in d.imperatives.values()}:
                    k = sent_of(t.start)
                    lm_cls = next(c for lm, c in d.imperatives.values() if lm == toks[v].lower)
                    if lm_cls in ("buy", "contact"):
                        about = "own" if (k in own or offer_post) else ""
                        out.append(Act("call", t.start, _clause_end(lower, toks[v].end), k,
                                       lm_cls, about))
    # `hvis du skriver til mig`, `bestiller I to anlæg`, `I skal slå til`
    for i, t in enumerate(toks):
        if t.lower not in d.you_verbs:
            continue
        p = _prev_word(toks, i)
        nx = _next_word(toks, i)
        subj = (p is not None and toks[p].lower in ("du", "i", "man")) or (
            nx is not None and toks[nx].lower in ("du", "i"))
        if not subj:
            continue
        k = sent_of(t.start)
        rest = lower[t.end:_clause_end(lower, t.end)]
        if (k in own or k in named) and _YOU_TARGET.search(rest):
            start = toks[p].start if p is not None and toks[p].lower in ("du", "i") else t.start
            out.append(Act("call", start, _clause_end(lower, t.end), k, "you",
                           "own" if offer_post or k in named else ""))
    return out


def _next_word(toks: list[Tok], i: int) -> int | None:
    j = i + 1
    while j < len(toks) and toks[j].space:
        j += 1
    return j if j < len(toks) else None


def _prev_word(toks: list[Tok], i: int) -> int | None:
    j = i - 1
    while j >= 0 and toks[j].space:
        j -= 1
    return j if j >= 0 else None


def _clause_starts(a: Analysis) -> list[int]:
    """Token indices of the first word of each clause."""
    toks = a.tokens
    starts = {s.start for s in a.sentences}
    out: list[int] = []
    take = True
    for t in toks:
        if t.space:
            if "\n" in t.text:
                take = True
            continue
        if t.start in starts:
            take = True
        if t.punct or not any(ch.isalnum() for ch in t.text):
            if t.text in _CLAUSE_BREAK or not t.text.isascii():
                take = True
            continue
        if take:
            out.append(t.i)
            take = False
    return out


def _claims(lower: str, d: _Data, sent_of: Any, own: set[int], named: set[int],
            comp: set[int]) -> list[Act]:
    out: list[Act] = []
    substantiated = {sent_of(m.start()) for m in d.substantiated.finditer(lower)}
    for cue, pattern in (("superlative", d.superlatives), ("superlative", d.claim_extra),
                         ("guarantee", d.guarantee)):
        for m in pattern.finditer(lower):
            k = sent_of(m.start())
            if k in substantiated:
                continue
            if cue == "superlative" and pattern is d.superlatives:
                if lower[max(0, m.start() - 2):m.start()] == "i ":
                    continue  # `i bedste fald`, `i bedste fald`: an idiom
                nxt = re.match(r"[\s,]*(\w+)", lower[m.end():m.end() + 30])
                if (nxt is None or nxt.group(1) in d.not_offer or nxt.group(1).startswith("mulig")
                        or lower[m.end():m.end() + 1] == ","
                        or _EXPERIENCE.match(lower, m.end())):
                    continue
            if not ({k, k + 1} & own or {k, k + 1} & named or k in comp):
                continue
            out.append(Act("claim", m.start(), _clause_end(lower, m.end()), k, cue, "own"))
    return out


def _pressure(lower: str, d: _Data, sents: list[Any], sent_of: Any) -> list[Act]:
    if d.share.search(lower) is None:
        return []
    negated = {sent_of(m.start()) for m in d.pressure_negation.finditer(lower)}
    out: list[Act] = []
    for cue, pattern in d.pressure:
        for m in pattern.finditer(lower):
            k = sent_of(m.start())
            if k in negated:
                continue
            out.append(Act("pressure", m.start(), m.end(), k, cue))
    return out


def _attacks(lower: str, d: _Data, sents: list[Any], sent_of: Any,
             comp: set[int], named_comp: set[int]) -> list[Act]:
    out: list[Act] = []
    people = {sent_of(m.start()) for m in d.people.finditer(lower)} | named_comp
    for m in d.contempt.finditer(lower):
        k = sent_of(m.start())
        if k in people or (k - 1) in people:
            about = "competitor" if (k in comp or (k - 1) in comp) else "people"
            s = sents[k]
            out.append(Act("attack", s.start, s.end, k, about, about))
    return out


#: Characters before the »see more« fold when the channel gives none.
_DEFAULT_FOLD = 210


def _disclosed(lower: str, d: _Data, ctx: Any) -> bool:
    if d.disclosed_label.search(lower):
        return True
    fold = _DEFAULT_FOLD
    if ctx is not None:
        limit = ctx.compiled.channel_limit(ctx.post.channel, "fold")
        if limit:
            fold = limit
        for marker in ctx.policy.compliance.disclosure_markers:
            m = marker.strip().lower()
            if m and (lower.lstrip(" \t\n#[(»*-–:").startswith(m)
                      or (len(m.split()) > 1 and 0 <= lower.find(m) < fold)):
                return True
    m = d.disclosed_employment.search(lower, 0, fold + 40)
    return m is not None and m.start() < fold
