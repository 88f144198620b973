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

Linear: each row gets at most the author's last :func:`keep` earlier company posts
(enough to break any of the policy's limits, whose counts are then at least the limit),
and only those within the cadence window.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

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
    return out


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
