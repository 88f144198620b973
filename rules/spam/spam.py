"""Spam rules that need the posting history: cadence, same-story caps, near-duplicates,
copies of the template, and the balance of company and personal posts.

The history comes from ``checker.check(post, ledger=…)`` (a :class:`~brandguard.Ledger`
queried for only what a rule needs) and/or ``history=[…]`` (wrapped in an
in-memory ledger once per check), so every rule asks the same questions of both.

Fail closed: when the ledger cannot be read, the first rule that needs it gives an
error finding that names the problem; a pre-publish hook never passes a post
because its history was unreachable.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any, TypeVar

from brandguard import i18n
from brandguard.analysis import Analysis
from brandguard.facets import Facet
from brandguard.ledger.base import (
    Breach,
    CadenceLimits,
    Duplicate,
    Entry,
    Ledger,
    LedgerError,
    cadence_breaches,
)
from brandguard.ledger.memory import MemoryLedger
from brandguard.ledger.minhash import TextSignature, words
from brandguard.rule import ByLang, Context, Hit, Rule, bad_post, good

T = TypeVar("T")
#: The author id a Post gets when the caller names nobody: never counted as one person.
ANONYMOUS = "anonymous"
#: A run of at least this many words in the same order as the template is copied text.
COPIED_RUN = 3


class _HistoryRule(Rule):
    """A rule that reads the posting history: it may report that the history is unavailable."""

    messages = {
        "history-unavailable": {
            "da": "Opslagshistorikken kunne ikke læses ({error}), så antal opslag, delinger og "
                  "dubletter er ikke tjekket. Opslaget er blokeret, indtil historikken virker "
                  "igen.",
            "en": "The posting history could not be read ({error}), so post counts, shares and "
                  "duplicates were not checked. The post is blocked until the history works "
                  "again.",
        },
    }
    suggestion_templates = {
        "fix-ledger": {
            "da": "Kontakt den, der driver opslagshistorikken (ledger), eller prøv igen om lidt.",
            "en": "Contact whoever runs the posting history (ledger), or try again shortly.",
        },
    }


class History:
    """The history one check sees: the caller's ledger and ``history=[…]`` together."""

    def __init__(self, ctx: Context) -> None:
        self.post = ctx.post
        self.sources: list[Ledger] = []
        if ctx.ledger is not None:
            self.sources.append(ctx.ledger)
        if ctx.history:
            mem = MemoryLedger("history", exact=True)
            mem.record_many(ctx.history)
            self.sources.append(mem)
        self.error: Exception | None = None
        self.reported = False
        # The post's time, read when the check opens its history; without one (most
        # checks) no rule asks for it, and it is read on first use.
        self._at: datetime | None = ctx.post.published_at() if self.sources else None
        self._own: tuple[str, int, str] | None = None
        self._signature: TextSignature | None = None

    def __bool__(self) -> bool:
        return bool(self.sources)

    @property
    def at(self) -> datetime:
        """When the post is published (now, for a draft without a time)."""
        if self._at is None:
            self._at = self.post.published_at()
        return self._at

    @property
    def _own_key(self) -> tuple[str, int, str]:
        if self._own is None:
            self._own = (self.post.author.id, int(self.at.timestamp()), self.post.text)
        return self._own

    @property
    def signature(self) -> TextSignature:
        if self._signature is None:
            self._signature = TextSignature.of(self.post.text)
        return self._signature

    def ask(self, question: Callable[[Ledger], list[T]]) -> list[T] | None:
        """Ask every source; None (and :attr:`error` set) if one cannot answer."""
        if self.error is not None:
            return None
        out: list[T] = []
        try:
            for source in self.sources:
                out.extend(question(source))
        except (LedgerError, OSError) as exc:
            self.error = exc
            return None
        return out

    def is_self(self, e: Entry) -> bool:
        """The entry is this very post (checked again after it was reserved or recorded)."""
        if self.post.id is not None and e.post_id == self.post.id:
            return True
        return (e.author, int(e.at.timestamp()), e.text) == self._own_key

    def entries(self, question: Callable[[Ledger], list[Entry]]) -> list[Entry] | None:
        found = self.ask(question)
        if found is None:
            return None
        seen: set[tuple[str, int, str]] = set()
        out = []
        for e in found:
            key = (e.author, int(e.at.timestamp()), e.text)
            if key in seen or self.is_self(e):
                continue
            seen.add(key)
            out.append(e)
        return out

    def author_company_times(self, limits: CadenceLimits) -> list[datetime] | None:
        """The author's other company posts around this one (shared by the cadence rules)."""
        since, until = limits.window(self.at)
        author = self.post.author.id
        found = self.entries(lambda s: s.posts_by_author(author, since, until, kind="company"))
        return None if found is None else [e.at for e in found]


