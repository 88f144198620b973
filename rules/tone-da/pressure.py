"""Pressure to share: the advocacy programme is voluntary and opt-in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from brandguard.datafiles import DataModel, Words
from brandguard.intent import INTENT
from brandguard.matching import TermMatcher
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good
from brandguard.textkit import next_word, sentence_index, sentence_tokens

DATA = PackData.beside(__file__)


class PressureData(DataModel):
    """``data/pressure.yaml``: wording that presses colleagues to share."""

    data_file: ClassVar[str] = "pressure"

    phrases: Words
    #: `skal`, `husk`: duty words that press when they come with a share word.
    duty_words: Words
    share_words: Words
    #: Objects of `dele` that are not posts (`deres viden`, `kagen`).
    not_posts: Words
    #: Words that make a request voluntary (`gerne`, `har du lyst`).
    voluntary: Words


class Pressure(Rule):
    name = "pressure"
    severity = "warning"
    summary = "No pressure to share (alle skal dele, obligatorisk, vi holder øje med, hvem der deler)."
    rationale = (
        "Employee advocacy rests on voluntary, opt-in participation (LinkedIn's own guidance, "
        "Danish vendors such as Sociuu, HOFOR's pilot): pressed employees post reluctant, "
        "identical posts that readers see through, and monitoring who shares harms trust. The "
        "rule also checks internal requests to share (the text a manager sends out), where it "
        "is worth flagging to the programme owner. A duty word (`obligatorisk`, `et krav`) "
        "counts only in a sentence about sharing, and not when the sentence says the opposite "
        "(`det er ikke obligatorisk at dele`)."
    )
    message = {
        "da": "»{match}« presser kolleger til at dele. Programmet er frivilligt: invitér i "
              "stedet, og lad hver enkelt vælge.",
        "en": "'{match}' pressures colleagues to share. The programme is voluntary: invite "
              "instead, and let each person choose.",
    }
    suggestion_templates = {
        "invite": {"da": "Har du lyst, så del gerne kampagnen.",
                   "en": "If you like, feel free to share the campaign."},
    }
    examples = [
        bad("Vigtigt: <marker>alle skal dele</marker> kampagnen om varmepumper inden fredag.",
            suggestion="Har du lyst, så del gerne kampagnen."),
        bad("Deling af ugens opslag er <marker>obligatorisk</marker> for alle i salg."),
        bad("<marker>Det forventes, at du deler</marker> mindst to opslag om måneden."),
        bad("Husk at dele – <marker>vi holder øje med, hvem der deler</marker>."),
        bad("Kære alle. Det er <marker>et krav</marker>, at I deler opslaget på LinkedIn i dag."),
        bad("<marker>Det forventes</marker>, at alle medarbejdere deler kampagnen hver uge."),
        bad("Jeg har noteret mig, at kun <marker>syv af jer har delt kampagnen om "
            "varmepumper indtil videre</marker>.", suggestion="Har du lyst, så del gerne kampagnen."),
        bad("Status: <marker>Halvdelen af afdelingen har stadig ikke delt ugens opslag</marker>."),
        good("Det er helt frivilligt, om du vil dele opslaget. Har du lyst, så del gerne."),
        good("Det er ikke obligatorisk at dele, men vi bliver glade, hvis du har lyst."),
        good("Et energimærke er obligatorisk, når man sælger sit hus."),
        good("Det forventes, at elprisen falder i foråret."),
        good("Vi forventer, at du gerne vil dele, men det er helt op til dig."),
        good("Vi skal alle dele ansvaret for den grønne omstilling."),
        good("Alle skal dele deres erfaringer på workshoppen i morgen."),
        good("Tak til de 40 af jer, der har delt kampagnen – den har givet mange henvendelser."),
        good("Ikke alle af jer har lyst til at dele, og det er helt i orden."),
        good("Ikke alle af jer kan dele fra jeres private profil, og det er fint."),
        good("Kun tre af jer kunne komme til fællesmødet, så vi deler slides bagefter.",
             note="the share word is not in the count's clause"),
        good("Ugens opslag er delt 40 gange og har givet 12 henvendelser."),
    ]

    def prepare(self, policy: Policy) -> None:
        data = DATA("pressure", PressureData)
        self._phrases = TermMatcher(data["phrases"], ("surface", "lemma"))
        self._duty = TermMatcher(data["duty_words"], ("surface",))
        self._share = TermMatcher(data["share_words"], ("surface", "lemma", "compound"))
        self._voluntary = frozenset(w.lower() for w in data["voluntary"])
        self._not_posts = frozenset(w.lower() for w in data["not_posts"])

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        taken: list[tuple[int, int]] = []
        sents = sentence_tokens(a)
        toks = a.tokens
        for m in self._phrases.find(a):
            after = next_word(a, m.end)
            if after is not None and after.lower in self._not_posts:
                continue  # `alle skal dele deres erfaringer`: not about sharing posts
            taken.append((m.start, m.end))
            yield self._hit(a.text, m.start, m.end)
        # Monitoring, consequences and obligation read by the intent layer, however worded.
        for act in a[INTENT].of("pressure"):
            if any(s < act.end and act.start < e for s, e in taken):
                continue
            taken.append((act.start, act.end))
            yield self._hit(a.text, act.start, act.end)
        duties = self._duty.find(a)
        if not duties:
            return
        sharing = {sentence_index(a, m.start) for m in self._share.find(a)}
        for m in duties:
            k = sentence_index(a, m.start)
            if k not in sharing or any(s < m.end and m.start < e for s, e in taken):
                continue
            words = {toks[i].lower for i in sents[k]} if k < len(sents) else set()
            if words & self._voluntary:
                continue
            yield self._hit(a.text, m.start, m.end)

    @staticmethod
    def _hit(text: str, start: int, end: int) -> Hit:
        return Hit(start, end, args={"match": text[start:end]}, suggestion_key="invite")

