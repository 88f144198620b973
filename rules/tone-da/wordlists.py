"""Models of this pack's word lists that YAML rules read (``{data: …, key: …}``).

The YAML rule tone.profanity takes its graded lists from ``data/profanity.yaml``;
the model validates that file at load like every other data file.
"""

from __future__ import annotations

from typing import ClassVar

from brandguard.datafiles import DataModel, Words


class ProfanityData(DataModel):
    """``data/profanity.yaml``: words by grade, and words also matched in compounds."""

    data_file: ClassVar[str] = "profanity"
    info: Words = []
    warning: Words = []
    error: Words = []
    #: Words also matched as the first part of a compound (`lortesystem`).
    compound: Words = []
