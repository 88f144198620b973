"""Split compounds (særskrivning): `kunde service` → `kundeservice`."""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, count
from typing import TYPE_CHECKING, ClassVar

from brandguard.analysis import Analysis, Tok
from brandguard.boundedcache import DEFAULT_SIZE
from brandguard.datafiles import DataModel, Words
from brandguard.lang.da import (
    SHORT_HEADS,
    get_lexicon,
    quoted_spans,
    sentence_guesses,
    zipf_da,
)
from brandguard.lang.da.tags import SENTENCE_TAGS, SentenceTags
from brandguard.packs import PackData
from brandguard.rule import Context, Hit, Rule, bad, good
from brandguard.textkit import Spans

from . import wordclass as wc
from .spelling import danish_post

if TYPE_CHECKING:
    from brandguard.lang.da.morphology import Reading

DATA = PackData.beside(__file__)


class CompoundsData(DataModel):
    """``data/compounds.yaml``: word pairs that are not split compounds."""

    data_file: ClassVar[str] = "compounds"

    #: First words that make a measure, not a compound (`glas vand`).
    not_heads: Words
    #: Second words that make an expression of time (`mandag morgen`).
    not_tails: Words
    #: Two-word phrases that are written apart.
    phrases: Words


#: First parts that take a linking -s- in compounds (`kommunikation|s|ansvarlig`).
_S_LINK_ENDINGS = ("tion", "hed", "ing", "else", "skab", "dom", "tet", "sion")
#: How many lexicon forms must start with a first part for an unlisted compound to count
#: as sound: `energi…`, `brand…`, `kunde…` head hundreds of words.
_PRODUCTIVE_HEAD = 40
#: Entries of each of this module's caches (pairs, lexicon pairs, verbs): bounded LRU
#: caches (functools, in C: a hit costs what a dict read did), not dicts cleared when
#: full (a reader racing the clear could miss its key; issue 13). 2,000 real posts need
#: under 200 pairs; a post of random words one per pair; 10,000 hold about 1.5 MB.
_MAX_CACHE = DEFAULT_SIZE


#: Words before a genitive in an ordinary phrase (`en virksomheds værdier`).
_DETERMINERS = frozenset({"en", "et", "hver", "enhver", "ingen", "vores", "din", "dit",
                          "dine", "min", "mit", "mine", "sin", "sit", "sine", "hans",
                          "hendes", "deres", "jeres", "denne", "dette", "den", "det", "de",
                          "enhvers", "nogen", "nogle", "anden", "andet", "samme"})


@dataclass(frozen=True, slots=True)
class CompoundLists:
    not_heads: frozenset[str]
    not_tails: frozenset[str]
    phrases: frozenset[tuple[str, str]]


@cache
def compound_lists() -> CompoundLists:

    raw = DATA("compounds", CompoundsData)
    phrases = set()
    for p in raw["phrases"]:
        a, b = str(p).lower().split()
        phrases.add((a, b))
    return CompoundLists(frozenset(raw["not_heads"]), frozenset(raw["not_tails"]),
                         frozenset(phrases))


@cache
def stop_words() -> frozenset[str]:
    from spacy.lang.da.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _lemmas(forms: Sequence[str]) -> dict[str, str | None]:
    return get_lexicon().lookup_many(forms)


def _adjective_like(w: str, table: dict[str, str | None]) -> bool:
    """`grøn`, `god`, `stor`: the -t and -e forms exist (nouns lack the -t form)."""
    if w.endswith(("ig", "lig", "isk", "som", "bar", "ent", "ant", "iv", "el")):
        return True
    if w.endswith("e"):
        return False
    if w.endswith("t"):
        # `kort`, `flot`, `let`: the neuter is the base form; an -e form is enough.
        return table.get(w + "e") is not None or table.get(w + "te") is not None
    e_form = table.get(w + "e") is not None or table.get(w + w[-1] + "e") is not None
    return e_form and table.get(w + "t") is not None


def _verb_like(w: str, table: dict[str, str | None]) -> bool:
    """An infinitive (`have`, `spise`, `læse`, `spare`): a past form with it as lemma, or a
    present form with it as lemma and a past form or no noun forms (`kunde` has `kunder`
    but also `kunden`). The lemma table is noisy (`læste` → `læst`), hence the detours."""
    if not w.endswith("e"):
        return False
    if table.get(w + "de") == w or table.get(w[:-1] + "te") == w:
        return True
    if table.get(w + "r") != w:
        return False
    past = any(table.get(f) is not None for f in (w + "de", w[:-1] + "te"))
    # The table has stray noun forms of verbs (`læsen`, `besøgen`): a real noun is also
    # common in its definite form (`kunden`, `varmen`).
    noun = _noun_like(w, w, table) and any(
        table.get(f) == w and zipf_da(f) >= 2.5 for f in (w + "n", w + "t"))
    return past or not noun


def _verb_form(w: str, lemma: str, table: dict[str, str | None]) -> bool:
    """An infinitive, past tense or participle: `spare`, `spurgte`, `installeret`."""
    if _verb_like(lemma, table) and w in (lemma, lemma + "de", lemma[:-1] + "te", lemma + "t"):
        return True
    return w != lemma and lemma.endswith("e") and w.endswith(("te", "de", "et"))


def _present_or_agent(w: str, lemma: str, table: dict[str, str | None]) -> bool:
    """`rådgiver`, `fortæller`, `smelter`: a present-tense verb or an agent noun (not a
    plural such as `ambassadører`, whose lemma has no infinitive in -e)."""
    if w == lemma or not w.endswith("r"):
        return False
    if lemma.endswith("e"):
        # `celler` is a plural (celle is no verb); `rådgiver` may be a verb (rådgive).
        return w == lemma + "r" and _verb_like(lemma, table)
    return w == lemma + "er" and table.get(lemma + "e") is not None


