"""The facets brandguard itself declares, registered as a plugin (like a third party's)."""

from __future__ import annotations

from typing import Any

from .engine import ASTRAL_POSITIONS, ORIGINAL_ASCII
from .evasion import SKELETON, SUSPICIOUS
from .facets import BUILTIN_FACETS, Facet
from .hookspecs import hookimpl
from .intent import INTENT
from .lang.da.langid import LANGUAGE, SENTENCE_LANGUAGES
from .lang.da.names import PROPER_NAMES
from .lang.da.tags import SENTENCE_TAGS, TAGS
from .matching import VOCABULARY
from .narrative import NARRATIVE
from .postkind import POST_KIND


@hookimpl
def brandguard_facets() -> list[Facet[Any]]:
    return [*BUILTIN_FACETS, VOCABULARY, SKELETON, SUSPICIOUS, SENTENCE_LANGUAGES, LANGUAGE,
            NARRATIVE, TAGS, SENTENCE_TAGS, PROPER_NAMES, ORIGINAL_ASCII, ASTRAL_POSITIONS, INTENT, POST_KIND]
