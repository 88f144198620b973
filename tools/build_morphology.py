"""Build the Danish morphological lexicon from Stavekontrolden (``make morphology``).

Reads the hunspell dictionary (``da_DK.dic`` + ``da_DK.aff``), expands every stem
with its affix classes (two suffix levels, as hunspell does), maps each affix class
and morphological tag to a word class (UPOS) and UD features in the conventions of
UD Danish-DDT, adds the irregular forms the dictionary lists with ``al:`` and
``st:``, the hand-written closed classes (pronouns, determiners, prepositions,
conjunctions, auxiliaries, numerals; see ``CLOSED`` below) and lemmas from
spacy-lookups-data's Danish table for plural-only nouns, and writes
``src/brandguard/lang/da/data/stavekontrolden/morphology.txt.gz`` (read by
:mod:`brandguard.lang.da.morphology`).

The output is deterministic: the same input files give byte-identical output.

Usage: python tools/build_morphology.py [--dic DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIC = REPO.parent / "shared" / "data" / "stavekontrolden"
DEFAULT_OUT = REPO / "src" / "brandguard" / "lang" / "da" / "data" / "stavekontrolden" / "morphology.txt.gz"
FORMAT_VERSION = 1
#: Longest inflectional ending stored in a paradigm; forms with a longer one
#: (suppletive forms such as god → bedre) go into the exceptions table.
MAX_ENDING = 8

# --- affix classes (flag numbers of da_DK.aff, section F) ----------------------------
NOUN_COM = {2, 7, 19, 44, 48, 50, 58, 65, 75, 14}
NOUN_NEUT = {4, 3, 18, 45, 47, 51, 57, 66, 70, 76, 84, 15}
NOUN_PLUR = {5, 11, 13, 46, 64, 71, 74, 85, 72, 43}
NOUN_CLASSES = NOUN_COM | NOUN_NEUT | NOUN_PLUR
VERB_CLASSES = {1, 20, 21, 22}
VERBAL_NOUN = 79
ADJ_CLASSES = {12, 23, 24, 25, 26, 27, 28, 38, 40, 41, 42, 49, 59, 77, 78, 82}
PROPER = {9}
GENITIVE = 10
FUGE = {29, 30, 31, 53, 55, 56, 60, 61, 62, 63, 67, 68, 69, 81, 83}
COMPOUND_BEGIN, COMPOUND_MIDDLE, COMPOUND_END = 32, 33, 34
NEEDAFFIX, FORBIDDEN, ONLYINCOMPOUND = 8, 6, 36
SKIPPED_PFX = {37, 54}  # hyphen prefix; compass-point prefixes on place names


@dataclass(frozen=True)
class Affix:
    flag: int
    strip: str
    add: str
    cont: frozenset[int]
    cond: re.Pattern[str]
    tag: str


def parse_aff(path: Path) -> dict[int, list[Affix]]:
    affixes: dict[int, list[Affix]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 5 or parts[0] != "SFX":
            continue
        flag = int(parts[1])
        strip = "" if parts[2] == "0" else parts[2]
        add, _, cont = parts[3].partition("/")
        add = "" if add == "0" else add
        conts = frozenset(int(c) for c in cont.split(",") if c)
        cond = re.compile("(?:" + parts[4] + ")$") if parts[4] != "." else re.compile("")
        tag = next((p[1:] for p in parts[5:] if p.startswith("+")), "")
        affixes[flag].append(Affix(flag, strip, add, conts, cond, tag))
    return affixes


@dataclass
class Entry:
    stem: str
    flags: frozenset[int]
    al: tuple[str, ...]
    st: str


def parse_dic(path: Path) -> list[Entry]:
    entries = []
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        if not line.strip():
            continue
        fields = line.split(" ")
        # multi-word entries ("i går", "a cappella") contain spaces before any field
        head: list[str] = []
        morph: list[str] = []
        for f in fields:
            if re.match(r"^[a-z]{2}:", f) and head:
                morph.append(f)
            else:
                head.append(f)
        word = " ".join(head)
        stem, _, flags = word.partition("/") if "/" in word and not word.startswith("/") else (word, "", "")
        if flags and not re.fullmatch(r"[0-9,]+", flags):
            stem, flags = word, ""
        entries.append(Entry(
            stem=stem,
            flags=frozenset(int(x) for x in flags.split(",") if x),
            al=tuple(m[3:] for m in morph if m.startswith("al:")),
            st=next((m[3:] for m in morph if m.startswith("st:")), ""),
        ))
    return entries


# --- readings ---------------------------------------------------------------------------
Reading = tuple[str, str, str]  # (upos, lemma, feats "K=V|K=V" sorted, "" when none)


def feats(**kv: str) -> str:
    return "|".join(f"{k}={v}" for k, v in sorted(kv.items(), key=lambda x: x[0].lower()))


def add_feat(fs: str, key: str, value: str) -> str:
    items = dict(x.split("=", 1) for x in fs.split("|") if x)
    items[key] = value
    return feats(**items)


def apply(affix: Affix, word: str) -> str | None:
    if affix.strip and not word.endswith(affix.strip):
        return None
    if not affix.cond.search(word):
        return None
    base = word[: len(word) - len(affix.strip)] if affix.strip else word
    return base + affix.add


@dataclass
class Form:
    form: str
    path: tuple[Affix, ...]  # affixes applied, outermost last
    standalone: bool
    flags: frozenset[int]  # flags the form carries (stem flags or the last affix's)


def expand(entry: Entry, affixes: dict[int, list[Affix]]) -> list[Form]:
    stem_standalone = NEEDAFFIX not in entry.flags and ONLYINCOMPOUND not in entry.flags
    out = [Form(entry.stem, (), stem_standalone, entry.flags)]
    for flag in sorted(entry.flags):
        for a1 in affixes.get(flag, ()):
            f1 = apply(a1, entry.stem)
            if f1 is None:
                continue
            ok1 = NEEDAFFIX not in a1.cont and ONLYINCOMPOUND not in a1.cont
            out.append(Form(f1, (a1,), ok1, a1.cont))
            for flag2 in sorted(a1.cont):
                for a2 in affixes.get(flag2, ()):
                    f2 = apply(a2, f1)
                    if f2 is not None:
                        ok2 = NEEDAFFIX not in a2.cont and ONLYINCOMPOUND not in a2.cont
                        out.append(Form(f2, (a1, a2), ok2, a2.cont))
    return out


def _gender(flags: Iterable[int]) -> set[str]:
    g = set()
    for f in flags:
        if f in NOUN_COM:
            g.add("Com")
        elif f in NOUN_NEUT:
            g.add("Neut")
    return g


PART_SG = feats(Definite="Ind", Number="Sing", Tense="Past", VerbForm="Part")
PART_DEF = feats(Definite="Def", Number="Sing", Tense="Past", VerbForm="Part")
PART_PL = feats(Number="Plur", Tense="Past", VerbForm="Part")
PRES_ACT = feats(Mood="Ind", Tense="Pres", VerbForm="Fin", Voice="Act")
PAST_ACT = feats(Mood="Ind", Tense="Past", VerbForm="Fin", Voice="Act")
PRES_PASS = feats(Mood="Ind", Tense="Pres", VerbForm="Fin", Voice="Pass")
PAST_PASS = feats(Mood="Ind", Tense="Past", VerbForm="Fin", Voice="Pass")
INF_ACT = feats(VerbForm="Inf", Voice="Act")
INF_PASS = feats(VerbForm="Inf", Voice="Pass")
IMP = feats(Mood="Imp")
PRES_PART = feats(Tense="Pres", VerbForm="Part")


def noun_feats(definite: str, number: str, genders: set[str]) -> list[str]:
    if not genders:  # the dictionary does not say: either gender
        genders = {"Com", "Neut"}
    return [feats(Definite=definite, Gender=g, Number=number) for g in sorted(genders)]


def adj_pos(kind: str, has_neut: bool, has_e: bool = True) -> list[tuple[str, str]]:
    """(upos, feats) of a positive adjective form: base, neut or e-form."""
    if kind == "base" and not has_neut and not has_e:  # indeclinable: moderne, fælles
        return [("ADJ", feats(Degree="Pos"))]
    if kind == "base":
        if has_neut:
            return [("ADJ", feats(Definite="Ind", Degree="Pos", Gender="Com", Number="Sing"))]
        return [("ADJ", feats(Definite="Ind", Degree="Pos", Number="Sing"))]
    if kind == "neut":
        return [("ADJ", feats(Definite="Ind", Degree="Pos", Gender="Neut", Number="Sing")),
                ("ADV", feats(Degree="Pos"))]
    return [("ADJ", feats(Degree="Pos", Number="Plur")),
            ("ADJ", feats(Definite="Def", Degree="Pos", Number="Sing"))]


def adj_degree(tag: str) -> list[tuple[str, str]]:
    if tag == "KOMPARATIV":
        return [("ADJ", feats(Degree="Cmp")), ("ADV", feats(Degree="Cmp"))]
    if tag == "SUPERLATIV":
        return [("ADJ", feats(Degree="Sup")), ("ADV", feats(Degree="Sup"))]
    return [("ADJ", feats(Definite="Def", Degree="Sup"))]  # SUPERLATIV_PLURALIS: -ste


class Lexicon:
    def __init__(self) -> None:
        self.readings: dict[str, set[Reading]] = defaultdict(set)
        self.begin: dict[str, set[str]] = defaultdict(set)  # compound part form → lemmas

    def add(self, form: str, upos: str, lemma: str, fs: str) -> None:
        if (form and " " not in form) or upos in {"ADV", "ADP", "CCONJ", "SCONJ", "INTJ", "X"}:
            self.readings[form].add((upos, lemma, fs))


def genitive_of(form: str, known: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Readings of the non-genitive base of a genitive form within one paradigm."""
    out: list[tuple[str, str]] = []
    for cut in ("'s", "es", "s", "'"):
        if form.endswith(cut) and form[: -len(cut)] in known:
            out.extend(known[form[: -len(cut)]])
            if cut != "es":
                break
    return [(u, add_feat(f, "Case", "Gen")) for u, f in out]


