"""Shared fixtures: the test policy (a fictional Danish company) and checker helpers."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import brandguard as bg

#: The repository root and the shared test data (pack tests beside their pack read it too).
ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = ROOT / "tests" / "data"

#: The policy rule examples run against (their own ``policy:`` is merged on top).
BASE_POLICY: dict[str, Any] = {
    "company": {
        "name": "Nordlys Energi",
        "aliases": ["Nordlys"],
        "domains": ["nordlys.dk"],
        "products": ["Nordlys Varmepumpe", "SolPakke"],
    },
    "language": "da",
    "narrative": {
        "core_story": (
            "Nordlys Energi hjælper danske familier og virksomheder med den grønne omstilling: "
            "solceller, varmepumper og rådgivning om energi, så regningen og udledningen falder."
        ),
        "themes": [
            {"name": "Grøn omstilling", "terms": ["grøn omstilling", "vedvarende energi", "solcelle", "varmepumpe"]},
            {"name": "Kundeservice", "terms": ["kundeservice", "rådgivning", "kunde"]},
        ],
        "min_themes": 0,
        "values": ["ordentlighed", "nysgerrighed"],
        "competitors": ["Vestkraft"],
    },
    "tone": {"address": "du", "max_exclamations": 2, "max_emojis": 6},
    "style": {"lix_max": 45, "max_sentence_words": 30,
              "terminology": {"Nordlys energi": "Nordlys Energi"}},
    "compliance": {"confidential_terms": ["Projekt Polaris"]},
}


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``extra`` into a copy of ``base`` (dicts merge, everything else replaces)."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@pytest.fixture
def base_policy() -> dict[str, Any]:
    return copy.deepcopy(BASE_POLICY)


@pytest.fixture(scope="session")
def checker() -> bg.Checker:
    """A Checker with every installed pack, on the base policy."""
    return bg.Checker(BASE_POLICY)


def pack_module(pack: str, module: str) -> Any:
    """A Python module of a built-in pack folder (``rules/<pack>/<module>.py``), loaded."""
    import importlib

    from brandguard.packs import PACKS_PACKAGE, Registry
    from brandguard.plugins import get_plugin_manager

    Registry.build(get_plugin_manager(entry_points=False))
    return importlib.import_module(f"{PACKS_PACKAGE}.{pack.replace('-', '_')}.{module}")
