"""The punctuation-like da rules on real-text patterns: what is flagged, what is left alone.

Each case is a sentence of the kind found in the Leipzig web text (tests/data/realtext/),
reworded; the examples of each rule (its `examples`) are tested in tests/test_rule_examples.py.
"""

from __future__ import annotations

import pytest
from tests.conftest import BASE_POLICY

import brandguard as bg
from brandguard.textnorm import normalise

_checker = bg.Checker({**BASE_POLICY, "packs": ["da"]})


def spans(text: str, rule: str) -> list[tuple[str, str | None]]:
    report = _checker.check(bg.Post(text=text))
    return [(f.span.text if f.span else "", f.suggestion) for f in report.findings
            if f.rule_id == rule and f.severity in ("warning", "error")]


@pytest.mark.parametrize(("text", "rule", "found"), [
    # da.sentence-start: a slip after a plain full stop, ? or !
    ("Det lyder smart. alt det, der kan gøre det lettere, skal undersøges.", "da.sentence-start",
     [("alt", "Alt")]),
    ("Hvorfor blande sig? rygter er en ting.", "da.sentence-start", [("rygter", "Rygter")]),
    ("Jeg har haft ham i 1 år. det startede i maj.", "da.sentence-start", [("det", "Det")]),
    ("Vi kørte 13000 km i 2014. han var glad.", "da.sentence-start", [("han", "Han")]),
    # … and not after an abbreviation, a unit, an ordinal or a date, in dialogue, after a name
    ("Hun blev cand.mag. med speciale i lyrik og tog en ph.d. i Aarhus.", "da.sentence-start", []),
    ("Det koster 40 mio.kr. til forskning og 5 min. om dagen.", "da.sentence-start", []),
    ("Sæt ovnen på 90 gr trad. ovnvarme, og kør med en gnm. hastighed på 25 km/t.",
     "da.sentence-start", []),
    ("Vi mødes den 07. april, og i det 80. minut scorede han. Træningen den 30.9. flyttes.",
     "da.sentence-start", []),
    ("Konferencen er den 13.-15. maj, og Henna blev 3.v. i mellemklassen.", "da.sentence-start", []),
    ("– Skyd den! foreslår et barn. – Et bryllup? fortsatte han spørgende.", "da.sentence-start", []),
    ("Hos ACT! reflekterer vi. Hun sang med Hej Matematik! nummeret om morgenen.",
     "da.sentence-start", []),
    ("Den smager udsøgt. read more → Denne ret er nem.", "da.sentence-start", []),
    ("Vi har nye sange ! og desuden er bloggen overskuelig.", "da.sentence-start", []),
    # da.unpaired
    ("Nyt badeværelse (2008) med gulvvarme og køkken (se figur 8).", "da.unpaired", []),
    ("Barn (2-11 år): gratis. Medlem af Røde Mor (1969-78) og Kunst for Livet (1991-93).",
     "da.unpaired", []),
    ("Mødet er slut. 10) Klub 200 har problemer med byggesagen.", "da.unpaired", []),
    ("Det er rart ;o) og hyggeligt :0) og sjovt -)) i haven.", "da.unpaired", []),
    ("Vi åbnede værkstedet i 2008) og har vokset siden.", "da.unpaired", [(")", None)]),
    ("Han kaldte det \"en god dag og gik.", "da.unpaired", [("\"", None)]),
    # da.time and da.currency: the accepted variants are left alone
    ("Skrevet 3. november 2013 kl. 22:00 af Jens.", "da.time", []),
    ("Vi mødes kl 15.30 på caféen.", "da.time", [("kl 15.30", "kl. 15.30")]),
    ("Prisen er kr. 1.000,- for en weekend, fra kr. 34.995 på economy.", "da.currency", []),
    ("Det koster 275 kr til sammen.", "da.currency", [("kr", "kr.")]),
    # da.genitive
    ("Vi sidder i et af EfB's netværk og bruger NemID's app.", "da.genitive", []),
    ("Mark Rashid's tilgang til heste er kendt.", "da.genitive", [("Rashid's", "Rashids")]),
    # da.number-hyphen
    ("Der er 8 dobbeltværelser og en 47 årig vært.", "da.number-hyphen", [("47 årig", "47-årig")]),
    # da.abbreviation: `f. eks.` is an accepted variant, `fx.` is not
    ("Køb frø i f. eks. Sverige, fx. i Malmø.", "da.abbreviation", [("fx.", "fx")]),
    # da.space-before-punctuation
    ("0 Kommentarer :: Tilføj en kommentar. Levering : Ikke oplyst.", "da.space-before-punctuation",
     [(" :", ":")]),
])
def test_real_text_patterns(text: str, rule: str, found: list[tuple[str, str | None]]) -> None:
    assert spans(text, rule) == found


def test_double_space_counts_only_typed_spaces() -> None:
    assert spans("Vi ses på  torsdag.", "da.double-space") == [("  ", " ")]
    # a byte-order mark between two spaces is no second space
    assert spans("Connection: close \ufeff Tyskland har Gómez klar.", "da.double-space") == []
    # nor a dash from a damaged encoding (Windows-1252 read as Latin-1)
    assert spans("Kontrol på dag 5 (4 \x96 6) og dag 8.", "da.double-space") == []


def test_windows_1252_damage_reads_as_punctuation() -> None:
    clean, offsets = normalise("Han sagde \x84hej\x93 og \x96 gik. Peter\x92s bil\x81.")
    assert clean == "Han sagde „hej“ og – gik. Peter's bil ."
    assert offsets is not None and len(offsets) == len(clean) + 1
    assert spans("Han skrev bogorm\x93. Og gik.", "da.space-before-punctuation") == []


def test_unpaired_is_linear_on_hostile_text() -> None:
    text = "(" * 5000 + ":)" * 5000 + '"' * 5001 + " 1)" * 3000
    found = spans(text, "da.unpaired")
    assert found and all(s in ('(', '"', ')') for s, _ in found)
