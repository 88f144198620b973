"""Each channel's limits and X's way of counting: facts the format and compliance rules share.

Built-in limits (compliance.md, "Platform limits") can be overridden per channel
under ``channels:`` in the policy.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .analysis import Analysis
    from .rule import Context

#: Built-in channel limits (compliance.md; overridable under ``channels:``).
CHANNEL_LIMITS: dict[str, dict[str, int | None]] = {
    "linkedin": {"max_chars": 3000, "fold": 210, "max_hashtags": None},
    "x": {"max_chars": 280, "fold": None, "max_hashtags": None},
    "instagram": {"max_chars": 2200, "fold": 125, "max_hashtags": 30},
    "facebook": {"max_chars": 63206, "fold": 125, "max_hashtags": None},
    "other": {"max_chars": None, "fold": None, "max_hashtags": None},
}


def channel_limit(ctx: Context, key: str) -> int | None:
    """The post's channel limit under the check's policy (see ``CompiledPolicy``)."""
    return ctx.compiled.channel_limit(ctx.post.channel, key)



# X's weighted length by twitter-text v3's rules, here rather than through the
# twitter-text-parser package: its URL pattern backtracks (3,000 characters of `a.`
# take 22 s) and a post costs 5 ms there, 0.2 ms here. The tests hold these weights to
# it on 3,334 real posts (rules/format/tests/test_format.py).
#: twitter-text v3 (config/v3.json): code points in these ranges weigh 1, all others 2.
_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
X_URL_WEIGHT = 23
X_EMOJI_WEIGHT = 2
#: Emoji that twitter-text counts as emoji (2) without U+FE0F, though their code point
#: lies in a light range (its emoji list has them "unqualified"); the others of that
#: kind weigh 2 by range anyway. (The analysis takes a bare © or ® for a letter.)
_X_BARE_EMOJI = frozenset("\u00a9\u00ae")


def _char_weight(ch: str) -> int:
    if ch in _X_BARE_EMOJI:
        return X_EMOJI_WEIGHT
    cp = ord(ch)
    for lo, hi in _LIGHT_RANGES:
        if lo <= cp <= hi:
            return 1
    return 2


def x_weights(analysis: Analysis) -> Iterator[tuple[int, int, int]]:
    """(start, end, weight) of each unit of ``analysis.text`` as X counts it, in order:
    a URL 23, an emoji (a whole ZWJ sequence) 2, other characters 1 or 2 by range. One
    at a time: as a list, a post of 200,000 characters made 200,000 tuples at once."""
    a = analysis
    text = a.text
    units = heapq.merge(((p.start, p.end, X_URL_WEIGHT) for p in a.urls),
                        ((p.start, p.end, X_EMOJI_WEIGHT) for p in a.emoji))
    pos = 0
    for start, end, weight in units:
        if start < pos:
            continue  # an emoji inside a URL: the URL already counts
        for i in range(pos, start):
            yield i, i + 1, _char_weight(text[i])
        yield start, end, weight
        pos = end
    for i in range(pos, len(text)):
        yield i, i + 1, _char_weight(text[i])


