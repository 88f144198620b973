"""Formality: address readers as the policy says (`tone.address: du` or `De`).

This is the one rule on forms of address; the language pack does not repeat it.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from itertools import compress, count
from typing import TYPE_CHECKING

from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good
from brandguard.textkit import Spans, quotes

if TYPE_CHECKING:
    from brandguard.analysis import Tok

_POLITE = {"De": ["du"], "Dem": ["dig"], "Deres": ["din", "dit", "dine"]}
_FAMILIAR = {"du": ["De"], "dig": ["Dem"], "din": ["Deres"], "dit": ["Deres"], "dine": ["Deres"]}
# After these, a capital letter starts a sentence (or a quotation), so `De` means `they`.
_TEXT = operator.itemgetter(1)  # a token's text
_OPENERS = frozenset({".", "!", "?", "…", "»", "«", '"', "“", "„", "(", "-", "–", "—", ":", "•"})


class Address(Rule):
    name = "address"
    severity = "warning"
    summary = "Address readers with the form the policy chooses (tone.address: du or De)."
    rationale = (
        "Most Danish companies write `du` on social media; a few keep the polite `De`. Mixing "
        "them sounds careless, and the polite form reads stiff in a personal post. With "
        "`tone.address: du`, the polite `De`, `Dem` and `Deres` are recognised by their "
        "capital inside a sentence (`Vi kontakter De i morgen`), never the plural `de`, `dem`, "
        "`deres`, and never a `De` that starts a sentence (`De har travlt` = they are busy) or "
        "a name (`De Grønne`). With `tone.address: De`, `du`, `dig`, `din`, `dit` and `dine` "
        "are flagged outside quotations."
    )
    message = {
        "da": "Politikken siger, at vi skriver »{want}« til læseren; »{match}« er den anden "
              "tiltaleform. Skriv »{suggestion}«.",
        "en": "The policy says we address readers with '{want}'; '{match}' is the other form. "
              "Write '{suggestion}'.",
    }
    examples = [
        bad("Vi ringer til <marker>Dem</marker> i morgen med et tilbud på en varmepumpe.",
            suggestion="dig"),
        bad("Hvis <marker>De</marker> har spørgsmål, så skriv endelig til mig.", suggestion="du"),
        bad("Tak for <marker>Deres</marker> henvendelse om solceller.", suggestion="din"),
        bad("Har <marker>du</marker> spørgsmål, så skriv til os.",
            policy={"tone": {"address": "De"}}, suggestion="De"),
        good("De har travlt i kundeservice i dag, så vær tålmodig med dem."),
        good("Mine kolleger sagde, at de havde fået deres første varmepumpe sat op."),
        good("Vi talte med De Grønne Pigespejdere om solceller."),
        good("Kunden sagde: »De kom til tiden og ryddede op efter sig.«"),
        good("Har De spørgsmål, så skriv til os.", policy={"tone": {"address": "De"}}),
        good("Kunden sagde: »Du må gerne komme igen.«", policy={"tone": {"address": "De"}}),
    ]

    def prepare(self, policy: Policy) -> None:
        self._want = policy.tone.address

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = a.tokens
        quoted = Spans(quotes(a))
        polite = self._want == "du"
        table = _POLITE if polite else _FAMILIAR
        keys = map(_TEXT, toks) if polite else a.lowers
        # Only the forms of address are visited (their positions found in C).
        for i in compress(count(), map(table.__contains__, keys)):
            t = toks[i]
            key = t.text if polite else t.lower
            if t.space:
                continue
            if t.start in quoted:
                continue
            if polite and not self._mid_sentence(toks, i):
                continue
            replacements = list(table[key])
            yield Hit(t.start, t.end, args={"want": self._want, "match": t.text,
                                            "suggestion": replacements[0]},
                      suggestion=replacements[0], suggestions=replacements)

    @staticmethod
    def _mid_sentence(toks: Sequence[Tok], i: int) -> bool:
        """A capital `De` inside a sentence, not opening it and not starting a name."""
        j = i - 1
        while j >= 0 and toks[j].space:
            if "\n" in toks[j].text:
                return False
            j -= 1
        if j < 0:
            return False
        prev = toks[j].text
        # After a comma or a word, `De` is inside a sentence; after an end mark, a quote,
        # a bullet or an emoji it starts one.
        if prev not in (",", ";") and (prev in _OPENERS or prev[-1:] in _OPENERS
                                       or not any(c.isalnum() for c in prev)):
            return False
        k = i + 1
        while k < len(toks) and toks[k].space:
            k += 1
        # `De Grønne`, `De Forenede Stater`: a name, not an address.
        return not (k < len(toks) and toks[k].text[:1].isupper())

