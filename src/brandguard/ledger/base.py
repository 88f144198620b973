"""What a posting ledger is: the history the spam rules query, and atomic reservations.

A ledger stores published (or reserved) posts: author, time, kind, channel,
campaign, text and the LSH band keys of the text. The spam rules ask it only
for what they need: one author's posts in a window, how many employees shared a
campaign in 24 hours, and the candidates for a near-duplicate. ``reserve`` is
the pre-publish hook's atomic check-and-record: of two hooks racing for the
last slot of an employee's day, exactly one gets it.

Implementations subclass :class:`Ledger` and provide the storage primitives;
the cadence logic (days in the company's time zone, rolling weeks, the gap
between posts) lives here once, so every store counts the same way.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .minhash import TextSignature, jaccard, shingles

if TYPE_CHECKING:
    from ..models import Post, Report
    from ..policy import Policy


class LedgerError(OSError):
    """The posting history cannot be opened, read or written (or its URL is invalid).

    The message is one line naming the store and the problem, e.g.
    ``postgresql ledger 127.0.0.1:5432/bg: cannot connect: connection refused``.
    It is an ``OSError``: like a missing file, the fix is outside the post.
    """


@dataclass(frozen=True, slots=True)
class Entry:
    """One post in a ledger."""

    id: int
    author: str
    at: datetime
    kind: str = "company"
    channel: str = "linkedin"
    campaign: str | None = None
    text: str = ""
    post_id: str | None = None
    verdict: str | None = None
    score: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "post_id": self.post_id, "author": self.author,
                "at": self.at.isoformat(), "kind": self.kind, "channel": self.channel,
                "campaign": self.campaign, "text": self.text, "verdict": self.verdict,
                "score": self.score}


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A near-duplicate found in the ledger and its exact Jaccard similarity."""

    entry: Entry
    similarity: float


@dataclass(frozen=True, slots=True)
class CadenceLimits:
    """The policy's cadence limits for company posts, and the company's time zone."""

    per_day: int | None = 1
    per_week: int | None = 3
    min_hours: float = 12.0
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Copenhagen"))

    @classmethod
    def from_policy(cls, policy: Policy) -> CadenceLimits:
        spam = policy.spam
        return cls(per_day=spam.max_posts_per_day, per_week=spam.max_posts_per_week,
                   min_hours=spam.min_hours_between_posts,
                   tz=ZoneInfo(policy.company.timezone))

    def window(self, at: datetime) -> tuple[datetime, datetime]:
        """The span of time whose posts decide a post at ``at``: the six local days
        before its day up to the end of the six after (a rolling week around it),
        widened by the minimum gap."""
        day = at.astimezone(self.tz).date()
        gap = timedelta(hours=self.min_hours)
        return (min(self._midnight(day - timedelta(days=6)), at - gap),
                max(self._midnight(day + timedelta(days=7)), at + gap))

    def _midnight(self, day: date) -> datetime:
        # Local midnight, as UTC; zoneinfo resolves DST days to their true length.
        return datetime.combine(day, time(0), tzinfo=self.tz).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Breach:
    """A cadence limit the post would exceed.

    ``kind`` is ``day``, ``week`` or ``gap``. ``count`` is the number of company
    posts in the fullest window with this one; for ``gap``, ``hours`` is the time
    to the nearest other post and ``other`` that post's time.
    """

    kind: str
    count: int = 0
    limit: float = 0
    hours: float | None = None
    other: datetime | None = None


def cadence_breaches(at: datetime, others: Iterable[datetime],
                     limits: CadenceLimits) -> list[Breach]:
    """Which cadence limits a company post at ``at`` breaks, given the author's other
    company posts (any time; only those near ``at`` matter)."""
    tz = limits.tz
    day = at.astimezone(tz).date()
    times = sorted(others)
    days = [t.astimezone(tz).date() for t in times]
    out: list[Breach] = []
    if limits.per_day is not None:
        same_day = sum(1 for d in days if d == day) + 1
        if same_day > limits.per_day:
            out.append(Breach("day", same_day, limits.per_day))
    if limits.per_week is not None:
        # Every rolling week (7 local days) that contains the post's day.
        fullest = 0
        for first in range(-6, 1):
            lo = day + timedelta(days=first)
            hi = lo + timedelta(days=6)
            fullest = max(fullest, sum(1 for d in days if lo <= d <= hi))
        if fullest + 1 > limits.per_week:
            out.append(Breach("week", fullest + 1, limits.per_week))
    if limits.min_hours > 0 and times:
        nearest = min(times, key=lambda t: abs((t - at).total_seconds()))
        hours = abs((nearest - at).total_seconds()) / 3600
        if hours < limits.min_hours:
            out.append(Breach("gap", 2, limits.min_hours, hours=hours, other=nearest))
    return out


