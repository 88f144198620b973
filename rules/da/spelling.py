"""Danish spelling with suggestions, and Norwegian/Swedish forms in Danish text."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from brandguard.analysis import Analysis, Tok
from brandguard.boundedcache import DEFAULT_SIZE, remember
from brandguard.compiled import CompiledPolicy
from brandguard.facets import LOWER_TEXT, Facet
from brandguard.lang.da import (
    PROPER_NAMES,
    Speller,
    damerau,
    get_lexicon,
    get_speller,
    post_language,
    quoted_spans,
    sentence_first_words,
    sentence_guesses,
    word_lists,
    zipf_da,
)
from brandguard.lang.da.morphology import is_compound_part, is_proper_name
from brandguard.lang.da.names import listed_kind
from brandguard.lang.da.speller import MAX_WORD_CHARS, zipf_en
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good
from brandguard.textkit import Spans

from .wordforms import (
    DERIVING_PREFIXES,
    abbreviated_compound,
    address_part,
    ascii_fix,
    compound_edit_fix,
    compound_fix,
    cut_off,
    derived_form,
    english,
    english_compound,
    final_double,
    foreign_letters,
    hyphen_head,
    long_word_fix,
    not_a_slip,
    noun_for_noun,
    old_spelling,
    possessive_adjective,
    prefixed_word,
    quoted_form,
    regular_form,
    run_together,
    sure_slip,
    typing_slip,
)

_SPLIT_WORDS = re.compile(r"[\s\-/]+")
#: Prefixes a suggestion may not strip (`uplaceret` → «placeret» is the opposite).
_PREFIXES = frozenset({*DERIVING_PREFIXES, "in", "an", "af", "op", "ud", "be", "for"})
#: Words before `av` that make it the Norwegian preposition (`en av`, `mange av`, `ut av`).
_AV_BEFORE = frozenset({"en", "et", "ett", "mange", "nogle", "noen", "flere", "alle", "ingen",
                        "del", "delen", "halvdelen", "resten", "hver", "ut", "ud", "består",
                        "stolt", "glad", "fuld", "full", "ene", "første", "mest", "to", "tre"})
#: Words after `av` that make it a preposition (`av de`, `av vores`, `av kundene`).
_AV_AFTER = frozenset({"de", "dem", "det", "den", "denne", "dette", "disse", "vores", "våre",
                       "vår", "vårt", "jer", "os", "oss", "mig", "meg", "dig", "deg", "sig",
                       "seg", "hans", "hendes", "hennes", "sin", "sit", "sine", "alle",
                       "året", "dagen", "teamet", "kundene", "kunderne", "en", "et"})
#: Norwegian/Swedish endings with their Danish form (`sikkerhet` → `sikkerhed`,
#: `informasjon` → `information`), used only when the Danish form is a known word.
_NORDIC_ENDINGS = (("heten", "heden"), ("heter", "heder"), ("hetene", "hederne"),
                   ("het", "hed"), ("sjonen", "tionen"), ("sjoner", "tioner"),
                   ("sjon", "tion"))
_NORDIC_SUFFIXES = tuple(e for e, _d in _NORDIC_ENDINGS)


class Word(NamedTuple):
    """A word (or a part of a hyphenated word) the spelling rules look at."""

    start: int
    end: int
    text: str
    lower: str
    #: First word of its sentence (a capital letter is not a name sign there).
    first: bool
    #: Index of its token in ``analysis.tokens``.
    i: int


def policy_vocabulary(compiled: CompiledPolicy) -> frozenset[str]:
    """Lower-case words of the company's own vocabulary: name, aliases, products,
    accepted words, terminology, themes, values and competitors."""
    policy = compiled.policy
    texts: list[str] = [*compiled.proper_names, *policy.style.terminology.values()]
    for theme in policy.narrative.themes:
        texts.extend(theme.terms)
    return frozenset(w.lower() for t in texts for w in _SPLIT_WORDS.split(t) if w)


def _spell_words(a: Analysis) -> list[Word]:
    """The words spelling looks at : running-text words without
    digits, dots, apostrophes or inner capitals, outside URLs, hashtags, mentions,
    e-mails and quotations, not acronyms, not capitalised inside a sentence (names);
    hyphenated words give their lower-case parts (`LinkedIn-opslag` → `opslag`)."""
    firsts = sentence_first_words(a)
    quoted = quoted_spans(a)
    foreign = [(s.start, s.end) for s, _c, lang in sentence_guesses(a)
               if lang is not None and lang != "da"]
    spans = Spans([*quoted, *foreign])  # (a bisection per word, not a scan of every span)
    skip = spans if spans else None  # (asked once: Spans.__bool__ is a Python call)
    tokens = a.tokens
    n_tokens = len(tokens)
    out: list[Word] = []
    new = tuple.__new__
    # The running text's words only (no spaces, links, tags, tokens without a letter: a
    # token of those gives no word below either), with their texts.
    for i, text in zip(a.word_ids, a.words, strict=True):
        if len(text) < 3:
            continue
        t = tokens[i]
        simple = text.isalpha()
        if simple and text.islower():  # most words: the shortest path to the same answer
            # (a word of letters is never punctuation, and in lower case it is its own
            # lower-case form: neither is asked of the token)
            nxt = i + 1
            if nxt < n_tokens:
                after = tokens[nxt]
                if (after.space or after.text[0].isupper()) \
                        and _lowercase_first_name(text, i, tokens):
                    continue
            if skip is not None and t.start in skip:
                continue
            out.append(new(Word, (t.start, t.end, text, text, i in firsts, i)))
            continue
        if t.punct:
            continue
        if not simple and "-" not in text:
            continue  # digits, dots, apostrophes, emoji
        if simple and t.i + 1 < n_tokens and (tokens[t.i + 1].text[:1].isupper()
                                              or tokens[t.i + 1].space) \
                and text.islower() and _lowercase_first_name(text, t.i, tokens):
            continue  # `af marit Wengel`: a first name typed in lower case
        if skip is not None and t.start in skip:
            continue
        first = t.i in firsts
        if simple:
            rest = text[1:]
            if rest != rest.lower():
                continue  # acronyms, iPhone, LinkedIn
            if text[0].isupper() and not first:
                continue  # a name
            out.append(new(Word, (t.start, t.end, text, t.lower, first, t.i)))
            continue
        pos = t.start
        for part in text.split("-"):
            p_start = pos
            pos += len(part) + 1
            if len(part) < 3 or not part.isalpha():
                continue
            rest = part[1:]
            if rest != rest.lower():
                continue
            at_start = first and p_start == t.start
            if part[0].isupper() and not at_start:
                continue
            out.append(Word(p_start, p_start + len(part), part, part.lower(), at_start, t.i))
    return out


#: The words the spelling rules look at, shared by da.spelling and da.norwegian-swedish.
SPELL_WORDS: Facet[list[Word]] = Facet("da.spell_words", _spell_words,
                                       requires=("tokens", "word_ids", "words", "quotes",
                                                 "sentence_first_words", "da.sentence_languages"))


def _a_name(a: Analysis, i: int) -> bool:
    """Is token ``i`` (part of) a name by the ``da.names`` facet? A name's head alone
    (`…dagen`, `…udvalget`) does not make a misspelt word a name (`Eftermidagen`). The
    facet is asked only for a capitalised word about to be flagged."""
    kind = a[PROPER_NAMES].kind(i)
    return kind is not None and kind != "head"


def _lowercase_first_name(text: str, i: int, tokens: Sequence[Tok]) -> bool:
    """Is the word a name (listed, or a proper noun of the lexicon) written in lower case,
    right before a capitalised word (`marit Wengel`, `af jens Hansen`)?"""
    j = i + 1
    while j < len(tokens) and tokens[j].space:
        j += 1
    if j >= len(tokens):
        return False
    nxt = tokens[j].text
    if not (len(nxt) >= 2 and nxt[0].isupper() and nxt[1:].islower() and nxt.isalpha()):
        return False
    name = text.capitalize()
    return listed_kind(name) == "first_name" or is_proper_name(name)


def spell_words(analysis: Analysis) -> list[Word]:
    """The words spelling looks at (the ``da.spell_words`` facet)."""
    return analysis[SPELL_WORDS]



#: ``Spelling._compound_slip``'s answers by word (a pure function of the word and the
#: shipped lexicons); at most _MAX_SLIPS words: when full it starts afresh (a stream of
#: junk words cannot fill it for good; nothing reads back what it wrote).
_SLIPS: dict[str, str | None] = {}
_MAX_SLIPS = DEFAULT_SIZE
#: Lower-case words the speller knows and that are no compound slip: whatever their
#: case and place, da.spelling has nothing to say about them.
_SETTLED: set[str] = set()
#: Known words that da.spelling flags in some contexts (`ligeså godt` → `lige så godt`):
#: never settled.
_BY_CONTEXT = frozenset({"ligeså"})


#: Unknown words of one post that are searched for a suggestion (3–5 ms each on a slow
#: machine): the real-text posts have at most 5, a post of random letters hundreds.
#: Unknown words past this many are not flagged (issue 13; docs/api.md, Limits). (At 20,
#: 3,000 characters of random words took 150–200 ms, 75–115 at 10.)
MAX_SEARCHES_PER_POST = 8
#: Words of one post that the speller does not know and that are then judged one by one
#: (regular forms, English, names; a millisecond or more each). Of 12,004 real posts
#: (Leipzig and the benchmark corpus) none has more than 4; a post of random letters has
#: hundreds, and past this many the rest are not judged or flagged (issue 13).
MAX_UNKNOWN_PER_POST = 40
#: This many unknown words, and more than a third of the words read so far, is random
#: letters or a code dump (a real post has at most 4 in all): da.spelling says nothing
#: of such a post, and searches none. (3,000 characters of random words took 44–70 ms
#: without this, by the words drawn, the searches most of it.)
DENSE_UNKNOWN = 6
#: Words asked of the speller in the first chunk (see DENSE_UNKNOWN: a post of random
#: letters is told within its first words, and each new word costs an analysis).
_FIRST_CHUNK = 16
#: Words asked of the speller at once (its look-ups are batched per call).
_KNOWN_CHUNK = 64


def _random_letters(words: Sequence[Word], candidates: Sequence[Word],
                    is_known: Callable[[int], bool]) -> bool:
    """Do the words the speller does not know reach DENSE_UNKNOWN while they are over a
    third of the words read (settled ones included: what earlier posts settled must not
    change the answer)? Looked for among the first ``3 * MAX_UNKNOWN_PER_POST`` words:
    past them, the main loop's own limit holds."""
    starts = [c.start for c in candidates]
    unknown = 0
    for k, w in enumerate(words):
        read = bisect_right(starts, w.start)
        if read >= 3 * MAX_UNKNOWN_PER_POST:
            return False
        if not is_known(k):
            unknown += 1
            if unknown >= DENSE_UNKNOWN and 3 * unknown > read:
                return True
    return False


