"""The narrative: does the post carry the company's core story, its key messages and values,
and stay clear of off-limits topics and competitors?

The report gets what the post touches, whatever the findings: ``report.themes``
(each theme with the words that touched it and their spans in ``post.text``,
for a UI to highlight), ``report.values`` and the figure ``story_fit`` (0–1, the
TF-IDF cosine between the post and the core story or an approved example, on
lemmas without stop words, compounds split into known parts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from brandguard.facets import Facet
from brandguard.lang.da import sentence_valence
from brandguard.matching import TermMatcher
from brandguard.narrative import NARRATIVE
from brandguard.policy import Policy
from brandguard.postkind import CAMPAIGN, POST_KIND
from brandguard.rule import ByLang, Context, Hit, Rule, bad, bad_post, good
from brandguard.textkit import Spans, quotes, sentence_index, sentence_tokens

if TYPE_CHECKING:
    from brandguard.analysis import Analysis
    from brandguard.matching import TermMatch

#: Below this many content words a post says too little for a story-fit judgement.
MIN_FIT_WORDS = 8
#: A sentence at or below this valence that names a competitor criticises it.
CRITICISM_LIMIT = -2
# Comparisons that put a competitor down (`billigere end Vestkraft`).
_COMPARISON = re.compile(r"\b(?:bedre|billigere|hurtigere|dygtigere|dårligere|ringere|værre|"
                         r"dyrere|langsommere)\s+end\b|\bi\s+modsætning\s+til\b", re.IGNORECASE)


class _NarrativeRule(Rule):
    """The narrative rules read the post's facts (themes, values, story fit): a facet of
    the compiled policy's narrative model, computed once per post."""


# --- the rules ---------------------------------------------------------------------------

