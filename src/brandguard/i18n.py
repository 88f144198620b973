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
        "colleagues_n": ("{n} kollega", "{n} kolleger"),
        "characters_n": ("{n} tegn", "{n} tegn"),
        "suggestion": "forslag",
        "all_clean": "Ingen bemærkninger i {posts}.",
        # the posting history (Reservation.explain)
        "cadence_day_n": ("{n} opslag i dag (grænsen er {limit})",
                          "{n} opslag i dag (grænsen er {limit})"),
        "cadence_week_n": ("{n} opslag på 7 dage (grænsen er {limit})",
                           "{n} opslag på 7 dage (grænsen er {limit})"),
        "cadence_gap": "{hours} timer fra et andet opslag (mindst {limit} timer)",
        "not_recorded": "{label}: ikke gemt i historikken, for opslaget er over grænsen: "
                        "{reason}",
        # spam rules: colleagues counted
        "colleagues_have_shared_n": ("{n} kollega har", "{n} kolleger har"),
        "colleagues_posts_n": ("{n} kollegas opslag", "{n} kollegers opslag"),
        # fix
        "fixed_n": ("{n} rettet", "{n} rettet"),
        "fixable_n": ("{n} kan rettes", "{n} kan rettes"),
        "left_n": ("{n} tilbage til et menneske", "{n} tilbage til et menneske"),
        # baseline
        "baseline_created": "{findings} i {posts} accepteret i {file}",
        "baseline_new_n": ("{n} ny bemærkning", "{n} nye bemærkninger"),
        "baseline_accepted": "{count} accepteret af {file}",
        "baseline_gone_n": ("{n} accepteret bemærkning findes ikke længere",
                            "{n} accepterede bemærkninger findes ikke længere"),
        "baseline_refresh": "('brandguard baseline create' fjerner dem)",
        # batch summary
        "rows_line": "{rows}: {checked} tjekket, {errors} kunne ikke læses",
        "rows_n": ("{n} række", "{n} rækker"),
        "in_seconds": " på {seconds} s",
        "verdict_col": "dom",
        "posts_col": "opslag",
        "top_rules": "hyppigste regler",
        "findings_col": "bemærkninger",
        "slowest_posts": "langsomste opslag",
        "pass": "godkendt", "warn": "godkendt med advarsler", "block": "blokeret",
        # text output
        "score": "score",
        "text_none": "Ingen bemærkninger.",
        "whole_post": "hele",
    },
    "en": {
        "error": "error", "warning": "warning", "info": "info",
        "errors_n": ("{n} error", "{n} errors"),
        "warnings_n": ("{n} warning", "{n} warnings"),
        "infos_n": ("{n} info", "{n} info"),
        "findings_n": ("{n} finding", "{n} findings"),
        "posts_n": ("{n} post", "{n} posts"),
        "colleagues_n": ("{n} colleague", "{n} colleagues"),
        "characters_n": ("{n} character", "{n} characters"),
        "suggestion": "suggestion",
        "all_clean": "No findings in {posts}.",
        "cadence_day_n": ("{n} post today (limit {limit})", "{n} posts today (limit {limit})"),
        "cadence_week_n": ("{n} post in 7 days (limit {limit})",
                           "{n} posts in 7 days (limit {limit})"),
        "cadence_gap": "{hours} h after/before another post (minimum {limit} h)",
        "not_recorded": "{label}: not recorded in the history, for the post is over the "
                        "limit: {reason}",
        "colleagues_have_shared_n": ("{n} colleague has", "{n} colleagues have"),
        "colleagues_posts_n": ("posts by {n} colleague", "posts by {n} colleagues"),
        "fixed_n": ("{n} fixed", "{n} fixed"),
        "fixable_n": ("{n} fixable", "{n} fixable"),
        "left_n": ("{n} left for a person", "{n} left for a person"),
        "baseline_created": "{findings} in {posts} accepted in {file}",
        "baseline_new_n": ("{n} new finding", "{n} new findings"),
        "baseline_accepted": "{count} accepted by {file}",
        "baseline_gone_n": ("{n} accepted finding no longer occurs",
                            "{n} accepted findings no longer occur"),
        "baseline_refresh": "('brandguard baseline create' drops them)",
        "rows_line": "{rows}: {checked} checked, {errors} not readable",
        "rows_n": ("{n} row", "{n} rows"),
        "in_seconds": " in {seconds} s",
        "verdict_col": "verdict",
        "posts_col": "posts",
        "top_rules": "top rules",
        "findings_col": "findings",
        "slowest_posts": "slowest posts",
        "pass": "pass", "warn": "warn", "block": "block",
        "score": "score",
        "text_none": "No findings.",
        "whole_post": "post",
    },
}
LANGS: Final[tuple[str, ...]] = tuple(MESSAGES)


class Count(int):
    """A whole number that picks a word form in a template: ``{count:hashtag|hashtags}``
    gives ``hashtag`` for 1 and ``hashtags`` otherwise; any other format spec is an
    int's. Rule templates get their whole-number arguments as Counts (``rule.fill``),
    so a message says ``1 hashtag`` and ``2 hashtags`` in one template."""

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, _, many = spec.partition("|")
            return one if self == 1 else many
        return super().__format__(spec)


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number as the language writes it: ``1.234,5`` in Danish, ``1,234.5`` in English."""
    text = f"{value:,.{digits}f}"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def t(lang: str, key: str, n: int | None = None, **values: object) -> str:
    """The message ``key`` in ``lang``; ``n`` picks the plural form and fills ``{n}``."""
    table = MESSAGES.get(lang, MESSAGES["da"])
    entry = table[key] if key in table else MESSAGES["da"][key]
    if isinstance(entry, tuple):
        if n is None:
            raise TypeError(f"message {key!r} has plural forms: give n")
        text = entry[0] if n == 1 else entry[1]
        return text.format(n=number(n, lang), **values)
    return entry.format(**values) if values else entry
