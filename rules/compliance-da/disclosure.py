"""Hidden advertising: a post that promotes the employer's offers must say so, first.

Markedsføringsloven § 6, stk. 4 requires the commercial intent of any commercial
practice to be clear; in case 18/05035 (Tradono, 2018) the Consumer Ombudsman
held that employees who advertise for their employer must mark it clearly, e.g.
with ``Reklame`` or ``Annonce`` as the first thing in the post, or say that they
write as an employee. Labels at the end, inside a hashtag block, or in English
(``#ad``, ``sponsored``) are not enough in Denmark.

Everything here is a handful of compiled regular expressions over the post's
text (word lists in ``rules/compliance-da/data/disclosure.yaml``), computed once
per post and shared by both rules through ``analysis.memo``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar, Literal

from brandguard.analysis import Analysis
from brandguard.channels import channel_limit
from brandguard.datafiles import DataModel, Pattern, Words
from brandguard.facets import Facet, lower_same_length
from brandguard.intent import INTENT
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.regexgate import StartScan
from brandguard.rule import Context, Hit, Rule, bad, bad_post, good

DATA = PackData.beside(__file__)


class WeakLabel(DataModel):
    """A label that is not enough in Denmark, with the reason (a message key)."""

    pattern: Pattern
    reason: Literal["foreign", "cooperation", "hashtag", "position", "fold"]
    #: Words without which the pattern cannot match (a fast prefilter).
    gate: Words


class Gates(DataModel):
    """Per list: words without which none of its patterns can match."""

    price: Words
    offer: Words
    call_to_action: Words
    weak_offer: Words
    employment: Words
    weak_labels: Words


class DisclosureData(DataModel):
    """``data/disclosure.yaml``: what makes a post commercial, and the labels."""

    data_file: ClassVar[str] = "disclosure"

    #: Regular expressions of prices, offers and calls to buy or book.
    price: list[Pattern]
    #: A sentence that tells what someone pays or paid (a bill that fell from one amount
    #: to another): its amount is no price on offer.
    not_price: Pattern
    offer: list[Pattern]
    call_to_action: list[Pattern]
    weak_offer: list[Pattern]
    #: The company speaking (`vi`, `vores`): a regular expression.
    company_voice: Pattern
    #: Statements of employment (`jeg arbejder hos`).
    employment: list[Pattern]
    weak_labels: list[WeakLabel]
    gates: Gates


_LABEL_WORDS = ("reklame", "annonce")
# Leading characters that may come before the label: spaces, emoji, brackets,
# punctuation, and the `#` of `#reklame`.
_LEAD = re.compile(r"[\W_]*")
_SENTENCE_END = re.compile(r"[.!?\n]")


@cache
def _data() -> DisclosureData:
    return DATA("disclosure", DisclosureData)


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _words(patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``patterns`` as whole words."""
    return re.compile(rf"(?<![\w#@/.-])(?:{_alternation(patterns)})(?![\w])", re.IGNORECASE)


def _names(names: list[str]) -> re.Pattern[str] | None:
    """Names (company, aliases, products) as whole words, case-insensitive."""
    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return None
    body = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in names)
    # Not inside a link or an address: "nordlys.dk/webinar" names no offer.
    return re.compile(rf"(?<![\w/@.])(?:{body})(?![^\W_]|\.[a-z]|@)", re.IGNORECASE)


