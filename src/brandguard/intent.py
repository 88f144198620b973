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
import sys
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, count
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from . import diskcache, regexgate
from .analysis import blank_long_words
from .facets import FOLDED_TEXT, LOWER_TEXT, facet
from .lang.da.resources import IntentData, language_data
from .regexgate import GatedPattern, StartScan, required_substrings, scan_source

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
    #: Offer words read as no offer (a discount the writer or the company receives):
    #: spans other readers of offers should leave alone too.
    not_offers: tuple[tuple[int, int], ...] = ()
    _by_kind: dict[str, tuple[Act, ...]] = field(default_factory=dict, repr=False)

    def of(self, kind: str) -> tuple[Act, ...]:
        """The acts of one kind, in text order."""
        return self._by_kind.get(kind, ())

    @property
    def commercial(self) -> tuple[Act, ...]:
        """Acts that sell the company's own offer: calls, offers and recommendations
        about it (in a job advertisement, offers and recommendations only)."""
        selling = tuple(a for a in self.acts
                        if a.kind in ("call", "offer", "recommend") and a.about == "own")
        if self.job_ad:
            # `send dem linket til opslaget` in a job ad recruits, it does not sell; an
            # offer or a recommendation in the same post still does.
            selling = tuple(a for a in selling if a.kind != "call")
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

