"""The Danish tagger: readings in context, accuracy floor on held-out DDT, hostile input."""

from __future__ import annotations

import threading
from pathlib import Path

from brandguard.lang.da import tagger

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "ud-danish-ddt" / "dev-sample.conllu"


def read_sample() -> list[list[tuple[str, str, str, str]]]:
    sents: list[list[tuple[str, str, str, str]]] = []
    cur: list[tuple[str, str, str, str]] = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if not line:
            if cur:
                sents.append(cur)
            cur = []
        elif not line.startswith("#"):
            c = line.split("\t")
            if c[0].isdigit():
                cur.append((c[1], c[2], c[3], c[5]))
    if cur:
        sents.append(cur)
    return sents


def test_words_in_context() -> None:
    got = tagger.tag(["Hun", "lærer", "børnene", "dansk", "."])
    assert [r.upos for r in got] == ["PRON", "VERB", "NOUN", "ADJ", "PUNCT"]
    assert got[1].lemma == "lære"
    assert got[2].get("Definite") == "Def" and got[2].get("Number") == "Plur"
    got = tagger.tag(["Min", "lærer", "er", "syg", "."])
    assert got[1].upos == "NOUN" and got[1].lemma == "lærer"
    got = tagger.tag(["Vi", "kunne", "ikke", "komme", "i", "går", "."])
    assert got[1].upos == "AUX" and got[1].get("Tense") == "Past"
    assert got[3].get("VerbForm") == "Inf"


def test_accuracy_floor_on_held_out_sentences() -> None:
    # The shipped model never saw these (it is trained on the test split); measured
    # 0.95 UPOS / 0.94 FEATS on this slice: the floor catches a broken model or lexicon.
    sents = read_sample()
    n = upos = feats = 0
    for s in sents:
        got = tagger.tag([t[0] for t in s])
        for (_form, _lemma, gold_upos, gold_feats), r in zip(s, got, strict=True):
            n += 1
            upos += r.upos == gold_upos
            feats += r.ud_feats == gold_feats
    assert n > 2000
    assert upos / n >= 0.92
    assert feats / n >= 0.90


def test_project_tokens_are_handled() -> None:
    words = ["Se", "https://nordlys.dk/varme", "#grønomstilling", "@nordlys", "👍🏽", "2026", "10%",
             "\n", " ", "kl.", "14.30", "!!!"]
    got = tagger.tag(words)
    assert len(got) == len(words)
    by = dict(zip(words, got, strict=True))
    assert by["https://nordlys.dk/varme"].upos == "X"
    assert by["#grønomstilling"].upos == "X"
    assert by["@nordlys"].upos == "PROPN"
    assert by["👍🏽"].upos == "SYM"
    assert by["2026"].upos == "NUM"
    assert by["\n"].upos == "SPACE" and by[" "].upos == "SPACE"
    assert by["!!!"].upos == "PUNCT"


def test_hostile_input() -> None:
    assert tagger.tag([]) == []
    long = "a" * 10_000
    got = tagger.tag([long, "", "\x00", "æøå" * 50, "🙂" * 300])
    assert len(got) == 5
    assert got[0].upos in {"NOUN", "PROPN", "X", "ADJ", "VERB", "ADV", "INTJ", "NUM"}
    assert got[1].upos == "SPACE"


def test_sentence_starts_cut_the_context() -> None:
    words = ["Det", "regner", "i", "Aalborg", ".", "Vi", "lærer", "børnene", "at", "svømme", "."]
    together = tagger.tag(words, sentence_starts={0, 5})
    assert together == tagger.tag(words[:5]) + tagger.tag(words[5:])
    assert together[6].upos == "VERB"
    assert len(tagger.tag_sentences([words[:5], words[5:]])) == 2


def test_thread_safe_and_deterministic() -> None:
    sents = [[t[0] for t in s] for s in read_sample()[:40]]
    expected = [tagger.tag(s) for s in sents]
    results: list[list[list[tagger.Reading]]] = []

    def work() -> None:
        results.append([tagger.tag(s) for s in sents])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_training_is_deterministic() -> None:
    data = read_sample()[:40]
    a = tagger.train(data, epochs=2, two_pass=False, meta={"x": 1}).to_json()
    b = tagger.train(data, epochs=2, two_pass=False, meta={"x": 1}).to_json()
    assert a == b
    m = tagger.Model.from_json(a)
    assert m.tag_words(["Hun", "lærer"]) == tagger.train(data, epochs=2, two_pass=False).tag_words(["Hun", "lærer"])


def test_overlong_tokens_keep_their_lemma_and_bounded_features() -> None:
    long = "Ø" * 10_000
    got = tagger.tag(["Det", "er", long, "."])
    assert got[2].lemma == long.lower()
    assert got[1].upos in {"AUX", "VERB"}


def test_tag_tokens_takes_the_analysis_tokens() -> None:
    from brandguard.analysis import Analysis

    a = Analysis("Vi har sat en varmepumpe op i Aalborg.  Se mere på nordlys.dk #grøn")
    toks = a.tokens
    got = tagger.tag_tokens(toks, sentence_starts={0})
    assert len(got) == len(toks)
    by = {t.text: r for t, r in zip(toks, got, strict=True)}
    assert by["varmepumpe"].upos == "NOUN"
    assert by["Aalborg"].upos == "PROPN"
    assert by["nordlys.dk"].upos == "X"
    assert by["#grøn"].upos == "X"


