"""Private street addresses in a post: personal data (GDPR art. 4(1))."""

from __future__ import annotations

import re
from collections.abc import Iterator

from brandguard.policy import Policy
from brandguard.regexgate import StartScan
from brandguard.rule import ByLang, Context, Hit, Rule, bad, good

#: The last part of Danish street names (Birkevej, Søndergade, Kirkebakken, Rosenvænget).
_STREET_ENDINGS = (
    "vej", "vejen", "gade", "gaden", "allé", "alle", "vænget", "vænge", "stræde", "strædet",
    "plads", "pladsen", "torv", "torvet", "bakke", "bakken", "parken", "park", "toften",
    "marken", "engen", "stien", "sti", "boulevard", "høj", "højen", "dal", "dalen", "ager",
    "ageren", "lund", "lunden", "holm", "kær", "kæret", "mose", "skov", "skoven", "strand",
    "vang", "vangen", "haven", "hegn", "hegnet", "løkke", "løkken", "gyde", "gyden", "kvarter",
    "tangen", "bjerg", "bjerget", "banke", "kilde", "kilden", "agre", "vangen", "gård",
)
_STREET = re.compile(
    r"(?<![\w-])((?:[A-ZÆØÅ][a-zæøåé]+(?:\s|-))?[A-ZÆØÅ][a-zæøåé]*(?:"
    + "|".join(sorted(set(_STREET_ENDINGS), key=len, reverse=True))
    + r"))\s+(\d{1,4}[A-Za-z]?)\b"
    # an optional floor and side (`, 1. th.`) and an optional postcode and town
    r"(?:,?\s*\d{1,2}\.\s*(?:th|tv|mf|sal)\.?)?"
    r"(?:,?\s*(\d{4})\s+([A-ZÆØÅ][a-zæøå]+(?:\s[A-ZÆØÅ][a-zæøå]+)?))?")
#: Words before the address that make it the company's (or a public place's) address.
_PUBLIC = re.compile(r"\b(?:vores|vi\s+har|hos\s+os|vi\s+holder|butik\w*|kontor\w*|lager\w*|"
                     r"afdeling\w*|showroom\w*|hovedkontor\w*|adresse\w*\s+er|rådhus\w*|"
                     r"skole\w*|hal(?:len)?|stadion|bibliotek\w*|messe\w*|center\w*|"
                     # an event the company holds or invites to: its place is public
                     r"åbent\s+hus|arrangement\w*|inviter\w*|kom\s+forbi|besøg\s+os|mød\s+os|"
                     r"cvr\w*)\b",
                     re.IGNORECASE)
#: Endings that are also the endings of towns and places (Esbjerg, Bornholm, Roskilde):
#: a street with one of them counts only with a postcode.
_WEAK = ("høj", "højen", "dal", "dalen", "ager", "lund", "lunden", "holm", "kær", "mose",
         "skov", "skoven", "strand", "bjerg", "bjerget", "banke", "kilde", "kilden", "agre",
         "gård", "park", "sti", "vang", "bakke", "vænge", "kvarter", "hegn", "plads", "torv")
#: A number after a street-like word that is not a house number (`Bakken 2026`).
#: (led by its capitals, so re skips to them: regexgate.StartScan)
_STREET_SCAN = StartScan(_STREET)
_NOT_HOUSE = re.compile(r"^(?:19|20)\d\d$")
#: A digit after whitespace: where a house number can begin (led by \s, so re skips to
#: the spaces). The street scan tries every capital of the text; the few places where a
#: number follows a word tell first whether it can find anything.
_NUMBER_AFTER_SPACE = re.compile(r"\s\d")


def _street_before_number(text: str) -> bool:
    """Some number in the text follows a word with a street ending (`Birkevej 12`): without
    one, ``_STREET`` (whose street name ends in one, then whitespace, then the number)
    matches nothing."""
    for m in _NUMBER_AFTER_SPACE.finditer(text):
        end = m.start()
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if text.endswith(_STREET_ENDINGS, 0, end):
            return True
    return False


class Address(Rule):
    name = "address"
    severity = "warning"
    summary = "No private street addresses: a street and a house number, with or without postcode."
    rationale = (
        "An address identifies a person and where they live: it is personal data under GDPR "
        "art. 4(1), and publishing it needs the person's consent for exactly that; a "
        "customer's address next to a description of their new equipment also tells "
        "burglars where to go. A town or a district is enough to tell the story. The "
        "company's own address (`vores kontor på Vestergade 20`) and public places are "
        "fine; years after a street-like name (`Bakken 2026`) are not house numbers."
    )
    message = {
        "da": "»{match}« er en privat adresse og dermed en personoplysning. Skriv kun byen, "
              "fx »{suggestion}«.",
        "en": "'{match}' is a private address and so personal data. Give only the town, "
              "e.g. '{suggestion}'.",
    }
    suggestion_templates = {
        "town": {"da": "en kunde i {town}", "en": "a customer in {town}"},
        "no-town": {"da": "en kunde i byen", "en": "a customer in town"},
    }
    examples = [
        bad("Kunden, Jytte Hansen, <marker>Birkevej 12, 8800 Viborg</marker>, har fået solceller.",
            suggestion="en kunde i Viborg"),
        bad("Vi er i gang på <marker>Solsikkevej 7</marker> i Hammel i dag."),
        bad("Ny kunde: Hr. Larsen, <marker>Søndergade 41, 1. th., 7500 Holstebro</marker>."),
        good("Kunden i Viborg har givet lov til, at vi viser billeder af anlægget."),
        good("Vores kontor på Vestergade 20, 8600 Silkeborg har fået solceller."),
        good("Vi ses på Dyrskuepladsen i 2026 – kom forbi standen."),
        good("Der er åbent hus på Industrivej 4 i Skive på lørdag, hvor vi viser anlæggene."),
        good("Kom forbi Industrivej 4 i Herning fra kl. 10, så giver vi kaffe."),
        bad("Åbent hus i går var en succes. I dag monterer vi hos familien på "
            "<marker>Birkevej 12, 8800 Viborg</marker>.", suggestion="en kunde i Viborg"),
        good("Vi har monteret 40 anlæg i Nordjylland i år."),
    ]

    def prepare(self, policy: Policy) -> None:
        self._enabled = policy.compliance.personal_data

    def check(self, ctx: Context) -> Iterator[Hit]:
        if not self._enabled:
            return
        text = ctx.analysis.text
        if not any(map(str.isdigit, text)) or not _street_before_number(text):
            return  # (the digit test in C: this runs on every post)
        for m in _STREET_SCAN.finditer(text):
            if _NOT_HOUSE.match(m.group(2)):
                continue
            if m.group(3) is None and m.group(1).lower().endswith(_WEAK):
                continue
            lead = text[max(0, m.start() - 40):m.start()]
            sentence_lead = re.split(r"[.!?\n]", lead)[-1]
            if _PUBLIC.search(sentence_lead):
                continue
            town = m.group(4)
            if town is None:
                after = re.match(r"\s+i\s+([A-ZÆØÅ][a-zæøå]+)", text[m.end():m.end() + 30])
                town = after.group(1) if after else None
            key = "town" if town else "no-town"
            where = (ByLang(da=f"en kunde i {town}", en=f"a customer in {town}") if town
                     else ByLang(da="en kunde i byen", en="a customer in town"))
            yield Hit(m.start(), m.end(),
                      args={"match": m.group(), "town": town or "", "suggestion": where},
                      suggestion_key=key)