@dataclass
class Compiled:
    """The patterns of one policy (company names and products differ per Checker).

    Patterns led by a look-behind are searched through :class:`StartScan`: ``re`` would
    try them at every place of the text; the scan skips to where a match can start.
    """

    price: StartScan
    not_price: re.Pattern[str]
    offer: re.Pattern[str]
    cta: StartScan
    weak_offer: StartScan
    voice: StartScan
    employment: StartScan
    weak_labels: list[tuple[re.Pattern[str], str, tuple[str, ...]]]
    company: StartScan | None
    products: StartScan | None
    domains: StartScan | None
    #: Policy markers that are a phrase: they count anywhere before the fold.
    phrase_markers: re.Pattern[str] | None
    #: Policy markers that are one word (labels): they count first in the post.
    label_markers: tuple[str, ...]
    company_name: str
    #: The product names as the policy spells them.
    product_names: tuple[str, ...]
    #: Substring prefilters of the lists (``gates`` in the data file).
    gates: dict[str, tuple[str, ...]]
    #: Lower-case first words of the names, as prefilters of their patterns.
    company_keys: tuple[str, ...]
    product_keys: tuple[str, ...]
    domain_keys: tuple[str, ...]
    #: Any label anywhere, to tell labels that are misplaced.
    label_anywhere: re.Pattern[str] = field(init=False)
    label_word: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        words = "|".join(re.escape(w) for w in self.label_markers)
        self.label_word = re.compile(words, re.IGNORECASE)
        # A label opens a line or a sentence and stands alone ("Reklame:", "Reklame
        # for Nordlys Energi"), or is bracketed or a hashtag ("[Annonce]", "#reklame");
        # "reklamer" and "Reklame er død" in a sentence are not labels.
        self.label_anywhere = re.compile(
            rf"#(?:{words})\b"
            rf"|[(\[]\s*(?:{words})\s*[)\]]"
            rf"|(?:^|(?<=\n)|(?<=[.!?]\s))[^\w\n]{{0,12}}(?:{words})"  # bounded: linear time
            rf"(?=\s*(?:$|\n|[:|–—-]|\s+for\s+(?-i:[A-ZÆØÅ0-9@])))",
            re.IGNORECASE | re.MULTILINE,
        )


def compile_policy(policy: Policy) -> Compiled:
    data = _data()
    company = policy.company
    markers = [m.strip() for m in policy.compliance.disclosure_markers]
    phrases = [m for m in markers if len(m.split()) > 1 or m.startswith("#")]
    labels = tuple(dict.fromkeys([*_LABEL_WORDS,
                                  *(m.lower() for m in markers if m not in phrases)]))
    domains = [d.lower().removeprefix("www.") for d in company.domains]
    return Compiled(
        price=StartScan(_words(data["price"])),
        not_price=re.compile(data["not_price"], re.IGNORECASE),
        offer=_words(data["offer"]),
        cta=StartScan(_words(data["call_to_action"])),
        weak_offer=StartScan(_words(data["weak_offer"])),
        voice=StartScan(re.compile(data["company_voice"])),
        employment=StartScan(_words(data["employment"])),
        weak_labels=[(re.compile(w["pattern"], re.IGNORECASE), w["reason"], tuple(w["gate"]))
                     for w in data["weak_labels"]],
        company=_scan(_names(company.all_names())),
        products=_scan(_names(company.products)),
        domains=(StartScan(re.compile(r"(?<![\w-])(?:www\.)?(?:"
                                      + "|".join(re.escape(d) for d in domains) + r")\b",
                                      re.IGNORECASE))
                 if domains else None),
        phrase_markers=(re.compile("|".join(r"\s+".join(re.escape(w) for w in p.split())
                                            for p in phrases), re.IGNORECASE)
                        if phrases else None),
        label_markers=labels,
        company_name=company.name,
        product_names=tuple(company.products),
        gates={k: tuple(v) for k, v in data["gates"].items()},
        company_keys=_keys(company.all_names()),
        product_keys=_keys(company.products),
        domain_keys=tuple(domains),
    )


def _scan(pattern: re.Pattern[str] | None) -> StartScan | None:
    return None if pattern is None else StartScan(pattern)


def _keys(names: list[str]) -> tuple[str, ...]:
    return tuple({n.split()[0].lower() for n in names if n.split()})


@dataclass
class Disclosure:
    """What one post says and shows about advertising."""

    commercial: bool = False
    #: The words that make the post commercial ("kun 9.995 kr.", "rabat").
    cue: str = ""
    #: The post is labelled well: a label first, or employment stated before the fold.
    disclosed: bool = False
    #: Labels that are there but not enough: (start, end, reason).
    weak: list[tuple[int, int, str]] = field(default_factory=list)


def _sentence_of(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(c, 0, pos) for c in ".!?\n") + 1
    m = _SENTENCE_END.search(text, pos)
    return start, (m.start() if m else len(text))


def _any(lower: str, keys: tuple[str, ...]) -> bool:
    # "kr" as the last word has no character after it to put in a gate.
    return any(map(lower.__contains__, keys)) or (lower.endswith("kr") and "kr " in keys)


