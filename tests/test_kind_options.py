"""The kind options the built-in YAML rules use: regex entries, group placeholders,
levels, gates, word lists from data files, strict lemmas, evasion, rule variants —
each end to end, and each fails at load with the file, the line and the key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import brandguard as bg

from .conftest import BASE_POLICY, merge

HEAD = """
summary: s
rationale: r
"""
EXAMPLES = """
examples:
  bad: ["<marker>x</marker>"]
  good: ["y"]
"""


def _pack(tmp_path: Path, rules: dict[str, str], name: str = "acme", *,
          data: dict[str, str] | None = None, extra: str = "") -> Path:
    folder = tmp_path / name
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(f"name: {name}\nprefix: {name}\ncategory: tone\n")
    for file, body in rules.items():
        (folder / f"{file}.yaml").write_text(textwrap.dedent(body))
    if data:
        (folder / "data").mkdir()
        for file, body in data.items():
            (folder / "data" / f"{file}.yaml").write_text(textwrap.dedent(body))
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"company: {{name: Nordlys Energi}}\npacks: [./{name}]\n{extra}")
    return policy


def _found(policy: Path, text: str, lang: str = "da") -> list[tuple[str | None, str, str | None, str]]:
    report = bg.Checker(policy, lang=lang).check(text)
    return [(f.span.text if f.span else None, f.severity, f.suggestion, f.message)
            for f in report.findings if f.rule_id.startswith("acme.")]


# --- pattern -------------------------------------------------------------------------------

def test_regex_entries_groups_placeholders_and_length(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"price": """
        extends: pattern
        summary: s
        rationale: r
        message: {da: "{length} tegn: {amount} ({match})", en: "{length} characters: {amount} ({match})"}
        ignorecase: false
        regex:
          - regex: 'kr\\.? (?P<amount>\\d+)'
            replace: '\\g<amount> kr.'
          - regex: '(?P<amount>\\d+)(?P<unit>dkk)'
            group: unit
            replace: ' kr.'  # the span is the unit
        examples: {bad: ["<marker>kr 5</marker>"], good: ["5 kr."]}
    """})
    assert _found(policy, "Det koster kr 500 eller 20dkk.") == [
        ("kr 500", "warning", "500 kr.", "6 tegn: 500 (kr 500)"),
        ("dkk", "warning", " kr.", "3 tegn: 20 (dkk)"),
    ]


def test_levels_per_group_and_off(tmp_path: Path) -> None:
    rule = """
        extends: pattern
        summary: s
        rationale: r
        message: "{match}"
        regex: '(?P<soft>!\\?)|(?P<loud>!{2,})'
        levels: {soft: info}
        examples: {bad: ["a<marker>!!</marker>"], good: ["a!"]}
    """
    policy = _pack(tmp_path, {"marks": rule})
    assert [(t, s) for t, s, _, _ in _found(policy, "Ja!? Nej!!")] == [("!?", "info"), ("!!", "warning")]
    off = _pack(tmp_path / "b", {"marks": rule.replace("{soft: info}", "{soft: \"off\"}")})
    assert [t for t, *_ in _found(off, "Ja!? Nej!!")] == ["!!"]


def test_requires_gates_and_blanked_text(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"gap": """
        extends: pattern
        summary: s
        rationale: r
        message: "{match}"
        requires: ["  "]
        regex: ' (?<=\\S ) +(?=\\S)'
        examples: {bad: ["a<marker>  </marker>b"], good: ["a b"]}
    """, "word": """
        extends: pattern
        summary: s
        rationale: r
        message: "{match}"
        requires_words: [ca]
        regex: 'ca(?= \\d)'
        examples: {bad: ["<marker>ca</marker> 5"], good: ["ca. 5"]}
    """})
    assert [t for t, *_ in _found(policy, "Vi ses  i dag, ca 5 mand.")] == ["  ", "ca"]
    # A gap next to a hashtag is the blanked hashtag in the prose, not a double space.
    assert _found(policy, "Vi ses  #fest i dag.") == []


# --- occurrence ----------------------------------------------------------------------------

def test_occurrence_can_report_the_whole_post(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"tags": """
        extends: occurrence
        summary: s
        rationale: r
        message: "{count} > {limit}"
        suggestion: "Højst {limit}."
        scope: hashtags
        max: 1
        report: post
        examples: {bad: ["#a #b"], good: ["#a"]}
    """})
    assert _found(policy, "Hej #a #b #c") == [(None, "warning", "Højst 1.", "3 > 1")]


def test_occurrence_each_item_beyond_the_limit_outside_quotes(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"marks": """
        extends: occurrence
        summary: s
        rationale: r
        message: "{count} > {limit}"
        suggestion: "."
        scope: pattern
        pattern: '!(?<!!!)'
        max: 1
        skip_quoted: true
        report: each
        examples: {bad: ["a! b<marker>!</marker>"], good: ["a!"]}
    """})
    found = _found(policy, "Ja! Han råbte »Stop!« Nej!!! Godt!")
    assert found == [("!", "warning", ".", "3 > 1"), ("!", "warning", ".", "3 > 1")]
    assert [f.span.start for f in bg.Checker(policy).check("Ja! Nej!!! Godt!").findings] == [7, 15]


# --- existence -----------------------------------------------------------------------------

def test_levels_with_args_data_lists_strict_lemma_evasion_and_compounds(tmp_path: Path) -> None:
    policy = _pack(tmp_path, {"swear": """
        extends: existence
        summary: s
        rationale: r
        message: {da: "»{match}« er {grade}.", en: "'{match}' is {grade}."}
        strict_lemma: true
        evasion: true
        compound_tokens: {data: words, key: compound}
        levels:
          info:
            tokens: {data: words, key: mild}
            args: {grade: {da: mildt, en: mild}}
            suggestion: {da: Udelad det., en: Leave it out.}
          error:
            tokens: [bedste pris, perker]
            args: {grade: {da: groft, en: coarse}}
        examples: {bad: ["<marker>sgu</marker>"], good: ["god"]}
    """}, data={"words": "mild: [sgu]\ncompound: [perker]\n"})
    assert _found(policy, "Det er sgu den b3dste pris, perkerfest og en god pris.") == [
        ("sgu", "info", "Udelad det.", "»sgu« er mildt."),
        ("b3dste pris", "error", None, "»b3dste pris« er groft."),
        ("perkerfest", "error", None, "»perkerfest« er groft."),
    ]
    assert _found(policy, "Det er sgu fint.", lang="en")[0][3] == "'sgu' is mild."


# --- a rule that extends a rule ------------------------------------------------------------

def test_variant_extends_a_rule_of_a_pack_beside_it(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    (base / "pack.yaml").write_text("name: base\nprefix: base\ncategory: tone\n")
    (base / "marks.yaml").write_text(textwrap.dedent("""
        extends: pattern
        summary: s
        rationale: r
        message: "{match} (base)"
        regex: '(?P<pair>\\?!)|!{2,}'
        replace: "!"
        examples: {bad: ["a<marker>?!</marker>"], good: ["a!"]}
    """))
    policy = _pack(tmp_path, {"marks": """
        extends: base.marks
        levels: {pair: "off"}
        message: "{match} (variant)"
        examples: {bad: ["a<marker>!!</marker>"], good: ["a?!"]}
    """}, extra="")
    policy.write_text("company: {name: X}\npacks: [./acme, ./base]\n")
    report = bg.Checker(policy).check("Ja?! Nej!!")
    got = sorted((f.rule_id, f.span.text if f.span else None, f.message) for f in report.findings)
    # `!!` is one problem: the variant's finding and the base's share span and suggestion.
    assert ("acme.marks", "!!", "!! (variant)") in got or ("base.marks", "!!", "!! (base)") in got
    assert ("base.marks", "?!", "?! (base)") in got
    assert not any(r == "acme.marks" and t == "?!" for r, t, _ in got)
    rule = bg.Checker(policy, select=["acme.marks"]).rule("acme.marks")
    assert rule.category == "tone" and rule.pack == "acme" and rule.summary == "s"


def test_variant_reads_the_data_lists_of_the_base_rules_pack(tmp_path: Path) -> None:
    base = tmp_path / "base"
    (base / "data").mkdir(parents=True)
    (base / "pack.yaml").write_text("name: base\nprefix: base\ncategory: tone\n")
    (base / "data" / "words.yaml").write_text("bad: [lort]\n")
    (base / "swear.yaml").write_text(textwrap.dedent("""
        extends: existence
        summary: s
        rationale: r
        message: "{match}"
        levels:
          error: {tokens: {data: words, key: bad}}
        examples: {bad: ["<marker>lort</marker>"], good: ["godt"]}
    """))
    policy = _pack(tmp_path, {"swear": """
        extends: base.swear
        examples: {bad: ["<marker>lort</marker>"], good: ["godt"]}
    """})
    policy.write_text("company: {name: X}\npacks: [./acme, ./base]\n")
    found = bg.Checker(policy, select=["acme.swear"]).check("Det er noget lort.").findings
    assert [(f.span.text if f.span else None, f.severity) for f in found] == [("lort", "error")]


def test_builtin_repeated_punctuation_is_one_finding_and_each_id_can_be_turned_off() -> None:
    both = bg.Checker(BASE_POLICY).check("Vi har vundet!!!")
    marks = [f for f in both.findings if f.span and f.span.text == "!!!"]
    assert len(marks) == 1 and marks[0].rule_id in {"da.repeated-punctuation",
                                                     "tone.repeated-punctuation"}
    no_tone = bg.Checker(merge(BASE_POLICY, {"rules": {"tone.repeated-punctuation": "off"}}))
    ids = {f.rule_id for f in no_tone.check("Vi har vundet!!! Hvad?!").findings}
    assert "tone.repeated-punctuation" not in ids and "da.repeated-punctuation" in ids
    no_da = bg.Checker(merge(BASE_POLICY, {"rules": {"da.repeated-punctuation": "off"}}))
    found = [(f.rule_id, f.span.text) for f in no_da.check("Hvad?! Nej!!").findings
             if f.span and f.rule_id.endswith("repeated-punctuation")]
    assert found == [("tone.repeated-punctuation", "?!"), ("tone.repeated-punctuation", "!!")]


# --- validation ----------------------------------------------------------------------------

PATTERN = HEAD + 'extends: pattern\nmessage: "{match}"\nregex: \'(?P<g>a)b\'\n' + EXAMPLES
EXISTENCE = HEAD + 'extends: existence\nmessage: "{match}"\ntokens: [x]\n' + EXAMPLES
LEVELS = HEAD + """extends: existence
message: "{match} {grade}"
levels:
  info: {tokens: [x], args: {grade: mild}}
  error: {tokens: [y], args: {grade: coarse}}
