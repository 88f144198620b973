"""The compiled policy: what every rule needs from the policy, built once per Checker.

The company's names, its products and competitors, the confidential terms, the
channel and cadence limits and the narrative model are compiled here, once, and
shared by every rule of a :class:`~brandguard.Checker` (``ctx.compiled``) and by
the facets (``analysis.ctx.compiled``). Each part is built on first use, so a
Checker that runs only the punctuation rules never builds the narrative model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from .channels import CHANNEL_LIMITS
from .matching import TermMatcher

T = TypeVar("T")

if TYPE_CHECKING:
    from .evasion import EvasionMatcher
    from .ledger.base import CadenceLimits
    from .narrative import Narrative
    from .policy import Policy


class CompiledPolicy:
    """One policy, compiled for checking. Thread-safe: parts are built under a lock."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._lock = threading.RLock()
        self._parts: dict[Callable[[Policy], Any], Any] = {}

    def part(self, build: Callable[[Policy], T]) -> T:
        """A pack's own compiled part of the policy, built once per Checker by ``build``.

        The function is the key: every rule (and facet) that asks with the same
        function gets the same object, e.g. ``ctx.compiled.part(compile_patterns)``.
        """
        try:
            return self._parts[build]  # type: ignore[no-any-return]  # keyed by its builder
        except KeyError:
            pass
        with self._lock:
            if build not in self._parts:
                self._parts[build] = build(self.policy)
            return self._parts[build]  # type: ignore[no-any-return]  # keyed by its builder

    # --- who the post may be about ------------------------------------------------------------

    @property
    def company_names(self) -> list[str]:
        """The company's name and aliases, as the policy spells them."""
        return self.policy.company.all_names()

    @property
    def products(self) -> list[str]:
        """The company's own products and offers (``company.products``)."""
        return list(self.policy.company.products)

    @property
    def own_names(self) -> list[str]:
        """The company's names and its products: what a post about the employer names."""
        return [*self.company_names, *self.products]

    @property
    def proper_names(self) -> list[str]:
        """Every name the policy gives (company, products, competitors, accepted words):
        the spelling and capitalisation rules leave them alone."""
        p = self.policy
        return [*self.own_names, *p.style.accept, *p.narrative.values, *p.narrative.competitors]

    @cached_property
    def competitors(self) -> TermMatcher:
        """The policy's competitors, matched as words and lemmas and in hashtags."""
        with self._lock:
            return TermMatcher(self.policy.narrative.competitors, ("surface", "lemma"),
                               hashtags=True)

    @cached_property
    def company(self) -> TermMatcher:
        """The company's names and products, matched as words and lemmas and in hashtags."""
        with self._lock:
            return TermMatcher(self.own_names, ("surface", "lemma"), hashtags=True)

    @cached_property
    def confidential(self) -> EvasionMatcher:
        """The confidential terms (``compliance.confidential_terms``), matched however they
        are spelled: split, dotted, leet, look-alike letters."""
        from .evasion import EvasionMatcher

        with self._lock:
            return EvasionMatcher(self.policy.compliance.confidential_terms)

    # --- the narrative -------------------------------------------------------------------------

    @cached_property
    def narrative(self) -> Narrative:
        """The themes, values and core story compiled for matching and story fit."""
        from .narrative import Narrative

        with self._lock:
            return Narrative(self.policy)

    # --- limits ---------------------------------------------------------------------------------

    def channel_limit(self, channel: str, key: str) -> int | None:
        """A channel limit (``max_chars``, ``fold``, ``max_hashtags``): the policy's
        override, else the built-in default."""
        override = self.policy.channels.get(channel)  # type: ignore[call-overload]  # Literal keys
        if override is not None and getattr(override, key) is not None:
            return getattr(override, key)  # type: ignore[no-any-return]  # pydantic field
        return CHANNEL_LIMITS.get(channel, {}).get(key)

    @cached_property
    def cadence(self) -> CadenceLimits:
        """The posting-cadence limits of ``spam:``."""
        from .ledger.base import CadenceLimits

        return CadenceLimits.from_policy(self.policy)
