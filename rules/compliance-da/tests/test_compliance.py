"""The compliance pack on realistic Danish posts: what fires, where, and the near misses."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import BASE_POLICY, merge, pack_module

import brandguard as bg

_personal = pack_module("compliance-da", "personal")
cpr_birth_date, cpr_mod11 = _personal.cpr_birth_date, _personal.cpr_mod11

_IDS = sorted(r for r in bg.Checker(BASE_POLICY).registry.rules if r.startswith("compliance."))
_checkers: dict[str, bg.Checker] = {}


def check(text: str, policy: dict[str, Any] | None = None, lang: str = "da",
          **post: Any) -> list[bg.Finding]:
    """Compliance findings for one post (only the compliance rules run)."""
    key = repr(sorted((policy or {}).items()))
    if key not in _checkers:
        _checkers[key] = bg.Checker(merge(BASE_POLICY, policy or {}), select=_IDS)
    report = _checkers[key].check(bg.Post(text=text, **post), lang=lang)
    assert not [f for f in report.findings if f.rule_id == "internal"], report.findings
    return report.findings


def ids(findings: list[bg.Finding]) -> list[str]:
    return [f.rule_id for f in findings]


def spans(findings: list[bg.Finding], rule_id: str) -> list[str]:
    return [f.span.text for f in findings if f.rule_id == rule_id and f.span]


LISTED = {"company": {"listed": True}}


def test_pack_has_the_seven_rules_of_the_issue() -> None:
    assert set(_IDS) >= {
        "compliance.disclosure", "compliance.weak-disclosure", "compliance.cpr-number",
        "compliance.contact-data", "compliance.special-category", "compliance.confidential",
        "compliance.inside-information", "compliance.enrollment",
    }


# --- disclosure ----------------------------------------------------------------------------

SALES_POST = (
    "Vinteren banker på, og mange har spurgt mig om varmepumper. 🔥\n\n"
    "Lige nu kan du få Nordlys Varmepumpe fra 24.995,- inkl. montering, og vi giver 10 % "
    "rabat til de første 50 kunder. Skriv til mig for et tilbud, så kigger jeg på dit hus.\n\n"
    "#varmepumpe #grønomstilling"
)


def test_sales_post_without_label_is_blocked_with_a_suggestion_of_where_to_put_it() -> None:
    findings = check(SALES_POST)
    assert ids(findings) == ["compliance.disclosure"]
    f = findings[0]
    assert f.span is None and f.severity == "error"
    assert "Nordlys Energi" in f.message and "reklame" in f.message.lower()
    assert f.suggestion == "Skriv »Reklame for Nordlys Energi« som det første i opslaget"


def test_label_first_or_employment_statement_before_the_fold_is_enough() -> None:
    assert check("Reklame for Nordlys Energi\n\n" + SALES_POST) == []
    assert check("[Annonce] " + SALES_POST) == []
    assert check("Jeg arbejder hos Nordlys Energi, så tag det for, hvad det er: "
                 + SALES_POST) == []


def test_reklame_later_in_a_sentence_is_not_a_label() -> None:
    text = ("Vores SolPakke koster kun 39.995 kr. i denne måned. Reklame for den slags laver vi "
            "næsten ikke, for kunderne anbefaler os selv.")
    assert ids(check(text)) == ["compliance.disclosure"]


def test_ad_as_a_preposition_is_never_a_label() -> None:
    text = ("Op ad trappen med endnu en Nordlys Varmepumpe i dag – og den er på tilbud hele "
            "november. Skriv til mig for et tilbud.")
    findings = check(text)
    assert ids(findings) == ["compliance.disclosure"]  # not weak-disclosure on "ad"


def test_weak_labels_get_their_own_message() -> None:
    findings = check(SALES_POST + " #ad")
    assert ids(findings) == ["compliance.weak-disclosure"]
    assert spans(findings, "compliance.weak-disclosure") == ["#ad"]
    assert "ikke nok i Danmark" in findings[0].message
    findings = check(SALES_POST + " #reklame")
    assert spans(findings, "compliance.weak-disclosure") == ["#reklame"]
    assert "hashtags" in findings[0].message
    findings = check(SALES_POST + "\n\nReklame for Nordlys Energi")
    assert spans(findings, "compliance.weak-disclosure") == ["Reklame"]
    assert "første" in findings[0].message
    findings = check("Hej alle! Reklame for Nordlys Energi: " + SALES_POST)
    assert spans(findings, "compliance.weak-disclosure") == ["Reklame"]
    findings = check("Sponsoreret: " + SALES_POST)
    assert spans(findings, "compliance.weak-disclosure") == ["Sponsoreret"]


def test_weak_disclosure_message_in_english() -> None:
    findings = check(SALES_POST + " #ad", lang="en")
    assert findings[0].message.startswith("»#ad« is not enough in Denmark")


def test_the_fold_depends_on_the_channel() -> None:
    # The employment statement ends at about character 160: before LinkedIn's fold
    # (210), after Instagram's (125).
    text = ("Vinteren banker på! Jeg har brugt hele efteråret på at hjælpe familier med at "
            "skifte oliefyret ud med en varmepumpe, og det har været sjovt. Jeg arbejder hos "
            "Nordlys Energi, og lige nu er Nordlys Varmepumpe på tilbud: kun 24.995 kr.")
    assert check(text, channel="linkedin") == []
    findings = check(text, channel="instagram")
    assert ids(findings) == ["compliance.weak-disclosure"]
    assert spans(findings, "compliance.weak-disclosure") == ["Jeg arbejder hos"]
    assert "Se mere" in findings[0].message


def test_policy_disclosure_markers_extend_what_counts() -> None:
    text = "Som Nordlys-ambassadør kan jeg fortælle, at SolPakke er på tilbud: kun 39.995 kr."
    assert ids(check(text)) == ["compliance.disclosure"]
    policy = {"compliance": {"disclosure_markers": ["reklame", "annonce",
                                                    "som Nordlys-ambassadør"]}}
    assert check(text, policy) == []


@pytest.mark.parametrize("text", [
    # An advice post that links to the company's blog.
    "Tre råd, før du skifter til varmepumpe:\n1. Få tjekket isoleringen.\n2. Tjek dit "
    "elforbrug.\n3. Spørg naboen, hvad deres koster i drift.\nFlere råd på nordlys.dk/blog",
    # A workplace story.
    "Sidste weekend løb 40 kolleger DHL-stafetten i Fælledparken, og vi samlede 25.000 kr. "
    "ind til Kræftens Bekæmpelse. Tak til alle, der heppede!",
    # An open house with free ice cream: no product, no price.
    "Vi holder åbent hus lørdag den 14. september, og der er gratis is til børnene. Kom og "
    "mød dine nye kolleger i Aarhus!",
    # "i samarbejde med" in an everyday sense, "tilbud om" as an offer of training.
    "I samarbejde med Aarhus Kommune har vi fået et tilbud om efteruddannelse til alle "
    "montører. Jeg glæder mig til at lære mere om varmepumper.",
    # Classic ads discussed, not made.
    "Vi er blevet mere døve over for klassiske reklamer. Derfor deler vi historier fra "
    "hverdagen i stedet.",
])
def test_posts_that_sell_nothing_need_no_label(text: str) -> None:
    assert check(text) == []


# --- CPR numbers -----------------------------------------------------------------------------


def test_cpr_century_rule_and_modulus_11() -> None:
    assert cpr_birth_date("0101371234").year == 1937  # type: ignore[union-attr]
    assert cpr_birth_date("0101374234").year == 1937  # type: ignore[union-attr]
    assert cpr_birth_date("0101364234").year == 2036  # type: ignore[union-attr]
    assert cpr_birth_date("0101575234").year == 2057  # type: ignore[union-attr]
    assert cpr_birth_date("0101585234").year == 1858  # type: ignore[union-attr]
    assert cpr_birth_date("3102901234") is None       # 31 February
    assert cpr_birth_date("2902011234") is None       # 2001 is no leap year
    assert cpr_birth_date("2902001234") is None       # 1900 is not either
    assert cpr_birth_date("2902004234") is not None   # 2000 is
    assert cpr_mod11("0707614285")
    assert not cpr_mod11("0707614286")


def test_cpr_number_in_a_welcome_post() -> None:
    text = ("Velkommen til Sara, vores nye montør i Aarhus! 🎉 (Note til HR: hendes cpr er "
            "120394-1234, så lønnen kan komme på plads.)")
    findings = check(text)
    assert spans(findings, "compliance.cpr-number") == ["120394-1234"]
    assert findings[0].severity == "error"


def test_nearest_context_decides() -> None:
    text = "Ordre 120394-1234 er sendt. Kundens cpr 120394-1234 skal ikke stå her."
    findings = check(text)
    starts = [f.span.start for f in findings if f.rule_id == "compliance.cpr-number" and f.span]
    assert starts == [text.rindex("120394-1234")]


@pytest.mark.parametrize("text", [
    "Typeskiltet siger serienummer 451398-2231, så det er den gamle model.",  # day 45
    "Fakturanummer 120394-1234 er betalt, tak!",
    "Vi ses kl. 14.30 den 27.11.2026 til workshop nr. 3 – tilmelding på 23 45 67 89.",
    "Varmepumpen sparede 2.000 kWh fra 01.01.2025 til 31.12.2025.",
    "Reference 0707614286 er opdateret.",                   # no separator, fails mod 11
])
def test_cpr_near_misses(text: str) -> None:
    assert "compliance.cpr-number" not in ids(check(text))


def test_cpr_birth_date_in_the_future_is_not_a_cpr() -> None:
    assert "compliance.cpr-number" not in ids(check("Koden 010130-4123 virker ikke."))


def test_cpr_with_space_and_without_separator() -> None:
    assert spans(check("Mit personnummer er 010203 4567."), "compliance.cpr-number") == [
        "010203 4567"]
    assert spans(check("Kunden 0707614285 ringede i går."), "compliance.cpr-number") == [
        "0707614285"]


# --- contact data ----------------------------------------------------------------------------


def test_colleague_phone_and_private_mail_are_flagged() -> None:
    text = ("Har du spørgsmål om solceller? Ring til min kollega Jonas på 23 45 67 89 eller "
            "skriv til jonas.madsen@gmail.com – han hjælper gerne.")
    findings = check(text)
    assert spans(findings, "compliance.contact-data") == ["23 45 67 89",
                                                          "jonas.madsen@gmail.com"]
    assert all(f.severity == "warning" for f in findings)
    assert "telefonnummer" in findings[0].message and "e-mailadresse" in findings[1].message


@pytest.mark.parametrize(("text", "span"), [
    ("Ring på +45 2345 6789", "+45 2345 6789"),
    ("Ring på 0045 23456789", "0045 23456789"),
    ("Tlf. 23456789", "23456789"),
    ("Mobil: 23-45-67-89", "23-45-67-89"),
    ("Indbetal på reg.nr. 1234 kontonr. 1234567890", "reg.nr. 1234 kontonr. 1234567890"),
    ("IBAN: DK50 0040 0440 1162 43", "DK50 0040 0440 1162 43"),
])
def test_contact_data_forms(text: str, span: str) -> None:
    assert spans(check(text), "compliance.contact-data") == [span]


@pytest.mark.parametrize("text", [
    "Workshoppen starter kl. 14.30 den 27.11.2026 i vores lokaler på Strandvejen 12.",
    "Nordlys Energi A/S · CVR 29876543 · Strandvejen 12, 8000 Aarhus C",
    "Ordrenummer 23456789 er afsendt.",
    "Pakken koster 24995 kr. og sparer dig 2000 2500 kWh om året.",
    "Det er 23456789 gange bedre end sidste år.",          # eight bare digits, no phone cue
    "Ring gratis på 80 20 30 40 eller skriv til kundeservice@nordlys.dk.",
    "Skriv til mette.hansen@nordlys.dk eller presse@vestkraft.dk.",
    "I sæsonerne 2023 2024 installerede vi 400 varmepumper.",
    "Forkert IBAN DK5000400440116244 bliver afvist.",
])
def test_contact_data_near_misses(text: str) -> None:
    assert "compliance.contact-data" not in ids(check(text))


def test_allowed_contacts_pass_and_are_suggested() -> None:
    policy = {"compliance": {"allowed_contacts": ["+45 70 10 20 30", "solceller@gmail.com",
                                                  "23 45 67 89"]}}
    assert check("Skriv til solceller@gmail.com eller ring 23 45 67 89", policy) == []
    findings = check("Ring til mig på 31 41 59 26", policy)
    assert findings[0].suggestion == "+45 70 10 20 30"  # the first allowed phone number


# --- special categories ----------------------------------------------------------------------


def test_health_of_a_tagged_colleague_asks_for_consent() -> None:
    text = ("En stor tak til @Mette Hansen, der har været sygemeldt med stress i tre måneder "
            "og nu er tilbage. Vi har savnet dig!")
    findings = check(text)
    assert spans(findings, "compliance.special-category") == ["sygemeldt"]
    assert "samtykke" in findings[0].message and "helbred" in findings[0].message


@pytest.mark.parametrize(("text", "term"), [
    ("Kæmpe tillykke til Sofie med graviditeten!", "graviditeten"),
    ("Nu har Mads desværre fået kræft, så send ham en tanke.", "kræft"),
    ("Vores kollega Jonna er muslim og har lært os om ramadanen.", "muslim"),
    ("Lars er medlem af 3F og sidder i forhandlingsudvalget.", "medlem af 3F"),
    ("Peter stemmer på Enhedslisten, men det taler vi ikke om på kontoret.",
     "stemmer på Enhedslisten"),
    ("Lars har været langtidssygemeldt, men er nu tilbage på fuld tid.", "langtidssygemeldt"),
    ("Anders er homoseksuel og går med i Pride i år.", "homoseksuel"),
    ("Mettes kræft er heldigvis i bedring.", "kræft"),
])
def test_special_categories_tied_to_a_person(text: str, term: str) -> None:
    assert spans(check(text), "compliance.special-category") == [term]


@pytest.mark.parametrize("text", [
    "Vi cyklede 10.000 kilometer for Kræftens Bekæmpelse.",
    "Mette holdt et skarpt oplæg om diabetes og arbejdsliv.",
    "Stress er en af de største udfordringer på danske arbejdspladser.",
    "Tak til Jens for at arrangere fagforeningens sommerfest.",
    "Mette arbejder med flygtninge og indvandrere i Aarhus Kommune.",
    "Sofie har fået en ny rolle som projektleder.",
    "Peter stemmer på os til Årets Arbejdsplads – gør du?",
    "Tak til @Jens, der kom ud som vinder af firmaets bowlingturnering.",
    "@Jens kom ud som vinder af bowlingturneringen.",
    "Mette er sprunget ud som selvstændig.",
])
def test_special_category_near_misses(text: str) -> None:
    assert "compliance.special-category" not in ids(check(text))


def test_special_category_genitive_in_danish() -> None:
    findings = check("Lars er sygemeldt i denne uge.")
    assert "Lars' helbred" in findings[0].message


def test_special_category_in_english() -> None:
    findings = check("Tillykke til @Sofie med graviditeten!", lang="en")
    assert findings[0].message.startswith("The post tells about Sofie's health")


# --- confidential terms ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "found"), [
    ("Travle dage med Projekt Polaris!", "Projekt Polaris"),
    ("Stolt af teamet bag projekt-polaris.", "projekt-polaris"),
    ("Tak for en vild uge i ProjektPolaris-teamet.", "ProjektPolaris"),
    ("Første test af P r o j e k t  P o l a r i s gik godt.", "P r o j e k t  P o l a r i s"),
    ("Vi tester Pr0jekt P0laris i næste uge.", "Pr0jekt P0laris"),
    ("Projekt Pola\u200bris kører!", "Projekt Pola\u200bris"),        # zero-width space
    ("Stor fremgang i \u0420rojekt Polaris.", "\u0420rojekt Polaris"),  # Cyrillic Р
    ("#ProjektPolaris #stolt", "#ProjektPolaris"),
    ("Læs mere på nordlys.dk/projekt-polaris", "projekt-polaris"),
])
def test_confidential_term_spellings(text: str, found: str) -> None:
    findings = check(text)
    assert spans(findings, "compliance.confidential") == [found]
    assert findings[0].severity == "error"


@pytest.mark.parametrize("text", [
    "Vi så Polarisstjernen på vej hjem fra messen.",
    "Polarisering i debatten er et problem.",
    "Projektet blev færdigt, og polarbjørnen på kontoret fik en hue.",
])
def test_confidential_near_misses(text: str) -> None:
    assert "compliance.confidential" not in ids(check(text))


def test_many_confidential_terms_go_straight_to_the_skeleton() -> None:
    terms = ["Projekt Polaris", *(f"Kodenavn {n}" for n in "ABCDEFGHIJKLMN")]
    policy = {"compliance": {"confidential_terms": terms}}
    findings = check("Vi tester Pr0jekt P0laris og kodenavn-K i næste uge.", policy)
    assert spans(findings, "compliance.confidential") == ["Pr0jekt P0laris", "kodenavn-K"]
    assert check("Vi tester en ny varmepumpe i næste uge.", policy) == []


def test_no_confidential_terms_in_policy_means_no_findings() -> None:
    assert check("Projekt Polaris", {"compliance": {"confidential_terms": []}}) == []


# --- inside information ----------------------------------------------------------------------


def test_inside_information_is_an_error_for_listed_companies_a_warning_otherwise() -> None:
    text = ("Stor dag i dag! 🚀 Vi har fået en kæmpe ordre fra en af Europas største forsyninger. "
            "Glæd jer – i morgen kan vi fortælle mere.")
    unlisted = [f for f in check(text) if f.rule_id == "compliance.inside-information"]
    assert [(f.span.text if f.span else None, f.severity) for f in unlisted] == [
        ("kæmpe ordre", "warning")]
    assert "Investor Relations" not in unlisted[0].message
    findings = check(text, LISTED)
    assert spans(findings, "compliance.inside-information") == ["kæmpe ordre"]
    assert "Investor Relations" in findings[0].message
    assert findings[0].severity == "error"
    en = check(text, LISTED, lang="en")
    assert "Investor Relations" in en[0].message


@pytest.mark.parametrize(("text", "span"), [
    ("Årsrapporten offentliggøres på torsdag, men jeg kan godt sige, at vi slår alle rekorder.",
     "Årsrapporten"),
    ("Snart kan vi fortælle om et opkøb, der gør os dobbelt så store.", "opkøb"),
    ("Vi opjusterer! Det bliver offentliggjort i morgen tidlig.", "opjusterer"),
    ("Mit råd: køb aktien nu.", "køb aktien"),
    ("Jeg tror, kursmålet på 400 er for lavt.", "kursmålet"),
    ("Resultatet bliver offentliggjort i næste uge, og det er godt.", "Resultatet"),
])
def test_inside_information_cases(text: str, span: str) -> None:
    assert spans(check(text, LISTED), "compliance.inside-information") == [span]


@pytest.mark.parametrize("text", [
    "Årsrapporten er offentliggjort i dag – læs den på nordlys.dk/investor.",
    "Et flot resultat i stafetten! Glæd jer til næste år.",
    "Jeg har masser af overskud efter ferien. Glæd jer til efteråret!",
    "Som medarbejder kan man købe aktier gennem medarbejderaktieordningen.",
    "Vi har skrevet kontrakt med en ny kantineleverandør for to år siden.",
])
def test_inside_information_near_misses(text: str) -> None:
    assert "compliance.inside-information" not in ids(check(text, LISTED))


# --- enrollment ------------------------------------------------------------------------------


def test_an_author_who_has_not_opted_in_is_blocked() -> None:
    text = "Stolt af vores nye ladestationer i Aarhus! ⚡"
    findings = check(text, author=bg.Author(id="e42", enrolled=False, name="Mette"))
    assert ids(findings) == ["compliance.enrollment"]
    assert findings[0].span is None and "Mette" in findings[0].message
    assert check(text, author=bg.Author(id="e17", enrolled=True)) == []
    assert check(text, author=bg.Author(id="e42", enrolled=False), kind="personal") == []
    assert check(text, {"compliance": {"require_enrollment": False}},
                 author=bg.Author(id="e42", enrolled=False)) == []


# --- spans survive normalisation -------------------------------------------------------------


def test_offsets_stay_aligned_when_lower_case_changes_length() -> None:
    findings = check("İstanbul-holdet er klar. Skønt! #fredag #reklame")
    assert spans(findings, "compliance.weak-disclosure") == ["#reklame"]


def test_spans_point_into_the_text_as_written() -> None:
    text = "Ring til Jonas\u00a0på 23\u00a045\u00a067\u00a089 – Projekt Pola\u200bris venter."
    findings = check(text)
    for f in findings:
        assert f.span is not None
        assert text[f.span.start:f.span.end] == f.span.text
    assert [f.span.text for f in findings if f.span] == ["23\u00a045\u00a067\u00a089",
                                                         "Projekt Pola\u200bris"]


def test_personal_data_false_turns_the_personal_data_rules_off() -> None:
    text = ("Tillykke til @Sofie med graviditeten! Ring til hende på 23 45 67 89 – "
            "hendes cpr er 120394-1234.")
    assert ids(check(text)) == ["compliance.special-category", "compliance.contact-data",
                                "compliance.cpr-number"]
    assert check(text, {"compliance": {"personal_data": False}}) == []


def test_explicit_ad_tags_are_weak_even_on_a_post_that_sells_nothing() -> None:
    findings = check("Dejlig dag på kontoret i Aarhus.\n\n#fredag #reklame")
    assert spans(findings, "compliance.weak-disclosure") == ["#reklame"]
    assert findings[0].severity == "warning"  # an error only on a post that sells
    assert check(SALES_POST + " #reklame")[0].severity == "error"
    # a misplaced plain label on such a post is harmless
    assert check("Dejlig dag på kontoret i Aarhus.\nReklame for godt humør") == []


# --- well-written posts raise nothing --------------------------------------------------------

CLEAN_POSTS = [
    # Recruitment.
    "Vi søger en erfaren elektriker til vores team i Odense! ⚡\n\nHos Nordlys Energi får du "
    "faste kolleger, en servicebil og tid til at gøre arbejdet ordentligt. Du kommer til at "
    "installere varmepumper og solceller hos familier på Fyn.\n\nSøg senest den 15.12.2026 "
    "på nordlys.dk/job – eller skriv til job@nordlys.dk, hvis du har spørgsmål.\n\n"
    "#job #elektriker #grønomstilling",
    # A workplace story with names.
    "I dag har Mette Hansen været hos os i 25 år. 🎉 Hun startede som lærling i 2001 og står "
    "i dag for hele vores kundeservice. Tak, Mette, for din nysgerrighed og dit gode humør – "
    "vi fejrer dig med kage i kantinen kl. 14.30.",
    # A customer story, told with consent and without contact data.
    "Familien Jensen i Odder skiftede oliefyret ud med en varmepumpe i september. Deres "
    "varmeregning er faldet med omkring 40 procent, og huset er lunere end før. Det er "
    "sådan en historie, der gør mit arbejde meningsfuldt.",
    # An advice post linking to the company's blog.
    "Fem ting, du bør vide, før du får solceller:\n1. Tjek tagets retning.\n2. Se på dit "
    "elforbrug over døgnet.\n3. Overvej et batteri.\n4. Spørg efter garantien.\n5. Tal med "
    "naboen, der allerede har dem.\n\nLæs hele guiden på nordlys.dk/blog/solceller",
    # An event with a date, time, address and numbers.
    "Tak til de 120 gæster, der kom forbi vores stand på Energimessen i Herning den "
    "27.11.2026! Vi havde 3.400 besøgende på to dage og mange gode snakke om varmepumper. "
    "Næste år ses vi i hal 2, stand 2417.",
    # Sustainability figures.
    "Sidste år sparede vores kunder tilsammen 12.500 ton CO2. Vores mål for 2030 er at "
    "halvere udledningen fra vores egne servicebiler – 38 af 64 kører allerede på el.",
]


@pytest.mark.parametrize("text", CLEAN_POSTS)
def test_well_written_posts_raise_nothing(text: str) -> None:
    assert check(text, LISTED) == []


@pytest.mark.parametrize("text", [
    "Birkevej 12, 8800 Viborg", "på Søndergade\n41, 1. th.", "Store-Kirkevej 3", "Kirkebakken\t7B",
    "Gamle Nytorvet 2", "Vi er på Solsikkevej 7 i Hammel", "Kirkebakken 2026",
])
def test_the_address_prefilter_passes_every_street(text: str) -> None:
    address = pack_module("compliance-da", "address")
    assert address._STREET.search(text) is not None
    assert address._street_before_number(text)
    # a street-like word with a number that does not follow it cannot match
    assert not address._street_before_number(text.replace(" ", "").replace("\n", "")
                                             .replace("\t", ""))


@pytest.mark.parametrize("text", [
    "", "Helt almindelig tekst.", "!" * 39, "!" * 40, "a" + "!?" * 20 + "b", "x" * 39 + "_" * 40,
    ("ord " * 30) + "." * 39 + "a" + "." * 39, "😀" * 41, "½" * 45, "-_" * 25 + "z",
])
def test_the_long_gap_test_is_the_pattern(text: str) -> None:
    import re

    company = pack_module("compliance-da", "company")
    assert company._long_gap(text) is (re.search(r"[\W_]{40}", text) is not None)
