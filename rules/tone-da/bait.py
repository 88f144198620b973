"""Engagement bait: likes, shares and comments asked for in exchange for something."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from brandguard.datafiles import DataModel, Words
from brandguard.matching import TermMatcher
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good
from brandguard.textkit import word_list

DATA = PackData.beside(__file__)


class EngagementData(DataModel):
    """``data/engagement.yaml``: the phrases and hashtags of engagement bait."""

    data_file: ClassVar[str] = "engagement"

    phrases: Words
    #: Hashtags without the `#`.
    hashtags: Words
    #: `kommentér … og vind`: the verbs and the prizes of a comment-to-win post.
    exchange_verbs: Words
    exchange_goals: Words


class EngagementBait(Rule):
    name = "engagement-bait"
    severity = "warning"
    summary = "No engagement bait (like og del, kommentér … for at få, #likeforlike)."
    rationale = (
        "Asking for likes, shares or comments in exchange for something is engagement bait: "
        "LinkedIn acts against engagement pods and Meta lowers the reach of posts that bait "
        "reactions, so the whole programme loses reach. An honest question that invites "
        "answers (`Hvad gør du selv?`) is fine; a share request for a job ad is fine."
    )
    message = {
        "da": "»{match}« er engagement-bait: platformene viser opslaget for færre, når der "
              "tigges om likes, delinger eller kommentarer. Stil hellere et ægte spørgsmål.",
        "en": "'{match}' is engagement bait: platforms show the post to fewer people when it "
              "begs for likes, shares or comments. Ask a real question instead.",
    }
    suggestion_templates = {
        "real-question": {
            "da": "Stil et ægte spørgsmål til dit netværk, fx »Hvad er jeres erfaring med det?«",
            "en": "Ask your network a real question, e.g. 'What is your experience with this?'",
        },
    }
    examples = [
        bad("Vi har sat 500 varmepumper op i år! <marker>Like og del</marker>, hvis du er stolt.",
            suggestion="Stil et ægte spørgsmål til dit netværk, fx »Hvad er jeres erfaring med "
                       "det?«"),
        bad("<marker>Kommentér ENERGI for at få</marker> vores guide til solceller."),
        bad("Sommerens bedste billeder fra taget #solceller <marker>#likeforlike</marker>"),
        bad("<marker>Del hvis du er enig</marker>: solceller hører til på ethvert tag."),
        bad("<marker>Skriv JA i kommentarerne</marker>, så sender jeg dig tjeklisten."),
        good("Hvad gør du selv for at spare på strømmen? Skriv gerne dine bedste tips i "
             "kommentarerne."),
        good("Vi søger en projektleder i Aarhus. Kender du den rette? Del gerne opslaget."),
        good("Tak for alle jeres kommentarer til mit opslag i går; de gav mig meget at tænke "
             "over."),
        good("Jeg delte ud af mine erfaringer for at få flere med på den grønne omstilling."),
    ]

    def prepare(self, policy: Policy) -> None:
        data = DATA("engagement", EngagementData)
        self._phrases = word_list(data["phrases"], lemma=False)
        self._tags = TermMatcher(["#" + t for t in data["hashtags"]], ("surface",))
        verbs = "|".join(re.escape(v) for v in data["exchange_verbs"])
        goals = "|".join(re.escape(g) for g in data["exchange_goals"])
        # `kommentér ENERGI for at få …`: an imperative, a few words, `for at` + a reward.
        self._exchange = re.compile(
            rf"(?:^|(?<=[.!?:\n]\s)|(?<=[.!?:\n]))[^\S\n]*(?:{verbs})\b[^.!?\n]{{0,60}}?\bfor\s+at\s+(?:{goals})\b",
            re.IGNORECASE | re.MULTILINE)

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        taken: list[tuple[int, int]] = []
        for m in self._phrases.find(a):
            taken.append((m.start, m.end))
            yield self._hit(a.text, m.start, m.end)
        if "#" in a.text:
            for m in self._tags.find(a, skip_special=False):
                yield self._hit(a.text, m.start, m.end)
        text = a.prose
        if "for at" in text.lower():
            for rm in self._exchange.finditer(text):
                start = rm.start() + len(rm.group()) - len(rm.group().lstrip())
                if not any(s < rm.end() and start < e for s, e in taken):
                    yield self._hit(a.text, start, rm.end())

    @staticmethod
    def _hit(text: str, start: int, end: int) -> Hit:
        return Hit(start, end, args={"match": text[start:end]}, suggestion_key="real-question")

