"""Danish part-of-speech and morphology tagger: picks each word's reading in context.

    >>> from brandguard.lang.da import tagger
    >>> [(r.upos, r.lemma, r.ud_feats) for r in tagger.tag(["Hun", "lærer", "børnene", "dansk"])]
    [('PRON', 'hun', 'Case=Nom|Gender=Com|Number=Sing|Person=3|PronType=Prs'),
     ('VERB', 'lære', 'Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Act'), ...]

Design: two greedy averaged perceptrons that choose among the readings the
lexicon (:mod:`.morphology`) gives a word, plus the tags the word had in the
training data. A tag is a UPOS with its full UD FEATS; an unknown word may take the
open-class tags its suffixes and shape score best. Both passes read left to right
(the first may be trained to read right to left); the second also sees the first
pass's tags of the next two words. Features: the word, its suffixes, shape and lexicon ambiguity
class; the neighbouring words and their ambiguity classes; the previous tags. Each
feature's weight is factored over the tag, its UPOS, each UPOS+feature pair and
each feature value, so that what is learnt about one tag carries over to its near
neighbours (``NOUN Gender=Com`` …) — it matters with only 10,000 training tokens.
A second stage (:data:`PAIRS`) then re-decides the words tagged AUX or VERB, DET or
PRON that can be the other, each pair by a binary perceptron over the whole clause
(a participle or infinitive later, a predicative word, ``der`` near, the verb before).

At run time the scores are cached per word form (the word's own features), per
neighbouring word and per previous-tag pair, so a warm call costs a few
dictionary look-ups per ambiguous token. The model is trained on UD Danish-DDT's
test split (``make model``; ``tools/train_tagger.py``) and ships in
``models/ddt-tagger/`` under CC BY-SA 4.0. It is loaded on first use; everything
here is thread-safe (caches are only ever filled with the same values).
"""

from __future__ import annotations

import gzip
import json
import random
import threading
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from importlib import resources
from typing import Any, Protocol

from ...boundedcache import DEFAULT_SIZE
from ...diskcache import cached
from ...watchdog import loading
from .morphology import MAX_WORD_LENGTH, Reading, analyse

__all__ = ["Model", "Reading", "load", "load_one_pass", "tag", "tag_sentences", "tag_tokens", "train"]

_MODEL = ("brandguard.lang.da", "models/ddt-tagger/model.json.gz")
_BOS, _EOS = "<s>", "</s>"
_ADJ_AS_ADV = frozenset({"ADJ", "VERB", "NOUN"})
_OPEN_UPOS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "X", "INTJ", "NUM"})
# The run-time caches' bounds (the worst-case bench's random words fill them all: at
# 100,000 words, 400,000 scores and 200,000 tokens they took the process past 300 MB).
_CACHE_MAX = DEFAULT_SIZE  # words
_FILLS_MAX = 100_000  # cached group scores before the caches are dropped
_SENT_TOKENS = 50_000  # tokens of tagged sentences kept (the sentence cache)
_SENT_LONG = 300  # longer sentences are not kept
_SPACE = Reading("SPACE", " ", frozenset())


def _shape(w: str) -> str:
    if w.isdigit():
        return "d"
    if w.isalpha():
        if w.islower():
            return "x"
        if w.isupper():
            return "X" if len(w) > 1 else "Xx"
        if w[0].isupper() and w[1:].islower():
            return "Xx"
        return "xX"
    if any(c.isdigit() for c in w):
        return "d-"
    if any(c.isalpha() for c in w):
        return "x-" if w[0].isalpha() else "-x"
    return "-"


def _parts(tag: str) -> tuple[str, ...]:
    """The weight parts of a tag: the tag itself, its UPOS, and UPOS+each feature."""
    upos, _, fs = tag.partition(" ")
    fl = [f for f in fs.split("|") if f]
    return (tag, upos, *(upos + ":" + f for f in fl), *fl)


class _Word:
    """What the tagger knows about one form: candidates, ambiguity class, features."""

    __slots__ = (
        "ac",
        "amb",
        "ambid",
        "ambset",
        "av",
        "ax",
        "cands",
        "csid",
        "d_bl",
        "d_br",
        "d_c1",
        "d_c2",
        "d_l1",
        "d_l2",
        "d_p2",
        "d_r1",
        "d_x",
        "feats",
        "form",
        "kl1",
        "kl2",
        "kr1",
        "lower",
        "pk",
        "rd",
        "readings",
        "sh2",
        "shcs",
        "vec",
        "verbish",
    )

    def __init__(self, form: str, model: Model) -> None:
        self.form = form
        low = form.lower()
        self.lower = low
        rs = analyse(form) if len(form) <= MAX_WORD_LENGTH else ()
        self.readings = rs
        lex = {r.upos + (" " + r.ud_feats if r.feats else "") for r in rs}
        cands = set(lex)
        cands.update(model.tagdict.get(form, ()))
        cands.update(model.tagdict.get(low, ()))
        if "av" in model.extras and _ADJ_AS_ADV.issuperset(r.upos for r in rs) and any(
                r.upos == "ADJ" and "Degree=Pos" in r.feats for r in rs):
            # DDT tags many a plain adjective used adverbially ADV (absolut, flot, teknisk,
            # tilsyneladende); the lexicon gives ADV only to the -t forms
            cands.add("ADV Degree=Pos")
        if not cands:
            cands = set(model.open_tags)
        elif form[:1].isupper() and any(c.islower() for c in form[1:]):
            # a capitalised word may be (part of) a name wherever it stands
            cands.add("PROPN")
            if form.endswith("s") and len(form) > 3:
                cands.add("PROPN Case=Gen")
        ordered = tuple(sorted(cands))
        self.feats: tuple[str, ...] = ()
        self.cands: tuple[str, ...] = ordered
        self.vec: tuple[float, ...] | None = None
        amb = "|".join(sorted({t.partition(" ")[0] for t in lex})) if lex else "?"
        self.amb = amb
        sh = _shape(form)
        self.sh2 = sh[:2]
        self.ambset = frozenset(t.partition(" ")[0] for t in lex)
        self.ax = "/".join(sorted(lex))[:200]
        f = ["b", "w=" + low, "a=" + amb, "sh=" + sh, "ax=" + self.ax]
        if len(low) > 1:
            f += ["s1=" + low[-1:], "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:],
                  "p1=" + low[:1], "p3=" + low[:3]]
        if not lex:
            f.append("unk&sh=" + sh)
            f += ["unk&s3=" + low[-3:], "unk&s5=" + low[-5:]]
        if "-" in form:
            f.append("hyph")
        ctx = model.contexts.get(low)
        if ctx is not None:
            cl, _, cr = ctx.partition(" ")
            f += ["dl=" + cl, "dr=" + cr]
        self.feats = tuple(f)
        if model.prune is not None and len(ordered) > model.prune:
            # run time: an unknown word keeps only the open-class tags its own features
            # (suffixes, shape) score best, not all of them
            vec = [model.fast_score(self.feats, c) for c in ordered]
            keep = sorted(sorted(range(len(vec)), key=lambda i: -vec[i])[: int(model.prune)])
            ordered = tuple(ordered[i] for i in keep)
            self.vec = tuple(vec[i] for i in keep)
            self.cands = ordered
        self.csid = model.cset_id(ordered)
        # the features this word gives its neighbours, as (cache key, features)
        self.kl1 = ("L1" + form, ("w-1=" + low, "a-1=" + amb, "sh-1=" + sh))
        self.kl2 = ("L2" + low, ("w-2=" + low, "a-2=" + amb))
        self.kr1 = ("R1" + form, ("w+1=" + low, "a+1=" + amb, "sh+1=" + sh))
        vf = "".join(sorted({"P" if "VerbForm=Part" in t else "I" if "VerbForm=Inf" in t else ""
                             for t in lex}))
        self.verbish = vf
        # run time: interned ids for the context caches, and this word's own caches
        # (keyed by what the other half of a feature group is)
        ids = model.intern
        self.ambid = ids(("a", amb))
        self.av = ids(("av", amb, vf))
        self.ac = ids(("ac", amb, self.csid))
        self.shcs = ids(("sc", self.sh2, self.csid))
        self.d_l1: dict[int, tuple[float, ...]] = {}  # target's cset → scores, as its w-1
        self.d_l2: dict[int, tuple[float, ...]] = {}
        self.d_r1: dict[int, tuple[float, ...]] = {}
        self.d_c1: dict[str, tuple[float, ...]] = {}  # next word's ambiguity class → scores
        self.d_c2: dict[str, tuple[float, ...]] = {}  # previous UPOS → scores
        self.d_p2: dict[str, tuple[float, ...]] = {}  # next word's first-pass UPOS → scores
        self.d_bl: dict[str, tuple[float, ...]] = {}  # the word before → scores (extra "bi")
        self.d_br: dict[str, tuple[float, ...]] = {}  # the word after → scores
        self.d_x: dict[tuple[int, str], tuple[float, ...]] = {}  # (code extra, code) → scores
        self.rd: dict[str, Reading] = {}  # chosen tag → reading
        #: The second stage: per UPOS it re-decides for this word, the pair and the weights
        #: (:meth:`Model._pair_keys`; empty if none, or while training)
        self.pk: dict[str, tuple[str, str, str, dict[str, float]]] = {}


    @classmethod
    def pad(cls, model: Model, mark: str) -> _Word:
        """The stand-in for the position before (``<s>``) or after (``</s>``) a sentence."""
        w = cls.__new__(cls)
        w.form = w.lower = mark
        w.amb = w.ax = mark
        w.ambset = frozenset()
        w.verbish = ""
        w.readings = ()
        w.cands = ()
        w.ambid = model.intern(("pad", mark))
        w.av = model.intern(("pad", mark))
        w.d_l1, w.d_l2, w.d_r1 = {}, {}, {}
        w.pk = {}
        return w


