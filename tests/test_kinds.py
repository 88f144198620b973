"""YAML rule kinds: each works end to end, and bad packs fail at load with file, line, key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import brandguard as bg

EXAMPLES = """
examples:
  bad: ["<marker>x</marker>"]
  good: ["y"]
"""


def _pack(tmp_path: Path, rules: dict[str, str], name: str = "acme") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "pack.yaml").write_text(f"name: {name}\nprefix: {name}\ncategory: tone\n")
    for file, body in rules.items():
        head, sep, tail = body.partition("\nexamples:")
        (folder / f"{file}.yaml").write_text(textwrap.dedent(head) + sep + tail)
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"company: {{name: Nordlys Energi}}\npacks: [./{name}]\n"
                      "spam: {max_hashtags: 2}\n")
    return policy


def _check(policy: Path, text: str) -> list[bg.Finding]:
    return [f for f in bg.Checker(policy).check(text).findings if f.rule_id.startswith("acme.")]


def test_existence_matches_surface_lemma_and_compound(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"cta": """
        extends: existence
        summary: s
        rationale: r
        message: {da: "Undgå »{match}«.", en: "Avoid '{match}'."}
        tokens: [køb nu, solcelle, tilbud]
        match: [surface, lemma, compound]
        exceptions: [godt tilbud til]
        examples: {bad: ["<marker>Køb nu</marker>!"], good: ["Vi har et godt tilbud til dig."]}
    """})
    found = _check(policy, "Køb nu! Se vores solcelleanlæg og tilbuddene. Et godt tilbud til dig.")
    assert [f.span.text for f in found] == ["Køb nu", "solcelleanlæg", "tilbuddene"]
    assert found[0].message == "Undgå »Køb nu«."
    english = bg.Checker(policy, lang="en").check("Køb nu").findings
    assert english[0].message == "Avoid 'Køb nu'."


def test_substitution_keeps_capital_and_reads_policy(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"terms": """
        extends: substitution
        summary: s
        rationale: r
        message: {da: "Skriv {suggestion}.", en: "Write {suggestion}."}
        swap: {standart: standard, "e-mail adresse": e-mailadresse}
        safe_fix: true
    """ + EXAMPLES.replace("<marker>x</marker>", "<marker>standart</marker>").replace('"y"', '"standard"')})
    found = _check(policy, "Standart er vores e-mail adresse.")
    assert [(f.span.text, f.suggestion, f.safe_fix) for f in found] == [
        ("Standart", "Standard", True), ("e-mail adresse", "e-mailadresse", True)]


def test_occurrence_uses_policy_limit_and_marks_the_excess(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"tags": """
        extends: occurrence
        summary: s
        rationale: r
        message: {da: "{count} hashtags; højst {limit}.", en: "{count} hashtags; at most {limit}."}
        scope: hashtags
        max: $spam.max_hashtags
    """ + EXAMPLES.replace("<marker>x</marker>", "#a #b <marker>#c</marker>")})
    found = _check(policy, "Hej #a #b #c #d")
    assert found[0].span.text == "#c #d"
    assert found[0].message == "4 hashtags; højst 2."
    assert _check(policy, "Hej #a #b") == []


def test_pattern_regex_group_and_replacement(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"pct": r"""
        extends: pattern
        summary: s
        rationale: r
        message: {da: "Skriv {suggestion}.", en: "Write {suggestion}."}
        regex: '\b(?P<n>\d+)%'
        replace: '\g<n> %'
    """ + EXAMPLES.replace("<marker>x</marker>", "<marker>25%</marker>")})
    found = _check(policy, "Spar 25% i dag, ikke https://x.dk/50%")
    assert [(f.span.text, f.suggestion) for f in found] == [("25%", "25 %")]


def test_pattern_replacement_parsed_once_expands_as_re_does() -> None:
    import re

    import regex

    from brandguard.kinds.pattern import _expander

    rx = re.compile(r"(?P<kl>kl)\.? ?(\d{1,2})(:)?(\d\d)?", re.IGNORECASE)
    templates = [r"\g<kl>. \2.\4", r"\1\\n\2", r"\g<2>0\n", "plain", r"\3", "\\g<kl>"]
    for text in ("kl 9:30", "Kl.10", "kl 7"):
        m = rx.search(text)
        assert m is not None
        for template in templates:
            assert _expander(rx, template)(m) == m.expand(template), (text, template)
    other = regex.compile(rx.pattern, regex.IGNORECASE)  # a user pack's engine
    m2 = other.search("kl 9:30")
    assert _expander(other, r"\g<kl>. \2")(m2) == "kl. 9"


def test_pattern_spacy_tokens(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"tok": """
        extends: pattern
        summary: s
        rationale: r
        message: {da: "Ups: {match}", en: "Oops: {match}"}
        tokens: [[{LOWER: like}, {LOWER: og}, {LOWER: del}]]
    """ + EXAMPLES})
    assert [f.span.text for f in _check(policy, "Husk at Like og del!")] == ["Like og del"]


def test_pattern_spacy_tokens_see_every_lexical_attribute(tmp_path: Path) -> None:
    """Shape, number and stop-word attributes hold for words the check has never seen
    (their lexemes are made lean; ``Analysis.doc`` completes them)."""
    policy = _pack(tmp_path, {"tok": """
        extends: pattern
        summary: s
        rationale: r
        message: {da: "Ups: {match}", en: "Oops: {match}"}
        tokens: [[{SHAPE: Xxxxx}, {LIKE_NUM: true}, {IS_STOP: true}, {LOWER: {REGEX: "^zq"}}]]
        examples: {bad: ["Qvork tolv af zqrt."], good: ["Qvork tolv zqrt."]}
    """})
    found = _check(policy, "Vi så Zvork 17 i zqvirk og Brnak tyve zqlo.")
    assert [f.span.text for f in found] == ["Zvork 17 i zqvirk"]


def test_metric_against_policy_value(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"words": """
        extends: metric
        summary: s
        rationale: r
        message: {da: "{value} ord; højst {limit}.", en: "{value} words; at most {limit}."}
        metric: words
        max: 3
        examples: {bad: ["en to tre fire"], good: ["en to"]}
    """})
    found = _check(policy, "en to tre fire fem")
    assert found[0].span is None and found[0].message == "5 ord; højst 3."


def test_metric_longest_sentence_counts_the_words_of_each_sentence(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"longest": """
        extends: metric
        summary: s
        rationale: r
        message: {da: "{value} ord; højst {limit}.", en: "{value} words; at most {limit}."}
        metric: longest_sentence_words
        max: 4
        examples: {bad: ["En to tre fire fem."], good: ["En to. Tre fire."]}
    """})
    text = "Kort sætning. Her er en sætning med hele otte ord i! Og så: slut #tag www.x.dk"
    found = _check(policy, text)
    assert [f.message for f in found] == ["9 ord; højst 4."]
    # (the long one: "Her er en sætning med hele otte ord i" is 9 words; a link and a
    # hashtag are no words)
    assert _check(policy, "En to tre. Fire fem seks.\nSyv otte ni ti.") == []


BASE = """
extends: existence
summary: s
rationale: r
message: {da: "a", en: "b"}
tokens: [x]
""" + EXAMPLES


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (BASE + "tokenz: [y]\n", r"bad\.yaml: line 11: tokenz: unknown key for kind 'existence'; valid keys: .*tokens"),
        (BASE.replace("existence", "existance"), r"bad\.yaml: line 2: extends: unknown rule kind 'existance'; valid: existence, metric, occurrence, pattern, substitution"),
        (BASE.replace('da: "a"', 'da: "{nope}"'), r"bad\.yaml: line 5: message\.da: unknown placeholder \{nope\}; valid: \{match\}, \{term\}"),
        (BASE.replace('en: "b"', 'fr: "b"'), r"unknown language 'fr'"),
        (BASE.replace("extends: existence", "extends: pattern").replace("tokens: [x]", "regex: '(a'"), r"bad\.yaml: line 6: regex: bad regular expression\[0\] '\(a'"),
        (BASE.replace("extends: existence", "extends: pattern").replace("tokens: [x]", "tokens: [[{NOPE: x}]]"), r"tokens: invalid spaCy token pattern"),
        (BASE.replace("extends: existence", "extends: occurrence").replace("tokens: [x]", "scope: hashtags\nmax: $spam.nope"), r"max: unknown policy key 'spam.nope'"),
        (BASE.replace("match", "match").replace("tokens: [x]", "tokens: [x]\nmatch: fuzzy"), r"match: expected one or more of: surface, lemma, strict, compound, evasion"),
        (BASE.replace("  good: [\"y\"]\n", ""), r"examples: expected \{bad: \[\.\.\.\], good: \[\.\.\.\]\}"),
        (BASE.replace("summary: s\n", ""), r"summary: missing"),
        (BASE + "severity: fatal\n", r"severity: expected one of: info, warning, error, got 'fatal'"),
        ("extends: existence\n  bad: [", r"bad\.yaml: line \d+: invalid YAML"),
    ],
)
def test_bad_rule_files_fail_at_load_with_file_line_and_choices(tmp_path: Path, body: str, expected: str) -> None:
    policy = _pack(tmp_path, {"bad": body})
    with pytest.raises(bg.PackError, match=expected):
        bg.Checker(policy)


def test_duplicate_ids_fail(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"one": BASE + "id: acme.same\n", "two": BASE + "id: acme.same\n"})
    with pytest.raises(bg.PackError, match=r"duplicate rule id 'acme\.same'"):
        bg.Checker(policy)


def test_pack_folder_must_exist(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text("company: {name: X}\npacks: [./missing]\n")
    with pytest.raises(bg.PolicyError, match="not a rule pack folder"):
        bg.Checker(tmp_path / "policy.yaml")
