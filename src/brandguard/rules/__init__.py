"""Built-in Python rules, one module per rule or small family (as in ruff).

Every module in this package is registered as a plugin of its own and
implements ``brandguard_rules`` (see :func:`builtin_rule_modules`).
"""

from __future__ import annotations

import pkgutil


def builtin_rule_modules() -> list[str]:
    """Names of the rule modules in this package, sorted."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
