"""A share of a company campaign is held to its campaign: its hashtags, link, key terms
and dates (the policy's ``campaigns:`` list; ``Post.campaign`` names the campaign)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from brandguard.matching import TermMatcher
from brandguard.policy import Campaign, Policy
from brandguard.postkind import CAMPAIGN, link_key, links_to, local_day
from brandguard.rule import ByLang, Context, Hit, Rule, bad_post, good


def _matchers(policy: Policy) -> dict[str, TermMatcher]:
    """One term matcher per campaign with key terms (lemmas, inflections, compounds)."""
    return {c.id: TermMatcher(c.terms, ("surface", "lemma", "compound"), hashtags=True)
            for c in policy.campaigns if c.terms}


def _day(d: date, lang: str) -> str:
    months_da = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                 "september", "oktober", "november", "december")
    if lang == "en":
        return d.strftime("%d %B %Y").lstrip("0")
    return f"{d.day}. {months_da[d.month - 1]} {d.year}"


def _both(d: date) -> ByLang:
    return ByLang(da=_day(d, "da"), en=_day(d, "en"))


def _listing(items: list[str]) -> ByLang:
    if len(items) <= 1:
        return ByLang(da="".join(items), en="".join(items))
    head = ", ".join(items[:-1])
    return ByLang(da=f"{head} og {items[-1]}", en=f"{head} and {items[-1]}")


def _either(items: list[str]) -> ByLang:
    shown = items[:3]
    if len(shown) <= 1:
        return ByLang(da="".join(shown), en="".join(shown))
    head = ", ".join(shown[:-1])
    return ByLang(da=f"{head} eller {shown[-1]}", en=f"{head} or {shown[-1]}")


_POLICY = {"campaigns": [{
    "id": "solpakke-2026", "name": "Solpakken 2026", "hashtags": ["#nordlyssol"],
    "link": "nordlys.dk/solpakke", "terms": ["solcelle", "solpakke"],
    "starts": "2026-03-01", "ends": "2026-04-30"}]}
_SHARE = {"campaign": "solpakke-2026", "created_at": "2026-03-10T09:00:00+01:00"}
_GOOD = ("I dag har jeg sat solceller op hos en familie i Viborg med Solpakken – de glæder sig "
         "til den første sommer. https://nordlys.dk/solpakke #nordlyssol")


class CampaignShare(Rule):
    name = "campaign"
    severity = "warning"
    summary = ("A share of a company campaign carries its hashtags, link and key terms, and "
               "runs within its dates.")
    rationale = (
        "A campaign is measured on its hashtag and its link, and readers should find the "
        "campaign's message in the post; a share that leaves them out is lost to the "
        "campaign. A share before the campaign's first day publishes it early (an error: "
        "the campaign, its prices or its launch may not be public yet); a share after its "
        "last day points readers to an offer that has ended (markedsføringsloven § 5: no "
        "misleading offers). The campaigns are the policy's `campaigns:` list (id, name, "
        "hashtags, link, terms, min_terms, starts, ends); a post shares one when "
        "`Post.campaign` names it, or when it is given as `kind: campaign-share` and "
        "carries the campaign's hashtag or link, or only one campaign is running.")
    message = {
        "da": "Opslaget deler kampagnen »{campaign}«, men mangler {missing}.",
        "en": "The post shares the campaign '{campaign}' but lacks {missing}.",
    }
    messages = {
        "early": {
            "da": "Kampagnen »{campaign}« starter først {starts}; opslaget er sat til "
                  "{day}. Den må ikke deles, før den er offentlig.",
            "en": "The campaign '{campaign}' starts on {starts}; the post is set for {day}. "
                  "It must not be shared before it is public.",
        },
        "late": {
            "da": "Kampagnen »{campaign}« sluttede {ends}; opslaget er sat til {day}.",
            "en": "The campaign '{campaign}' ended on {ends}; the post is set for {day}.",
        },
    }
    suggestion_templates = {
        "add": {"da": "{advice}", "en": "{advice}"},
        "wait": {"da": "Vent med opslaget til {starts} eller senere.",
                 "en": "Hold the post until {starts} or later."},
        "drop": {"da": "Skriv opslaget uden kampagnen, eller fjern koblingen til den.",
                 "en": "Write the post without the campaign, or remove the link to it."},
    }
    examples = [
        bad_post("I dag har jeg sat solceller op hos en familie i Viborg med Solpakken. "
                 "https://nordlys.dk/solpakke", post=_SHARE, policy=_POLICY,
                 suggestion="Tilføj #nordlyssol sidst i opslaget."),
        bad_post("I dag har jeg sat solceller op hos en familie i Viborg. #nordlyssol",
                 post=_SHARE, policy=_POLICY,
                 suggestion="Tilføj linket til kampagnen: https://nordlys.dk/solpakke"),
        bad_post("Se vores nye tilbud! https://www.nordlys.dk/solpakke/ #nordlyssol",
                 post=_SHARE, policy=_POLICY,
                 suggestion="Fortæl med dine egne ord om solcelle eller solpakke."),
        bad_post("Kig ind! https://nordlys.dk/solpakke", post=_SHARE, policy=_POLICY,
                 suggestion="Tilføj #nordlyssol sidst i opslaget. Fortæl med dine egne ord "
                            "om solcelle eller solpakke."),
        bad_post(_GOOD, post={**_SHARE, "created_at": "2026-02-20T09:00:00+01:00"},
                 policy=_POLICY, suggestion="Vent med opslaget til 1. marts 2026 eller senere."),
        bad_post(_GOOD, post={**_SHARE, "created_at": "2026-05-02T09:00:00+02:00"},
                 policy=_POLICY),
        # Given as a campaign share without naming it: the only campaign running.
        bad_post("I dag har jeg sat solceller op hos en familie i Viborg. "
                 "https://nordlys.dk/solpakke",
                 post={"kind": "campaign-share", "created_at": "2026-03-10T09:00:00+01:00"},
                 policy=_POLICY),
        good(_GOOD, post=_SHARE, policy=_POLICY),
        # The link with a tracking query and the hashtag in other letter case.
        good("Solcellerne hos familien i Viborg kører. "
             "https://www.nordlys.dk/solpakke/?utm_source=linkedin #NordlysSol",
             post=_SHARE, policy=_POLICY),
        # A campaign the policy does not list (a story id for the share counts only).
        good("I dag har jeg sat solceller op hos en familie i Viborg.",
             post={"campaign": "vaerksted-aarhus"}, policy=_POLICY),
        # Not a share: the campaign is not named and the kind is not given.
        good("I dag har jeg sat solceller op hos en familie i Viborg.",
             post={"created_at": "2026-03-10T09:00:00+01:00"}, policy=_POLICY),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        campaign: Campaign | None = ctx.analysis[CAMPAIGN]
        if campaign is None:
            return
        a = ctx.analysis
        args: dict[str, object] = {"campaign": campaign.title}
        day = local_day(ctx)
        if campaign.starts is not None and day < campaign.starts:
            yield Hit(None, None, key="early", severity="error", suggestion_key="wait",
                      args={**args, "starts": _both(campaign.starts), "day": _both(day)})
            return
        if campaign.ends is not None and day > campaign.ends:
            yield Hit(None, None, key="late", suggestion_key="drop",
                      args={**args, "ends": _both(campaign.ends), "day": _both(day)})
            return
        # What the share lacks, and how to add it: one finding, each part in both languages.
        lacks: list[tuple[str, str]] = []
        advice: list[tuple[str, str]] = []
        tags = {h.text.casefold() for h in a.hashtags}
        missing = [t for t in campaign.hashtags if t.casefold() not in tags]
        if missing:
            listed = _listing(missing)
            plural = "s" if len(missing) > 1 else ""
            lacks.append((f"kampagnens hashtag{plural} {listed.da}",
                          f"its hashtag{plural} {listed.en}"))
            advice.append((f"Tilføj {listed.da} sidst i opslaget.",
                           f"Add {listed.en} at the end of the post."))
        if campaign.link:
            target = link_key(campaign.link)
            if not any(links_to(link_key(u.text), target) for u in a.urls):
                shown = campaign.link if "://" in campaign.link else f"https://{campaign.link}"
                lacks.append((f"linket til kampagnen ({shown})", f"the link to it ({shown})"))
                advice.append((f"Tilføj linket til kampagnen: {shown}",
                               f"Add the link to the campaign: {shown}"))
        matcher = ctx.compiled.part(_matchers).get(campaign.id)
        if matcher is not None:
            found = {m.term_index for m in matcher.find(a)}
            if len(found) < min(campaign.min_terms, len(campaign.terms)):
                terms = _either(list(campaign.terms))
                lacks.append((f"kampagnens budskab ({terms.da})", f"its message ({terms.en})"))
                advice.append((f"Fortæl med dine egne ord om {terms.da}.",
                               f"Tell in your own words about {terms.en}."))
        if lacks:
            da, en = _listing([x for x, _ in lacks]), _listing([x for _, x in lacks])
            yield Hit(None, None, suggestion_key="add",
                      args={**args, "missing": ByLang(da=da.da, en=en.en),
                            "advice": ByLang(da=" ".join(x for x, _ in advice),
                                             en=" ".join(x for _, x in advice))})
