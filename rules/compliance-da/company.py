"""What must not leave the company, and who may post: confidential terms, inside
information (EU MAR, for listed companies) and voluntary participation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, ClassVar

from brandguard.datafiles import DataModel, Pattern, Words
from brandguard.evasion import EvasionMatch, Skeleton, fold
from brandguard.facets import FOLDED_TEXT
from brandguard.matching import TermMatch, TermMatcher
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.regexgate import GatedPattern
from brandguard.rule import Context, Hit, Rule, bad, bad_post, good

if TYPE_CHECKING:
    from brandguard.analysis import Analysis

DATA = PackData.beside(__file__)


class InsideData(DataModel):
    """``data/inside.yaml``: inside information (MAR art. 7) and share advice."""

    data_file: ClassVar[str] = "inside"

    #: Results, forecasts, acquisitions, big orders.
    financial: Words
    #: Everyday words that count only with a strong cue (`resultat`, `overskud`).
    ambiguous: Words
    #: Cues that the news is not public yet (`offentliggøres`, `før alle andre`).
    strong_cues: Words
    #: The same kind of cue in any wording (`må ikke sige det højt endnu`, `stadig internt`).
    strong_cue_pattern: Pattern
    soft_cues: Words
    #: News that counts only with a strong cue: appointments, closures, acquisitions,
    #: new prices (`Mette bliver ny salgsdirektør`, `afdelingen i Esbjerg lukker`).
    news_pattern: Pattern
    share_advice: Words


@dataclass(frozen=True, slots=True)
class _Found:
    """A pattern's match, shaped like a TermMatch where the rule needs one."""

    start: int
    end: int


@cache
def _inside_data() -> InsideData:
    return DATA("inside", InsideData)


# --- confidential terms ----------------------------------------------------------------------

# Scripts and letter forms whose look-alikes evasion.fold maps to Latin letters:
# Greek, Cyrillic, Latin Extended Additional, letterlike symbols, full-width and
# mathematical letters. A post with none of them can be prefiltered cheaply.
_EXOTIC = re.compile("[\u0370-\u052f\u1d00-\u1eff\u2100-\u214f\uff00-\uff60"
                     "\U0001d400-\U0001d7ff]")
_SEGMENT = re.compile(r"[^\W_]+")
# The prefilters' gaps `[\W_]*` backtrack over a run of punctuation from every start in
# it: quadratic on `!?!?…`. A post with such a run goes straight to the skeleton.
_LONG_GAP = 40


def _long_gap(text: str) -> bool:
    """``_LONG_GAP`` characters in a row that are no letter or digit (``[\\W_]{40}``).

    Any run that long holds a position that is a multiple of its length, so only those
    are looked at, and the run around each is walked out (linear: each walk stays inside
    a run shorter than the stride, or ends the search). A regex search for the run
    stops at every space of the text: seven times the cost on a post.
    """
    n = len(text)
    for p in range(0, n, _LONG_GAP):
        if text[p].isalnum():
            continue
        lo = p
        while lo > 0 and not text[lo - 1].isalnum():
            lo -= 1
        hi = p + 1
        while hi < n and not text[hi].isalnum():
            hi += 1
        if hi - lo >= _LONG_GAP:
            return True
    return False


@cache
def _sources() -> dict[str, frozenset[str]]:
    """For each folded letter, the characters below U+0250 that fold to it (é→e, 0→o)."""
    out: dict[str, set[str]] = {}
    for cp in range(0x21, 0x250):
        ch = chr(cp)
        folded = fold("a" + ch + "a")  # between letters, so digits fold as leetspeak
        if len(folded) == 3:
            out.setdefault(folded[1], set()).add(ch)
    return {k: frozenset(v) for k, v in out.items()}


#: Above this many terms, the prefilters (~7 µs each) cost more than the skeleton
#: (~0.1 ms, and shared with the tone rules' evasion matching): go straight to it.
_MAX_PREFILTERS = 12


