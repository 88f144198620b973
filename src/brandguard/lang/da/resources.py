"""Danish language data shipped with brandguard: ``lang/da/data/<name>.yaml``.

These are facts about Danish (verb paradigms, confusable words, language markers,
spelling exceptions), shared by the analysis and by any pack's rules; the rule
packs' own word lists live in their pack folders. They are read through the same
loader as a pack's data (:class:`~brandguard.datafiles.DataFiles`): each file is
validated by the model its reader names, beside the reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, TypeVar, overload

from ...datafiles import DataFiles, DataModel, Pattern, Replacements, Word, Words

DATA_DIR = Path(__file__).parent / "data"
#: The loader of ``lang/da/data/``.
LANGUAGE_DATA = DataFiles(DATA_DIR)

M = TypeVar("M", bound=DataModel)


@overload
def language_data(name: str) -> Any: ...


@overload
def language_data(name: str, model: type[M]) -> M: ...


def language_data(name: str, model: type[DataModel] | None = None) -> Any:
    """``data/<name>.yaml``, validated by ``model`` (read once; callers must not change it)."""
    return LANGUAGE_DATA(name) if model is None else LANGUAGE_DATA(name, model)


class ConfusionData(DataModel):
    """``data/confusion.yaml``: confused words (read by the speller and ``da.confusion``)."""

    data_file: ClassVar[str] = "confusion"

    #: A wrong word or fixed expression → the right one.
    words: Replacements
    #: A wrong stem inside any word → the right stem (`standart` → `standard`).
    stems: Replacements
    #: Nouns after which `op af` means `op ad` (a path: `trappen`).
    ad_paths: Words
    #: Foods that make `natural` the French loan `naturel`.
    naturel_foods: Words


class CommonWordsData(DataModel):
    """``data/common_words.yaml``: words too common to say anything about a story."""

    data_file: ClassVar[str] = "common_words"

    words: Words

class IntentData(DataModel):
    """``lang/da/data/intent.yaml``: the verb classes, patterns and word lists the intent
    layer reads (patterns are regular expressions, checked when the file loads)."""

    data_file: ClassVar[str] = "intent"
    verbs: dict[Word, Words]
    needs_next: dict[Word, list[Word | int]] = {}
    imperative_forms: Replacements = {}
    not_sales: Pattern
    imperative_fillers: Words = []
    you_verbs: Words = []
    job_ad: Pattern
    offer: dict[Word, Pattern]
    recommend: Pattern
    claim: dict[Word, Pattern | Words]
    own_reference: Pattern
    competitor_generic: Pattern
    pressure: dict[Word, Pattern]
    attack: dict[Word, Pattern | Words]
    disclosed_label: Pattern
    disclosed_employment: Pattern
