"""The facets brandguard itself declares, registered as a plugin (like a third party's)."""

from __future__ import annotations

from typing import Any

from .evasion import SKELETON, SUSPICIOUS
from .facets import ASTRAL_POSITIONS, BUILTIN_FACETS, ORIGINAL_ASCII, Facet
from .hookspecs import hookimpl
from .intent import INTENT
from .lang.da.langid import LANGUAGE, SENTENCE_LANGUAGES
from .lang.da.names import PROPER_NAMES
from .lang.da.tags import SENTENCE_TAGS, TAGS
from .matching import HASHTAG_SURFACE, VOCABULARY
from .narrative import NARRATIVE
from .postkind import CAMPAIGN, POST_KIND


@hookimpl
def brandguard_facets() -> list[Facet[Any]]:
    return [*BUILTIN_FACETS, VOCABULARY, HASHTAG_SURFACE, SKELETON, SUSPICIOUS, SENTENCE_LANGUAGES,
            LANGUAGE, NARRATIVE, TAGS, SENTENCE_TAGS, PROPER_NAMES, ORIGINAL_ASCII, ASTRAL_POSITIONS,
            INTENT, POST_KIND, CAMPAIGN]