def _prefilters(terms: list[str]) -> list[re.Pattern[str]] | None:
    """Regexes of which one matches wherever EvasionMatcher can find a term, in a
    post without exotic letters: each folded letter as a class of its sources,
    separators between, starting and ending at word edges. None: use the skeleton."""
    if len(terms) > _MAX_PREFILTERS:
        return None
    sources = _sources()
    out = []
    for term in terms:
        key = "".join(_SEGMENT.findall(fold(term)))
        if not key:
            continue
        classes = ["[" + "".join(re.escape(c) for c in sorted(sources.get(x, frozenset()) | {x}))
                   + "]" for x in key]
        # The first class comes first, so re scans for it fast; the lookbehind after
        # it checks the word edge before the match.
        out.append(re.compile(classes[0] + r"(?<![^\W_].)"
                              + "".join(r"[\W_]*" + c for c in classes[1:]) + r"(?![^\W_])"))
    return out


#: Generic first words of a code name (`Projekt Polaris`): the name after them is the secret.
_HEADS = frozenset({"projekt", "project", "program", "programmet", "kodenavn", "produkt",
                    "initiativ", "operation"})


class ConfidentialTerm(Rule):
    name = "confidential"
    severity = "error"
    summary = ("Code names, unreleased products and customers under NDA "
               "(compliance.confidential_terms) never appear in a post, however they are spelled.")
    rationale = (
        "A confidential project, an unreleased product or a customer under a non-disclosure "
        "agreement in a public post is a leak, whatever the intent: it can break contracts, "
        "tip off competitors and, for a listed company, disclose inside information. Word "
        "lists are easy to slip past, so terms are matched through case, spacing, hyphens, "
        "zero-width characters, look-alike letters from other scripts and digits used as "
        "letters (»projekt-polaris«, »ProjektPolaris«, »P0laris«), in hashtags, mentions "
        "and links too.")
    message = {
        "da": "»{found}« er fortroligt ({term}). Fjern det fra opslaget; spørg din leder, "
              "hvad der må deles.",
        "en": "»{found}« is confidential ({term}). Remove it from the post; ask your manager "
              "what may be shared.",
    }
    examples = [
        bad("Travle dage med <marker>Projekt Polaris</marker> – snart kan vi vise jer mere!"),
        bad("Kæmpe tak til teamet bag <marker>projekt-polaris</marker> for en vild uge."),
        bad("Vi har knoklet med <marker>ProjektPolaris</marker> hele efteråret."),
        bad("Første test af <marker>Pr0jekt P0laris</marker> gik over al forventning."),
        bad("Nyt fra <marker>P r o j e k t  P o l a r i s</marker>: prototypen kører."),
        bad("Stolt af holdet! <marker>#ProjektPolaris</marker> #teamwork"),
        bad("Vi har underskrevet med <marker>Fjordbank</marker> i dag.",
            policy={"compliance": {"confidential_terms": ["Fjordbank"]}},
            note="a customer under NDA"),
        bad("Tak til alle på <marker>Polaris-projektet</marker> for en vild uge."),
        bad("Se de <marker>interne prislister</marker> i mappen.",
            policy={"compliance": {"confidential_terms": ["intern prisliste"]}}),
        good("Vi fik set Polarisstjernen på turen hjem fra messen.", note="another word"),
        good("Polaris er den klareste stjerne i Lille Bjørn.", note="the star, not the project"),
        good("Jeg har læst om polarisering i medierne.", note="not the term"),
        good("Projektet kører, og vores polarbjørne-maskot er klar.", note="no term"),
    ]

    def prepare(self, policy: Policy) -> None:
        terms = policy.compliance.confidential_terms
        self.matcher = self.compiled.confidential
        self.prefilters = _prefilters(terms)
        # Inflected forms (`interne prislister`) and the name of a `Projekt X` term in a
        # hyphenated compound or genitive (`Polaris-projektet`, `Havørn-projektets`,
        # `Polaris-pumpen`), case-sensitive so that `polarisering` stays clean.
        self.inflected = TermMatcher(terms, ("surface", "lemma"))
        names = [w for t in terms for w in t.split()[1:]
                 if len(t.split()) > 1 and w[:1].isupper() and t.split()[0].lower() in _HEADS]
        self.compounds = (re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names))
                                     + r")(?:s|')?-[a-zæøå]\w*")
                          if names else None)
        # A substring gate: the regex (led by a lookbehind) runs only on posts with a name.
        self.compound_names = tuple(names)

    def check(self, ctx: Context) -> Iterator[Hit]:
        if not self.matcher:
            return
        a = ctx.analysis
        spans = [(m.start, m.end, m.term) for m in self.inflected.find(a)]
        if self.compounds is not None and any(n in a.text for n in self.compound_names):
            spans += [(m.start(), m.end(), m.group().split("-")[0].rstrip("s'"))
                      for m in self.compounds.finditer(a.text)]
        found: list[EvasionMatch] = []
        # The skeleton costs ~0.1 ms; most posts never need it.
        maybe = (self.prefilters is None or _EXOTIC.search(a.text) is not None
                 or _long_gap(a.text)
                 or any(p.search(a.text) for p in self.prefilters))
        if maybe:
            found = list(self.matcher.find(a))
        # The skeleton is built on the prose; hashtags, mentions, links and e-mail
        # addresses leak too.
        for piece in [*a.hashtags, *a.mentions, *a.urls, *a.emails] if maybe else []:
            for m in self.matcher.find_in(Skeleton(piece.text)):
                # A whole hashtag or mention is marked with its sign: "#ProjektPolaris".
                start = piece.start if m.start == 1 and piece.text[0] in "#@" else \
                    piece.start + m.start
                found.append(EvasionMatch(start, piece.start + m.end, m.term,
                                          m.term_index, m.evasive))
        spans += [(m.start, m.end, m.term) for m in found]
        last = -1
        for start, end, term in sorted(spans):
            if start < last:
                continue  # the same place, found twice
            last = end
            yield Hit(start, end, args={"found": a.text[start:end], "term": term})