@dataclass(frozen=True, slots=True)
class Reservation:
    """The answer of :meth:`Ledger.reserve`. True when the post got its slot.

    ``entry_id`` is the ledger entry that now holds the slot (pass the reservation
    to :meth:`Ledger.release` if the post is not published after all);
    ``breaches`` say why a refused post did not get one.
    """

    ok: bool
    entry_id: int | None = None
    breaches: tuple[Breach, ...] = ()

    def __bool__(self) -> bool:
        return self.ok

    @property
    def reason(self) -> str | None:
        """Why the post got no slot, in English (a stable field for logs and the HTTP
        answer's ``reason``); :meth:`explain` gives it in the user's language."""
        return self.explain("en")

    def explain(self, lang: str = "da") -> str | None:
        """Why the post got no slot, in ``lang`` (``da`` or ``en``); None if it got one."""
        if self.ok:
            return None
        from .. import i18n

        parts = []
        for b in self.breaches:
            limit = i18n.number(b.limit, lang, 0 if float(b.limit).is_integer() else 1)
            if b.kind == "gap":
                parts.append(i18n.t(lang, "cadence_gap", hours=i18n.number(b.hours or 0.0,
                                                                            lang, 1),
                                    limit=limit))
            else:
                key = "cadence_day_n" if b.kind == "day" else "cadence_week_n"
                parts.append(i18n.t(lang, key, n=b.count, limit=limit))
        return "; ".join(parts)


def utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("ledger times must carry a time zone")
    return value.astimezone(UTC)


def to_epoch(value: datetime) -> int:
    return int(utc(value).timestamp())


def from_epoch(value: int | float) -> datetime:
    return datetime.fromtimestamp(int(value), UTC)


@dataclass(frozen=True, slots=True)
class Row:
    """A post as a ledger stores it (before it has an id)."""

    author: str
    at: int
    kind: str
    channel: str
    campaign: str | None
    text: str
    post_id: str | None
    verdict: str | None
    score: int | None
    bands: tuple[int, ...]

    @classmethod
    def of(cls, post: Post, report: Report | None = None, bands: bool = True) -> Row:
        # A ledger knows company and personal posts: every kind but personal is a company post.
        kind = "personal" if post.kind == "personal" else "company"
        return cls(author=post.author.id, at=to_epoch(post.published_at()), kind=kind,
                   channel=post.channel, campaign=post.campaign, text=post.text,
                   post_id=post.id, verdict=report.verdict if report is not None else None,
                   score=report.score if report is not None else None,
                   bands=TextSignature.of(post.text).bands if bands else ())