def _noun_like(w: str, lemma: str, table: dict[str, str | None]) -> bool:
    """A noun form: its lemma has a definite or plural form (`rådgiver` → `rådgiveren`)."""
    base = lemma[:-1] if lemma.endswith("e") else lemma
    forms = (lemma + "en", lemma + "et", lemma + "er", base + "en", base + "et", lemma + "n",
             lemma + "ne")
    return any(table.get(f) == lemma for f in forms)


def _probe_forms(w: str) -> list[str]:
    base = w[:-1] if w.endswith("e") else w
    return [w, w + "e", w + (w[-1:] or "") + "e", w + "t", w + "r", w + "de", w[:-1] + "te",
            w + "en", w + "et", w + "er", base + "en", base + "et", w + "n", w + "ne"]


def _noun_end(toks: Sequence[Tok], i: int) -> bool:
    """Does the token after ``i`` end a noun phrase: punctuation, the end, a name, or a
    present-tense verb (`Vores energi rådgiver besøger dig`)?"""
    if i + 1 >= len(toks):
        return True
    nxt = toks[i + 1]
    if nxt.punct or nxt.text[:1].isupper():
        return True
    return _is_verb(nxt.lower)


@lru_cache(maxsize=_MAX_CACHE)
def _is_verb(word: str) -> bool:
    """A present-tense verb, not a plural noun: `besøger` (past `besøgte`), not `historier`."""
    lemma = _lemmas([word])[word]
    if lemma is None:
        return False
    table = _lemmas([word, *_probe_forms(lemma)])
    if not _present_or_agent(word, lemma, table):
        return False
    past = any(table.get(f) == lemma for f in (lemma + "de", lemma[:-1] + "te"))
    return past or not _noun_like(word, lemma, table)