_NONE_L1 = ("L1", ("w-1=" + _BOS,))
_NONE_L2 = ("L2", ("w-2=" + _BOS,))
_NONE_R1 = ("R1", ("w+1=" + _EOS,))


class Model:
    """Perceptron weights, tag dictionary and open-class tags, plus run-time caches.

    ``second`` is the optional second pass: a model that also sees the first pass's
    tags of the next two words.
    """

    def __init__(self, weights: dict[str, dict[str, float]], tagdict: dict[str, list[str]],
                 open_tags: Sequence[str], lemmas: dict[str, str], meta: dict[str, Any],
                 second: Model | None = None, contexts: dict[str, str] | None = None) -> None:
        self.weights = weights
        self.tagdict = tagdict
        self.open_tags = tuple(open_tags)
        self.lemmas = lemmas  # "form\ttag" → lemma seen in training
        self.meta = meta
        self.second = second
        #: Lower-cased form → "left right": the ambiguity classes most often seen before and
        #: after it in unlabelled Danish (extra ``lz``; see :func:`contexts`).
        self.contexts: dict[str, str] = contexts or {}
        #: The optional feature groups this model was trained with (:data:`EXTRAS`).
        self.extras: tuple[str, ...] = tuple(x for x in EXTRAS if x in meta.get("extras", ()))
        #: Whether this pass reads the words right to left.
        self.reverse = bool(meta.get("reverse"))
        #: Run-time speed settings (None while training): how many open-class candidates an
        #: unknown word keeps, and the first-pass margin above which pass two keeps its tag.
        self.prune: float | None = None
        self.skip: float | None = None
        self._parts: dict[str, tuple[str, ...]] = {}
        self._words: dict[str, _Word] = {}
        self._csets: dict[tuple[str, ...], int] = {}
        self._ids: dict[tuple[Any, ...], int] = {}
        # shared group caches: tag history (T), ambiguity classes (A3), first-pass tags
        # to the right (P1)
        self._tctx: dict[tuple[Any, ...], tuple[float, ...]] = {}
        self._actx: dict[tuple[Any, ...], tuple[float, ...]] = {}
        self._pctx: dict[tuple[Any, ...], tuple[float, ...]] = {}
        self._upos: dict[str, str] = {_BOS: _BOS, _EOS: _EOS}  # tag → UPOS, shared with pass two
        if second is not None:
            second._upos = self._upos
        self._fills = 0
        self._sents: dict[tuple[str, ...], tuple[Reading, ...]] = {}
        self._padw: tuple[_Word, _Word] | None = None
        self._sent_tokens = 0
        self._feats: dict[str, frozenset[str]] = {}
        self._compiled: dict[str, dict[str, float]] = {}
        self._raw: dict[str, str] = {}  # feature → "part weight part weight …" (loaded models)
        self._part_names: list[str] = []
        #: The second stage (:data:`PAIRS`, ``meta["pairs"]``): weights of the pairwise
        #: classifiers that re-decide a word's UPOS between two that DDT often confuses.
        self.pairs: tuple[str, ...] = tuple(x for x in PAIRS if x in meta.get("pairs", ()))
        #: Per pair and per pair with a word ("AUX/VERB", "AUX/VERB|være"): feature → weight.
        self.pair_weights: dict[str, dict[str, float]] = {}
        self._ptabs: dict[str, dict[str, float]] = {}  # "pair|word" → both weights summed
        #: Run time (None while training): the first-pass margin from which a word keeps
        #: its tag in the second stage.
        self.pair_skip: float | None = None

    # --- scoring ---------------------------------------------------------------------
    def parts(self, tag: str) -> tuple[str, ...]:
        p = self._parts.get(tag)
        if p is None:
            p = self._parts[tag] = _parts(tag)
        return p

    def cset_id(self, cands: tuple[str, ...]) -> int:
        i = self._csets.get(cands)
        if i is None:
            i = self._csets[cands] = len(self._csets)
        return i

    def intern(self, key: tuple[Any, ...]) -> int:
        i = self._ids.get(key)
        if i is None:
            i = self._ids[key] = len(self._ids)
        return i

    def score(self, feats: Iterable[str], tag: str) -> float:
        """Sum of the weights of ``feats`` for ``tag`` (over the tag's parts)."""
        parts = self.parts(tag)
        total = 0.0
        weights = self.weights
        for f in feats:
            w = weights.get(f)
            if w:
                for p in parts:
                    total += w.get(p, 0.0)
        return total

    def scores(self, feats: Iterable[str], tags: Sequence[str]) -> list[float]:
        """:meth:`score` of each tag, the feature rows read once (training)."""
        plist = [self.parts(t) for t in tags]
        union = {p for ps in plist for p in ps}
        acc = dict.fromkeys(union, 0.0)
        weights = self.weights
        for f in feats:
            w = weights.get(f)
            if w:
                if len(w) < len(acc):
                    for p, v in w.items():
                        if p in acc:
                            acc[p] += v
                else:
                    for p in acc:
                        x = w.get(p)
                        if x:
                            acc[p] += x
        return [sum([acc[p] for p in ps]) for ps in plist]

    def fast_score(self, feats: Iterable[str], tag: str) -> float:
        """:meth:`score` with each (feature, tag) weight summed once and kept (run time only)."""
        total = 0.0
        weights = self.weights
        compiled = self._compiled
        for f in feats:
            row = compiled.get(f)
            if row is None:
                if f not in weights and f not in self._raw:
                    continue
                row = compiled[f] = {}
            v = row.get(tag)
            if v is None:
                w = weights.get(f)
                if w is None:
                    w = weights[f] = self._parse(f)
                v = row[tag] = sum(w.get(p, 0.0) for p in self.parts(tag))
            total += v
        return total

    def _parse(self, f: str) -> dict[str, float]:
        """A feature's weights from the model file, parsed on first use."""
        names = self._part_names
        cells = self._raw[f].split()
        return {names[int(cells[i])]: float(cells[i + 1]) for i in range(0, len(cells), 2)}

    def word(self, form: str) -> _Word:
        if len(form) > MAX_WORD_LENGTH:  # no word is this long: keep memory bounded
            form = form[:MAX_WORD_LENGTH]
        w = self._words.get(form)
        if w is None:
            if len(self._words) > _CACHE_MAX or self._fills > _FILLS_MAX:
                self._clear()
            w = self._words[form] = _Word(form, self)
            if self.pair_weights:
                w.pk = self._pair_keys(w)
        return w

    def _clear(self) -> None:
        """Drop the run-time caches (bounded memory: a cache never grows past its cap)."""
        self._words = {}
        self._tctx = {}
        self._actx = {}
        self._pctx = {}
        self._ptabs = {}
        self._padw = None
        self._fills = 0

    def tag_words(self, words: Sequence[str], starts: Collection[int] = ()) -> list[str]:
        """The chosen tag of each word (``"UPOS Feat=Val|…"``)."""
        return self._tag(words, starts)[1]

    def _tag(self, words: Sequence[str], starts: Collection[int]) -> tuple[list[_Word], list[str]]:
        if self._fills > _FILLS_MAX:  # new contexts of known words: bound the caches too
            self._clear()
        if self.second is not None and self.second._fills > _FILLS_MAX:
            self.second._clear()
        ws = [self.word(w) for w in words]
        margins: list[float] = []
        if self.reverse:  # this pass reads right to left
            n = len(ws)
            rstarts = {n - j for j in starts if 0 < j < n}
            tags = self._decode(ws[::-1], rstarts, None, None, margins)[::-1]
            margins.reverse()
        else:
            tags = self._decode(ws, starts, None, None, margins)
        if self.second is not None:
            ws2 = [self.second.word(w) for w in words]
            skip = self.skip
            fixed = None if skip is None else [m >= skip for m in margins]
            first = tags
            tags = self.second._decode(ws2, starts, first, fixed, None)
            if self.pair_weights:
                tags = self._repair(ws, starts, first, tags, margins)
        return ws, tags

    def _repair(self, ws: list[_Word], starts: Collection[int], first: list[str],
                tags: list[str], margins: list[float] | None) -> list[str]:
        """The second stage: each word whose chosen UPOS is one of a pair in :attr:`pairs`
        and which can also be the other is re-decided between the two by the pair's
        classifier, unless its first-pass margin is at least :attr:`pair_skip`. The
        classifier reads the sentence's tags from pass two (trained on the jack-knifed
        first-pass tags: measured, reading pass two's tags here is as good or better)."""
        out = tags
        n = len(ws)
        upos = self._upos  # holds every tag either pass chose (shared by both)
        gate = self.pair_skip
        if margins is None or gate is None:
            margins, gate = [0.0] * n, 1.0
        cuts = sorted({j for j in starts if 0 < j < n}) if starts else ()
        lo = 0
        for hi in (*cuts, n):
            for i in [j for j in range(lo, hi) if ws[j].pk and margins[j] < gate]:
                w = ws[i]
                pk = w.pk
                t = tags[i]
                u0 = upos.get(t)
                if u0 is None:
                    u0 = upos[t] = t.partition(" ")[0]
                p = pk.get(u0)
                if p is None:
                    continue
                name, a, b, tab = p
                get = tab.get
                sc = 0.0
                for f in _pair_feats(ws, tags, upos, i, name, lo, hi):
                    sc += get(f, 0.0)
                want = a if sc > 0 else b if sc < 0 else u0  # 0: nothing known, keep
                if want != u0:
                    if out is tags:
                        out = list(tags)
                    out[i] = self._swap(w, t, u0, want, first[i])
            lo = hi
        return out

    def _pair_keys(self, w: _Word) -> dict[str, tuple[str, str, str, dict[str, float]]]:
        """Per UPOS among the word's candidates that the second stage re-decides: the pair,
        its two UPOS and the word's weights (the pair's own plus the word's, summed)."""
        out = {}
        for u in sorted({c.partition(" ")[0] for c in w.cands} if len(w.cands) > 1 else ()):
            p = _pair_of(w, u, self.pairs)
            if p is not None:
                name = p[0]
                key = _pair_key(w, name)
                tab = self._ptabs.get(key)
                if tab is None:
                    tab = dict(self.pair_weights.get(name, {}))
                    for f, v in self.pair_weights.get(key, {}).items():
                        tab[f] = tab.get(f, 0.0) + v
                    self._ptabs[key] = tab
                out[u] = (*p, tab)
        return out

    def _swap(self, w: _Word, t: str, u0: str, want: str, first: str) -> str:
        """The tag of UPOS ``want`` that replaces ``t``: the same features if the word can
        have them, else the first pass's tag if it has that UPOS, else the candidate of that
        UPOS the word's own features score best."""
        same = want + t[len(u0):]
        if same in w.cands:
            return same
        if first.partition(" ")[0] == want:
            return first
        cs = [c for c in w.cands if c.partition(" ")[0] == want]
        sc = [self.fast_score(w.feats, c) for c in cs]
        return cs[sc.index(max(sc))]

    def _decode(self, ws: list[_Word], starts: Collection[int], right: list[str] | None,
                fixed: list[bool] | None, margins: list[float] | None) -> list[str]:
        """Greedy left-to-right decoding, sentence by sentence (context stops at ``starts``)."""
        n = len(ws)
        cuts = sorted({j for j in starts if 0 < j < n})
        if not cuts:
            return self._decode_one(ws, right, fixed, margins)
        out: list[str] = []
        lo = 0
        for hi in (*cuts, n):
            out += self._decode_one(ws[lo:hi], right[lo:hi] if right is not None else None,
                                    fixed[lo:hi] if fixed is not None else None, margins)
            lo = hi
        return out

    def _decode_one(self, sent: list[_Word], right: list[str] | None,
                    fixed: list[bool] | None, margins: list[float] | None) -> list[str]:
        """One sentence. Each feature group's scores over the word's candidates come from
        a cache whose key determines the group's features (the neighbour's own cache, the
        word's, or a shared one), so features are only built, by :func:`_context`, on a miss.
        """
        bos, eos = self._pads()
        ws = [bos, bos, *sent, eos, eos]
        out: list[str] = []
        p1 = p2 = u1 = _BOS
        gt, ga, gp = self._tctx, self._actx, self._pctx
        upos = self._upos
        score = self.fast_score
        inf = float("inf")
        extras = self.extras
        bi = "bi" in extras
        codes = _codes(sent, extras, right)
        nv: tuple[str, ...] = ()
        xg = 9 if right is not None else 7  # index of the first extra group
        xc = xg + 2 * bi  # index of the first code group
        feats: list[tuple[str, ...]] | None
        for i in range(2, len(ws) - 2):
            w = ws[i]
            cands = w.cands
            if len(cands) == 1:
                best = cands[0]
                if margins is not None:
                    margins.append(inf)
            elif fixed is not None and fixed[i - 2] and right is not None:
                best = right[i - 2]
            else:
                l2, l1, r1, r2 = ws[i - 2], ws[i - 1], ws[i + 1], ws[i + 2]
                cs = w.csid
                if codes is not None:
                    nv = codes[i - 2]
                feats = None
                sv = w.vec
                if sv is None:
                    sv = w.vec = tuple([score(w.feats, c) for c in cands])
                v0 = l1.d_l1.get(cs)  # the word before
                if v0 is None:
                    feats = self._feats_of(ws, i, p1, p2, right, nv)
                    v0 = l1.d_l1[cs] = tuple([score(feats[0], c) for c in cands])
                v1 = l2.d_l2.get(cs)  # two before
                if v1 is None:
                    feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                    v1 = l2.d_l2[cs] = tuple([score(feats[1], c) for c in cands])
                v2 = r1.d_r1.get(cs)  # the word after
                if v2 is None:
                    feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                    v2 = r1.d_r1[cs] = tuple([score(feats[2], c) for c in cands])
                key: tuple[Any, ...] = (p2, p1, w.shcs)  # the tag history
                v3 = gt.get(key)
                if v3 is None:
                    feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                    v3 = gt[key] = tuple([score(feats[3], c) for c in cands])
                v4 = w.d_c1.get(r1.amb)  # the word and the next word's ambiguity class
                if v4 is None:
                    feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                    v4 = w.d_c1[r1.amb] = tuple([score(feats[4], c) for c in cands])
                v5 = w.d_c2.get(u1)  # the word and the previous UPOS
                if v5 is None:
                    feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                    v5 = w.d_c2[u1] = tuple([score(feats[5], c) for c in cands])
                key = (l1.ambid, w.ac, r1.av, r2.av)  # ambiguity classes around the word
                v6 = ga.get(key)
                if v6 is None:
                    feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                    v6 = ga[key] = tuple([score(feats[6], c) for c in cands])
                if right is None:
                    totals = [sv[j] + v0[j] + v1[j] + v2[j] + v3[j] + v4[j] + v5[j] + v6[j]
                              for j in range(len(cands))]
                else:
                    t1 = right[i - 1] if r1 is not eos else _EOS
                    t2 = right[i] if r2 is not eos else _EOS
                    pu = upos.get(t1)
                    if pu is None:
                        pu = upos[t1] = t1.partition(" ")[0]
                    pu2 = upos.get(t2)
                    if pu2 is None:
                        pu2 = upos[t2] = t2.partition(" ")[0]
                    key = (t1, pu2, cs)  # the first pass's next two tags
                    v7 = gp.get(key)
                    if v7 is None:
                        feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                        v7 = gp[key] = tuple([score(feats[7], c) for c in cands])
                    v8 = w.d_p2.get(pu)  # the word and the first pass's next UPOS
                    if v8 is None:
                        feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                        v8 = w.d_p2[pu] = tuple([score(feats[8], c) for c in cands])
                    totals = [sv[j] + v0[j] + v1[j] + v2[j] + v3[j] + v4[j] + v5[j] + v6[j] + v7[j]
                              + v8[j] for j in range(len(cands))]
                if bi:  # the word with the word before, and with the word after
                    va = w.d_bl.get(l1.form)
                    if va is None:
                        feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                        va = w.d_bl[l1.form] = tuple([score(feats[xg], c) for c in cands])
                    vb = w.d_br.get(r1.form)
                    if vb is None:
                        feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                        vb = w.d_br[r1.form] = tuple([score(feats[xg + 1], c) for c in cands])
                    totals = [totals[j] + va[j] + vb[j] for j in range(len(cands))]
                for k, code in enumerate(nv):  # the code extras (nv, cl, …): word × code
                    if not code:
                        continue
                    vn = w.d_x.get((k, code))
                    if vn is None:
                        feats = feats or self._feats_of(ws, i, p1, p2, right, nv)
                        vn = w.d_x[(k, code)] = tuple([score(feats[xc + k], c) for c in cands])
                    totals = [totals[j] + vn[j] for j in range(len(cands))]
                if feats is not None:
                    self._fills += 1
                top = max(totals)
                best = cands[totals.index(top)]
                if margins is not None:
                    totals.remove(top)
                    margins.append(top - max(totals))
            out.append(best)
            p2, p1 = p1, best
            ub = upos.get(best)
            if ub is None:
                ub = upos[best] = best.partition(" ")[0]
            u1 = ub
        return out

    def reference_tags(self, words: Sequence[str]) -> list[str]:
        """:meth:`tag_words` for one sentence, every score computed afresh from the
        features (no cache, and no skipping in pass two: compare with ``skip`` None):
        the oracle the cached decoding is tested against. Slow; left to right only."""
        first = self._reference_pass(words, None)
        if self.second is None:
            return first
        tags = self.second._reference_pass(words, first)
        if self.pair_weights:
            ws = [_Word(w, self) for w in words]
            for w in ws:
                w.pk = self._pair_keys(w)
            for t in (*first, *tags):
                self._upos.setdefault(t, t.partition(" ")[0])
            tags = self._repair(ws, (), first, tags, None)
        return tags

    def _reference_pass(self, words: Sequence[str], right: list[str] | None) -> list[str]:
        ws = [_Word(w, self) for w in words]  # fresh words: no cached scores
        codes = _codes(ws, self.extras, right)
        tags: list[str] = []
        p1 = p2 = _BOS
        n = len(ws)
        for i, w in enumerate(ws):
            cands = list(w.cands)
            if len(cands) > 1:
                l1, l2 = (ws[i - 1] if i else None), (ws[i - 2] if i > 1 else None)
                r1 = ws[i + 1] if i + 1 < n else None
                r2 = ws[i + 2] if i + 2 < n else None
                rt = None
                if right is not None:
                    rt = (right[i + 1] if r1 else _EOS, right[i + 2] if r2 else _EOS)
                groups = [w.feats, *_context(w, l1, l2, r1, r2, p1, p2, rt,
                                                codes[i] if codes else (), self.extras)]
                totals = [sum(self.fast_score(g, c) for g in groups) for c in cands]
                best = cands[totals.index(max(totals))]
            else:
                best = cands[0]
            tags.append(best)
            p2, p1 = p1, best
        return tags

    def _feats_of(self, ws: list[_Word], i: int, p1: str, p2: str, right: list[str] | None,
                  nv: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The context feature groups of padded position ``i`` (a cache miss)."""
        bos, eos = self._pads()
        l2, l1, r1, r2 = ws[i - 2], ws[i - 1], ws[i + 1], ws[i + 2]
        rt = None
        if right is not None:
            rt = (right[i - 1] if r1 is not eos else _EOS, right[i] if r2 is not eos else _EOS)
        return _context(ws[i], l1 if l1 is not bos else None, l2 if l2 is not bos else None,
                        r1 if r1 is not eos else None, r2 if r2 is not eos else None, p1, p2, rt, nv,
                        self.extras)

    def _pads(self) -> tuple[_Word, _Word]:
        """The stand-ins for the words before and after a sentence (their own caches)."""
        pads = self._padw
        if pads is None:
            pads = self._padw = (_Word.pad(self, _BOS), _Word.pad(self, _EOS))
        return pads

    def lemma(self, w: _Word, tag: str, feats: frozenset[str]) -> str:
        upos = tag.partition(" ")[0]
        for r in w.readings:
            if r.upos == upos and r.feats == feats:
                return r.lemma
        hit = self.lemmas.get(w.form + "\t" + tag) or self.lemmas.get(w.lower + "\t" + tag)
        if hit:
            return hit
        for r in w.readings:
            if r.upos == upos:
                return r.lemma
        return w.form if upos == "PROPN" else w.lower

    def readings(self, words: Sequence[str], starts: Collection[int] = ()) -> list[Reading]:
        ws, tags = self._tag(words, starts)
        out = []
        for form, w, t in zip(words, ws, tags, strict=True):
            r = w.rd.get(t)
            if r is None:
                r = self._reading(w, t)
                if len(form) > MAX_WORD_LENGTH:  # the word was cut: its lemma is the whole form
                    out.append(Reading(r.upos, form.lower(), r.feats))
                    continue
                w.rd[t] = r
            elif len(form) > MAX_WORD_LENGTH:
                r = Reading(r.upos, form.lower(), r.feats)
            out.append(r)
        return out

    def sentence_readings(self, words: Sequence[str], starts: Collection[int] = ()) -> list[Reading]:
        """:meth:`readings`, each sentence looked up in a cache of sentences already tagged.

        Context never crosses a sentence start, so a sentence's readings are the same
        wherever it stands; the cache holds at most :data:`_SENT_TOKENS` tokens.
        """
        n = len(words)
        cuts = sorted({j for j in starts if 0 < j < n})
        out: list[Reading] = []
        cache = self._sents
        lo = 0
        for hi in (*cuts, n):
            key = tuple(words[lo:hi])
            got = cache.get(key)
            if got is None:
                got = tuple(self.readings(key))
                if hi - lo <= _SENT_LONG:
                    if self._sent_tokens > _SENT_TOKENS:
                        self._sents = cache = {}
                        self._sent_tokens = 0
                    cache[key] = got
                    self._sent_tokens += hi - lo
            out.extend(got)
            lo = hi
        return out

    def _reading(self, w: _Word, t: str) -> Reading:
        fs = self._feats.get(t)
        if fs is None:
            rest = t.partition(" ")[2]
            fs = self._feats[t] = frozenset(rest.split("|")) if rest else frozenset()
        return Reading(t.partition(" ")[0], self.lemma(w, t, fs), fs)

    # --- serialisation --------------------------------------------------------------------
    def to_doc(self, top: bool = True) -> dict[str, Any]:
        for f in self._raw:  # a loaded model parses its weights on first use: all of them now
            if f not in self.weights:
                self.weights[f] = self._parse(f)
        part_ids: dict[str, int] = {}
        weights = {}
        for f in sorted(self.weights):
            if not self.weights[f]:
                continue
            row = []
            for p, v in sorted(self.weights[f].items()):
                row.append(f"{part_ids.setdefault(p, len(part_ids))} {round(v, 3):g}")
            weights[f] = " ".join(row)
        return {"meta": self.meta, "parts": list(part_ids), "weights": weights,
                "tagdict": {k: sorted(v) for k, v in sorted(self.tagdict.items())},
                "open_tags": list(self.open_tags), "lemmas": dict(sorted(self.lemmas.items())),
                "second": self.second.to_doc(top=False) if self.second else None,
                **({"pairs": {g: {f: round(v, 3) for f, v in sorted(row.items())}
                              for g, row in sorted(self.pair_weights.items())}}
                   if self.pair_weights else {}),
                **({"contexts": dict(sorted(self.contexts.items()))} if top and self.contexts else {})}

    def to_json(self) -> bytes:
        return json.dumps(self.to_doc(), ensure_ascii=False, separators=(",", ":"),
                          sort_keys=True).encode()

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Model:
        second = cls.from_doc(doc["second"]) if doc.get("second") else None
        model = cls({}, doc["tagdict"], doc["open_tags"], doc["lemmas"], doc["meta"], second,
                    doc.get("contexts"))
        if second is not None:  # stored once, shared by both passes
            second.contexts = model.contexts
        model._raw = doc["weights"]
        model._part_names = doc["parts"]
        model.pair_weights = doc.get("pairs") or {}
        model.prune = doc["meta"].get("prune_margin")
        model.skip = doc["meta"].get("pass2_margin")
        model.pair_skip = doc["meta"].get("pairs_margin")
        return model

    @classmethod
    def from_json(cls, data: bytes) -> Model:
        return cls.from_doc(json.loads(data))


def _context(w: _Word, l1: _Word | None, l2: _Word | None, r1: _Word | None,
             r2: _Word | None, p1: str, p2: str, rt: tuple[str, str] | None,
             codes: Sequence[str] = (), extras: Collection[str] = ()) -> list[tuple[str, ...]]:
    """The context feature groups of ``w`` (see :meth:`Model._decode` for what keys each)."""
    low, amb = w.lower, w.amb
    u1 = p1.partition(" ")[0]
    a1 = r1.amb if r1 else _EOS
    sh = w.sh2
    am1 = l1.amb if l1 else _BOS
    ap2 = r2.amb if r2 else _EOS
    look = (r1.verbish if r1 else "") + "," + (r2.verbish if r2 else "")
    nl1 = l1.kl1 if l1 else _NONE_L1
    nl2 = l2.kl2 if l2 else _NONE_L2
    nr1 = r1.kr1 if r1 else _NONE_R1
    u2 = p2.partition(" ")[0]
    feats: list[tuple[str, ...]] = [nl1[1], nl2[1], nr1[1],
             ("t-1=" + p1, "u-1=" + u1, "u-2u-1=" + u2 + "," + u1, "first=" + str(u1 == _BOS) + sh),
             ("w&a+1=" + low + "|" + a1, "a&a+1=" + amb + "|" + a1),
             ("w&u-1=" + low + "|" + u1, "a&u-1=" + amb + "|" + u1),
             ("a+2=" + ap2, "a&look=" + amb + "|" + look,
              "a-1&a&a+1=" + am1 + "|" + amb + "|" + a1, "a&a+1&a+2=" + amb + "|" + a1 + "|" + ap2)]
    if rt is not None:
        t1, t2 = rt
        v1, v2 = t1.partition(" ")[0], t2.partition(" ")[0]
        feats.append(("pt+1=" + t1, "pu+1=" + v1, "pu+1,2=" + v1 + "," + v2))
        feats.append(("w&pu+1=" + low + "|" + v1, "a&pu+1=" + amb + "|" + v1))
    if extras:
        if "bi" in extras:
            feats.append(("w&w-1=" + low + "|" + (l1.lower if l1 else _BOS),))
            feats.append(("w&w+1=" + low + "|" + (r1.lower if r1 else _EOS),))
        for name, code in zip([x for x in _CODE_EXTRAS if x in extras], codes, strict=True):
            feats.append((f"a&{name}={amb}|{code}", f"w&{name}={low}|{code}") if code else ())
    return feats


#: The optional feature groups a model may be trained with (``meta["extras"]``): ``bi``,
#: the word with the word before and with the word after; and the *code* extras, each a
#: code computed per word from the sentence's ambiguity classes, conjoined with the word
#: and with its ambiguity class: ``nv``, a verb-like word with the next word to its right
#: that is not an adverb, pronoun, determiner or particle; ``cl``, a word that can be AUX
#: with the first participle or infinitive to its right before the clause ends (DDT's
#: AUX vs main-verb ``være``/``have``/``blive``/modals); ``nx``, a word that can be DET,
#: PRON, ADJ or ADV with the first word to its right that cannot be an adjective or
#: adverb (``de bedste venner``, ``et stort ord``); ``pc`` (pass two), a word that can be
#: AUX with the first verb pass one tagged to its right in the clause. ``lz``: the word's
#: usual neighbours in unlabelled text (:func:`contexts`; computed by the training tool).
#: ``av``: a positive adjective without an adverb reading may also be ``ADV Degree=Pos``.
EXTRAS = ("bi", "nv", "cl", "nx", "pc", "lz", "av")
_CODE_EXTRAS = ("nv", "cl", "nx", "pc")
_SKIP = frozenset({"ADV", "PRON", "DET", "PART", "NUM", "CCONJ"})
_CLAUSE_END = frozenset({"PUNCT", "CCONJ", "SCONJ"})
_CLOSED = frozenset({"PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART"})
_MODIFIER = frozenset({"ADJ", "ADV", "NUM"})
_NX = frozenset({"DET", "PRON", "ADJ", "ADV"})


def _codes(ws: Sequence[_Word], extras: Collection[str],
           right: Sequence[str] | None) -> list[tuple[str, ...]] | None:
    """Per word, the codes of the model's code extras (in :data:`_CODE_EXTRAS` order;
    "" where an extra does not apply), or None if the model has none. ``right``: the
    first pass's tags (pass two), else None."""
    names = [x for x in _CODE_EXTRAS if x in extras]
    if not names:
        return None
    cols = [_CODE_FUNCS[x](ws, right) for x in names]
    return list(zip(*cols, strict=True))