class Ledger(abc.ABC):
    """A posting history. Open one with :func:`brandguard.open_ledger`.

    Ledgers are thread-safe and can be shared by many Checkers. Every method
    raises :class:`LedgerError` (one line) when the store cannot be used.
    Times are aware datetimes; posts without ``created_at`` count as now.
    """

    #: Short name of the store for messages and stats (``sqlite``, ``memory``, …).
    scheme: str = ""
    #: Where the store is (a path, a host), for messages; never a password.
    location: str = ""
    #: Whether records carry LSH band keys (a store that compares exactly does not).
    indexes_bands: bool = True

    # --- writing ----------------------------------------------------------------------------

    def record(self, post: Post, report: Report | None = None) -> int:
        """Add a published post (with its report, if any). Returns the entry id."""
        return self._insert([Row.of(post, report, self.indexes_bands)])[0]

    def record_many(self, posts: Iterable[Post | tuple[Post, Report | None]]) -> list[int]:
        """Add many posts in one transaction (imports, backfills)."""
        rows = [Row.of(*p, bands=self.indexes_bands) if isinstance(p, tuple)
                else Row.of(p, bands=self.indexes_bands) for p in posts]
        return self._insert(rows) if rows else []

    def reserve(self, post: Post, limits: Policy | CadenceLimits | None = None,
                report: Report | None = None) -> Reservation:
        """Atomically check the author's cadence limits and, if the post fits, record it.

        Two callers reserving for the same author at the same moment are
        serialised by the store (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an
        advisory lock on the author), so at most one takes the last slot.
        Personal posts are never limited. ``limits`` defaults to the policy
        defaults.
        """
        lim = _limits(limits)
        row = Row.of(post, report, self.indexes_bands)
        at = from_epoch(row.at)
        with self._author_lock(row.author):
            if row.kind == "company":
                since, until = lim.window(at)
                others = [e.at for e in self._author_entries(row.author, to_epoch(since),
                                                             to_epoch(until), "company")]
                breaches = cadence_breaches(at, others, lim)
                if breaches:
                    return Reservation(False, None, tuple(breaches))
            entry_id = self._insert_locked(row)
        return Reservation(True, entry_id)

    def release(self, reservation: Reservation | int) -> bool:
        """Undo a reservation (the post was not published). True if it was there."""
        entry_id = reservation if isinstance(reservation, int) else reservation.entry_id
        if entry_id is None:
            return False
        return self._delete([entry_id]) > 0

    def prune(self, before: datetime) -> int:
        """Forget posts published before ``before``. Returns how many were removed."""
        return self._prune(to_epoch(before))

    # --- reading ----------------------------------------------------------------------------

    def posts_by_author(self, author_id: str, since: datetime, until: datetime | None = None,
                        kind: str | None = None) -> list[Entry]:
        """The author's posts with ``since <= at < until``, oldest first."""
        return self._author_entries(author_id, to_epoch(since),
                                    to_epoch(until) if until else None, kind)

    def last_posts(self, author_id: str, n: int, before: datetime | None = None) -> list[Entry]:
        """The author's last ``n`` posts (any kind) before ``before``, newest first."""
        return self._last_posts(author_id, n, to_epoch(before) if before else None)

    def posts_by_campaign(self, campaign: str, since: datetime,
                          until: datetime | None = None) -> list[Entry]:
        """Posts sharing ``campaign`` with ``since <= at < until``, oldest first."""
        return self._campaign_entries(campaign, to_epoch(since),
                                      to_epoch(until) if until else None)

    def campaign_authors(self, campaign: str, since: datetime, until: datetime | None = None,
                         exclude_author: str | None = None) -> int:
        """How many employees (other than ``exclude_author``) shared ``campaign``."""
        return self._campaign_authors(campaign, to_epoch(since),
                                      to_epoch(until) if until else None, exclude_author)

    def near_duplicates(self, signature: TextSignature | str, since: datetime,
                        until: datetime | None = None, exclude_author: str | None = None,
                        min_similarity: float = 0.5, limit: int = 64) -> list[Duplicate]:
        """Posts whose text is at least ``min_similarity`` similar (Jaccard on word
        bigrams), most similar first. Candidates come from the LSH band index (no
        scan of the window); at most ``limit`` of the likeliest are compared exactly."""
        sig = TextSignature.of(signature) if isinstance(signature, str) else signature
        if not sig.shingles:
            return []
        candidates = self._band_candidates(sig.bands, to_epoch(since),
                                           to_epoch(until) if until else None,
                                           exclude_author, limit)
        out = []
        for entry in candidates:
            sim = jaccard(sig.shingles, self._shingles(entry))
            if sim >= min_similarity:
                out.append(Duplicate(entry, sim))
        out.sort(key=lambda d: (-d.similarity, -d.entry.at.timestamp()))
        return out

    def ping(self) -> None:
        """Raise :class:`LedgerError` unless the store answers."""
        self.stats()

    @abc.abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts and facts: posts, authors, campaigns, first and last time, size."""

    @abc.abstractmethod
    def export(self) -> Iterator[dict[str, Any]]:
        """Every post as a dict (oldest first), for backups and migrations."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection. Further calls raise LedgerError."""

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"

    # --- what a store provides ---------------------------------------------------------------

    @abc.abstractmethod
    def _insert(self, rows: Sequence[Row]) -> list[int]:
        """Insert rows (and their band keys) in one transaction; return their ids."""

    @abc.abstractmethod
    def _author_lock(self, author: str) -> AbstractContextManager[None]:
        """A transaction that excludes every other reservation for ``author``."""

    @abc.abstractmethod
    def _insert_locked(self, row: Row) -> int:
        """Insert one row inside :meth:`_author_lock`'s transaction."""

    @abc.abstractmethod
    def _author_entries(self, author: str, since: int, until: int | None,
                        kind: str | None) -> list[Entry]: ...

    @abc.abstractmethod
    def _last_posts(self, author: str, n: int, before: int | None) -> list[Entry]: ...

    @abc.abstractmethod
    def _campaign_entries(self, campaign: str, since: int, until: int | None) -> list[Entry]: ...

    @abc.abstractmethod
    def _campaign_authors(self, campaign: str, since: int, until: int | None,
                          exclude_author: str | None) -> int: ...

    @abc.abstractmethod
    def _band_candidates(self, bands: tuple[int, ...], since: int, until: int | None,
                         exclude_author: str | None, limit: int) -> list[Entry]:
        """Entries sharing at least one band key, those sharing most first."""

    def _shingles(self, entry: Entry) -> frozenset[int]:
        """The shingle set of a stored post (a store may cache it)."""
        return shingles(entry.text)

    @abc.abstractmethod
    def _delete(self, ids: Sequence[int]) -> int: ...

    @abc.abstractmethod
    def _prune(self, before: int) -> int: ...


def _limits(limits: Policy | CadenceLimits | None) -> CadenceLimits:
    if limits is None:
        return CadenceLimits()
    if isinstance(limits, CadenceLimits):
        return limits
    return CadenceLimits.from_policy(limits)

