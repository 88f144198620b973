"""Spelling and særskrivning on real-text patterns (issue #11, part 5): what is a slip,
what is a regular Danish form, and how sure each finding is."""

from __future__ import annotations

import pytest
from tests.conftest import BASE_POLICY

import brandguard as bg

RULES = ["da.spelling", "da.split-compound", "da.word-repetition"]


@pytest.fixture(scope="module")
def checker() -> bg.Checker:
    return bg.Checker(BASE_POLICY, select=RULES)


def _warnings(report: bg.Report) -> list[tuple[str, str, str | None]]:
    return [(f.rule_id, f.span.text, f.suggestion) for f in report.findings
            if f.span is not None and f.severity == "warning"]


def _all(report: bg.Report) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.span.text, f.severity) for f in report.findings if f.span is not None]


# --- regular forms the dictionary does not list: no finding ------------------------------------

@pytest.mark.parametrize("text", [
    "Vi har startet et juniorkor for børn mellem 8 og 12 år.",          # junior|kor
    "Rådhusbal og nytårskur blev holdt i den gamle sal.",              # rådhus|bal
    "Hun ville omfotografere hele serien i dagslys.",                   # om|fotografere
    "De nytilmeldte får en mail i morgen.",                             # ny|tilmeldte
    "Børnene vokser op i en tokulturel familie.",                        # to|kulturel
    "Hesten sluttede uplaceret i sit første løb.",                       # u|placeret
    "Kriseår er hårde for de små virksomheder.",                         # krise|år
    "Søvarme kan varme et helt boligområde op.",                         # sø|varme
    "Der er en spisebar i stueetagen.",                                  # spise|bar
])
def test_regular_compounds_and_derivations_pass(checker: bg.Checker, text: str) -> None:
    assert _all(checker.check(text)) == []


@pytest.mark.parametrize("text", [
    "Grunden ligger på matr. nr. 14a ved kirken.",                      # abbreviation + full stop
    "Vi svarer mhp. at finde en løsning.",
    "Den nye ssd gør computeren hurtig.",                                # no vowel: acronym
    "Bogen kom i 1850, og de fleste maaneder gik med rejser.",          # aa for å
    "Han fandt det beqvemmere at rejse om natten.",                      # qv
    "Det var såå fedt at se jer igen!",                                  # stretched
    "Hun er riiigtig glad for sin nye cykel.",
    "Tag en 5-aksede fræser til de store emner.",                        # made with a number
    "Folmer er tilbage på kontoret efter ferien.",                       # a name at the start
    "Henkel har købt fabrikken i Køge.",
])
def test_abbreviations_old_spelling_names_and_stretching_pass(checker: bg.Checker,
                                                              text: str) -> None:
    assert _warnings(checker.check(text)) == []


def test_english_words_are_not_misspelt_danish(checker: bg.Checker) -> None:
    assert _warnings(checker.check("Serveren kører med varnish foran og en god malware-scanner.")) \
        == []
    # … but an English spelling of a Danish abbreviation is corrected.
    assert ("da.spelling", "incl", "inkl") in _warnings(
        checker.check("Prisen er 200 kr. incl. moms og levering."))


def test_a_suggestion_never_drops_a_negating_prefix(checker: bg.Checker) -> None:
    for f in checker.check("Brevet lå usigneret og udokumenteret på bordet.").findings:
        assert f.suggestion not in ("signeret", "dokumenteret")


# --- sure slips: warnings with the right correction -------------------------------------------

@pytest.mark.parametrize(("text", "span", "fix"), [
    ("Det er en stor fornoejelse at byde jer velkommen.", "fornoejelse", "fornøjelse"),
    ("Vi skal bekaempe madspild i kantinen.", "bekaempe", "bekæmpe"),
    ("Bogen var ogsaa anbefalet som lasning for alle.", "lasning", "læsning"),
    ("Jeg maler på det lædderhårde ler.", "lædderhårde", "læderhårde"),
    ("Man kan sige at ledelseskiftet har øget formuen.", "ledelseskiftet", "ledelsesskiftet"),
    ("Hun leder hele regnsskabsfunktion i firmaet.", "regnsskabsfunktion", "regnskabsfunktion"),
    ("Han har hjulpet en patient med en kronisk træthedsygdom.", "træthedsygdom",
     "træthedssygdom"),
    ("Skjern cykleklub havde to ryttere med.", "cykleklub", "cykelklub"),
    ("Blev klar fem minutter før start ogfik starte sidst.", "ogfik", "og fik"),
    ("Her er der altid nogen tilstede om aftenen.", "tilstede", "til stede"),
    ("Må vi ikke allesammen se din kommode?", "allesammen", "alle sammen"),
    ("Mus kan være ligeså generende som rotter.", "ligeså", "lige så"),
    ("Så nu sidder jeg dèr og venter.", "dèr", "dér"),
])
def test_sure_slips_are_warnings(checker: bg.Checker, text: str, span: str, fix: str) -> None:
    assert ("da.spelling", span, fix) in _warnings(checker.check(text))