def _lookahead(ws: Sequence[_Word], right: Sequence[str] | None = None) -> list[str]:
    """``nv``: per verb-like word, the first word to its right, within 4, that is not an
    adverb, pronoun, determiner or particle: its ambiguity class and verb forms."""
    n = len(ws)
    out = [""] * n
    for i, w in enumerate(ws):
        if "AUX" not in w.amb and "VERB" not in w.amb:
            continue
        code = _EOS
        for j in range(i + 1, min(n, i + 5)):
            r = ws[j]
            if not (r.ambset <= _SKIP) or not r.ambset:
                code = r.amb + r.verbish
                break
        out[i] = code
    return out


def _clause(ws: Sequence[_Word], right: Sequence[str] | None = None) -> list[str]:
    """``cl``: per word that can be AUX, what comes first within 8 words to its right: a
    participle or infinitive (its verb forms, distance, whether it can be something else),
    a word that can only be a finite verb, or the end of the clause (punctuation, a
    conjunction, the sentence's end)."""
    n = len(ws)
    out = [""] * n
    for i, w in enumerate(ws):
        if "AUX" not in w.ambset:
            continue
        code = "e"
        for j in range(i + 1, min(n, i + 9)):
            r = ws[j]
            d = str(min(j - i, 4))
            if r.verbish and not (r.ambset & _CLOSED):  # not "vi", "så" (spurious verb readings)
                code = r.verbish + d + ("v" if r.ambset <= {"VERB", "AUX"} else "o")
                break
            if r.ambset and r.ambset <= {"VERB", "AUX"}:
                code = "F" + d
                break
            if r.ambset & _CLAUSE_END and r.ambset <= _CLAUSE_END | {"ADV", "PRON", "ADP"}:
                code = "c" + d
                break
        out[i] = code
    return out


