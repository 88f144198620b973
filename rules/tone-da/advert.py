"""Classic advertising in an employee's post: calls to action, offers and hype.

Readers trust a colleague's post because it is not an advert; `køb nu`,
`spar 30 %` and `verdens bedste` turn it back into one. The word lists are data
(``rules/tone-da/data/advert.yaml``); spellings meant to slip past them
(``K Ø B  N U``) are caught by :mod:`brandguard.evasion`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from brandguard.compiled import CompiledPolicy
from brandguard.datafiles import DataModel, Words
from brandguard.facets import FOLDED_TEXT
from brandguard.intent import INTENT
from brandguard.matching import TermMatcher
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.regexgate import GatedPattern
from brandguard.rule import Context, Hit, Rule, bad, good
from brandguard.textkit import (
    clause_index,
    in_spans,
    next_word,
    quotes,
    sentence_index,
    word_list,
)

DATA = PackData.beside(__file__)


class AdvertData(DataModel):
    """``data/advert.yaml``: the words of advertising."""

    data_file: ClassVar[str] = "advert"

    calls_to_action: Words
    #: Offer words (also inside compounds) that count only in a commercial sentence.
    offer_words: Words
    #: What makes a sentence commercial: a deadline, a product word, a call to buy.
    commercial_cues: Words
    hype: Words
    #: Claims that are hype only about the company's offer (`unik`, `garanteret`).
    hype_contextual: Words
    #: Words that make a clause about the company's own offer.
    offer_cues: Words
    #: Words for people: `verdens bedste kolleger` is pride, not hype.
    hype_people: Words


if TYPE_CHECKING:
    from brandguard.analysis import Analysis

# A price, a percentage or a saving: what makes an offer word commercial.
# (Digits start only where a number begins, `\d+(?:\.\d+)*` splits one way: linear time.)
_PRICE = GatedPattern(r"(?<!\d)(?<!\d\.)\d+(?:\.\d+)*\.*(?:,\d+)?\s*(?:kr\b\.?|kroner\b|,-|%|procent\b|euro\b|€)"
                    r"|\bkr\.?\s*\d|\b(?:halv|½)\s*pris\b", re.IGNORECASE)
# `spar 30 %`, `spar op til 5.000 kr.`: the imperative with an amount is a call to action.
_SPAR_AMOUNT = GatedPattern(r"\bspar\s+(?:op\s+til\s+|hele\s+|helt\s+op\s+til\s+)?\d[\d.]*(?:,\d+)?"
                          r"\s*(?:%|procent\b|kr\b\.?|kroner\b)", re.IGNORECASE)


def _company_matcher(compiled: CompiledPolicy, cues: list[str]) -> TermMatcher:
    return TermMatcher([*compiled.own_names, *cues],
                        ("surface", "lemma"))


class Advert(Rule):
    name = "advert"
    severity = "warning"
    summary = "No calls to action or offer wording (køb nu, klik her, spar 30 %, tilbud med pris)."
    rationale = (
        "Employee advocacy works because people have gone deaf to classic advertising and listen "
        "to their own network; a colleague who writes `køb nu` or `kun i dag` sounds like an ad "
        "and loses that trust (and the post may then need a `Reklame` label under "
        "markedsføringsloven § 6, stk. 4). Offer words such as `tilbud` and `gratis` count only "
        "in a commercial sentence (a price, a percentage, a deadline or a call to action): "
        "`et godt tilbud til vores kunder om rådgivning` is not an advert. Quoted speech is "
        "left alone; spaced or disguised spellings are not."
    )
    message = {
        "da": "»{match}« er reklamesprog: det får opslaget til at ligne en annonce, og dit "
              "netværk lytter til dig, netop fordi du ikke lyder som en reklame. Fortæl i "
              "stedet, hvad du selv har oplevet eller hjulpet en kunde med.",
        "en": "'{match}' is advertising language: it makes the post look like an ad, and your "
              "network listens to you precisely because you do not sound like one. Tell what "
              "you experienced or how you helped a customer instead.",
    }
    suggestion_templates = {
        "own-story": {
            "da": "Slet opfordringen, og fortæl med dine egne ord, hvad du har været med til.",
            "en": "Drop the call to action and tell, in your own words, what you were part of.",
        },
    }
    examples = [
        bad("Vores nye SolPakke er landet. <marker>Køb nu</marker> og få den monteret før jul.",
            suggestion=suggestion_templates["own-story"]["da"]),
        bad("Vi har lige åbnet for bestillinger. <marker>Klik her</marker> for at læse mere."),
        bad("<marker>Spar 30 %</marker> på din næste varmepumpe."),
        bad("Vores varmepumper er på <marker>tilbud</marker> til 59.995 kr. hele december."),
        bad("Energitjekket er <marker>gratis</marker> – men kun i dag."),
        bad("Stor <marker>julerabat</marker>: 20 % på alle varmepumper i december."),
        bad("Sidste uge i kampagnen. <marker>Skynd dig</marker> at sikre dig en plads."),
        bad("Hele weekenden: <marker>K Ø B   N U</marker> og spar på varmen."),
        bad("Husk at <marker>k.l.i.k h.e.r</marker> og læse mere om solceller."),
        good("I dag har vi givet et godt tilbud til vores kunder om rådgivning om varmepumper."),
        good("Kunden sagde til mig: »Gratis rådgivning? Det troede jeg ikke på, før I kom.«"),
        good("Vi har et tilbud om sparring til alle nye kolleger i deres første måned."),
        good("Kommunens fritidstilbud til børn har fået solceller på taget."),
        good("Husk at spare på varmen, når du lufter ud: kort og effektivt."),
        good("Vi har sænket udledningen fra vores bygninger med 25 % på to år."),
        good("Det kostede ikke noget at få en snak med Mette om solceller, og det var tiden værd."),
    ]

    def prepare(self, policy: Policy) -> None:
        data = DATA("advert", AdvertData)
        self._cta = word_list(data["calls_to_action"])
        # Offer words count inside compounds too (`julerabat`, `sommertilbud`); a
        # `fritidstilbud` without a price or a deadline still passes.
        self._offer = word_list(data["offer_words"], compound=data["offer_words"], evasion=False)
        self._cues = TermMatcher(data["commercial_cues"], ("surface", "lemma"))

    def check(self, ctx: Context) -> Iterator[Hit]:
        intent = ctx.analysis[INTENT]
        # In an advert disclosed first (`Reklame for …`), the advert language is expected:
        # it is reported as info, not as a warning.
        severity = "info" if intent.disclosed else None
        taken: list[tuple[int, int]] = []
        for hit in self._words(ctx):
            if hit.start is not None and hit.end is not None:
                taken.append((hit.start, hit.end))
            yield hit if severity is None else replace(hit, severity=severity)
        # Calls to act and offers about the company's own offer, however worded.
        # One finding per sentence, spanning what sells in it.
        quoted = quotes(ctx.analysis)
        spans: dict[int, tuple[int, int]] = {}
        for act in intent.commercial:
            if act.kind == "recommend" or in_spans(act.start, act.end, quoted):
                continue
            s0, e0 = spans.get(act.sentence, (act.start, act.end))
            spans[act.sentence] = (min(s0, act.start), max(e0, act.end))
        for start, end in spans.values():
            if _overlap(start, end, taken):
                continue
            hit = self._hit(ctx.analysis.text, start, end)
            yield hit if severity is None else replace(hit, severity=severity)

    def _words(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        quoted = quotes(a)
        taken: list[tuple[int, int]] = []
        strong_sentences: set[int] = set()
        for m in self._cta.find(a):
            if not m.evasive and in_spans(m.start, m.end, quoted):
                continue
            taken.append((m.start, m.end))
            strong_sentences.add(sentence_index(a, m.start))
            yield self._hit(a.text, m.start, m.end)
        prose = a.prose
        for rm in _SPAR_AMOUNT.finditer(prose, a[FOLDED_TEXT]):
            if in_spans(rm.start(), rm.end(), quoted) or _overlap(rm.start(), rm.end(), taken):
                continue
            taken.append(rm.span())
            strong_sentences.add(sentence_index(a, rm.start()))
            yield self._hit(a.text, rm.start(), rm.end())
        offers = self._offer.find(a)
        if not offers:
            return
        commercial = set(strong_sentences)
        for rm in _PRICE.finditer(prose, a[FOLDED_TEXT]):
            commercial.add(sentence_index(a, rm.start()))
        cue_count: dict[int, int] = {}
        for m in self._cues.find(a):
            if not in_spans(m.start, m.end, quoted):
                k = sentence_index(a, m.start)
                cue_count[k] = cue_count.get(k, 0) + 1
        for m in offers:
            if in_spans(m.start, m.end, quoted) or _overlap(m.start, m.end, taken):
                continue
            k = sentence_index(a, m.start)
            # The offer word itself may be a cue (`gratis`, `tilbud`): it needs another one.
            own = 1 if self._cues_contain(m.term) else 0
            if k in commercial or cue_count.get(k, 0) - own > 0:
                yield self._hit(a.text, m.start, m.end)

    def _cues_contain(self, term: str) -> bool:
        return term.lower() in {t.lower() for t in self._cues.terms}

    @staticmethod
    def _hit(text: str, start: int, end: int) -> Hit:
        return Hit(start, end, args={"match": text[start:end]}, suggestion_key="own-story")


class Hype(Rule):
    name = "hype"
    severity = "warning"
    summary = "No superlatives or claims nobody can prove (verdens bedste, revolutionerende)."
    rationale = (
        "Superlatives and guarantees (`verdens bedste`, `markedets laveste priser`, "
        "`revolutionerende`) are the language of adverts; in a colleague's post they ring "
        "false, and an unprovable claim about the company's offer is misleading marketing "
        "(markedsføringsloven § 5). `unik` and `garanteret` count only about the company's "
        "offer; pride in people (`verdens bedste kolleger`) is fine."
    )
    message = {
        "da": "»{match}« er en påstand, som ingen kan bevise; i en medarbejders opslag lyder den "
              "som reklame og svækker troværdigheden. Vis det med et konkret eksempel eller tal.",
        "en": "'{match}' is a claim nobody can prove; in an employee's post it sounds like an "
              "advert and weakens trust. Show it with a concrete example or figure.",
    }
    suggestion_templates = {
        "example": {
            "da": "Vis det med et konkret eksempel: hvad skete der, for hvem, og hvad blev "
                  "resultatet?",
            "en": "Show it with a concrete example: what happened, for whom, and what was the "
                  "result?",
        },
    }
    examples = [
        bad("Med vores varmepumper får du <marker>verdens bedste</marker> komfort.",
            suggestion=suggestion_templates["example"]["da"]),
        bad("Vi har <marker>markedets laveste priser</marker> på solceller."),
        bad("Den nye SolPakke er helt <marker>revolutionerende</marker>."),
        bad("Vores rådgivning er <marker>unik</marker> i branchen."),
        bad("Med Nordlys Varmepumpe sparer du <marker>garanteret</marker> penge."),
        good("Jeg har verdens bedste kolleger i kundeservice."),
        good("Hver bolig er unik, så vi starter altid med et besøg."),
        good("Det regner garanteret i morgen, men montørerne er klar."),
        good("Vi fik en unik mulighed for at besøge fabrikken i Tyskland."),
        good("»Det er verdens bedste følelse,« sagde kunden, da regningen kom."),
    ]

    def prepare(self, policy: Policy) -> None:
        data = DATA("advert", AdvertData)
        self._hype = word_list(data["hype"])
        self._contextual = word_list(data["hype_contextual"], evasion=False)
        self._people = frozenset(w.lower() for w in data["hype_people"])
        self._own = _company_matcher(self.compiled, data["offer_cues"])
        self._offer = TermMatcher([*data["offer_words"], *data["commercial_cues"]],
                                  ("surface", "lemma"))

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        quoted = quotes(a)
        found = self._hype.find(a)
        taken = []
        for m in found:
            if not m.evasive and (in_spans(m.start, m.end, quoted) or self._about_people(a, m.end)):
                continue
            taken.append((m.start, m.end))
            yield self._hit(a.text, m.start, m.end)
        contextual = self._contextual.find(a)
        if not contextual:
            return
        # The claim must be about the company's offer: a cue in the same clause.
        about_us = {clause_index(a, m.start) for m in self._own.find(a)}
        about_us |= {clause_index(a, m.start) for m in self._offer.find(a)}
        about_us |= {clause_index(a, m.start()) for m in _PRICE.finditer(a.prose, a[FOLDED_TEXT])}
        for m in contextual:
            if in_spans(m.start, m.end, quoted) or _overlap(m.start, m.end, taken):
                continue
            if clause_index(a, m.start) in about_us and not self._about_people(a, m.end):
                yield self._hit(a.text, m.start, m.end)

    def _about_people(self, a: Analysis, end: int) -> bool:
        """The superlative is followed by a word for people (`verdens bedste kolleger`)."""
        t = next_word(a, end)
        return t is not None and (t.lower in self._people or t.lemma in self._people)

    @staticmethod
    def _hit(text: str, start: int, end: int) -> Hit:
        return Hit(start, end, args={"match": text[start:end]}, suggestion_key="example")


def _overlap(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)

