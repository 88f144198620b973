"""``extends: pattern`` — regular expressions or spaCy token patterns."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from ..facets import FOLDED_TEXT
from ..matching import TermMatcher
from ..models import SEVERITIES
from ..policy import Policy
from ..regexgate import StartScan, required_substrings
from ..rule import Context, Hit
from .base import DeclarativeRule, Spec, case_like

_LEVELS = (*SEVERITIES, "off")
_ENTRY_KEYS = ("regex", "replace", "group")


@dataclass(frozen=True, slots=True)
class _Regex:
    rx: re.Pattern[str]
    #: The suggestion template (``\\1``, ``\\g<name>``), or None.
    replace: str | None
    #: The named group that is the span, or None for the whole match.
    group: str | None


class Pattern(DeclarativeRule):
    """Flag what a regular expression (or a spaCy token pattern) matches.

    Keys: ``regex`` (one, or a list whose items are regexes or
    ``{regex, replace, group}``), ``tokens`` (spaCy ``Matcher`` patterns: a list
    of patterns, each a list of token dicts), ``scope`` (``prose``, the text
    without URLs, e-mails, mentions and hashtags — the default — or ``text``),
    ``group`` (the named group that is the span), ``replace`` (the suggestion, a
    ``re`` template such as ``\\1 %``), ``levels`` (``{group: severity or off}``
    for matches in which that named group took part), ``requires`` /
    ``requires_words`` (run only on posts with one of these texts / words),
    ``exceptions``. Every named group is also a placeholder.
    """

    kind: ClassVar[str] = "pattern"
    keys: ClassVar[dict[str, str]] = {
        "regex": "a regular expression, or a list of them or of {regex, replace, group}",
        "tokens": "spaCy Matcher patterns (a list of lists of token dicts)",
        "scope": "prose or text",
        "ignorecase": "true or false (default true)",
        "group": "name of the regex group that is the span",
        "replace": "the replacement, as a regex template (\\1, \\g<name>)",
        "levels": "{group name: info, warning, error or off}",
        "requires": "texts, one of which a post must contain for the rule to run",
        "requires_words": "words, one of which a post must have for the rule to run",
        "exceptions": "a list of phrases that cancel an overlapping match",
    }
    fills: ClassVar[frozenset[str]] = frozenset({"match", "suggestion", "length"})

    def parse(self, spec: Spec) -> None:
        raw = spec.data.get("regex")
        flags = re.IGNORECASE if spec.boolean("ignorecase", True) else 0
        flags |= re.MULTILINE
        patterns = [raw] if isinstance(raw, str | dict) else (raw or [])
        if not isinstance(patterns, list):
            raise spec.error("regex", "expected a regular expression or a list of them")
        default_group = spec.text("group")
        default_replace = spec.text("replace")
        self.regexes: list[_Regex] = []
        for i, item in enumerate(patterns):
            self.regexes.append(self._entry(spec, item, i, isinstance(raw, list),
                                            flags, default_group, default_replace))
        # A third-party or user pack's patterns run on the `regex` engine, which can stop
        # a match after PATTERN_TIMEOUT seconds: the second line of defence behind the
        # shape check (a timeout fails closed). The packs shipped with brandguard are
        # audited like its Python rules (tools/regex_audit.py, tests/test_worstcase.py)
        # and run on `re`, as those do: `regex` took 1.1–4 times as long per pattern.
        shipped = _shipped(spec.src.path)
        self._runnable = [entry.rx if shipped else _timed(entry.rx) for entry in self.regexes]
        # A regex runs only on posts that hold one of the substrings all its matches
        # need (regexgate): a few substring tests instead of the pattern at every
        # position (da.abbreviation's 24 patterns cost a warm check 0.27 ms without).
        self._needs = [required_substrings(entry.rx.pattern, entry.rx.flags)
                       for entry in self.regexes]
        self._expand = [_expander(rx, entry.replace) if entry.replace is not None else None
                        for entry, rx in zip(self.regexes, self._runnable, strict=True)]
        # An `re` pattern led by neither a literal nor one class skips ahead to the
        # characters its matches start with (the same matches; regexgate.StartScan).
        self._starts = [StartScan(rx) if isinstance(rx, re.Pattern) else None
                        for rx in self._runnable]
        self.token_patterns: list[list[dict[str, Any]]] = spec.data.get("tokens") or []
        if not self.regexes and not self.token_patterns:
            raise spec.error("regex", "missing; expected regex or tokens")
        if self.token_patterns:
            self._validate_tokens(spec)
        self.scope = spec.choice("scope", ("prose", "text"), "prose")
        groups = {name for r in self.regexes for name in r.rx.groupindex}
        clash = groups & self.fills
        if clash:
            raise spec.error("regex", f"a group may not be named {sorted(clash)[0]!r}: "
                             f"{', '.join(sorted(self.fills))} are the kind's own placeholders")
        self.levels: dict[str, str] = {}
        if spec.has("levels"):
            levels = spec.sub("levels")
            for name in levels.data:
                if name not in groups:
                    raise levels.error(str(name), f"no group named {name!r} in the regex; "
                                       f"groups: {', '.join(sorted(groups)) or 'none'}")
                self.levels[str(name)] = levels.choice(str(name), _LEVELS, "warning")
        self.requires = spec.texts("requires")
        self.requires_words = frozenset(w.lower() for w in spec.words("requires_words"))
        self.exceptions = spec.words("exceptions")
        self.extra_fills = frozenset(groups)

    @staticmethod
    def _entry(spec: Spec, item: Any, index: int, in_list: bool, flags: int,
               group: str | None, replace: str | None) -> _Regex:
        key: Any = ("regex", index) if in_list else "regex"
        if isinstance(item, dict):
            sub = Spec(item, spec.src, (*spec.path, *key) if in_list else (*spec.path, "regex"))
            for k in item:
                if k not in _ENTRY_KEYS:
                    raise sub.error(str(k), "unknown key; valid keys: " + ", ".join(_ENTRY_KEYS))
            if "regex" not in item:
                raise sub.error("regex", "missing; expected a regular expression")
            rx = sub.regex("regex", item["regex"], flags, index)
            group = sub.text("group", group)
            replace = sub.text("replace", replace)
            where = sub
            group_key: Any = "group" if "group" in item else None
            replace_key: Any = "replace" if "replace" in item else None
        else:
            rx = spec.regex("regex", item, flags, index)
            where = spec
            group_key, replace_key = "group", "replace"
        if rx.search("") is not None:
            raise spec.error(key, f"the regular expression {rx.pattern!r} matches the empty text")
        if group and group not in rx.groupindex:
            raise where.error(group_key or "group", f"no group named {group!r} in {rx.pattern!r}; "
                              f"groups: {', '.join(rx.groupindex) or 'none'}")
        if replace is not None:
            try:
                _check_template(rx, replace)
            except (re.error, IndexError) as exc:
                raise where.error(replace_key or "replace",
                                  f"bad replacement {replace!r}: {exc}") from None
        return _Regex(rx, replace, group)

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
        if self.requires and not any(map(a.text.__contains__, self.requires)):
            return
        if self.requires_words and self.requires_words.isdisjoint(a.lowers):
            return
        text = a.prose if self.scope == "prose" else a.text
        original = a.text
        prose = self.scope == "prose"
        found: dict[tuple[int, int, str | None], tuple[str | None, dict[str, Any]]] = {}
        has = a[FOLDED_TEXT].__contains__  # the gates hold for the prose too (no spaces)
        for entry, rx, needs, expand, starts in zip(self.regexes, self._runnable, self._needs,
                                                    self._expand, self._starts, strict=True):
            if needs is not None and not any(map(has, needs)):
                continue
            for m in (starts.finditer(text) if starts is not None else _finditer(rx, text)):
                s, e = m.span(entry.group) if entry.group else m.span()
                if s < 0:
                    continue
                if e <= s:
                    continue
                if prose and original[s:e] != text[s:e]:
                    continue  # the match covers a blanked URL, e-mail, mention or hashtag
                level = next((lv for g, lv in self.levels.items()
                              if g in entry.rx.groupindex and m.start(g) >= 0), None)
                if level == "off":
                    continue
                right = case_like(expand(m), original[s:e]) if expand is not None else None
                args: dict[str, Any] = {g: v or "" for g, v in m.groupdict().items()}
                found.setdefault((s, e, right), (level, args))
        if self._matcher is not None:
            doc = a.doc
            if self._matcher.vocab is not doc.vocab:  # type: ignore[attr-defined]  # Matcher.vocab: untyped Cython attribute; a fresh pipeline (MAX_VOCAB_STRINGS)
                from spacy.matcher import Matcher

                matcher = Matcher(doc.vocab)
                matcher.add(self.id, self.token_patterns)
                self._matcher = matcher
            for _, ts, te in self._matcher(doc):
                s, e = doc[ts].idx, doc[te - 1].idx + len(doc[te - 1].text)
                found.setdefault((s, e, None), (None, {}))
        if not found:
            return
        blocked = self._exceptions.find(a) if self._exceptions else []
        for (s, e, right), (level, groups) in sorted(found.items(), key=lambda x: x[0][:2]):
            if any(b.start < e and s < b.end for b in blocked):
                continue
            args = {**groups, "match": original[s:e], "suggestion": right or "", "length": e - s}
            yield Hit(s, e, args=args, suggestion=right, suggestion_key=self.suggestion_key,
                      severity=level)


def _expander(rx: Any, template: str) -> Callable[[Any], str]:
    """``m.expand(template)`` for the matches of ``rx``, the template parsed once.

    Python 3.11's ``re`` parses the template on every call (30 µs: 600 `kl 1:` in a
    post cost 18 ms); 3.12 caches it, and the `regex` engine has its own expansion."""
    if isinstance(rx, re.Pattern) and sys.version_info[:2] == (3, 11):
        from re import _parser  # type: ignore[attr-defined]  # (3.11's own, used by re.Match.expand)

        parsed = _parser.parse_template(template, rx)
        expand_template = _parser.expand_template
        return lambda m: expand_template(parsed, m)
    return lambda m: m.expand(template)


#: Seconds one user pattern may run on one post before the rule fails closed.
PATTERN_TIMEOUT = 1.0


def _timed(rx: re.Pattern[str]) -> Any:
    import regex

    try:
        return regex.compile(rx.pattern, rx.flags & ~re.UNICODE)
    except regex.error:  # a construct only `re` knows: run it there (shape-checked)
        return rx


def _shipped(path: Path) -> bool:
    """Whether a rule file belongs to a pack shipped with brandguard."""
    from ..builtin_packs import rules_root

    return path.resolve().is_relative_to(rules_root().resolve())



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
