"""Danish proper names (brandguard.lang.da.names): the lists and the da.names facet."""

from __future__ import annotations

import pytest

from brandguard.analysis import Analysis
from brandguard.lang.da import (
    PROPER_NAMES,
    is_name,
    is_proper_name,
    listed_kind,
    lowercase_name,
    proper_noun_kind,
)
from brandguard.lang.da.names import NamesData, name_lists
from brandguard.lang.da.resources import language_data


def _names(text: str) -> dict[str, str]:
    a = Analysis(text)
    n = a[PROPER_NAMES]
    return {a.tokens[i].text: kind for i, kind in n.kinds.items()}


# --- the lists -------------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "kind"), [
    ("Limfjorden", "place"), ("Limfjordens", "place"), ("Aabenraa", "place"),
    ("Filippinerne", "place"), ("Sundhedsstyrelsen", "institution"),
    ("Arbejdstilsynets", "institution"), ("Rigshospitalet", "institution"),
    ("Enhedslisten", "party"), ("Socialdemokraternes", "party"), ("SF", "party"),
    ("Weekendavisen", "media"), ("Ingeniøren", "media"), ("Mette", "first_name"),
    ("Jørgensens", "surname"), ("Bibelen", "other"),
])
def test_listed_names_and_their_genitives(word: str, kind: str) -> None:
    assert listed_kind(word) == kind


@pytest.mark.parametrize("word", ["limfjorden", "Medarbejderne", "Julefrokosten", "Internettet",
                                  "Kunden", "Vejene", "Dansk"])
def test_common_words_and_lower_case_are_not_listed(word: str) -> None:
    assert listed_kind(word) is None


def test_every_listed_person_name_is_a_proper_noun_of_stavekontrolden() -> None:
    d = language_data("names", NamesData)
    missing = [n for n in [*d.first_names, *d.surnames] if not is_proper_name(n)]
    assert missing == []


def test_the_parties_are_the_ones_narrative_politics_reads() -> None:
    import brandguard as bg
    from brandguard.packs import Registry  # the pack's module reads the same list

    Registry.build(bg.get_plugin_manager(entry_points=False))
    import sys

    politics = sys.modules["brandguard_packs.narrative_da.politics"]
    assert politics.party_names() == list(language_data("names", NamesData).parties)


def test_list_sizes() -> None:
    d = language_data("names", NamesData)
    assert len(d.places["municipalities"]) == 98  # every Danish municipality since 2007
    assert len(d.places["regions"]) >= 5
    lists = name_lists()
    assert len(lists.single) > 900 and len(lists.lowercase) > 300


@pytest.mark.parametrize(("word", "right"), [
    ("danmark", "Danmark"), ("danmarks", "Danmarks"), ("jylland", "Jylland"),
    ("aalborg", "Aalborg"), ("nordjylland", "Nordjylland"), ("sydsjælland", "Sydsjælland"),
    ("københavn", "København"), ("århus", "Århus"),
])
def test_a_place_in_lower_case_that_is_no_common_word(word: str, right: str) -> None:
    assert lowercase_name(word) == right


@pytest.mark.parametrize("word", ["vejen", "mors", "thy", "hals", "fyn", "island", "them",
                                  "give", "ry", "kunden", "danske"])
def test_a_place_that_is_also_a_danish_or_english_word_is_not_a_lower_case_name(word: str) -> None:
    assert lowercase_name(word) is None


# --- a word by itself ------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "kind"), [
    ("Folkeoplysningsudvalget", "head"), ("Riddersalen", "head"), ("Kontaktudvalgets", "head"),
    ("Aalborg", "place"), ("Vadehavet", "place"), ("Odsherreds", "place"),
    ("Djursland", "place"), ("DR", "media"), ("KL", "acronym"), ("Horsensvej", None),
    ("Medarbejderne", None), ("Julefrokosten", None), ("aalborg", None),
])
def test_proper_noun_kind(word: str, kind: str | None) -> None:
    assert proper_noun_kind(word) == kind


# --- in context ------------------------------------------------------------------------------

def test_names_in_running_text() -> None:
    got = _names("Vi sejlede på Limfjorden med Sundhedsstyrelsen og Anne Hansen.")
    assert got == {"Limfjorden": "place", "Sundhedsstyrelsen": "institution",
                   "Anne": "first_name", "Hansen": "surname"}


def test_multiword_names_and_their_genitives() -> None:
    got = _names("Planen kom fra Region Midtjyllands direktion og Det Radikale Venstre, "
                 "ifølge Jyllands-Posten og TV 2 Østjylland.")
    for w in ("Region", "Midtjyllands", "Det", "Radikale", "Venstre", "Jyllands-Posten", "TV",
              "2", "Østjylland"):
        assert w in got, w
    assert "Planen" not in got and "direktion" not in got


def test_runs_of_capitals_unknown_words_and_titles_are_names() -> None:
    got = _names("Vi talte med Dansk Industri om Zylmanns plan og så filmen »Mennesket i Midten«.")
    assert got.get("Dansk") == "run" and got.get("Industri") == "run"
    assert got.get("Zylmanns") == "unknown"
    assert got.get("Midten") == "title"
    assert "plan" not in got and "filmen" not in got


def test_a_common_noun_with_a_capital_is_not_a_name() -> None:
    got = _names("Tak til alle Medarbejderne og til Kunden for en god Julefrokost.")
    assert "Medarbejderne" not in got and "Kunden" not in got and "Julefrokost" not in got


def test_a_sentence_start_is_a_name_only_when_it_is_one_by_itself() -> None:
    got = _names("Haven er lukket. Ifølge Politiken vandt Aalborg. Vejen er lang.")
    assert "Ifølge" not in got and "Haven" not in got  # the common words at a sentence start
    assert got.get("Politiken") == "media" and got.get("Aalborg") == "place"
    assert got.get("Vejen") == "place"  # listed: the town, even at a sentence start


def test_is_name_by_token_index() -> None:
    a = Analysis("Hun bor i Vejle og arbejder i Vejen.")
    idx = {t.text: t.i for t in a.tokens}
    assert is_name(a, idx["Vejle"]) and is_name(a, idx["Vejen"])
    assert not is_name(a, idx["bor"]) and not is_name(a, idx["Hun"])


def test_the_facet_is_linear_on_a_long_post() -> None:
    text = " ".join(["Region Midtjylland og Limfjordens Zornig"] * 2000)
    a = Analysis(text)
    assert len(a[PROPER_NAMES].spans) >= 6000


def test_no_list_names_a_name_twice() -> None:
    d = language_data("names", NamesData)
    lists = [("parties", d.parties), ("media", d.media), ("first_names", d.first_names),
             ("surnames", d.surnames), ("name_heads", d.name_heads),
             *((f"places.{k}", v) for k, v in d.places.items()),
             *((f"institutions.{k}", v) for k, v in d.institutions.items()),
             *((f"other.{k}", v) for k, v in d.other.items())]
    twice = {key: sorted({w for w in words if words.count(w) > 1}) for key, words in lists}
    assert {k: v for k, v in twice.items() if v} == {}