# --- inside information ----------------------------------------------------------------------


class InsideInformation(Rule):
    name = "inside-information"
    severity = "error"
    summary = ("No results, forecasts, deals or orders before they are published (an error "
               "for a listed company, a warning otherwise), and no share advice.")
    rationale = (
        "EU Market Abuse Regulation: art. 7 defines inside information (precise, not public, "
        "likely to move the share price); art. 10 and 14(c) forbid disclosing it outside the "
        "normal course of work; art. 17 makes the issuer publish it promptly through the "
        "proper channel, a company announcement. So when company.listed is true, a post that "
        "combines results, forecasts, acquisitions, mergers or big orders with a »not yet "
        "public« cue (»offentliggøres«, »snart kan vi fortælle«, »før alle andre«, »glæd "
        "jer«, »i morgen«) in the same or the next sentence is blocked and routed to investor "
        "relations, and so is share advice (»køb aktien«, »kursmål«). Words that are also "
        "everyday words (»resultat«, »forventninger«, »overskud«) count only with a cue that "
        "leaves no doubt. For a company that is not listed the same unpublished news is "
        "confidential business information (lov om forretningshemmeligheder; the duty of "
        "loyalty in the employment relationship): a warning, with advice to wait for the "
        "company's own announcement.")
    message = {
        "da": "Det kan være intern viden efter markedsmisbrugsforordningen (MAR): »{term}« før "
              "det er offentliggjort (»{cue}«). Del det ikke; kontakt Investor Relations, før "
              "du skriver om det.",
        "en": "This may be inside information under the Market Abuse Regulation (MAR): »{term}« "
              "before it is published (»{cue}«). Do not share it; contact Investor Relations "
              "before you write about it.",
    }
    messages = {
        "advice": {
            "da": "Det kan være intern viden efter markedsmisbrugsforordningen (MAR): »{term}« er "
                  "investeringsråd om selskabets aktie. Del det ikke; kontakt Investor Relations, "
                  "før du skriver om det.",
            "en": "This may be inside information under the Market Abuse Regulation (MAR): "
                  "»{term}« is advice on the company's share. Do not share it; contact Investor "
                  "Relations before you write about it.",
        },
        # For a company that is not listed, unpublished news is confidential business
        # information, not inside information: a warning with its own message.
        "unlisted": {
            "da": "Det lyder som tal eller nyheder, der ikke er offentliggjort endnu (»{term}«, "
                  "»{cue}«). Vent, til virksomheden selv har meldt det ud, og del så den "
                  "officielle nyhed.",
            "en": "This sounds like figures or news that are not published yet (»{term}«, "
                  "»{cue}«). Wait until the company has announced it, then share the official "
                  "news.",
        },
    }
    _LISTED = {"company": {"listed": True}}
    examples = [
        bad("Glæd jer! I morgen kan vi fortælle om vores største <marker>nye ordre</marker> "
            "nogensinde.", policy=_LISTED),
        bad("<marker>Kvartalsregnskabet</marker> ser rigtig godt ud – det offentliggøres på "
            "torsdag, men I hører det her først.", policy=_LISTED),
        bad("Der er noget stort på vej. Snart kan vi fortælle om et spændende "
            "<marker>opkøb</marker> i Sverige.", policy=_LISTED),
        bad("Vi har netop indgået <marker>kontrakt med</marker> en af Europas største "
            "forsyninger. Hold øje med nyhederne i næste uge!", policy=_LISTED),
        bad("Jeg siger bare: <marker>køb aktien</marker> nu, før det er for sent.",
            policy=_LISTED),
        bad("Analytikernes <marker>kursmål</marker> er alt for lavt, hvis I spørger mig.",
            policy=_LISTED),
        bad("Årets <marker>resultat</marker> bliver offentliggjort i næste uge, og jeg kan "
            "godt afsløre, at vi er glade.", policy=_LISTED),
        bad("Kvartalsregnskabet, der kommer på torsdag, viser et <marker>overskud på</marker> "
            "12 mio. kr.", note="not listed: a warning"),
        bad("Det er stadig internt, men Mette <marker>bliver ny salgsdirektør</marker> fra "
            "nytår.", note="an appointment with a cue in other words"),
        bad("Vi må ikke sige det højt endnu, men vores <marker>afdeling i Esbjerg "
            "lukker</marker> til foråret."),
        good("Tak for et godt år! Vi ses til julefrokosten i næste uge.",
             note="no figures"),
        good("Årsrapporten for 2025 er offentliggjort i dag. Læs den på nordlys.dk/investor.",
             policy=_LISTED, note="already published"),
        good("Et flot resultat i stafetten! Glæd jer til næste år, hvor vi stiller med to "
             "hold.", policy=_LISTED, note="»resultat« in an everyday sense"),
        good("Jeg har masser af overskud efter ferien. Glæd jer til et godt efterår!",
             policy=_LISTED, note="»overskud« as energy"),
        good("Som medarbejder kan man købe aktier i Nordlys Energi gennem "
             "medarbejderaktieordningen.", policy=_LISTED, note="not advice to buy"),
        good("I dag blev det meldt ud: Mette bliver ny salgsdirektør fra nytår.",
             note="announced"),
        good("Der kommer nye priser på elaftalerne 1. marts; de står på vores hjemmeside.",
             note="news without a »not yet public« cue"),
    ]

    def prepare(self, policy: Policy) -> None:
        self.listed = policy.company.listed
        data = _inside_data()
        self.financial = TermMatcher(data["financial"], ("surface", "lemma"))
        self.ambiguous = TermMatcher(data["ambiguous"], ("surface", "lemma"))
        # Cues and advice on the surface only: "offentliggjort" (done) is not
        # "offentliggøres" (to come); "kan købe aktier" is not "køb aktien".
        self.strong_cues = TermMatcher(data["strong_cues"], ("surface",))
        # Patterns written over several lines: VERBOSE (spaces are written \s).
        self.strong_cue_pattern = GatedPattern(data["strong_cue_pattern"],
                                               re.IGNORECASE | re.VERBOSE)
        self.news_pattern = GatedPattern(data["news_pattern"], re.IGNORECASE | re.VERBOSE)
        self.soft_cues = TermMatcher(data["soft_cues"], ("surface",))
        self.advice = TermMatcher(data["share_advice"], ("surface",))

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        for m in (self.advice.find(a) if self.listed else []):
            yield Hit(m.start, m.end, key="advice", args={"term": a.text[m.start:m.end]})
        folded = a[FOLDED_TEXT]
        financial: list[TermMatch | _Found] = [*self.financial.find(a)]
        # Without a financial term only news beside a strong cue can be found (the second
        # group below): the news first, as the strong cues' pattern costs the most.
        news = None if financial else self._news(a, folded)
        if news is not None and not news:
            return
        strong: list[TermMatch | _Found] = [*self.strong_cues.find(a)]
        strong += [_Found(*m.span()) for m in self.strong_cue_pattern.finditer(a.text, folded)]
        # Soft cues count only beside a financial term (the first group below); without
        # one, and without a strong cue, nothing can be found (most posts: the soft cues
        # cost more to find than the financial terms).
        soft = self.soft_cues.find(a) if financial else []
        if not strong and not soft:
            return
        starts = [s.start for s in a.sentences]
        if not strong:
            news = []
        elif news is None:
            news = self._news(a, folded)
        groups: tuple[tuple[list[TermMatch | _Found], list[TermMatch | _Found]], ...] = (
            (financial, [*strong, *soft]), (news, strong))
        for terms, cues in groups:
            for term in terms:
                cue = self._near(term, cues, starts)
                if cue is None:
                    continue
                args = {"term": a.text[term.start:term.end], "cue": a.text[cue.start:cue.end]}
                if self.listed:
                    yield Hit(term.start, term.end, args=args)
                else:
                    yield Hit(term.start, term.end, args=args, severity="warning",
                              key="unlisted")

    def _news(self, a: Analysis, folded: str) -> list[TermMatch | _Found]:
        """Everyday words and news that count only with a strong cue, in text order."""
        news: list[TermMatch | _Found] = [*self.ambiguous.find(a)]
        news += [_Found(*m.span()) for m in self.news_pattern.finditer(a.text, folded)]
        news.sort(key=lambda x: x.start)
        return news

    @staticmethod
    def _near(m: TermMatch | _Found, cues: list[TermMatch | _Found],
              starts: list[int]) -> TermMatch | _Found | None:
        """A cue in the same sentence as the term or the one before or after it."""
        here = bisect_right(starts, m.start)
        for cue in cues:
            if abs(bisect_right(starts, cue.start) - here) <= 1:
                return cue
        return None