#: The check's posting history (the ledger and/or ``history=``), opened once per check.
HISTORY: Facet[History] = Facet("spam.history", lambda a: History(a.ctx), requires=("context",),
                                doc="The posting history of this check, asked once per question.")


def history(ctx: Context) -> History:
    return ctx.analysis[HISTORY]


def _cadence_times(a: Analysis) -> list[datetime] | None:
    """The author's other company posts around this one, under the policy's limits."""
    return a[HISTORY].author_company_times(a.ctx.compiled.cadence)


CADENCE_TIMES: Facet[list[datetime] | None] = Facet("spam.cadence", _cadence_times,
                                                    requires=("spam.history",))


def unavailable(h: History) -> Iterator[Hit]:
    """The fail-closed finding, once per check (by the first rule that met the failure)."""
    if h.error is None or h.reported:
        return
    h.reported = True
    error = " ".join(str(h.error).split())[:240]
    yield Hit(None, None, args={"error": error}, severity="error", key="history-unavailable",
              suggestion_key="fix-ledger")


def local_time(at: datetime, ctx: Context, lang: str) -> str:
    from zoneinfo import ZoneInfo

    local = at.astimezone(ZoneInfo(ctx.policy.company.timezone))
    if lang == "en":
        return local.strftime("%d %b %Y %H:%M")
    return f"{local.day}.{local.month}.{local.year} kl. {local:%H.%M}"


def counts_for_cadence(ctx: Context) -> bool:
    """Company posts by a named employee: personal posts are nobody's business here."""
    return ctx.post.kind != "personal" and ctx.post.author.id != ANONYMOUS


# --- cadence ---------------------------------------------------------------------------------


class _Cadence(_HistoryRule):
    # A limit, not a hint: over it the post is blocked. ``spam.cadence_severity`` lowers
    # all three rules at once (a ``rules:`` override of one rule still applies).
    severity = "error"
    breach_kind = ""

    def prepare(self, policy: Any) -> None:
        self.limits = self.compiled.cadence
        if self.active_severity == type(self).severity:
            self.active_severity = policy.spam.cadence_severity

    def check(self, ctx: Context) -> Iterator[Hit]:
        if not counts_for_cadence(ctx):
            return
        h = history(ctx)
        if not h:
            return
        times = ctx.analysis[CADENCE_TIMES]
        if times is None:
            yield from unavailable(h)
            return
        for breach in cadence_breaches(h.at, times, self.limits):
            if breach.kind == self.breach_kind:
                yield self.hit(breach, ctx, h)

    def hit(self, breach: Breach, ctx: Context, h: History) -> Hit:
        return Hit(None, None, args={"count": breach.count, "limit": int(breach.limit)})


#: What every cadence rule's rationale ends with: the limit is a limit.
_LIMIT = (" It is a limit, not a hint: a post over it is blocked (an error), and "
          "`brandguard check --record` and `Ledger.reserve` refuse to record it; "
          "`spam.cadence_severity: warning` makes the three cadence rules a hint. "
          "`brandguard batch` counts the earlier rows of the same file too.")

_EARLIER = "2025-03-10T08:00:00+01:00"
_POST_AT = "2025-03-10T15:00:00+01:00"
_TEXT = "Vi har åbnet et nyt værksted i Aarhus, og jeg glæder mig til at vise det frem."
_OTHER = "I dag har jeg hjulpet en kunde med at vælge en varmepumpe til sit sommerhus."


def _post(author: str = "e1", at: str = _POST_AT, **kw: Any) -> dict[str, Any]:
    return {"author": {"id": author}, "created_at": at, **kw}


def _earlier(at: str, author: str = "e1", text: str = _OTHER, **kw: Any) -> dict[str, Any]:
    return {"text": text, "author": {"id": author}, "created_at": at, **kw}


