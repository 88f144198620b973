"""Danish capitalisation on the names facet: common nouns, weekdays and months, place names,
the pronoun `I`. Cases written for the behaviour (real-text shapes, near misses), not the
rules' own word lists read back."""

from __future__ import annotations

import pytest
from tests.conftest import BASE_POLICY

import brandguard as bg

RULES = ["da.common-noun-capital", "da.lowercase-names", "da.place-name-capital",
         "da.pronoun-capital"]


@pytest.fixture(scope="module")
def checker() -> bg.Checker:
    return bg.Checker(BASE_POLICY, select=RULES)


def _found(checker: bg.Checker, text: str) -> list[tuple[str, str, str | None, str]]:
    report = checker.check(bg.Post(text=text))
    return [(f.rule_id, f.span.text if f.span else "", f.suggestion, f.severity)
            for f in report.findings if f.rule_id in RULES]


def _warnings(checker: bg.Checker, text: str) -> list[tuple[str, str, str | None]]:
    return [(r, s, g) for r, s, g, sev in _found(checker, text) if sev != "info"]


@pytest.mark.parametrize(("text", "rule", "span", "right"), [
    # common nouns written with a capital in running text
    ("Brevet sendes så via Internettet til modtageren.", "da.common-noun-capital",
     "Internettet", "internettet"),
    ("Det er ikke nok, at eleverne kan surfe på Internettet.", "da.common-noun-capital",
     "Internettet", "internettet"),
    ("Kommunen skal behandle et forslag om forenkling af Serviceloven.",
     "da.common-noun-capital", "Serviceloven", "serviceloven"),
    ("Vi har talt med Kommunaldirektøren og med borgmesteren.", "da.common-noun-capital",
     "Kommunaldirektøren", "kommunaldirektøren"),
    ("Find en kop kaffe, for Nyhedsbrevet er ret langt i dag!", "da.common-noun-capital",
     "Nyhedsbrevet", "nyhedsbrevet"),
    ("Tak til alle Medarbejderne for en fantastisk indsats.", "da.common-noun-capital",
     "Medarbejderne", "medarbejderne"),
    # weekdays, months, nationalities inside a sentence
    ("Butikken har åbent mandag til Fredag fra kl. 10.", "da.lowercase-names", "Fredag", "fredag"),
    ("Hun bliver gift den 21. November i Vejle.", "da.lowercase-names", "November", "november"),
    ("Stort set alle Danskere har adgang til nettet.", "da.lowercase-names", "Danskere",
     "danskere"),
    ("Vi har både Engelsk og tysk talende personale.", "da.lowercase-names", "Engelsk", "engelsk"),
    # place names in lower case
    ("Vi har endelig fået deezer til danmark!", "da.place-name-capital", "danmark", "Danmark"),
    ("Feriehus udlejes i Gedser, sydsjælland, til fire personer.", "da.place-name-capital",
     "sydsjælland", "Sydsjælland"),
    ("Er der nogen, der vil mødes et sted på sjælland?", "da.place-name-capital", "sjælland",
     "Sjælland"),
    ("Han kører tit til aalborgs havn om morgenen.", "da.place-name-capital", "aalborgs",
     "Aalborgs"),
    # the pronoun I
    ("Husk at i kan følge os på Facebook.", "da.pronoun-capital", "i", "I"),
    ("Sig endelig til, hvis i har spørgsmål.", "da.pronoun-capital", "i", "I"),
    ("Jeg håber i vil hjælpe med at dele opslaget.", "da.pronoun-capital", "i", "I"),
    ("I dag skal i tjekke ind ved automaten.", "da.pronoun-capital", "i", "I"),
    ("Klubben vil gerne invitere Jer til en holdtidskørsel.", "da.pronoun-capital", "Jer", "jer"),
    ("Jeg skal også afprøve nogle af Jeres ideer.", "da.pronoun-capital", "Jeres", "jeres"),
])
def test_flagged(checker: bg.Checker, text: str, rule: str, span: str, right: str) -> None:
    assert (rule, span, right) in _warnings(checker, text)


@pytest.mark.parametrize("text", [
    # names keep their capital: institutions, committees, venues, places, media, parties
    "Det oplyser Sundhedsstyrelsen, og sagen går videre til Økonomiudvalget i næste uge.",
    "Evalueringen blev fremlagt på Byrådets møde, og ansøgningen gik til Folkeoplysningsudvalget.",
    "Vi sejlede på Limfjorden og så Limfjordens fugle, før vi spiste i Riddersalen.",
    "Vi har været på krydstogt i Emiraterne og på Filippinerne.",
    "Det skriver Ingeniøren, og historien er også i Weekendavisen og på Journalisten.",
    "SF vil sammen med Socialdemokraterne og Enhedslisten ændre loven.",
    "Han bor i Vejen, men arbejder på Rigshospitalet.",
    "Hun læser Bibelen hver aften, og han ser på Månen.",
    # not running text: a heading or segment run on without a full stop, a numbered step
    "Åndbart materiale i mørk grå Bukserne er lavet af stærkt stof.",
    "3. Backuppen skal have en anden fysisk placering.",
    "Tilbud på hjelme Tirsdag den 30. juli kl. 18 holder vi åbent.",
    # pre-1948 orthography: correct for its time
    "Der var to Bukke paa Paraden, om det var det kolde Vejr, vides ikke.",
    "Efter Forordningen af 23de Marts 1778 fik byen nye Omgivelser.",
    # English dates
    "Posted on December 3, 2008 by admin",
    "Sunday 6. November, 2011 klokken 17:23",
    # names in a run of capitals or quotes; the company's own names
    "Vi samarbejder med Dansk Industri og Danske Regioner om »Mennesket i Midten«.",
    "Vi glæder os til julefrokosten hos Nordlys Energi med Nordlys Varmepumpe.",
    # place names that are also common words, addresses, handles
    "Vi gik hjem ad vejen, og han ville skåne sine ben i mors have.",
    "Læs mere på www.visitaalborg.dk eller skriv til info@aalborg.dk.",
    "bornholm skrev: Tak for svaret!",
    # the preposition i
    "Vi var i går i Aarhus og skal i morgen i biografen.",
    "Børnene skal i skole, og vi skal i seng.",
    "For at komme i betragtning til en bolig i skal du være skrevet op.",
    "Han har boet i mange år i udlandet og er i gang med en bog.",
    "Jeres ideer er gode. Vi takker Dem og Deres firma for hjælpen.",
])
def test_not_flagged(checker: bg.Checker, text: str) -> None:
    assert _warnings(checker, text) == []


def test_an_uncompounded_capitalised_noun_is_only_advice(checker: bg.Checker) -> None:
    # `i Trommen`, `på Hylden`: as often a venue, a shop or a work as a common noun
    got = _found(checker, "Idéerne skal vi drøfte med Trommen, og garnet finder du på Hylden.")
    assert got and all(sev == "info" for _, _, _, sev in got)


def test_a_name_followed_by_a_capital_is_left_alone(checker: bg.Checker) -> None:
    assert _warnings(checker, "Vi mødes hos Dansk Jernbane-Klub og Danske Bank i Vejle.") == []