def _next_head(ws: Sequence[_Word], right: Sequence[str] | None = None) -> list[str]:
    """``nx``: per word that can be DET, PRON, ADJ or ADV (and something else), the first
    word within 4 to its right that cannot be an adjective, adverb or numeral: its
    ambiguity class and how many such modifiers came between (0, 1, 2+)."""
    n = len(ws)
    out = [""] * n
    for i, w in enumerate(ws):
        if len(w.ambset) < 2 or not (w.ambset & _NX):
            continue
        code = _EOS
        for j in range(i + 1, min(n, i + 5)):
            r = ws[j]
            if not (r.ambset & _MODIFIER) or "NOUN" in r.ambset:
                code = r.amb + str(min(j - i - 1, 2))
                break
        out[i] = code
    return out


def _clause_tagged(ws: Sequence[_Word], right: Sequence[str] | None) -> list[str]:
    """``pc`` (pass two only): per word that can be AUX, the first verb the first pass
    tagged within 8 words to its right (its VerbForm, distance), or the clause end."""
    n = len(ws)
    out = [""] * n
    if right is None:
        return out
    for i, w in enumerate(ws):
        if "AUX" not in w.ambset:
            continue
        code = "e"
        for j in range(i + 1, min(n, i + 9)):
            t = right[j]
            u = t.partition(" ")[0]
            d = str(min(j - i, 4))
            if u in ("VERB", "AUX"):
                code = u[0] + ("P" if "VerbForm=Part" in t else "I" if "VerbForm=Inf" in t else "F") + d
                break
            if u in _CLAUSE_END:
                code = "c" + u[0] + d
                break
        out[i] = code
    return out