class MaxPostsPerDay(_Cadence):
    name = "max-posts-per-day"
    breach_kind = "day"
    summary = "An employee posts at most spam.max_posts_per_day company posts a day."
    rationale = ("Followers tire of a colleague who pushes the company's stories every few "
                 "hours, and platforms limit the reach of very frequent posting (Meta; "
                 "LinkedIn research finds a second post within 18 hours loses about 15 % "
                 "reach). No authority gives a number, so the limit is policy: days are "
                 "calendar days in the company's time zone (company.timezone)." + _LIMIT)
    message = {
        "da": "Det bliver dit {count}. opslag om virksomheden i dag; politikken tillader "
              "{limit} om dagen.",
        "en": "This would be your company post number {count} today; the policy allows "
              "{limit} a day.",
    }
    suggestion_templates = {
        "tomorrow": {"da": "Udskyd opslaget til i morgen, eller lad det andet opslag stå alene.",
                     "en": "Post it tomorrow, or let the other post stand alone."},
    }
    examples = [
        bad_post(_TEXT, post=_post(), history=[_earlier(_EARLIER)],
                 suggestion="Udskyd opslaget til i morgen, eller lad det andet opslag stå alene."),
        # 23:30 UTC on the 9th is 00:30 on the 10th in Copenhagen: the same day.
        bad_post(_TEXT, post=_post(), history=[_earlier("2025-03-09T23:30:00+00:00")]),
        good(_TEXT, post=_post(), history=[_earlier("2025-03-09T22:30:00+00:00")]),
        good(_TEXT, post=_post(), history=[_earlier(_EARLIER, author="e2")]),
        good(_TEXT, post=_post(), history=[_earlier(_EARLIER, kind="personal")]),
        good(_TEXT, post=_post(), history=[_earlier(_EARLIER)],
             policy={"spam": {"max_posts_per_day": 2}}),
    ]

    def hit(self, breach: Breach, ctx: Context, h: History) -> Hit:
        return Hit(None, None, args={"count": breach.count, "limit": int(breach.limit)},
                   suggestion_key="tomorrow")


class MaxPostsPerWeek(_Cadence):
    name = "max-posts-per-week"
    breach_kind = "week"
    summary = "An employee posts at most spam.max_posts_per_week company posts in 7 days."
    rationale = ("Practitioners warn that even one or two company posts a week is a lot for "
                 "an employee's network; a feed full of company news reads as advertising "
                 "and costs the trust advocacy depends on. The week is rolling: any seven "
                 "consecutive days (in company.timezone) that include this post." + _LIMIT)
    message = {
        "da": "Det bliver dit {count}. opslag om virksomheden på syv dage; politikken "
              "tillader {limit} om ugen.",
        "en": "This would be your company post number {count} in seven days; the policy "
              "allows {limit} a week.",
    }
    suggestion_templates = {
        "wait": {"da": "Vent et par dage, så opslagene spredes mere ud.",
                 "en": "Wait a few days so your posts are spread out."},
    }
    examples = [
        bad_post(_TEXT, post=_post(),
                 history=[_earlier("2025-03-04T09:00:00+01:00"),
                          _earlier("2025-03-06T09:00:00+01:00"),
                          _earlier("2025-03-08T09:00:00+01:00")],
                 suggestion="Vent et par dage, så opslagene spredes mere ud."),
        good(_TEXT, post=_post(),
             history=[_earlier("2025-03-02T09:00:00+01:00"),
                      _earlier("2025-03-04T09:00:00+01:00"),
                      _earlier("2025-03-06T09:00:00+01:00")]),
        good(_TEXT, post=_post(),
             history=[_earlier("2025-03-04T09:00:00+01:00"),
                      _earlier("2025-03-06T09:00:00+01:00", author="e2"),
                      _earlier("2025-03-08T09:00:00+01:00", kind="personal")]),
    ]

    def hit(self, breach: Breach, ctx: Context, h: History) -> Hit:
        return Hit(None, None, args={"count": breach.count, "limit": int(breach.limit)},
                   suggestion_key="wait")