def _split_top(p: str) -> list[str]:
    """The top-level alternatives of a regular expression."""
    out: list[str] = []
    cur: list[str] = []
    depth, i, in_class = 0, 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            cur.append(p[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


_LETTERS = re.compile(r"[a-zæøåé'%]+")


def _group_end(p: str, start: int) -> int:
    """Index of the ``)`` closing the group opened at ``p[start]``."""
    depth, i, in_class = 0, start, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(p)


#: What :class:`_Rx` runs for a pattern: the fast pattern's text (or None), its gates
#: (None: no gate), the infixes, and for each slow alternative its text, gates and
#: :func:`~brandguard.regexgate.scan_source`. Plain data: kept in the cache folder.
_RxPlan = tuple[str | None, tuple[str, ...] | None, tuple[str, ...],
                tuple[tuple[str, tuple[str, ...] | None, str | None], ...]]


def _rx_plan(pattern: str) -> _RxPlan:
    """How :class:`_Rx` runs ``pattern`` (read from its parse tree: a few milliseconds)."""
    body = pattern.removeprefix("\\b")
    infixes: list[str] = []
    alts, tail = [body], ""
    if body.startswith("(?:"):
        end = _group_end(body, 0)
        if end < len(body) and _split_top(body) == [body]:
            alts, tail = _split_top(body[3:end]), body[end + 1:]
    by_letter: dict[str, list[str]] = {}
    slow: list[tuple[str, tuple[str, ...] | None, str | None]] = []
    # The fast pattern runs only when one of its alternatives' gates is in the
    # text: for each, the rarest word every match of it contains (`halv` of `til
    # halv pris`, not the `til` every post has). None: some alternative has none.
    fast_gates: set[str] | None = set()
    for alt in alts:
        for lead in ("\\w*", "\\w+"):
            if alt.startswith(lead):
                alt = alt[len(lead):]
                lit = _LETTERS.match(alt)
                if lit:
                    infixes.append(lit.group())
        if _LETTERS.match(alt) and alt[1:2] not in ("?", "*", "+", "{"):
            by_letter.setdefault(alt[0], []).append(alt[1:])
            g = required_substrings(alt, exact=True)
            if g is None or fast_gates is None:
                fast_gates = None
            else:
                fast_gates |= g
        else:
            gates = required_substrings(alt, exact=True)
            source = f"(?:{alt}){tail}"
            slow.append((source, tuple(sorted(gates)) if gates is not None else None,
                         scan_source(re.compile(source))))
    fast = "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in by_letter.items())
    return (f"(?:{fast}){tail}" if fast else None,
            tuple(sorted(fast_gates)) if fast_gates is not None else None,
            tuple(infixes), tuple(slow))


_SPAN = re.Match.span


class _Rx:
    """A pattern over lower-cased text, made fast for Python's regex engine.

    ``\\b(?:a|b|…)`` is compiled without IGNORECASE (the text is lower-cased) and
    without the leading ``\\b`` (checked on each match). The alternatives that start
    with a letter are grouped by that letter (``k(?:un…|øb…)``), so the engine skips
    ahead to those letters; the others (led by a digit, a group or a lookbehind) run
    only when one of their gate substrings (regexgate, read as written) is in the
    text, each through :class:`~brandguard.regexgate.StartScan` (which skips ahead to
    the characters a match can start with). An alternative written ``\\w*X`` matches
    X inside a word (`julerabat`); its match is widened to the word."""

    __slots__ = ("_fast", "_fast_source", "gates", "infixes", "slow")

    def __init__(self, plan: _RxPlan) -> None:
        fast_source, gates, infixes, slow = plan
        # Compiled on first use: most posts pass none of a pattern's gates, and compiling
        # every pattern of the file was most of the intent layer's first use.
        self._fast_source = fast_source
        self._fast: re.Pattern[str] | None = None
        self.slow = tuple((StartScan(source, scan), alt_gates) for source, alt_gates, scan in slow)
        self.infixes = infixes
        #: Substrings one of which every match of the fast pattern contains (None: no gate).
        self.gates = gates

    def finditer(self, lower: str) -> Iterator[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        has = lower.__contains__  # the gates are tested in C: map, not a generator
        if self._fast_source is not None and (self.gates is None or any(map(has, self.gates))):
            fast = self._fast
            if fast is None:  # (two threads at once only compile it twice)
                fast = self._fast = re.compile(self._fast_source)
            spans.extend(map(_SPAN, fast.finditer(lower)))  # (in C: no generator frame)
        for scan, gates in self.slow:
            if gates is None or any(map(has, gates)):
                spans.extend(scan.spans(lower))
        if len(self.slow) > 0:
            spans.sort()
        for start, end in spans:
            if start > 0 and lower[start - 1].isalnum() and lower[start].isalnum():
                if not any(lower.startswith(x, start) for x in self.infixes):
                    continue
                while start > 0 and lower[start - 1].isalnum():
                    start -= 1
            yield start, end

    def search(self, lower: str) -> bool:
        return next(iter(self.finditer(lower)), None) is not None


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
    job_ad: _Rx
    not_sales: StartScan
    offers: tuple[tuple[str, _Rx], ...]
    recommend: _Rx
    superlatives: frozenset[str]
    mest_forms: frozenset[str]
    claim_extra: _Rx
    comparison_end: re.Pattern[str]
    guarantee: _Rx
    not_offer: frozenset[str]
    substantiated: _Rx
    own: _Rx
    competitor_generic: _Rx
    share: _Rx
    pressure: tuple[tuple[str, _Rx], ...]
    pressure_negation: _Rx
    people: _Rx
    contempt: _Rx
    contempt_words: frozenset[str]
    copulas: frozenset[str]
    degree: frozenset[str]
    nobody: _Rx
    beat_verbs: frozenset[str]
    own_targets: frozenset[str]
    not_comparatives: frozenset[str]
    comparatives: frozenset[str]
    group_count: StartScan
    deficit: StartScan
    noticing: StartScan
    #: Every form of the work-contempt stems (`sjusket`, `skodarbejde`): a set test.
    work_forms: frozenset[str]
    feelings: frozenset[str]
    single_people: frozenset[str]
    feeling_comparatives: frozenset[str]
    pro_verbs: frozenset[str]
    competitor_previous: _Rx
    disclosed_label: re.Pattern[str]
    disclosed_employment: StartScan
    #: Words without one of which a post has no call (an imperative, a you-verb,
    #: `husk`) and no superlative claim: the token loops are skipped (a C-level test).
    call_words: frozenset[str] = frozenset()
    claim_words: frozenset[str] = frozenset()


@cache
def _data() -> _Data:
    d = language_data("intent", IntentData)  # validated once: a broken file names file, line, key
    built: list[_Data] = []

    def derive(_: bytes) -> dict[str, dict[str, Any]]:
        planner = _Planner(None)
        built.append(_build(d, planner))
        return planner.made

    code = _plan_code()
    if code is None:  # (the modules' source is not at hand: no cache)
        return _build(d, _Planner(None))
    # The plans are a function of the file's texts and of the code that derives them
    # (this module and regexgate; Python's re): a change to either is a new entry.
    stored = diskcache.cached("intent-plans", repr(d.model_dump()).encode() + code, derive,
                              schema=1)
    return built[0] if built else _build(d, _Planner(stored))


def _plan_code() -> bytes | None:
    try:
        return b"".join(Path(m).read_bytes() for m in (__file__, regexgate.__file__)) \
            + sys.version.encode()
    except (OSError, TypeError):  # (TypeError: a module without a file)
        return None


class _Planner:
    """Makes the patterns of :class:`_Data` from their plans: the ``stored`` ones (read back
    from the cache folder), else derived; ``made`` holds every plan used, to be stored."""

    def __init__(self, stored: Any) -> None:
        ok = isinstance(stored, dict) and isinstance(stored.get("rx"), dict) \
            and isinstance(stored.get("scan"), dict)
        self._rx: dict[str, Any] = stored["rx"] if ok else {}
        self._scan: dict[str, Any] = stored["scan"] if ok else {}
        self.made: dict[str, dict[str, Any]] = {"rx": {}, "scan": {}}

    def rx(self, pattern: str) -> _Rx:
        stored = self._rx.get(pattern)
        # (absent, or a damaged entry: derived again)
        plan: _RxPlan = stored if _is_rx_plan(stored) else _rx_plan(pattern)
        self.made["rx"][pattern] = plan
        return _Rx(plan)

    def scan(self, pattern: str) -> StartScan:
        """``StartScan(re.compile(pattern))``, compiled on first use."""
        source = self._scan.get(pattern, _UNSET)
        if not (source is None or isinstance(source, str)):
            source = scan_source(re.compile(pattern))
        self.made["scan"][pattern] = source
        return StartScan(pattern, source)


_UNSET = object()


def _is_rx_plan(plan: Any) -> TypeGuard[_RxPlan]:
    def texts(x: Any) -> bool:
        return isinstance(x, tuple) and all(isinstance(t, str) for t in x)

    return (isinstance(plan, tuple) and len(plan) == 4
            and (plan[0] is None or isinstance(plan[0], str))
            and (plan[1] is None or texts(plan[1])) and texts(plan[2])
            and isinstance(plan[3], tuple)
            and all(isinstance(a, tuple) and len(a) == 3 and isinstance(a[0], str)
                    and (a[1] is None or texts(a[1])) and (a[2] is None or isinstance(a[2], str))
                    for a in plan[3]))


def _build(d: IntentData, plans: _Planner) -> _Data:
    imperatives: dict[str, tuple[str, str]] = {}
    for cls, lemmas in d["verbs"].items():
        for lemma in lemmas:
            imperatives.setdefault(_imperative(lemma), (lemma, cls))
    for form, cls in d["imperative_forms"].items():
        imperatives.setdefault(form, (form, cls))
    claim = d["claim"]
    adjs = claim["adjectives"]
    sup_forms = {*claim["irregular_superlatives"]}
    for adj in adjs:
        sup_forms |= ({f"{adj}st", f"{adj}ste"} if adj.endswith("e")
                      else {f"{adj}st", f"{adj}ste", f"{adj}est", f"{adj}este"})
    att = d["attack"]
    return _Data(
        imperatives=imperatives,
        needs_next={k: frozenset(str(w) for w in v) for k, v in d["needs_next"].items()},
        fillers=frozenset(d["imperative_fillers"]),
        you_verbs=frozenset(d["you_verbs"]),
        job_ad=plans.rx(d["job_ad"]),
        not_sales=plans.scan(d["not_sales"]),
        offers=tuple((k, plans.rx(v)) for k, v in d["offer"].items()),
        recommend=plans.rx(d["recommend"]),
        superlatives=frozenset(sup_forms),
        mest_forms=frozenset(f"{a.removesuffix('e')}e" for a in adjs),
        claim_extra=plans.rx(claim["superlative_extra"]),
        comparison_end=re.compile(claim["comparison_end"]),
        guarantee=plans.rx(claim["guarantee"]),
        not_offer=frozenset(claim["not_offer"]),
        substantiated=plans.rx(claim["substantiated"]),
        own=plans.rx(d["own_reference"]),
        competitor_generic=plans.rx(d["competitor_generic"]),
        share=plans.rx(d["pressure"]["share"]),
        pressure=tuple((k, plans.rx(d["pressure"][k]))
                       for k in ("monitoring", "consequence", "obligation")),
        pressure_negation=plans.rx(d["pressure"]["negation"]),
        people=plans.rx(d["attack"]["people"]),
        contempt=plans.rx(att["contempt"]),
        contempt_words=frozenset(att["contempt_words"]),
        copulas=frozenset(att["copulas"]),
        nobody=plans.rx(claim["nobody"]),
        beat_verbs=frozenset(claim["beat_verbs"]),
        own_targets=frozenset(claim["own_targets"]),
        not_comparatives=frozenset(claim["not_comparatives"])
        | frozenset(claim["feeling_comparatives"]),
        feeling_comparatives=frozenset(claim["feeling_comparatives"]),
        comparatives=frozenset(f"{a}ere" if not a.endswith("e") else f"{a}re" for a in adjs)
        | {"bedre", "mere", "flere", "større", "billigere", "stærkere"},
        # (searched through StartScan: led by \b, re would try them at every place)
        group_count=plans.scan(d["pressure"]["group_count"]),
        deficit=plans.scan(d["pressure"]["deficit"]),
        noticing=plans.scan(d["pressure"]["noticing"]),
        work_forms=_work_forms(att),
        feelings=frozenset(claim["feelings"]),
        single_people=frozenset(claim["single_people"]),
        pro_verbs=frozenset(claim["pro_verbs"]),
        competitor_previous=plans.rx(att["competitor_previous"]),
        degree=frozenset(att["degree"]),
        # Not gated: both are tried on the post's start only (before the fold); the label
        # is anchored (`^`: a StartScan would make it slower), the employment is not.
        disclosed_label=re.compile(d["disclosed_label"]),
        disclosed_employment=plans.scan(d["disclosed_employment"]),
        call_words=frozenset(imperatives) | frozenset(d["you_verbs"]) | {"husk"},
        claim_words=frozenset(sup_forms) | {"mest"},
    )


_COMPOUND_ENDINGS = frozenset({"arbejde", "arbejdet", "earbejde", "løsning", "løsninger",
                               "kvalitet", "montage", "agtig", "agtigt", "agtige"})


def _work_forms(att: Any) -> frozenset[str]:
    """The work-contempt stems with their endings (`sjusk` → sjusket, sjuskeri …)."""
    only = frozenset(att["compound_only"])
    return frozenset(stem + end for stem in att["work_contempt"] for end in ("", *att["work_endings"])
                     if stem not in only or end in _COMPOUND_ENDINGS)


def _names_pattern(names: Sequence[str]) -> GatedPattern | None:
    """Names as whole words, with a genitive `-s`/`'` and as the first part of a
    hyphenated compound (`SolPakkes`, `Trekant Bikes'`, `SolPakke-kunder`)."""
    names = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    if not names:
        return None
    body = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in names)
    return GatedPattern(rf"(?<![\w/@.])(?:{body})(?:s|'s?|-\w+|r|rne|rs|er|erne|en|ens|n|ns)?(?![\w@]|\.\w)",
                        re.IGNORECASE)


@dataclass(frozen=True)
class CompiledNames:
    """The policy's own names and competitors as patterns (one per Checker)."""

    own: GatedPattern | None
    competitors: GatedPattern | None


def compile_names(policy: Policy) -> CompiledNames:
    company = policy.company
    own = [*company.all_names(), *company.products]
    return CompiledNames(own=_names_pattern(own),
                         competitors=_names_pattern(list(policy.narrative.competitors)))


# --- the facet -------------------------------------------------------------------------------

@facet("intent", requires=("tokens", "sentences", "context", "lower_text", "folded_text"))
def INTENT(a: Analysis) -> Intent:
    """What each sentence does (calls, offers, recommendations, claims, pressure, attacks)."""
    return read_intent(a)


def read_intent(a: Analysis) -> Intent:
    """Compute the post's :class:`Intent` (the ``INTENT`` facet's value)."""
    d = _data()
    text = a.text
    lower = blank_long_words(a[LOWER_TEXT])  # (the patterns' \w* inside no long run)
    folded = a[FOLDED_TEXT]
    sents = a.sentences
    if not sents:
        return Intent()
    starts = [s.start for s in sents]

    def sent_of(pos: int) -> int:
        return max(0, bisect_right(starts, pos) - 1)

    ctx = a.context
    names = ctx.compiled.part(compile_names) if ctx is not None else CompiledNames(None, None)
    named: set[int] = set()
    #: Where the company's names and products start (`end Nordlys Energi`).
    name_starts: set[int] = set()
    if names.own is not None:
        name_starts = {m.start() for m in names.own.finditer(text, folded)}
        named = {sent_of(p) for p in name_starts}
    own = set(named) | {sent_of(s0) for s0, _ in d.own.finditer(lower)}
    competitor: set[int] = set()
    if names.competitors is not None:
        competitor = {sent_of(m.start()) for m in names.competitors.finditer(text, folded)}
    job_ad = d.job_ad.search(lower)
    if ctx is not None and ctx.post.kind != "company":
        job_ad = ctx.post.kind == "job-ad"  # the kind given overrides the text's signals
    acts: list[Act] = []
    not_offers: list[tuple[int, int]] = []

    # Offers first: a call to act counts as selling when the post offers or names the offer.
    for cue, pattern in d.offers:
        for s0, e0 in pattern.finditer(lower):
            k = sent_of(s0)
            # A discount the company or the writer gets (`vi har fået rabat på …`) is
            # no offer of its own.
            received = cue == "discount" and _RECEIVED.search(lower, max(0, s0 - 25), s0)
            if received:
                not_offers.append((s0, e0))
            acts.append(Act("offer", s0, e0, k, cue, "own" if k in own and not received
                            else ""))
    offer_post = any(x.about == "own" for x in acts) or bool(named)

    # Calls to act: an imperative of a contact or buy verb at a clause start.
    acts.extend(_calls(a, d, sent_of, own, named, offer_post, lower))

    for s0, e0 in d.recommend.finditer(lower):
        k = sent_of(s0)
        about = "own" if (k in named or (k in own and offer_post)) else ""
        acts.append(Act("recommend", s0, _clause_end(lower, e0), k, "recommend",
                        about))

    # Generic competitors (`de andre i branchen`) matter only to claims and attacks.
    generic: list[set[int]] = []

    def generic_comp() -> set[int]:
        if not generic:
            generic.append({sent_of(s0) for s0, _ in d.competitor_generic.finditer(lower)})
        return generic[0]

    acts.extend(_claims(a, lower, d, sent_of, own, named, generic_comp))
    acts.extend(_nobody_better(a, lower, d, sent_of, name_starts))
    acts.extend(_pressure(lower, d, sent_of, sents))
    acts.extend(_attacks(a, lower, d, sents, sent_of, generic_comp, competitor))

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
                  competitor_sentences=frozenset(competitor.union(*generic)), job_ad=job_ad,
                  not_offers=tuple(not_offers),
                  _by_kind={k: tuple(v) for k, v in by_kind.items()})


#: Just before a discount: the writer or the company receives it.
_RECEIVED = re.compile(r"\b(?:vi|jeg|os|mig)\s+(?:har\s+|havde\s+)?(?:fået|fik|får)"
                       r"(?:\s+\w+){0,2}\s+$|\b(?:har|havde)\s+(?:vi|jeg)\s+fået"
                       r"(?:\s+\w+){0,2}\s+$|\bfik\s+(?:vi|jeg)(?:\s+\w+){0,2}\s+$")
_YOU_TARGET = re.compile(r"\b(?:til\s+(?:mig|os)|hos\s+(?:os|mig)|inden|i\s+dag|nu\b|sammen)")
#: `det bedste spørgsmål, jeg har fået`: a superlative of the writer's experience.
_EXPERIENCE = re.compile(r"\s+\w+,?\s+(?:jeg|vi|du|man)\s+(?:har|havde|nogensinde|fik|har\s+fået)\b")
_CLAUSE_END = re.compile(r"[,;:!?.\n–—()]")


def _clause_end(lower: str, pos: int) -> int:
    # Searched within the 80 characters it may return: unbounded, each call scanned to
    # the end of a text without punctuation (6,400 calls in 32,000 characters: 0.9 s).
    m = _CLAUSE_END.search(lower, pos, pos + 80)
    return m.start() if m else min(len(lower), pos + 80)


_CLAUSE_BREAK = frozenset({",", ";", ":", "–", "—", "-", "(", ")", "!", "?", "."})


def _calls(a: Analysis, d: _Data, sent_of: Any, own: set[int], named: set[int],
           offer_post: bool, lower: str) -> list[Act]:
    if d.call_words.isdisjoint(a.lowers):
        return []
    toks = a.tokens
    starts = {s.start for s in a.sentences}
    out: list[Act] = []
    imperatives = d.imperatives
    # Only the imperatives, `husk` and the you-verbs (call_words; positions found in C).
    for j in compress(count(), map(d.call_words.__contains__, a.lowers)):
        t = toks[j]
        word = t.lower
        if word not in imperatives and word != "husk":
            if word in d.you_verbs:
                out.extend(_you_call(toks, j, lower, sent_of, own, named, offer_post))
            continue
        if not _at_clause_start(toks, j, starts, d.fillers):
            continue
        hit = imperatives.get(word)
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
    return out


def _you_call(toks: Sequence[Tok], i: int, lower: str, sent_of: Any, own: set[int],
              named: set[int], offer_post: bool) -> list[Act]:
    """`hvis du skriver til mig inden …`, `bestiller I to anlæg sammen`."""
    t = toks[i]
    p = _prev_word(toks, i)
    nx = _next_word(toks, i)
    subj = (p is not None and toks[p].lower in ("du", "i", "man")) or (
        nx is not None and toks[nx].lower in ("du", "i"))
    if not subj:
        return []
    k = sent_of(t.start)
    end = _clause_end(lower, t.end)
    if not ((k in own or k in named) and _YOU_TARGET.search(lower, t.end, end)):
        return []
    start = toks[p].start if p is not None and toks[p].lower in ("du", "i") else t.start
    return [Act("call", start, end, k, "you", "own" if offer_post or k in named else "")]


def _at_clause_start(toks: Sequence[Tok], j: int, starts: set[int], fillers: frozenset[str]) -> bool:
    """Token ``j`` opens a clause: it starts a sentence or a line, follows a clause
    break (, ; : – and the like, or an emoji), perhaps after fillers (`så`, `og`, `bare`)."""
    i = j
    while True:
        if toks[i].start in starts:
            return True
        p = i - 1
        while p >= 0 and toks[p].space:
            if "\n" in toks[p].text:
                return True
            p -= 1
        if p < 0:
            return True
        prev = toks[p]
        if prev.punct or not any(ch.isalnum() for ch in prev.text):
            return True
        if prev.lower in fillers:
            i = p
            continue
        return False


def _next_word(toks: Sequence[Tok], i: int) -> int | None:
    j = i + 1
    while j < len(toks) and toks[j].space:
        j += 1
    return j if j < len(toks) else None


def _prev_word(toks: Sequence[Tok], i: int) -> int | None:
    j = i - 1
    while j >= 0 and toks[j].space:
        j -= 1
    return j if j >= 0 else None


def _claims(a: Analysis, lower: str, d: _Data, sent_of: Any, own: set[int], named: set[int],
            comp: Any) -> list[Act]:
    found: list[tuple[str, int, int, bool]] = []
    toks = a.tokens
    # Only the superlatives and `mest` (their positions found in C).
    for j in compress(count(), map(d.claim_words.__contains__, a.lowers)):
        t = toks[j]
        word = t.lower
        if word in d.superlatives:
            s0, e0 = t.start, t.end
        elif word == "mest":
            nx = _next_word(toks, j)
            if nx is None or toks[nx].lower not in d.mest_forms:
                continue
            s0, e0 = t.start, toks[nx].end
        else:
            continue
        if lower[max(0, s0 - 2):s0] == "i ":
            continue  # `i bedste fald`: an idiom
        nxt = re.match(r"[\s,]*(\w+)", lower[e0:e0 + 30])
        if (nxt is None or nxt.group(1) in d.not_offer or nxt.group(1).startswith("mulig")
                or lower[e0:e0 + 1] == "," or _EXPERIENCE.match(lower, e0)
                or _verb_after(nxt.group(1), attributive=word.endswith("e"))):
            continue
        found.append(("superlative", s0, e0, True))
    extra = list(d.claim_extra.finditer(lower))
    if "end" in a.lowers:
        extra.extend(m.span() for m in d.comparison_end.finditer(lower))
    found.extend(("superlative", s0, e0, False) for s0, e0 in extra
                 if not _feeling(lower[s0:_clause_end(lower, e0)], d)
                 and not _person_standard(a.text, lower, e0, d))
    found.extend(("guarantee", s0, e0, False) for s0, e0 in d.guarantee.finditer(lower))
    if not found:
        return []
    substantiated = {sent_of(s0) for s0, _ in d.substantiated.finditer(lower)}
    out: list[Act] = []
    for cue, s0, e0, _plain in sorted(found, key=lambda f: f[1]):
        k = sent_of(s0)
        if k in substantiated:
            continue
        if not ({k, k + 1} & own or {k, k + 1} & named or k in comp()):
            continue
        out.append(Act("claim", s0, _clause_end(lower, e0), k, cue, "own"))
    return out


def _comparative(word: str, d: _Data) -> bool:
    """An adjective or adverb in the comparative (`bedre`, `hurtigere`, `mere støjsvag`)."""
    if word in d.not_comparatives:
        return False
    if word in d.comparatives:
        return True
    if not word.endswith("re") or len(word) < 5:
        return False
    from .lang.da.morphology import readings
    return any(r.upos in ("ADJ", "ADV") and "Degree=Cmp" in r.feats for r in readings(word))


def _nobody_better(a: Analysis, lower: str, d: _Data, sent_of: Any,
                   name_starts: set[int]) -> list[Act]:
    """`Ingen i Danmark gør det bedre end os`, `der er ikke nogen, der slår Nordlys
    Varmepumpe`: a negative universal, then in the same sentence a comparative with
    `end` + the company, or a verb of beating with the company as its object."""
    if "end" not in a.lowers and d.beat_verbs.isdisjoint(a.lowers):
        return []  # neither `bedre end os` nor `slår os` can follow
    hits = list(d.nobody.finditer(lower))
    if not hits:
        return []
    toks = a.tokens
    sents = a.sentences
    starts: list[int] = []
    out: list[Act] = []

    def own_at(j: int | None) -> bool:
        if j is None:
            return False
        if toks[j].lower == "vi":
            # `end vi gør`: a pro-verb, then the clause ends; not `end vi har aftalt`.
            v = _next_word(toks, j)
            if v is None or toks[v].punct:
                return True
            after = _next_word(toks, v)
            return toks[v].lower in d.pro_verbs and (after is None or toks[after].punct)
        if toks[j].start in name_starts:
            return True
        nx = _next_word(toks, j)
        return _own_standard(toks[j].lower, toks[nx].lower if nx is not None else "", d)

    for s0, e0 in hits:
        k = sent_of(s0)
        if out and out[-1].sentence == k:
            continue
        send = sents[k].end
        # A comparison with `end`, or a verb of beating, must follow in the sentence.
        if lower.find("end", e0, send) < 0 and not any(
                lower.find(v, e0, send) >= 0 for v in d.beat_verbs):
            continue
        if not starts:
            starts = [t.start for t in toks]
        j = bisect_right(starts, e0 - 1)
        words = 0
        while j < len(toks) and toks[j].start < send and words < 16:
            t = toks[j]
            if t.space or t.punct:
                j += 1
                continue
            words += 1
            w = t.lower
            if w in d.beat_verbs:
                nx = _next_word(toks, j)
                if own_at(nx):
                    assert nx is not None
                    out.append(Act("claim", s0, _clause_end(lower, toks[nx].end), k,
                                   "superlative", "own"))
                    break
            elif _comparative(w, d) and not (
                    w == "mere" and (nw := _next_word(toks, j)) is not None
                    and toks[nw].lower in d.feelings):
                # `bedre end os`, `bedre, end vi gør`, `et bedre stykke arbejde end
                # vores montører`: `end` within four words, a comma allowed.
                nx = _next_word(toks, j)
                for _ in range(4):
                    if nx is None or toks[nx].lower == "end" or (
                            toks[nx].punct and toks[nx].text != ","):
                        break
                    nx = _next_word(toks, nx)
                if nx is not None and toks[nx].lower == "end" and own_at(_next_word(toks, nx)):
                    tgt = _next_word(toks, nx)
                    assert tgt is not None
                    out.append(Act("claim", s0, _clause_end(lower, toks[tgt].end), k,
                                   "superlative", "own"))
                    break
            j += 1
    return out


def _verb_after(word: str, *, attributive: bool) -> bool:
    """The word after a superlative is a number or a finite verb, so the superlative is
    an adverb or stands alone (`højst 20 %`, `højst må være`, `hvem der bedst udnytter
    gulvet`, `det bedste vil være`), not a quality of an offer. After an attributive
    form (`bedste`, `billigste`) a word that can be a noun is one (`bedste priser`)."""
    if word[:1].isdigit():
        return True
    from .lang.da.morphology import readings

    rs = readings(word)
    noun = any(r.upos == "NOUN" for r in rs)
    finite = any(r.upos in ("VERB", "AUX") and "VerbForm=Fin" in r.feats for r in rs)
    if attributive:
        return finite and not noun
    # After `bedst`, `højst`: a finite verb, or a verb that is no noun (`højst være 20`,
    # `bedst stillede`); `hurtigst hjælp` is a noun.
    return finite or (not noun and any(r.upos in ("VERB", "AUX") for r in rs))


def _feeling(span: str, d: _Data) -> bool:
    """A comparison of feelings or wishes (`gladere end os`, `mere glade end`, `hellere
    end os`): pride, not a claim about the offer."""
    words = span.split()
    return any(w in d.feeling_comparatives or (w == "mere" and i + 1 < len(words)
                                               and words[i + 1] in d.feelings)
               for i, w in enumerate(words))


_THAN = re.compile(r"[ \t]*,?[ \t]*(?:\w+[ \t]+){0,3}?end[ \t]+(\w+)(?:[ \t]+(\w+))?")


def _person_standard(text: str, lower: str, pos: int, d: _Data) -> bool:
    """The comparison after ``pos`` is with one person, not the company or the others:
    `ingen har lært mig mere end Bjarne`, `end vores lærling Emil`."""
    m = _THAN.match(lower, pos)
    if m is None:
        return False
    from .lang.da.names import listed_kind

    first = text[m.start(1):m.end(1)]
    return listed_kind(first) == "first_name" or (
        m.group(1) in ("vores", "min", "vor") and (m.group(2) or "") in d.single_people)


def _own_standard(word: str, after: str, d: _Data) -> bool:
    """`end os`, `end vi`, `end vores montører` compare with the company; `end vores
    konkurrenter`, `end vores lærling Emil` do not."""
    if word not in d.own_targets:
        return False
    return not (word in ("vores", "vor", "vore")
                and (after.startswith("konkurrent") or after in d.single_people))


_NEGATIONS = frozenset({"ikke", "ingen", "intet", "aldrig", "uden"})


def _negated(toks: Sequence[Tok], j: int) -> bool:
    """One of the two words before token ``j`` negates it (`ikke sjusket`, `ingen sjusk`,
    `ikke noget sjusk`)."""
    p = _prev_word(toks, j)
    for _ in range(2):
        if p is None:
            return False
        if toks[p].lower in _NEGATIONS:
            return True
        p = _prev_word(toks, p)
    return False


def _after_copula(toks: Sequence[Tok], j: int, d: _Data) -> bool:
    """`er nogle cowboys`: a copula, perhaps with up to three degree words, before ``j``."""
    i = j
    for _ in range(4):
        p = _prev_word(toks, i)
        if p is None:
            return False
        w = toks[p].lower
        if w in d.copulas:
            return True
        if w not in d.degree:
            return False
        i = p
    return False


_COUNT_CLAUSE = re.compile(r"(?:[^,;:.!?–—\n]|,\s*(?=der\b|som\b))*")


def _pressure(lower: str, d: _Data, sent_of: Any, sents: Sequence[Any]) -> list[Act]:
    sharing = {sent_of(s0) for s0, _ in d.share.finditer(lower)}
    if not sharing:
        return []
    found = [(cue, s0, e0) for cue, pattern in d.pressure for s0, e0 in pattern.finditer(lower)]
    # A count of colleagues with a deficit word, in a sentence about sharing: `kun syv
    # af jer har delt`, `halvdelen af afdelingen har stadig ikke delt`.
    # Only the sentences about sharing are searched, and only those with a deficit word
    # or `de samme` (the count alone is no pressure).
    for k in sorted(sharing):
        s_start, s_end = sents[k].start, sents[k].end
        deficit = d.deficit.search(lower, s_start, s_end) is not None
        if not deficit and "de samme" not in lower[s_start:s_end]:
            continue
        for m in d.group_count.finditer(lower, s_start, s_end):
            # The count shares: a share word in its own clause (`kun syv af jer har delt`,
            # `11 af jer, som ikke har delt`), not `…, så vi deler slides bagefter`.
            clause = _COUNT_CLAUSE.match(lower, m.end(), s_end)
            if clause is None or not d.share.search(clause.group()):
                continue
            if deficit or (lower.startswith("de samme", m.start())
                           # `de samme fem, der deler`: pressure when someone watched
                           and d.noticing.search(lower, s_start, s_end)):
                found.append(("monitoring", m.start(), _clause_end(lower, m.end())))
    if not found:
        return []
    negated = {sent_of(s0) for s0, _ in d.pressure_negation.finditer(lower)}
    # The monitoring or the consequence is about sharing: in the sentence that says
    # so, or the one before or after it (`Del opslaget. Det tæller med til bonus.`).
    return [Act("pressure", s0, e0, k, cue) for cue, s0, e0 in found
            if (k := sent_of(s0)) not in negated and {k - 1, k, k + 1} & sharing]


def _attacks(a: Analysis, lower: str, d: _Data, sents: Sequence[Any], sent_of: Any, comp: Any,
             named_comp: set[int]) -> list[Act]:
    contempt = [sent_of(s0) for s0, _ in d.contempt.finditer(lower)]
    toks = a.tokens
    for j in compress(count(), map(d.contempt_words.__contains__, a.lowers)):
        if _after_copula(toks, j, d):
            contempt.append(sent_of(toks[j].start))
    out: list[Act] = []
    # Work called botched (`sikke noget sjusk`, `et sløset stykke arbejde`, `skodarbejde`)
    # in a sentence about a competitor (or up to two sentences after one) or a tradesperson.
    work: list[int] = []
    if not d.work_forms.isdisjoint(a.lowers):
        work = sorted({sent_of(toks[j].start)
                       for j in compress(count(), map(d.work_forms.__contains__, a.lowers))
                       if not _negated(toks, j)})
    if work:
        previous = {sent_of(s0) for s0, _ in d.competitor_previous.finditer(lower)}
        competitors = comp() | named_comp | previous
        for k in work:
            if {k, k - 1, k - 2} & competitors:
                s = sents[k]
                out.append(Act("attack", s.start, s.end, k, "competitor", "competitor"))
        contempt = [k for k in contempt if k not in {x.sentence for x in out}]
    if not contempt:
        return out
    people = {sent_of(s0) for s0, _ in d.people.finditer(lower)} | named_comp
    competitors = comp() | named_comp
    for k in contempt:
        if k in people or (k - 1) in people:
            about = "competitor" if (k in competitors or (k - 1) in competitors) else "people"
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

