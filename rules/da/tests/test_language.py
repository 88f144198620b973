"""Language identification (brandguard.langid) and the rules da.language / da.foreign-sentence."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from tests.conftest import BASE_POLICY, TEST_DATA, merge

import brandguard as bg
from brandguard.analysis import Analysis
from brandguard.lang.da.langid import LANGS, detect, get_factory, identify, post_language

RULES = ["da.language", "da.foreign-sentence"]


def _checker(**policy: Any) -> bg.Checker:
    return bg.Checker(merge(BASE_POLICY, policy), select=RULES)


@pytest.fixture(scope="module")
def checker() -> bg.Checker:
    return _checker()


@pytest.mark.parametrize(("text", "lang"), [
    ("Tak for i dag", "da"),
    ("Vi ses på fredag!", "da"),
    ("Godt nytår til alle kunder og samarbejdspartnere!", "da"),
    # `dette` is as Danish as it is Norwegian: three of them make no Norwegian post.
    ("Dette er blevet kaldt et præsidentvalg. Dette er også et område med mange lege. "
     "Dette var et træk i germansk ret.", "da"),
    ("Takk for i dag, og takk for at dere kom. Det har vært en fin dag med mye latter.", "no"),
    ("Jeg er så glad for å være en del av dette teamet. Det har vært en fantastisk reise.", "no"),
    ("Tack för idag! Vi ses snart igen.", "sv"),
    ("Jag är så glad att vara en del av det här teamet.", "sv"),
    ("We are proud to announce our new office in Aarhus.", "en"),
    ("Ich bin sehr froh, heute hier zu sein.", "de"),
])
def test_post_language(text: str, lang: str) -> None:
    guess = post_language(Analysis(text))
    assert guess.lang == lang, guess
    assert guess.sure


def test_no_words_no_language() -> None:
    assert post_language(Analysis("#grønomstilling @Nordlys https://nordlys.dk 🎉")).lang is None


def test_hashtags_mentions_and_quoted_titles_do_not_count() -> None:
    text = ("Læs rapporten »The Future of Energy and the Power of the Nordics« på "
            "https://nordlys.dk/the-future. Tak til @TheEnergyTeam #thefutureisgreen")
    assert post_language(Analysis(text)).lang == "da"


def test_names_do_not_count() -> None:
    # Capitalised English words inside a sentence are a name, not English text.
    text = "Vi var til The Climate Summit med Anna og The Green Team i går."
    assert post_language(Analysis(text)).lang == "da"


def test_langdetect_is_restricted_seeded_and_loaded_once() -> None:
    factory = get_factory()
    assert sorted(factory.get_lang_list()) == sorted(LANGS)
    assert get_factory() is factory
    text = "Velkommen til Mette i vores team i Vejle"
    assert detect(text) == detect(text)
    # The cheap signals decide before langdetect for clear texts.
    assert identify(Analysis("Tak for i dag")).method == "signals"


def test_report_language_is_set(checker: bg.Checker) -> None:
    assert checker.check("Tak for i dag").language == "da"
    assert checker.check("We are proud to announce our new office in Aarhus.").language == "en"


@pytest.mark.parametrize("text", [
    "We are proud to announce that our new office in Aarhus is open. Come and say hello!",
    "Jeg er så glad for å være en del av dette teamet. Det har vært en fantastisk reise, og "
    "jeg gleder meg til fortsettelsen!",
    "Jag är så glad att få vara en del av det här teamet. Tack till alla kollegor!",
])
def test_foreign_post_gets_one_whole_post_finding(checker: bg.Checker, text: str) -> None:
    found = [f for f in checker.check(text).findings if f.rule_id == "da.language"]
    assert len(found) == 1
    assert found[0].span is None and found[0].severity == "warning"
    assert "dansk" in found[0].message


def test_english_message_names_languages() -> None:
    report = _checker().check("We are proud to announce our new office in Aarhus.", lang="en")
    (finding,) = [f for f in report.findings if f.rule_id == "da.language"]
    assert finding.message == ("The post seems to be written in English, but the policy "
                               "requires Danish.")


def test_danish_post_in_an_english_policy() -> None:
    report = _checker(language="en").check(
        "Vi har haft en rigtig god dag på messen, og tak til alle, der kiggede forbi.")
    assert [f.rule_id for f in report.findings] == ["da.language"]


def test_one_english_sentence_is_flagged_as_info(checker: bg.Checker) -> None:
    text = ("Tak til alle kunder og kolleger for et fantastisk år med masser af solceller. "
            "Proud to be part of this amazing team! #teamwork")
    report = checker.check(text)
    assert [f.rule_id for f in report.findings] == ["da.foreign-sentence"]
    (f,) = report.findings
    assert f.severity == "info"
    assert f.span is not None and f.span.text == "Proud to be part of this amazing team!"
    assert report.language == "da"


@pytest.mark.parametrize("text", [
    "Tak for i dag",
    "Tillykke!",
    "Tak til alle kunder og kolleger for et fantastisk år. Happy Friday! #teamwork",
    "Vores nye rapport hedder »The Future of Energy in the Nordics« og kan læses på nordlys.dk.",
    "Vi holder Open House på fredag hos Nordlys Energi. Kom og se vores nye varmepumper.",
    "Hele teamet tog en weekend i Skagen og gav feedback på den nye app.",
    "Av, det gjorde ondt at se elregningen for januar. Men der er heldigvis noget at gøre ved det.",
    "Bare to uger efter installationen kunne familien se forskellen på forbruget.",
    "Vi har fået en ny kollega fra Oslo. Velkommen til Kari, der skal arbejde med vindkraft.",
    "Vi brugte hele dagen på employer branding, onboarding og en workshop om storytelling.",
])
def test_danish_near_misses_stay_silent(checker: bg.Checker, text: str) -> None:
    report = checker.check(text)
    assert report.findings == [], [(f.rule_id, f.message) for f in report.findings]


_GOOD = TEST_DATA / "da_good_posts.yaml"


@pytest.mark.skipif(not _GOOD.exists(), reason="precision corpus not present")
def test_short_danish_snippets_are_never_surely_foreign() -> None:
    """langdetect calls short Danish texts Norwegian or Swedish; the signals must not."""
    posts = yaml.safe_load(_GOOD.read_text(encoding="utf-8"))["posts"]
    wrong = []
    for post in posts:
        for sent in Analysis(post["text"]).sentences:
            words = sent.text.split()
            for k in (2, 3, 4, 5, 6, 8):
                if len(words) >= k:
                    snippet = " ".join(words[:k])
                    guess = post_language(Analysis(snippet))
                    if guess.sure and guess.lang not in (None, "da"):
                        wrong.append((snippet, guess.lang))
    assert wrong == []


@pytest.mark.parametrize(("text", "lang"), [
    ("Takk for i dag, alle sammen!", "da"),  # one Norwegian word is not enough
    ("Hva skjer? Vi gleder oss veldig til å se dere.", "no"),
    ("Tack för idag!", "sv"),
    ("Thank you all so much!", "en"),
])
def test_short_posts(text: str, lang: str) -> None:
    assert post_language(Analysis(text)).lang == lang


def test_prose_words_keep_a_capitalised_word_only_first_in_its_sentence() -> None:
    """A word's kind is remembered by its text; whether a capitalised one counts still
    depends on where it stands (first in its sentence: yes; inside one, a name: no)."""
    from brandguard.analysis import Analysis
    from brandguard.lang.da.langid import prose_words

    for _ in range(2):  # the second time, every kind comes from the table
        first = Analysis("Solen skinner i dag. Vi ses i morgen, EU og I.")
        inside = Analysis("I dag skinner Solen, siger vi. «Vi ses» i morgen.")
        assert [t.text for t in prose_words(first)] == ["Solen", "skinner", "i", "dag", "Vi",
                                                         "ses", "i", "morgen", "og"]
        assert [t.text for t in prose_words(inside)] == ["dag", "skinner", "siger", "vi",
                                                          "i", "morgen"]
        assert [t.text for t in prose_words(first, 0, 20)] == ["Solen", "skinner", "i", "dag"]
