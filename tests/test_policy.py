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
         "policy.yaml: spam.max_posts_per_day: expected a whole number ≥ 0, got 'two'"),
        ("company: {name: X}\nspam:\n  max_posts_per_day: -1\n",
         "policy.yaml: spam.max_posts_per_day: expected a whole number ≥ 0, got -1"),
        ("company: {name: X}\nspam: {max_post_per_day: 2}\n",
         "policy.yaml: spam.max_post_per_day: unknown key; valid keys: max_posts_per_day,"),
        ("company: {name: X}\ntone: {address: dig}\n",
         "policy.yaml: tone.address: expected one of: du, De, got 'dig'"),
        ("company: {name: X, timezone: Europe/Kbh}\n",
         "policy.yaml: company.timezone: expected an IANA time zone"),
        ("spam: {}\n", "policy.yaml: company: missing"),
        ("company: {name: X}\nspam: {min_personalisation: 1.5}\n",
         "policy.yaml: spam.min_personalisation: expected a number from 0 to 1, got 1.5"),
        ("company: {name: X}\nnarrative:\n  themes:\n    - {name: Grøn, terms: []}\n",
         "policy.yaml: narrative.themes.0.terms: expected at least one item"),
        ("company: {name: X}\nrules: {da.spelling: loud}\n",
         "policy.yaml: rules.da.spelling: expected one of: off, info, warning, error, or a mapping"),
        ("company: [X]\n", "policy.yaml: company: expected a mapping"),
        ("company: {name: X\n", "policy.yaml: line 2: invalid YAML"),
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
