"""Real text as the standard of proof for the Danish language rules (issue #11, part 6).

Fixtures (tests/data/realtext/): the UD Danish-DDT dev sentences and 10,000 Leipzig web
sentences, three to a post; every warning the da pack gave on them, labelled by a Danish
editor (``*_review.yaml``); 374 real errors from the same real text (``leipzig_errors.yaml``).
The harness is bench/realtext.py (``make realtext`` runs the whole of it).

Two kinds of test:
- the bar of the issue (precision on DDT and Leipzig, recall on the real errors). Today
  the rules do not meet it: those tests are ``xfail(strict=True)``, so the day they pass
  they XPASS and fail, and the marker must go;
- today's figures pinned as ceilings and floors, so that no change makes them worse
  unnoticed: a new false alarm, or a new warning nobody has labelled, fails the suite.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

import brandguard as bg

_SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "realtext.py"
_spec = importlib.util.spec_from_file_location("realtext", _SCRIPT)
assert _spec and _spec.loader
rt = importlib.util.module_from_spec(_spec)
sys.modules["realtext"] = rt
_spec.loader.exec_module(rt)

#: Warnings that are not labelled real errors (false alarms + unlabelled), per rule, today.
#: DDT: all 188 posts; Leipzig: the suite's fixed sample (every third post, 1,112 posts).
#: Lower these when a rule gets better; never raise them without labelling the new warnings.
DDT_NOT_REAL_CEILING = {
    # common-noun-capital: names (da.names facet), running text only, old orthography apart
    "da.common-noun-capital": 0,
    # spelling: sure slips only (rules/da/wordforms.py): 7 → 1; 1 → 0 since bound heads
    # after a hyphen (`snub-næsede`) are advice
    "da.spelling": 0,
    "da.split-compound": 0, "da.verb-form": 0,  # split-compound, verb-form: word classes in context
    # sentence-start: 5 → 0 since the Danish sentence splitter (dialogue, abbreviations)
}
LEIPZIG_NOT_REAL_CEILING = {
    "da.common-noun-capital": 0, "da.genitive": 1,
    # language 2 → 0 (`dette` is Danish to the language signals), sentence-start 1 → 0 (a
    # question going on after `?`, a domain with a space: `camping. info`)
    "da.language": 0, "da.lowercase-names": 0,
    "da.sentence-start": 0,
    # spelling 113 → 20 (sure slips only), split-compound 53 → 2 (unattested joins are info),
    # word-repetition 10 → 1 (names, headings, emphatic doubles), norwegian-swedish 2 → 0
    # (old orthography, marked colloquial forms): docs/realtext.md, "word-form rules".
    # Round 4 (grammar): split-compound 2 → 1 (`finde X sted`, measures, units before a
    # dimension adjective), word-repetition 1 → 0 (emphatic adjectives before their noun,
    # `i for for`).
    "da.norwegian-swedish": 0, "da.split-compound": 1,
    # spelling 20 → 5: names, old orthography by capitalised nouns, foreign phrases, loans,
    # derivations and abbreviated compounds (docs/realtext.md, "spelling on real text")
    "da.spelling": 5,
    "da.word-repetition": 0, "da.verb-form": 0,
    # Since the sentence splitter and the punctuation rules' precision work: sentence-start
    # 18 → 1, currency 2 → 0, double-space 7 → 0, genitive 2 → 1, space-before-punctuation
    # 1 → 0, time 11 → 0, unpaired 12 → 0.
}
#: Sure errors of the recall corpus found today, per type: (found, found with the right suggestion).
RECALL_FLOOR = {
    "abbreviation": (6, 6), "agreement": (7, 7), "capitalisation": (41, 41), "genitive": (6, 6),
    "joined-words": (30, 29), "number-format": (15, 15), "nutids-r": (33, 33), "punctuation": (10, 10),
    "repetition": (6, 5),
    # spelling 51/46 → 62/59: slips in long compounds corrected part by part, run-together
    # words with the speller's nearest words as alternatives
    "spelling": (62, 59),
    # split-compound reads word classes in context since the tagger: 69 → 54 found, for
    # false alarms 16 → 0 per 188 DDT posts and 269 → 53 on Leipzig; unattested joins are
    # info since the word-form rules (53 → 3 false alarms), compounds by form are new
    # (54 found, 42 → 47 right).
    # Round 4: the lexicon decides where the tagger cannot read a compound's first half
    # (attested joins, regular compounds of Stavekontrolden's compound-initial forms,
    # verb stems where no verb can stand, three parts as one word): 54 → 70 found, 47 → 64
    # right. punctuation 7 → 10 right: three recall entries had a correction wider than
    # their span (`,` → `aktivitet, men`), now `, `.
    "split-compound": (70, 64),
    # verb-form, agreement, wrong-word: the grammar rules on word classes in context
    # (da.verb-form, da.agreement, da.nogen-nogle, da.wrong-word, da.confusion's op ad).
    # punctuation 11 → 10: `efter at læger kommuner og amter` (a missing comma) was found
    # only by da.verb-form's false alarm `læger` → `læge`, now gone.
    # verb-form 17 → 16 when merged with the word-form rules: `orden fejlen` (for `ordne
    # fejlen`) was found only as a split compound, which is info now (an unattested join).
    "verb-form": (16, 15), "wrong-word": (16, 16),
    # (17 errors the new rules flagged on Leipzig were added to the recall corpus as
    # `checker` entries: agreement 5, joined-words 5 (uden for, inden for), verb-form 4,
    # nutids-r 3.)
}
#: da.long-sentence warnings whose span runs over a join of source sentences: the sentence
#: splitter missed a boundary (a heading without a full stop, `Er Køvenhavner Erfarne …`).
#: 9 and 48 before the Danish sentence splitter (lang/da/sentences.py).
LONG_SENTENCE_OVER_JOIN_CEILING = {"ddt": 5, "leipzig": 14}

#: The bar (issue #11): warnings per 1,000 DDT posts, false alarms per 1,000 Leipzig posts, recall.
DDT_MAX_PER_1000 = 10.0
LEIPZIG_MAX_FALSE_ALARMS_PER_1000 = 10.0
RECALL_TARGET = 0.80


@pytest.fixture(scope="module")
def policy() -> bg.Policy:
    return bg.load_policy(rt.LANGUAGE_POLICY)


@pytest.fixture(scope="module")
def checker(policy: bg.Policy) -> bg.Checker:
    return bg.Checker(policy)


@pytest.fixture(scope="module")
def ddt(checker: bg.Checker) -> tuple[list[rt.RealPost], list[rt.Hit], rt.Labels]:
    posts = rt.load_posts("ddt")
    return posts, rt.run(posts, checker), rt.Labels.load(rt.review_path("ddt"))


@pytest.fixture(scope="module")
def leipzig(checker: bg.Checker) -> tuple[list[rt.RealPost], list[rt.Hit], rt.Labels]:
    posts = rt.load_posts("leipzig", sample=True)
    return posts, rt.run(posts, checker), rt.Labels.load(rt.review_path("leipzig"))


@pytest.fixture(scope="module")
def errors() -> list[rt.RealError]:
    return rt.load_errors()


@pytest.fixture(scope="module")
def recall(errors: list[rt.RealError], checker: bg.Checker) -> dict[str, Counter[str]]:
    return rt.recall(errors, checker)


def _not_real(hits: list[rt.Hit], labels: rt.Labels) -> Counter[str]:
    return Counter(h.rule for h in rt.reviewed(hits) if labels.label(h) != "real-error")


# ------------------------------------------------------------------ fixtures themselves

def test_post_fixtures_are_the_shared_sources_three_to_a_post(tmp_path: Path) -> None:
    shared = rt.SHARED
    if not (shared / "ud-danish-ddt").exists():
        pytest.skip(f"shared data not found at {shared}")
    rt.build(shared, tmp_path)
    for corpus in rt.CORPORA:
        rebuilt = (tmp_path / corpus / "posts.jsonl").read_text(encoding="utf-8")
        assert rebuilt == (rt.DATA / corpus / "posts.jsonl").read_text(encoding="utf-8"), corpus


def test_fixtures_carry_their_licences() -> None:
    assert "Attribution-ShareAlike 4.0" in (rt.DATA / "ddt" / "LICENSE.txt").read_text(encoding="utf-8")
    assert "CC BY" in (rt.DATA / "leipzig" / "LICENSE").read_text(encoding="utf-8")


def test_post_ids_offsets_and_sizes() -> None:
    ddt, lz = rt.load_posts("ddt"), rt.load_posts("leipzig")
    assert (len(ddt), len(lz)) == (188, 3334)
    assert len(rt.load_posts("leipzig", sample=True)) == 1112
    for p in ddt + lz:
        assert 1 <= len(p.sentence_ids) <= rt.SENTENCES_PER_POST
        assert " ".join(p.sentence_text(k) for k in range(len(p.starts))) == p.text


def test_review_files_label_every_entry_with_a_reason() -> None:
    for corpus in rt.CORPORA:
        labels = rt.Labels.load(rt.review_path(corpus))
        assert labels.entries
        for key, e in labels.entries.items():
            assert e["label"] in ("real-error", "false-alarm"), key
            assert e["why"].strip(), key
            if e["label"] == "real-error":
                assert e["correction"], key
            else:
                assert e["pattern"], key


def test_recall_corpus_is_real_typed_and_exact(errors: list[rt.RealError]) -> None:
    assert len(errors) >= 300
    posts = rt.load_posts("leipzig")
    leipzig_sentences = {p.sentence_text(k) for p in posts for k in range(len(p.starts))}
    ddt_sentences = {p.sentence_text(k) for p in rt.load_posts("ddt") for k in range(len(p.starts))}
    for e in errors:
        assert e.type in rt.ERROR_TYPES, e.id
        assert e.sentence[e.start:e.end] == e.text, e.id
        if e.type == "capitalisation":  # a whole word (not the `i` inside `kiosk`)
            before, after = e.sentence[e.start - 1:e.start], e.sentence[e.end:e.end + 1]
            assert not before.isalpha() and not after.isalpha(), e.id
        assert e.correction != e.text, e.id
        assert e.source in ("reading", "checker"), e.id
        # every sentence occurs as such in one of the two real corpora: none is made up
        assert e.sentence in leipzig_sentences or e.sentence in ddt_sentences, e.id
    assert len({e.id for e in errors}) == len(errors)
    documented = yaml.safe_load((rt.DATA / "leipzig_errors.yaml").read_text(encoding="utf-8"))["types"]
    assert tuple(documented) == rt.ERROR_TYPES


# ------------------------------------------------------------------ artefacts of joining

def _post(*sentences: str) -> rt.RealPost:
    starts, pos = [], 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 1
    return rt.RealPost("t", " ".join(sentences), tuple(str(i) for i in range(len(sentences))), tuple(starts))


def test_a_quotation_cut_by_the_joining_is_set_aside() -> None:
    p = _post('"Vi er glade.', 'Det er en god dag," siger hun.', "Tak.")
    at = p.text.index('"')
    assert rt._joining_artefact(p, "da.unpaired", at, at + 1, '"')
    # the same mark in a post whose sentences all pair their quotes is a finding to review
    q = _post('Han sagde "ja".', "Tak.")
    at = q.text.index('"')
    assert rt._joining_artefact(q, "da.unpaired", at, at + 1, '"') is None


def test_a_list_marker_is_reviewed_not_set_aside() -> None:
    p = _post("Dagsorden: 1) Valg af dirigent.", "Tak.")
    at = p.text.index(")")
    assert rt._joining_artefact(p, "da.unpaired", at, at + 1, ")") is None
    cut = _post("(Vi citerer ikke navngivne personer.", "Tak.")
    assert rt._joining_artefact(cut, "da.unpaired", 0, 1, "(")


# ------------------------------------------------------------------ regressions: today's figures

def test_ddt_warnings_that_are_not_real_errors_do_not_grow(ddt: tuple) -> None:
    _, hits, labels = ddt
    got = _not_real(hits, labels)
    worse = {r: (n, DDT_NOT_REAL_CEILING.get(r, 0)) for r, n in got.items()
             if n > DDT_NOT_REAL_CEILING.get(r, 0)}
    assert not worse, f"new false alarms or unlabelled warnings on DDT (got, ceiling): {worse}"


def test_leipzig_warnings_that_are_not_real_errors_do_not_grow(leipzig: tuple) -> None:
    _, hits, labels = leipzig
    got = _not_real(hits, labels)
    worse = {r: (n, LEIPZIG_NOT_REAL_CEILING.get(r, 0)) for r, n in got.items()
             if n > LEIPZIG_NOT_REAL_CEILING.get(r, 0)}
    assert not worse, f"new false alarms or unlabelled warnings on Leipzig (got, ceiling): {worse}"


def test_no_rule_crashes_on_real_text(ddt: tuple, leipzig: tuple) -> None:
    crashes = [(h.post, h.message) for h in ddt[1] + leipzig[1] if h.rule == rt.INTERNAL]
    assert not crashes


def test_recall_does_not_fall(recall: dict[str, Counter[str]]) -> None:
    lower = {t: ((c["found"], c["right"]), RECALL_FLOOR.get(t, (0, 0))) for t, c in recall.items()
             if c["found"] < RECALL_FLOOR.get(t, (0, 0))[0] or c["right"] < RECALL_FLOOR.get(t, (0, 0))[1]}
    assert not lower, f"recall fell (got, floor) per type: {lower}"


def test_long_sentences_are_held_to_the_policy_limit(ddt: tuple, leipzig: tuple, policy: bg.Policy) -> None:
    for name, (posts, hits, _) in (("ddt", ddt), ("leipzig", leipzig)):
        style = rt.style_check(posts, hits, policy)
        assert style["long_sentence_under_limit"] == [], name
        assert len(style["long_sentence_over_join"]) <= LONG_SENTENCE_OVER_JOIN_CEILING[name], name


# ------------------------------------------------------------------ the bar of issue #11

@pytest.mark.xfail(strict=True, reason="issue #11: 43 warnings per 1,000 DDT dev posts (8 in 188, "
                   "every one a labelled real error of the source: typos the editors left); the "
                   "bar counts warnings, 10 per 1,000; remove this marker when the test passes")
def test_ddt_every_language_warning_is_a_labelled_real_error(ddt: tuple) -> None:
    posts, hits, labels = ddt
    warnings = rt.reviewed(hits)
    assert [h.key() for h in warnings if labels.label(h) != "real-error"] == []
    assert 1000 * len(warnings) / len(posts) <= DDT_MAX_PER_1000


def test_leipzig_false_alarms_at_most_one_per_hundred_posts(leipzig: tuple) -> None:
    posts, hits, labels = leipzig
    warnings = rt.reviewed(hits)
    assert [h.key() for h in warnings if labels.label(h) is None] == [], "label every warning"
    false_alarms = sum(1 for h in warnings if labels.label(h) == "false-alarm")
    assert 1000 * false_alarms / len(posts) <= LEIPZIG_MAX_FALSE_ALARMS_PER_1000


def test_recall_at_least_eighty_percent_with_the_right_suggestion(
        errors: list[rt.RealError], recall: dict[str, Counter[str]]) -> None:
    total = sum(c["total"] for c in recall.values())
    found = sum(c["found"] for c in recall.values())
    right = sum(c["right"] for c in recall.values())
    assert found / total >= RECALL_TARGET
    # "with the right suggestion where one is given": every error has a correction here
    assert right / total >= RECALL_TARGET
