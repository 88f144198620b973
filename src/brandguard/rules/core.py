"""Rules every policy gets whatever its packs: the channel's length limit."""

from __future__ import annotations

from collections.abc import Iterator

from ..hookspecs import hookimpl
from ..rule import Context, Hit, Rule, bad, bad_post, good

#: Built-in channel limits (compliance.md; overridable under ``channels:``).
CHANNEL_LIMITS: dict[str, dict[str, int | None]] = {
    "linkedin": {"max_chars": 3000, "fold": 210, "max_hashtags": None},
    "x": {"max_chars": 280, "fold": None, "max_hashtags": None},
    "instagram": {"max_chars": 2200, "fold": 125, "max_hashtags": 30},
    "facebook": {"max_chars": 63206, "fold": 125, "max_hashtags": None},
    "other": {"max_chars": None, "fold": None, "max_hashtags": None},
}


def channel_limit(ctx: Context, key: str) -> int | None:
    """A channel limit: the policy's override, else the built-in default."""
    channel = ctx.post.channel
    override = ctx.policy.channels.get(channel)  # type: ignore[call-overload]
    if override is not None and getattr(override, key) is not None:
        return getattr(override, key)
    return CHANNEL_LIMITS.get(channel, {}).get(key)


class ChannelLength(Rule):
    id = "format.max-length"
    category = "format"
    severity = "error"
    pack = "format"
    summary = "The post fits within the channel's character limit."
    rationale = ("A post over the platform's limit cannot be published as written: LinkedIn "
                 "takes 3,000 characters, Instagram 2,200, Facebook 63,206 (X is counted by "
                 "format.x-weighted-length). The part over the limit is marked so the writer "
                 "knows how much to cut.")
    message = {
        "da": "Opslaget har {count} tegn; {channel} tillader {limit}. Forkort det med {over} tegn.",
        "en": "The post has {count} characters; {channel} allows {limit}. Cut {over} characters.",
    }
    examples = [
        bad_post("Et langt opslag. " * 20, post={"channel": "other"},
                 policy={"channels": {"other": {"max_chars": 100}}}),
        bad("Kort nok" + "<marker>!</marker>", post={"channel": "other"},
            policy={"channels": {"other": {"max_chars": 8}}}),
        good("Et kort opslag om vores nye kontor i Aarhus.", post={"channel": "linkedin"}),
        good("Lige præcis otte.", post={"channel": "other"},
             policy={"channels": {"other": {"max_chars": 17}}}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        if ctx.post.channel == "x":
            return  # X counts weighted characters; see format.x-weighted-length
        limit = channel_limit(ctx, "max_chars")
        count = len(ctx.post.text)
        if limit is None or count <= limit:
            return
        args = {"count": count, "limit": limit, "over": count - limit,
                "channel": ctx.post.channel}
        # Mark the overflow when it is short enough to show; else the whole post.
        text = ctx.analysis.text
        if count - limit <= 200 and len(text) == count:
            yield Hit(limit, count, args=args)
        else:
            yield Hit(None, None, args=args)


@hookimpl
def brandguard_rules() -> list[Rule]:
    return [ChannelLength()]