def _search(pattern: StartScan | None, gate: tuple[str, ...], text: str,
            lower: str) -> re.Match[str] | None:
    """``pattern.search(text)``, skipped when no gate substring is in the text."""
    if pattern is None or not _any(lower, gate):
        return None
    return pattern.search(text)


def _price(c: Compiled, gate: tuple[str, ...], text: str, lower: str) -> re.Match[str] | None:
    """The first price that does not tell a bill (`faldet fra 2.100 til 900 kr. om
    måneden`)."""
    if not _any(lower, gate):
        return None
    for m in c.price.finditer(text):
        # Near the amount, on its line (a sentence split would stop at `2.100`).
        s = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 80)
        e = text.find("\n", m.end())
        if not c.not_price.search(text, s, min(e if e >= 0 else len(text), m.end() + 40)):
            return m
    return None


def _offer(c: Compiled, gate: tuple[str, ...], text: str, lower: str,
           not_offers: tuple[tuple[int, int], ...]) -> re.Match[str] | None:
    """The first offer that the intent layer did not read as no offer (a discount the
    writer receives: `vi har fået rabat på kantinen`)."""
    if not _any(lower, gate):
        return None
    for m in c.offer.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in not_offers):
            return m
    return None


def analyse(text: str, c: Compiled, fold: int | None, selling: str = "",
            not_offers: tuple[tuple[int, int], ...] = ()) -> Disclosure:
    """Is the post commercial, is it labelled, and which labels fall short?

    Every regular expression is gated by a substring test (``gates`` in the data
    file), so a post without offer words costs a few ``in`` tests.
    """
    out = Disclosure()
    if selling:  # the intent layer read a call, an offer or a recommendation of our own
        out.commercial, out.cue = True, selling
    lower = lower_same_length(text)  # "İ" lower-cases to two characters: offsets kept
    g = c.gates
    strong = (_price(c, g["price"], text, lower)
              or _offer(c, g["offer"], text, lower, not_offers)
              or _search(c.cta, g["call_to_action"], text, lower))
    weak_offer = _any(lower, g["weak_offer"])
    if (strong or weak_offer) and not out.commercial:
        # A pattern is None only when there are no names, and then no keys either.
        products = list(c.products.finditer(text)) \
            if c.products is not None and _any(lower, c.product_keys) else []
        # `energitjek` in lower case is the common noun, not the product EnergiTjek.
        camel = {p.lower() for p in c.product_names if any(ch.isupper() for ch in p[1:])}
        products = [m for m in products
                    if not (m.group().islower() and m.group().lower() in camel)]
        company = list(c.company.finditer(text)) \
            if c.company is not None and _any(lower, c.company_keys) else []
        # Commercial: a strong offer or a call to action tied to the employer, or an
        # everyday offer word or an amount in the same sentence as a product.
        if strong and (products or company or c.voice.search(lower)
                       or _search(c.domains, c.domain_keys, text, lower)):
            out.commercial, out.cue = True, strong.group().strip()
        elif weak_offer and products:
            named = [(m.start(), m.group()) for m in products]
            for m in c.weak_offer.finditer(text):
                s, e = _sentence_of(text, m.start())
                near = [n for pos, n in named if s <= pos < e]
                if near:
                    out.commercial, out.cue = True, f"{near[0]} … {m.group().strip()}"
                    break
    # Labels that are there but may not do the job. On a post that sells nothing
    # only explicit ad tags count ("#ad", "#reklame" in the hashtags, "sponsoreret").
    weak: list[tuple[int, int, str]] = []
    if _any(lower, g["weak_labels"]):
        for pattern, reason, gate in c.weak_labels:
            if (reason == "cooperation" and not out.commercial) or not _any(lower, gate):
                continue  # "i samarbejde med kommunen" is an everyday phrase
            weak.extend((m.start(), m.end(), reason) for m in pattern.finditer(text))
    if out.commercial and _any(lower, c.label_markers):
        for m in c.label_anywhere.finditer(text):
            if m.group().startswith("#"):
                weak.append((m.start(), m.end(), "hashtag"))
                continue
            word = c.label_word.search(m.group())
            if word is not None:
                s = m.start() + word.start()
                weak.append((s, m.start() + word.end(), "position"))
    elif "#" in text:
        for w in c.label_markers:
            at = lower.find("#" + w)
            while at != -1:
                end = at + 1 + len(w)
                if not lower[end:end + 1].isalnum():
                    weak.append((at, end, "hashtag"))
                at = lower.find("#" + w, end)
    if not out.commercial and not weak:
        return out  # nothing sold and no label to judge: the common case

    # A label first in the post.
    lead = _LEAD.match(lower)
    first = lower[lead.end() if lead else 0:]
    labelled = any(first.startswith(w) and not first[len(w):len(w) + 1].isalnum()
                   for w in c.label_markers)
    # An employment statement naming the company, or a policy phrase, before the fold.
    stated: tuple[int, int] | None = None
    if _any(lower, g["employment"]):
        for m in c.employment.finditer(text):
            s, e = _sentence_of(text, m.start())
            window = text[max(s, m.start() - 60):min(e, m.end() + 60)]
            if c.company is None or c.company.search(window):
                stated = (m.start(), m.end())
                break
    if stated is None and c.phrase_markers is not None:
        pm = c.phrase_markers.search(text)
        if pm:
            stated = (pm.start(), pm.end())
    limit = len(text) if fold is None else min(fold, len(text))
    if labelled or (stated is not None and stated[1] <= limit):
        out.disclosed = True
        return out
    if stated is not None:
        weak.append((stated[0], stated[1], "fold"))
    out.weak = weak
    # Overlapping finds (`#sponsoreret` by two patterns): keep the first.
    out.weak.sort()
    kept: list[tuple[int, int, str]] = []
    for found in out.weak:
        if not kept or found[0] >= kept[-1][1]:
            kept.append(found)
    out.weak = kept
    return out


