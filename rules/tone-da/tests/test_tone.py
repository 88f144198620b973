"""The tone pack on realistic Danish posts (with the narrative pack beside it, as a policy runs
them): advertising, hype, shouting, bait, profanity, negativity, address and pressure."""

from __future__ import annotations

import pytest
from tests.narrative_tone import checker as _checker
from tests.narrative_tone import found as _found

import brandguard as bg

# --- tone: advertising --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "span"), [
    ("Vores SolPakke er klar. Køb nu, og få den monteret før jul.", "Køb nu"),
    ("Vi har åbnet for bestillinger, så bestil i dag.", "bestil i dag"),
    ("Spar 30 % på din næste varmepumpe.", "Spar 30 %"),
    ("Varmepumper på tilbud til 59.995 kr. hele december.", "tilbud"),
    ("Hele weekenden: K Ø B   N U og spar på varmen.", "K Ø B   N U"),
    ("Husk at k\u200blik her for at læse mere.", "k\u200blik her"),
])
def test_advert_fires_at_the_right_span(ours: bg.Checker, text: str, span: str) -> None:
    assert (span, "warning") in _found(ours.check(text), "tone.advert")


@pytest.mark.parametrize("text", [
    "I dag har vi givet et godt tilbud til vores kunder om rådgivning om varmepumper.",
    "Kunden sagde: »Gratis rådgivning? Det troede jeg ikke på.« Nu har hun solceller.",
    "Familien sparer 30 % på varmeregningen efter skiftet til varmepumpe.",
    "Strømmen er billigst om natten, så sæt opvaskemaskinen i gang sent.",
    "Jeg har verdens bedste kolleger i kundeservice.",
])
def test_advert_and_hype_near_misses(ours: bg.Checker, text: str) -> None:
    report = ours.check(text)
    assert _found(report, "tone.advert") == [] and _found(report, "tone.hype") == []


def test_hype_about_the_offer_fires(ours: bg.Checker) -> None:
    report = ours.check("Vi har markedets laveste priser, og vores rådgivning er unik.")
    assert _found(report, "tone.hype") == [("markedets laveste priser", "warning"),
                                           ("unik", "warning")]
    assert "annonce" in report.findings[0].message or "reklame" in report.findings[0].message


# --- tone: shouting ----------------------------------------------------------------------

def test_caps_sentence_is_a_warning_and_acronyms_are_fine(ours: bg.Checker) -> None:
    report = ours.check("Tak for i dag. I ER DE BEDSTE! Vi har sænket CO2 i EU og hos HR.")
    assert _found(report, "tone.caps") == [("I ER DE BEDSTE", "warning")]


def test_single_caps_word_is_info_unless_acronym_heavy(ours: bg.Checker) -> None:
    assert _found(ours.check("Det er VIRKELIG flot arbejde."), "tone.caps") == [
        ("VIRKELIG", "info")]
    heavy = "Konferencen om EU, NATO og USA samlede ALLE fra HR og IT i Nordlys Energi A/S."
    assert _found(ours.check(heavy), "tone.caps") == []


def test_repeated_marks_exclamations_and_emoji(ours: bg.Checker) -> None:
    report = ours.check("Rekord!!! Tak! Flot! Godt! 👍🏽🏳️‍🌈☀️😀🎉🙌")
    assert _found(report, "tone.repeated-punctuation") == [("!!!", "warning")]
    assert _found(report, "tone.exclamations") == [("!", "warning"), ("!", "warning")]
    assert _found(report, "tone.emoji") == []  # six grapheme clusters: at the limit
    more = ours.check("Godt! 👍🏽🏳️‍🌈☀️😀🎉🙌🌱")
    assert _found(more, "tone.emoji") == [(None, "warning")]


# --- tone: bait, profanity, negativity, address, voice, pressure, banned -------------------