def danish_post(ctx: Context) -> bool:
    if ctx.policy.language != "da":
        return False
    guess = post_language(ctx.analysis)
    return guess.lang in (None, "da") or not guess.sure


def _match_case(word: str, suggestion: str) -> str:
    return suggestion[:1].upper() + suggestion[1:] if word[:1].isupper() else suggestion


class Spelling(Rule):
    name = "spelling"
    severity = "warning"
    summary = "Words are spelt as Retskrivningsordbogen spells them."
    rationale = ("A misspelt word is the first thing a reader notices and the easiest to fix. "
                 "The lexicon is the Danish table of spacy-lookups-data (about 550,000 word "
                 "forms) with Danish compound analysis (kerne|fortælling, "
                 "kommunikation|s|ansvarlig), the company's own vocabulary from the policy "
                 "(name, products, terminology, style.accept) and established loans (team, "
                 "weekend, app, feedback, deadline). Names, numbers, URLs, hashtags, mentions, "
                 "e-mails, abbreviations and acronyms are skipped; a word is flagged only when "
                 "a known word lies within two edits, so slang and names without a near "
                 "Danish word are left alone. Suggestions are ranked by edit distance and "
                 "frequency (wordfreq). Words Retskrivningsordbogen writes apart (`i dag`, "
                 "`i gang`) count as misspellings when written together.")
    message = {
        "da": "»{word}« er stavet forkert. Skriv »{suggestion}«.",
        "en": "\"{word}\" is misspelt. Write \"{suggestion}\".",
    }
    examples = [
        bad("Det er <marker>selvfølig</marker> gratis at få et tilbud.",
            suggestion="selvfølgelig"),
        bad("Tak for en <marker>fantastik</marker> dag med hele teamet.",
            suggestion="fantastisk"),
        bad("Det var en <marker>interresant</marker> debat om elnettet.",
            suggestion="interessant"),
        bad("God <marker>kommunkation</marker> er nøglen til et godt samarbejde.",
            suggestion="kommunikation"),
        bad("Vi søger nye <marker>medarbjedere</marker> til vores kontor i Aarhus.",
            suggestion="medarbejdere"),
        bad("Vi er <marker>igang</marker> med at installere solceller.", suggestion="i gang"),
        bad("<marker>Desvære</marker> er messen aflyst.", suggestion="Desværre"),
        bad("Kommunen skal ikke skifte sit <marker>indkøbssytem</marker> ud.",
            suggestion="indkøbssystem"),
        bad("Vi sorterer batterierne efter <marker>afladningtid</marker>.",
            suggestion="afladningstid"),
        good("Vores kommunikationsansvarlige har skrevet en ny kernefortælling."),
        good("Mød vores energirådgiver Mette Sørensen på messen i Herning."),
        good("Hele teamet tog en weekend i Skagen og gav feedback på den nye app."),
        good("Prøv SolPakke og Nordlys Varmepumpe: #grønomstilling @NordlysEnergi "
             "https://nordlys.dk/solpakke"),
        good("Ring på tlf. 70 20 30 40 eller skriv til kundeservice@nordlys.dk, fx i dag."),
        good("Vores HR-chef og CFO fortæller om LinkedIn-opslag og employer branding."),
        good("Vi bruger Flexistrøm i alle nye aftaler.", policy={"style": {"accept": ["Flexistrøm"]}}),
        good("Anders og Sofie fra Odense har fået installeret en varmepumpe."),
        good("Indlæg af marit Wengel om vores nye kundecenter."),
        good("Han er mere til en businessmand med en stor bil end til en kunstner."),
        good("På latin blev navnet til marcipani."),
        good("Samtlige ved denne Leilighed tagne Fanger bleve satte i Frihed."),
    ]

    def prepare(self, policy: Policy) -> None:
        self.vocabulary = policy_vocabulary(self.compiled)

    def check(self, ctx: Context) -> Iterator[Hit]:
        if not danish_post(ctx):
            return
        vocabulary = self.vocabulary
        spell = spell_words(ctx.analysis)
        # (settled first: most words are, and most posts then have none left)
        words = [w for w in spell if w.lower not in _SETTLED and w.lower not in vocabulary]
        if not words:
            return
        speller = get_speller()
        # Asked a chunk of words at a time, as the loop reaches them: past
        # MAX_UNKNOWN_PER_POST the loop stops, and the rest are never analysed.
        known: dict[str, bool] = {}

        def is_known(k: int) -> bool:
            if words[k].lower not in known:
                # the first chunk small: a post of random letters shows in its first words
                size = _KNOWN_CHUNK if known else _FIRST_CHUNK
                known.update(speller.known_many(w.lower for w in words[k:k + size]))
            return known[words[k].lower]

        def candidates() -> list[Word]:
            """The words outside the policy's vocabulary (all of them, settled or not)."""
            return [w for w in spell if w.lower not in vocabulary]

        # (random letters need DENSE_UNKNOWN unknown words: most posts have fewer left)
        if len(words) >= DENSE_UNKNOWN and _random_letters(words, candidates(), is_known):
            return

        lists = word_lists()
        text = ctx.analysis.text
        old_spans: list[Spans] = []

        def old(start: int) -> bool:
            """In a sentence of old orthography (computed on first need)?"""
            if not old_spans:
                old_spans.append(_old_orthography_sentences(ctx.analysis, candidates()))
            return start in old_spans[0]

        ascii_text = not any(c in text for c in "æøåÆØÅ")  # written without æ, ø, å
        searches = unknown = 0
        at_sign = "@" in text
        for k, w in enumerate(words):
            if w.lower == "ligeså" and _before_degree_word(text, w.end):
                lige = _match_case(w.text, "lige så")  # `ligeså godt` → `lige så godt`
                yield Hit(w.start, w.end, args={"word": w.text, "suggestion": lige},
                          suggestion=lige, suggestions=[lige])
                continue
            if quoted_form(text, w.start, w.end) or (at_sign and address_part(text, w.start)):
                continue  # `'goed'` (a form talked about), `rabat@skole-foraeldre.`
            if is_known(k):
                fix: str | None = None if w.text[0].isupper() \
                    else self._compound_slip(speller, w.lower)
                if fix is None and not w.text[0].isupper() and w.lower not in _BY_CONTEXT:
                    if len(_SETTLED) >= _MAX_SLIPS:
                        _SETTLED.clear()
                    _SETTLED.add(w.lower)  # known, no slip: every later post skips it at once
                if fix is not None and not old(w.start):
                    # `opholdstedet`, `cykleklub`: a slip in a compound
                    fix = _match_case(w.text, fix)
                    # unsure: a word cut short (`samarbejds..`), one noun for another in
                    # the first part (`stil|billeder` → «still|billeder»)
                    unsure = cut_off(text, w.end) or noun_for_noun(w.lower, fix.lower())
                    yield Hit(w.start, w.end, args={"word": w.text, "suggestion": fix},
                              suggestion=fix, suggestions=[fix],
                              severity="info" if unsure else None)
                continue
            unknown += 1
            if unknown > MAX_UNKNOWN_PER_POST:
                return  # not prose a speller can help with (random letters, a code dump)
            if w.lower in lists.nordic or _nordic_ending(w.lower):
                continue
            if w.lower in lists.confusion_words or any(
                    stem in w.lower for stem in lists.confusion_stems):
                continue  # da.confusion's finding
            fixed = lists.misspellings.get(w.lower)
            severity: str | None = None
            if fixed is not None:
                suggestions = [fixed]
            else:
                if _stavekontrolden_knows(w.lower) or not_a_slip(text, w.start, w.end, w.lower) \
                        or _genitive(w.lower) or _english_plural(w.lower):
                    continue  # a full form (`naboers`), a regular form (`juniorkor`), `matr.`
                ascii_form = ascii_fix(w.lower, ascii_text)
                joined = run_together(w.lower) if ascii_form is None else None
                if ascii_form is not None:
                    suggestions = [ascii_form]  # `kaempe` → `kæmpe`, `afdode` → `afdøde`
                elif joined is not None:
                    # `ogfik` → `og fik`; the speller's nearest words as alternatives
                    # (`imidlertidig` → «i midlertidig», `imidlertid`)
                    suggestions = [joined, *(c for c in speller.suggest(w.lower, 2)
                                             if damerau(w.lower, c) <= 2 and c != joined)]
                elif old(w.start):
                    continue  # old orthography (`maaneder`, `beqvemmere`): right for its time
                else:
                    searches += 1
                    if searches > MAX_SEARCHES_PER_POST:
                        continue  # random letters, not Danish prose (issue 13)
                    suggestions = self._suggestions(speller, w)
                    if not suggestions or (len(w.lower) >= 9 and damerau(w.lower, suggestions[0]) > 1):
                        fix = long_word_fix(w.lower, False)
                        if fix is None and not suggestions:
                            fix = compound_fix(w.lower) or compound_edit_fix(w.lower)
                        suggestions = [fix] if fix is not None else suggestions
                if not suggestions or english(w.lower, suggestions[0]) \
                        or _foreign_context(text, w, speller) or _named_language(text, w.start):
                    continue  # English, or a word of a foreign phrase (`den stora skattjakten`)
                if joined is not None:
                    pass  # two words run together: sure as it stands
                elif ascii_form is None and w.text[0].isupper() and (
                        not typing_slip(w.lower, suggestions[0])
                        or zipf_da(suggestions[0].lower()) < 3.5
                        or len(w.lower) > len(suggestions[0])):
                    # a capital word near a dictionary word is a name (`Folmer`), also one
                    # a letter longer (`Knudde` → «Knude»: names double their consonants)
                    continue
                elif ascii_form is None and (not sure_slip(w.lower, suggestions[0])
                                           or text[w.end:w.end + 1] == "-"
                                           or derived_form(w.lower)
                                           or final_double(w.lower, suggestions[0].lower())
                                           or noun_for_noun(w.lower, suggestions[0].lower())
                                           or "/" in (text[w.start - 1:w.start],
                                                      text[w.end:w.end + 1])
                                           or (abbreviated_compound(w.lower)
                                               and w.lower.startswith(suggestions[0]))
                                           or prefixed_word(w.lower, suggestions[0])
                                           or (cut_off(text, w.end)
                                               and is_compound_part(w.lower))
                                           or (hyphen_head(text, w.start)
                                               and possessive_adjective(w.lower))):
                    # a likely slip, but the correction is a guess; or a regular
                    # derivation (`varmning`, `blogningen`, `snub-næsede`), a compound
                    # abbreviated or cut short (`dobbeltsp`, `samarbejds..`), a prefixed
                    # word turned into another (`umaltet` → «umalet»), one of a pair with a
                    # slash (`voksi/køre-pose`: brands and codes)
                    severity = "info"
            if w.text[0].isupper() and _a_name(ctx.analysis, w.i):
                continue  # a name is never a spelling error (the da.names facet: `Knudsen`)
            suggestions = [_match_case(w.text, s) for s in suggestions]
            yield Hit(w.start, w.end, args={"word": w.text, "suggestion": suggestions[0]},
                      suggestion=suggestions[0], suggestions=suggestions, severity=severity)

    @staticmethod
    def _compound_slip(speller: Speller, lower: str) -> str | None:
        """A word the speller takes for a compound of known parts, but which Stavekontrolden
        neither lists nor analyses, and which is two words run together (`vilblive`,
        `lidtom`) or one typing slip or linking -s- from a form it lists
        (`ledelseskiftet`, `samarbejdespartnere`, `cykleklub`). Remembered per word:
        every known word of every post asks (a few lexicon probes each)."""
        if len(lower) < 5 or len(lower) > MAX_WORD_CHARS:
            return None  # a word this long is not analysed (each split costs its length)
        try:
            return _SLIPS[lower]
        except KeyError:
            pass
        got = Spelling._find_compound_slip(speller, lower)
        remember(_SLIPS, lower, got, _MAX_SLIPS)
        return got

    @staticmethod
    def _find_compound_slip(speller: Speller, lower: str) -> str | None:
        if _stavekontrolden_knows(lower) or speller.in_lexicon(lower) \
                or zipf_da(lower) > 0 or zipf_en(lower) >= 2.5 or regular_form(lower) \
                or english_compound(lower) or _english_loan(lower) \
                or lower in word_lists().accept:
            return None
        return run_together(lower) or long_word_fix(lower, True) or compound_fix(lower) \
            or compound_edit_fix(lower, linking_only=True)

    @staticmethod
    def _suggestions(speller: Speller, w: Word) -> list[str]:
        """Suggestions close enough to say the word is a slip, not a name or slang."""
        cands = speller.suggest(w.lower)
        if not cands:
            return []
        best = damerau(w.lower, cands[0])
        if best == 2 and len(w.lower) < 7:
            return []  # a short word two edits from anything is as likely a name or slang
        if w.first and w.text[0].isupper() and (
                best > 1 or zipf_da(cands[0]) < 3.5 or not speller.in_lexicon(cands[0])):
            return []  # a capital at a sentence start may still be a name (`Nohr`, `Ewii`)
        # Never the word without its negating or deriving prefix: `uplaceret` → «placeret»
        # turns the meaning round.
        near = [c for c in cands if damerau(w.lower, c) == best
                and not (w.lower.endswith(c) and w.lower[:-len(c)] in _PREFIXES)]
        # A typing slip before a mere neighbour: `ogå` → `også` before «og».
        near.sort(key=lambda c: not typing_slip(w.lower, c))
        return near[:3]