def paradigm_noun(entry: Entry, forms: list[Form], lex: Lexicon, lemma: str, upos: str,
                  lemma_genders: set[str] | None = None) -> None:
    genders = _gender(entry.flags)
    for f in forms:
        for a in f.path:
            genders |= _gender(a.cont)
    if not genders and lemma_genders:
        genders = set(lemma_genders)
    base: dict[str, list[tuple[str, str]]] = defaultdict(list)
    gens: list[Form] = []
    for f in forms:
        if not f.standalone:
            continue
        last = f.path[-1] if f.path else None
        if last is None:
            nf = (noun_feats("Ind", "Sing", genders) if upos == "NOUN" else [""])
            if 74 in entry.flags:  # plural-only noun
                nf = noun_feats("Ind", "Plur", genders)
            elif entry.flags & {46, 47, 48} and upos == "NOUN":  # zero plural: år, hus?
                nf = nf + noun_feats("Ind", "Plur", genders)
            base[f.form].extend((upos, x) for x in nf)
            continue
        if last.flag == GENITIVE or last.tag == "GENITIV" or (
                last.tag == "PLUR_BEK" and last.add.endswith("s")):
            gens.append(f)
            continue
        if last.flag in FUGE or last.flag == VERBAL_NOUN:
            continue
        if upos == "PROPN":
            continue
        g = set(genders)
        if last.flag in NOUN_COM:
            g = {"Com"} if not (genders - {"Com"}) or last.flag in {44, 65, 14, 50, 75} else g
        if last.flag in NOUN_NEUT and last.flag in {45, 66, 15, 51, 76, 70, 84}:
            g = {"Neut"}
        tag = last.tag
        add = last.add
        if tag == "BESTEMT_ENTAL":
            nf = noun_feats("Def", "Sing", g)
        elif tag in {"PLUR_UBEK", "PLUR_BEK"} or last.flag in NOUN_PLUR:
            definite = "Def" if (tag == "PLUR_BEK" or add.endswith("ne")) else "Ind"
            if last.flag == 72:  # -um → -e: singular variant
                nf = noun_feats("Ind", "Sing", g)
            else:
                nf = noun_feats(definite, "Plur", g)
        elif last.flag in NOUN_COM | NOUN_NEUT:
            definite = "Def" if add.endswith(("en", "et", "n", "t")) else "Ind"
            nf = noun_feats(definite, "Sing", g)
        else:
            continue
        base[f.form].extend((upos, x) for x in nf)
    for f in gens:
        for u, fs in genitive_of(f.form, base):
            lex.add(f.form, u, lemma, fs)
    for form, rs in base.items():
        for u, fs in rs:
            lex.add(form, u, lemma, fs)
    if upos == "PROPN":
        for f in gens:
            lex.add(f.form, "PROPN", lemma, feats(Case="Gen"))