def test_ligesaa_alone_is_right(checker: bg.Checker) -> None:
    assert _all(checker.check("Vi gør ligeså, når vi kommer hjem.")) == []


def test_guessed_corrections_are_info(checker: bg.Checker) -> None:
    # A short word whose nearest word is a substitution away: a slip, but which word?
    report = checker.check("Vi tager soya i saucen og skai på stolene.")
    assert _warnings(report) == []


# --- særskrivning -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "pair", "joined"), [
    ("Det er bare en super smuk ramme.", "super smuk", "supersmuk"),
    ("De var simpelthen super lækre med en sej krumme.", "super lækre", "superlækre"),
    ("Bukserne fås i lys grå og sort.", "lys grå", "lysegrå"),
    ("Vi har både engelsk og tysk talende personale.", "tysk talende", "tysktalende"),
    ("Malerne havde opdaget de tre primær farver.", "primær farver", "primærfarver"),
    ("Filerne er computer baserede og lette at dele.", "computer baserede", "computerbaserede"),
    ("Hun har skabt så mange kombinations muligheder.", "kombinations muligheder",
     "kombinationsmuligheder"),
])
def test_split_compounds_by_form_are_warnings(checker: bg.Checker, text: str, pair: str,
                                              joined: str) -> None:
    assert ("da.split-compound", pair, joined) in _warnings(checker.check(text))


@pytest.mark.parametrize("text", [
    "Dette billede er fra plads nummer to.",              # nummer + number
    "Sidste års regnskab viste et overskud.",             # genitive after a quantifier
    "Spillerne fra 2. divisions hold mødtes i går.",      # genitive after an ordinal
    "Det var en periode præget af uro.",                  # noun + participle, no word
    "Den lokale forening holder møde.",                   # adjective agreeing with its noun
    "En god ven er guld værd.",
])
def test_phrases_are_no_split_compound_warnings(checker: bg.Checker, text: str) -> None:
    assert [w for w in _warnings(checker.check(text)) if w[0] == "da.split-compound"] == []


def test_a_regular_compound_is_a_warning_a_join_without_its_linking_element_is_not(
        checker: bg.Checker) -> None:
    # `cigar` is a compound-initial form of Stavekontrolden and the join analyses as a noun
    # by its head: a regular compound, though no dictionary lists `cigarmagasin`
    report = checker.check("Han har et stort cigar magasin med mange artikler.")
    assert ("da.split-compound", "cigar magasin", "cigarmagasin") in _warnings(report)
    # `kylling`, `sport`, `abonnement` make compounds with a linking element (kyllingekød,
    # sportsmassage): joined as written they are no words, so no warning
    for text in ("Der er friske æg og kylling kød.", "Der er en sport massage i byen.",
                 "Vi kører med en abonnement mobiltelefon."):
        assert [w for w in _warnings(checker.check(text)) if w[0] == "da.split-compound"] == []


# --- word repetition --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Det er mange mange år siden, vi så hinanden.",      # emphatic
    "Chelsea Chelsea råbte de fra tribunen.",             # a chant, a name
    "Nyheder Nyheder fra ugens møde ligger her.",         # a heading run into the text
    "Vi spiste cous cous med grøntsager.",                # unknown to the dictionary
])
def test_deliberate_doubles_pass(checker: bg.Checker, text: str) -> None:
    assert [w for w in _warnings(checker.check(text)) if w[0] == "da.word-repetition"] == []


def test_a_typed_double_is_still_found(checker: bg.Checker) -> None:
    assert ("da.word-repetition", "af af", "af") in _warnings(
        checker.check("Det er en af af de bedste dage i år."))


def test_norwegian_forms_in_old_danish_and_marked_colloquial_pass() -> None:
    checker = bg.Checker(BASE_POLICY, select=["da.norwegian-swedish"])
    assert checker.check("Han vilde gjøre en reise, og det maatte skee snart.").findings == []
    assert checker.check("Det blir' nok godt i morgen, siger hun.").findings == []
    assert [f.span.text for f in checker.check("Det blir nok godt i morgen.").findings
            if f.span] == ["blir"]
