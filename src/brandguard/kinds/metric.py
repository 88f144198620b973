"""``extends: metric`` — a computed figure of the post against a minimum or maximum."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import ClassVar

from ..analysis import Analysis
from ..policy import Policy
from ..rule import Context, Hit
from .base import DeclarativeRule, Spec
from .occurrence import resolve_policy_ref


def _longest_sentence(a: Analysis) -> float:
    # The words' starts in order, each sentence's count by bisection: a count by a scan of
    # every word per sentence grew with their product (a long post: seconds).
    toks = a.tokens
    starts = [toks[i].start for i in a.word_ids]
    return float(max((bisect_left(starts, s.end) - bisect_left(starts, s.start)
                      for s in a.sentences), default=0))


METRICS: dict[str, Callable[[Analysis], float | None]] = {
    "lix": lambda a: a.lix,
    "words": lambda a: float(a.word_count),
    "sentences": lambda a: float(a.sentence_count),
    "characters": lambda a: float(len(a.original)),
    "avg_sentence_words": lambda a: (a.word_count / a.sentence_count) if a.sentence_count else 0.0,
    "longest_sentence_words": _longest_sentence,
}


def lix_band(value: float, lang: str = "da") -> str:
    """The Danish reading band of a LIX figure (dansksproghistorie.dk)."""
    bands = [(24, "meget let", "very easy"), (34, "let", "easy"), (44, "middel", "medium"),
             (54, "svær", "hard")]
    for top, da, en in bands:
        if value <= top:
            return da if lang == "da" else en
    return "meget svær" if lang == "da" else "very hard"


class Metric(DeclarativeRule):
    """A figure (``metric:`` one of lix, words, sentences, characters,
    avg_sentence_words, longest_sentence_words) against ``min``/``max``; the
    limits are numbers or ``$section.key`` of the policy (e.g. ``$style.lix_max``).
    """

    kind: ClassVar[str] = "metric"
    keys: ClassVar[dict[str, str]] = {
        "metric": "one of " + ", ".join(METRICS),
        "max": "a number or $section.key",
        "min": "a number or $section.key",
    }
    fills: ClassVar[frozenset[str]] = frozenset({"value", "limit", "band"})
    message_keys: ClassVar[dict[str, str]] = {
        "min": "the message when the value is below min (default: message)"}

    def parse(self, spec: Spec) -> None:
        self.metric = spec.choice("metric", tuple(METRICS), "")
        self.max_ref = spec.limit("max")
        self.min_ref = spec.limit("min")
        if self.max_ref is None and self.min_ref is None:
            raise spec.error("max", "missing; expected max or min")

    def prepare(self, policy: Policy) -> None:
        self._max = resolve_policy_ref(policy, self.max_ref)
        self._min = resolve_policy_ref(policy, self.min_ref)

    def check(self, ctx: Context) -> Iterator[Hit]:
        value = METRICS[self.metric](ctx.analysis)
        if value is None:
            return
        limit = None
        below = False
        if self._max is not None and value > self._max:
            limit = self._max
        elif self._min is not None and value < self._min:
            limit, below = self._min, True
        if limit is None:
            return
        shown = round(value, 1) if value % 1 else int(value)
        args = {"value": shown, "limit": int(limit) if limit % 1 == 0 else limit,
                "band": lix_band(value, ctx.lang)}
        yield Hit(None, None, args=args, suggestion_key=self.suggestion_key,
                  key=self.message_key("min") if below else None)
