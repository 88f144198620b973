"""One small localisation helper: every user-facing label in Danish or English.

``t(lang, key, n=None, **values)`` looks ``key`` up in :data:`MESSAGES` for
``lang`` (``da`` or ``en``; anything else falls back to Danish, the default) and
fills ``{placeholders}`` from ``values``. With ``n`` the entry is a pair
``(singular, plural)`` and ``{n}`` is the count: ``t("da", "posts_n", n=1)`` →
``1 opslag``, ``t("da", "colleagues_n", n=1)`` → ``1 kollega``. Danish and English
both have two plural forms (one, other), so a pair is all either needs.
"""

from __future__ import annotations

from typing import Final

Entry = str | tuple[str, str]

MESSAGES: Final[dict[str, dict[str, Entry]]] = {
    "da": {
        "error": "fejl", "warning": "advarsel", "info": "info",
        "errors_n": ("{n} fejl", "{n} fejl"),
        "warnings_n": ("{n} advarsel", "{n} advarsler"),
        "infos_n": ("{n} info", "{n} info"),
        "findings_n": ("{n} bemærkning", "{n} bemærkninger"),
        "posts_n": ("{n} opslag", "{n} opslag"),
        "files_n": ("{n} fil", "{n} filer"),
        "colleagues_n": ("{n} kollega", "{n} kolleger"),
        "suggestion": "forslag",
        "statistics_header": "antal  regel  alvor",
        "all_clean": "Ingen bemærkninger i {posts}.",
        "policy_used": "politik: {path}",
    },
    "en": {
        "error": "error", "warning": "warning", "info": "info",
        "errors_n": ("{n} error", "{n} errors"),
        "warnings_n": ("{n} warning", "{n} warnings"),
        "infos_n": ("{n} info", "{n} info"),
        "findings_n": ("{n} finding", "{n} findings"),
        "posts_n": ("{n} post", "{n} posts"),
        "files_n": ("{n} file", "{n} files"),
        "colleagues_n": ("{n} colleague", "{n} colleagues"),
        "suggestion": "suggestion",
        "statistics_header": "count  rule  severity",
        "all_clean": "No findings in {posts}.",
        "policy_used": "policy: {path}",
    },
}
LANGS: Final[tuple[str, ...]] = tuple(MESSAGES)


def t(lang: str, key: str, n: int | None = None, **values: object) -> str:
    """The message ``key`` in ``lang``; ``n`` picks the plural form and fills ``{n}``."""
    table = MESSAGES.get(lang, MESSAGES["da"])
    entry = table[key] if key in table else MESSAGES["da"][key]
    if isinstance(entry, tuple):
        if n is None:
            raise TypeError(f"message {key!r} has plural forms: give n")
        text = entry[0] if n == 1 else entry[1]
        return text.format(n=f"{n:,}".replace(",", "." if lang == "da" else ","), **values)
    return entry.format(**values) if values else entry
