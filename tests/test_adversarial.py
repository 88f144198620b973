"""Hostile input (issue 13): each check finishes, raises only documented errors, and
fails closed. The slow shapes run in a child process with a timeout, so a regression
fails the test instead of hanging the suite (times themselves live in ``make bench``)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import brandguard as bg
from brandguard.boundedcache import BoundedCache
from brandguard.lang.da.lexicon import Lexicon
from brandguard.lang.da.speller import MAX_WORD_CHARS, Speller
from brandguard.regexshape import catastrophic_shape

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"

#: Each of these took from 3 s to hours before issue 13 (exponential or quadratic).
HOSTILE = {
    "number words": "'hundrede' + 'enogtyve' * 28 + 'x'",
    "dotted hosts": "'a.' * 20000",
    "e-mail-ish": "'a.dk' * 10000",
    "long word": "'a' * 3000",
    "random letters": "''.join(random.Random(1).choice('abcdefghijklmnopqrstuvwxyzæøå') for _ in range(1600))",
    "compound chain": "'varmepumpe' * 300",
    "emoji run": "'😀' * 10000",
    "punctuation run": "'!?' * 5000",
    "brackets": "'(' * 10000",
    "blank lines": "'Hej' + '\\n' * 20000",
    "quotes": "'»a« ' * 3000",
}


def _run_child(code: str, timeout: float = 120) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=timeout, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_hostile_posts_finish() -> None:
    cases = "".join(f"    {name!r}: {expr},\n" for name, expr in HOSTILE.items())
    code = (
        "import random, brandguard as bg\n"
        "cases = {\n" + cases + "}\n"
        f"checker = bg.Checker({str(POLICY)!r})\n"
        "for name, text in cases.items():\n"
        "    report = checker.check(text)\n"
        "    internal = [f.message for f in report.findings if f.rule_id == 'internal']\n"
        "    assert not internal, (name, internal)\n"
        "    print(name, report.verdict)\n"
    )
    out = _run_child(code)
    assert len(out.splitlines()) == len(HOSTILE)


def test_number_words_still_found() -> None:
    checker = bg.Checker({"company": {"name": "X"}}, select=["da.number-words"])
    [f] = checker.check("Der var femtusindeogtreoghalvtreds kanoer.").findings
    assert f.suggestion == "fem tusinde og treoghalvtreds"
    assert not checker.check("Der var " + "hundrede" + "enogtyve" * 30 + "x kanoer.").findings


def test_urls_found_in_linear_scan() -> None:
    from brandguard.analysis import Analysis

    a = Analysis("Læs mere på nordlys.dk/solceller, www.nordlys.dk og https://x.io/a?b=1.")
    assert [p.text for p in a.urls] == ["nordlys.dk/solceller", "www.nordlys.dk", "https://x.io/a?b=1"]
    assert [p.text for p in Analysis("Skriv til -jens.hansen@firma.dk i dag").emails] == [
        "jens.hansen@firma.dk"]


def test_long_words_are_not_analysed() -> None:
    speller = Speller()
    word = "a" * (MAX_WORD_CHARS + 1)
    assert speller.known_many([word]) == {word: True}
    assert speller.suggest(word) == []
    assert speller.compound("varmepumpe" * 10) is None


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|a)*", "(.*)*b", r"(\w+\s?)+$", r"(\w|\d+)*x"])
def test_catastrophic_shapes_are_refused(pattern: str) -> None:
    assert catastrophic_shape(pattern) is not None


@pytest.mark.parametrize("pattern", [r"\b(?:kwh|kWH|kwH)\b", r"(?:\d{1,3}\.)+\d", r"(?:foo|bar)+",
                                     r"(?:\s*,\s*\w+)*", r"(?>a+)+", r"[a-z]+@[a-z]+\.dk"])
def test_safe_shapes_are_accepted(pattern: str) -> None:
    assert catastrophic_shape(pattern) is None


def test_user_pack_with_catastrophic_pattern_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("name: evil\nprefix: evil\ncategory: tone\n")
    (tmp_path / "r.yaml").write_text(
        "extends: pattern\nsummary: s\nrationale: r\nregex: '(a+)+$'\nmessage: bad\n"
        "examples:\n  bad: ['<marker>aaa</marker>']\n  good: ['b']\n")
    with pytest.raises(bg.PackError) as err:
        bg.Checker({"company": {"name": "X"}, "packs": [str(tmp_path)]})
    message = str(err.value)
    assert "r.yaml" in message and "line" in message and "(a+)+$" in message


def test_lone_surrogates_raise_invalid_post_error() -> None:
    for make in (lambda: bg.Post(text="Hej \ud800 dig"), lambda: bg.Post(text="Hej", id="\udc00"),
                 lambda: bg.Checker({"company": {"name": "X"}}).check("a\ud83db"),
                 lambda: bg.Post(text="Hej", author={"id": "e\ud800"})):
        with pytest.raises(bg.InvalidPostError):
            make()
    assert issubclass(bg.InvalidPostError, ValueError)


class _BadSpans(bg.Rule):
    id = "test.bad-spans"
    category = "tone"
    severity = "info"
    summary = "s"
    rationale = "r"
    message = {"da": "m", "en": "m"}
    spans: tuple[int, int] = (0, 1)

    def check(self, ctx):  # type: ignore[no-untyped-def]
        yield bg.Hit(*self.spans)


@pytest.mark.parametrize("spans", [(-1, 2), (3, 1), (0, 10_000)])
def test_impossible_spans_fail_closed(spans: tuple[int, int]) -> None:
    rule = _BadSpans()
    rule.spans = spans

    class Plugin:
        @bg.hookimpl
        def brandguard_rules(self):  # type: ignore[no-untyped-def]
            return [rule]

    pm = bg.get_plugin_manager(extra=[Plugin()])
    checker = bg.Checker({"company": {"name": "X"}}, plugin_manager=pm, select=[rule.id])
    report = checker.check("Hej med dig.")
    assert report.verdict == "block"
    assert [f.rule_id for f in report.findings] == ["internal"]
    assert "impossible span" in report.findings[0].message


def test_spans_are_widened_to_grapheme_clusters() -> None:
    rule = _BadSpans()
    rule.spans = (1, 2)  # inside 👍🏽 (thumb, skin tone)

    class Plugin:
        @bg.hookimpl
        def brandguard_rules(self):  # type: ignore[no-untyped-def]
            return [rule]

    pm = bg.get_plugin_manager(extra=[Plugin()])
    checker = bg.Checker({"company": {"name": "X"}}, plugin_manager=pm, select=[rule.id])
    [f] = checker.check("a👍🏽 e\u0301 tak").findings
    assert f.span is not None and f.span.text == "👍🏽"


def test_time_budget_stops_further_rules() -> None:
    checker = bg.Checker({"company": {"name": "X"}}, time_budget=1e-9)
    report = checker.check("Hej med dig, vi har sat solceller op.")
    assert report.verdict == "block"
    assert any(f.rule_id == "internal" and "time budget" not in f.message and "tidsgrænse" in f.message
               for f in report.findings)
    with pytest.raises(ValueError):
        bg.Checker({"company": {"name": "X"}}, time_budget=float("inf"))
    assert bg.Checker({"company": {"name": "X"}}, time_budget=None).time_budget is None


def test_billion_laughs_front_matter_is_refused() -> None:
    from brandguard.frontmatter import FrontMatterError, split_front_matter

    laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8))
    with pytest.raises(FrontMatterError, match="aliases expand"):
        split_front_matter("---\n" + laughs + "---\nHej med dig.")


def test_front_matter_that_holds_itself_is_refused_at_once() -> None:
    # `&a [*a]` is a list inside itself: sizing its expansion looped for good.
    from brandguard.frontmatter import FrontMatterError, split_front_matter

    for recursive in ("a: &a [1, *a]\n", "a: &a {b: [*a]}\n"):
        with pytest.raises(FrontMatterError, match="aliases expand"):
            split_front_matter("---\n" + recursive + "---\nHej med dig.")
    shared = "a: &a [1, 2]\nb: &b [*a, *a]\nc: [*b, *a]\n"  # shared, not recursive: read
    assert split_front_matter("---\n" + shared + "---\nHej.")[0]["c"] == [[[1, 2], [1, 2]], [1, 2]]


def test_bounded_cache_keeps_readers_whole() -> None:
    cache: BoundedCache[int, int] = BoundedCache(3)
    cache.put_many({i: i for i in range(10)})
    assert len(cache) == 3 and cache.get_many(range(10)) == {7: 7, 8: 8, 9: 9}


def test_tiny_lexicon_cache_with_threads() -> None:
    lex = Lexicon(cache_size=5)
    words = ["huse", "bilerne", "solceller", "varmepumper", "kollegerne", "skoven", "xqzv"]
    expected = Lexicon().lookup_many(words)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(200):
                got = lex.lookup_many(words)
                assert got == expected
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(lex._cache) <= 5


def test_full_word_tables_start_afresh_and_reports_stay_the_same(monkeypatch) -> None:
    """The per-word tables (language signals, compound matches, the spelling rule's
    answers, the lexicon's readings, the narrative's words) are bounded; when one is full
    it starts afresh, so a stream of junk words cannot fill it for good, and what a check
    reports does not depend on which words are still in it."""
    import importlib

    from brandguard import matching
    from brandguard.lang.da import langid, morphology

    checker = bg.Checker(POLICY)  # (loads the packs' modules)
    spelling = importlib.import_module("brandguard_packs.da.spelling")  # rules/da/spelling.py
    posts = ["Vi har sat solceller op i Skive, og kunderne er glade for varmepumperne.",
             "Jeg glæder mig til at se jer på messen i Herning i morgen #grønomstilling",
             "Montørerne fra Nordlys Energi har haft en travl uge med nye anlæg i Viborg."]
    before = [checker.check(p).model_dump_json() for p in posts]
    monkeypatch.setattr(langid, "_SIGNALS", {})
    monkeypatch.setattr(spelling, "_SLIPS", {})
    monkeypatch.setattr(spelling, "_SETTLED", set())
    monkeypatch.setattr(langid, "_MAX_SIGNALS", 3)
    monkeypatch.setattr(matching, "_COMPOUND_MEMO", 3)
    monkeypatch.setattr(spelling, "_MAX_SLIPS", 3)
    monkeypatch.setattr(morphology, "_CACHE_MAX", 4)
    monkeypatch.setattr("brandguard.narrative.DEFAULT_SIZE", 3)
    junk = " ".join(f"ordx{i}q" for i in range(40))
    for _ in range(2):
        checker.check(junk)
        assert [checker.check(p).model_dump_json() for p in posts] == before
    assert len(langid._SIGNALS) <= 3 and len(spelling._SLIPS) <= 3
    assert len(spelling._SETTLED) <= 3
    # the junk did not stay: the posts' own words took its place
    for table in (langid._SIGNALS, spelling._SETTLED):
        assert table and not any(w.startswith("ordx") for w in table)


def test_same_post_same_report() -> None:
    checker = bg.Checker(POLICY)
    text = "Vi har sat 👍🏽 solceller op i Skive!! Kontakt jens@nordlys.dk eller se nordlys.dk."
    first = checker.check(text).model_dump_json()
    checker.check("Noget helt andet om varmepumper i Viborg.")
    assert checker.check(text).model_dump_json() == first


def test_slow_user_pattern_times_out_and_fails_closed(tmp_path: Path, monkeypatch) -> None:
    from brandguard.kinds import pattern

    monkeypatch.setattr(pattern, "PATTERN_TIMEOUT", 0.1)
    (tmp_path / "pack.yaml").write_text("name: slow\nprefix: slow\ncategory: tone\n")
    # Passes the shape check (no quantifier inside another), yet polynomial of degree 4.
    (tmp_path / "r.yaml").write_text(
        "extends: pattern\nsummary: s\nrationale: r\nregex: '(?:\\w+)(?:\\w+)(?:\\w+)(?:\\w+)\\d'\nmessage: bad\n"
        "examples:\n  bad: ['<marker>aaaa1</marker>']\n  good: ['b']\n")
    checker = bg.Checker({"company": {"name": "X"}, "packs": [str(tmp_path)]}, select=["slow.r"])
    assert [f.span.text for f in checker.check("Det er aaaa1 her.").findings if f.span] == ["aaaa1"]
    report = checker.check("a" * 500)
    assert report.verdict == "block"
    [finding] = report.findings
    assert finding.rule_id == "internal" and "TimeoutError" in finding.message


def test_shipped_patterns_run_on_re_user_patterns_with_a_timeout(tmp_path: Path) -> None:
    # The shipped packs are audited like the Python rules (tools/regex_audit.py, the
    # worst-case suite); a pack from anywhere else gets the regex engine and its timeout.
    (tmp_path / "pack.yaml").write_text("name: mine\nprefix: mine\ncategory: tone\n")
    (tmp_path / "r.yaml").write_text(
        "extends: pattern\nsummary: s\nrationale: r\nregex: 'køb nu'\nmessage: bad\n"
        "examples:\n  bad: ['<marker>køb nu</marker>']\n  good: ['b']\n")
    checker = bg.Checker({"company": {"name": "X"}, "packs": [str(tmp_path), "da"]},
                         select=["mine.r", "da.date"])
    engines = {r.id: {type(rx).__module__ for rx in r._runnable} for r in checker.rules}
    assert engines == {"mine.r": {"_regex"}, "da.date": {"re"}}


class _Mutator(bg.Rule):
    id = "aaa.mutator"  # sorts first: runs before the rules whose findings it would spoil
    category = "tone"
    severity = "info"
    summary = "s"
    rationale = "r"
    message = {"da": "m", "en": "m"}
    how = "clear"

    def check(self, ctx):  # type: ignore[no-untyped-def]
        a = ctx.analysis
        if self.how == "clear":
            a.tokens.clear()
        elif self.how == "assign":
            a.text = ""
        else:
            a.urls.append(None)
        yield from ()


@pytest.mark.parametrize("how", ["clear", "assign", "append"])
def test_a_rule_cannot_change_the_shared_analysis(how: str) -> None:
    rule = _Mutator()
    rule.how = how

    class Plugin:
        @bg.hookimpl
        def brandguard_rules(self):  # type: ignore[no-untyped-def]
            return [rule]

    pm = bg.get_plugin_manager(extra=[Plugin()])
    text = "Vi har  solceller på taget."
    checker = bg.Checker({"company": {"name": "X"}}, plugin_manager=pm,
                         select=[rule.id, "da.double-space"])
    # The mutator runs first, so the later rule shows whether the analysis survived.
    checker.rules.sort(key=lambda r: r.id != rule.id)
    assert [r.id for r in checker.rules] == [rule.id, "da.double-space"]
    report = checker.check(text)
    ids = sorted(f.rule_id for f in report.findings)
    assert ids == ["da.double-space", "internal"]  # the later rule still sees the post


def _record_slices(monkeypatch, an) -> list[float | None]:
    slices: list[float | None] = []
    advance = an._PipelineBuild.advance

    def recording(self, ms=None):
        slices.append(ms)
        return advance(self, ms)

    monkeypatch.setattr(an._PipelineBuild, "advance", recording)
    return slices


def test_spacy_vocabulary_is_bounded(monkeypatch) -> None:
    import brandguard.analysis as an

    checker = bg.Checker({"company": {"name": "X"}})
    text = "Vi har sat solceller op i Skive i dag."
    first = checker.check(text).model_dump_json()
    before = an.get_nlp()
    monkeypatch.setattr(an, "_next", None)  # no build left half done by an earlier test
    monkeypatch.setattr(an, "MAX_VOCAB_STRINGS", len(before.vocab.strings) + 50)
    slices = _record_slices(monkeypatch, an)
    checker.check(" ".join(f"ord{i}" for i in range(60)))  # past the limit, not the hard one
    checks = 1
    while an._nlp is before:
        checker.check(text)
        checks += 1
        assert checks < 500, "the next pipeline never took over"
    # built a bounded slice per check, never all in one
    assert len(slices) == checks > 1
    assert all(ms is not None for ms in slices)
    assert checker.check(text).model_dump_json() == first


def test_each_check_past_the_limit_pays_its_share_of_the_build(monkeypatch) -> None:
    """A post pays the build's remaining time times the share of the headroom (up to
    FINISH_FACTOR times the limit) that its new strings took: a post that takes it all
    finishes the build, one that adds nothing pays SLICE_MS."""
    import brandguard.analysis as an

    checker = bg.Checker({"company": {"name": "X"}})
    checker.check("Vi har sat solceller op i Skive i dag.")
    before = an.get_nlp()
    monkeypatch.setattr(an, "_next", None)
    size = len(before.vocab.strings)
    monkeypatch.setattr(an, "MAX_VOCAB_STRINGS", size + 10)
    monkeypatch.setattr(an, "FINISH_FACTOR", 1 + 4_000 / (size + 10))  # 4,000 of headroom
    guess = an._FIRST_GUESS_MS_PER_CASE * len(an._special_cases())
    slices = _record_slices(monkeypatch, an)
    checker.check(" ".join(f"ord{i}" for i in range(100)))  # about 100 new strings
    grown = len(before.vocab.strings) - (size + 10)
    assert len(slices) == 1 and slices[0] is not None
    assert slices[0] == pytest.approx(an.SLICE_MS + guess * grown / 4_000, rel=0.01)
    checker.check("Vi har sat solceller op i Skive i dag.")  # nothing new: the minimum
    assert slices[-1] == pytest.approx(an.SLICE_MS)
    checker.check(" ".join(f"ny{i}" for i in range(5_000)))  # past the headroom (a string each)
    assert an.get_nlp() is not before  # took it all: finished the build


def test_spacy_vocabulary_far_past_the_limit_builds_in_the_check(monkeypatch) -> None:
    import brandguard.analysis as an

    checker = bg.Checker({"company": {"name": "X"}})
    before = an.get_nlp()
    monkeypatch.setattr(an, "_next", None)
    # the hard limit: 280 strings past the current vocabulary
    monkeypatch.setattr(an, "HARD_LIMIT_FACTOR", 1)
    monkeypatch.setattr(an, "MAX_VOCAB_STRINGS", len(before.vocab.strings) + 280)
    slices = _record_slices(monkeypatch, an)
    checker.check(" ".join(f"hard{i}" for i in range(300)))  # a new string each
    assert an.get_nlp() is not before
    assert slices[-1] is None  # finished at once


def test_pipeline_built_in_slices_tokenises_as_one_built_at_once() -> None:
    from spacy.lang.da import Danish
    from spacy.tokenizer import Tokenizer

    import brandguard.analysis as an

    build = an._PipelineBuild()
    steps = 1
    while not build.advance(0.0):  # one special case per step
        steps += 1
    assert steps == len(an._special_cases()) > 1000
    prefix, suffix, infix = an._affix_searchers()
    d = Danish.Defaults
    whole = Tokenizer(Danish().vocab, rules=an._special_cases(), prefix_search=prefix,
                      suffix_search=suffix, infix_finditer=infix, token_match=d.token_match,
                      url_match=d.url_match)
    assert build.nlp.tokenizer.rules == whole.rules
    text = ("Nordlys Energi A/S. har bl.a. solceller, f.eks. i Kbh. kl. 10 :) ca. 3 mio. kr. "
            "(jf. s. 4) – d.v.s. 'at' http://x.dk #grøn @sara 10.000,50 kr.")
    assert [t.text for t in build.nlp.tokenizer(text)] == [t.text for t in whole(text)]


def test_large_posts_give_their_pages_back(monkeypatch) -> None:
    import platform

    import brandguard.engine as engine
    from brandguard import memtrim

    assert memtrim.after_post(memtrim.TRIM_AFTER_CHARS - 1) is False  # small: not worth it
    on_glibc = platform.libc_ver()[0] == "glibc"
    assert memtrim.after_post(memtrim.TRIM_AFTER_CHARS) is on_glibc
    seen: list[int] = []
    monkeypatch.setattr(engine, "after_post", seen.append)
    checker = bg.Checker({"company": {"name": "X"}})
    text = "Vi har sat solceller op i Skive. " * 2_000
    checker.check(text)
    assert seen == [len(text)]  # after every check, with the post's length


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_worker_does_not_inherit_a_held_pipeline_lock() -> None:
    import brandguard.analysis as an

    # Another thread holds the lock (adding its slice of the next pipeline) at the fork:
    # the child has no such thread, so it must start with a free lock of its own.
    with an._nlp_lock:
        pid = os.fork()
        if pid == 0:  # the child
            os._exit(0 if an._nlp_lock.acquire(timeout=2) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