_NEXT_WORD = re.compile(r" +([^\W\d_]+)")


def _before_degree_word(text: str, end: int) -> bool:
    """Is the next word an adjective or adverb of degree (`ligeså godt`, `ligeså solide`)?
    There RO writes `lige så`; `ligeså` alone (`og ligeså gør vi`) is right."""
    from brandguard.lang.da.morphology import readings

    m = _NEXT_WORD.match(text, end)
    if m is None:
        return False
    rs = readings(m.group(1).lower())
    return any(r.upos == "ADJ" for r in rs) and all(
        r.upos in ("ADJ", "ADV") or r.get("VerbForm") == "Part" for r in rs)


def _old_orthography_sentences(a: Analysis, words: Sequence[Word]) -> Spans:
    """Sentences with a sign of old orthography: text from before 1948, where unknown
    words are old spellings, not slips. Signs: an old spelling (`maaneder`, `beqvemmere`,
    `kjørt`), or two common nouns inside the sentence written with a capital after a
    determiner, pronoun, preposition or adjective (`i samme Stilling`, `ved denne
    Leilighed tagne Fanger`)."""
    old = sorted(w.start for w in words if old_spelling(w.lower))
    nouns = sorted(_capitalised_nouns(a))
    # (counted by bisection, not by testing every sign against every sentence)
    return Spans((s.start, s.end) for s in a.sentences
                 if _count_between(old, s.start, s.end) >= 1
                 or _count_between(nouns, s.start, s.end) >= 2)