def paradigm_verb(entry: Entry, forms: list[Form], lex: Lexicon, lemma: str) -> None:
    for f in forms:
        if not f.standalone:
            continue
        path = f.path
        if not path:
            lex.add(f.form, "VERB", lemma, INF_ACT)
            continue
        tags = [a.tag for a in path]
        last = path[-1]
        if last.flag == VERBAL_NOUN:
            if last.tag == "GENITIV":
                lex.add(f.form, "NOUN", f.form[:-1], feats(Case="Gen", Definite="Ind", Gender="Com", Number="Sing"))
            else:
                lex.add(f.form, "NOUN", f.form, feats(Definite="Ind", Gender="Com", Number="Sing"))
            continue
        if last.flag in FUGE:
            continue
        if tags == ["PASSIV"]:
            lex.add(f.form, "VERB", lemma, PRES_PASS)
            lex.add(f.form, "VERB", lemma, INF_PASS)
        elif tags == ["DATID"]:
            lex.add(f.form, "VERB", lemma, PAST_ACT)
            if f.form.endswith("e"):
                lex.add(f.form, "VERB", lemma, PART_DEF)
                lex.add(f.form, "VERB", lemma, PART_PL)
                lex.add(f.form, "ADJ", f.form, feats(Degree="Pos"))
        elif tags == ["DATID", "PASSIV"]:
            lex.add(f.form, "VERB", lemma, PAST_PASS)
        elif tags == ["PERF_PART"]:
            lex.add(f.form, "VERB", lemma, PART_SG)
            lex.add(f.form, "ADJ", f.form, feats(Definite="Ind", Degree="Pos", Gender="Neut", Number="Sing"))
        elif tags == ["NUTID"]:
            lex.add(f.form, "VERB", lemma, PRES_ACT)
        elif tags == ["IMPERATIV"]:
            lex.add(f.form, "VERB", lemma, IMP)
        elif tags == ["PRÆSENS_PART"]:
            lex.add(f.form, "VERB", lemma, PRES_PART)
            lex.add(f.form, "ADJ", f.form, feats(Degree="Pos"))
        # PERF_PART+PASSIV and PRÆSENS_PART+PASSIV (genitives of participles) are left out


def paradigm_adj(entry: Entry, forms: list[Form], lex: Lexicon, lemma: str) -> None:
    has_neut = any(f.path and (f.path[-1].flag in {49, 82}) for f in forms if f.standalone)
    has_e = any(f.path and f.form != entry.stem and (f.path[-1].tag == "PLUR_BEK" or (
        f.path[-1].add.endswith("e") and f.path[-1].tag == "")) for f in forms if f.standalone)
    base: dict[str, list[tuple[str, str]]] = defaultdict(list)
    gens: list[Form] = []
    for f in forms:
        if not f.standalone:
            continue
        if not f.path:
            base[f.form].extend(adj_pos("base", has_neut, has_e))
            continue
        last = f.path[-1]
        if last.flag in FUGE or last.flag in NOUN_CLASSES:
            continue
        if last.tag == "GENITIV" or last.flag == GENITIVE:
            gens.append(f)
            continue
        if last.flag in {49, 82}:
            base[f.form].extend(adj_pos("neut", True))
        elif last.tag in {"KOMPARATIV", "SUPERLATIV", "SUPERLATIV_PLURALIS"}:
            base[f.form].extend(adj_degree(last.tag))
        elif last.tag == "PLUR_BEK" or last.add.endswith("e"):
            base[f.form].extend(adj_pos("e", has_neut))
    for form, rs in base.items():
        for u, fs in rs:
            lex.add(form, u, form if u == "ADV" else lemma, fs)
    for f in gens:
        for u, fs in genitive_of(f.form, base):
            if u == "ADJ":
                lex.add(f.form, u, lemma, fs)


