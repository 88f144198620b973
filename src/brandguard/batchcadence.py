"""The earlier rows of a batch, as posting history: a file is a plan, and counts.

Four copies of one company post by one employee in one file must not all pass the
cadence limits because each is checked alone. :func:`earlier_rows` gives every row
the same author's company posts that come before it in the file *in time*
(``created_at``, then the line), and :func:`check_many <brandguard.batch.check_many>`
checks the row with them as ``history=`` — together with the ledger, if one is given.

Every earlier row counts, whether or not it passes itself: the rows are the posts the
file plans to publish. Rows without ``created_at`` count as the moment the batch
started (so copies without a time are posts of the same day, zero hours apart).
Personal posts (``kind: personal``) and rows without an author are not counted, as the
cadence rules do not count them.

Copies across authors count too, as the ledger would count them: a row also gets the
earlier rows of *other* authors that the same-story and near-duplicate rules look for —
near-identical texts (word-pair Jaccard at least ``spam.duplicate_warn``, within
``spam.duplicate_window_days``) and rows of the same campaign within 24 hours — so one
template copied by twenty colleagues in one file is seen as shared by twenty.

Linear: each row gets at most the author's last :func:`keep` earlier company posts
(enough to break any of the policy's limits, whose counts are then at least the limit),
and only those within the cadence window; and at most :func:`story_authors` other
authors' copies and campaign rows each, found through the MinHash band keys of the
texts (each band key remembers its last few authors, not every row).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from .ledger.minhash import TextSignature, jaccard
from .models import Post

if TYPE_CHECKING:
    from .inputs import Row
    from .policy import Policy

#: The author id a Post gets when the row names nobody (the spam pack's ``ANONYMOUS``).
_ANONYMOUS = "anonymous"


def keep(policy: Policy) -> int:
    """How many of the author's earlier posts a row needs: one more than any limit."""
    spam = policy.spam
    return max(spam.max_posts_per_day or 0, spam.max_posts_per_week or 0, 1) + 1


def story_authors(policy: Policy) -> int:
    """How many other authors' copies a row needs: one more than the same-story limit."""
    return max(policy.spam.max_shares_per_story_per_day or 0, 1) + 1


def counts(post: Post) -> bool:
    """A post the cadence limits count: a company post by a named employee."""
    return post.kind != "personal" and post.author.id != _ANONYMOUS


def earlier_rows(rows: Sequence[Row], policy: Policy,
                 now: datetime | None = None) -> dict[int, list[Post]]:
    """For each row (by its index in ``rows``) that the cadence limits count, the same
    author's earlier company rows of the file (``created_at`` order, then line order)
    within the cadence window, oldest first. Rows with nothing before them are left out.

    Two rows in the same second are counted one second apart (the earlier one moved
    back), so that identical copies are not taken for the same post checked twice.
    """
    start = now or datetime.now(UTC)
    window = timedelta(days=7, hours=policy.spam.min_hours_between_posts)
    limit = keep(policy)
    timed: list[tuple[datetime, int, int]] = []
    for index, row in enumerate(rows):
        post = row.post
        if post is not None and counts(post):
            timed.append((post.created_at or start, row.line, index))
    timed.sort(key=lambda t: (t[0], t[1]))
    last: dict[str, deque[tuple[datetime, Post]]] = {}
    out: dict[int, list[Post]] = {}
    for at, _line, index in timed:
        post = rows[index].post
        assert post is not None
        before = last.setdefault(post.author.id, deque(maxlen=limit))
        near = [(t, p) for t, p in before if t >= at - window]
        if near:
            out[index] = _spread(near, at)
        before.append((at, post))
    for index, others in _other_authors(rows, policy, start).items():
        out.setdefault(index, []).extend(others)
    return out


#: One remembered row: its time, its index in the batch.
_Seen = tuple[datetime, int]


def _other_authors(rows: Sequence[Row], policy: Policy, start: datetime) -> dict[int, list[Post]]:
    """For each row by a named author, the earlier rows of other authors that are near
    copies of it or share its campaign (at most :func:`story_authors` of each), with
    their times set (a row without one: the batch start)."""
    spam = policy.spam
    need = story_authors(policy)
    dup_window = timedelta(days=max(1, spam.duplicate_window_days))
    day = timedelta(hours=24)
    timed: list[tuple[datetime, int, int]] = []
    for index, row in enumerate(rows):
        post = row.post
        if post is not None and post.author.id != _ANONYMOUS:
            timed.append((post.created_at or start, row.line, index))
    timed.sort(key=lambda t: (t[0], t[1]))
    # Band key → the last authors whose text has it (author → their latest such row).
    bands: dict[int, OrderedDict[str, _Seen]] = {}
    campaigns: dict[str, OrderedDict[str, _Seen]] = {}
    shingles: dict[int, frozenset[int]] = {}
    out: dict[int, list[Post]] = {}

    def remember(index_of: OrderedDict[str, _Seen], author: str, seen: _Seen) -> None:
        index_of[author] = seen
        index_of.move_to_end(author)
        if len(index_of) > need + 1:
            index_of.popitem(last=False)

    for at, _line, index in timed:
        post = rows[index].post
        assert post is not None
        author = post.author.id
        sig = TextSignature.of(post.text)
        shingles[index] = sig.shingles
        best: dict[str, tuple[float, int]] = {}
        if sig.shingles:
            candidates = {(a, seen) for key in sig.bands for a, seen in bands.get(key, {}).items()
                          if a != author and seen[0] >= at - dup_window}
            for other, (_t, j) in candidates:
                sim = jaccard(sig.shingles, shingles[j])
                if sim >= spam.duplicate_warn and sim > best.get(other, (0.0, -1))[0]:
                    best[other] = (sim, j)
        picked = [j for _sim, j in sorted(best.values(), reverse=True)[:need]]
        if post.campaign is not None:
            shared = campaigns.get(post.campaign, OrderedDict())
            picked += [j for a, (t, j) in reversed(shared.items())
                       if a != author and t >= at - day][:need]
        if picked:
            out[index] = [_at(rows[j].post, start) for j in dict.fromkeys(picked)]
        for key in sig.bands:
            remember(bands.setdefault(key, OrderedDict()), author, (at, index))
        if post.campaign is not None:
            remember(campaigns.setdefault(post.campaign, OrderedDict()), author, (at, index))
    return out


def _at(post: Post | None, start: datetime) -> Post:
    assert post is not None
    return post if post.created_at is not None else post.model_copy(update={"created_at": start})


def _spread(near: list[tuple[datetime, Post]], at: datetime) -> list[Post]:
    """The earlier posts, each with its time set (a row without one: the batch start)
    and made a distinct whole second before the next."""
    out: list[Post] = []
    ceiling = int(at.timestamp())
    for t, p in reversed(near):
        second = min(int(t.timestamp()), ceiling - 1)
        moved = t if second == int(t.timestamp()) else datetime.fromtimestamp(second, UTC)
        out.append(p.model_copy(update={"created_at": moved}))
        ceiling = second
    out.reverse()
    return out