_CODE_FUNCS = {"nv": _lookahead, "cl": _clause, "nx": _next_head, "pc": _clause_tagged}

#: The second stage's pairs (``meta["pairs"]``): a word tagged one of the two UPOS that
#: can also be the other is re-decided between them by a binary perceptron that sees the
#: whole clause through the sentence's tags (is there a participle or infinitive
#: later, a predicative noun or adjective, ``der`` near, a verb before; the words and
#: tags around). ``AUX/VERB``: DDT's ``være``/``have``/``blive``/modals as auxiliary,
#: copula or main verb; ``DET/PRON``: ``den``/``det``/``de``/``alle`` … as determiner
#: or pronoun; the others were measured and are not shipped (``tools/train_tagger.py``
#: chooses; docs/danish-analysis.md, "The tagger").
PAIRS = ("AUX/VERB", "DET/PRON", "ADP/ADV", "ADJ/ADV", "NOUN/VERB", "ADJ/VERB", "NOUN/PROPN",
         "ADJ/NOUN")
_PAIR_SETS = {name: frozenset(name.split("/")) for name in PAIRS}
_VERBS = frozenset({"VERB", "AUX"})
_NOMINAL = frozenset({"NOUN", "PROPN", "ADJ"})
_HEAD_WORD = frozenset({"ADP", "PRON", "ADV", "SCONJ", "DET"})
_DIST = ("0", "1", "2", "3", "4")


