"""Policy loading: YAML, TOML, JSON, dicts; errors name file, key, expectation and value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import brandguard as bg


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_policy_from_dict_has_defaults() -> None:
    policy = bg.load_policy({"company": {"name": "Nordlys Energi"}})
    assert policy.language == "da"
    assert policy.spam.max_posts_per_day == 1
    assert policy.company.timezone == "Europe/Copenhagen"
    assert policy.source == "<dict>"


def test_yaml_toml_and_json_load_the_same(tmp_path: Path) -> None:
    data = {"company": {"name": "Nordlys Energi", "listed": True}, "spam": {"max_hashtags": 3}}
    y = _write(tmp_path, "p.yaml", "company: {name: Nordlys Energi, listed: true}\nspam:\n  max_hashtags: 3\n")
    t = _write(tmp_path, "p.toml", '[company]\nname = "Nordlys Energi"\nlisted = true\n[spam]\nmax_hashtags = 3\n')
    j = _write(tmp_path, "p.json", json.dumps(data))
    dumped = {bg.load_policy(p).model_dump_json() for p in (y, t, j)}
    assert len(dumped) == 1
    assert bg.load_policy(str(y)).base_dir == tmp_path.resolve()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("company: {name: X}\nspam:\n  max_posts_per_day: two\n",
         "policy.yaml:3:22: spam.max_posts_per_day: expected a whole number ≥ 0, got 'two'"),
        ("company: {name: X}\nspam:\n  max_posts_per_day: -1\n",
         "policy.yaml:3:22: spam.max_posts_per_day: expected a whole number ≥ 0, got -1"),
        ("company: {name: X}\nspam: {max_post_per_day: 2}\n",
         "policy.yaml:2:8: spam.max_post_per_day: unknown key; did you mean 'max_posts_per_day'? "
         "(valid keys: max_posts_per_day,"),
        ("company: {name: X}\ntone: {address: dig}\n",
         "policy.yaml:2:17: tone.address: expected one of: du, De, got 'dig'"),
        ("company: {name: X, timezone: Europe/Kbh}\n",
         "policy.yaml:1:30: company.timezone: expected an IANA time zone"),
        ("spam: {}\n", "policy.yaml:1:1: company: missing"),
        ("company: {name: X}\nspam: {min_personalisation: 1.5}\n",
         "policy.yaml:2:29: spam.min_personalisation: expected a number from 0 to 1, got 1.5"),
        ("company: {name: X}\nnarrative:\n  themes:\n    - {name: Grøn, terms: []}\n",
         "policy.yaml:4:27: narrative.themes.0.terms: expected at least one item"),
        ("company: {name: X}\nrules: {da.spelling: loud}\n",
         "policy.yaml:2:22: rules.da.spelling: expected one of: off, info, warning, error, or a mapping"),
        ("company: [X]\n", "policy.yaml:1:10: company: expected a mapping"),
        ("company: {name: X\n", "policy.yaml:2:1: invalid YAML"),
        ("", "policy.yaml: the file is empty"),
        ("- a\n- b\n", "policy.yaml: expected a mapping of sections, got list"),
    ],
)
def test_bad_policy_errors_are_one_clear_line(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "policy.yaml", text)
    with pytest.raises(bg.PolicyError) as info:
        bg.load_policy(path)
    got = str(info.value).replace(str(tmp_path) + "/", "")
    assert got.startswith(message), got
    assert "\n" not in got


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(bg.PolicyError, match="no such file"):
        bg.load_policy(tmp_path / "nope.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("company: {name: Ærø}".encode("latin-1"))
    with pytest.raises(bg.PolicyError, match="not UTF-8"):
        bg.load_policy(bad)


def test_rule_overrides_accept_severity_off_and_mappings() -> None:
    policy = bg.load_policy({"company": {"name": "X"}, "rules": {
        "format.max-length": "off", "format": {"severity": "info"}, "spam": False}})
    assert policy.rules["format.max-length"].severity == "off"
    assert policy.rules["format"].severity == "info"
    assert policy.rules["spam"].severity == "off"


def test_unknown_override_target_is_named_with_a_hint() -> None:
    with pytest.raises(bg.PolicyError, match=r"rules\.format\.max-lenght: unknown rule, pack or category; did you mean 'format.max-length'"):
        bg.Checker({"company": {"name": "X"}, "rules": {"format.max-lenght": "off"}})


def test_unknown_pack_is_named() -> None:
    with pytest.raises(bg.PolicyError, match="packs: unknown pack 'nope'; installed:"):
        bg.Checker({"company": {"name": "X"}, "packs": ["nope"]})


def test_unknown_rule_option_is_named() -> None:
    with pytest.raises(bg.PolicyError, match="unknown option 'x'"):
        bg.Checker({"company": {"name": "X"},
                    "rules": {"format.max-length": {"options": {"x": 1}}}})


def test_json_schema_describes_every_section() -> None:
    schema = bg.policy_json_schema()
    assert set(schema["properties"]) >= {"company", "language", "narrative", "tone", "style",
                                         "spam", "compliance", "channels", "packs", "rules"}
    assert schema["required"] == ["company"]
    json.dumps(schema)


# --- every problem at once, with line and column -----------------------------------------

MANY = """\
company:
  name: X
  timezon: Europe/Copenhagen
