"""The Checker: compile rules once, analyse each post once, run every rule, score.

A rule that raises does not wave the post through: it becomes an ``internal``
error finding naming the rule, and the verdict is ``block`` (fail closed).
"""

from __future__ import annotations

import math
import operator
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, cast

import pluggy

from .analysis import Analysis
from .builtin_packs import rules_root
from .compiled import CompiledPolicy
from .facets import ORIGINAL_ASCII, utf16_span
from .graphemes import widen
from .lang.da.langid import LANGUAGE, get_factory
from .ledger.base import Ledger
from .memtrim import after_post, release
from .models import (
    MAX_TEXT_CHARS,
    Category,
    EmptyPostError,
    Finding,
    Post,
    PostTooLongError,
    Report,
    Severity,
    Span,
    as_post,
    check_unicode,
)
from .narrative import NARRATIVE, Facts
from .packs import Registry
from .plugins import get_plugin_manager
from .policy import Policy, PolicyError, did_you_mean, load_policy
from .rule import Context, Hit, Rule
from .score import scores, verdict
from .watchdog import Overtime, budget_clock, interrupt_after

#: The languages of messages: Danish (the default) or English.
Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")
#: What a policy can be given as (anything :func:`load_policy` takes).
PolicySource = Policy | Mapping[str, Any] | str | Path
#: What a post can be given as: a Post, a mapping of its fields, or the text alone.
PostInput = Post | Mapping[str, Any] | str
_INTERNAL = {
    "da": "Reglen {rule} fejlede ({error}). Opslaget er blokeret, indtil fejlen er rettet; "
          "kontakt den, der vedligeholder reglen.",
    "en": "Rule {rule} failed ({error}). The post is blocked until the fault is fixed; "
          "contact whoever maintains the rule.",
}
_OVER_BUDGET = {
    "da": "Kontrollen brugte mere end sin tidsgrænse på {budget:g} s og blev stoppet før reglen "
          "{rule} ({left} regler nåede ikke at køre). Opslaget er blokeret; prøv en kortere tekst.",
    "en": "The check took more than its time budget of {budget:g} s and was stopped before rule "
          "{rule} ({left} rules did not run). The post is blocked; try a shorter text.",
}
_INTERRUPTED = {
    "da": "Kontrollen brugte mere end sin tidsgrænse på {budget:g} s og blev stoppet i reglen "
          "{rule} ({left} regler nåede ikke at køre færdig). Opslaget er blokeret; prøv en "
          "kortere tekst, eller kontakt den, der vedligeholder reglen.",
    "en": "The check took more than its time budget of {budget:g} s and was stopped in rule "
          "{rule} ({left} rules did not finish). The post is blocked; try a shorter text, or "
          "contact whoever maintains the rule.",
}
#: Seconds a check may take before it stops running rules and fails closed (``time_budget``).
DEFAULT_TIME_BUDGET = 10.0
#: A post that takes most code paths (sentences, numbers, a link, a mention, hashtags,
#: emoji, candidate compounds and verb forms): what :meth:`Checker.warm_up` checks.
WARM_UP_TEXT = ("Vi glæder os til at vise dig vores nye kontor i Aarhus! Montørerne satte 25 "
                "solcellepaneler op i går, og kunderne sparer 1.200 kr. om året. Han vil gerne "
                "lære mere om det nye strategi, og jeg lære hurtigt. Tak til @Nordlys for "
                "hjælpen 😀 Læs mere på https://example.dk/nyt #grønomstilling #arbejdsliv")
#: Findings kept per rule and post (the first ones the rule reports, in text order).
MAX_FINDINGS_PER_RULE = 100


def lang_of(value: str) -> Lang:
    """``value`` as a language of messages; ``ValueError`` unless it is da or en."""
    if value == "da":
        return "da"
    if value == "en":
        return "en"
    raise ValueError(f"lang: expected one of {', '.join(LANGS)}, got {value!r}")