def _pair_of(w: _Word, upos: str, pairs: Sequence[str]) -> tuple[str, str, str] | None:
    """The pair of ``pairs`` that ``upos`` belongs to and whose other UPOS is among the
    word's candidates, as (name, first UPOS, second UPOS); else None."""
    for name in pairs:
        both = _PAIR_SETS[name]
        if upos in both:
            a, b = name.split("/")
            other = b if upos == a else a
            if any(c.partition(" ")[0] == other for c in w.cands):
                return name, a, b
    return None


def _pair_feats(ws: Sequence[_Word], tags: Sequence[str], upos: Mapping[str, str], i: int,
                name: str, lo: int = 0, hi: int | None = None) -> list[str]:
    """The second stage's features of word ``i`` for pair ``name``, in the sentence
    ``ws[lo:hi]``: ``tags`` are the sentence's tags (in training the jack-knifed first
    pass's, at run time pass two's) and ``upos`` maps each to its UPOS.
    Each is weighted for the pair and for the pair with the word (:func:`_pair_key`)."""
    w = ws[i]
    n = len(ws) if hi is None else hi
    tag = tags[i]
    part = inf = head = "None"
    nom = "False"
    end = "eos"
    for j in range(i + 1, min(n, i + 12)):  # the rest of the clause
        uj = upos[tags[j]]
        if uj in _CLAUSE_END:
            if uj == "PUNCT":
                form = ws[j].form
                end = "PUNCT" + (form[:1] if form in ",.:;?!" else "q")
            else:
                end = uj
            break
        if uj in _VERBS:
            tj = tags[j]
            if "VerbForm=Part" in tj:
                if part == inf == "None":
                    part = _DIST[min(j - i, 4)]
            elif "VerbForm=Inf" in tj:
                if part == inf == "None":
                    inf = _DIST[min(j - i, 4)]
            elif "VerbForm=Fin" in tj:
                end = "fin"
                break
        if head == "None" and uj != "ADV" and uj != "PART":
            head = uj + ":" + ws[j].lower if uj in _HEAD_WORD else uj
        if uj in _NOMINAL and part == inf == "None":
            nom = "True"
    n1 = upos[tags[i + 1]] if i + 1 < n else _EOS
    b1 = upos[tags[i - 1]] if i > lo else _BOS
    f = ["b", "own=" + upos[tag],
         "vf=P" if "VerbForm=Part" in tag else "vf=I" if "VerbForm=Inf" in tag else "vf=F",
         "part=" + part, "inf=" + inf, "head=" + head, "headu=" + head.partition(":")[0],
         "nom=" + nom, "end=" + end, ("pi=False" if part == inf == "None" else "pi=True") + nom,
         "n1=" + n1, "n1w=" + (ws[i + 1].lower if i + 1 < n else _EOS),
         "n12=" + n1 + "," + (upos[tags[i + 2]] if i + 2 < n else _EOS),
         "p1=" + b1, "p1w=" + (ws[i - 1].lower if i > lo else _BOS),
         "p21=" + (upos[tags[i - 2]] if i > lo + 1 else _BOS) + "," + b1]
    aux = name == "AUX/VERB"
    if aux:
        der = "der=no"  # existential "der" just before or after: the main verb
        for j in range(max(lo, i - 2), min(n, i + 3)):
            if j != i and ws[j].lower == "der":
                der = ("der=L" if j < i else "der=R") + upos[tags[j]]
                break
        f.append(der)
    lv = "lv=none"  # the nearest verb before the word in its clause
    for j in range(i - 1, max(lo - 1, i - 6), -1):
        uj = upos[tags[j]]
        if uj in _CLAUSE_END:
            break
        if uj in _VERBS:
            lv = "lv=" + uj + ("F" if "VerbForm=Fin" in tags[j] else "o")
            break
    f.append(lv)
    if not aux:
        f += ["sh=" + ("X" if w.form[:1].isupper() else "x") + ("0" if i == lo else "1"),
              "s3=" + w.lower[-3:], "n1t=" + (tags[i + 1] if i + 1 < n else _EOS)]
    return f