class SplitCompound(Rule):
    name = "split-compound"
    severity = "warning"
    summary = "Compounds are written as one word (særskrivning)."
    rationale = ("Danish writes compounds as one word: `kundeservice`, `energirådgiver`, "
                 "`medarbejderambassadør` (Retskrivningsordbogen; danish.md). Written apart, "
                 "they read as English and can change the meaning. A pair is flagged when "
                 "the joined form is in the lexicon or is a regular compound (a first part "
                 "that Stavekontrolden lists as compound-initial, a head that inflects "
                 "regularly), the parts' classes in context allow it (no verb where a verb "
                 "can stand, no determiner of the wrong number, no list of keywords), and "
                 "the pair is not an ordinary phrase: adjectives (`god "
                 "service`, `grøn energi`), verbs (`have brug for`), measures (`en kop "
                 "kaffe`) and times (`strøm året rundt`) stay apart.")
    message = {
        "da": "»{pair}« er et sammensat ord og skrives i ét ord: »{joined}«.",
        "en": "\"{pair}\" is a compound and is written as one word: \"{joined}\".",
    }
    examples = [
        bad("Ring til vores <marker>kunde service</marker>, hvis du har spørgsmål.",
            suggestion="kundeservice"),
        bad("Vores <marker>energi rådgiver</marker> besøger dig og gennemgår dit hus.",
            suggestion="energirådgiver"),
        bad("Målet er at skabe digitale <marker>brand ambassadører</marker> i huset.",
            suggestion="brandambassadører"),
        bad("Hun er ny <marker>kommunikations ansvarlig</marker> hos os.",
            suggestion="kommunikationsansvarlig"),
        good("Vi giver god service og grøn energi til hele Danmark."),
        good("Vi har brug for flere montører, og vi skal have brug for dem hele året."),
        bad("Der findes mange små <marker>bil udlejnings selskaber</marker> ved lufthavnen.",
            suggestion="biludlejningsselskaber"),
        good("Tag en kop kaffe med og kom forbi vores stand på fredag."),
        good("Vores kundeservice og vores energirådgiver står klar hver dag."),
        good("Mød Anders Kunde Service fra Nordlys Energi."),
        good("Vi sparer strøm året rundt med en varmepumpe."),
        good("Der må ikke længere finde overnatning sted i området."),
        bad("Vi har fået et nyt <marker>instrument panelet</marker> i bilen.",
            suggestion="instrumentpanelet"),
        bad("Vi tilbyder rekruttering, <marker>konsulent opgaver</marker> og ledelse.",
            suggestion="konsulentopgaver"),
        bad("Det er kun for folk med <marker>jagt tegn</marker>.", suggestion="jagttegn"),
        good("Kortet viser vejen, og stilen præger huset."),
        good("Der er en dobbelt moral i sagen, og det var en total oplevelse."),
        good("Vi spiste en skål suppe og drak et glas vand. Den daglige ration frugt er vigtig."),
        bad("Administratoren har deaktiveret offentlig <marker>skrive adgang</marker>.",
            suggestion="skriveadgang"),
        bad("Du kender <marker>franchise kæderne</marker> fra byen.",
            suggestion="franchisekæderne"),
        bad("Vi har et nyt online <marker>cigar magasin</marker> med anmeldelser.",
            suggestion="cigarmagasin"),
        good("Han vil skrive adgang nægtet på døren, og vi skal spise stue for stue."),
        good("Det kræver en kylling kød og grønt. Vi sendte regering og folketing et brev."),
        good("Det giver mulighed for meget, og den udnytter energien i luften."),
        good("Giv din shop vinger med et nyt design. Midlet bruges mod colitis ulcerosa."),
        bad("Han har et <marker>strit øre</marker>, der giver personlighed.", suggestion="stritøre"),
        bad("Det betyder, at alle <marker>computer skærme</marker> viser farver forskelligt.",
            suggestion="computerskærme"),
        bad("Tak for dit bidrag til vort livrednings <marker>debat forum</marker>.",
            suggestion="debatforum"),
        bad("Giv dine <marker>shop kunder</marker> et nyt design.", suggestion="shopkunder"),
        good("Vi blev et kort sekund grebet af tvivl, og tonerne vil med garanti virke."),
        good("Tags: makeup neglelak hudpleje motion kjole. Regnjakke lime, sort eller sand."),
        good("For yderligere information om vort materiale kontakt venligst Finn."),
        good("Du kan fylde dem med for eksempel revet ost, og den cirkulære kultur hele tiden."),
        good("Hendes far holdt ikke af det, og hos far barnet lever er der ro."),
        bad("Vi har solgt mange <marker>latex balloner</marker> i år.", suggestion="latexballoner"),
        good("Loven vil give regering beføjelse til det. Han var persona non grata i fjor sommer."),
        good("Jetstrømme er luftstrømme, som er tusinde af kilometer lange."),
        bad("Vi har fundet et nyt <marker>salgs sted</marker> i byen.", suggestion="salgssted"),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        # A compound of three parts written apart (`bil udlejnings selskaber`) is two
        # overlapping pairs: one finding, one word.
        text = ctx.analysis.text
        pending: Hit | None = None
        for hit in self._pairs(ctx):
            if pending is not None and hit.start is not None and pending.end is not None \
                    and hit.start < pending.end and isinstance(pending.suggestion, str) \
                    and isinstance(hit.suggestion, str):
                shared = len(text[hit.start:pending.end])
                joined = pending.suggestion + hit.suggestion[shared:]
                both_info = pending.severity == "info" and hit.severity == "info"
                pending = Hit(pending.start, hit.end, suggestion=joined,
                              severity="info" if both_info else None,
                              args={"pair": text[pending.start:hit.end], "joined": joined})
                continue
            if pending is not None:
                yield pending
            pending = hit
        if pending is not None:
            yield pending

    def _pairs(self, ctx: Context) -> Iterator[Hit]:
        if not danish_post(ctx):
            return
        a = ctx.analysis
        toks = a.tokens
        text = a.text
        special = a.special_tokens
        lists = compound_lists()
        pairs = []
        # Two neighbouring lower-case words that are no stop words: found in C (most token
        # pairs are not), then the other tests on those alone.
        texts = list(map(operator.attrgetter("text"), toks))  # (in C)
        plain = list(map(_plain_word, texts))  # (one cached answer per word, in C)
        for i in compress(count(), map(operator.and_, plain, plain[1:])):
            t1, t2 = toks[i], toks[i + 1]
            if text[t1.end : t2.start] != " " or i in special or i + 1 in special:
                continue
            w1, w2 = t1.text, t2.text
            if (len(w1) < 3 and w1 not in SHORT_HEADS) or len(w2) < 3:
                continue
            if w1 in lists.not_heads or w2 in lists.not_tails or (w1, w2) in lists.phrases:
                continue
            pairs.append((t1, t2))
        skip: Spans | None = None
        skip_read = False  # (quotations and foreign sentences: read for the first pair left)
        for t1, t2 in pairs:
            w1, w2 = t1.lower, t2.lower
            # (_special_join's first tests, inline: most pairs pass none of them)
            by_form = _special_join(w1, w2) if w1 in _SPECIAL_FIRSTS or w2 in _BOUND_TAILS \
                or _bare_adjective(w1) else None
            found = _pair(t1.text, t2.text) if by_form is None else None
            if by_form is None and found is None and _lexicon_pair(w1, w2) is None:
                continue  # most pairs: what _lexicon_compound asks first (cached)
            if not skip_read:
                skip, skip_read = _skipped(a), True
            if skip is not None and t1.start in skip:
                continue
            if by_form is not None:
                yield Hit(t1.start, t2.end, suggestion=by_form,
                          args={"pair": f"{t1.text} {t2.text}", "joined": by_form})
                continue
            if found is None:
                by_lexicon = _lexicon_compound(toks, t1, t2, a)
                if by_lexicon is not None:
                    yield Hit(t1.start, t2.end, suggestion=by_lexicon,
                              args={"pair": f"{t1.text} {t2.text}", "joined": by_lexicon})
                continue
            joined, needs_noun_end, genitive = found
            if genitive and t1.i > 0 and toks[t1.i - 1].lower in _DETERMINERS:
                continue  # `en virksomheds værdier` is a genitive phrase
            if needs_noun_end and not _noun_end(toks, t2.i):
                continue  # `virksomhed fortæller historier` is a verb
            if t2.lower == "sted" and _finde_before(toks, t1.i):
                continue  # `der må ikke finde overnatning sted`: the verb `finde sted`
            if t1.lower.endswith("s") and _after_quantity(toks, t1.i):
                continue  # `sidste års regnskab`, `2. divisions spillere`: a genitive phrase
            if _in_word_list(toks, t1.i, t2.i):
                continue  # `neglelak hudpleje motion kjole`: tags or keywords
            tags: SentenceTags = a[SENTENCE_TAGS]
            r2 = wc.readings(t2.lower)
            if any(r.upos == "VERB" for r in r2) \
                    and _verb_in_context(toks, t2.i, r2, tags, use_tagger=False):
                continue  # `materiale kontakt venligst`: a verb
            if not _compound_classes(tags, t1.i, t2.i, zipf_da(joined) >= _COMMON_JOIN):
                # `kampagnen mod racisme`, `den lokale forening`, `hallen indvies`; but the
                # tagger cannot read the first half of a compound written apart: the
                # lexicon may still be sure (`plast vinduer`, `i instrument panelet`).
                by_lexicon = _lexicon_compound(toks, t1, t2, a)
                if by_lexicon is not None:
                    yield Hit(t1.start, t2.end, suggestion=by_lexicon,
                              args={"pair": f"{t1.text} {t2.text}", "joined": by_lexicon})
                continue
            # A join no dictionary lists is a guess (`periode præget`, `plads nummer`): info.
            severity = None if _attested(joined) or _linked_noun_pair(toks, t1.i, t2.lower) \
                or _bare_noun_pair(toks, t1.i, t2.lower) \
                or _lexicon_compound(toks, t1, t2, a) == joined else "info"
            yield Hit(t1.start, t2.end, args={"pair": f"{t1.text} {t2.text}", "joined": joined},
                      suggestion=joined, severity=severity)


def _skipped(a: Analysis) -> Spans | None:
    """Quotations and sentences in another language, where no pair is flagged (None if
    the post has none: ``Spans.__bool__`` is a Python call, asked once)."""
    spans = Spans([*quoted_spans(a)] + [
        (s.start, s.end) for s, _c, lang in sentence_guesses(a) if lang not in (None, "da")])
    return spans if spans else None


@lru_cache(maxsize=_MAX_CACHE)
def _plain_word(w: str) -> bool:
    """A lower-case word of letters and no stop word: what both words of a pair must be
    (asked of every token of a post, so cached: a C call per token, not a Python loop)."""
    return w not in stop_words() and w.isalpha() and w.islower()


@lru_cache(maxsize=_MAX_CACHE)
def _pair(w1: str, w2: str) -> tuple[str, bool, bool] | None:
    """(joined form, needs a noun-phrase end after it, is a written genitive), or None:
    the part of the decision that depends on the two words only, cached."""
    # An unknown second word is no compound's head (`_judge` returns None at once), so
    # the other probes are not looked up: the second word is in the lexicon's cache
    # already (the post's lemmas asked for it), while its probes are new forms, one
    # query each. Random words paid 18 probes per pair (issue 13).
    if _lemmas([w2])[w2] is None:
        return None
    probes = {*_probe_forms(w1), w1[:-1], w2, w1 + w2, w1 + "s" + w2}
    table = _lemmas(sorted(probes))
    lemma2 = table.get(w2)
    if lemma2 is not None:
        table.update(_lemmas(_probe_forms(lemma2)))
    return _judge(w1, w2, table)


def _judge(w1: str, w2: str, table: dict[str, str | None]) -> tuple[str, bool, bool] | None:
    lemma2 = table.get(w2)
    if lemma2 is None:
        return None
    linking_s = w1.endswith(_S_LINK_ENDINGS)
    head = w1
    if w1.endswith("s") and w1[:-1].endswith(_S_LINK_ENDINGS):
        # `kommunikations ansvarlig`: the writer kept the linking -s-.
        head = w1[:-1]
        linking_s = False
    joined = w1 + w2
    # `energi rådgiver besøger` is a noun; `virksomhed fortæller historier` a verb.
    needs_end = _present_or_agent(w2, lemma2, table)
    listed = table.get(joined) is not None
    lemma1 = table.get(w1)
    if w1 in SHORT_HEADS or (head == w1 and lemma1 is None) \
            or (head == w1 and lemma1 != w1 and w1.endswith(("s", "e"))
                and not _adjective_like(lemma1 or w1, table)):
        # `el bil`, `arbejds plads`, `jule frokost`: a first part that is no word of its
        # own, or one with a linking -s-/-e-, can only be half of a listed compound.
        return (joined, needs_end, False) if listed else None
    if head == w1 and lemma1 != w1:
        return None  # an inflected first word (`kunder`, `ret` → rette) is no compound head
    if head != w1 and table.get(head) is None:
        return None
    if _adjective_like(w1, table):
        return None
    if _verb_like(w1, table):
        # `varme pumpe`, `jule frokost` (the noun is common in its definite form), not
        # `have brug`, `læse historier`.
        noun = any(table.get(f) == w1 and zipf_da(f) >= 2.5 for f in (w1 + "n", w1 + "t"))
        return (joined, needs_end, False) if listed and noun else None
    if linking_s and table.get(w1 + "s" + w2) is not None:
        return w1 + "s" + w2, needs_end, False
    if table.get(joined) is not None or zipf_da(joined) >= 2.0:
        return joined, needs_end, False
    if head != w1:
        # A written genitive counts only without a determiner in front (checked per post).
        if get_lexicon().count_prefix(head, _PRODUCTIVE_HEAD) < _PRODUCTIVE_HEAD:
            return None
        return joined, needs_end, True
    # Not in the lexicon: a sound compound of a productive noun head and a noun,
    # not a verb form (`en familie spare`, `en kunde spurgte`).
    if len(w2) < 4 or not _noun_like(w1, w1, table) or not _noun_like(w2, lemma2, table) \
            or _adjective_like(lemma2, table) or _verb_form(w2, lemma2, table):
        return None
    if w1.endswith("e") and table.get(w1 + "r") == w1 and not any(
            table.get(f) == w1 and zipf_da(f) >= 3.5 for f in (w1 + "n", w1 + "t")):
        return None  # a verb as much as a noun (`stikke hovederne sammen`)
    if get_lexicon().count_prefix(w1, _PRODUCTIVE_HEAD) < _PRODUCTIVE_HEAD:
        return None
    return (w1 + "s" + w2 if linking_s else joined), needs_end, False


#: A joined form this common (Zipf) outweighs an open-class reading of its first part:
#: the tagger cannot read `hjemme side` or `arbejds plads`, but `hjemmeside` is a word.
_COMMON_JOIN = 3.5
#: Closed classes the tagger is sure of: never the first part of a compound.
_CLOSED = frozenset({"ADP", "DET", "PRON", "NUM", "CCONJ", "SCONJ", "PART", "INTJ"})
#: Word classes in context that cannot be the first part of a written-apart compound: a
#: preposition (`mod racisme`), an adjective or determiner agreeing with its noun (`den
#: lokale forening`), a verb, adverb, number or pronoun.
_NOT_FIRST = frozenset({"ADP", "ADJ", "DET", "PRON", "NUM", "ADV", "VERB", "AUX", "CCONJ",
                        "SCONJ", "PART", "INTJ"})


def _compound_classes(tags: SentenceTags, i: int, j: int, common_join: bool) -> bool:
    """Whether the tagger's readings of two words allow a compound written apart.

    The second word may not be a finite verb (`stilen præger`, `kortet viser`) nor a
    word that cannot head a compound; the first not a preposition, adjective,
    determiner, verb and the like — unless the joined form is a common word (the
    tagger cannot read a compound's first half on its own).
    """
    first, second = tags[i], tags[j]
    if first.upos in _CLOSED or (first.upos in _NOT_FIRST and not common_join):
        return False
    if _finite(second):
        # Two finite verbs in a row cannot both be verbs: in `vores energi rådgiver
        # besøger dig` the split compound is the subject, whatever the tagger says.
        k = j + 1
        while k < len(tags) and tags[k].upos == "SPACE":
            k += 1
        return k < len(tags) and _finite(tags[k])
    return second.upos in ("NOUN", "ADJ", "VERB", "PROPN", "X")


#: Words before a genitive that make it a phrase: `sidste års`, `hvert års`, `22 mands`.
_QUANTIFIERS = frozenset({"sidste", "næste", "forrige", "hvert", "hver", "et", "ét", "to",
                          "tre", "fire", "fem", "seks", "samme", "hele", "første", "andet",
                          "anden"})


#: Words before a bare noun that leave no room for a phrase of two nouns: a
#: preposition, `at`, a verb (`for mini spillere`, `til minimum niveau`, `nyde pensionist
#: tilværelsen`).
_BARE_BEFORE = frozenset({"ADP", "VERB", "AUX", "SCONJ", "PART"})


def _bare_noun_pair(toks: Sequence[Tok], i: int, second: str) -> bool:
    """Two words that can only be nouns, the first bare after a preposition or verb, the
    second neither a genitive nor a name (`for mini spillere` → `minispillere`)."""
    from brandguard.lang.da.morphology import readings

    r1, r2 = readings(toks[i].lower), readings(second)
    if not r1 or not r2 or any(r.upos != "NOUN" for r in (*r1, *r2)):
        return False
    if any(r.get("Case") == "Gen" for r in r2) or any(r.get("Number") == "Plur" for r in r1):
        return False
    k = i - 1
    while k >= 0 and toks[k].space:
        k -= 1
    if k < 0 or toks[k].punct:
        return False
    before = readings(toks[k].lower)
    return bool(before) and all(r.upos in _BARE_BEFORE for r in before)


def _linked_noun_pair(toks: Sequence[Tok], i: int, second: str) -> bool:
    """`kvalitets udstyr`, `kombinations muligheder`: a compound-initial form with its
    linking -s- (Stavekontrolden's) before a word that can only be a noun, and no
    determiner or adjective before it that would make the first word a genitive
    (`den centrale ledelses beføjelser`)."""
    from brandguard.lang.da.morphology import is_compound_part, readings

    first = toks[i].lower
    if not first.endswith("s") or not is_compound_part(first) or not readings(first[:-1]):
        return False
    rs = readings(second)
    if not rs or any(r.upos != "NOUN" for r in rs):
        return False
    k = i - 1
    while k >= 0 and toks[k].space:
        k -= 1
    if k < 0 or toks[k].punct:
        return True
    return not any(r.upos in ("ADJ", "DET", "PRON", "NUM") for r in readings(toks[k].lower))


#: First parts written together with an adjective (`superlækker`, `kæmpestor`, `megasjov`).
_INTENSIFIERS = frozenset({"super", "mega", "kæmpe", "ultra"})


_COLOURS = frozenset({"grå", "blå", "grøn", "grønne", "grønt", "rød", "røde", "rødt", "gul",
                      "gule", "gult", "brun", "brune", "brunt", "hvid", "hvide", "hvidt",
                      "sort", "sorte", "lilla", "orange", "turkis", "rosa"})
#: Second parts that make an adjective of the noun before them (`computer baserede` →
#: `computerbaserede`, `bruger venlig` → `brugervenlig`, `tysk talende` → `tysktalende`).
_BOUND_TAILS = frozenset({"venlig", "venlige", "venligt", "baseret", "baserede", "relateret",
                          "relaterede", "orienteret", "orienterede", "mæssig", "mæssige",
                          "mæssigt", "talende"})


#: The first words _special_join looks for (with _BOUND_TAILS and _bare_adjective, what a
#: pair must have for it to find anything).
_SPECIAL_FIRSTS = frozenset({*_INTENSIFIERS, "lys", "mørk", "dyb"})


def _special_join(w1: str, w2: str) -> str | None:
    """Pairs that are compounds by their form alone: an intensifier before an adjective
    (`super lækkert`), a shade before a colour (`lys grå` → `lysegrå`), a noun or a
    language before a bound adjective (`computer baserede`, `tysk talende`), and an
    adjective in its bare form before a plural or definite noun it does not agree with,
    where the join is a word (`primær farver`, `operativ systemer`)."""
    from brandguard.lang.da.morphology import is_known, readings

    if w1 in _INTENSIFIERS:
        return w1 + w2 if _adjective_only(w2) else None
    if w1 in ("lys", "mørk") and w2 in _COLOURS:
        return w1 + "e" + w2
    if w1 == "dyb" and w2 in _COLOURS:
        return w1 + w2 if is_known(w1 + w2) else None
    if w2 in _BOUND_TAILS:
        r1 = readings(w1)
        if w2 == "talende":
            ok = w1.endswith("sk") and any(r.upos == "ADJ" for r in r1)
        else:
            ok = bool(r1) and all(r.upos == "NOUN" for r in r1)
        return w1 + w2 if ok and is_known(w1 + w2) else None
    if not _bare_adjective(w1) or not _plural_or_definite_noun(w2):
        return None
    return w1 + w2 if is_known(w1 + w2) else None


# What _special_join asks of each word of most pairs: per word, so cached (the pairs
# themselves seldom repeat, their words do).
@lru_cache(maxsize=wc.MAX_ANSWERS)
def _bare_adjective(w: str) -> bool:
    """Only an adjective's singular indefinite (`primær`, `operativ`)."""
    from brandguard.lang.da.morphology import readings

    rs = readings(w)
    return bool(rs) and not any(
        r.upos != "ADJ" or r.get("Number") != "Sing" or r.get("Definite") != "Ind" for r in rs)


@lru_cache(maxsize=wc.MAX_ANSWERS)
def _plural_or_definite_noun(w: str) -> bool:
    """A plural or definite noun, and no adjective (`farver`, `systemer`)."""
    from brandguard.lang.da.morphology import readings

    rs = readings(w)
    return bool(rs) and not any(r.upos == "ADJ" for r in rs) and any(
        r.upos == "NOUN" and (r.get("Number") == "Plur" or r.get("Definite") == "Def") for r in rs)


def _adjective_only(lower: str) -> bool:
    """An adjective form with no noun reading (`lækkert`, `hurtig`, `stort`, `let`)."""
    from brandguard.lang.da.morphology import readings

    rs = readings(lower)
    return any(r.upos == "ADJ" for r in rs) and not any(r.upos == "NOUN" for r in rs)


_FINDE = frozenset({"finde", "finder", "fandt", "fundet", "findes"})


def _finde_before(toks: Sequence[Tok], i: int) -> bool:
    """Is the word before token ``i`` a form of `finde` (`finde overnatning sted`)?"""
    k = i - 1
    while k >= 0 and toks[k].space:
        k -= 1
    return k >= 0 and toks[k].lower in _FINDE


def _after_quantity(toks: Sequence[Tok], i: int) -> bool:
    """Is the token before ``i`` a number, an ordinal or a quantifier (`2. divisions`)?"""
    k = i - 1
    while k >= 0 and toks[k].space:
        k -= 1
    if k < 0:
        return False
    prev = toks[k].text
    if prev == "." and k > 0 and toks[k - 1].text.isdigit():
        return True  # `2. divisions`: the tokeniser may cut the ordinal's full stop off
    return prev.rstrip(".").isdigit() or toks[k].lower in _QUANTIFIERS


#: Words before a noun that leave no room for a verb reading of it (`et strit øre`,
#: `med jagt tegn`, `er line dansere`): articles, possessives, prepositions, and the
#: finite forms of `være` and `blive` (they take participles, not infinitives).
_NO_VERB_BEFORE = frozenset({"en", "et", "den", "det", "denne", "dette", "min", "mit", "din",
                             "dit", "sin", "sit", "mine", "dine", "sine", "disse", "vores",
                             "jeres", "hans", "hendes", "deres",
                             "i", "på", "med", "uden", "fra", "af", "under", "over", "ved",
                             "hos", "mod", "gennem", "efter", "om", "er", "var", "bliver", "blev",
                             "anden", "andet", "andre", "samme", "hver", "hvert", "enhver",
                             "ethvert", "ingen", "intet"})
#: Verbs that take a bare infinitive right after them (`kan skrive`, `lad spise`).
_INFINITIVE_BEFORE = frozenset({*wc.INFINITIVE_GOVERNORS, "at", "og", "eller", "så", "vil",
                                "gider", "tør", "turde", "plejer", "hjælpe", "hjælper"})


def _bare_noun(rs: Sequence[Reading]) -> bool:
    return any(r.upos == "NOUN" and r.get("Definite") == "Ind" and r.get("Number") == "Sing"
               and r.get("Case") != "Gen" for r in rs)


def _no_verb_after(prev: Tok | None, tags: SentenceTags) -> bool:
    """Can no infinitive or imperative stand after ``prev``? After an article, a
    possessive, a preposition, `er`/`blev`, an adjective in its bare form (`offentlig
    skrive adgang`), or a finite verb that takes no bare infinitive (`du kender
    franchise kæderne`)."""
    from brandguard.lang.da.morphology import readings

    if prev is None or prev.punct:
        return False
    low = prev.lower
    if low in _NO_VERB_BEFORE:
        return True
    if low in _INFINITIVE_BEFORE:
        return False
    rs = readings(low)
    if not rs:
        return False
    if all(r.upos == "ADJ" for r in rs) and not low.endswith("t"):
        return True
    if not any(r.upos in ("VERB", "AUX") and r.get("VerbForm") == "Fin" for r in rs):
        return False
    # a finite verb by the lexicon alone, or by the tagger in context (`du kender`)
    return all(r.upos in ("VERB", "AUX") for r in rs) or _finite(tags[prev.i])


def _lexicon_compound(toks: Sequence[Tok], t1: Tok, t2: Tok, a: Analysis) -> str | None:
    """A compound written apart that the lexicon is sure of, whatever the tagger reads.

    The joined form is a word of the lexicon, or a regular compound: the first word is
    one of Stavekontrolden's compound-initial forms (`konsulent`, `jogging`, `tvillinge`;
    not `regering`, `ration`, `kylling`, which take a linking element or none) and the
    join analyses as a noun by its head. The first part is a bare noun or a verb stem,
    the second a noun (or an adjective after a part that only makes compounds: `gude
    smukke`).

    - an adjective first (`dobbelt moral`, `total oplevelse`) may agree with its noun:
      left to the agreement test of :func:`_special_join`;
    - a first part that may be a verb (`skrive`, `jagt`, `strit`) only where no verb can
      stand (:func:`_no_verb_after`: `med jagt tegn`, not `kan skrive adgang`);
    - the second part not a finite verb in context (`kortet viser`), nor a genitive;
    - nothing before that makes the first a genitive (`deres livs mål`), and an unlisted
      join not after an article or a number (`en skål suppe`: a measure).
    """
    found = _lexicon_pair(t1.lower, t2.lower)
    if found is None:
        return None
    joined, listed, verb1, verb2, plural1, inf2 = found
    k = t1.i - 1
    while k >= 0 and toks[k].space:
        k -= 1
    prev = toks[k] if k >= 0 else None
    if plural1 and not listed:
        return None  # `tegn`, `får`: a plural as much as a singular
    if prev is not None:
        if prev.lower in _DETERMINERS and t1.lower.endswith("s"):
            return None  # `en virksomheds værdier`: a genitive
        if prev.lower == "at":
            return None  # `forsøgt at grube haven`: an infinitive and its object
        if not listed and (prev.lower in _MEASURE_BEFORE or prev.text[:1].isdigit()):
            return None  # `en portion pasta`, `2 kasser øl`: a measure
    if _number_clash(toks, t1.i, t2.lower):
        return None  # `giv din shop vinger`: `din` cannot go with a plural compound
    if _in_word_list(toks, t1.i, t2.i):
        return None  # `neglelak hudpleje motion kjole`: tags or keywords, not a phrase
    k = t2.i + 1
    while k < len(toks) and toks[k].space and "\n" not in toks[k].text:
        k += 1
    if k < len(toks) and toks[k].text[:1].isupper():
        return None  # `standard fotograf Robin Skjoldborg`: a title before a name; a heading
    # the tagger last, only for the few pairs left (it tags the sentence)
    tags: SentenceTags = a[SENTENCE_TAGS]
    if verb1 and not _no_verb_after(prev, tags):
        return None
    r2 = wc.readings(t2.lower)
    if verb2 and _verb_in_context(toks, t2.i, r2, tags):
        return None  # `vil med garanti virke`, `materiale kontakt venligst`: a verb
    if _finite(tags[t2.i]) or (inf2 and not _noun_end(toks, t2.i)):
        return None  # `stilen præger`, `kortet viser`
    return joined


def _regular_form(form: str, lemma: str) -> bool:
    """Does ``form`` inflect ``lemma`` the Danish way: the lemma less its last letter
    begins it (`vinger` ← vinge), or less its last two before an -el/-er/-en that loses
    its vowel (`møbler` ← møbel, `fingre` ← finger)?"""
    return form.startswith(lemma[:-1]) or (
        lemma.endswith(("el", "er", "en")) and form.startswith(lemma[:-2]))


#: Determiners of one number only: a compound after them must agree.
_SINGULAR_DETERMINERS = frozenset({"den", "det", "en", "et", "denne", "dette", "min", "mit",
                                   "din", "dit", "sin", "sit", "hver", "hvert", "enhver"})
_PLURAL_DETERMINERS = frozenset({"de", "disse", "mine", "dine", "sine", "alle", "mange",
                                 "flere", "nogle", "begge"})


def _number_clash(toks: Sequence[Tok], i: int, second: str) -> bool:
    """Does the determiner before the pair (past its adjectives) disagree in number with
    the second word, so that the two words cannot be one compound? `giv din shop vinger`
    (din + plural: `shop` is the indirect object), `sendte den israelske radio advarsler`
    (the subject, then the object)."""
    from brandguard.lang.da.morphology import readings

    nouns = [r for r in readings(second) if r.upos == "NOUN"]
    if not nouns:
        return False
    plural = all(r.get("Number") == "Plur" for r in nouns)
    singular = all(r.get("Number") == "Sing" for r in nouns)
    k, seen = i - 1, 0
    while k >= 0 and seen < 4:
        t = toks[k]
        k -= 1
        if t.space:
            continue
        low = t.lower
        if low in _SINGULAR_DETERMINERS:
            return plural
        if low in _PLURAL_DETERMINERS:
            return singular
        rs = readings(low)
        if t.punct or not rs or not all(r.upos in ("ADJ", "ADV") for r in rs):
            return False
        seen += 1
    return False


@lru_cache(maxsize=_MAX_CACHE)
def _lexicon_pair(w1: str, w2: str) -> tuple[str, bool, bool, bool, bool, bool] | None:
    """(joined, listed, first may be a verb, second may be a verb, first may be a plural,
    second may be a finite verb), or None: the part that needs no context, cached."""
    return _judge_lexicon_pair(w1, w2)


def _judge_lexicon_pair(w1: str, w2: str) -> tuple[str, bool, bool, bool, bool, bool] | None:
    from brandguard.lang.da.morphology import analyse, is_compound_part, is_known, readings

    joined = w1 + w2
    if len(w2) < 3 or w2.startswith(w1) or (len(w2) < 4 and not is_known(joined)):
        return None  # `persona non`, `jakke and`: foreign words; `ferie ferieboliger`
    r2 = readings(w2)
    if not r2 or any(r.upos in _NOT_TAIL_CLASSES for r in r2) \
            or not any(r.get("Case") != "Gen" for r in r2):
        return None  # `indsats hele tiden`, `maling absolut`; a genitive
    r1 = readings(w1)
    if any(r.upos == "VERB" and r.get("VerbForm") == "Fin" for r in r1):
        return None  # `det giver mulighed`, `den udnytter energien`: a finite verb
    part = is_compound_part(w1)
    adjective_tail = not r1 and part and any(r.upos == "ADJ" for r in r2)
    if not adjective_tail and not any(r.upos == "NOUN" for r in r2):
        return None
    listed = is_known(joined)
    if not listed and any((r.upos == "ADJ" and not adjective_tail) or r.get("VerbForm") == "Part"
                          for r in r2):
        return None  # `regnjakke lime`, `mobiltelefon hvid`, `et kort sekund grebet af`
    verb_stem = bool(r1) and all(r.upos == "VERB" and r.get("VerbForm") in (None, "Inf")
                                 for r in r1)
    if not r1:
        if not part:
            return None
    elif any(r.upos in ("ADJ", "ADV", "ADP", "DET", "PRON", "NUM", "AUX", "CCONJ", "SCONJ")
             for r in r1) or not (_bare_noun(r1) or verb_stem):
        return None
    if not listed:
        # A regular compound: a compound-initial first part, a head that inflects its
        # lemma regularly (not the Latin `colitis ulcerosa`, lemma `ulcerosus`), and a
        # join that analyses by it.
        head_class = "ADJ" if adjective_tail else "NOUN"
        if not part or len(w2) > _MAX_REGULAR_TAIL \
                or not any(r.upos == head_class and _regular_form(w2, r.lemma) for r in r2) \
                or not any(r.upos == head_class for r in analyse(joined)):
            return None
    return (joined, listed, any(r.upos == "VERB" for r in r1),
            any(r.upos == "VERB" for r in r2), any(r.get("Number") == "Plur" for r in r1),
            any(r.upos in ("VERB", "AUX") and "VerbForm=Fin" in r.feats for r in r2))


#: Word classes a compound's second part cannot have (`hele`, `absolut`, `om`).
_NOT_TAIL_CLASSES = frozenset({"ADV", "DET", "PRON", "ADP", "NUM", "CCONJ", "SCONJ", "AUX"})
#: Word classes that make a word a phrase's word, not one in a list of keywords.
_PHRASE_CLASSES = frozenset({"ADP", "DET", "PRON", "CCONJ", "SCONJ", "AUX", "ADV", "ADJ", "VERB",
                             "PART", "NUM"})


#: Prepositions (a modal's adverbial may hold one: `vil med garanti virke`).
_PREPOSITIONS = frozenset({"i", "på", "med", "uden", "fra", "af", "under", "over", "ved", "hos",
                           "mod", "gennem", "efter", "om", "til", "for"})
#: Object pronouns: after a word that may be a verb, they make it one (`kontakt os`).
_OBJECTS = frozenset({"os", "mig", "dig", "ham", "hende", "dem", "jer", "sig"})


def _verb_in_context(toks: Sequence[Tok], j: int, r2: Sequence[Reading],
                     tags: SentenceTags, *, use_tagger: bool = True) -> bool:
    """Is the second word, which may be a verb, one here: the tagger says so, an
    infinitive has a modal or `at` among the three words before it (`vil med garanti
    virke`), or an object pronoun or an adverb follows (`kontakt venligst`)?"""
    from brandguard.lang.da.morphology import readings

    if any(r.get("VerbForm") == "Inf" for r in r2):
        # a modal or `at` among the three words before the first part, with nothing
        # between that starts a noun phrase (`vil med garanti virke`, not `at alle
        # computer skærme`)
        before = [t.lower for t in toks[max(0, j - 10):j] if not t.space and not t.punct][:-1]
        for back, low in enumerate(reversed(before[-3:])):
            if low in _INFINITIVE_BEFORE:
                between = before[len(before) - back:]
                if not any(w in _SINGULAR_DETERMINERS or w in _PLURAL_DETERMINERS
                           or w in _NO_VERB_BEFORE for w in between if w not in _PREPOSITIONS):
                    return True
                break
    k = j + 1
    while k < len(toks) and toks[k].space:
        k += 1
    if k < len(toks) and not toks[k].punct:
        nxt = toks[k].lower
        rs = readings(nxt)
        if nxt in _OBJECTS or nxt == "venligst" or (bool(rs) and all(r.upos == "ADV" for r in rs)):
            return True
    return use_tagger and tags[j].upos in ("VERB", "AUX")


def _in_word_list(toks: Sequence[Tok], i: int, j: int) -> bool:
    """Are the words on both sides of the pair nouns, names or unknown words (a list of
    tags or keywords: `makeup Kjellerup neglelak hudpleje motion kjole`), or is the word
    after a number (`linje 20E`, `udgave version 1.2`: a label and its number)?"""
    from brandguard.lang.da.morphology import readings

    def word(k: int, step: int) -> Tok | None:
        while 0 <= k < len(toks) and toks[k].space and "\n" not in toks[k].text:
            k += step
        return toks[k] if 0 <= k < len(toks) and not toks[k].space else None

    def listed(t: Tok | None) -> bool:
        rs = readings(t.text) if t is not None and not t.punct else ()
        # a noun, a name, an unknown tag word; a noun may also read as an imperative
        # (`udstyr`, `hjelm`), an imperative alone is a verb (`udfyld kuponen`)
        # (a genitive governs the next word: `vort livrednings debat forum` is a phrase)
        return any(r.upos in ("NOUN", "PROPN", "X") for r in rs) and all(
            (r.upos in ("NOUN", "PROPN", "X") and r.get("Case") != "Gen")
            or r.get("Mood") == "Imp" for r in rs)

    def edge(t: Tok | None) -> bool:
        return t is None or t.punct

    def unknown(t: Tok | None) -> bool:
        return t is not None and not t.punct and not readings(t.text)

    before, after = word(i - 1, -1), word(j + 1, 1)
    if after is not None and after.text[:1].isdigit():
        return True
    # Two list words around the pair, or one beside an unknown word (`mc-udstyr`,
    # `aromatic`), or one at the list's edge (`Anne Miller regnjakke lime, sort`).
    return (listed(before) and (listed(after) or edge(after) or unknown(after))) \
        or (listed(after) and (edge(before) or unknown(before)))


#: Words before a noun that make it a measure (`en skål suppe`, `2 kasser øl`).
_MEASURE_BEFORE = frozenset({"en", "et", "én", "ét", "to", "tre", "fire", "fem", "ti", "par",
                             "halv", "halvt"})
#: The longest second part of an unlisted compound of two nouns (`opgaver`, `venner`).
_MAX_REGULAR_TAIL = 9


def _attested(joined: str) -> bool:
    """The joined form is a word of Stavekontrolden or of the lexicon, or common (wordfreq)."""
    from brandguard.lang.da.morphology import is_known

    return is_known(joined) or get_lexicon().lookup_many([joined])[joined] is not None \
        or zipf_da(joined) >= 2.0


def _finite(reading: Reading) -> bool:
    return reading.upos in ("VERB", "AUX") and "VerbForm=Fin" in reading.feats
