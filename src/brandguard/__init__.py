"""brandguard: check an employee's draft post against the company's guidelines.

    import brandguard as bg

    checker = bg.Checker(bg.load_policy("policy.yaml"))
    report = checker.check(bg.Post(text="…", channel="linkedin"))
    print(report.verdict, report.score, [f.message for f in report.findings])

This module is the whole public API; everything else is internal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .analysis import Analysis
from .engine import Checker, check
from .hookspecs import hookimpl
from .inputs import InputError, read_markdown_post, read_post, read_rows
from .kinds.base import DeclarativeRule, PackError
from .ledger import Ledger, LedgerError, open_ledger
from .matching import TermMatcher
from .models import (
    CATEGORIES,
    CHANNELS,
    MAX_TEXT_CHARS,
    POST_KINDS,
    Author,
    EmptyPostError,
    Finding,
    InvalidPostError,
    Post,
    PostKind,
    PostTooLongError,
    Report,
    Span,
    ThemeMatch,
)
from .output import format_reports
from .plugins import PluginError, get_plugin_manager
from .policy import (
    Campaign,
    Policy,
    PolicyError,
    describe_error,
    load_policy,
    policy_json_schema,
)
from .regexgate import GatedPattern
from .rule import ByLang, Context, Example, Hit, Rule, bad, bad_post, good

if TYPE_CHECKING:
    from .batch import check_many

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Batches (multiprocessing and its machinery) load on first use: `brandguard check`
    # and a plain `import brandguard` do not pay for them.
    if name == "check_many":
        from .batch import check_many

        return check_many
    raise AttributeError(f"module 'brandguard' has no attribute {name!r}")

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "MAX_TEXT_CHARS",
    "POST_KINDS",
    "Analysis",
    "Author",
    "ByLang",
    "Campaign",
    "Checker",
    "Context",
    "DeclarativeRule",
    "EmptyPostError",
    "Example",
    "Finding",
    "GatedPattern",
    "Hit",
    "InputError",
    "InvalidPostError",
    "Ledger",
    "LedgerError",
    "PackError",
    "PluginError",
    "Policy",
    "PolicyError",
    "Post",
    "PostKind",
    "PostTooLongError",
    "Report",
    "Rule",
    "Span",
    "TermMatcher",
    "ThemeMatch",
    "__version__",
    "bad",
    "bad_post",
    "check",
    "check_many",
    "describe_error",
    "format_reports",
    "get_plugin_manager",
    "good",
    "hookimpl",
    "load_policy",
    "open_ledger",
    "policy_json_schema",
    "read_markdown_post",
    "read_post",
    "read_rows",
]
