"""The sentiment lexicon's valence and the cue set that lets tone.negativity skip a post."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from brandguard.analysis import Analysis
from brandguard.lang.da import negative_cues, sentence_valence

LEIPZIG = Path(__file__).resolve().parents[4] / "shared" / "data" / "leipzig-da" / \
    "dan_mixed_2014_10K-sentences.csv"


def _valence(text: str) -> tuple[int, int]:
    a = Analysis(text)
    return sentence_valence(a, a.word_ids)


def test_a_negator_turns_a_positive_word_negative() -> None:
    assert _valence("Det var ikke godt.")[0] < 0
    assert _valence("Det var godt.")[0] > 0
    assert "ikke" in negative_cues()


@pytest.mark.skipif(not LEIPZIG.exists(), reason="the shared Leipzig sentences are not here")
def test_no_negative_valence_without_a_cue_in_real_text() -> None:
    # tone.negativity skips a post with none of these forms or lemmas: sound only if no
    # sentence without one can have a negative sum.
    cues = negative_cues()
    with LEIPZIG.open(encoding="utf-8") as f:
        texts = [row[2] for row in csv.reader(f) if len(row) > 2][1:3001]
    negative = skipped = 0
    for text in texts:
        a = Analysis(text)
        total, _ = sentence_valence(a, a.word_ids)
        if cues.isdisjoint(a.lowers) and cues.isdisjoint(a.lemmas):
            skipped += 1
            assert total >= 0, text
        elif total < 0:
            negative += 1
    assert skipped > 500 and negative > 100
