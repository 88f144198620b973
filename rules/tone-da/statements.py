"""Claims and attacks, read from the intent layer (``brandguard.intent``).

``tone.claim``: an unsubstantiated superlative, comparison, absolute or guarantee
about the company's own offer. ``tone.attack``: a negative judgement of people —
customers, colleagues, managers, competitors. Both read the shared ``INTENT``
facet, so they see the claim or the judgement however it is worded, not only the
phrasings of a word list.
"""

from __future__ import annotations

from collections.abc import Iterator

from brandguard.intent import INTENT
from brandguard.rule import ByLang, Context, Hit, Rule, bad, good
from brandguard.textkit import in_spans, quotes


class Claim(Rule):
    name = "claim"
    severity = "warning"
    summary = ("No unsubstantiated superlatives, comparisons or guarantees about the company's "
               "offer (Jyllands billigste, ingen er hurtigere end os, vi garanterer).")
    rationale = (
        "Markedsføringsloven § 5 forbids misleading claims, and § 13 requires that factual "
        "claims can be documented: the trader must be able to prove that the product is the "
        "cheapest, the quietest or the fastest, and a guaranteed saving is a promise the "
        "company is bound by. In an employee's post such a claim is both an advert and a "
        "legal risk. The rule reads the intent layer: a superlative of a gradable word "
        "(billigst, hurtigste, laveste, mest støjsvage), a comparison with the others "
        "(billigere end os, ingen kan slå), an absolute (aldrig fejl, 100 % tilfredse) or a "
        "guarantee, in a sentence about the company or its products. A claim that names its "
        "source, its measurement or its year (ifølge, målt, en opgørelse fra 2025) is "
        "documented and passes; superlatives about people and days (verdens bedste kolleger, "
        "den bedste dag) are pride, not claims; a warranty term (10 års garanti) is a fact."
    )
    message = {
        "da": "»{match}« er en påstand om jeres tilbud, som skal kunne dokumenteres "
              "(markedsføringsloven § 5 og § 13). Skriv, hvad den bygger på, eller fortæl et "
              "konkret eksempel i stedet.",
        "en": "'{match}' is a claim about your offer that must be documented (Danish "
              "Marketing Practices Act §§ 5 and 13). Say what it rests on, or tell a concrete "
              "example instead.",
    }
    suggestion_templates = {
        "source": {"da": "Henvis til kilden (fx en prisundersøgelse med dato), eller fortæl "
                         "om et konkret eksempel.",
                   "en": "Cite the source (e.g. a dated price survey), or tell a concrete "
                         "example."},
    }
    examples = [
        bad("Vi er Jyllands <marker>billigste på solceller</marker>. Punktum.",
            suggestion="Henvis til kilden (fx en prisundersøgelse med dato), eller fortæl om et "
                       "konkret eksempel."),
        bad("<marker>Ingen er billigere end os</marker>. Tjek selv."),
        bad("Vi <marker>garanterer</marker>, at du sparer på varmen med Nordlys Varmepumpe."),
        bad("Hos os får du Danmarks <marker>hurtigste installation</marker>."),
        bad("Der er <marker>ingen i Danmark, der monterer varmepumper bedre end os</marker>.",
            suggestion="Henvis til kilden (fx en prisundersøgelse med dato), eller fortæl om et "
                       "konkret eksempel."),
        bad("Mit bud: Der er <marker>ikke nogen, der slår os på driftsikkerhed</marker>."),
        good("Ifølge en prisundersøgelse fra september 2025 lå vores pris under gennemsnittet."),
        good("Jeg har verdens bedste kolleger i Herning."),
        good("Den bedste dag på jobbet i år: Emil bestod sin svendeprøve."),
        good("Nordlys Varmepumpe leveres med 10 års garanti på kompressoren."),
        good("Er vi de billigste? Ikke altid, men vi fortæller præcis, hvad prisen dækker."),
        good("Ingen andre på holdet kan tape et rør hurtigere end Mads.",
             note="a comparison with a colleague, not with the company"),
        good("Ingen steder i Danmark har flere solskinstimer end Bornholm."),
        good("Ingen kunde skal betale mere, end vi har aftalt.",
             note="a comparison with an agreement, not with the company"),
        good("Ingen er gladere end os i dag – tillykke til Emil med svendebrevet!",
             note="pride, not a claim about the offer"),
        bad("Hos os får du Jyllands <marker>bedste priser på solceller</marker>."),
        good("Vi taler om, hvem der bedst udnytter pladsen på taget.",
             note="an adverb before a verb, no quality of an offer"),
        good("Vi må højst være 20 på kurset i morgen."),
        good("Ingen har lært mig mere end Bjarne, der går på pension i dag.",
             note="a comparison with one person"),
        good("Ingen elsker solceller mere end vores lærling Emil 😄"),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        quoted = quotes(a)
        done: set[int] = set()
        for act in a[INTENT].of("claim"):
            if act.sentence in done or in_spans(act.start, act.end, quoted):
                continue
            done.add(act.sentence)
            yield Hit(act.start, act.end, args={"match": a.text[act.start:act.end]},
                      suggestion_key="source")


class Attack(Rule):
    name = "attack"
    severity = "warning"
    summary = ("No contempt for people: customers, colleagues, managers or competitors "
               "(nogle kunder er håbløse, konkurrenterne er nogle cowboys).")
    rationale = (
        "A post in the programme speaks for the company. Contempt for customers or "
        "colleagues hurts the people it is about and the employer's reputation, and "
        "disparaging a competitor is unlawful marketing (markedsføringsloven § 3 on good "
        "marketing practice; § 20 forbids discrediting a competitor). The rule reads the "
        "intent layer: a word or phrase of contempt (håbløse, pinligt, cowboys, tyveri, "
        "ikke styr på, gider ikke, burde ikke have lov) in a sentence about people, or "
        "right after one that names them. The same story told constructively (a problem "
        "and what was done about it), or a neutral mention of a competitor, passes."
    )
    message = {
        "da": "Sætningen nedgør {target}. Fortæl hellere, hvad der skete, og hvad I gjorde "
              "ved det – uden at hænge nogen ud.",
        "en": "The sentence disparages {target}. Tell what happened and what you did about "
              "it instead – without singling anyone out.",
    }
    suggestion_templates = {
        "story": {"da": "Fortæl, hvad der skete, og hvordan I løste det.",
                  "en": "Tell what happened and how you solved it."},
    }
    examples = [
        bad("I dag igen. <marker>Nogle kunder er simpelthen håbløse.</marker>",
            suggestion="Fortæl, hvad der skete, og hvordan I løste det."),
        bad("<marker>Konkurrenterne i Aarhus er nogle cowboys.</marker>"),
        bad("<marker>Pinligt af jer på lageret – tredje gang med forkerte paneler.</marker>"),
        bad("I dag rettede vi et anlæg, som et andet firma havde sat op. <marker>Sikke noget sjusk "
            "– kablerne hang løst.</marker>", suggestion="Fortæl, hvad der skete, og hvordan I "
                                                       "løste det."),
        bad("<marker>Konkurrenten sjusker med tætningen hver eneste gang.</marker>"),
        good("Tredje gang med forkerte paneler. Vi har lavet en ny tjekliste med lageret."),
        good("Vestkraft har åbnet en afdeling i Holstebro. Godt for området."),
        good("Mange kunder har læst meget om varmepumper, før vi kommer. Det er fint."),
        good("Priserne er faldet meget, men de falder langsommere nu."),
        good("I dag rettede vi et anlæg, som et andet firma havde sat op. Kablerne sad løst, så "
             "nu er de fastgjort."),
        good("Vi sjuskede selv med dokumentationen sidste år; nu har vi en tjekliste.",
             note="self-criticism, no competitor"),
        good("Vi overtog et anlæg fra et andet firma, og det var ikke sjusket – bare gammelt.",
             note="negated"),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        quoted = quotes(a)
        done: set[int] = set()
        for act in a[INTENT].of("attack"):
            if act.sentence in done or in_spans(act.start, act.end, quoted):
                continue
            done.add(act.sentence)
            target = (ByLang(da="en konkurrent", en="a competitor") if act.about == "competitor"
                      else ByLang(da="andre mennesker", en="other people"))
            yield Hit(act.start, act.end, args={"target": target}, suggestion_key="story")
