"""Each channel's limits: length, X's weighted length, the "see more" fold, hashtag caps.

Built-in limits (compliance.md, "Platform limits") can be overridden per channel
under ``channels:`` in the policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from brandguard import i18n
from brandguard.channels import X_URL_WEIGHT, channel_limit, x_weights
from brandguard.matching import TermMatcher
from brandguard.rule import ByLang, Context, Hit, Rule, bad, bad_post, good


class ChannelLength(Rule):
    name = "max-length"
    severity = "error"
    summary = "The post fits within the channel's character limit."
    rationale = ("A post over the platform's limit cannot be published as written: LinkedIn "
                 "takes 3,000 characters, Instagram 2,200, Facebook 63,206 (X is counted by "
                 "format.x-weighted-length). The part over the limit is marked so the writer "
                 "knows how much to cut.")
    message = {
        "da": "Opslaget har {count} tegn; {channel} tillader {limit}. Forkort det med {over_chars}.",
        "en": "The post has {count} characters; {channel} allows {limit}. Cut {over_chars}.",
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
        over = count - limit
        args = {"count": count, "limit": limit, "over": over, "channel": ctx.post.channel,
                "over_chars": ByLang(da=i18n.t("da", "characters_n", n=over),
                                     en=i18n.t("en", "characters_n", n=over))}
        # Mark the overflow when it is short enough to show; else the whole post.
        text = ctx.analysis.text
        if count - limit <= 200 and len(text) == count:
            yield Hit(limit, count, args=args)
        else:
            yield Hit(None, None, args=args)


# --- X ------------------------------------------------------------------------------------------

class XWeightedLength(Rule):
    name = "x-weighted-length"
    severity = "error"
    summary = "A post for X fits within X's 280 weighted characters."
    rationale = ("X does not count characters but weights them (twitter-text v3, "
                 "docs.x.com): a link counts 23 whatever its length, an emoji 2, Latin "
                 "letters including æ, ø and å 1, and CJK and most symbols (… included) 2. "
                 "A post over 280 cannot be published. The override is channels.x.max_chars.")
    message = {
        "da": "Opslaget vejer {count} tegn på X (et link tæller 23, en emoji 2); X tillader "
              "{limit}. Forkort det med {over}.",
        "en": "The post weighs {count} characters on X (a link counts 23, an emoji 2); X "
              "allows {limit}. Cut {over}.",
    }
    examples = [
        bad("Vi har åbnet et nyt værksted i Aarhus. " * 7 + "Kig <marker>forbi!</marker>",
            suggestion=None, post={"channel": "x"}),
        bad_post("Se vores nye værksted 🎉 " * 20 + "https://nordlys.dk/aarhus " * 4,
                 post={"channel": "x"}),
        # 250 letters and a long link (23): "Kig" still fits, "forbi" crosses 280...
        bad("a" * 250 + " https://nordlys.dk/" + "x" * 80 + " Kig <marker>forbi i dag.</marker>",
            post={"channel": "x"}),
        # ...while 250 letters and the same link weigh 274.
        good("a" * 250 + " https://nordlys.dk/" + "x" * 80, post={"channel": "x"}),
        good("Vi har åbnet et nyt værksted i Aarhus. " * 7, post={"channel": "x"}),
        good("Vi har åbnet et nyt værksted i Aarhus. " * 8, post={"channel": "linkedin"}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        if ctx.post.channel != "x":
            return
        limit = channel_limit(ctx, "max_chars")
        if limit is None or len(ctx.analysis.text) <= limit // X_URL_WEIGHT:
            return
        total = 0
        first_over: int | None = None
        for start, _end, weight in x_weights(ctx.analysis):
            total += weight
            if first_over is None and total > limit:
                first_over = start
        if total <= limit or first_over is None:
            return
        args = {"count": total, "limit": limit, "over": total - limit}
        text = ctx.analysis.text
        # A word that crosses the limit has to go whole: mark from its start.
        word_start = first_over
        while word_start > 0 and first_over - word_start < 40 and not text[word_start - 1].isspace():
            word_start -= 1
        if word_start > 0 and text[word_start - 1].isspace():
            first_over = word_start
        end = len(text.rstrip())
        if end - first_over <= 200 and first_over < end:
            yield Hit(first_over, end, args=args)
        else:
            yield Hit(None, None, args=args)


# --- the "see more" fold -----------------------------------------------------------------------

_FOLD_TEXT = (
    "Jeg er så glad for at fortælle, at vi i denne uge har åbnet dørene til vores nye "
    "værksted i Aarhus. Det har været et langt projekt med mange dygtige kolleger, og "
    "jeg har glædet mig til at vise det frem for jer alle sammen. "
)


#: Mentions of narrative theme terms that make a theme the post's key message.
MIN_KEY_MENTIONS = 2
#: The pack whose disclosure rules own the placement of a disclosure (see Fold).
COMPLIANCE_PACK = "compliance-da"


class Fold(Rule):
    name = "fold"
    severity = "warning"
    summary = "A disclosure and the key message come before the channel's \"see more\" fold."
    rationale = ("LinkedIn shows about the first 210 characters (Instagram and Facebook about "
                 "125) and hides the rest behind \"se mere\"; most readers never open it. "
                 "A disclosure that the post is advertising or that the writer works for the "
                 "company must be seen at once, not after a click (markedsføringsloven § 6, "
                 "stk. 4; Forbrugerombudsmanden's guidance on marking of advertising in social "
                 "media): a hidden one is a warning — reported here when the compliance-da "
                 "pack is off, by compliance.weak-disclosure when it is on. A key message (a "
                 "narrative theme) that appears only after the fold is lost on most readers: "
                 "information.")
    message = {
        "da": "Oplysningen »{marker}« står efter »se mere«-knækket ({fold} tegn på {channel}), "
              "så de fleste læsere ser den ikke. Flyt den op i de første linjer.",
        "en": "The disclosure \"{marker}\" comes after the \"see more\" fold ({fold} characters "
              "on {channel}), so most readers never see it. Move it into the first lines.",
    }
    messages = {
        "key-message": {
            "da": "Dit hovedbudskab ({term}) kommer først efter »se mere«-knækket ({fold} tegn "
                  "på {channel}). Skriv det i de første linjer, så flere læser det.",
            "en": "Your key message ({term}) only comes after the \"see more\" fold ({fold} "
                  "characters on {channel}). Put it in the first lines so more people read it.",
        },
    }
    suggestion_templates = {
        "first-line": {"da": "Skriv »{marker}« i opslagets første linje.",
                       "en": "Put \"{marker}\" in the post's first line."},
    }
    examples = [
        bad(_FOLD_TEXT + "Læs mere på nordlys.dk. <marker>#reklame</marker>",
            suggestion="Skriv »#reklame« i opslagets første linje.",
            policy={"packs": ["format"]}),
        bad(_FOLD_TEXT + "Vores nye <marker>varmepumper</marker> hjælper kunderne med at "
            "spare på regningen."),
        good(_FOLD_TEXT + "Vi håber at se mange af jer til åbent hus, også vores kunder."),
        bad(_FOLD_TEXT + "<marker>Jeg arbejder hos</marker> Nordlys Energi.",
            post={"channel": "x"},
            policy={"packs": ["format"], "channels": {"x": {"fold": 100}}}),
        good(_FOLD_TEXT + "Jeg arbejder hos Nordlys Energi.",
             policy={"packs": ["format", "compliance-da"]}),
        good("#reklame " + _FOLD_TEXT + "Læs mere på nordlys.dk. #reklame"),
        good("Vores nye varmepumper er klar! " + _FOLD_TEXT + "Vi har også varmepumper på "
             "lager."),
        good(_FOLD_TEXT + "Læs mere på nordlys.dk.", post={"channel": "other"}),
        good(_FOLD_TEXT + "Læs mere på nordlys.dk. #reklame", post={"channel": "x"}),
        good("Kort opslag om varmepumper. #reklame"),
    ]

    def prepare(self, policy: Any) -> None:
        # With the compliance-da pack on, compliance.weak-disclosure already reports a
        # disclosure after the fold (with the law behind it): one finding, not two.
        compliance_on = policy.packs is None or COMPLIANCE_PACK in policy.packs
        markers = [] if compliance_on else policy.compliance.disclosure_markers
        self.markers = TermMatcher(markers, ("surface",), hashtags=True)
        terms = [t for theme in policy.narrative.themes for t in theme.terms]
        self.themes = TermMatcher(terms, ("surface", "lemma", "compound"), hashtags=True)

    def check(self, ctx: Context) -> Iterator[Hit]:
        fold = channel_limit(ctx, "fold")
        a = ctx.analysis
        if fold is None or len(ctx.post.text) <= fold:
            return
        args = {"fold": fold, "channel": ctx.post.channel}

        def after_fold(start: int, end: int) -> bool:
            return a.to_original(start, end)[0] >= fold

        if self.markers:
            found = self.markers.find(a, skip_special=False)
            if found and all(after_fold(m.start, m.end) for m in found):
                m = found[0]
                shown = a.text[m.start:m.end]
                yield Hit(m.start, m.end, args={**args, "marker": shown},
                          suggestion_key="first-line")
        if self.themes:
            found = self.themes.find(a, skip_special=False)
            # A theme is the post's key message when it comes back (two mentions or
            # more); one passing mention of "kunde" far down is not worth a hint.
            if len(found) >= MIN_KEY_MENTIONS and all(after_fold(m.start, m.end) for m in found):
                m = found[0]
                yield Hit(m.start, m.end, args={**args, "term": a.text[m.start:m.end]},
                          severity="info", key="key-message")


class InstagramHashtags(Rule):
    name = "instagram-hashtags"
    severity = "error"
    summary = "An Instagram post has at most 30 hashtags (the channel's max_hashtags)."
    rationale = ("Instagram refuses to publish a post, or a comment, with more than 30 "
                 "hashtags. Other channels have no hard cap (set one under "
                 "channels.<channel>.max_hashtags); the policy's softer limit is "
                 "spam.hashtags.")
    message = {
        "da": "Opslaget har {count} hashtags; {channel} tillader højst {limit}. Fjern {over}.",
        "en": "The post has {count} hashtags; {channel} allows at most {limit}. Remove {over}.",
    }
    examples = [
        bad("Sommer " + " ".join(f"#tag{i}x" for i in range(30)) + " <marker>#tag30x #tag31x</marker>",
            post={"channel": "instagram"}),
        bad("Sommer #a1 #b2 <marker>#c3</marker>", post={"channel": "linkedin"},
            policy={"channels": {"linkedin": {"max_hashtags": 2}}}),
        good("Sommer " + " ".join(f"#tag{i}x" for i in range(30)), post={"channel": "instagram"}),
        good("Sommer " + " ".join(f"#tag{i}x" for i in range(32)), post={"channel": "linkedin"}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        limit = channel_limit(ctx, "max_hashtags")
        tags = ctx.analysis.hashtags
        if limit is None or len(tags) <= limit:
            return
        args = {"count": len(tags), "limit": limit, "over": len(tags) - limit,
                "channel": ctx.post.channel}
        first, last = tags[limit], tags[-1]
        yield Hit(first.start, last.end if last.start - first.start < 400 else first.end,
                  args=args)