class MinHoursBetweenPosts(_Cadence):
    name = "min-hours-between-posts"
    breach_kind = "gap"
    summary = "At least spam.min_hours_between_posts hours pass between an employee's company posts."
    rationale = ("Two company posts close together compete for the same readers: third-party "
                 "LinkedIn research finds that a second post within 18 hours loses about 15 % "
                 "of its reach, and readers see a colleague who posts in bursts as a "
                 "loudspeaker. The gap counts from any other company post, before or after "
                 "(a scheduled one too)." + _LIMIT)
    message = {
        "da": "Der er kun {hours} timer mellem dette og et andet af dine opslag om virksomheden "
              "({other}); politikken kræver mindst {limit} timer.",
        "en": "Only {hours} hours separate this and another of your company posts ({other}); "
              "the policy asks for at least {limit} hours.",
    }
    suggestion_templates = {
        "later": {"da": "Udskyd opslaget til tidligst {earliest}.",
                  "en": "Post it at {earliest} at the earliest."},
        "apart": {"da": "Flyt et af de to opslag, så der bliver længere imellem.",
                  "en": "Move one of the two posts so they are further apart."},
    }
    examples = [
        bad_post(_TEXT, post=_post(), history=[_earlier("2025-03-10T06:00:00+01:00")],
                 suggestion="Udskyd opslaget til tidligst 10.3.2025 kl. 18.00."),
        # A post scheduled later counts too.
        bad_post(_TEXT, post=_post(), history=[_earlier("2025-03-10T20:00:00+01:00")]),
        good(_TEXT, post=_post(), history=[_earlier("2025-03-10T02:00:00+01:00")]),
        good(_TEXT, post=_post(), history=[_earlier("2025-03-10T06:00:00+01:00", author="e2")]),
        good(_TEXT, post=_post(), history=[_earlier("2025-03-10T06:00:00+01:00")],
             policy={"spam": {"min_hours_between_posts": 0}}),
    ]

    def hit(self, breach: Breach, ctx: Context, h: History) -> Hit:
        other = breach.other
        assert other is not None and breach.hours is not None
        args: dict[str, Any] = {
            "hours": f"{breach.hours:.1f}".replace(".", ",") if ctx.lang == "da"
            else f"{breach.hours:.1f}",
            "limit": f"{breach.limit:g}", "other": local_time(other, ctx, ctx.lang)}
        if other <= h.at:
            earliest = other + timedelta(hours=breach.limit)
            args["earliest"] = ByLang(da=local_time(earliest, ctx, "da"),
                                      en=local_time(earliest, ctx, "en"))
            return Hit(None, None, args=args, suggestion_key="later")
        return Hit(None, None, args=args, suggestion_key="apart")


# --- same story, near-duplicates ------------------------------------------------------------


def _duplicates(a: Analysis) -> list[Duplicate] | None:
    """Near-duplicates of this post in the widest window any duplicate rule looks at."""
    ctx = a.ctx
    h = a[HISTORY]
    author = ctx.post.author.id
    exclude = None if author == ANONYMOUS else author
    sig = h.signature
    spam = ctx.policy.spam
    widest = h.at - timedelta(days=max(1, spam.duplicate_window_days))
    found = h.ask(lambda s: s.near_duplicates(sig, widest, exclude_author=exclude,
                                              min_similarity=spam.duplicate_warn))
    if found is None:
        return None
    return [d for d in found if not h.is_self(d.entry)]


DUPLICATES: Facet[list[Duplicate] | None] = Facet("spam.duplicates", _duplicates,
                                                  requires=("spam.history",))


def duplicates(ctx: Context, h: History, since: datetime) -> list[Duplicate] | None:
    """Other employees' posts at least ``spam.duplicate_warn`` similar, since ``since``.

    One index lookup per check serves both rules that need it: it covers the longer
    of the duplicate window and a day, and each rule cuts its own window from it.
    """

    found = ctx.analysis[DUPLICATES]
    return None if found is None else [d for d in found if d.entry.at >= since]


