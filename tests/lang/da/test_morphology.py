"""The Danish morphological lexicon: readings of real forms, compounds, names, hostile input."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from brandguard.lang.da import morphology as m


def tags(form: str) -> set[tuple[str, str, str]]:
    return {(r.upos, r.lemma, r.ud_feats) for r in m.readings(form)}


def test_genitive_plural_noun() -> None:
    assert tags("naboers") == {("NOUN", "nabo", "Case=Gen|Definite=Ind|Gender=Com|Number=Plur")}


def test_lærer_is_noun_and_verb() -> None:
    got = tags("lærer")
    assert ("NOUN", "lærer", "Definite=Ind|Gender=Com|Number=Sing") in got
    assert ("VERB", "lære", "Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Act") in got


def test_kunne_is_auxiliary_past_and_infinitive() -> None:
    got = tags("kunne")
    assert ("AUX", "kunne", "Mood=Ind|Tense=Past|VerbForm=Fin|Voice=Act") in got
    assert ("AUX", "kunne", "VerbForm=Inf|Voice=Act") in got
    assert ("AUX", "kunne", "Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Act") in tags("kan")


def test_fixed_expression_i_går_is_adverb() -> None:
    assert ("ADV", "i går", "_") in tags("i går")


@pytest.mark.parametrize(("form", "upos", "lemma", "feat"), [
    ("huset", "NOUN", "hus", "Definite=Def"),
    ("husene", "NOUN", "hus", "Number=Plur"),
    ("gik", "VERB", "gå", "Tense=Past"),
    ("skrevet", "VERB", "skrive", "VerbForm=Part"),
    ("læres", "VERB", "lære", "Voice=Pass"),
    ("bedre", "ADJ", "god", "Degree=Cmp"),
    ("største", "ADJ", "stor", "Degree=Sup"),
    ("hurtigt", "ADJ", "hurtig", "Gender=Neut"),
    ("hurtigt", "ADV", "hurtigt", "Degree=Pos"),
    ("mænd", "NOUN", "mand", "Number=Plur"),
    ("Aalborgs", "PROPN", "Aalborg", "Case=Gen"),
    ("hende", "PRON", "hun", "Case=Acc"),
    ("sit", "DET", "sin", "Poss=Yes"),
])
def test_inflected_forms(form: str, upos: str, lemma: str, feat: str) -> None:
    assert any(r.upos == upos and r.lemma == lemma and feat in r.feats for r in m.readings(form)), \
        tags(form)


def test_reading_accessors() -> None:
    r = next(r for r in m.readings("naboers"))
    assert r.get("Number") == "Plur"
    assert r.get("Tense") is None
    assert "Case=Gen" in r.feats


def test_capitalised_form_also_gets_lower_case_readings() -> None:
    assert {r.upos for r in m.readings("Lærer")} >= {"NOUN", "VERB"}
    assert m.is_known("HUSET")
    assert not m.is_known("xqzvw")


def test_proper_names() -> None:
    assert m.is_proper_name("Aalborg")
    assert m.is_proper_name("Anders")
    assert m.is_proper_name("Aalborgs")
    assert not m.is_proper_name("Lærer")
    assert not m.is_proper_name("aalborg")
    assert not m.is_proper_name("")


def test_compound_with_head_deciding_class() -> None:
    c = m.analyse_compound("varmepumpeservice")
    assert c is not None
    assert c.head == "service"
    assert "".join(c.parts) == "varmepumpeservice"
    assert {r.upos for r in c.readings} == {"NOUN"}
    assert all(r.lemma == "varmepumpeservice" for r in c.readings)


def test_compound_linking_s_and_inflected_head() -> None:
    c = m.analyse_compound("kundeserviceafdelingens")
    assert c is not None
    assert c.parts[-1] == "afdelingens"
    assert any("Case=Gen" in r.feats and r.lemma == "kundeserviceafdeling" for r in c.readings)
    c = m.analyse_compound("arbejdsglæden")  # arbejd|s + glæden
    assert c is not None and c.part_lemmas[0] == "arbejde"


def test_compound_initial_forms_grouped_by_two_letters_are_the_shipped_section() -> None:
    # The table keeps the @begin section as text split a group at a time (_Table.begins):
    # together the groups are the section's form → first lemma, and each form is found
    # under its own first two letters (what is_compound_part and analyse_compound ask).
    text = gzip.decompress(resources.files("brandguard.lang.da").joinpath(
        "data/stavekontrolden/morphology.txt.gz").read_bytes()).decode("utf-8")
    section = text.partition("\n@begin\n")[2].partition("\n@")[0]
    want = {}
    for line in filter(None, section.split("\n")):
        form, _, lemmas = line.partition("\t")
        want[form] = lemmas.split(" ")[0]
    table = m._Table(m._parse(resources.files("brandguard.lang.da").joinpath(
        "data/stavekontrolden/morphology.txt.gz").read_bytes()))
    got: dict[str, str] = {}
    for key in {f[:2] for f in want}:
        group = table.begins(key)
        assert all(f[:2] == key for f in group)
        got.update(group)
    assert got == want and len(want) > 50_000
    assert table.begins("q1") == {}
    assert m.is_compound_part("arbejds") and m.is_compound_part("børne")
    assert not m.is_compound_part("arbejdsx") and not m.is_compound_part("")


def test_no_compound_for_nonsense_or_overlong_words() -> None:
    assert m.analyse_compound("xqzvwxqzvw") is None
    assert m.analyse_compound("hus" * 30) is None  # over MAX_COMPOUND_LENGTH
    assert m.analyse_compound("") is None
    assert m.analyse_compound("2026") is None


@pytest.mark.parametrize(("token", "upos"), [
    ("2026", "NUM"), ("3,5", "NUM"), ("10%", "NUM"), (",", "PUNCT"), ("...", "PUNCT"),
    ("👍", "SYM"), ("https://nordlys.dk/varme", "X"), ("nordlys.dk", "X"), ("#grønomstilling", "X"), ("@nordlys", "PROPN"),
])
def test_shape_readings(token: str, upos: str) -> None:
    assert [r.upos for r in m.readings(token)] == [upos]


def test_hostile_input_is_bounded() -> None:
    assert m.readings("") == ()
    assert m.readings("a" * 10_000) == ()
    assert m.analyse("æ" * 10_000) == ()
    assert m.readings("\x00\ufeff") == (m.Reading("SYM", "\x00\ufeff", frozenset()),)


def test_lookups_are_deterministic() -> None:
    assert m.readings("lærer") == m.readings("lærer")
    assert m.info()["forms"] == m.info()["forms"]
    assert int(m.info()["forms"]) > 500_000  # type: ignore[call-overload]