class KeyMessage(_NarrativeRule):
    name = "key-message"
    severity = "info"
    summary = "A company post touches at least `narrative.min_themes` of the key messages."
    rationale = (
        "The company anchors its core story in a few key messages (`narrative.themes`) so the "
        "right stories get told; a programme post that touches none of them does not help "
        "the story, however well written. Terms match case-insensitively, on lemmas, as "
        "phrases, inside Danish compounds (`solcelleanlægget` touches `solcelle`) and in "
        "hashtags. The report lists the themes touched and the words that touched them. "
        "Personal posts, job ads and internal messages to colleagues (`Post.kind`, or "
        "read from the text by the `post_kind` facet) are not judged, nor a share of one of "
        "the policy's campaigns, which `narrative.campaign` holds to its campaign."
    )
    message = {
        "da": "Opslaget rører {found} af virksomhedens nøglebudskaber; mindst {required} "
              "ønskes. Vinkl det på fx {themes}.",
        "en": "The post touches {found} of the company's key messages; at least {required} "
              "are wanted. Angle it on e.g. {themes}.",
    }
    suggestion_templates = {
        "connect": {"da": "Fortæl, hvordan det hænger sammen med {themes}.",
                    "en": "Tell how it connects to {themes}."},
    }
    examples = [
        bad_post("Tak for en hyggelig julefrokost i går. Maden var god, og dansegulvet var "
                 "fyldt til langt ud på natten.",
                 policy={"narrative": {"min_themes": 1}},
                 suggestion="Fortæl, hvordan det hænger sammen med Grøn omstilling eller "
                            "Kundeservice."),
        bad_post("I dag har vi sat solceller op hos en familie i Vejle.",
                 policy={"narrative": {"min_themes": 2}}),
        good("Vores nye solcelleanlæg på taget i Vejle producerer allerede strøm.",
             policy={"narrative": {"min_themes": 1}}),
        good("Mange tak til kundeservicen for hjælpen med varmepumperne i dag.",
             policy={"narrative": {"min_themes": 2}}),
        good("Stolt af holdet #solceller #rådgivning", policy={"narrative": {"min_themes": 2}}),
        good("Tak for en hyggelig julefrokost i går.", policy={"narrative": {"min_themes": 1}},
             post={"kind": "personal"}),
        good("Vi søger en elektriker til holdet i Aarhus. Send din ansøgning senest fredag.",
             policy={"narrative": {"min_themes": 1}}),
        good("Tak for en hyggelig julefrokost i går.", policy={"narrative": {"min_themes": 1}},
             post={"kind": "job-ad"}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        facts = ctx.analysis[NARRATIVE]
        required = ctx.policy.narrative.min_themes
        if required <= 0 or len(facts.themes) >= required:
            return
        # A personal post, a job ad or a message to colleagues is not asked for the
        # company's key messages (an event or a work story is); a share of one of the
        # policy's campaigns is held to its campaign instead (narrative.campaign).
        kind = ctx.analysis[POST_KIND]
        if kind in ("personal", "job-ad", "internal") or (
                kind == "campaign-share" and ctx.analysis[CAMPAIGN] is not None):
            return
        touched = {t.name for t in facts.themes}
        missing = [t.name for t in ctx.policy.narrative.themes if t.name not in touched]
        if not missing:
            return
        yield Hit(None, None, args={"found": len(facts.themes), "required": required,
                                    "themes": _either(missing)},
                  suggestion_key="connect")


class OffStory(_NarrativeRule):
    name = "off-story"
    severity = "info"
    summary = "A company post resembles the core story at least `narrative.min_story_fit`."
    rationale = (
        "The story fit is the TF-IDF cosine between the post and the core story "
        "(`narrative.core_story`) or its closest approved example (`narrative.examples`), on "
        "lemmas without stop words, with compounds matched by their parts. It is in the "
        "report as the figure `story_fit`. A company post far from the story is noted, "
        "not blocked: the employee may have a good reason. Posts under eight content words, "
        "personal posts, job ads and internal messages (`Post.kind`, or the `post_kind` "
        "facet) are not judged."
    )
    message = {
        "da": "Opslaget ligger langt fra virksomhedens kernefortælling (lighed {fit:.2f}; "
              "mindst {limit:.2f} ønskes). Knyt det til det, vi står for.",
        "en": "The post is far from the company's core story (similarity {fit:.2f}; at least "
              "{limit:.2f} is wanted). Connect it to what we stand for.",
    }
    suggestion_templates = {
        "themes": {"da": "Knyt det til det, vi står for, fx {themes}.",
                   "en": "Connect it to what we stand for, e.g. {themes}."},
        "core-story": {"da": "Knyt det til kernefortællingen: »{story}«",
                       "en": "Connect it to the core story: '{story}'"},
    }
    examples = [
        bad_post("Sikke en fodboldkamp i går aftes. Holdet spillede fantastisk, og stemningen "
                 "på stadion var helt i top hele vejen igennem.",
                 suggestion="Knyt det til det, vi står for, fx Grøn omstilling eller "
                            "Kundeservice."),
        good("I dag hjalp jeg en familie i Odense med at skifte oliefyret ud med en varmepumpe, "
             "så både regningen og udledningen falder."),
        good("Godt nytår til alle!"),
        good("Sikke en fodboldkamp i går aftes. Holdet spillede fantastisk, og stemningen "
             "på stadion var helt i top hele vejen igennem.", post={"kind": "personal"}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        facts = ctx.analysis[NARRATIVE]
        limit = ctx.policy.narrative.min_story_fit
        fit = facts.story_fit
        if (fit is None or ctx.analysis[POST_KIND] in ("personal", "job-ad", "internal")
                or limit <= 0
                or facts.content_words < MIN_FIT_WORDS or fit >= limit):
            return
        key, advice = _story_advice(ctx.policy)
        yield Hit(None, None, args={"fit": fit, "limit": limit, **advice}, suggestion_key=key)


def _story_advice(policy: Policy) -> tuple[str, dict[str, ByLang | str]]:
    """Advice that points at the policy's own story: its key messages, or its first sentence.

    The key of the rule's suggestion template, and its arguments.
    """
    themes = [t.name for t in policy.narrative.themes][:3]
    if themes:
        return "themes", {"themes": _either(themes)}
    first = re.split(r"(?<=[.!?])\s", policy.narrative.core_story.strip(), maxsplit=1)[0]
    if len(first) > 140:
        first = first[:139].rstrip() + "…"
    return "core-story", {"story": first}


def _either(names: list[str]) -> ByLang:
    """Up to three names as alternatives: `A, B eller C` (`A, B or C`)."""
    shown = names[:3]
    if len(shown) <= 2:
        return ByLang(da=" eller ".join(shown), en=" or ".join(shown))
    head = ", ".join(shown[:2])
    return ByLang(da=f"{head} eller {shown[2]}", en=f"{head} or {shown[2]}")


class OffLimits(_NarrativeRule):
    name = "off-limits"
    severity = "error"
    summary = "No topics the policy puts off limits (`narrative.off_limits`), each with its own severity."
    rationale = (
        "Some topics must not be discussed in the company's name at all (party politics, "
        "personnel cases, disputes): the policy lists them with their terms and a severity "
        "each. Terms match case-insensitively, on lemmas and inside compounds."
    )
    message = {
        "da": "»{match}« hører under emnet »{topic}«, som ikke skal omtales i opslag i "
              "virksomhedens navn. Slet det, eller spørg kommunikationsafdelingen.",
        "en": "'{match}' belongs to the topic '{topic}', which posts in the company's name "
              "must not discuss. Remove it or ask the communications team.",
    }
    suggestion_templates = {
        "remove": {"da": "Slet det, eller spørg kommunikationsafdelingen.",
                   "en": "Remove it or ask the communications team."},
    }
    examples = [
        bad("Husk at <marker>stemme på</marker> Grønt Parti ved valget.",
            policy={"narrative": {"off_limits": [
                {"name": "Partipolitik", "terms": ["stem på", "stemme på", "folketingsvalg"]}]}},
            suggestion="Slet det, eller spørg kommunikationsafdelingen."),
        bad("Før <marker>folketingsvalget</marker> vil jeg sige, at klimaet er vigtigt.",
            policy={"narrative": {"off_limits": [
                {"name": "Partipolitik", "terms": ["folketingsvalg"]}]}}),
        bad("Vi har en <marker>retssag</marker> kørende med en leverandør.",
            policy={"narrative": {"off_limits": [
                {"name": "Tvister", "terms": ["retssag"], "severity": "warning"}]}}),
        good("Vi har haft et godt valg af solcellepaneler i år.",
             policy={"narrative": {"off_limits": [
                 {"name": "Partipolitik", "terms": ["folketingsvalg"]}]}}),
    ]

    def prepare(self, policy: Policy) -> None:
        super().prepare(policy)
        terms: list[str] = []
        self._topic: list[int] = []
        for k, topic in enumerate(policy.narrative.off_limits):
            for term in topic.terms:
                terms.append(term)
                self._topic.append(k)
        self._matcher = TermMatcher(terms, ("surface", "lemma", "compound"), hashtags=True)

    def check(self, ctx: Context) -> Iterator[Hit]:
        if not self._matcher:
            return
        a = ctx.analysis
        topics = ctx.policy.narrative.off_limits
        for m in self._matcher.find(a):
            topic = topics[self._topic[m.term_index]]
            yield Hit(m.start, m.end, severity=topic.severity,
                      args={"match": a.text[m.start:m.end], "topic": topic.name},
                      suggestion_key="remove")


def _criticism(a: Analysis) -> tuple[list[TermMatch], frozenset[int]]:
    """Competitor mentions and the sentences (indices) that put a competitor down."""
    found = a.ctx.compiled.competitors.find(a)
    if not found:
        return [], frozenset()
    words = sentence_tokens(a)
    sents = a.sentences
    quoted = Spans(quotes(a))
    bad_sents: set[int] = set()
    judged: set[int] = set()  # (a sentence is judged once, however many names it holds)
    for m in found:
        k = sentence_index(a, m.start)
        if k in judged or k >= len(words):
            continue
        if m.start in quoted:
            continue
        judged.add(k)
        total, _ = sentence_valence(a, words[k])
        if total <= CRITICISM_LIMIT or _COMPARISON.search(sents[k].text):
            bad_sents.add(k)
    return found, frozenset(bad_sents)


#: The competitors a post names and the sentences that criticise one (both rules read it).
CRITICISM: Facet[tuple[list[TermMatch], frozenset[int]]] = Facet(
    "narrative.competitors", _criticism, requires=("context", "sentence_tokens", "quotes"))


class _CompetitorRule(_NarrativeRule):
    """The two competitor rules share the compiled policy's competitor matcher."""


class Competitor(_CompetitorRule):
    name = "competitor"
    severity = "info"
    summary = "Competitors named in a post are noted (`narrative.competitors`)."
    rationale = (
        "Naming a competitor in the company's name gives it attention and invites comparison; "
        "most programmes leave competitors out. A mention is noted; a negative statement "
        "about a competitor is `narrative.competitor-criticism`."
    )
    message = {
        "da": "»{match}« er en konkurrent. Overvej at lade konkurrenter ude af opslag i "
              "virksomhedens navn.",
        "en": "'{match}' is a competitor. Consider leaving competitors out of posts in the "
              "company's name.",
    }
    suggestion_templates = {
        "leave-out": {"da": "Udelad konkurrentens navn.", "en": "Leave out the competitor's name."},
    }
    examples = [
        bad("Jeg mødte folkene fra <marker>Vestkraft</marker> på messen i Herning.",
            suggestion="Udelad konkurrentens navn."),
        good("Vi mødte mange nye kunder på messen i Herning."),
        good("Vestenvinden gav solcellerne en kold dag."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        found, bad_sents = ctx.analysis[CRITICISM]
        for m in found:
            if sentence_index(a, m.start) in bad_sents:
                continue  # narrative.competitor-criticism speaks for this sentence
            yield Hit(m.start, m.end, args={"match": a.text[m.start:m.end]},
                      suggestion_key="leave-out")


class CompetitorCriticism(_CompetitorRule):
    name = "competitor-criticism"
    severity = "warning"
    summary = "No negative statements about competitors."
    rationale = (
        "Running down a competitor in an employee's post looks petty, invites a public "
        "reply, and comparative claims are regulated (markedsføringsloven § 5 on comparative "
        "advertising). A sentence that names a competitor and is negative (Danish sentiment "
        "lexicon, negations flipped) or compares (`billigere end`, `i modsætning til`) is "
        "flagged."
    )
    message = {
        "da": "Sætningen taler negativt om konkurrenten {match}. Fortæl hellere, hvad vi selv "
              "gør godt.",
        "en": "The sentence speaks negatively about the competitor {match}. Tell what we do "
              "well instead.",
    }
    suggestion_templates = {
        "own-strengths": {"da": "Fortæl, hvad vi selv gør godt.",
                          "en": "Tell what we do well ourselves."},
    }
    examples = [
        bad("<marker>Vestkraft har elendig service og dårlige montører.</marker>",
            suggestion="Fortæl, hvad vi selv gør godt."),
        bad("Messen var god. <marker>Vi er billigere end Vestkraft og hurtigere til at "
            "montere.</marker>"),
        good("Jeg mødte folkene fra Vestkraft på messen; det var en god snak om branchen."),
        good("Vores montører har elendige arbejdsforhold på taget i regnvejr, men de smiler."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        found, bad_sents = ctx.analysis[CRITICISM]
        sents = a.sentences
        for k in sorted(bad_sents):
            names = [a.text[m.start:m.end] for m in found if sentence_index(a, m.start) == k]
            yield Hit(sents[k].start, sents[k].end, args={"match": f"»{names[0]}«"},
                      suggestion_key="own-strengths")