""" + EXAMPLES


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (PATTERN + "levels: {h: info}\n", r"line 11: levels\.h: no group named 'h' in the regex; groups: g"),
        (PATTERN + "levels: {g: loud}\n", r"levels\.g: expected one of: info, warning, error, off, got 'loud'"),
        (PATTERN.replace("regex: '(?P<g>a)b'", "regex: [{regex: a, replace: b, span: c}]"),
         r"line 6: regex\.0\.span: unknown key; valid keys: regex, replace, group"),
        (PATTERN.replace("regex: '(?P<g>a)b'", "regex: [a, {replace: b}]"),
         r"regex\.1\.regex: missing; expected a regular expression"),
        (PATTERN.replace("regex: '(?P<g>a)b'", "regex: [a, {regex: '(?P<x>a)', group: y}]"),
         r"regex\.1\.group: no group named 'y'"),
        (PATTERN.replace("regex: '(?P<g>a)b'", "regex: '(?P<match>a)'"),
         r"regex: a group may not be named 'match'"),
        (PATTERN.replace("regex: '(?P<g>a)b'", "regex: 'a*'"), r"regex: the regular expression 'a\*' matches the empty text"),
        (PATTERN + "requires: [1, 2]\n", r"requires: expected a list of texts"),
        (PATTERN.replace('"{match}"', '"{h}"'), r"message\.da: unknown placeholder \{h\}; valid: \{g\}, \{length\}, \{match\}, \{suggestion\}"),
        (HEAD + 'extends: occurrence\nmessage: "{count}"\nscope: emoji\nmax: 1\nreport: all\n' + EXAMPLES,
         r"report: expected one of: items, each, post, got 'all'"),
        (HEAD + 'extends: occurrence\nmessage: "{count}"\nscope: emoji\nmax: 1\nskip_quoted: yes please\n' + EXAMPLES,
         r"skip_quoted: expected true or false"),
        (EXISTENCE + "levels: {fatal: {tokens: [y]}}\n", r"levels\.fatal: expected a severity: info, warning, error"),
        (EXISTENCE + "levels: {info: {words: [y]}}\n", r"levels\.info\.words: unknown key; valid keys: tokens, compound_tokens, args, suggestion"),
        (EXISTENCE + "levels: {info: {args: {a: b}}}\n", r"levels\.info\.tokens: missing"),
        (LEVELS.replace("args: {grade: coarse}", "args: {tone: coarse}"), r"levels\.error\.args: every level needs the same args \(grade\)"),
        (LEVELS.replace("{match} {grade}", "{match} {tone}"), r"message\.da: unknown placeholder \{tone\}; valid: \{grade\}, \{match\}, \{term\}"),
        (LEVELS.replace("args: {grade: mild}", "args: {grade: {da: mild}}"), r"levels\.info\.args\.grade: expected \{da: …, en: …\} or one text"),
        (EXISTENCE.replace("tokens: [x]", "tokens: {data: nope, key: a}"), r"line 6: tokens: no data file 'nope\.yaml'"),
        (EXISTENCE.replace("tokens: [x]", "tokens: {data: words, key: nope}"), r"tokens: words\.yaml has no list 'nope'; lists: mild"),
        (EXISTENCE.replace("tokens: [x]", "tokens: {file: words}"), r"tokens: expected a list of words, or \{data: file, key: list\}"),
        (EXISTENCE + "evasion: true\ncase_sensitive: true\n", r"case_sensitive: cannot be combined with evasion or strict_lemma"),
        (EXISTENCE.replace("extends: existence", "extends: acme.nope"), r"extends: unknown rule kind or rule 'acme\.nope'"),
        (EXISTENCE.replace("extends: existence", "extends: acme.bad"), r"extends: unknown rule kind or rule 'acme\.bad'"),
        (EXISTENCE.replace("extends: existence", "extends: acme.other"), r"'acme\.other' \(.*other\.yaml\) does not extend a rule kind"),
    ],
)
def test_bad_options_fail_at_load_with_file_line_and_key(tmp_path: Path, body: str, expected: str) -> None:
    policy = _pack(tmp_path, {"bad": body, "other": "extends: acme.bad\n"},
                   data={"words": "mild: [sgu]\n"})
    with pytest.raises(bg.PackError, match=r"bad\.yaml: .*" + expected):
        bg.Checker(policy)
