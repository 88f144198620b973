"""Declarative rule kinds for YAML packs, registered as a built-in plugin."""

from __future__ import annotations

from ..hookspecs import hookimpl
from .base import DeclarativeRule, PackError
from .existence import Existence
from .metric import Metric
from .occurrence import Occurrence
from .pattern import Pattern
from .substitution import Substitution

Kind = DeclarativeRule
__all__ = ["DeclarativeRule", "Existence", "Kind", "Metric", "Occurrence", "PackError",
           "Pattern", "Substitution"]


@hookimpl
def brandguard_rule_kinds() -> dict[str, type[DeclarativeRule]]:
    return {k.kind: k for k in (Existence, Substitution, Occurrence, Pattern, Metric)}