# --- irregular forms listed with al: / st: ---------------------------------------------------
def classify_al_verb(lemma: str, forms: list[str]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    pp = next((i for i, f in enumerate(forms) if f.endswith("ende")), len(forms))
    before, after = forms[:pp], forms[pp:]
    prev_kind = ""
    for i, f in enumerate(before):
        if f.endswith("s") and i and (f[:-1] == before[i - 1] or f[:-2] == before[i - 1]
                                      or f[:-1] == lemma or f[:-2] + "e" == lemma):
            out.append(("VERB", f, PAST_PASS if prev_kind == "past" else PRES_PASS))
            if prev_kind != "past":
                out.append(("VERB", f, INF_PASS))
            continue
        if f.endswith("s") and f[:-1] == lemma:
            out.append(("VERB", f, PRES_PASS))
            out.append(("VERB", f, INF_PASS))
            continue
        if i == 0 and (f.endswith("r") or f[:-1] == lemma or len(f) <= len(lemma)) and prev_kind == "":
            out.append(("VERB", f, PRES_ACT))
            prev_kind = "pres"
            continue
        if prev_kind == "past" and f.endswith("t"):
            out.append(("VERB", f, PART_SG))
            continue
        out.append(("VERB", f, PAST_ACT))
        prev_kind = "past"
    imp = lemma[:-1] if lemma.endswith("e") and len(lemma) > 2 else lemma
    seen_part = False
    for f in after:
        if f.endswith("ende"):
            out.append(("VERB", f, PRES_PART))
            out.append(("ADJ", f, feats(Degree="Pos")))
        elif f.endswith("s") or f.endswith("'"):
            continue
        elif f == imp or (f == after[-1] and len(f) <= len(lemma) and f != lemma):
            out.append(("VERB", f, IMP))
            if prev_kind != "past":  # kom, løb: the past is the imperative's homograph
                out.append(("VERB", f, PAST_ACT))
        elif not seen_part:
            out.append(("VERB", f, PART_SG))
            seen_part = True
        elif f.endswith("e"):
            out.append(("VERB", f, PART_DEF))
            out.append(("VERB", f, PART_PL))
        elif f.endswith("en"):
            out.append(("VERB", f, feats(Definite="Ind", Gender="Com", Number="Sing", Tense="Past", VerbForm="Part")))
    if imp == lemma and lemma not in forms:
        out.append(("VERB", lemma, IMP))
    return out


def classify_al_adj(lemma: str, forms: list[str]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    has_neut = any(f.endswith("t") and not f.endswith("st") for f in forms)
    for f in forms:
        if f.endswith(("s", "'")):
            continue
        if f.endswith("ste"):
            out += [(u, f, x) for u, x in adj_degree("SUPERLATIV_PLURALIS")]
        elif f.endswith("st"):
            out += [(u, f, x) for u, x in adj_degree("SUPERLATIV")]
        elif f.endswith("re") and len(f) > 3 and f != lemma + "e":
            out += [(u, f, x) for u, x in adj_degree("KOMPARATIV")]
        elif f.endswith("t"):
            out += [(u, f, x) for u, x in adj_pos("neut", True)]
        else:
            out += [(u, f, x) for u, x in adj_pos("e", has_neut)]
    return out


def classify_noun_form(form: str, lemma: str, genders: set[str]) -> list[tuple[str, str]]:
    gen = form.endswith(("s", "'")) and not lemma.endswith("s")
    core = form[:-1] if gen else form
    if core.endswith(("ene", "erne", "ne")) and len(core) > len(lemma):
        nf = noun_feats("Def", "Plur", genders)
    elif core.endswith(("en", "et")) and len(core) > len(lemma):
        nf = noun_feats("Def", "Sing", genders)
    elif core == lemma:
        nf = noun_feats("Ind", "Sing", genders)
    else:
        nf = noun_feats("Ind", "Plur", genders)
    return [("NOUN", add_feat(x, "Case", "Gen") if gen else x) for x in nf]


# --- closed classes (written by hand, DDT conventions) ------------------------------------
def _prs(person: str, number: str, case: str, gender: str = "Com", **extra: str) -> str:
    kv = {"Case": case, "Person": person, "PronType": "Prs", **extra}
    if number:
        kv["Number"] = number
    if gender:
        kv["Gender"] = gender
    return feats(**kv)


def _poss(person: str, psor: str, number: str = "", gender: str = "", **extra: str) -> str:
    kv = {"Number[psor]": psor, "Person": person, "Poss": "Yes", "PronType": "Prs", **extra}
    if number:
        kv["Number"] = number
    if gender:
        kv["Gender"] = gender
    return feats(**kv)


CLOSED: list[tuple[str, str, str, str]] = [
    # personal pronouns
    ("jeg", "PRON", "jeg", _prs("1", "Sing", "Nom")), ("mig", "PRON", "jeg", _prs("1", "Sing", "Acc")),
    ("du", "PRON", "du", _prs("2", "Sing", "Nom")), ("dig", "PRON", "du", _prs("2", "Sing", "Acc")),
    ("han", "PRON", "han", _prs("3", "Sing", "Nom")), ("ham", "PRON", "han", _prs("3", "Sing", "Acc")),
    ("hun", "PRON", "hun", _prs("3", "Sing", "Nom")), ("hende", "PRON", "hun", _prs("3", "Sing", "Acc")),
    ("den", "PRON", "den", _prs("3", "Sing", "Acc")), ("den", "PRON", "den", _prs("3", "Sing", "Nom")),
    ("det", "PRON", "det", _prs("3", "Sing", "Acc", "Neut")), ("det", "PRON", "det", _prs("3", "Sing", "Nom", "Neut")),
    ("vi", "PRON", "vi", _prs("1", "Plur", "Nom")), ("os", "PRON", "vi", _prs("1", "Plur", "Acc")),
    ("I", "PRON", "I", _prs("2", "Plur", "Nom")), ("jer", "PRON", "I", _prs("2", "Plur", "Acc")),
    ("i", "PRON", "I", _prs("2", "Plur", "Nom")),
    ("de", "PRON", "de", _prs("3", "Plur", "Nom", "")), ("dem", "PRON", "de", _prs("3", "Plur", "Acc", "")),
    ("De", "PRON", "De", feats(Case="Nom", Gender="Com", Person="2", Polite="Form", PronType="Prs")),
    ("Dem", "PRON", "De", feats(Case="Acc", Gender="Com", Person="2", Polite="Form", PronType="Prs")),
    ("sig", "PRON", "sig", feats(Case="Acc", Person="3", PronType="Prs", Reflex="Yes")),
    ("man", "PRON", "man", feats(Case="Nom", Gender="Com", PronType="Ind")),
    ("en", "PRON", "en", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("hinanden", "PRON", "hinanden", feats(Number="Plur", PronType="Rcp")),
    ("hinandens", "PRON", "hinanden", feats(Case="Gen", Number="Plur", PronType="Rcp")),
    ("hverandre", "PRON", "hverandre", feats(Number="Plur", PronType="Rcp")),
    ("selv", "PRON", "selv", feats(PronType="Dem")),
    # possessives
    ("min", "DET", "min", _poss("1", "Sing", "Sing", "Com")), ("mit", "DET", "min", _poss("1", "Sing", "Sing", "Neut")),
    ("mine", "DET", "min", _poss("1", "Sing", "Plur")),
    ("din", "DET", "din", _poss("2", "Sing", "Sing", "Com")), ("dit", "DET", "din", _poss("2", "Sing", "Sing", "Neut")),
    ("dine", "DET", "din", _poss("2", "Sing", "Plur")),
    ("sin", "DET", "sin", _poss("3", "Sing", "Sing", "Com", Reflex="Yes")),
    ("sit", "DET", "sin", _poss("3", "Sing", "Sing", "Neut", Reflex="Yes")),
    ("sine", "DET", "sin", _poss("3", "Sing", "Plur", Reflex="Yes")),
    ("hans", "DET", "hans", _poss("3", "Sing")), ("hendes", "DET", "hendes", _poss("3", "Sing")),
    ("dens", "DET", "dens", _poss("3", "Sing")), ("dets", "DET", "dets", _poss("3", "Sing")),
    ("vores", "DET", "vores", _poss("1", "Plur")), ("jeres", "DET", "jeres", _poss("2", "Plur")),
    ("deres", "DET", "deres", _poss("3", "Plur")),
    ("Deres", "DET", "Deres", feats(Person="2", Polite="Form", Poss="Yes", PronType="Prs")),
    ("vor", "DET", "vores", _poss("1", "Plur", "Sing", "Com", Style="Form")),
    ("vort", "DET", "vores", _poss("1", "Plur", "Sing", "Neut", Style="Form")),
    ("vore", "DET", "vores", _poss("1", "Plur", "Plur", Style="Form")),
    # determiners / pronouns
    ("den", "DET", "den", feats(Gender="Com", Number="Sing", PronType="Dem")),
    ("det", "DET", "den", feats(Gender="Neut", Number="Sing", PronType="Dem")),
    ("de", "DET", "den", feats(Number="Plur", PronType="Dem")),
    ("de", "PRON", "den", feats(Number="Plur", PronType="Dem")),
    ("denne", "DET", "denne", feats(Gender="Com", Number="Sing", PronType="Dem")),
    ("dette", "DET", "denne", feats(Gender="Neut", Number="Sing", PronType="Dem")),
    ("dette", "PRON", "denne", feats(Gender="Neut", Number="Sing", PronType="Dem")),
    ("disse", "DET", "denne", feats(Number="Plur", PronType="Dem")),
    ("disse", "PRON", "denne", feats(Number="Plur", PronType="Dem")),
    ("begge", "DET", "begge", feats(Number="Plur", PronType="Dem")),
    ("begge", "PRON", "begge", feats(Number="Plur", PronType="Dem")),
    ("en", "DET", "en", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("et", "DET", "en", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("et", "PRON", "en", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("anden", "DET", "anden", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("anden", "PRON", "anden", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("andet", "DET", "anden", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("andet", "PRON", "anden", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("andre", "DET", "anden", feats(Number="Plur", PronType="Ind")),
    ("andre", "PRON", "anden", feats(Number="Plur", PronType="Ind")),
    ("ingen", "DET", "ingen", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("ingen", "PRON", "ingen", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("intet", "DET", "ingen", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("intet", "PRON", "ingen", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("nogen", "DET", "nogen", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("nogen", "PRON", "nogen", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("noget", "DET", "nogen", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("noget", "PRON", "nogen", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("nogle", "DET", "nogen", feats(Number="Plur", PronType="Ind")),
    ("nogle", "PRON", "nogen", feats(Number="Plur", PronType="Ind")),
    ("al", "DET", "al", feats(Gender="Com", Number="Sing", PronType="Tot")),
    ("alt", "DET", "al", feats(Gender="Neut", Number="Sing", PronType="Tot")),
    ("alt", "PRON", "al", feats(Gender="Neut", Number="Sing", PronType="Tot")),
    ("alle", "DET", "al", feats(Number="Plur", PronType="Tot")),
    ("alle", "PRON", "al", feats(Number="Plur", PronType="Tot")),
    ("alting", "PRON", "alting", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("enhver", "PRON", "enhver", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("enhver", "DET", "enhver", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("ethvert", "DET", "enhver", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("hver", "DET", "hver", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("hver", "PRON", "hver", feats(Gender="Com", Number="Sing", PronType="Ind")),
    ("hvert", "DET", "hver", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("hvert", "PRON", "hver", feats(Gender="Neut", Number="Sing", PronType="Ind")),
    ("mange", "ADJ", "mange", feats(Degree="Pos", Number="Plur")),
    ("flere", "ADJ", "mange", feats(Degree="Cmp", Number="Plur")),
    ("flest", "ADJ", "mange", feats(Degree="Sup", Number="Plur")),
    ("fleste", "ADJ", "mange", feats(Definite="Def", Degree="Sup", Number="Plur")),
    ("hvad", "PRON", "hvad", feats(Number="Sing", PronType="Int,Rel")),
    ("hvem", "PRON", "hvem", feats(Gender="Com", PronType="Int,Rel")),
    ("hvilken", "PRON", "hvilken", feats(Gender="Com", Number="Sing", PronType="Int,Rel")),
    ("hvilket", "PRON", "hvilken", feats(Gender="Neut", Number="Sing", PronType="Int,Rel")),
    ("hvilke", "PRON", "hvilken", feats(Number="Plur", PronType="Int,Rel")),
    ("hvis", "PRON", "hvis", feats(Case="Gen", PronType="Int,Rel")),
    ("der", "PRON", "der", ""), ("der", "PRON", "der", feats(PartType="Inf")),
    ("som", "PRON", "som", feats(PartType="Inf")), ("som", "ADP", "som", feats(PartType="Inf")),
    ("at", "PART", "at", feats(PartType="Inf")), ("at", "SCONJ", "at", ""),
    # numerals
    *[(w, "NUM", w, feats(NumType="Card")) for w in (
        "en", "et", "én", "ét", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti",
        "elleve", "tolv", "tretten", "fjorten", "femten", "seksten", "sytten", "atten", "nitten",
        "tyve", "tredive", "fyrre", "halvtreds", "tres", "halvfjerds", "firs", "halvfems",
        "hundrede", "tusind", "tusinde", "nul", "million", "millioner", "milliard", "milliarder")],
    *[(w, "ADJ", w, feats(NumType="Ord")) for w in (
        "første", "anden", "andet", "tredje", "fjerde", "femte", "sjette", "syvende", "ottende",
        "niende", "tiende", "ellevte", "tolvte", "sidste")],
    # adpositions
    *[(w, "ADP", w, feats(AdpType="Prep")) for w in (
        "i", "af", "til", "på", "for", "med", "om", "fra", "efter", "ved", "over", "under", "mod",
        "imod", "uden", "mellem", "imellem", "hos", "gennem", "igennem", "blandt", "omkring",
        "før", "siden", "via", "ad", "ifølge", "uanset", "trods", "langs", "inden", "bag", "per",
        "pr.", "forbi", "foran", "undtagen", "udover", "overfor", "indtil", "henad", "apropos",
        "angående", "inklusive", "eksklusive", "bl.", "fremfor", "hen", "bortset", "vedrørende",
        "efter", "indenfor", "udenfor", "ovenpå", "nedenunder", "mht.", "iht.", "grundet", "pga.",
        "ud", "op", "ned", "ind", "frem", "hjem", "rundt", "væk", "bort", "tilbage")],
    ("end", "ADP", "end", ""), ("som", "ADP", "som", ""),
    # conjunctions
    *[(w, "CCONJ", w, "") for w in ("og", "men", "eller", "samt", "for", "jamen", "både", "enten",
                                    "hverken", "men", "plus", "så")],
    *[(w, "SCONJ", w, "") for w in (
        "at", "da", "om", "når", "hvis", "så", "fordi", "mens", "idet", "inden", "før", "dengang",
        "siden", "ligesom", "selvom", "skønt", "omend", "indtil", "hvorvidt", "enten", "til",
        "efter", "end", "medmindre", "såfremt", "eftersom", "imens", "førend", "som", "hvorfor",
        "hvordan", "hvor")],
    *[(w, "ADV", w, "") for w in (
        "ikke", "også", "så", "hvor", "nu", "her", "der", "kun", "jo", "dog", "sammen", "derfor",
        "nemlig", "igen", "allerede", "endnu", "ude", "inde", "oppe", "nede", "hjemme", "måske",
        "næsten", "nok", "heller", "vel", "bare", "lige", "netop", "altså", "faktisk", "stadig",
        "snart", "aldrig", "altid", "ofte", "tit", "længe", "hvorfor", "hvordan", "hvornår", "da",
        "dengang", "sådan", "således", "derefter", "herefter", "dér", "hér", "ellers", "især",
        "blot", "kun", "først", "endda", "alligevel", "hvorimod", "samtidig", "siden", "efter",
        "før", "over", "under", "om", "med", "af", "for", "til", "på", "ud", "op", "ned", "ind",
        "frem", "hjem", "hen", "rundt", "væk", "bort", "tilbage", "forbi", "uden", "både",
        "hvis",
        "ganske", "temmelig", "nogensinde", "hvorvidt", "hermed", "dermed", "derved", "deri",
        "heri", "herfra", "derfra", "hvorfra", "hvori", "hvormed", "hvorefter", "overalt",
        "omkring", "igennem", "imod", "inden", "udenfor", "indenfor", "ovenpå", "bagefter")],
    ("der", "ADV", "der", feats(PartType="Inf")),
    *[(w, "ADV", w, feats(Degree=d)) for w, d in (
        ("meget", "Pos"), ("lidt", "Pos"), ("helt", "Pos"), ("godt", "Pos"), ("langt", "Pos"),
        ("mere", "Cmp"), ("mindre", "Cmp"), ("mest", "Sup"), ("mindst", "Sup"), ("længe", "Pos"),
        ("længere", "Cmp"), ("senere", "Cmp"), ("tidligere", "Cmp"))],
    ("meget", "ADJ", "meget", feats(Definite="Ind", Degree="Pos", Number="Sing")),
    ("mere", "ADJ", "meget", feats(Definite="Ind", Degree="Cmp", Number="Sing")),
    ("mest", "ADJ", "meget", feats(Definite="Ind", Degree="Sup", Number="Sing")),
    *[(w, "INTJ", w, "") for w in ("ja", "nej", "hej", "jo", "javel", "oh", "ih", "nå", "okay",
                                   "ok", "tak", "hov", "av", "øh", "åh", "hallo", "farvel", "goddag")],
]

AUX_VERBS: dict[str, list[tuple[str, str]]] = {
    "være": [("er", PRES_ACT), ("var", PAST_ACT), ("være", INF_ACT), ("været", PART_SG)],
    "have": [("har", PRES_ACT), ("havde", PAST_ACT), ("have", INF_ACT), ("haft", PART_SG)],
    "blive": [("bliver", PRES_ACT), ("blev", PAST_ACT), ("blive", INF_ACT), ("blevet", PART_SG)],
    "kunne": [("kan", PRES_ACT), ("kunne", PAST_ACT), ("kunne", INF_ACT), ("kunnet", PART_SG),
              ("ka'", PRES_ACT), ("ku'", PAST_ACT), ("ku'", INF_ACT)],
    "skulle": [("skal", PRES_ACT), ("skulle", PAST_ACT), ("skulle", INF_ACT), ("skullet", PART_SG),
               ("ska'", PRES_ACT), ("sku'", PAST_ACT), ("sku'", INF_ACT)],
    "ville": [("vil", PRES_ACT), ("ville", PAST_ACT), ("ville", INF_ACT), ("villet", PART_SG)],
    "måtte": [("må", PRES_ACT), ("måtte", PAST_ACT), ("måtte", INF_ACT), ("måttet", PART_SG)],
    "burde": [("bør", PRES_ACT), ("burde", PAST_ACT), ("burde", INF_ACT), ("burdet", PART_SG)],
    "turde": [("tør", PRES_ACT), ("turde", PAST_ACT), ("turde", INF_ACT), ("turdet", PART_SG)],
    "gide": [("gider", PRES_ACT), ("gad", PAST_ACT), ("gide", INF_ACT), ("gidet", PART_SG)],
}


def build(dic_dir: Path) -> tuple[Lexicon, dict[str, int]]:
    affixes = parse_aff(dic_dir / "da_DK.aff")
    entries = parse_dic(dic_dir / "da_DK.dic")
    lex = Lexicon()
    stats: dict[str, int] = defaultdict(int)
    lemma_class: dict[str, set[str]] = defaultdict(set)
    genders_of: dict[str, set[str]] = defaultdict(set)
    st_forms: list[Entry] = []
    try:
        lemma_table = _spacy_lemmas()
    except (ImportError, OSError):
        lemma_table = {}
    stats["spacy_lemma_entries"] = len(lemma_table)

    noun_genders: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.flags & NOUN_CLASSES:
            noun_genders[e.stem] |= _gender(e.flags)
    for e in entries:
        stats["entries"] += 1
        if FORBIDDEN in e.flags or not e.stem:
            continue
        if e.st:
            st_forms.append(e)
        forms = expand(e, affixes)
        for f in forms:
            if f.flags & {COMPOUND_BEGIN, COMPOUND_MIDDLE} and len(f.form) >= 2 and "-" not in f.form[:-1]:
                lex.begin[f.form].add(e.stem)
        fl = e.flags
        cap = e.stem[:1].isupper()
        lemma = e.stem
        if fl & VERB_CLASSES:
            paradigm_verb(e, forms, lex, lemma)
            lemma_class[lemma].add("VERB")
        if fl & ADJ_CLASSES:
            paradigm_adj(e, forms, lex, lemma)
            lemma_class[lemma].add("ADJ")
        if fl & NOUN_CLASSES:
            if 74 in fl and lemma_table.get(e.stem.lower(), e.stem) != e.stem:
                lemma = lemma_table[e.stem.lower()]
            paradigm_noun(e, forms, lex, lemma, "NOUN", noun_genders.get(lemma))
            lemma_class[e.stem].add("NOUN")
            genders_of[e.stem] |= _gender(fl)
        elif fl & PROPER or (cap and not fl & (VERB_CLASSES | ADJ_CLASSES) and not e.al):
            paradigm_noun(e, forms, lex, lemma, "PROPN")
            lemma_class[lemma].add("PROPN")
        elif not fl & (VERB_CLASSES | ADJ_CLASSES) and not e.al and not e.st:
            if fl & {GENITIVE}:
                paradigm_noun(e, forms, lex, lemma, "NOUN")
                lemma_class[lemma].add("NOUN")
            else:
                # listed without a paradigm: adverbs, interjections, Latin, abbreviations;
                # fixed multi-word expressions ("i går", "a cappella") are adverbial
                if e.stem.islower() and "." not in e.stem:
                    lex.add(e.stem, "ADV", e.stem, "")
                else:
                    lex.add(e.stem, "X", e.stem, "")
                stats["unclassified"] += 1
        if e.al:
            al = list(e.al)
            if any(a.endswith("ende") for a in al) or (al[0].endswith("r") and len(al[0]) > len(e.stem)):
                rs = classify_al_verb(e.stem, al)
                lex.add(e.stem, "VERB", e.stem, INF_ACT)
                lemma_class[e.stem].add("VERB")
            elif any(a.endswith(("st", "ste")) for a in al) or any(a.endswith("t") for a in al):
                rs = classify_al_adj(e.stem, al)
                lex.add(e.stem, "ADJ", e.stem, adj_pos("base", True)[0][1])
                lemma_class[e.stem].add("ADJ")
            else:
                g = _gender(fl) or noun_genders.get(e.stem, set())
                rs = [(u, a, x) for a in al for u, x in classify_noun_form(a, e.stem, g)]
            for u, form, x in rs:
                lex.add(form, u, form if u in {"ADV"} else e.stem, x)
            stats["al_entries"] += 1

    for e in st_forms:
        if e.stem in lex.readings and any(r[0] != "X" for r in lex.readings[e.stem]):
            continue
        lemma = e.st
        classes = lemma_class.get(lemma, set())
        if "NOUN" in classes:
            for u, x in classify_noun_form(e.stem, lemma, genders_of.get(lemma, set())):
                lex.add(e.stem, u, lemma, x)
            stats["st_forms"] += 1
        elif "PROPN" in classes:
            lex.add(e.stem, "PROPN", lemma, feats(Case="Gen") if e.stem.endswith("s") else "")
        elif e.stem.endswith("ende") and "VERB" in classes:
            lex.add(e.stem, "VERB", lemma, PRES_PART)
    # drop the X placeholder where a real reading exists
    for form in list(lex.readings):
        rs = lex.readings[form]
        if len(rs) > 1 and any(r[0] == "X" for r in rs):
            rs -= {r for r in rs if r[0] == "X"}

    for form, upos, lemma, fs in CLOSED:
        lex.readings[form].add((upos, lemma, fs))
        lex.readings[form] -= {r for r in lex.readings[form] if r[0] == "X"}
    # words the closed lists cover must not keep wrong open-class readings from the
    # dictionary's homographs of no use (e.g. noun "med" 'mead' stays: it is real)
    for lemma, forms in AUX_VERBS.items():
        for form, fs in forms:
            lex.readings[form].add(("AUX", lemma, fs))
            lex.readings[form].add(("VERB", lemma, fs))
            lex.readings[form] -= {r for r in lex.readings[form] if r[0] == "X"}
    stats["forms"] = len(lex.readings)
    stats["readings"] = sum(len(v) for v in lex.readings.values())
    stats["compound_parts"] = len(lex.begin)
    return lex, dict(stats)


def _spacy_lemmas() -> dict[str, str]:
    from importlib import resources

    ref = resources.files("spacy_lookups_data") / "data" / "da_lemma_lookup.json.gz"
    with gzip.open(str(ref), "rt", encoding="utf-8") as fh:
        table: dict[str, str] = json.load(fh)
    return table


# --- output ----------------------------------------------------------------------------
def common_prefix(words: Iterable[str]) -> str:
    ws = list(words)
    lo, hi = min(ws), max(ws)
    i = 0
    while i < len(lo) and i < len(hi) and lo[i] == hi[i]:
        i += 1
    return lo[:i]


def write(lex: Lexicon, out: Path, stats: dict[str, int]) -> None:
    """Paradigm-compressed form table.

    Readings are grouped by lemma; each group's forms share a base (their common
    prefix with the lemma), and the group's endings form a paradigm
    (ending → [(lemma ending, tag id)]). Identical paradigms are stored once.
    Lookup of a form tries every split ``base + ending`` with a short ending.
    """
    tags: dict[str, int] = {}
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)  # (lemma, ?) → (form, tag)
    for form in sorted(lex.readings):
        for upos, lemma, fs in sorted(lex.readings[form]):
            tag = upos + (" " + fs if fs else "")
            groups[(lemma, "")].append((form, tag))
    paradigms: dict[str, int] = {}
    bases: dict[str, set[int]] = defaultdict(set)
    exceptions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (lemma, _), items in sorted(groups.items()):
        base = common_prefix([lemma] + [f for f, _ in items])
        if len(base) < 2 and len(lemma) >= 2:
            for f, t in items:
                exceptions[f].append((lemma, t))
            continue
        rows = []
        for f, t in items:
            end = f[len(base):]
            if len(end) > MAX_ENDING:
                exceptions[f].append((lemma, t))
                continue
            tid = tags.setdefault(t, len(tags))
            rows.append(f"{end}\t{lemma[len(base):]}\t{tid}")
        if not rows:
            continue
        key = "\x1f".join(sorted(set(rows)))
        pid = paradigms.setdefault(key, len(paradigms))
        bases[base].add(pid)
    combos: dict[tuple[int, ...], int] = {}
    base_lines = []
    for b in sorted(bases, key=lambda x: (x[:2] if len(x) >= 2 else "", x)):
        combo = tuple(sorted(bases[b]))
        cid = combos.setdefault(combo, len(combos))
        base_lines.append(f"{b}\t{cid}")
    buf = io.StringIO()
    header = {"format": FORMAT_VERSION, "max_ending": MAX_ENDING, "source": "Stavekontrolden 2.7 (MPL 1.1)",
              **stats, "paradigms": len(paradigms), "bases": len(bases), "exceptions": len(exceptions)}
    buf.write(json.dumps(header, sort_keys=True, ensure_ascii=False) + "\n")
    for f in exceptions:
        for _lemma, t in exceptions[f]:
            tags.setdefault(t, len(tags))
    buf.write("@tags\n" + "\n".join(tags) + "\n")
    buf.write("@paradigms\n" + "\n".join(k.replace("\t", "\x1e") for k in paradigms) + "\n")
    buf.write("@combos\n" + "\n".join(" ".join(map(str, c)) for c in combos) + "\n")
    # bases sorted, so each bucket (first two letters) is one stretch of the section;
    # the index lets the reader parse only the buckets a lookup needs
    body = "\n".join(base_lines) + "\n"
    index: dict[str, list[int]] = {}
    pos = 0
    for line in base_lines:
        key = line.split("\t", 1)[0][:2] if len(line.split("\t", 1)[0]) >= 2 else ""
        span = index.setdefault(key, [pos, pos])
        pos += len(line) + 1
        span[1] = pos
    buf.write("@index\n" + "\n".join(f"{k}\t{a}\t{b}" for k, (a, b) in index.items()) + "\n")
    buf.write("@bases\n" + body)
    buf.write("@exceptions\n")
    for f in sorted(exceptions):
        for lemma, t in exceptions[f]:
            buf.write(f"{f}\t{lemma}\t{tags[t]}\n")
    buf.write("@begin\n")
    for part in sorted(lex.begin):
        buf.write(f"{part}\t{' '.join(sorted(lex.begin[part]))}\n")
    assert not any(f.startswith("@") for f in lex.readings), "a form may not start with @"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = buf.getvalue().encode("utf-8")
    with out.open("wb") as fh, gzip.GzipFile(filename="", fileobj=fh, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(data)
    print(json.dumps(header, ensure_ascii=False, indent=1), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dic", type=Path, default=DEFAULT_DIC)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    lex, stats = build(args.dic)
    write(lex, args.out, stats)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
