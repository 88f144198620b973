"""da.spelling on the patterns of real web text (issue #11): names, old orthography,
foreign phrases, loans, derivations and abbreviations are no misspellings; slips in long
compounds are found part by part, with the right correction."""

from __future__ import annotations

import pytest
from tests.conftest import BASE_POLICY

import brandguard as bg

RULE = "da.spelling"


@pytest.fixture(scope="module")
def checker() -> bg.Checker:
    return bg.Checker(BASE_POLICY, select=[RULE])


def _findings(checker: bg.Checker, text: str) -> list[tuple[str, str, str | None]]:
    return [(f.span.text, f.severity, f.suggestion) for f in checker.check(bg.Post(text=text)).findings
            if f.rule_id == RULE and f.span is not None]


def _warned(checker: bg.Checker, text: str) -> list[str]:
    return [span for span, severity, _s in _findings(checker, text) if severity == "warning"]


# --- no warning: the word is no slip ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    # a first name typed in lower case before the surname (the names facet)
    "Af marit Wengel, den 22. marts 2012: Jeg synes, det er vigtigt at skelne.",
    # old orthography: common nouns with a capital after a determiner or preposition
    "Samtlige ved denne Leilighed tagne Fanger bleve satte i Frihed.",
    "Og klapped den bølgende Manke, et Venskab i Ord og i Tanke.",
    # a form quoted on its own, part of an e-mail address
    "Datid af 'go' er på engelsk 'went', ikke 'goed'.",
    "Send en mail til rabat@skole-foraeldre.",
    # a foreign phrase, a foreign word after the language's name
    "Vi så Pelle Svanslös och den stora skattjakten i går.",
    "Jeg har en del gymnastic skills, jeg skal have trænet.",
    "På latin blev navnet til marcipani.",
    # loans with an English part, an English word with a Danish ending
    "Hun vil hellere have en businessmand med en stor bil.",
    "Systemet er overclocket og kører varmt.",
    # the agent noun of a common verb, a genitive of a word common in Danish text
    "I vores klub er vi seks, som flyver svævere.",
    "Vi gik en tur i den gamle medinas stræder.",
    # an abbreviated compound in a product list, a model name after a letter, a code
    "Stålbånd dobbeltsp 19X0,5MM sort til emballage.",
    "Den sportslige 7-trins S tronic arbejder sammen med firehjulstrækket.",
    "Bosch kge 36 ai 40 fritstående køleskab.",
    # a bound possessive adjective after a hyphen
    "De snub-næsede sko går allerede rundt i København.",
    # a doubled final consonant, a prefixed word turned into another
    "Sand ruller til vores proff manicure maskiner.",
    "Resten af byggen er umaltet.",
    # one noun for another in a compound's first part (`gedde|vejr` → «gede|vejr»)
    "Måske ikke det bedste geddevejr, men vi tog alligevel ud.",
    "Videoen er klippet sammen af kamphandlinger og stilbilleder.",
    # the plural participle of a strong verb, a brand in a pair with a slash
    "Kirken er opført i tilhugne kvadre af granit.",
    "Læg barnet i en varm flyverdragt og i en voksi/køre-pose.",
    # a name at a sentence start a letter longer than a common word, an English plural
    "Knudde måtte ikke blot svare skatterne, men også renter af gælden.",
    "Først og fremmest handsker, og så ellers bracers.",
])
def test_no_warning_on_real_text_patterns(checker: bg.Checker, text: str) -> None:
    assert _warned(checker, text) == []


@pytest.mark.parametrize(("text", "word"), [
    ("Kedlen kan fint bruges til varmning.", "varmning"),        # varm|ning ← varme
    ("Min datter kan ikke lide blogningen.", "blogningen"),      # blog|ning ← blogge
])
def test_nouns_of_action_from_known_verbs_are_at_most_advice(checker: bg.Checker, text: str,
                                                             word: str) -> None:
    got = _findings(checker, text)
    assert all(severity == "info" for _span, severity, _s in got), got


# --- near misses: still found ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "span", "fix"), [
    # one capitalised noun is no old orthography
    ("Vi mødtes i Huset og talte om den nye konkurence.", "konkurence", "konkurrence"),
    # a Danish verb of an English stem is spelt the Danish way
    ("Der var to billeder, som vi debaterede længe.", "debaterede", "debatterede"),
    # a vowel dropped from a short word is a slip when the word is no code
    ("Det er en rigitig god idé.", "rigitig", "rigtig"),
    # a doubled letter left out where the first part is no noun of its own
    ("Soldaterne vendte tilbage til komandoposten.", "komandoposten", "kommandoposten"),
    # a capitalised slip a letter short is still one (`Eftermidagen`)
    ("Eftermidagen sluttede med lidt indkøb.", "Eftermidagen", "Eftermiddagen"),
])
def test_near_misses_are_still_warnings(checker: bg.Checker, text: str, span: str, fix: str) -> None:
    assert (span, "warning", fix) in _findings(checker, text)


# --- slips in long compounds, corrected part by part ---------------------------------------------

@pytest.mark.parametrize(("text", "span", "fix"), [
    ("Det kan blive nødvendigt med en aflastningsinstiution.", "aflastningsinstiution",
     "aflastningsinstitution"),                                             # head: a letter left out
    ("Kommunen skal ikke skifte sit indkøbssytem ud.", "indkøbssytem", "indkøbssystem"),
    ("Målesignalerne går til registreringsenheen i styretavlen.", "registreringsenheen",
     "registreringsenheden"),
    ("Det er en frosttolerent palme.", "frosttolerent", "frosttolerant"),  # head: a vowel for a vowel
    ("Du kan tilføje dem i den færdige vidoefil.", "vidoefil", "videofil"),  # first part: a swap
    ("Cellerne var sorteret efter afladningtid.", "afladningtid", "afladningstid"),  # -ning takes -s-
    ("Bookmakerne har en højere tilbagebetalingprocent.", "tilbagebetalingprocent",
     "tilbagebetalingsprocent"),
    ("Den kan du selv eftermotere.", "eftermotere", "eftermontere"),      # the commoner head wins
    ("Firmaet startede som et enkelmandsfirma i 1986.", "enkelmandsfirma",
     "enkeltmandsfirma"),                                # a letter left out of a long first part
])
def test_slips_in_long_compounds_are_found_with_the_fix(checker: bg.Checker, text: str, span: str,
                                                        fix: str) -> None:
    assert (span, "warning", fix) in _findings(checker, text)


@pytest.mark.parametrize("text", [
    "Jeg har været på et teambuildingskursus.",          # a sound compound with -s-
    "Festivalcampen åbner tirsdag.",                     # an English part
    "SLAM Force 2 salopette i lysgrå.",                  # no part to edit by a likely slip
    "Hun sagde: mini camomille, det er for søgt!",
])
def test_sound_or_foreign_compounds_are_not_corrected(checker: bg.Checker, text: str) -> None:
    assert _warned(checker, text) == []


def test_a_run_together_word_also_offers_the_nearest_word(checker: bg.Checker) -> None:
    report = checker.check(bg.Post(text="Der er imidlertidig sendt en rettelse ud."))
    got = [f for f in report.findings if f.rule_id == RULE and f.span is not None
           and f.span.text == "imidlertidig"]
    assert got and "imidlertid" in got[0].suggestions
