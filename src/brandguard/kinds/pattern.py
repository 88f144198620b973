"""``extends: pattern`` — regular expressions or spaCy token patterns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from ..matching import TermMatcher
from ..policy import Policy
from ..rule import Context, Hit
from .base import DeclarativeRule, Spec, case_like


class Pattern(DeclarativeRule):
    """Flag what a regular expression (or a spaCy token pattern) matches.

    Keys: ``regex`` (one or a list), ``tokens`` (spaCy ``Matcher`` patterns:
    a list of patterns, each a list of token dicts), ``scope`` (``prose``, the
    text without URLs, e-mails, mentions and hashtags — the default — or ``text``),
    ``group`` (the named group that is the span), ``replace`` (the suggestion,
    a ``re`` template such as ``\\1 %``), ``exceptions``.
    """

    kind: ClassVar[str] = "pattern"
    keys: ClassVar[dict[str, str]] = {
        "regex": "a regular expression or a list of them",
        "tokens": "spaCy Matcher patterns (a list of lists of token dicts)",
        "scope": "prose or text",
        "ignorecase": "true or false (default true)",
        "group": "name of the regex group that is the span",
        "replace": "the replacement, as a regex template (\\1, \\g<name>)",
        "exceptions": "a list of phrases that cancel an overlapping match",
    }
    fills: ClassVar[frozenset[str]] = frozenset({"match", "suggestion"})

    def parse(self, spec: Spec) -> None:
        raw = spec.data.get("regex")
        flags = re.IGNORECASE if spec.boolean("ignorecase", True) else 0
        flags |= re.MULTILINE
        patterns = [raw] if isinstance(raw, str) else (raw or [])
        if not isinstance(patterns, list):
            raise spec.error("regex", "expected a regular expression or a list of them")
        self.regexes = [spec.regex("regex", p, flags, i) for i, p in enumerate(patterns)]
        # Run on the `regex` engine, which can stop a match after PATTERN_TIMEOUT seconds:
        # the second line of defence behind the shape check (a timeout fails closed).
        self._runnable = [_timed(rx) for rx in self.regexes]
        self.token_patterns: list[list[dict[str, Any]]] = spec.data.get("tokens") or []
        if not self.regexes and not self.token_patterns:
            raise spec.error("regex", "missing; expected regex or tokens")
        if self.token_patterns:
            self._validate_tokens(spec)
        self.scope = spec.choice("scope", ("prose", "text"), "prose")
        self.group = spec.text("group")
        if self.group:
            for rx in self.regexes:
                if self.group not in rx.groupindex:
                    raise spec.error("group", f"no group named {self.group!r} in {rx.pattern!r}; "
                                     f"groups: {', '.join(rx.groupindex) or 'none'}")
        self.replace = spec.text("replace")
        if self.replace is not None:
            for rx in self.regexes:
                try:
                    _check_template(rx, self.replace)
                except (re.error, IndexError) as exc:
                    raise spec.error("replace", f"bad replacement {self.replace!r}: {exc}") from None
        self.exceptions = spec.words("exceptions")

    def _validate_tokens(self, spec: Spec) -> None:
        from spacy.matcher import Matcher

        from ..analysis import get_nlp

        if not isinstance(self.token_patterns, list) or not all(
            isinstance(p, list) and all(isinstance(t, dict) for t in p) for p in self.token_patterns
        ):
            raise spec.error("tokens", "expected a list of patterns, each a list of token dicts")
        matcher = Matcher(get_nlp().vocab, validate=True)
        try:
            matcher.add("x", self.token_patterns)
        except Exception as exc:  # spaCy raises several kinds here
            first = str(exc).strip().splitlines()
            raise spec.error("tokens", f"invalid spaCy token pattern: {first[-1] if first else exc}") from None

    def prepare(self, policy: Policy) -> None:
        self._matcher = None
        if self.token_patterns:
            from spacy.matcher import Matcher

            from ..analysis import get_nlp

            self._matcher = Matcher(get_nlp().vocab)
            self._matcher.add(self.id, self.token_patterns)
        self._exceptions = TermMatcher(self.exceptions, ("surface",)) if self.exceptions else None

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        text = a.prose if self.scope == "prose" else a.text
        spans: list[tuple[int, int, str | None]] = []
        for rx in self._runnable:
            for m in _finditer(rx, text):
                if self.group:
                    s, e = m.span(self.group)
                    if s < 0:
                        continue
                else:
                    s, e = m.span()
                if e <= s:
                    continue
                right = case_like(m.expand(self.replace), a.text[s:e]) if self.replace is not None else None
                spans.append((s, e, right))
        if self._matcher is not None:
            doc = a.doc
            if self._matcher.vocab is not doc.vocab:  # a fresh pipeline (MAX_VOCAB_STRINGS)
                from spacy.matcher import Matcher

                matcher = Matcher(doc.vocab)
                matcher.add(self.id, self.token_patterns)
                self._matcher = matcher
            for _, ts, te in self._matcher(doc):
                spans.append((doc[ts].idx, doc[te - 1].idx + len(doc[te - 1].text), None))
        if not spans:
            return
        blocked = self._exceptions.find(a) if self._exceptions else []
        for s, e, right in sorted(set(spans), key=lambda x: (x[0], x[1])):
            if any(b.start < e and s < b.end for b in blocked):
                continue
            args = {"match": a.text[s:e], "suggestion": right or ""}
            suggestion = self.suggest(args) or right
            yield Hit(s, e, args=args, suggestion=suggestion)


#: Seconds one user pattern may run on one post before the rule fails closed.
PATTERN_TIMEOUT = 1.0


def _timed(rx: re.Pattern[str]) -> Any:
    import regex

    try:
        return regex.compile(rx.pattern, rx.flags & ~re.UNICODE)
    except regex.error:  # a construct only `re` knows: run it there (shape-checked)
        return rx


def _finditer(rx: Any, text: str) -> Iterator[Any]:
    if isinstance(rx, re.Pattern):
        return rx.finditer(text)
    try:
        return iter(list(rx.finditer(text, timeout=PATTERN_TIMEOUT)))
    except TimeoutError:
        raise TimeoutError(f"pattern {rx.pattern!r} ran longer than {PATTERN_TIMEOUT:g} s "
                           f"on this post") from None


def _check_template(rx: re.Pattern[str], template: str) -> None:
    # Expand against a fake match with every group present, to catch \9 or \g<nope>.
    parts = ["()" for _ in range(rx.groups)]
    for name, index in rx.groupindex.items():
        parts[index - 1] = f"(?P<{name}>)"
    probe = re.compile("".join(parts))
    m = probe.match("")
    assert m is not None
    m.expand(template)