def _count_between(positions: Sequence[int], start: int, end: int) -> int:
    """How many of the sorted ``positions`` lie in ``[start, end)``."""
    return bisect_left(positions, end) - bisect_left(positions, start)


#: Tokens after which a capital starts something (a heading, a quotation, a list item).
_OPENERS = frozenset({":", "»", "«", "“", "”", "„", '"', "(", "–", "—", "-", "•", "*", "|", "/"})


#: Word classes that go before a noun inside a phrase (`i Frihed`, `denne Leilighed`,
#: `optage Vogne`):
#: a capital after them is no sentence start a full stop was missing before.
_BEFORE_NOUN = frozenset({"DET", "ADP", "ADJ", "PRON", "NUM", "VERB"})


def _capitalised_nouns(a: Analysis) -> list[int]:
    """Starts of capitalised common nouns inside a sentence, each between two words in
    small letters (the pre-1948 capital, not a name, a title or a heading): not a
    sentence's first word, not after a colon or a quotation mark, not a listed name or a
    proper noun of the lexicon."""
    from brandguard.lang.da.morphology import readings

    firsts = sentence_first_words(a)
    words = [t for t in a.tokens if not t.space]
    out: list[int] = []
    for k, t in enumerate(words):
        text = t.text
        if len(text) < 3 or not text[0].isupper() or not text[1:].islower() \
                or not text.isalpha() or t.i in firsts:
            continue
        prev = words[k - 1].text if k else ""
        nxt = words[k + 1].text if k + 1 < len(words) else ""
        if prev in _OPENERS or prev[:1].isupper() or nxt[:1].isupper():
            continue
        if listed_kind(text) is not None or is_proper_name(text):
            continue
        if any(r.upos == "NOUN" for r in readings(t.lower)) and prev.isalpha() and any(
                r.upos in _BEFORE_NOUN for r in readings(prev)):
            out.append(t.start)
    return out


