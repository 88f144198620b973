"""The narrative pack on realistic Danish posts (with the tone pack beside it, as a policy runs
them): themes, values, story fit, off-limits topics and competitors; what must fire and what must not."""

from __future__ import annotations

import pytest
from tests.conftest import BASE_POLICY
from tests.narrative_tone import checker as _checker
from tests.narrative_tone import found as _found
from tests.narrative_tone import posts as _posts

import brandguard as bg

# --- the on-story corpus -----------------------------------------------------------------

ON_STORY = _posts("on_story_posts.yaml")


def test_on_story_corpus_is_large_enough() -> None:
    assert len(ON_STORY) >= 60
    assert len(set(ON_STORY)) == len(ON_STORY)


@pytest.mark.parametrize("text", ON_STORY, ids=[f"on-story-{i}" for i in range(len(ON_STORY))])
def test_on_story_posts_pass_narrative_and_tone(ours: bg.Checker, text: str) -> None:
    report = ours.check(text)
    loud = [(f.rule_id, f.severity, f.span.text if f.span else None)
            for f in report.findings if f.severity != "info"]
    assert loud == []
    assert report.figures["story_fit"] >= BASE_POLICY["narrative"].get("min_story_fit", 0.05)
    assert report.themes, "an on-story post touches at least one key message"


def test_well_written_posts_get_no_tone_or_narrative_warning(ours: bg.Checker) -> None:
    # The language helper's precision corpus: plain, correct Danish posts of every kind.
    for text in _posts("da_good_posts.yaml"):
        report = ours.check(text)
        assert [f.rule_id for f in report.findings if f.severity != "info"] == [], text


# --- narrative: themes, values, story fit ----------------------------------------------

def test_themes_list_the_words_with_spans_in_the_original_text(ours: bg.Checker) -> None:
    # A decomposed å (a + U+030A), a zero-width space and an emoji before the matches.
    text = "Ha\u030ab og \u200bglæde 👍🏽 Vores solcelleanlæg og kundeservicen hjalp. #varmepumper"
    report = ours.check(text)
    themes = {t.name: t for t in report.themes}
    assert set(themes) == {"Grøn omstilling", "Kundeservice"}
    green = themes["Grøn omstilling"]
    assert green.terms == ["solcelleanlæg", "#varmepumper"]
    for span in green.spans:
        assert text[span.start:span.end] == span.text
    first = green.spans[0]
    assert text[first.start:first.end] == "solcelleanlæg"
    # The emoji (two code points, one outside the BMP each) shifts UTF-16 offsets by 2.
    assert first.utf16_start == first.start + 2
    assert themes["Kundeservice"].terms == ["kundeservicen"]


def test_key_message_missing_names_the_themes() -> None:
    checker = _checker({"narrative": {"min_themes": 1}}, ["narrative.key-message"])
    report = checker.check("Tak for en hyggelig julefrokost i går. Maden var rigtig god.")
    [finding] = report.findings
    # info by default: on posts written blind to the rules it flagged 71 of 212 posts an
    # editor would publish (docs/intent-corpus.md); a policy can raise it to a warning.
    assert finding.span is None and finding.severity == "info"
    assert "Grøn omstilling" in finding.suggestion and "Kundeservice" in finding.suggestion
    en = checker.check("Tak for en hyggelig julefrokost i går.", lang="en").findings[0]
    assert "Angle it on" in en.message


def test_values_are_reported_from_words_and_lemmas(ours: bg.Checker) -> None:
    report = ours.check("Vi er nysgerrige på ny teknik, og vi gør tingene ordentligt.")
    assert report.values == ["ordentlighed", "nysgerrighed"]
    assert ours.check("Solceller på taget i Vejle.").values == []


def test_story_fit_separates_on_story_from_off_story(ours: bg.Checker) -> None:
    on = ours.check("I dag hjalp jeg en familie med solceller og en varmepumpe, så regningen "
                    "og udledningen falder.")
    off = ours.check("Sikke en fodboldkamp i går aftes. Holdet spillede fantastisk, og "
                     "stemningen på stadion var helt i top hele vejen igennem.")
    assert on.figures["story_fit"] > 0.2
    assert off.figures["story_fit"] < 0.05
    assert _found(off, "narrative.off-story") == [(None, "info")]
    assert _found(on, "narrative.off-story") == []


def test_story_fit_uses_approved_examples() -> None:
    text = ("Min kollega Sara har været lærling hos os i to år, og i morges satte hun sit første "
            "anlæg op på taget helt selv.")
    plain = _checker().check(text).figures["story_fit"]
    example = ("Min kollega Sara har været lærling hos os i to år. I morges monterede hun sit "
               "første solcelleanlæg helt selv.")
    richer = _checker({"narrative": {"examples": [example]}}).check(text).figures["story_fit"]
    assert richer > plain


def test_off_limits_topics_carry_their_own_severity() -> None:
    policy = {"narrative": {"off_limits": [
        {"name": "Partipolitik", "terms": ["folketingsvalg"], "severity": "error"},
        {"name": "Tvister", "terms": ["retssag"], "severity": "warning"}]}}
    report = _checker(policy, ["narrative.off-limits"]).check(
        "Før folketingsvalget fortalte jeg om vores retssager med en leverandør.")
    assert _found(report, "narrative.off-limits") == [("folketingsvalget", "error"),
                                                      ("retssager", "warning")]
    assert report.verdict == "block"


def test_competitor_mention_is_info_and_criticism_a_warning(ours: bg.Checker) -> None:
    mention = ours.check("Jeg mødte folkene fra Vestkraft på messen i Herning.")
    assert _found(mention, "narrative.competitor") == [("Vestkraft", "info")]
    assert _found(mention, "narrative.competitor-criticism") == []
    critic = ours.check("Messen var god. Vestkraft har elendig service og dårlige montører.")
    assert _found(critic, "narrative.competitor-criticism") == [
        ("Vestkraft har elendig service og dårlige montører.", "warning")]
    assert _found(critic, "narrative.competitor") == []  # one finding per sentence