def _disclosure(a: Analysis) -> Disclosure:
    ctx = a.ctx
    intent = a[INTENT]
    selling = intent.commercial
    cue = a.text[selling[0].start:selling[0].end].strip() if selling else ""
    return analyse(a.text, ctx.compiled.part(compile_policy), channel_limit(ctx, "fold"), cue,
                   intent.not_offers)


#: The post's disclosure, cues and commercial content, read by both disclosure rules.
DISCLOSURE: Facet[Disclosure] = Facet("compliance.disclosure", _disclosure,
                                      requires=("context", "intent"),
                                      doc="Disclosure labels, commercial cues and the fold.")


class _DisclosureBase(Rule):
    suggestion_templates = {
        "label": {"da": "Skriv »Reklame for {company}« som det første i opslaget",
                  "en": "Write »Reklame for {company}« (Danish for 'advertisement') "
                        "as the first thing in the post"},
    }

    def prepare(self, policy: Policy) -> None:
        self.patterns = self.compiled.part(compile_policy)

    def disclosure(self, ctx: Context) -> Disclosure:
        return ctx.analysis[DISCLOSURE]


_RATIONALE = (
    "Markedsføringsloven § 6, stk. 4 (since 1 July 2017) requires the commercial intent "
    "of any commercial practice to be clear, on every platform, and breaches are fined. "
    "In case 18/05035 (Tradono, 2018) employees posted about their employer's service on "
    "their own Facebook profiles without saying so; the Consumer Ombudsman held that "
    "advertising must be marked clearly, e.g. with »reklame« or »annonce« as the first "
    "thing in the post, and that it must always be clear when an employee advertises for "
    "the company; saying that one writes as an employee also works. A post is commercial "
    "when it promotes the employer's products or offers: prices, offers (tilbud, rabat, "
    "gratis), calls to buy or book, product names from the policy. Advice posts and "
    "workplace stories are not."
)


