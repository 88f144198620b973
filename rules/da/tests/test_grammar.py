"""The grammar rules on word classes in context (issue #11, part 5): verb forms by
syntax, agreement, nogen/nogle, ad/af, kunne/kunde, heller/hellere, uden for.

Sentences in the register of real posts, each bad one with its near miss: the
correct uses the rules must leave alone (`kunne` as a past tense, the noun
`lærer`, `i går`, `nogen` in questions and negations, `af` in passives).
"""

from __future__ import annotations

import pytest
from tests.conftest import BASE_POLICY

import brandguard as bg

RULES = ["da.verb-form", "da.agreement", "da.nogen-nogle", "da.wrong-word", "da.confusion",
         "da.preposition-apart", "da.pronoun-capital"]


@pytest.fixture(scope="module")
def checker() -> bg.Checker:
    return bg.Checker(BASE_POLICY, select=RULES)


def _loud(checker: bg.Checker, text: str) -> list[tuple[str, str, str | None]]:
    report = checker.check(bg.Post(text=text))
    return [(f.rule_id, f.span.text if f.span else "", f.suggestion) for f in report.findings
            if f.rule_id in RULES and f.severity in ("warning", "error")]


@pytest.mark.parametrize(("text", "rule", "span", "suggestion"), [
    # verb forms by syntax
    ("Jeg skal ikke risikerer noget!", "da.verb-form", "risikerer", "risikere"),
    ("Han gå altid hjem klokken fire.", "da.verb-form", "gå", "går"),
    ("Vi har en montør, der hjælpe dig hele vejen.", "da.verb-form", "hjælpe", "hjælper"),
    ("Jeg forstår ikke, at du ikke svare på min mail.", "da.verb-form", "svare", "svarer"),
    ("Det er et kursus, hvor man lære at lodde.", "da.verb-form", "lære", "lærer"),
    ("Jeg glæder mig til se jer på fredag.", "da.verb-form", "til se", "til at se"),
    ("Vi har ikke kunne finde fejlen endnu.", "da.verb-form", "kunne", "kunnet"),
    ("Du er nødt til at registrer dig, før du kan skrive.", "da.verb-form", "registrer",
     "registrere"),
    ("Altså jeg syntes du skal prøve det.", "da.verb-form", "syntes", "synes"),
    # agreement
    ("Vi har fået et stor lagerhus i Kolding.", "da.agreement", "stor", "stort"),
    ("Timerne trækkes fra den samlet tid.", "da.agreement", "samlet", "samlede"),
    ("En stor tak til alle dygtig kolleger!", "da.agreement", "dygtig", "dygtige"),
    # wrong words in context
    ("Nogen gange tager det lidt længere tid.", "da.nogen-nogle", "Nogen", "Nogle"),
    ("Derfor vil nogen af jer få et brev.", "da.nogen-nogle", "nogen", "nogle"),
    ("Han gik op af trappen til kontoret.", "da.confusion", "af", "ad"),
    ("Vi stillede kasserne op af hinanden.", "da.confusion", "af", "ad"),
    ("Han kunde ikke komme i dag.", "da.confusion", "kunde", "kunne"),
    ("Jeg kan hellere ikke komme i morgen.", "da.wrong-word", "hellere", "heller"),
    ("Det er enlig ikke så svært.", "da.wrong-word", "enlig", "egentlig"),
    ("Vi mødes udenfor kantinen kl. 12.", "da.preposition-apart", "udenfor", "uden for"),
    ("Jeg håber i kan komme på fredag.", "da.pronoun-capital", "i", "I"),
    ("Vi fik mere kunder i år, og det er vi glade for.", "da.wrong-word", "mere", "flere"),
])
def test_error_is_found_with_its_correction(checker: bg.Checker, text: str, rule: str, span: str,
                                            suggestion: str) -> None:
    assert (rule, span, suggestion) in _loud(checker, text)


@pytest.mark.parametrize("text", [
    "Jeg håber i kan komme på fredag.",
    "Jeg ved at i spiser sammen i aften.",
    "Sig lige, hvad i synes om den nye hjemmeside.",
])
def test_the_pronoun_i_is_one_finding(checker: bg.Checker, text: str) -> None:
    # da.pronoun-capital owns `i` → `I`: one error, one finding
    got = [f for f in _loud(checker, text) if f[1] == "i"]
    assert got == [("da.pronoun-capital", "i", "I")]


@pytest.mark.parametrize("text", [
    # `kunne` as the past tense, the noun `lærer`, `i går`
    "Jeg kunne ikke komme i går, men enhver kunne se, at det gik godt.",
    "Min lærer sagde i går, at vi skulle komme igen.",
    "Vores lærer og de andre lærere var med på turen.",
    "Kan der gå lang tid, før vi hører fra jer?",
    "Færgen måtte i går have hjælp af en bugserbåd.",
    "Det vil jeg gerne lære, og så kan vi komme forbi.",
    "Du behøver ikke bo her for at være med.",
    "Han gjorde det godt, og hun syntes, at det var sjovt.",
    "Det betyder, at køber man to, får man en gratis.",
    # agreement near misses
    "Det giver det nyt liv, og den ny kontrakt er underskrevet.",
    "Vi har alle god grund til at fejre det, og et dansk firma står bag.",
    "Er det stor kunst? Gav du den ny maling?",
    # nogen in questions, negations and conditions
    "Har du nogen spørgsmål? Vi har ikke nogen planer endnu.",
    "Hvis nogen af jer kommer forbi, så sig til.",
    "Nogle gange går det stærkt, og nogle af jer får besked i dag.",
    # af in passives and with `out of`
    "Forslaget bakkes op af bestyrelsen.",
    "Hun tog telefonen op af lommen og rejste sig op af stolen.",
    # heller, hellere
    "Jeg vil hellere ikke sige noget. Det kan jeg heller ikke.",
    "Hun vil hellere have te end kaffe.",
    # udenfor as an adverb
    "Vi går udenfor et øjeblik. Kom indenfor!",
    # the preposition `i`, `mere` before an adjective
    "Vi var i går i Odense, og I kan komme i morgen.",
    "Vi søger mere erfarne kolleger og mere end ti frivillige.",
    # enlig as `single`
    "Hun er enlig mor til to.",
])
def test_correct_danish_passes(checker: bg.Checker, text: str) -> None:
    assert _loud(checker, text) == []

