"""What kind of post it is: a work story, advice, a job ad, an event, an internal message…

The ``POST_KIND`` facet reads it from the text (and from ``Post.kind`` when the caller
says ``personal``), so rules can adapt: a job ad or an internal message to colleagues
is not asked for the company's key messages. The detection is deliberately narrow —
only kinds with clear signals are named; everything else is ``company``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .facets import facet
from .intent import INTENT

if TYPE_CHECKING:
    from .analysis import Analysis

#: The kinds :data:`POST_KIND` names.
POST_KINDS = ("company", "personal", "job-ad", "internal", "event")

#: A message to colleagues: addressed to them first, or about the programme's own tools.
_INTERNAL_ADDRESS = re.compile(
    r"^\W*(?:kære|hej|til)\s+(?:alle\b|team\w*|kolleg\w*|\w+lederne|\w+ledere|alle\s+\w+|"
    r"jer\s+i\s+\w+afdeling\w*)", re.IGNORECASE)
_INTERNAL_WORDS = re.compile(
    r"\b(?:ambassadørprogram\w*|i\s+appen|intranet\w*|kantinen|opslagstavlen|teammøde\w*|"
    r"delekampagne\w*|kampagneopslag\w*|forslag\s+til\s+opslag|del\s+(?:det|den|opslaget)\s+"
    r"gerne|del\s+gerne|deler\s+du|hvis\s+du\s+vil\s+dele|hvis\s+man\s+vil\s+dele)",
    re.IGNORECASE)
_EVENT = re.compile(
    r"\b(?:åbent\s+hus|webinar\w*|seminar\w*|workshop\w*|konference\w*|messe\w*|"
    r"tilmelding\w*|tilmeld\s+dig|kom\s+og\s+(?:se|hør|mød)|vi\s+ses\s+(?:på|i|til))\b",
    re.IGNORECASE)


@facet("post_kind", requires=("context", "intent"))
def POST_KIND(a: Analysis) -> str:
    """The post's kind: ``personal`` (given), ``job-ad``, ``internal``, ``event`` or ``company``."""
    ctx = a.context
    if ctx is not None and ctx.post.kind == "personal":
        return "personal"
    if a[INTENT].job_ad:
        return "job-ad"
    text = a.text
    if _INTERNAL_ADDRESS.search(text) or (
            _INTERNAL_WORDS.search(text)
            and (ctx is None or ctx.post.channel == "other" or _INTERNAL_ADDRESS.search(text))):
        return "internal"
    if ctx is not None and ctx.post.channel == "other" and _INTERNAL_WORDS.search(text):
        return "internal"
    if _EVENT.search(text):
        return "event"
    return "company"