def test_clickbait_and_engagement_bait(ours: bg.Checker) -> None:
    report = ours.check("Du vil ikke tro, hvad vi fandt på taget. Like og del! #likeforlike")
    assert _found(report, "tone.clickbait") == [("Du vil ikke tro", "warning")]
    assert _found(report, "tone.engagement-bait") == [("Like og del", "warning"),
                                                      ("#likeforlike", "warning")]
    comment = ours.check("Kommentér SOL for at få vores guide til solceller.")
    assert _found(comment, "tone.engagement-bait") == [("Kommentér SOL for at få", "warning")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Det var sgu en god dag på taget.", [("sgu", "info")]),
    ("Bookingsystemet er noget lort.", [("lort", "warning")]),
    ("Det nye lortesystem driller.", [("lortesystem", "warning")]),
    ("Hele projektet var noget l0rt.", [("l0rt", "warning")]),
    ("Sikke noget l\u043ert.", [("l\u043ert", "warning")]),  # Cyrillic о
    ("Montøren er en perker.", [("perker", "error")]),
    ("Montøren fik sin piskeris og pistol med.", []),
    ("Mit bedste tip is simple.", []),
])
def test_profanity_is_graded(ours: bg.Checker, text: str, expected: list) -> None:
    assert _found(ours.check(text), "tone.profanity") == expected


def test_negativity_needs_a_target_and_a_clearly_negative_sentence(ours: bg.Checker) -> None:
    bad = ours.check("Ny uge. Ledelsen er fuldstændig inkompetent og lytter aldrig.")
    assert _found(bad, "tone.negativity") == [
        ("Ledelsen er fuldstændig inkompetent og lytter aldrig.", "warning")]
    for text in ["Kunden var bekymret for elregningen, så vi lavede et energitjek sammen.",
                 "Vi havde en våd og kold dag på taget, men holdet klarede det flot.",
                 "Ledelsen er ikke dårlig til at lytte.",
                 "Vi havde en frygtelig storm i nat, og flere kunder mistede strømmen, så vi "
                 "rykkede ud."]:
        assert _found(ours.check(text), "tone.negativity") == [], text


def test_address_du_flags_polite_forms_only_mid_sentence(ours: bg.Checker) -> None:
    report = ours.check("Vi ringer til Dem i morgen. De har travlt i dag. Hvis De vil, så skriv.")
    assert _found(report, "tone.address") == [("Dem", "warning"), ("De", "warning")]
    polite = _checker({"tone": {"address": "De"}}, ["tone.address"])
    found = polite.check("Har du spørgsmål, så skriv. Kunden sagde: »Du må gerne komme.«")
    assert [(f.span.text, f.suggestion) for f in found.findings] == [("du", "De")]


def test_press_release_and_expertise_markers(ours: bg.Checker) -> None:
    release = ours.check("Nordlys Energi A/S er en førende leverandør af solceller i Danmark. "
                         "Virksomheden tilbyder rådgivning til både private og erhverv.")
    assert _found(release, "tone.press-release") == [(None, "info")]
    advice = ours.check("Mit bedste råd: Tjek filteret. Min erfaring er, at det sparer strøm.")
    assert advice.figures["expertise_markers"] == 2.0
    assert _found(advice, "tone.press-release") == []


def test_pressure_in_an_internal_request_to_share(ours: bg.Checker) -> None:
    request = ("Kære alle i salg. Kampagnen om varmepumper går i luften i dag, og alle skal dele "
               "den inden fredag. Det er obligatorisk at dele, og vi holder øje med, hvem der "
               "deler.")
    found = _found(ours.check(request), "tone.pressure")
    assert found == [("alle skal dele", "warning"), ("obligatorisk", "warning"),
                     ("vi holder øje med, hvem der deler", "warning")]
    voluntary = ("Kampagnen går i luften i dag. Det er ikke obligatorisk at dele, men har du "
                 "lyst, så del gerne.")
    assert _found(ours.check(voluntary), "tone.pressure") == []


def test_banned_phrases_see_through_evasion() -> None:
    checker = _checker({"tone": {"banned_phrases": ["bedste pris", "kun i dag"]}},
                       ["tone.banned-phrase"])
    report = checker.check("Den b3dste pris, k u n   i   d a g. Familien fik en god pris.")
    assert [f.span.text for f in report.findings] == ["b3dste pris", "k u n   i   d a g"]