class StorySharesPerDay(_HistoryRule):
    name = "story-shares-per-day"
    severity = "warning"
    summary = "At most spam.max_shares_per_story_per_day employees share the same story within 24 hours."
    rationale = ("When twenty colleagues push the same story the same day, their networks "
                 "(which overlap) see it again and again; it looks orchestrated, and X and "
                 "LinkedIn act against coordinated and copy-pasted posting. A story counts by "
                 "its campaign id, and, without one, by near-identical texts (see "
                 "spam.near-duplicate) — counted like a campaign.")
    message = {
        "da": "{colleagues_have} allerede delt denne historie ({story}) det seneste døgn; "
              "politikken tillader {limit}.",
        "en": "{colleagues_have} already shared this story ({story}) in the last 24 "
              "hours; the policy allows {limit}.",
    }
    messages = {
        "same-text": {
            "da": "{colleagues_have} allerede delt denne historie (næsten samme tekst) det "
                  "seneste døgn; politikken tillader {limit}.",
            "en": "{colleagues_have} already shared this story (nearly the same text) in "
                  "the last 24 hours; the policy allows {limit}.",
        },
    }
    suggestion_templates = {
        "tomorrow": {"da": "Del historien i morgen, eller skriv om emnet med din egen vinkel.",
                     "en": "Share the story tomorrow, or write about the topic from your own "
                           "angle."},
    }
    examples = [
        bad_post(_TEXT, post=_post(campaign="vaerksted-aarhus"),
                 policy={"spam": {"max_shares_per_story_per_day": 2}},
                 history=[_earlier("2025-03-10T09:00:00+01:00", author="e2",
                                   campaign="vaerksted-aarhus"),
                          _earlier("2025-03-09T18:00:00+01:00", author="e3",
                                   campaign="vaerksted-aarhus")],
                 suggestion="Del historien i morgen, eller skriv om emnet med din egen vinkel."),
        bad_post(_TEXT, post=_post(), policy={"spam": {"max_shares_per_story_per_day": 1}},
                 history=[_earlier("2025-03-10T09:00:00+01:00", author="e2", text=_TEXT)]),
        good(_TEXT, post=_post(campaign="vaerksted-aarhus"),
             policy={"spam": {"max_shares_per_story_per_day": 2}},
             history=[_earlier("2025-03-10T09:00:00+01:00", author="e2",
                               campaign="vaerksted-aarhus"),
                      _earlier("2025-03-09T14:00:00+01:00", author="e3",
                               campaign="vaerksted-aarhus")]),
        good(_TEXT, post=_post(campaign="vaerksted-aarhus"),
             policy={"spam": {"max_shares_per_story_per_day": 2}},
             history=[_earlier("2025-03-10T09:00:00+01:00", author="e2",
                               campaign="vaerksted-aarhus"),
                      _earlier("2025-03-09T18:00:00+01:00", author="e3",
                               campaign="solpakke-lancering")]),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        h = history(ctx)
        if not h:
            return
        limit = ctx.policy.spam.max_shares_per_story_per_day
        since = h.at - timedelta(hours=24)
        until = h.at + timedelta(seconds=1)
        author = ctx.post.author.id
        exclude = None if author == ANONYMOUS else author
        campaign = ctx.post.campaign
        if campaign is not None:
            counts = h.ask(lambda s: [s.campaign_authors(campaign, since, until, exclude)])
            if counts is None:
                yield from unavailable(h)
                return
            count = sum(counts)
            key = None
        else:
            found = duplicates(ctx, h, since)
            if found is None:
                yield from unavailable(h)
                return
            count = len({d.entry.author for d in found if d.entry.at < until})
            key = "same-text"
        if count < limit or count == 0:
            return
        yield Hit(None, None, key=key, args={"count": count, "limit": limit, "story": campaign,
                                             "colleagues_have": counted("colleagues_have_shared_n",
                                                                        count)},
                  suggestion_key="tomorrow")


class NearDuplicate(_HistoryRule):
    name = "near-duplicate"
    severity = "warning"
    summary = "The post is not (nearly) the same text as a colleague's recent post."
    rationale = ("Identical posts from many employees are the classic failure of advocacy "
                 "programmes (\"20+ identical tweets\"): readers see through them, X forbids "
                 "identical content across accounts and down-ranks copies, and LinkedIn acts "
                 "against engagement pods. Texts are compared across employees as sets of "
                 "word pairs (Jaccard similarity, found with MinHash/LSH): from "
                 "spam.duplicate_warn (0.7) a warning, from spam.duplicate_block (0.9) an "
                 "error, within spam.duplicate_window_days.")
    message = {
        "da": "Opslaget er {similarity} % ens med {colleagues_posts} fra de seneste "
              "{days} dage. Ens opslag fra flere medarbejdere virker kunstige, og "
              "platformene skjuler dem.",
        "en": "The post is {similarity} % the same as {colleagues_posts} in the last "
              "{days} days. Identical posts from several employees look fake, and the "
              "platforms hide them.",
    }
    suggestion_templates = {
        "own-words": {"da": "Skriv opslaget med dine egne ord: hvad betyder nyheden for dig?",
                      "en": "Write the post in your own words: what does the news mean to you?"},
    }
    examples = [
        bad_post(_TEXT, post=_post(),
                 history=[_earlier("2025-03-08T09:00:00+01:00", author="e2", text=_TEXT)],
                 suggestion="Skriv opslaget med dine egne ord: hvad betyder nyheden for dig?"),
        bad_post(_TEXT + " Kom forbi til åbent hus på fredag.", post=_post(),
                 history=[_earlier("2025-03-08T09:00:00+01:00", author="e2",
                                   text=_TEXT + " Kom forbi til åbent hus på lørdag.")]),
        good(_TEXT, post=_post(),
             history=[_earlier("2025-03-08T09:00:00+01:00", author="e2", text=_OTHER)]),
        good(_TEXT, post=_post(),
             history=[_earlier("2025-03-01T09:00:00+01:00", author="e2", text=_TEXT)]),
        good(_TEXT, post=_post(),
             history=[_earlier("2025-03-08T09:00:00+01:00", author="e1", text=_TEXT)]),
        good("Jeg var med til at bygge vores nye værksted i Aarhus, og i dag glæder jeg mig "
             "til at vise det frem for kunderne.", post=_post(),
             history=[_earlier("2025-03-08T09:00:00+01:00", author="e2", text=_TEXT)]),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        h = history(ctx)
        if not h:
            return
        spam = ctx.policy.spam
        days = spam.duplicate_window_days
        found = duplicates(ctx, h, h.at - timedelta(days=days))
        if found is None:
            yield from unavailable(h)
            return
        if not found:
            return
        best = max(d.similarity for d in found)
        authors = {d.entry.author for d in found}
        severity = "error" if best >= spam.duplicate_block else None
        yield Hit(None, None, severity=severity,
                  args={"similarity": round(best * 100), "count": len(authors), "days": days,
                        "colleagues_posts": counted("colleagues_posts_n", len(authors))},
                  suggestion_key="own-words")


def counted(key: str, n: int) -> ByLang:
    """A count with its noun in the right plural form, in both languages."""
    return ByLang(da=i18n.t("da", key, n=n), en=i18n.t("en", key, n=n))


# --- the employee's own words ---------------------------------------------------------------


def own_share(text: str, template: str) -> float:
    """Share of the post's words that are not in runs copied from the template."""
    post_words = words(text)
    if not post_words:
        return 1.0
    template_words = words(template)
    matcher = difflib.SequenceMatcher(None, template_words, post_words, autojunk=False)
    copied = sum(b.size for b in matcher.get_matching_blocks() if b.size >= COPIED_RUN)
    return 1 - copied / len(post_words)


_TEMPLATE = ("Nordlys Energi åbner et nyt værksted i Aarhus. Her reparerer vi varmepumper "
             "og solceller fra hele Østjylland, så kunderne får hurtigere hjælp.")


class Personalisation(Rule):
    name = "personalisation"
    severity = "warning"
    summary = "A post built on the suggested template has at least spam.min_personalisation of the employee's own words."
    rationale = ("Advocacy works because readers trust a colleague's own voice more than an "
                 "advert; a template copied word for word is an advert with a person's name "
                 "on it, and many copies of it are near-duplicates the platforms down-rank. "
                 "The own share is the part of the post's words that are not in runs of three "
                 "or more words taken from the template.")
    message = {
        "da": "Kun {own} % af opslaget er dine egne ord; politikken beder om mindst {limit} %.",
        "en": "Only {own} % of the post is in your own words; the policy asks for at least "
              "{limit} %.",
    }
    messages = {
        "verbatim": {
            "da": "Opslaget er en ordret kopi af skabelonen. Dine kolleger deler den samme tekst, "
                  "så skriv det med dine egne ord (mindst {limit} %).",
            "en": "The post is a verbatim copy of the template. Your colleagues share the same "
                  "text, so write it in your own words (at least {limit} %).",
        },
    }
    suggestion_templates = {
        "own-words": {"da": "Skriv et par sætninger med dine egne ord: hvad betyder det for dig, "
                            "eller hvad har du selv oplevet?",
                      "en": "Add a few sentences in your own words: what does it mean to you, "
                            "or what have you seen yourself?"},
    }
    examples = [
        bad_post(_TEMPLATE, post={"template": _TEMPLATE},
                 suggestion="Skriv et par sætninger med dine egne ord: hvad betyder det for "
                            "dig, eller hvad har du selv oplevet?"),
        bad_post("Se her: " + _TEMPLATE + " Godt nyt!", post={"template": _TEMPLATE}),
        good("Jeg har selv været med til at indrette vores nye værksted i Aarhus, og jeg er "
             "stolt af resultatet. " + _TEMPLATE + " Kig forbi, hvis du kommer forbi "
             "Skejby – kaffen er klar.", post={"template": _TEMPLATE}),
        good(_TEMPLATE, post={}),
        good(_TEMPLATE, post={"template": _TEMPLATE},
             policy={"spam": {"min_personalisation": 0}}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        template = ctx.post.template
        limit = ctx.policy.spam.min_personalisation
        if not template or not template.strip() or limit <= 0:
            return
        share = own_share(ctx.post.text, template)
        if share >= limit:
            return
        yield Hit(None, None, args={"own": round(share * 100), "limit": round(limit * 100)},
                  key="verbatim" if share == 0 else None, suggestion_key="own-words")


# --- balance ------------------------------------------------------------------------------------


class Balance(_HistoryRule):
    name = "balance"
    severity = "info"
    summary = "At most spam.max_company_share of an employee's last spam.balance_window posts are company posts."
    rationale = ("A profile that only repeats the employer's news stops being personal, and "
                 "readers stop trusting it. Content-mix rules of thumb say 80/20 (at most a "
                 "fifth promotional) or 4-1-1. Off unless the policy sets "
                 "spam.max_company_share; it needs the employee's personal posts in the "
                 "history (Post.kind = personal) and a full window of posts.")
    message = {
        "da": "{company} af dine seneste {window} opslag handler om virksomheden ({share} %); "
              "politikken anbefaler højst {limit} %.",
        "en": "{company} of your last {window} posts are about the company ({share} %); the "
              "policy recommends at most {limit} %.",
    }
    suggestion_templates = {
        "own-day": {"da": "Del også noget fra din egen faglige hverdag, før du deler mere fra "
                          "virksomheden.",
                    "en": "Share something from your own working day too before sharing more "
                          "from the company."},
    }
    examples = [
        bad_post(_TEXT, post=_post(),
                 policy={"spam": {"max_company_share": 0.8, "balance_window": 5}},
                 history=[_earlier(f"2025-03-0{d}T09:00:00+01:00") for d in (2, 4, 6, 8)],
                 suggestion="Del også noget fra din egen faglige hverdag, før du deler mere "
                            "fra virksomheden."),
        good(_TEXT, post=_post(), policy={"spam": {"max_company_share": 0.8, "balance_window": 5}},
             history=[_earlier("2025-03-02T09:00:00+01:00", kind="personal"),
                      *[_earlier(f"2025-03-0{d}T09:00:00+01:00") for d in (4, 6, 8)]]),
        good(_TEXT, post=_post(), policy={"spam": {"max_company_share": 0.8, "balance_window": 5}},
             history=[_earlier(f"2025-03-0{d}T09:00:00+01:00") for d in (4, 6, 8)]),
        good(_TEXT, post=_post(), policy={"spam": {"balance_window": 5}},
             history=[_earlier(f"2025-03-0{d}T09:00:00+01:00") for d in (2, 4, 6, 8)]),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        spam = ctx.policy.spam
        limit = spam.max_company_share
        window = spam.balance_window
        if limit is None or window < 2 or not counts_for_cadence(ctx):
            return
        h = history(ctx)
        if not h:
            return
        author = ctx.post.author.id
        found = h.entries(lambda s: s.last_posts(author, window, before=h.at))
        if found is None:
            yield from unavailable(h)
            return
        last = sorted(found, key=lambda e: e.at, reverse=True)[: window - 1]
        if len(last) < window - 1:
            return  # too few posts to speak of a balance
        company = 1 + sum(1 for e in last if e.kind == "company")
        share = company / window
        if share <= limit:
            return
        yield Hit(None, None,
                  args={"company": company, "window": window, "share": round(share * 100),
                        "limit": round(limit * 100)},
                  suggestion_key="own-day")