class DisclosureMissing(_DisclosureBase):
    name = "disclosure"
    severity = "error"
    summary = ("A post that promotes the employer's products or offers says so first: "
               "»Reklame« or »Annonce«, or a statement of employment before the fold.")
    rationale = _RATIONALE + (
        " The label must be visible without unfolding the post, so it counts before the "
        "channel's »see more« fold (LinkedIn about 210 characters, Instagram and Facebook "
        "about 125). compliance.disclosure_markers adds words and phrases that count.")
    message = {
        "da": "Opslaget reklamerer for {company} (»{cue}«), men siger ikke, at det er reklame. "
              "Efter markedsføringsloven skal det stå først: »Reklame« eller »Annonce«, eller "
              "at du skriver som medarbejder i {company}.",
        "en": "The post advertises {company} (»{cue}«) without saying so. Danish marketing law "
              "wants it first: »Reklame« or »Annonce«, or that you write as an employee "
              "of {company}.",
    }
    examples = [
        bad_post("Vores nye SolPakke er landet! 🌞 Kun 39.995 kr. inkl. montering, og resten "
                 "af måneden giver vi 10 % rabat. Skriv til mig for et tilbud.",
                 suggestion="Skriv »Reklame for Nordlys Energi« som det første i opslaget"),
        bad_post("Book dit gratis energitjek hos Nordlys Energi i dag – vi kommer ud til dig "
                 "i hele Jylland.",
                 suggestion="Skriv »Reklame for Nordlys Energi« som det første i opslaget"),
        bad_post("Nordlys Varmepumpe med gratis installation resten af måneden. Det er et "
                 "godt tidspunkt at skifte oliefyret ud.",
                 post={"channel": "instagram"}),
        bad_post("Nu kan du også handle hos os via vores webshop døgnet rundt – SolPakke "
                 "sendes gratis.", note="a call to buy"),
        good("Reklame for Nordlys Energi\n\nVores nye SolPakke er landet! Kun 39.995 kr. inkl. "
             "montering. Skriv til mig for et tilbud."),
        good("🌞 ANNONCE | Book dit gratis energitjek hos Nordlys Energi i dag."),
        good("Min varmeregning er faldet fra 2.100 til 900 kr. om måneden, efter vi fik "
             "varmepumpe.", note="a bill, not a price on offer"),
        good("Vi har fået rabat på kantineordningen fra nytår, og det er mange glade for.",
             note="a discount the company receives, not one it offers"),
        good("Jeg arbejder hos Nordlys Energi, og jeg er stolt af vores nye SolPakke: kun "
             "39.995 kr. inkl. montering. Skriv til mig for et tilbud."),
        good("5 råd til en lavere varmeregning: skru ned om natten, luft ud kort og effektivt, "
             "og tjek dine radiatorer. Læs flere råd på nordlys.dk/blog",
             note="advice post linking to the company's blog"),
        good("Vi holder åbent hus lørdag den 14. september, og der er gratis is til børnene. "
             "Kom og mød dine nye kolleger!",
             note="workplace story, no product offer"),
        good("Vi er blevet mere døve over for klassiske reklamer. Derfor deler vi i stedet "
             "historier fra hverdagen hos Nordlys Energi.",
             note="»reklame« later in a sentence, no offer"),
        good("Sidste weekend løb 40 kolleger DHL-stafetten, og vi samlede 25.000 kr. ind til "
             "Kræftens Bekæmpelse.", note="an amount is not a price"),
        good("Nordlys Energi donerede 50.000 kr. til Børns Vilkår, og alle medarbejdere fik "
             "gratis frugt hele ugen.", note="the company name with an amount and »gratis«"),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        d = self.disclosure(ctx)
        if not d.commercial or d.disclosed or d.weak:
            return  # weak labels get compliance.weak-disclosure's own message
        yield Hit(None, None, args={"company": self.patterns.company_name, "cue": d.cue},
                  suggestion_key="label")


class WeakDisclosure(_DisclosureBase):
    name = "weak-disclosure"
    severity = "error"
    summary = ("Advertising labels that are not enough in Denmark: #ad, spons, sponsoreret, "
               "i samarbejde med, a label at the end, inside a hashtag block or after the fold.")
    rationale = _RATIONALE + (
        " The Consumer Ombudsman's guidance names what is not enough: a label at the bottom "
        "or in a block of hashtags, »spons«, »ad«, »#ad«, »sponsoreret«, »i samarbejde med«. "
        "The US FTC accepts #ad (16 CFR 255.5), Danish law wants the Danish words, first. "
        "Bare »ad« is a Danish preposition (»op ad trappen«) and is never read as a label.")
    #: A foreign label (#ad, spons, sponsoreret); ``messages`` has the other reasons.
    message = {
        "da": "»{label}« er ikke nok i Danmark: Forbrugerombudsmanden kræver et tydeligt dansk "
              "ord som »Reklame« eller »Annonce«; #ad, spons og sponsoreret er ikke nok.",
        "en": "»{label}« is not enough in Denmark: the Consumer Ombudsman requires a clear "
              "Danish word such as »Reklame« or »Annonce«; #ad, spons and sponsored are not "
              "enough.",
    }
    messages = {
        "cooperation": {"da": "»{label}« er ikke nok i Danmark: »i samarbejde med« siger ikke, "
                              "at opslaget er reklame. Skriv »Reklame« eller »Annonce« først.",
                        "en": "»{label}« is not enough in Denmark: »i samarbejde med« (in "
                              "cooperation with) does not say the post is an advertisement. "
                              "Write »Reklame« or »Annonce« first."},
        "hashtag": {"da": "»{label}« er ikke nok i Danmark: mærkningen må ikke gemmes mellem "
                          "hashtags eller i slutningen; den skal stå som det første i opslaget.",
                    "en": "»{label}« is not enough in Denmark: the label must not hide among "
                          "hashtags or at the end; it must be the first thing in the post."},
        "position": {"da": "»{label}« er ikke nok i Danmark: mærkningen skal stå som det første "
                           "i opslaget, ikke længere nede.",
                     "en": "»{label}« is not enough in Denmark: the label must be the first "
                           "thing in the post, not further down."},
        "fold": {"da": "»{label}« er ikke nok i Danmark: den står efter »Se mere«, så læseren "
                       "ser den ikke uden at folde opslaget ud. Flyt den op i starten.",
                 "en": "»{label}« is not enough in Denmark: it comes after »see more«, so "
                       "readers do not see it without unfolding the post. Move it to the "
                       "start."},
    }
    examples = [
        bad("Vores nye SolPakke: kun 39.995 kr. inkl. montering. Skriv til mig for et tilbud! "
            "<marker>#ad</marker>",
            suggestion="Skriv »Reklame for Nordlys Energi« som det første i opslaget"),
        bad("Book dit gratis energitjek i dag – vi kommer ud til dig.\n\n"
            "#energi #grønomstilling <marker>#reklame</marker>",
            suggestion="Skriv »Reklame for Nordlys Energi« som det første i opslaget"),
        bad("Nordlys Varmepumpe fra 24.995,- resten af måneden. <marker>Sponsoreret</marker> "
            "indhold."),
        bad("Nordlys Varmepumpe til halv pris, <marker>i samarbejde med</marker> Nordlys "
            "Energi."),
        bad("Vi har sat prisen ned: Nordlys Varmepumpe fra 24.995,- ❄️🔥\n\n"
            + "Jeg har selv brugt den i tre vintre, og den er stille og sparsommelig. " * 4
            + "\n<marker>Jeg arbejder hos</marker> Nordlys Energi.",
            suggestion="Skriv »Reklame for Nordlys Energi« som det første i opslaget",
            note="employment stated only after the fold"),
        bad("Kun i denne uge: 15 % rabat på SolPakke.\n<marker>Reklame</marker> for Nordlys "
            "Energi"),
        good("Reklame for Nordlys Energi: Nordlys Varmepumpe fra 24.995,- resten af måneden. "
             "#ad", note="a proper label first; #ad on top does no harm"),
        good("Vi har bygget den nye ladestation i samarbejde med kommunen, og den er åben "
             "for alle.", note="everyday »i samarbejde med«, no offer"),
        good("Det var hårdt at gå op ad trappen med alle solpanelerne, men taget er færdigt! "
             "Tak til teamet.", note="»ad« is a preposition"),
        good("Klassiske reklamer virker dårligere end før. Derfor deler vi historier fra "
             "hverdagen hos Nordlys Energi.", note="»reklame« in a sentence"),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        d = self.disclosure(ctx)
        if d.disclosed:
            return
        text = ctx.analysis.text
        for start, end, reason in d.weak:
            if reason in ("position", "fold") and not d.commercial:
                continue  # a stray label on a post that sells nothing is harmless
            # The writer tags a post that sells nothing we can see as an ad: the label
            # is still wrong, but whether the post is advertising is less certain.
            yield Hit(start, end, key=reason if reason in self.messages else None,
                      args={"label": text[start:end], "company": self.patterns.company_name},
                      suggestion_key="label",
                      severity=None if d.commercial else "warning")