def _nordic_ending(lower: str) -> str | None:
    """The Danish form of a Norwegian/Swedish -het/-sjon word, if the Danish form is known
    and the word itself is not."""
    if not lower.endswith(_NORDIC_SUFFIXES):
        return None
    for ending, danish in _NORDIC_ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            fixed = lower[: -len(ending)] + danish
            lex = get_lexicon().lookup_many([lower, fixed])
            if lex[lower] is None and lex[fixed] is not None:
                return fixed
            return None
    return None


class NorwegianSwedish(Rule):
    name = "norwegian-swedish"
    severity = "warning"
    summary = "Norwegian and Swedish word forms in Danish text."
    rationale = ("Norwegian and Swedish forms slip into Danish posts from colleagues in the "
                 "other Nordic countries, from translated campaign text and from autocorrect "
                 "set to the wrong language: `reise` for `rejse`, `hva` for `hvad`, "
                 "`bæredygtighet` for `bæredygtighed`, `av` for `af` (danish.md). They are not "
                 "typos, so they get their own message. `av` is also a Danish exclamation "
                 "(\"Av!\") and is flagged only as a preposition (`en av`, `av de`); forms that "
                 "are also Danish words (`bare`, `ble`, `bedrift`) are never flagged.")
    message = {
        "da": "»{word}« er norsk eller svensk. På dansk hedder det »{suggestion}«.",
        "en": "\"{word}\" is Norwegian or Swedish. In Danish it is \"{suggestion}\".",
    }
    examples = [
        bad("Det har været en lang <marker>reise</marker> mod grøn energi.", suggestion="rejse"),
        bad("Vi arbejder hver dag med <marker>bæredygtighet</marker> i alt, hvad vi gør.",
            suggestion="bæredygtighed"),
        bad("<marker>Hva</marker> betyder en varmepumpe for din elregning?", suggestion="Hvad"),
        bad("Vi er stolte af at være en <marker>av</marker> de første i Danmark.",
            suggestion="af"),
        bad("Vi har installeret <marker>mye</marker> solceller i år.", suggestion="meget"),
        bad("Vi har fået nye kolleger, og <marker>noen</marker> af dem starter i dag.",
            suggestion="nogen"),
        bad("Vores fokus på <marker>sikkerhet</marker> gælder alle montører.",
            suggestion="sikkerhed"),
        good("Av! Det gjorde ondt at se elregningen i januar."),
        good("Vi skal bare have en rejse til Oslo på plads."),
        good("Hvad betyder bæredygtighed for dig? Skriv til os."),
        good("Vores nye kollega Kari Nordmann kommer fra Bergen."),
        good("Vi holdt et oplæg på konferencen »Hva skjer i energibransjen?« i Oslo."),
        good("Vi så filmen Pelle Svanslös och den stora skattjakten i går."),
        good("Jeg har læst om Kaplan-Meier-metoden, spændende hva?"),
        bad("Jeg har læst om metoden. <marker>Hva</marker> synes du?", suggestion="Hvad"),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        if not danish_post(ctx):
            return
        lists = word_lists()
        words = spell_words(ctx.analysis)
        lowers = ctx.analysis.lowers
        tokens = ctx.analysis.tokens
        text = ctx.analysis.text
        old_text: list[Spans] = []  # computed on first need
        swedish = _swedish_sentences(ctx.analysis) if any(
            c in text for c in "äöÄÖ") else ()
        nordic = lists.nordic
        low_text = ctx.analysis[LOWER_TEXT]
        # no word ends in -het or -sjon (_NORDIC_SUFFIXES): only the listed words can be found
        endings = "het" in low_text or "sjon" in low_text
        for w in words if endings else [w for w in words if w.lower in nordic]:
            # The word lists first (most words are in none), then the exceptions.
            danish: tuple[str, ...] | None = nordic.get(w.lower)
            if danish is None and not w.lower.endswith(_NORDIC_SUFFIXES):
                continue  # (what _nordic_ending tests first, without a call per word)
            fixed = _nordic_ending(w.lower) if danish is None else None
            if danish is None and fixed is None:
                continue
            if text[w.end:w.end + 1] == "'":
                continue  # `blir'` (colloquial, marked)
            if w.start in swedish:
                continue  # `Pelle Svanslös och den stora skattjakten`: Swedish quoted whole
            if w.lower == "hva" and text[w.end:w.end + 1] == "?" and w.start > 0 \
                    and text[:w.start].rstrip()[-1:] not in (".", "!", "?", ""):
                continue  # `spændende, hva?`: the colloquial Danish tag question
            if danish is None:
                if fixed is None or get_speller().known_many([w.lower])[w.lower]:
                    continue
                danish = (fixed,)
            if not old_text:
                old_text.append(_old_orthography_sentences(ctx.analysis, words))
            if w.start in old_text[0]:
                continue  # `reise` in text before 1948
            suggestions = [_match_case(w.text, d) for d in danish]
            yield Hit(w.start, w.end, args={"word": w.text, "suggestion": suggestions[0]},
                      suggestion=suggestions[0], suggestions=suggestions)
        # `av` is too short for the spelling words: look at the tokens themselves.
        if "av" not in lowers:
            return  # (one search in C, not a comparison per token)
        special = ctx.analysis.special_tokens
        quoted = Spans(quoted_spans(ctx.analysis))
        for t in tokens:
            if t.lower != "av" or t.i in special or not _preposition_av(t.i, lowers, tokens):
                continue
            if quoted and t.start in quoted:
                continue
            fixed = _match_case(t.text, "af")
            yield Hit(t.start, t.end, args={"word": t.text, "suggestion": fixed},
                      suggestion=fixed)


def _swedish_sentences(a: Analysis) -> Spans:
    """Sentences with a word in Swedish letters (ä, ö): a Swedish title or sentence
    quoted whole, whose Swedish words are not slips into Danish."""
    return Spans((s.start, s.end) for s in a.sentences
                 if any(c in a.text[s.start:s.end] for c in "äöÄÖ"))


def _preposition_av(i: int | None, lowers: Sequence[str], tokens: Sequence[Tok]) -> bool:
    """Is `av` at token ``i`` the Norwegian preposition rather than the exclamation?"""
    if i is None or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    if nxt.punct:
        return False  # "Av!", "Av, det gjorde ondt"
    j = i + 1
    while j < len(tokens) and tokens[j].space:
        j += 1
    after = lowers[j] if j < len(tokens) else ""
    k = i - 1
    while k >= 0 and tokens[k].space:
        k -= 1
    before = lowers[k] if k >= 0 and not tokens[k].punct else ""
    return before in _AV_BEFORE or after in _AV_AFTER


_LETTERS = re.compile(r"[^\W\d_]+")
#: `på latin`, `på engelsk`: a word after them is a foreign word quoted.
_ON_LANGUAGE = re.compile(r"\b(?:på|fra) (?:latin|engelsk|tysk|fransk|svensk|norsk|italiensk|"
                          r"spansk|græsk|hollandsk|arabisk|japansk|kinesisk)\b", re.IGNORECASE)
#: Danish endings an English noun or verb takes (`bootcamp|s`, `bootcamp|en`).
_LOAN_ENDINGS = ("s", "en", "er", "et", "ene", "erne")


def _named_language(text: str, start: int) -> bool:
    """`På latin blev navnet til marcipani`: a foreign language named just before the word
    (within 40 characters and the same sentence)."""
    before = text[max(0, start - 40):start]
    ends = [m.end() for m in _ON_LANGUAGE.finditer(before)]
    return bool(ends) and not any(c in ".!?" for c in before[ends[-1]:])


def _english_loan(lower: str) -> bool:
    """`bootcamps`: an English word with a Danish or English ending, known enough in
    English (the speller took it for a Danish compound, `boot|camps`)."""
    return any(lower.endswith(e) and len(lower) - len(e) >= 5
               and zipf_en(lower[:-len(e)]) >= 2.5 > zipf_da(lower[:-len(e)])
               for e in _LOAN_ENDINGS)


def _foreign_context(text: str, w: Word, speller: Speller) -> bool:
    """Is the word inside a foreign phrase? Its two neighbours on either side hold a
    word with letters Danish does not write (`Svanslös och den stora`), two words no
    Danish dictionary knows (`posse, non necesse utile`), or, for a word English also
    has, an English word beside it (`gymnastic skills`)."""
    before = _LETTERS.findall(text, max(0, w.start - 40), w.start)[-2:]
    after = _LETTERS.findall(text, w.end, w.end + 40)[:2]
    around = [x for x in (*before, *after) if len(x) >= 3]
    if not around:
        return False
    if any(foreign_letters(x) for x in around):
        return True
    lows = [x.lower() for x in around]
    known = speller.known_many(lows)
    danish = {x: known[x] and (zipf_en(x) <= zipf_da(x) + 0.5 or _stavekontrolden_knows(x))
              for x in lows}
    if sum(1 for x, orig in zip(lows, around, strict=True)
           if not danish[x] and not orig[0].isupper()) >= 2:
        return True
    if zipf_en(w.lower) >= 1.5:
        near = [x for x in (before[-1:] + after[:1])]
        return any(not danish[x.lower()] and zipf_en(x.lower()) >= 3.5 for x in near
                   if x.lower() in danish)
    return False


def _english_plural(lower: str) -> bool:
    """`bracers`: an English plural whose singular English also has (both in wordfreq's
    English list), not a Danish word."""
    return lower.endswith("s") and len(lower) >= 5 and zipf_en(lower) >= 1.0 \
        and zipf_en(lower[:-1]) >= 1.0 and zipf_da(lower) == 0.0


def _genitive(lower: str) -> bool:
    """`medinas`: the genitive of a word Stavekontrolden lacks but that is common in
    Danish text (wordfreq), as a noun is."""
    stem = lower[:-1]
    return lower.endswith("s") and len(stem) >= 4 and not stem.endswith("s") \
        and zipf_da(stem) >= 3.0 and zipf_da(stem) > zipf_en(stem)


def _stavekontrolden_knows(word: str) -> bool:
    """Whether Stavekontrolden's full forms (every inflection of its 157,838 stems, the
    spelling lexicon LibreOffice uses for Danish) hold the word. Its compound analysis
    is not used here: it also splits misspellings into known parts."""
    from brandguard.lang.da.morphology import is_known

    return is_known(word)