def _pair_key(w: _Word, name: str) -> str:
    """The group of the word's own second-stage weights: the pair with the word (for
    AUX/VERB its lemma, so that ``er``, ``var``, ``været`` share)."""
    if name == "AUX/VERB":
        return name + "|" + next((r.lemma for r in w.readings if r.upos == "AUX"), w.lower)
    return name + "|" + w.lower


def contexts(sentences: Iterable[Sequence[str]], min_count: int = 2) -> dict[str, str]:
    """Per lower-cased form seen at least ``min_count`` times in ``sentences`` (unlabelled
    text), the lexicon ambiguity class most often just before it and the one most often
    just after it, as ``"left right"`` (ties: the first in sorted order). A type-level
    signature of where the word stands, for words the training data does not have
    (measured: adding the runners-up and the pair of both sides did not help)."""
    amb: dict[str, str] = {_BOS: _BOS, _EOS: _EOS}
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    for sent in sentences:
        toks = [t for t in sent if len(t) <= MAX_WORD_LENGTH]
        for t in toks:
            if t not in amb:
                ups = {r.upos for r in analyse(t)}
                amb[t] = "|".join(sorted(ups)) if ups else "?"
        codes = [_BOS, *(amb[t] for t in toks), _EOS]
        for i, t in enumerate(toks):
            low = t.lower()
            left[low][codes[i]] += 1
            right[low][codes[i + 2]] += 1

    def mode(c: Counter[str]) -> str:
        return min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    return {w: mode(left[w]) + " " + mode(right[w]) for w in sorted(left)
            if sum(left[w].values()) >= min_count}


# --- training --------------------------------------------------------------------------------
def _tagstr(upos: str, feats: str) -> str:
    return upos if feats in ("_", "") else upos + " " + feats


Sentence = Sequence[tuple[str, str, str, str]]


def train(sentences: Sequence[Sentence], *, epochs: int = 10, seed: int = 1,
          two_pass: bool = True, folds: int = 4, reverse_first: bool = False,
          seeds: int = 1, extras: Collection[str] = (),
          contexts: dict[str, str] | None = None, meta: dict[str, Any] | None = None,
          pairs: Collection[str] = ()) -> Model:
    """Train a model on sentences of ``(form, lemma, upos, feats)`` (CoNLL-U columns).

    With ``reverse_first`` the first model reads right to left (measured: better on
    one split, worse on the other). ``seeds`` > 1 averages the weights of that many
    models trained on differently shuffled data (same size, a little more accurate).
    With ``two_pass``, a second, left-to-right model is trained on top that
    also sees the first model's tags of the next two words (jack-knifed over ``folds``
    so that it learns from first-pass tags as wrong as they will be on new text).
    ``extras`` names optional feature groups (:data:`EXTRAS`). ``contexts``: the word features from unlabelled text
    (:func:`contexts`), kept in the model. ``pairs`` (two passes only) names the
    second stage's pairwise classifiers (:data:`PAIRS`), trained on the jack-knifed
    first-pass tags. Deterministic for a given ``seed``.
    """
    meta = dict(meta or {})
    if extras:
        meta["extras"] = [x for x in EXTRAS if x in extras]
    m1 = dict(meta)
    if reverse_first:
        m1["reverse"] = True
    order = [list(reversed(s)) for s in sentences] if reverse_first else list(sentences)
    cx = contexts or {}
    first = _train_avg(order, None, epochs, seed, seeds, m1, cx)
    if not two_pass:
        return first
    right: list[list[str]] = [[] for _ in sentences]
    for k in range(folds):
        held = [i for i in range(len(sentences)) if i % folds == k]
        rest = [order[i] for i in range(len(sentences)) if i % folds != k]
        m = _train_one(rest, None, epochs, seed, m1, cx)
        for i in held:
            right[i] = m.tag_words([t[0] for t in sentences[i]])
    second = _train_avg(sentences, right, epochs, seed, seeds, meta, cx)
    first.second = second
    second._upos = first._upos
    names = [x for x in PAIRS if x in pairs]
    if names:
        first.meta["pairs"] = names
        first.pairs = tuple(names)
        first.pair_weights = _train_pairs(first, sentences, right, epochs, seed, seeds)
        first._clear()  # its words were made without the stage's keys (Model.word)
    return first


def _train_pairs(model: Model, sentences: Sequence[Sentence], right: list[list[str]],
                 epochs: int, seed: int, seeds: int) -> dict[str, dict[str, float]]:
    """The second stage's weights: one binary averaged perceptron per pair (features
    prefixed with the pair's name, so they do not share weights), each word of the
    training sentences whose gold UPOS is one of a pair and which can be the other an
    example, its context the jack-knifed first-pass tags; averaged over ``seeds``
    shuffles like the passes."""
    samples: list[tuple[list[tuple[str, str]], float]] = []
    for sent, ctx in zip(sentences, right, strict=True):
        ws = [model.word(t[0]) for t in sent]
        ups = {x: x.partition(" ")[0] for x in ctx}
        for i, t in enumerate(sent):
            p = _pair_of(ws[i], t[2], model.pairs)
            if p is not None:
                name, key = p[0], _pair_key(ws[i], p[0])
                got = _pair_feats(ws, ctx, ups, i, name)
                samples.append(([(name, x) for x in got] + [(key, x) for x in got],
                                1.0 if t[2] == p[1] else -1.0))
    avg: dict[tuple[str, str], float] = defaultdict(float)
    for k in range(seeds):
        weights: dict[tuple[str, str], float] = defaultdict(float)
        totals: dict[tuple[str, str], float] = defaultdict(float)
        stamps: dict[tuple[str, str], int] = defaultdict(int)
        rng = random.Random(seed + k)
        order = list(range(len(samples)))
        step = 0
        for _epoch in range(epochs):
            rng.shuffle(order)
            for j in order:
                step += 1
                fs, y = samples[j]
                if sum(weights.get(f, 0.0) for f in fs) * y <= 0:
                    for f in fs:
                        totals[f] += (step - stamps[f]) * weights[f]
                        stamps[f] = step
                        weights[f] += y
        for f, v in weights.items():
            avg[f] += (totals[f] + (step - stamps[f]) * v) / max(step, 1) / seeds
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for (g, x), v in sorted(avg.items()):
        if abs(v) >= 1e-3:
            out[g][x] = v
    return dict(out)


def _train_avg(sentences: Sequence[Sentence], right: list[list[str]] | None, epochs: int,
               seed: int, seeds: int, meta: dict[str, Any] | None, contexts: dict[str, str]) -> Model:
    models = [_train_one(sentences, right, epochs, seed + k, meta, contexts) for k in range(seeds)]
    if seeds == 1:
        return models[0]
    avg: dict[str, dict[str, float]] = defaultdict(dict)
    for m in models:
        for f, row in m.weights.items():
            cell = avg[f]
            for p, v in row.items():
                cell[p] = cell.get(p, 0.0) + v / seeds
    model = models[0]
    kept = {f: {p: v for p, v in row.items() if abs(v) >= 1e-3} for f, row in sorted(avg.items())}
    model.weights = {f: row for f, row in kept.items() if row}
    return model


