"""The fixture `ours` (every narrative and tone rule) comes from tests/narrative_tone.py."""

from tests.narrative_tone import ours  # noqa: F401  (a fixture, found by pytest here)
