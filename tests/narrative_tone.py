"""What the narrative and tone pack tests share (rules/narrative-da/tests, rules/tone-da/tests):
every rule of both packs on the base policy, the shared post corpora, and a finding lookup."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

import brandguard as bg
from brandguard.packs import Registry

from .conftest import BASE_POLICY, TEST_DATA, merge

_registry = Registry.build(bg.get_plugin_manager(), bg.load_policy(BASE_POLICY))
OUR_RULES = sorted(r for r in _registry.rules if r.startswith(("tone.", "narrative.")))


def posts(name: str) -> list[str]:
    """The texts of a post corpus in tests/data."""
    return [p["text"] for p in yaml.safe_load((TEST_DATA / name).read_text(encoding="utf-8"))["posts"]]


@pytest.fixture(scope="module")
def ours() -> bg.Checker:
    """Every narrative and tone rule, on the base policy."""
    return bg.Checker(BASE_POLICY, select=OUR_RULES)


def checker(policy: dict[str, Any] | None = None, rules: list[str] | None = None) -> bg.Checker:
    """The narrative and tone rules (or ``rules``) on the base policy with ``policy`` on top."""
    return bg.Checker(merge(BASE_POLICY, policy or {}), select=rules or OUR_RULES)


def found(report: bg.Report, rule_id: str) -> list[tuple[str | None, str]]:
    """(span text, severity) of each finding of ``rule_id``."""
    return [(f.span.text if f.span else None, f.severity)
            for f in report.findings if f.rule_id == rule_id]