def _train_one(sentences: Sequence[Sentence], right: list[list[str]] | None, epochs: int,
               seed: int, meta: dict[str, Any] | None, contexts: dict[str, str]) -> Model:
    tagdict: dict[str, set[str]] = defaultdict(set)
    lemmas: dict[str, str] = {}
    word_counts: Counter[str] = Counter()
    for s in sentences:
        for form, lemma, upos, fs in s:
            t = _tagstr(upos, fs)
            tagdict[form].add(t)
            word_counts[form] += 1
            lemmas.setdefault(form + "\t" + t, lemma)
    rare = Counter(_tagstr(u, f) for s in sentences for form, _, u, f in s
                   if word_counts[form] == 1 and u in _OPEN_UPOS)
    open_tags = sorted(t for t, c in rare.items() if c >= 2)
    full_dict = {k: sorted(v) for k, v in tagdict.items()}
    model = Model({}, {}, open_tags, {}, dict(meta or {}), contexts=contexts)
    # While training, the tags of a word seen once are withheld from its candidates,
    # so that the model learns to rely on the lexicon and suffixes as on new text.
    model.tagdict = {k: v for k, v in full_dict.items() if word_counts[k] > 1}
    weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    totals: dict[tuple[str, str], float] = defaultdict(float)
    stamps: dict[tuple[str, str], int] = defaultdict(int)
    model.weights = weights
    rng = random.Random(seed)
    order = list(range(len(sentences)))
    step = 0

    def update(feats: Iterable[str], tag: str, delta: float) -> None:
        for f in feats:
            wf = weights[f]
            for p in model.parts(tag):
                key = (f, p)
                totals[key] += (step - stamps[key]) * wf[p]
                stamps[key] = step
                wf[p] += delta

    for _epoch in range(epochs):
        rng.shuffle(order)
        for si in order:
            sent = sentences[si]
            gold = [_tagstr(t[2], t[3]) for t in sent]
            words = [model.word(t[0]) for t in sent]
            rtags = right[si] if right is not None else None
            codes = _codes(words, model.extras, rtags)
            p1 = p2 = _BOS
            n = len(words)
            for i, w in enumerate(words):
                step += 1
                cands = set(w.cands) | {gold[i]}
                if len(cands) > 1:
                    l1 = words[i - 1] if i else None
                    l2 = words[i - 2] if i > 1 else None
                    r1 = words[i + 1] if i + 1 < n else None
                    r2 = words[i + 2] if i + 2 < n else None
                    rt = None
                    if rtags is not None:
                        rt = (rtags[i + 1] if r1 else _EOS, rtags[i + 2] if r2 else _EOS)
                    feats: list[str] = list(w.feats)
                    for group in _context(w, l1, l2, r1, r2, p1, p2, rt,
                                          codes[i] if codes else (), model.extras):
                        feats.extend(group)
                    cl = sorted(cands)
                    sc = model.scores(feats, cl)
                    best = cl[sc.index(max(sc))]
                    if best != gold[i]:
                        update(feats, gold[i], 1.0)
                        update(feats, best, -1.0)
                p2, p1 = p1, gold[i]  # the gold history (measured better than the predicted one)
    avg: dict[str, dict[str, float]] = {}
    for f, wf in weights.items():
        row = {}
        for p, v in wf.items():
            key = (f, p)
            a = (totals[key] + (step - stamps[key]) * v) / step
            if abs(a) >= 1e-3:
                row[p] = a
        if row:
            avg[f] = row
    return Model(avg, full_dict, open_tags, lemmas, dict(meta or {}), contexts=contexts)


# --- the shipped model --------------------------------------------------------------------
_model: Model | None = None
_first: Model | None = None
_lock = threading.Lock()


def _parse_model(data: bytes) -> dict[str, Any]:
    """The model file's JSON, with what is equal held once: the tag lists of the tag
    dictionary (3,424 words have 182 distinct lists) and the parts of pass two that equal
    pass one's (the tag dictionary, the lemmas). Fewer objects load faster from the cache
    folder, and fewer new containers put off the cyclic collector's full pass over the
    whole heap in a first check (:mod:`~brandguard.diskcache` keeps objects shared)."""
    doc: dict[str, Any] = json.loads(gzip.decompress(data))
    lists: dict[tuple[str, ...], list[str]] = {}
    top = doc
    d: dict[str, Any] | None = doc
    while d:
        d["tagdict"] = {k: lists.setdefault(tuple(v), v) for k, v in d["tagdict"].items()}
        if d is not top:
            for key in ("tagdict", "lemmas", "open_tags"):
                if d.get(key) == top.get(key):
                    d[key] = top[key]
        d = d.get("second")
    return doc


def load() -> Model:
    """The shipped model (trained on UD Danish-DDT's test split), loaded once."""
    global _model
    if _model is None:
        with loading(), _lock:  # waiting for another thread's load is loading too
            if _model is None:
                ref = resources.files(_MODEL[0]).joinpath(_MODEL[1])
                # The parsed JSON from the cache folder when a process before wrote it:
                # gunzip and json.loads were two thirds of a cold one-post check's loading.
                doc = cached("ddt-tagger", ref.read_bytes(), _parse_model, schema=2)
                _model = Model.from_doc(doc)
    return _model


def tag(words: Sequence[str], *, sentence_starts: Collection[int] = (),
        two_pass: bool = True) -> list[Reading]:
    """One :class:`Reading` (UPOS, lemma, features) per word, chosen in context.

    ``words`` are token strings as the project tokenises them (spaCy's Danish
    tokenizer: punctuation separate, ``#hashtags``/``@mentions``/URLs whole).
    Whitespace tokens get UPOS ``SPACE`` (as in spaCy) and are transparent to the
    context. ``sentence_starts`` are indexes where a sentence begins: context does
    not cross them, and each sentence's readings are kept (a sentence tagged before
    costs a look-up). ``two_pass=False`` skips the second pass: about half the time,
    about 0.5 points of UPOS less. Linear in the input; tokens over 80 characters are
    unknown words.
    """
    if not words:
        return []
    model = load() if two_pass else load_one_pass()
    keep = [i for i, w in enumerate(words) if w and not w.isspace()]
    if len(keep) == len(words):
        return model.sentence_readings(words, sentence_starts)
    pos = {j: k for k, j in enumerate(keep)}
    starts = {pos[j] for j in sentence_starts if j in pos}
    got = model.sentence_readings([words[i] for i in keep], starts)
    out = [_SPACE] * len(words)
    for k, i in enumerate(keep):
        out[i] = got[k]
    return out


def load_one_pass() -> Model:
    """The shipped model's first pass alone (the same weights, its own caches)."""
    global _first
    if _first is None:
        full = load()
        with _lock:
            if _first is None:
                first = Model(full.weights, full.tagdict, full.open_tags, full.lemmas, full.meta,
                              contexts=full.contexts)
                first._raw, first._part_names = full._raw, full._part_names
                first.prune = full.prune
                _first = first
    return _first


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


def tag_tokens(tokens: Sequence[_HasText], *, sentence_starts: Collection[int] = ()) -> list[Reading]:
    """:func:`tag` for the project's tokens (``Analysis.tokens``: anything with ``.text``).

    One reading per token, whitespace tokens included (UPOS ``SPACE``); pass the
    indexes of the sentence starts so that context does not cross them.
    """
    return tag([t.text for t in tokens], sentence_starts=sentence_starts)


def tag_sentences(sentences: Iterable[Sequence[str]]) -> list[list[Reading]]:
    """:func:`tag` for each sentence."""
    return [tag(s) for s in sentences]
