"""How sure da.spelling can be that an unknown word is a slip, and of its correction.

The speller (``brandguard.lang.da.speller``) says whether a word is known and which known
words lie near it. On real web text most unknown words are not slips: regular compounds
and derivations Stavekontrolden does not list (``juniorkor``, ``omfotografere``,
``uplaceret``), abbreviations (``matr.``, ``mhp.``, ``ssd``), old orthography (``maaneder``,
``beqvemmere``), names at a sentence start (``Folmer`` → «Former»), English and stretched
words (``varnish``, ``såå``). This module holds those tests, each on the word and its
immediate surroundings, in constant time per word (a word is at most
``MAX_COMPOUND_LENGTH`` letters; a compound analysis is a bounded dynamic programme).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from brandguard.lang.da import morphology
from brandguard.lang.da.speller import MAX_WORD_CHARS, zipf_da, zipf_en

VOWELS = frozenset("aeiouyæøåéèáàóòúíü")
#: First parts that make regular derivations of any known word (`u|placeret`,
#: `om|fotografere`, `ny|tilmeldte`, `to|kulturel`, `gen|åbne`).
DERIVING_PREFIXES = ("u", "om", "ny", "gen", "to", "tre", "en", "fler", "halv", "selv",
                     "anti", "super", "mini", "mega", "multi", "mis", "van", "ikke")
#: Two-letter first parts a compound may start with (the parts are otherwise ≥ 3 letters).
SHORT_FIRST_PARTS = frozenset({"ny", "to", "sø", "el", "tv", "is", "te", "øl", "å", "ø",
                               "om", "en", "bi", "ur", "ko", "fe", "af", "op", "ud"})
#: Old spellings (before 1948 and older): `aa` for `å`, `qv`, `kj`/`gj` before æ/ø.
_OLD_SIGNS = re.compile(r"aa|qv|[kg]j[æø]|^ie[gm]$|.ee")
_STRETCH = re.compile(r"([aeiouyæøå])\1\1|åå|ææ|øø")
#: Characters of text damaged by a wrong encoding (UTF-8 read as Latin-1, C1 controls).
_MOJIBAKE = frozenset("ÃÂ¦¥©¸¤€™\u0080\u0081\u008d\u008f\u0090\u009d")
#: Anglicised spellings of Danish loans (`incl` → `inkl`, `focus` → `fokus`).
_ANGLICISED = (("c", "k"), ("c", "s"), ("x", "ks"), ("th", "t"), ("ph", "f"), ("ch", "k"))


class Edit(NamedTuple):
    """The one edit that turns a word into a candidate (``kind``: ins, del, sub, swap)."""

    kind: str
    pos: int
    #: An inserted or deleted letter next to the same letter (`eftermidagen`, `ikkke`).
    double: bool


def one_edit(word: str, cand: str) -> Edit | None:
    """The single edit from ``word`` to ``cand``, or None if they are further apart."""
    la, lb = len(word), len(cand)
    i = 0
    while i < min(la, lb) and word[i] == cand[i]:
        i += 1
    if la == lb:
        if word[i + 1:] == cand[i + 1:]:
            return Edit("sub", i, False)
        if i + 1 < la and word[i] == cand[i + 1] and word[i + 1] == cand[i] \
                and word[i + 2:] == cand[i + 2:]:
            return Edit("swap", i, False)
        return None
    if lb == la + 1 and word[i:] == cand[i + 1:]:
        c = cand[i]
        return Edit("ins", i, (i > 0 and cand[i - 1] == c) or (i + 1 < lb and cand[i + 1] == c))
    if la == lb + 1 and word[i + 1:] == cand[i:]:
        c = word[i]
        return Edit("del", i, (i > 0 and word[i - 1] == c) or (i + 1 < la and word[i + 1] == c))
    return None


def typing_slip(word: str, cand: str) -> bool:
    """An edit a writer makes while typing a word he knows, not one that turns a name or
    another word into a dictionary word: a letter left out inside the word, a doubled or
    undoubled letter, two letters swapped; never at the first letter, and no deleted
    last letter (`Gardena` → «Garden», `Mandø` → «Mand»)."""
    e = one_edit(word, cand)
    if e is None:
        return False
    if e.kind == "swap":
        return e.pos > 0 or word[:2].lower() == "ik"
    if e.kind == "ins":
        return e.pos > 0 and (e.double or e.pos < len(word))
    if e.kind == "del":
        return e.double and e.pos > 0
    return False


def no_vowel(lower: str) -> bool:
    """`fht`, `mhp`, `ssd`, `bps`, `mdrs`: abbreviations and units, not words."""
    return not any(c in VOWELS for c in lower)


def abbreviation_dot(text: str, end: int) -> bool:
    """A full stop right after the word and the sentence going on (`matr. nr.`, `mhp. på`,
    `spsk. sukker`, `trad., og`): an abbreviation, not a word at a sentence end."""
    if text[end:end + 1] != ".":
        return False
    rest = text[end + 1:end + 4].lstrip(" ")
    return bool(rest) and (rest[0].islower() or rest[0].isdigit() or rest[0] in ",;:)-/")


def stretched(lower: str) -> bool:
    """`riiigtig`, `såå`: a vowel stretched on purpose (Danish never writes three, nor
    `åå`, `ææ`, `øø`)."""
    return _STRETCH.search(lower) is not None


def damaged(text: str, start: int, end: int) -> bool:
    """A word cut out of text with encoding damage (`Ã¦` inside, a Cyrillic letter)."""
    around = text[max(0, start - 2):end + 2]
    if any(c in _MOJIBAKE for c in around):
        return True
    return any(ord(c) > 0x24F for c in text[start:end])


@lru_cache(maxsize=20_000)
def old_spelling(lower: str) -> bool:
    """`maaneder`, `beqvemmere`, `kjørt`, `gjæsterne`, `ieg`: old orthography whose modern
    form is known (`aa` → `å`, `qv` → `kv`, `kjø` → `kø`)."""
    if _OLD_SIGNS.search(lower) is None:
        return False
    if lower in ("ieg", "iem"):
        return True
    modern = lower.replace("aae", "å").replace("aa", "å").replace("qv", "kv") \
        .replace("kjø", "kø").replace("gjæ", "gæ").replace("kjæ", "kæ").replace("gjø", "gø")
    if modern != lower and (morphology.is_known(modern) or zipf_da(modern) >= 2.0):
        return True
    # `veemodig`, `Veemod`: a long vowel written twice (a typo doubles a letter at random,
    # the old spelling this one)
    i = lower.find("ee", 1)
    return len(lower) >= 6 and 0 < i <= 2 and morphology.is_known(lower[:i] + lower[i + 1:])


def english(lower: str, suggestion: str | None) -> bool:
    """An English word (`varnish`, `malware`, `crunchy`), unless the correction is its
    Danish spelling (`incl` → `inkl`)."""
    if zipf_en(lower) < 2.5:
        return False
    if suggestion is None:
        return True
    return not any(a in lower and lower.replace(a, b, 1) == suggestion for a, b in _ANGLICISED)


@lru_cache(maxsize=20_000)
def regular_form(lower: str) -> bool:
    """A regular word Stavekontrolden does not list: a compound of two known parts with a
    valid linking element (`junior|kor`, `rådhus|bal`, `spise|bar`, `to|kulturel`), a
    derivation of a known word (`u|placeret`, `om|fotografere`, `ny|feminister`) or the
    genitive of a known noun (`medinas`). Misspellings that split into known parts
    (`fin|gen`, `op|først`, `ind|holde`) do not count: a part may not be a two-letter
    stem outside :data:`SHORT_FIRST_PARTS`, and a word one typing slip from a known word
    (`fingen` ← `ingen`, `opførst` ← `opført`) is taken for that word."""
    if len(lower) < 6 or not lower.isalpha():
        return False
    if lower.endswith("s") and any(r.upos in ("NOUN", "PROPN") and r.get("Case") != "Gen"
                                   for r in morphology.readings(lower[:-1])):
        return True
    for p in DERIVING_PREFIXES:
        rest = lower[len(p):]
        if lower.startswith(p) and len(rest) >= 5 and morphology.is_known(rest):
            return not _near_known(lower)
    for year in ("årene", "året", "års", "år"):
        if lower.endswith(year) and morphology.is_compound_part(lower[:-len(year)]):
            return True  # `krise|år`, `valg|året`: a two-letter head
    c = morphology.analyse_compound(lower)
    if c is None or len(c.parts) != 2:
        return False
    first, head = c.parts
    if len(head) < 3 or (len(first) < 3 and first not in SHORT_FIRST_PARTS):
        return False
    if len(head) == 3 and zipf_da(head) < 3.0:
        return False  # `dus`, `gel`, `erg`: rare three-letter heads make names
    return not _near_known(lower)


def _near_known(lower: str) -> bool:
    """Is the word one slip from a word Stavekontrolden lists: a letter too many (not the
    first or last), two letters swapped, a doubled letter written once (`sædvanelige` ←
    `sædvanlige`, `periroder` ← `perioder`, `komandopost` ← `kommandopost`)? A letter
    left out is not tried: it finds valid neighbours (`trædyr` → `trækdyr`)."""
    n = len(lower)
    cands: set[str] = set()
    for i in range(1, n - 1):
        cands.add(lower[:i] + lower[i + 1:])
        cands.add(lower[:i] + lower[i + 1] + lower[i] + lower[i + 2:])
        cands.add(lower[:i] + lower[i] + lower[i:])
    cands.discard(lower)
    return any(morphology.has_form(c) for c in cands)


def accented(lower: str) -> bool:
    """`uregérlig`, `idé`: an accent for stress on a known word (RO allows it)."""
    if "é" not in lower:
        return False
    plain = lower.replace("é", "e")
    return morphology.is_known(plain)


def after_digit(text: str, start: int) -> bool:
    """`5-aksede`, `4-takte`: a word made with a number, not a word of its own."""
    return start >= 2 and text[start - 1] == "-" and text[start - 2].isdigit()


def not_a_slip(text: str, start: int, end: int, lower: str) -> bool:
    """The word at ``text[start:end]`` is no misspelling to flag: an abbreviation or unit,
    a stretched word, text damaged by its encoding, an old spelling, or a regular
    compound, derivation or genitive."""
    return (no_vowel(lower) or abbreviation_dot(text, end) or stretched(lower)
            or english_compound(lower) or after_code_letter(text, start)
            or after_digit(text, start) or accented(lower)
            or damaged(text, start, end) or old_spelling(lower) or regular_form(lower))


def sure_slip(lower: str, suggestion: str) -> bool:
    """Sure enough for a warning: one edit from a known word, and for a short word a
    typing slip to a common one (`kna` → `kan`, `efer` → `efter`; not `kata` → «data»,
    `soya` → «sofa», `kge` → «kage»); a word of nine letters or more may be two edits
    away (`konkurence` is one, `arrangenør` two; not `drejebar` → «drejer»)."""
    if suggestion[:1] != lower[:1] or (lower.startswith(suggestion)
                                       and len(lower) - len(suggestion) >= 2):
        return False  # `pudderen` → «ludderen», `responsiv` → «respons»: another word
    e = one_edit(lower, suggestion)
    if len(lower) <= 3 and e is not None and e.kind == "ins" and suggestion[e.pos] in VOWELS:
        return False  # `kge` → «kage»: codes and abbreviations leave the vowels out
    if len(lower) <= 4:
        return e is not None and typing_slip(lower, suggestion) and zipf_da(suggestion) >= 4.5
    if e is not None:
        return True
    return len(lower) >= 9


#: Letters written without the Danish keyboard: `ae`/`oe` for æ/ø, `a`/`o` for æ/ø/å.
_ASCII_DIGRAPHS = (("ae", "æ"), ("oe", "ø"))
_ASCII_LETTERS = (("a", "æ"), ("o", "ø"), ("a", "å"))


@lru_cache(maxsize=20_000)
def ascii_fix(lower: str, letters: bool) -> str | None:
    """The known word a writer without æ, ø, å meant: `kaempe` → `kæmpe`, `hoert` →
    `hørt` (every ae/oe, or one); with ``letters`` (a text with no æ, ø, å at all) also one
    a or o: `afdode` → `afdøde`, `lasning` → `læsning`."""
    cands: list[str] = []
    for a, b in _ASCII_DIGRAPHS:
        if a in lower:
            cands.append(lower.replace(a, b))
            i = lower.find(a)
            while i >= 0:
                cands.append(lower[:i] + b + lower[i + 2:])
                i = lower.find(a, i + 1)
    both = lower.replace("ae", "æ").replace("oe", "ø")
    if both != lower:
        cands.append(both)
    for a, b in _ASCII_LETTERS if letters else ():
        i = lower.find(a)
        while i >= 0:
            cands.append(lower[:i] + b + lower[i + 1:])
            i = lower.find(a, i + 1)
    known = [c for c in dict.fromkeys(cands) if c != lower and morphology.has_form(c)]
    if not known:
        return None
    return max(known, key=lambda c: (zipf_da(c), c))


#: Letters left out in long words (`aflastningsinstiution`, `enkelmands-`,
#: `registreringsenheen`, `højglaspoleret`, `ekviliristisk`), the most frequent first: the
#: candidates stay O(length) (a candidate costs a few dictionary probes).
_DROPPED = "ensdtrlgikocpmvbfjuyaæøå"


@lru_cache(maxsize=20_000)
def long_word_fix(lower: str, slips_only: bool) -> str | None:
    """The full form of Stavekontrolden one edit from a long word (`intrumentbordet` →
    `instrumentbordet`, `opholdstedet` → `opholdsstedet`, `cykleklub` → `cykelklub`):
    the speller's suggestions come from shorter word lists and miss long compounds.
    ``slips_only``: only a typing slip or a linking -s- (for words the speller took for
    a compound). The most frequent candidate wins; None when there is none."""
    n = len(lower)
    if n < 9 or n > 40:
        return None
    cands: set[str] = set()
    for i in range(1, n):
        cands.add(lower[:i] + lower[i + 1:])
        if i < n - 1:
            cands.add(lower[:i] + lower[i + 1] + lower[i] + lower[i + 2:])
        cands.add(lower[:i] + lower[i - 1] + lower[i:])
        for ch in _DROPPED if not slips_only else "se":
            cands.add(lower[:i] + ch + lower[i:])
    cands.discard(lower)
    if slips_only:
        cands = {c for c in cands if typing_slip(lower, c) or _linking_s(lower, c)}
    known = [c for c in cands if morphology.has_form(c)]
    if not known:
        return None
    return max(known, key=lambda c: (typing_slip(lower, c), zipf_da(c), c))


def _linking_s(lower: str, cand: str) -> bool:
    """`ledelseskiftet` → `ledelsesskiftet`, `samarbejdespartnere` → `samarbejdspartnere`."""
    e = one_edit(lower, cand)
    return e is not None and e.kind in ("ins", "del") and (
        (e.kind == "ins" and cand[e.pos] == "s") or (e.kind == "del" and lower[e.pos] in "se"))


def _open_head(form: str) -> bool:
    return len(form) >= 3 and any(r.upos in ("NOUN", "VERB", "ADJ")
                                  for r in morphology.readings(form))


def _english_part(lower: str) -> bool:
    """`multiballs`, `bootcamps`: a compound with an English part, spelt the English way."""
    for i in range(5, len(lower) - 4):
        for part in (lower[:i], lower[i:]):
            if zipf_en(part) >= 3.5 and zipf_en(part) > zipf_da(part) + 0.5:
                return True
    return False


def _two_parts(word: str) -> bool:
    """Is ``word`` a compound-initial form of Stavekontrolden followed by a known head?"""
    return any(morphology.is_compound_part(word[:i]) and _open_head(word[i:])
               for i in range(3, len(word) - 2))


@lru_cache(maxsize=20_000)
def compound_fix(lower: str) -> str | None:
    """A compound of two parts Stavekontrolden knows, one doubled or undoubled letter from
    the word: `passaggersædet` → `passagersædet`, `parallebeslag` → `parallelbeslag`,
    `ledelseskiftet` → `ledelses|skiftet`. Other edits are not tried: they find valid
    compounds' neighbours (`vejesystem` → «vejsystem», `samplingsfrekvens` →
    «samplingfrekvens»). O(length²) lookups."""
    n = len(lower)
    if n < 9 or n > 40 or not lower.isalpha() or _english_part(lower):
        return None
    cands: set[str] = set()
    for i in range(1, n):
        if lower[i] == lower[i - 1]:
            cands.add(lower[:i] + lower[i + 1:])   # a letter written twice
        cands.add(lower[:i] + lower[i - 1] + lower[i:])  # a double letter written once
    cands.discard(lower)
    found = [c for c in cands if morphology.has_form(c) or _two_parts(c)]
    if not found:
        return None
    return max(found, key=lambda c: (zipf_da(c), c))


#: Short words a writer runs into the next or the previous one (`ogfik`, `vilblive`,
#: `itræningslokalerne`, `lidtom`, `åretder`). Not the verb prefixes (`af`, `op`, `ud`,
#: `om`, `for`, `til`, `be`, `er`), which make words of their own.
_RUN_ON = frozenset({"i", "og", "med", "vil", "lidt", "der", "som", "at", "på", "har", "kan",
                     "skal", "ikke", "den", "det", "jeg", "vi", "man", "nu", "meget", "også"})


@lru_cache(maxsize=20_000)
def run_together(lower: str) -> str | None:
    """Two words written as one (`ogfik` → `og fik`, `medlangfredagsstemning` → `med
    langfredagsstemning`): a short function word and a known word or regular compound."""
    n = len(lower)
    if n < 5 or n > 40 or not lower.isalpha():
        return None
    for i in range(1, min(7, n - 2)):
        left, right = lower[:i], lower[i:]
        if left in _RUN_ON and (len(right) >= 4 or zipf_da(right) >= 5.0) and (
                morphology.is_known(right) or regular_form(right)):
            return f"{left} {right}"
    for i in range(n - 2, max(n - 7, 2), -1):
        left, right = lower[:i], lower[i:]
        if right in _RUN_ON and len(right) >= 2 and len(left) >= 4 and morphology.is_known(left):
            return f"{left} {right}"
    return None


# --------------------------------------------------------------- doubt in context

def cut_off(text: str, end: int) -> bool:
    """`krigsh..`, `speci…`, `samarbejds..`: a word cut short by an ellipsis right after it
    (a teaser, a truncated title); its ending is missing on purpose, not misspelt."""
    return text[end:end + 2] == ".." or text[end:end + 1] == "…"


def quoted_form(text: str, start: int, end: int) -> bool:
    """`'goed'`, `‘goed’`: a form quoted in single quotes on its own (a word talked about,
    not used)."""
    return start > 0 and text[start - 1] in "'‘" and text[end:end + 1] in "'’"


def address_part(text: str, start: int) -> bool:
    """`rabat@skole-foraeldre.`: part of an e-mail address or handle the tokenizer did
    not recognise (an `@` earlier in the same run of non-space characters)."""
    i = start - 1
    lo = max(0, start - 64)
    while i >= lo and not text[i].isspace():
        if text[i] == "@":
            return True
        i -= 1
    return False


def hyphen_head(text: str, start: int) -> bool:
    """`snub-næsede`, `lyse-grønne`: the part after a hyphen inside a word; such parts are
    often bound forms that exist only in the compound."""
    return start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha()


#: Endings of nouns of action made from a verb's stem (`varm|ning`, `blog|ningen`).
_NING_ENDINGS = ("ningernes", "ningerne", "ningens", "ningen", "ninger", "nings", "ning")
def _verb_stem(stem: str) -> bool:
    """Is ``stem`` the stem of a Danish verb (`varm` ← varme, `blog`/`blogg` ← blogge,
    `pop` ← poppe)?"""
    if len(stem) < 3:
        return False
    infinitives = [stem + "e"]
    if stem[-1] not in VOWELS:
        infinitives.append(stem + stem[-1] + "e")
    return any(r.upos == "VERB" and r.get("VerbForm") == "Inf"
               for inf in infinitives for r in morphology.readings(inf))


#: Endings of agent nouns in the plural or definite (`svæv|ere`, `svæv|erne`).
_AGENT_ENDINGS = ("erne", "eren", "ere")


@lru_cache(maxsize=20_000)
def derived_form(lower: str) -> bool:
    """A noun made from a known verb, which Stavekontrolden does not list: a noun of
    action in -ning (`varm|ning`, `blog|ningen`, `pop|ning`), the agent noun of a
    common verb (`svæv|ere` ← svæve), or the plural participle of a strong verb
    (`tilhug|ne` ← tilhugget). Such words are usually right; a slip towards
    another word (`varpning`, `blegningen`, `sværere`) is then only a guess."""
    if any(lower.endswith(e) and _verb_stem(lower[:-len(e)]) for e in _NING_ENDINGS):
        return True
    if lower.endswith("ne") and len(lower) >= 7:  # `tilhug|ne` ← tilhugget, `skrev|ne`
        stem = lower[:-2]
        for part in (stem + "et", stem + stem[-1] + "et"):
            if any(r.get("VerbForm") == "Part" for r in morphology.readings(part)):
                return True
    for e in _AGENT_ENDINGS:
        stem = lower[:-len(e)]
        if lower.endswith(e) and len(stem) >= 3 and zipf_da(stem + "e") >= 3.0 and any(
                r.upos == "VERB" and r.get("VerbForm") == "Inf"
                for r in morphology.readings(stem + "e")):
            return True
    return False


@lru_cache(maxsize=20_000)
def possessive_adjective(lower: str) -> bool:
    """An adjective "having a …" made from a noun (`næse` → `-næsede`, `hår` →
    `-hårede`), as the head of a hyphenated compound (`snub-næsede`, `lang-hårede`)."""
    for end in ("ede", "et"):
        stem = lower[:-len(end)]
        if lower.endswith(end) and len(stem) >= 2 and any(
                r.upos == "NOUN" for form in (stem, stem + "e") for r in morphology.readings(form)):
            return True
    return False


def after_code_letter(text: str, start: int) -> bool:
    """`S tronic`, `X drive`: a word after a lone capital letter (not the pronoun `I`),
    part of a model or product name."""
    return start >= 3 and text[start - 1] == " " and text[start - 2].isupper() \
        and text[start - 2] != "I" and not text[start - 3].isalnum()


#: Endings of Danish -ere verbs (`debaterede`, `fokuserer`).
_VERB_ENDINGS = ("erede", "erer", "eret", "ere", "erende")
#: Danish endings on an English compound (`businessmand`, `overclock|et`, `bootcamp|s`).
_DANISH_ENDINGS = ("erne", "ene", "ede", "en", "er", "et", "es", "e", "s", "")


@lru_cache(maxsize=20_000)
def english_compound(lower: str) -> bool:
    """A compound with an English part (`business|mand`, `boot|camps`, `over|clock|et`):
    a loan in use, not a slip. Either the first part is a common English word of five
    letters or more, far more English than Danish, and the rest a known noun of four
    letters or more; or the first part is a known word and the rest a common English
    word of four letters or more that Danish does not know, with a Danish ending."""
    n = len(lower)
    if n < 8 or n > MAX_WORD_CHARS or not lower.isalpha() or lower.endswith(_VERB_ENDINGS):
        return False  # `debat|erede` is a Danish verb of an English stem, spelt Danish
    for i in range(4, n - 3):
        left, right = lower[:i], lower[i:]
        english_left = i >= 5 and zipf_en(left) >= 4.5 and zipf_en(left) >= zipf_da(left) + 1.0
        if english_left and len(right) >= 4 and any(
                r.upos == "NOUN" for r in morphology.readings(right)):
            return True  # `business|mand`, `boot|camps`
        if not (zipf_en(left) >= 4.0 or morphology.is_known(left)):
            continue
        for end in _DANISH_ENDINGS:
            stem = right[:len(right) - len(end)]
            if right.endswith(end) and len(stem) >= 4 and zipf_en(stem) >= 4.0 \
                    and not morphology.is_known(stem) and zipf_da(stem) < 2.0:
                return True  # `over|clock|et`
    return False


def abbreviated_compound(lower: str) -> bool:
    """`krigsh`, `dobbeltsp`: a compound's first part and one or two consonants of the
    next (an abbreviation in a list, a word cut short); one consonant only after a
    linking -s- (`dyre|r` is a slip of `dyrere`)."""
    if len(lower) < 6:
        return False
    for k in (1, 2):
        head, frag = lower[:-k], lower[-k:]
        if not no_vowel(frag) or not morphology.is_compound_part(head):
            continue
        if head.endswith("s") or k == 2:
            return True  # `krigs|h`, `dobbelt|sp`
    return False


def prefixed_word(lower: str, suggestion: str) -> bool:
    """`u|maltet` → «u|malet»: the word is a deriving prefix and a known word, and the
    correction keeps the prefix and changes the word; both are words, the choice is a
    guess."""
    for p in DERIVING_PREFIXES:
        if lower.startswith(p) and suggestion.startswith(p) and len(lower) - len(p) >= 5:
            rest = lower[len(p):]
            if morphology.is_known(rest) or zipf_da(rest) >= 2.0:
                return True
    return False


#: Suffixes after which a compound always takes the linking -s- (`ledelses|skift`,
#: `afladnings|tid`, `trætheds|sygdom`): a compound without it is no sound compound.
_S_SUFFIXES = ("else", "ning", "hed", "tion", "skab", "dom", "sel", "ling", "sion", "tet")


@lru_cache(maxsize=20_000)
def transparent_compound(lower: str) -> bool:
    """Two whole words of four letters or more, the first a noun in its base form
    (`gedde|vejr`, `land|boler`, `stil|billeder`): a compound anyone may make, so a
    "fix" that doubles a letter or moves a linking -s- in it is a guess. Not after
    the suffixes that always take -s- (`ledelse|skiftet` is a slip of
    `ledelsesskiftet`)."""
    n = len(lower)
    for i in range(4, n - 3):
        left, right = lower[:i], lower[i:]
        if left.endswith(_S_SUFFIXES):
            continue
        if any(r.upos == "NOUN" and r.lemma == left for r in morphology.readings(left)) \
                and any(r.upos in ("NOUN", "VERB", "ADJ") for r in morphology.readings(right)):
            return True
    return False


#: Letters Danish does not use but its neighbours do (Swedish, German, Finnish).
_FOREIGN_LETTERS = frozenset("äöüßÄÖÜ")


def foreign_letters(word: str) -> bool:
    """`Svanslös`, `für`: a word with letters Danish does not write."""
    return any(c in _FOREIGN_LETTERS for c in word)


def final_double(lower: str, suggestion: str) -> bool:
    """`proff` → «prof»: a doubled last consonant taken away. Colloquial and foreign
    spellings double it on purpose; a typing slip rarely lands there."""
    return len(lower) >= 4 and lower[-1] == lower[-2] and lower[-1] not in VOWELS \
        and suggestion == lower[:-1]


_EDIT_LETTERS = "abcdefghijklmnoprstuvyæøå"


def _edits(part: str) -> set[str]:
    """One edit of ``part`` (a letter left out, added, changed, or two swapped)."""
    out: set[str] = set()
    n = len(part)
    for i in range(n + 1):
        if i < n:
            out.add(part[:i] + part[i + 1:])
            if i + 1 < n:
                out.add(part[:i] + part[i + 1] + part[i] + part[i + 2:])
        for c in _EDIT_LETTERS:
            out.add(part[:i] + c + part[i:])
            if i < n and c != part[i]:
                out.add(part[:i] + c + part[i + 1:])
    out.discard(part)
    return out


def _head_form(form: str) -> bool:
    return len(form) >= 3 and any(r.upos in ("NOUN", "VERB", "ADJ")
                                  for r in morphology.readings(form)) and (
        len(form) >= 4 or zipf_da(form) >= 4.0)


@lru_cache(maxsize=20_000)
def compound_edit_fix(lower: str, linking_only: bool = False) -> str | None:
    """A compound of Stavekontrolden's parts one edit from a long word the speller cannot
    correct: the head slipped (`aflastnings|instiution` → `institution`, `handicap|forståele`
    → `forståelse`, `indkøbs|sytem` → `system`), the first part slipped (`vidoe|fil` →
    `video|fil`), or the linking -s- is missing after a suffix that always takes it
    (`afladning|tid` → `afladningstid`). A first part that is a word of its own is not
    edited (`gedde|vejr` is a compound of two words). The first part must be one of Stavekontrolden's
    compound-initial forms of four letters or more (the head: a known noun, verb or
    adjective of four letters or more, or a common three-letter one); a head is edited
    only by a likely slip (:func:`_likely_slip`), a first part only by two letters
    swapped or a doubled letter (`salopette` is no «saldo|pette»). Each part is
    edited at most once and only at the splits a known part allows, so the work stays
    linear in the splits tried (a word is at most 40 letters). ``linking_only``: only the
    missing linking -s- and a letter left out of a first part of eight letters or more
    (`enkelmands|firma` → `enkeltmandsfirma`), for words the speller took for a compound."""
    n = len(lower)
    if n < 8 or n > 40 or not lower.isalpha():
        return None
    begin = morphology.is_compound_part
    found: dict[str, str] = {}  # candidate → its edited part
    for i in range(4, n - 2):  # `afladning|tid` → `afladnings|tid`
        left, right = lower[:i], lower[i:]
        if left.endswith(_S_SUFFIXES) and not begin(left) and begin(left + "s") \
                and _head_form(right):
            found.setdefault(left + "s" + right, right)
        elif len(left) >= 8 and len(right) >= 5 and not begin(left) \
                and not morphology.is_known(left) and _head_form(right):
            # a letter left out of a long first part (`enkelmands|firma` → `enkeltmands-`)
            for j in range(1, len(left)):
                for c in _DROPPED:
                    cand = left[:j] + c + left[j:]
                    if begin(cand) and typing_slip(left, cand):
                        found.setdefault(cand + right, cand)
    if not found and not linking_only and not morphology.analyse_compound(lower):
        # (a sound compound, `teambuildings|kursus`, is not edited)
        for i in range(4, n - 2):
            left, right = lower[:i], lower[i:]
            if begin(left):
                if len(right) >= 5 and not _head_form(right):
                    for c in _edits(right):
                        if len(c) >= 5 and _likely_slip(right, c) and _head_form(c):
                            found.setdefault(left + c, c)
            elif _head_form(right) and len(left) >= 4 and not morphology.is_known(left):
                for c in _edits(left):
                    e = one_edit(left, c)
                    if len(c) >= 4 and e is not None and (e.kind == "swap" or e.double) \
                            and begin(c):
                        found.setdefault(c + right, c)
    found.pop(lower, None)
    if not found or _english_part(lower):
        return None
    return max(found, key=lambda c: (typing_slip(lower, c), zipf_da(c), zipf_da(found[c]), c))


#: Letters written for one another by sound (`tolerent`, `macro`, `indsikt`).
_SOUND_PAIRS = frozenset({frozenset(p) for p in ("ck", "cs", "kg", "dt", "bp", "vf", "ij",
                                                 "sz", "xs")})


def _likely_slip(lower: str, cand: str) -> bool:
    """The edit from ``lower`` to ``cand`` (a compound's head) is one writers make: a
    letter left out (not the last), two letters swapped, a doubled letter written once
    or twice, or in a head of eight letters or more a vowel for a vowel or a letter for
    one that sounds alike. A consonant changed at random, a
    letter added at the end or a letter dropped from inside mostly make another word
    out of a valid one (`festivalcampen` → «festivalvampen», `babydoll` → «babydolly»,
    `multitronic` → «multitonic»)."""
    e = one_edit(lower, cand)
    if e is None:
        return False
    if e.kind == "swap":
        return True
    if e.kind == "ins":
        return e.pos < len(lower)
    if e.kind == "del":
        return e.double
    a, b = lower[e.pos], cand[e.pos]
    return len(lower) >= 8 and "é" not in (a, b) and (
        (a in VOWELS and b in VOWELS) or frozenset((a, b)) in _SOUND_PAIRS)


def _noun_lemma(form: str) -> bool:
    """A noun in its base form that Stavekontrolden lists (`gedde`, `stil`)."""
    return len(form) >= 3 and morphology.has_form(form) and any(r.upos == "NOUN" and r.lemma == form
                                  for r in morphology.readings(form))


def noun_for_noun(lower: str, fix: str) -> bool:
    """Does the fix only double or undouble a letter in a compound's first part, turning
    one noun into another (`gedde|vejr` → «gede|vejr», `dysse|kanon` → «dyse|kanon»,
    `stil|billeder` → «still|billeder»)? Both are compounds anyone may make; which one
    the writer meant is a guess."""
    e = one_edit(lower, fix)
    if e is None or e.kind not in ("ins", "del") or not e.double:
        return False
    shift = 1 if e.kind == "ins" else -1
    for i in range(max(e.pos, 3), min(len(lower), e.pos + 3)):
        j = i + shift
        if lower[i:] == fix[j:] and _noun_lemma(lower[:i]) and _head_form(lower[i:]) and (
                morphology.is_compound_part(fix[:j])
                or any(r.upos == "NOUN" for r in morphology.readings(fix[:j]))):
            return True
    return False
