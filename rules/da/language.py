"""The language of the post, and sentences in another language inside it."""

from __future__ import annotations

from collections.abc import Iterator

from brandguard.lang.da import NAMES, post_language, sentence_guesses
from brandguard.rule import ByLang, Context, Hit, Rule, bad, bad_post, good


def _name(code: str) -> ByLang:
    """The language's name in Danish and in English (the code if it has none)."""
    names = NAMES.get(code, {})
    return ByLang(da=names.get("da", code), en=names.get("en", code))


class PostLanguage(Rule):
    name = "language"
    severity = "warning"
    summary = "The post is written in the policy's language."
    rationale = ("The programme's posts are meant for the company's Danish-speaking network, "
                 "and the rest of the language checks assume the policy's language. Norwegian "
                 "and Swedish look close to Danish, and statistical detectors confuse Danish "
                 "and Norwegian on short texts (langdetect calls \"Tak for i dag\" Norwegian "
                 "with p = 0.98), so the decision rests on function words and letters that "
                 "separate the languages (af/av, nogle/noen/några, ikke/inte, æ/ø vs ä/ö), with "
                 "a seeded langdetect restricted to five languages only when those are not "
                 "decisive. Hashtags, URLs, mentions, names and quoted titles don't count.")
    message = {
        "da": "Opslaget ser ud til at være skrevet på {found}, men politikken kræver {expected}.",
        "en": "The post seems to be written in {found}, but the policy requires {expected}.",
    }
    suggestion_templates = {
        "write-in": {"da": "Skriv opslaget på {expected}.", "en": "Write the post in {expected}."},
    }
    examples = [
        bad_post("Proud to share that our team has installed the first heat pumps in Aarhus "
                 "this week. Thank you to all our customers!"),
        bad_post("Jeg er så glad for å være en del av dette teamet. Det har vært en fantastisk "
                 "reise, og jeg gleder meg til det som kommer!"),
        bad_post("Jag är så glad att få vara en del av det här teamet. Tack till alla kollegor!"),
        bad_post("Vi har haft en rigtig god dag på messen, og tak til alle, der kiggede forbi.",
                 policy={"language": "en"}),
        good("Tak for i dag"),
        good("Vi ses på fredag!"),
        good("Tak til alle kunder og kolleger for et fantastisk år. Vi glæder os til at "
             "fortsætte arbejdet med den grønne omstilling. Proud to be part of this team! "
             "#teamwork #greenenergy"),
        good("Læs vores nye rapport »Energy Transition Outlook 2026« og se, hvordan vi "
             "arbejder med varmepumper. https://nordlys.dk/rapport #NordlysEnergi"),
        good("Det var en stor dag for @Nordlys Energi i Oslo: Nu har vi 50 kunder i Norge."),
        good("We are proud to announce our new office in Aarhus.", policy={"language": "en"}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        guess = post_language(ctx.analysis)
        expected = ctx.policy.language
        if guess.lang is None or guess.lang == expected or not guess.sure:
            return
        yield Hit(None, None, args={"found": _name(guess.lang), "expected": _name(expected)},
                  suggestion_key="write-in")


class ForeignSentence(Rule):
    name = "foreign-sentence"
    severity = "info"
    summary = "A sentence in another language inside a post in the policy's language."
    rationale = ("A whole sentence in English inside a Danish post is a choice worth making "
                 "on purpose: part of the network reads Danish only, and mixing languages "
                 "reads as copied campaign text. Only sentences of at least four words whose "
                 "function words are clearly English (or, in an English policy, clearly "
                 "Danish) are flagged, as advice; quoted titles, hashtags and names don't count.")
    message = {
        "da": "Sætningen er på {found}, mens resten af opslaget er på {expected}. "
              "Overvej at skrive den på {expected}.",
        "en": "This sentence is in {found}, while the rest of the post is in {expected}. "
              "Consider writing it in {expected}.",
    }
    default_options = {"min_words": 4}
    examples = [
        bad("Tak til alle kunder og kolleger for et fantastisk år med masser af solceller på "
            "tagene. <marker>Proud to be part of this amazing team!</marker> #teamwork"),
        bad("Vi har åbnet vores nye kontor i Vejle. <marker>We are so excited to welcome "
            "our customers there.</marker> Kig forbi til kaffe på fredag!"),
        good("Tak til alle kunder og kolleger for et fantastisk år. Happy Friday! #teamwork"),
        good("Vores nye rapport hedder »The Future of Energy in the Nordics« og kan læses på "
             "nordlys.dk."),
        good("Vi holder Open House på fredag hos Nordlys Energi. Kom og se vores nye "
             "varmepumper, og tag gerne familien med."),
        good("Proud to be part of this amazing team! We installed 40 heat pumps this month. "
             "Thanks to everyone who helped.", policy={"language": "en"}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        expected = ctx.policy.language
        guess = post_language(ctx.analysis)
        if guess.lang != expected:
            return  # a whole post in another language is da.language's finding
        min_words = int(self.options["min_words"])
        for sent, counts, found in sentence_guesses(ctx.analysis):
            if found is None or found == expected or counts.words < min_words:
                continue
            if found in ("no", "sv") and expected == "da":
                continue  # Norwegian/Swedish words in Danish: da.norwegian-swedish
            own = counts.en if found == "en" else counts.de if found == "de" else counts.scand
            if own < 3 or own < 0.3 * counts.words:
                continue
            yield Hit(sent.start, sent.end,
                      args={"found": _name(found), "expected": _name(expected)})

