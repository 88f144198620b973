"""Negativity about the company, its management, colleagues or customers."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from itertools import compress, count
from typing import TYPE_CHECKING, ClassVar

from brandguard.datafiles import DataModel, Words
from brandguard.facets import CLAUSE_STARTS, TOKEN_STARTS, index_at
from brandguard.lang.da import negative_cues, sentence_valence
from brandguard.matching import TermMatcher
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good
from brandguard.textkit import clause_index, quotes, sentence_index

if TYPE_CHECKING:
    from brandguard.analysis import Analysis

DATA = PackData.beside(__file__)


class NegativityData(DataModel):
    """``data/negativity.yaml``: who a negative sentence may be about, and condemning words."""

    data_file: ClassVar[str] = "negativity"

    #: Words for the company, its customers and colleagues.
    targets: Words
    #: Targets that count only with a condemning word (`vi`, `vores`).
    weak_targets: Words
    condemning: Words


#: A sentence at or below this valence is negative about a strong target.
STRONG_LIMIT = -3
#: … and at or below this about `vi`/`vores` (which also stand in sentences about the weather).
WEAK_LIMIT = -5


class Negativity(Rule):
    name = "negativity"
    severity = "warning"
    summary = "No negative statements about the company, management, colleagues or customers."
    rationale = (
        "A post in the programme speaks for the company to customers and future colleagues; "
        "criticism of the employer, management, colleagues or customers belongs in a "
        "conversation inside the company, not in a public post. Each sentence gets a valence "
        "from a Danish sentiment lexicon (AFINN-da by Finn Årup Nielsen, ODbL 1.0, plus "
        "workplace words; a negation flips the next words) and is flagged when the clause "
        "that names a target is clearly negative. Problems a post solves "
        "(`kunden var bekymret for regningen, så vi hjalp`) are not negativity."
    )
    message = {
        "da": "Sætningen taler negativt om {target}. Kritik hører hjemme i en samtale internt, "
              "ikke i et offentligt opslag; fortæl hellere, hvad I gør for at løse det.",
        "en": "The sentence speaks negatively about {target}. Criticism belongs in a "
              "conversation inside the company, not in a public post; tell what you do to "
              "solve it instead.",
    }
    suggestion_templates = {
        "improve": {"da": "Fortæl, hvad I arbejder på at forbedre.",
                    "en": "Tell what you are working to improve."},
    }
    examples = [
        bad("Ny uge på kontoret. <marker>Ledelsen er fuldstændig inkompetent og lytter aldrig "
            "til os.</marker>",
            suggestion="Fortæl, hvad I arbejder på at forbedre."),
        bad("<marker>Vores kunder er dumme og elendige til at læse en manual.</marker>"),
        bad("<marker>Nordlys Energi er et møgfirma at arbejde for.</marker>"),
        bad("Sikke en dag. <marker>Mine kolleger er dovne og håbløse.</marker>"),
        good("Kunden var bekymret for den høje elregning, så vi lavede et energitjek sammen."),
        good("Vi havde en våd og kold dag på taget, men holdet klarede det flot."),
        good("Ledelsen er ikke dårlig til at lytte; vi fik ja til flere lærlinge."),
        good("Jeg er stolt af mine kolleger, der har arbejdet hårdt i en svær periode."),
        good("Vi havde en frygtelig storm i nat, og flere kunder mistede strømmen, så vi "
             "rykkede ud."),
        good("Vestkraft snyder deres kunder, og det ved alle i branchen."),
    ]

    def prepare(self, policy: Policy) -> None:
        data = DATA("negativity", NegativityData)
        self._targets = TermMatcher([*data["targets"], *policy.company.all_names()],
                                    ("surface", "lemma"))
        self._weak = TermMatcher(data["weak_targets"], ("surface",))
        self._condemning = frozenset(w.lower() for w in data["condemning"])
        # A clause about a competitor is narrative.competitor-criticism's, not ours.
        self._competitors = self.compiled.competitors

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        sents = a.sentences
        if not sents:
            return
        negative = self._negative_clauses(a)
        if not negative:
            return  # no clause negative enough to be flagged, whatever it names
        # Targets by clause: the negativity must be in the clause that names the target
        # (`Vi havde en frygtelig storm, og flere kunder mistede strømmen` is about a storm).
        strong: dict[int, str] = {}
        for m in self._targets.find(a):
            k = clause_index(a, m.start)
            if k in negative:
                strong.setdefault(k, a.text[m.start:m.end])
        weak: dict[int, str] = {}
        for m in self._weak.find(a):
            k = clause_index(a, m.start)
            if k in negative:
                weak.setdefault(k, a.text[m.start:m.end])
        if not strong and not weak:
            return
        for m in self._competitors.find(a):
            k = clause_index(a, m.start)
            strong.pop(k, None)
            weak.pop(k, None)
        toks = a.tokens
        quoted = quotes(a)
        done: set[int] = set()
        for k in sorted({*strong, *weak}):
            words, total, condemning = negative[k]
            s = sentence_index(a, toks[words[0]].start)
            sent = sents[s]
            if s in done or any(q0 <= sent.start and sent.end <= q1 for q0, q1 in quoted):
                continue
            if k in strong and (total <= STRONG_LIMIT or condemning):
                target = strong[k]
            elif k in weak and (total <= WEAK_LIMIT or condemning):
                target = weak[k]
            else:
                continue
            done.add(s)
            yield Hit(sent.start, sent.end, args={"target": f"»{target}«"},
                      suggestion_key="improve")

    def _negative_clauses(self, a: Analysis) -> dict[int, tuple[tuple[int, ...], int, bool]]:
        """The clauses that could be flagged, whatever target they name: (words, valence,
        has a condemning word) of each clause whose valence is at most ``STRONG_LIMIT``, or
        negative with a condemning word.

        Only a clause holding a negative word or a negator can have a negative valence, so
        only those clauses are scored (most posts have a few, and no target matching is
        needed when none is negative enough).
        """
        cues = negative_cues()
        lowers, lemmas = a.lowers, a.lemmas
        if cues.isdisjoint(lowers) and cues.isdisjoint(lemmas):
            return {}  # no negative word and no negator: no clause can be negative
        cued = {*compress(count(), map(cues.__contains__, lowers)),
                *compress(count(), map(cues.__contains__, lemmas))}
        # The words of each cued clause, by bisecting the clause's bounds (a clause_index
        # per word of the post cost more than the rest of the rule).
        cuts, token_starts, word_ids = a[CLAUSE_STARTS], a[TOKEN_STARTS], a.word_ids
        out: dict[int, tuple[tuple[int, ...], int, bool]] = {}
        for k in {index_at(cuts, token_starts[i]) for i in cued}:
            lo = bisect_left(token_starts, cuts[k]) if k > 0 else 0
            hi = (bisect_left(token_starts, cuts[k + 1]) if k + 1 < len(cuts)
                  else len(token_starts))
            words = word_ids[bisect_left(word_ids, lo):bisect_left(word_ids, hi)]
            if not words:
                continue
            total, _worst = sentence_valence(a, words)
            if total >= 0:
                continue
            condemning = not self._condemning.isdisjoint(map(lowers.__getitem__, words))
            if total <= STRONG_LIMIT or condemning:
                out[k] = (words, total, condemning)
        return out