class Checker:
    """Checks posts against one policy. Build it once and reuse it: it is thread-safe.

    ``lang`` is the language of messages (``da`` or ``en``). ``select`` runs only
    the given rule ids (whatever the policy's packs); ``ignore`` turns rule ids off.
    ``registry`` is one already built for this policy and plugin manager (a command
    that looked rule ids up in it passes it on rather than building it twice).
    Raises :class:`PolicyError` for a bad policy or a bad ``rules:`` override.
    """

    def __init__(
        self,
        policy: PolicySource,
        *,
        lang: Lang = "da",
        plugin_manager: pluggy.PluginManager | None = None,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        registry: Registry | None = None,
        time_budget: float | None = DEFAULT_TIME_BUDGET,
    ) -> None:
        self.lang: Lang = lang_of(lang)
        if time_budget is not None and (
                isinstance(time_budget, bool) or not isinstance(time_budget, int | float)
                or not math.isfinite(time_budget) or time_budget <= 0):
            raise ValueError(f"time_budget: expected a positive number of seconds or None, "
                             f"got {time_budget!r}")
        #: Seconds one check may take (None: no limit); see docs/api.md.
        self.time_budget = time_budget
        self.policy = load_policy(policy)
        self.plugin_manager = plugin_manager or get_plugin_manager()
        self.registry = registry or Registry.build(self.plugin_manager, self.policy)
        self.compiled = CompiledPolicy(self.policy)
        self.rules: list[Rule] = self._configure(
            set(select) if select is not None else None, set(ignore)
        )

    def warm_up(self) -> None:
        """Load now what the shipped rules load on first use (spaCy's tokenizer is loaded
        when the Checker is built; the lexicons, the tagger and the name lists follow), by
        checking one post that takes most code paths, and forget its report; and
        langdetect's profiles (the language facet asks it about posts its own signals
        cannot place: 30 ms to load, in whichever check first needs it).

        Not needed for correctness: loading never counts against a check's time budget
        (see :func:`brandguard.watchdog.loading`). It is for processes that fork workers
        (they then share what is loaded) and services that want the first request as fast
        as the rest. Plugin rules are left out: a broken one must not stall the warm-up."""
        get_factory()
        root = rules_root().resolve()
        shipped = {name for name, info in self.registry.packs.items()
                   if info.path is not None and info.path.resolve().parent == root}
        others = [r.id for r in self.rules if r.pack not in shipped]
        if len(others) == len(self.rules):
            return
        self.check(Post(text=WARM_UP_TEXT, campaign="warm-up", template=WARM_UP_TEXT),
                   ignore=others)
        release()  # the loads' freed buffers (a decompressed model, its JSON) go back

    # --- configuration --------------------------------------------------------------------

    def _configure(self, select: set[str] | None, ignore: set[str]) -> list[Rule]:
        policy = self.policy
        reg = self.registry
        for rid in [*(select or ()), *ignore]:
            if rid not in reg.rules:
                raise PolicyError(f"unknown rule id {rid!r}{did_you_mean(rid, reg.rules)}")
        by_kind: dict[str, dict[str, Any]] = {"category": {}, "pack": {}, "prefix": {}, "rule": {}}
        problems: list[str] = []  # every bad key under rules: at once, one line each
        for key, override in policy.rules.items():
            try:
                by_kind[reg.resolve_override_key(key, policy)][key] = override
            except PolicyError as exc:
                problems.append(str(exc))
        if problems:
            raise PolicyError("\n".join(problems))
        packs = reg.enabled_packs(policy) if select is None else set(reg.packs)
        out: list[Rule] = []
        for rule in reg.rules.values():
            if select is not None and rule.id not in select:
                continue
            if rule.id in ignore or (rule.pack and rule.pack not in packs):
                continue
            severity = rule.severity
            options: dict[str, Any] = {}
            layers = [by_kind["category"].get(rule.category), by_kind["pack"].get(rule.pack)]
            layers += [o for k, o in by_kind["prefix"].items() if rule.id.startswith(k[:-1])]
            layers.append(by_kind["rule"].get(rule.id))
            for layer in layers:
                if layer is None:
                    continue
                if layer.severity is not None:
                    severity = layer.severity
                options.update(layer.options)
            if severity == "off" and (select is None or rule.id not in select):
                continue
            try:
                bound = rule.bind(policy, rule.severity if severity == "off" else severity,
                                  options, self.compiled)
            except PolicyError as exc:
                problems.append(str(exc))
                continue
            out.append(bound)
        if problems:
            raise PolicyError("\n".join(problems))
        return out

    # --- checking -------------------------------------------------------------------------

    def check(
        self,
        post: PostInput,
        *,
        history: Sequence[Post | Mapping[str, Any]] | None = None,
        ledger: Ledger | None = None,
        ignore: Iterable[str] = (),
        lang: Lang | None = None,
    ) -> Report:
        """Check one post. ``history`` lists earlier posts (any author); ``ledger``
        is a :class:`brandguard.Ledger` the spam rules query instead.

        Raises :class:`EmptyPostError` / :class:`PostTooLongError` (both
        ``ValueError``) for text that cannot be checked, and
        ``pydantic.ValidationError`` for a dict that is not a valid post.
        """
        post = as_post(post)
        if not post.text.strip():
            raise EmptyPostError("post text is empty")
        if len(post.text) > MAX_TEXT_CHARS:
            raise PostTooLongError(f"post text has {len(post.text):,} characters; "
                                   f"the limit is {MAX_TEXT_CHARS:,}")
        check_unicode(post.text, "text")  # a Post made with model_construct
        lang = lang or self.lang
        budget = self.time_budget
        deadline = budget_clock() + budget if budget is not None else None
        analysis = Analysis(post.text)
        try:
            return self._check(analysis, post, history, ledger, ignore, lang, deadline)
        finally:
            analysis.close()  # frees the post's tokens and facets now, not at the next GC
            after_post(len(post.text))  # and, after a large post, their pages

    def _check(self, analysis: Analysis, post: Post,
               history: Sequence[Post | Mapping[str, Any]] | None, ledger: Ledger | None,
               ignore: Iterable[str], lang: Lang, deadline: float | None) -> Report:
        ctx = Context(analysis=analysis, post=post, policy=self.policy, lang=lang,
                      history=[as_post(h) for h in history or ()], ledger=ledger,
                      compiled=self.compiled)
        findings = self._run_rules(ctx, set(ignore), deadline, lang)
        findings = _one_per_problem(findings)
        findings.sort(key=_position)
        # What the report always carries, whatever rules ran: facets, computed once.
        facts = self._facts(analysis, findings, lang)
        figures = analysis.figures()
        figures.update(ctx.figures)
        if facts is not None and facts.story_fit is not None:
            figures["story_fit"] = facts.story_fit
        fit_floor = self.policy.narrative.min_story_fit if post.kind != "personal" else None
        overall, per = scores(findings, analysis.word_count, figures, fit_floor)
        return Report(
            post_id=post.id,
            verdict=verdict(findings),
            score=overall,
            scores=per,
            findings=findings,
            themes=list(facts.themes) if facts is not None else [],
            values=list(facts.values) if facts is not None else [],
            figures=figures,
            language=self._language(analysis, findings, lang),
            lang=lang,
        )

    def _run_rules(self, ctx: Context, skip: set[str], deadline: float | None,
                   lang: Lang) -> list[Finding]:
        """Every enabled rule's findings (one per rule and span), failing closed: a rule
        that raises, reports an impossible span or runs past the budget blocks the post."""
        analysis = ctx.analysis
        budget = self.time_budget
        findings: list[Finding] = []
        seen: set[tuple[str, int | None, int | None]] = set()
        k = 0
        try:
            # In the main thread a rule that runs past the budget is interrupted (the
            # watchdog's timer); elsewhere the budget is checked between rules.
            with interrupt_after(deadline) as armed:
                # With the timer armed, the timer alone stops the check: no clock reads.
                limit = None if armed else deadline
                for k, rule in enumerate(self.rules):
                    if skip and rule.id in skip:
                        continue
                    if limit is not None and budget_clock() > limit:
                        # Python cannot always stop a rule mid-way; it can refuse to start the next.
                        findings.append(self._over_budget(rule, len(self.rules) - k, budget, lang))
                        break
                    hits: list[Hit] = []
                    try:
                        # The first MAX_FINDINGS_PER_RULE: a flood (3,000 `(`) says nothing
                        # more and would cost time per finding; the generator is not run
                        # further. (A plain loop: most rules yield nothing, and list(islice())
                        # cost two objects per rule and post.)
                        for hit in rule.check(ctx):
                            hits.append(hit)
                            if len(hits) == MAX_FINDINGS_PER_RULE:
                                break
                    except Exception as exc:  # fail closed: a broken rule blocks the post
                        findings.append(self._internal(rule, exc, lang))
                        continue
                    if not hits:
                        continue
                    for hit in hits:
                        try:
                            finding = self._finding(rule, hit, analysis, lang)
                        except Exception as exc:
                            findings.append(self._internal(rule, exc, lang))
                            break
                        key = (finding.rule_id, finding.span.start if finding.span else None,
                               finding.span.end if finding.span else None)
                        if key not in seen:
                            seen.add(key)
                            findings.append(finding)
        except Overtime:
            findings.append(self._interrupted(self.rules[min(k, len(self.rules) - 1)],
                                              len(self.rules) - k, budget, lang))
        return findings

    def _facts(self, analysis: Analysis, findings: list[Finding], lang: str) -> Facts | None:
        try:
            return analysis[NARRATIVE]
        except Exception as exc:  # fail closed, as a rule would
            findings.append(self._internal_facet("narrative", exc, lang))
            return None

    def _language(self, analysis: Analysis, findings: list[Finding], lang: str) -> str | None:
        try:
            return analysis[LANGUAGE].lang
        except Exception as exc:
            findings.append(self._internal_facet("language", exc, lang))
            return None

    @staticmethod
    def _internal_facet(name: str, exc: BaseException, lang: str) -> Finding:
        error = f"{type(exc).__name__}: {exc}"[:200]
        return Finding(rule_id="internal", category="internal", severity="error",
                       message=_INTERNAL[lang].format(rule=f"facet {name}", error=error),
                       source=name)

    def _finding(self, rule: Rule, hit: Hit, analysis: Analysis, lang: str) -> Finding:
        span = None
        if hit.start is not None and hit.end is not None:
            n = len(analysis.text)
            if isinstance(hit.start, bool) or isinstance(hit.end, bool):
                raise TypeError(f"span offsets must be integers, got ({hit.start!r}, {hit.end!r})")
            s, e = operator.index(hit.start), operator.index(hit.end)
            if not 0 <= s <= e <= n:
                # Fail closed: a rule that reports an impossible place is broken.
                raise ValueError(f"impossible span ({s!r}, {e!r}) in a text of {n} characters")
            start, end = analysis.to_original(s, e)
            original = analysis.original
            # Never cut a grapheme cluster (an emoji with a skin tone, a letter and its accent).
            if not analysis[ORIGINAL_ASCII]:
                start, end = widen(original, start, end)
            u_start, u_end = utf16_span(analysis, start, end)
            span = Span(start=start, end=end, utf16_start=u_start, utf16_end=u_end,
                        text=original[start:end])
        suggestion = rule.format_suggestion(hit, lang)
        suggestions = list(hit.suggestions) or ([suggestion] if suggestion else [])
        return Finding(
            rule_id=rule.id,
            # The registry refuses a rule whose category or severity is not one of these.
            category=cast(Category, rule.category),
            severity=cast(Severity, hit.severity or rule.active_severity),
            message=rule.format_message(hit, lang),
            span=span,
            suggestion=suggestion,
            suggestions=suggestions,
            safe_fix=rule.safe_fix and suggestion is not None,
            source=rule.pack or rule.source,
        )

    @staticmethod
    def _over_budget(rule: Rule, left: int, budget: float | None, lang: str) -> Finding:
        return Finding(rule_id="internal", category="internal", severity="error",
                       message=_OVER_BUDGET[lang].format(budget=budget or 0, rule=rule.id,
                                                         left=left),
                       source="engine")

    @staticmethod
    def _interrupted(rule: Rule, left: int, budget: float | None, lang: str) -> Finding:
        return Finding(rule_id="internal", category="internal", severity="error",
                       message=_INTERRUPTED[lang].format(budget=budget or 0, rule=rule.id,
                                                         left=left),
                       source="engine")

    @staticmethod
    def _internal(rule: Rule, exc: BaseException, lang: str) -> Finding:
        error = f"{type(exc).__name__}: {exc}"[:200]
        return Finding(rule_id="internal", category="internal", severity="error",
                       message=_INTERNAL[lang].format(rule=rule.id, error=error),
                       source=rule.id)

    def rule(self, rule_id: str) -> Rule:
        """A configured rule by id."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def _one_per_problem(findings: list[Finding]) -> list[Finding]:
    """Keep one finding where several rules flag the same problem.

    Two findings are the same problem when they cover exactly the same span and
    either belong to the same category (``tone.advert`` and ``tone.banned-phrase``
    on »Køb nu«) or suggest the same replacement (``!!!`` → ``!`` from the language
    and the tone pack). The most severe stays; on a tie, the first rule's.
    """
    kept: dict[tuple[int, int], list[Finding]] = {}
    out: list[Finding] = []
    rank = {"info": 0, "warning": 1, "error": 2}
    for f in findings:
        if f.span is None or f.category == "internal":
            out.append(f)
            continue
        group = kept.setdefault((f.span.start, f.span.end), [])
        for i, other in enumerate(group):
            same = other.category == f.category or (
                f.suggestion is not None and other.suggestion == f.suggestion)
            if same:
                if rank[f.severity] > rank[other.severity]:
                    group[i] = f
                break
        else:
            group.append(f)
    for group in kept.values():
        out.extend(group)
    return out


def _position(f: Finding) -> tuple[int, int, int, str]:
    if f.span is None:
        return (-1, -1, 0, f.rule_id)
    rank = {"error": 0, "warning": 1, "info": 2}[f.severity]
    return (f.span.start, f.span.end, rank, f.rule_id)


_cached: dict[int, tuple[Policy, Checker]] = {}
_cached_lock = threading.Lock()


def check(
    post: PostInput,
    policy: PolicySource,
    *,
    history: Sequence[Post | Mapping[str, Any]] | None = None,
    ledger: Ledger | None = None,
    ignore: Iterable[str] = (),
    lang: Lang = "da",
) -> Report:
    """Check one post: a convenience that keeps a Checker per policy object.

    ``history``, ``ledger``, ``ignore`` and ``lang`` are those of :meth:`Checker.check`.
    """
    pol = load_policy(policy)
    key = id(pol) if isinstance(policy, Policy) else hash(pol.model_dump_json())
    with _cached_lock:
        entry = _cached.get(key)
        if entry is None or (isinstance(policy, Policy) and entry[0] is not pol):
            entry = (pol, Checker(pol))
            _cached[key] = entry
    return entry[1].check(post, history=history, ledger=ledger, ignore=ignore, lang=lang)
