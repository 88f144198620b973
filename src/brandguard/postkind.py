"""What kind of post it is: a work story, advice, a job ad, an event, a campaign share…

The ``POST_KIND`` facet is the kind the caller gives (``Post(kind=…)``, ``--kind``, a
``kind`` column or front-matter field), or, for the default ``company``, the kind read
from the text, so rules can adapt: a job ad, a personal post or an internal message to
colleagues is not asked for the company's key messages; a campaign share is held to
its campaign (``narrative.campaign``). The detection is deliberately narrow — only
kinds with clear signals are named (``job-ad``, ``internal``, ``event``, and
``campaign-share`` for a post whose ``campaign`` is one of the policy's); everything
else is ``company``.

The ``CAMPAIGN`` facet is the policy campaign the post shares, if any.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from .facets import FOLDED_TEXT, facet
from .intent import INTENT
from .models import POST_KINDS
from .regexgate import GatedPattern

if TYPE_CHECKING:
    from .analysis import Analysis
    from .policy import Campaign
    from .rule import Context

__all__ = ["CAMPAIGN", "POST_KIND", "POST_KINDS", "campaign_of"]

#: A message to colleagues: addressed to them first, or about the programme's own tools.
_INTERNAL_ADDRESS = re.compile(
    r"^\W*(?:kære|hej|til)\s+(?:alle\b|team\w*|kolleg\w*|\w+lederne|\w+ledere|alle\s+\w+|"
    r"jer\s+i\s+\w+afdeling\w*)", re.IGNORECASE)
_INTERNAL_WORDS = GatedPattern(
    r"\b(?:ambassadørprogram\w*|i\s+appen|intranet\w*|kantinen|opslagstavlen|teammøde\w*|"
    r"delekampagne\w*|kampagneopslag\w*|forslag\s+til\s+opslag|del\s+(?:det|den|opslaget)\s+"
    r"gerne|del\s+gerne|deler\s+du|hvis\s+du\s+vil\s+dele|hvis\s+man\s+vil\s+dele)",
    re.IGNORECASE)
_EVENT = GatedPattern(
    r"\b(?:åbent\s+hus|webinar\w*|seminar\w*|workshop\w*|konference\w*|messe\w*|"
    r"tilmelding\w*|tilmeld\s+dig|kom\s+og\s+(?:se|hør|mød)|vi\s+ses\s+(?:på|i|til))\b",
    re.IGNORECASE)


def campaign_of(ctx: Context) -> Campaign | None:
    """The policy campaign a post shares: the one ``Post.campaign`` names; for a post
    given as ``kind: campaign-share`` without a known one, the campaign whose hashtag or
    link it carries, else the only campaign running on its day."""
    policy = ctx.policy
    if not policy.campaigns:
        return None
    post = ctx.post
    named = policy.campaign(post.campaign)
    if named is not None or post.kind != "campaign-share":
        return named
    a = ctx.analysis
    tags = {h.text.casefold() for h in a.hashtags}
    links = [link_key(u.text) for u in a.urls]
    for c in policy.campaigns:
        if any(t.casefold() in tags for t in c.hashtags) or (
                c.link and any(links_to(u, link_key(c.link)) for u in links)):
            return c
    day = local_day(ctx)
    running = [c for c in policy.campaigns if (c.starts is None or c.starts <= day)
               and (c.ends is None or day <= c.ends)]
    return running[0] if len(running) == 1 else None


def local_day(ctx: Context) -> date:
    """The post's publishing day in the company's time zone."""
    from zoneinfo import ZoneInfo

    return ctx.post.published_at().astimezone(ZoneInfo(ctx.policy.company.timezone)).date()


def link_key(url: str) -> str:
    """A URL without scheme, ``www.``, query, fragment and trailing slash, lower-cased
    host: ``https://www.Nordlys.dk/sol/?utm=x`` → ``nordlys.dk/sol``."""
    u = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.IGNORECASE)
    u = re.split(r"[?#]", u, maxsplit=1)[0].rstrip("/.,;:!)»")
    host, _, path = u.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{path}".rstrip("/") if path else host


def links_to(key: str, target: str) -> bool:
    """``key`` is the campaign link ``target`` or a page under it."""
    return key == target or key.startswith(target + "/")


@facet("campaign", requires=("context", "hashtags", "urls"))
def CAMPAIGN(a: Analysis) -> Campaign | None:
    """The policy campaign the post shares (see :func:`campaign_of`), or None."""
    ctx = a.context
    return campaign_of(ctx) if ctx is not None else None


@facet("post_kind", requires=("context", "intent", "campaign", "folded_text"))
def POST_KIND(a: Analysis) -> str:
    """The post's kind: the given ``Post.kind``, or, for ``company``, ``campaign-share``
    (its ``campaign`` is one of the policy's), ``job-ad``, ``internal``, ``event`` or
    ``company``."""
    ctx = a.context
    if ctx is not None and ctx.post.kind != "company":
        return ctx.post.kind
    if ctx is not None and a[CAMPAIGN] is not None:
        return "campaign-share"
    if a[INTENT].job_ad:
        return "job-ad"
    text = a.text
    folded = a[FOLDED_TEXT]
    if _INTERNAL_ADDRESS.search(text):
        return "internal"
    # The programme's own words (`del gerne`, `i appen`) make a message internal only
    # where internal messages go (channel `other`, or no check): elsewhere they are not
    # looked for.
    if (ctx is None or ctx.post.channel == "other") and _INTERNAL_WORDS.search(text, folded):
        return "internal"
    if _EVENT.search(text, folded):
        return "event"
    return "company"