# --- voluntary participation -----------------------------------------------------------------


class Enrollment(Rule):
    name = "enrollment"
    severity = "error"
    summary = ("With compliance.require_enrollment, only employees who have opted in to the "
               "programme publish company posts.")
    rationale = (
        "Employee advocacy rests on voluntary, opt-in participation (LinkedIn's guidance, "
        "Sociuu, HOFOR's pilot): nobody may be pressed to share, and nobody posts on another "
        "person's behalf. A company post for an author whose Author.enrolled is false means "
        "one of the two, so it is blocked until the employee has opted in themselves. The "
        "employee's own posts (Post.kind »personal«) are not programme posts and pass.")
    message = {
        "da": "Forfatteren ({author}) er ikke tilmeldt ambassadørprogrammet. Deltagelse er "
              "frivillig: ingen må presses til at dele, og ingen må poste på andres vegne.",
        "en": "The author ({author}) has not opted in to the advocacy programme. Taking part "
              "is voluntary: nobody may be pressed to share, and nobody may post on someone "
              "else's behalf.",
    }
    suggestion_templates = {
        "opt-in": {
            "da": "Medarbejderen kan selv tilmelde sig programmet; indtil da deles opslaget "
                  "ikke i vedkommendes navn.",
            "en": "The employee can opt in themselves; until then the post is not published "
                  "in their name.",
        },
    }
    examples = [
        bad_post("Stolt af vores nye ladestationer i Aarhus! ⚡",
                 post={"author": {"id": "e42", "enrolled": False}},
                 suggestion=suggestion_templates["opt-in"]["da"]),
        good("Stolt af vores nye ladestationer i Aarhus! ⚡",
             post={"author": {"id": "e17", "enrolled": True}}),
        good("Stolt af vores nye ladestationer i Aarhus! ⚡",
             post={"author": {"id": "e42", "enrolled": False}},
             policy={"compliance": {"require_enrollment": False}},
             note="the policy does not require enrollment"),
        good("Dejlig tur i skoven med familien i weekenden.",
             post={"author": {"id": "e42", "enrolled": False}, "kind": "personal"},
             note="the employee's own post"),
    ]

    def prepare(self, policy: Policy) -> None:
        self.required = policy.compliance.require_enrollment

    def check(self, ctx: Context) -> Iterator[Hit]:
        post = ctx.post
        if not self.required or post.author.enrolled or post.kind == "personal":
            return
        author = post.author.name or post.author.id
        yield Hit(None, None, args={"author": author}, suggestion_key="opt-in")

