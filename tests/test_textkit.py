"""The narrative and tone helpers; TermMatcher's prefilter never changes its results."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from brandguard.analysis import Analysis
from brandguard.builtin_packs import rules_root
from brandguard.lang.da import sentiment_lexicon
from brandguard.matching import TermMatcher
from brandguard.packs import PackData
from brandguard.textkit import word_list

from .conftest import BASE_POLICY

TONE_DATA = PackData(rules_root() / "tone-da" / "data")

DATA = Path(__file__).parent / "data"


def _texts() -> list[str]:
    out: list[str] = []
    for name in ("on_story_posts.yaml", "da_good_posts.yaml", "da_error_posts.yaml"):
        for p in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["posts"]:
            out.append(p["text"].replace("<marker>", "").replace("</marker>", ""))
    out += [
        "Ledelsen er inkompetent. Nordlys Energi er et møgfirma. #solceller #kundeservice",
        "Køb nu! Kun i dag: tilbud på varmepumper, og det er sgu gratis. Like og del.",
        "Vores solcelleanlæg og kundeservicen hjalp familierne med vindmøllerne.",
    ]
    return out


def _theme_terms() -> list[str]:
    return [t for theme in BASE_POLICY["narrative"]["themes"] for t in theme["terms"]]


LISTS = {
    "single words (direct scan)": (["vi", "vores", "os", "kunde", "kunder"], ("surface", "lemma"),
                                   False),
    "mixed words and names": ([*TONE_DATA("negativity")["targets"], "Nordlys Energi",
                               "Nordlys"], ("surface", "lemma"), False),
    "phrases": (TONE_DATA("advert")["calls_to_action"], ("surface", "lemma"), False),
    "profanity": ([w for g in ("info", "warning", "error")
                   for w in TONE_DATA("profanity")[g]], ("surface", "lemma"), False),
    "themes with compounds and hashtags": (_theme_terms(), ("surface", "lemma", "compound"),
                                           True),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_prefilter_never_changes_results(name: str) -> None:
    terms, modes, hashtags = LISTS[name]
    matcher = TermMatcher(terms, modes, hashtags=hashtags)
    texts = _texts()
    matched = 0
    for text in texts:
        a = Analysis(text)
        expected = [(m.start, m.end, m.term) for m in matcher._find(a, True)]  # no prefilter
        got = [(m.start, m.end, m.term) for m in matcher.find(a)]
        assert got == expected, text
        matched += bool(expected)
    assert matched >= 1, "the comparison must include posts where the list matches"


def test_word_list_keeps_inflected_entries_as_written() -> None:
    words = word_list(["bedste pris", "skynd dig", "tilbud"])
    found = [m.term for m in words.find(Analysis("En god pris, og tilbuddet gælder."))]
    assert found == ["tilbud"]  # `god pris` is not `bedste pris`, `tilbuddet` is `tilbud`
    found = [m.term for m in words.find(Analysis("Den bedste pris på markedet."))]
    assert found == ["bedste pris"]


def test_sentiment_lexicon_has_afinn_and_our_words() -> None:
    lex = sentiment_lexicon()
    assert lex["glad"] > 0 and lex["dårlig"] < 0  # AFINN-da
    assert lex["inkompetent"] <= -3  # rules/tone-da/data/sentiment.yaml
    assert lex["problem"] == 0  # corrected: a problem solved is not negativity
    assert len(lex) > 3000