spam:
  max_posts_per_day: two
  min_personalisation: 1.5
tone: {address: dig, max_emojs: 3}
channels:
  tiktok: {max_chars: 3}
"""


def test_every_problem_is_reported_with_line_and_column_in_file_order(tmp_path: Path) -> None:
    path = _write(tmp_path, "policy.yaml", MANY)
    with pytest.raises(bg.PolicyError) as info:
        bg.load_policy(path)
    problems = [p.replace(str(tmp_path) + "/", "") for p in info.value.problems]
    assert str(info.value).splitlines() == info.value.problems
    assert problems == [
        "policy.yaml:3:3: company.timezon: unknown key; did you mean 'timezone'? "
        "(valid keys: name, aliases, timezone, listed, domains, products)",
        "policy.yaml:5:22: spam.max_posts_per_day: expected a whole number ≥ 0, got 'two'",
        "policy.yaml:6:24: spam.min_personalisation: expected a number from 0 to 1, got 1.5",
        "policy.yaml:7:17: tone.address: expected one of: du, De, got 'dig'",
        "policy.yaml:7:22: tone.max_emojs: unknown key; did you mean 'max_emojis'? "
        "(valid keys: address, max_exclamations, max_emojis, banned_phrases)",
        "policy.yaml:9:3: channels.tiktok: expected one of: linkedin, facebook, x, instagram, "
        "other, got 'tiktok'",
    ]
    # The column is the value's for a wrong value and the key's for an unknown key.
    lines = MANY.splitlines()
    assert lines[4][21:].startswith("two") and lines[6][21:].startswith("max_emojs")


def test_an_unknown_key_with_nothing_close_lists_the_valid_keys_only() -> None:
    with pytest.raises(bg.PolicyError) as info:
        bg.load_policy({"company": {"name": "X"}, "tone": {"zzz": 1}})
    assert str(info.value) == ("<dict>: tone.zzz: unknown key (valid keys: address, "
                               "max_exclamations, max_emojis, banned_phrases)")


def test_json_has_positions_toml_and_dicts_key_paths_only(tmp_path: Path) -> None:
    data = {"company": {"name": "X"}, "spam": {"max_hashtags": "many"}}
    j = _write(tmp_path, "p.json", json.dumps(data, indent=2))
    t = _write(tmp_path, "p.toml", '[company]\nname = "X"\n[spam]\nmax_hashtags = "many"\n')
    problem = "spam.max_hashtags: expected a whole number ≥ 0, got 'many'"
    messages = []
    for source in (j, t, data):
        with pytest.raises(bg.PolicyError) as info:
            bg.load_policy(source)
        messages.append(str(info.value))
    assert messages == [f"{j}:6:21: {problem}", f"{t}: {problem}", f"<dict>: {problem}"]
    assert json.dumps(data, indent=2).splitlines()[5][20:] == '"many"'


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.json", '{"company": {"name": "X"},\n  "spam": {,}}\n')
    with pytest.raises(bg.PolicyError, match=r"p\.json:2:12: invalid JSON: Expecting"):
        bg.load_policy(path)


def test_every_unknown_rules_key_at_once_with_line_column_and_a_hint(tmp_path: Path) -> None:
    path = _write(tmp_path, "policy.yaml", "company: {name: X}\nrules:\n"
                  "  format.max-lenght: off\n  da.speling: warning\n  format.max-length: info\n"
                  "  zzzzzzzz: off\n")
    with pytest.raises(bg.PolicyError) as info:
        bg.Checker(path)
    assert [p.replace(str(tmp_path) + "/", "") for p in info.value.problems] == [
        "policy.yaml:3:3: rules.format.max-lenght: unknown rule, pack or category; "
        "did you mean 'format.max-length'?",
        "policy.yaml:4:3: rules.da.speling: unknown rule, pack or category; "
        "did you mean 'da.spelling'?",
        "policy.yaml:6:3: rules.zzzzzzzz: unknown rule, pack or category",
    ]


def test_unknown_pack_and_option_have_positions_and_hints(tmp_path: Path) -> None:
    path = _write(tmp_path, "policy.yaml", "company: {name: X}\npacks: [format, tone-da, formt]\n")
    with pytest.raises(bg.PolicyError) as info:
        bg.Checker(path)
    assert str(info.value).startswith(f"{path}:2:26: packs: unknown pack 'formt'; "
                                      "did you mean 'format'?; installed: ")
    path.write_text("company: {name: X}\nrules:\n  format.max-length:\n"
                    "    options: {max_char: 3}\n", encoding="utf-8")
    with pytest.raises(bg.PolicyError) as info:
        bg.Checker(path)
    assert str(info.value).startswith(f"{path}:4:15: rules.format.max-length.options: "
                                      "unknown option 'max_char'")


def test_the_cli_prints_one_line_per_problem_and_exits_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from brandguard.cli import MAX_PROBLEM_LINES, main

    post = _write(tmp_path, "post.txt", "Hej fra Skive.")
    path = _write(tmp_path, "policy.yaml", MANY)
    assert main(["check", "--policy", str(path), str(post)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 6 and all(line.startswith(f"brandguard: {path}:") for line in err)
    assert err[0].endswith("company.timezon: unknown key; did you mean 'timezone'? "
                           "(valid keys: name, aliases, timezone, listed, domains, products)")
    # Past MAX_PROBLEM_LINES problems: that many lines, then how many more there are.
    many = "company: {name: X}\ntone:\n" + "".join(f"  k{i}: 1\n" for i in range(25))
    path.write_text(many, encoding="utf-8")
    assert main(["check", "--policy", str(path), str(post)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == MAX_PROBLEM_LINES + 1 == 21
    assert err[0].startswith(f"brandguard: {path}:3:3: tone.k0: unknown key")
    assert err[-1] == "brandguard: … and 5 more"


def test_the_errors_in_docs_policy_md_are_what_the_cli_prints(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from brandguard.cli import main

    doc = (Path(__file__).resolve().parents[1] / "docs" / "policy.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Errors"):doc.index("## Editor support")]
    blocks = section.split("```text\n")[1:]
    policy, printed = (b.split("```")[0] for b in blocks[:2])
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "post.txt", "Hej fra Skive.")
    _write(tmp_path, "policy.yaml", policy)
    assert main(["check", "--policy", "policy.yaml", "post.txt"]) == 2
    assert capsys.readouterr().err == printed
    # Fixed, the same file's rules: names are checked when the Checker is built.
    fixed = (policy.replace("Europe/Cph", "Europe/Copenhagen").replace("adress", "address")
             .replace("two", "2").replace("1.5", "0.5").replace("terms: []", "terms: [grøn]"))
    _write(tmp_path, "policy.yaml", fixed)
    assert main(["check", "--policy", "policy.yaml", "post.txt"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err in section
    for text in ("company: {name: X}\npacks: [dansk]\n",
                 "company: {name: X}\nrules:\n  format.max-length:\n    options: {max_char: 3}\n"):
        _write(tmp_path, "policy.yaml", text)
        assert main(["check", "--policy", "policy.yaml", "post.txt"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.split(";")[0] in section, err


def test_unknown_select_id_has_the_same_hint() -> None:
    with pytest.raises(bg.PolicyError) as info:
        bg.Checker({"company": {"name": "X"}}, select=["da.speling"])
    assert str(info.value) == "unknown rule id 'da.speling'; did you mean 'da.spelling'?"


def test_where_names_the_position_of_a_value_or_key(tmp_path: Path) -> None:
    y = _write(tmp_path, "p.yaml", "company: {name: X}\nspam:\n  max_links: 2\n")
    t = _write(tmp_path, "p.toml", '[company]\nname = "X"\n[spam]\nmax_links = 2\n')
    assert bg.load_policy(y).where("spam", "max_links") == f"{y}:3:14"
    assert bg.load_policy(y).where("spam", "max_links", key=True) == f"{y}:3:3"
    assert bg.load_policy(y).where("tone", "max_emojis") == f"{y}:1:1"  # not there: the top
    assert bg.load_policy(t).where("spam", "max_links") == str(t)
    assert bg.load_policy({"company": {"name": "X"}}).where("spam") == "<dict>"