def test_cached_scores_do_not_depend_on_what_was_tagged_before() -> None:
    # Every cache key determines its features: two fresh copies of the model that see
    # the sentences in opposite orders (so different caches are filled first) agree.
    import gzip
    from importlib import resources

    raw = gzip.decompress(resources.files("brandguard.lang.da").joinpath(
        "models/ddt-tagger/model.json.gz").read_bytes())
    sents = [[t[0] for t in s] for s in read_sample()]
    sents += [[w.lower() for w in s] for s in sents] + [[w.capitalize() for w in s] for s in sents]
    a, b = tagger.Model.from_json(raw), tagger.Model.from_json(raw)
    forward = [a.tag_words(s) for s in sents]
    backward = [b.tag_words(s) for s in reversed(sents)][::-1]
    assert forward == backward


def test_sentence_facets_agree_and_tag_each_sentence_once() -> None:
    from brandguard.analysis import Analysis
    from brandguard.facets import SENTENCE_START_TOKENS
    from brandguard.lang.da.tags import SENTENCE_TAGS, TAGS

    a = Analysis("Vi har sat en varmepumpe op i Aalborg.  Se mere på nordlys.dk #grøn. Han lærer dansk!")
    per = a[SENTENCE_TAGS]
    assert per[len(a.tokens) - 1].upos == "PUNCT" and per[-1] == per[len(a.tokens) - 1]
    whole = a[TAGS]
    assert whole == tuple(tagger.tag_tokens(a.tokens, sentence_starts=a[SENTENCE_START_TOKENS]))
    assert [per[i] for i in range(len(per))] == list(whole)


def test_cached_decoding_equals_scoring_every_feature_afresh() -> None:
    # The run time reads each feature group's scores from caches keyed by what the group
    # depends on; the reference recomputes every score from the features. Shipped model,
    # and a small model with every optional feature group.
    sents = [[t[0] for t in s] for s in read_sample()]
    shipped = tagger.Model.from_json(tagger.load().to_json())
    shipped.skip = None  # the reference re-decides every word in pass two
    shipped.pair_skip = None  # and in the second stage
    assert shipped.pairs and shipped.pair_weights
    assert all(shipped.tag_words(s) == shipped.reference_tags(s) for s in sents[:60])
    small = tagger.train(read_sample()[60:], epochs=2, folds=2, extras=tagger.EXTRAS,
                         pairs=tagger.PAIRS)
    assert small.extras == tagger.EXTRAS
    assert small.pairs == tagger.PAIRS and small.pair_weights
    loaded = tagger.Model.from_json(small.to_json())
    assert loaded.extras == tagger.EXTRAS and loaded.pairs == tagger.PAIRS
    assert all(small.tag_words(s) == small.reference_tags(s) == loaded.tag_words(s) for s in sents[:60])


def test_second_stage_redecides_aux_or_verb_and_det_or_pron() -> None:
    # DDT's "have" is a main verb with an object and an auxiliary with a participle;
    # the second stage reads the whole clause (the passes' own features are local).
    def upos(words: str) -> list[str]:
        return [r.upos for r in tagger.tag(words.split())]

    assert upos("Han har to kasketter .")[1] == "VERB"
    assert upos("Han havde andre tanker .")[1] == "VERB"
    assert upos("Han har set filmen .")[1] == "AUX"
    assert upos("Vi har altid haft travlt .")[1] == "AUX"
    assert upos("Det store hus er solgt .")[0] == "DET"
    assert upos("Det er godt .")[0] == "PRON"
    # the stage is what decides the first two: without it pass two says AUX
    bare = tagger.Model.from_json(tagger.load().to_json())
    bare.pair_weights = {}
    assert bare.tag_words(["Han", "har", "to", "kasketter", "."])[1].startswith("AUX")


def test_second_stage_training_is_deterministic() -> None:
    data = read_sample()[:80]
    a = tagger.train(data, epochs=2, folds=2, pairs=tagger.PAIRS).to_json()
    b = tagger.train(data, epochs=2, folds=2, pairs=tagger.PAIRS).to_json()
    assert a == b and b'"pairs"' in a



def test_contexts_are_each_words_usual_neighbours() -> None:
    # lz: per word seen at least twice, the ambiguity class most often before and after it
    # (the sentence's edges are <s> and </s>; ties go to the first in sorted order).
    from brandguard.lang.da.morphology import analyse

    def amb(w: str) -> str:
        return "|".join(sorted({r.upos for r in analyse(w)})) or "?"

    sents = [["Det", "er", "godt", "."], ["huset", "er", "rødt"], ["huset", "er", "her"]]
    cx = tagger.contexts(sents)
    assert set(cx) == {"er", "huset"}  # the others are seen once
    assert cx["er"] == amb("huset") + " " + min(amb("rødt"), amb("her"), amb("godt"))
    assert cx["huset"] == "<s> " + amb("er")
    assert tagger.contexts(sents) == cx and tagger.contexts(sents, min_count=1)["det"] == "<s> " + amb("er")
