"""The intent layer (brandguard.intent): what each sentence does, and about whom."""

from __future__ import annotations

import pytest

import brandguard as bg
from brandguard.analysis import Analysis
from brandguard.intent import INTENT, Intent, _imperative
from brandguard.rule import Context

from .conftest import BASE_POLICY

_CHECKER = bg.Checker(BASE_POLICY)


def intent(text: str) -> Intent:
    a = Analysis(text)
    Context(analysis=a, post=bg.Post(text=text), policy=_CHECKER.policy,
            compiled=_CHECKER.compiled)
    return a[INTENT]


@pytest.mark.parametrize(("lemma", "form"), [("skrive", "skriv"), ("bestille", "bestil"),
                                             ("komme", "kom"), ("booke", "book"), ("få", "få"),
                                             ("ringe", "ring")])
def test_imperative_from_the_infinitive(lemma: str, form: str) -> None:
    assert _imperative(lemma) == form


@pytest.mark.parametrize("text", [
    "Jeg har haft SolPakke i tre år. Hvis du er i tvivl, så ring til os.",
    "Vi giver 15 % rabat på alle varmepumper, hvis du bestiller inden 1. december.",
    "Anbefal os til en ven, og få et gavekort på 500 kr. Skriv til mig!",
    "Lad os tage en snak om solceller på jeres tag. Book 20 minutter i min kalender.",
])
def test_selling_the_company_offer_is_commercial(text: str) -> None:
    assert intent(text).commercial


@pytest.mark.parametrize("text", [
    "Et energitjek koster typisk omkring 1.000 kr. Spørg efter en rapport.",
    "Vi søger to montører i Herning. Send dem linket til opslaget.",
    "Skriv til mig, hvis du har spørgsmål til programmet.",
    "Husk at tilmelde dig vores webinar om bæredygtighed.",
    "Vi har sænket udledningen fra vores bygninger med 25 % på to år.",
    "Vi ser frem til en travl vinter med mange nye kolleger.",
])
def test_advice_job_ads_and_events_are_not(text: str) -> None:
    assert not intent(text).commercial


@pytest.mark.parametrize(("text", "selling"), [
    ("Vi har fået rabat på kantineordningen fra nytår, og det er der mange, der er glade "
     "for.", False),
    ("Jeg fik studierabat på min svendeprøve, så tak til fagskolen.", False),
    ("Vi har julerabat på alle varmepumper hele december.", True),
    ("Vi har fået rabat hos leverandøren, så nu giver vi 10 % rabat til dig.", True),
])
def test_a_discount_received_is_no_offer(text: str, selling: bool) -> None:
    assert bool(intent(text).commercial) is selling


def test_claims_need_an_own_subject_and_no_source() -> None:
    assert intent("Vi er Jyllands billigste på solceller.").of("claim")
    assert not intent("Ifølge en undersøgelse fra 2025 er vi billigste i Jylland.").of("claim")
    assert not intent("Jeg har verdens bedste kolleger.").of("claim")
    assert not intent("I bedste fald er vi færdige i morgen.").of("claim")


def test_pressure_needs_sharing_and_is_cancelled_by_voluntariness() -> None:
    assert intent("Chefen får en liste over, hvem der har delt opslaget.").of("pressure")
    assert not intent("Chefen får en liste over, hvem der har bestilt kage.").of("pressure")
    assert not intent("Deler du ikke? Helt fint. Det er frivilligt, og ingen spørger hvorfor."
                      ).of("pressure")


def test_attacks_judge_people() -> None:
    acts = intent("Nogle kunder er simpelthen håbløse.").of("attack")
    assert acts and acts[0].about == "people"
    assert intent("Vestkraft har ikke styr på noget som helst.").of("attack")[0].about == \
        "competitor"
    assert not intent("Mennesker er ikke dumme.").of("attack")
    assert not intent("Priserne falder langsommere nu.").of("attack")


def test_disclosed_first() -> None:
    assert intent("Reklame for Nordlys Energi: SolPakke til 20 % rabat.").disclosed
    assert intent("Jeg arbejder hos Nordlys Energi, så tag det for det, det er.").disclosed
    assert not intent("SolPakke til 20 % rabat. #reklame").disclosed
