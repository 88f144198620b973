"""The Danish sentence splitter (brandguard.lang.da.sentences), through Analysis.sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandguard.analysis import Analysis

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "ud-danish-ddt" / "dev-sample.conllu"


def split(text: str) -> list[str]:
    return [s.text for s in Analysis(text).sentences]


@pytest.mark.parametrize(("text", "sentences"), [
    # abbreviations: no end before a small letter or a number
    ("Hun har en ph.d. og en cand.mag. fra Aarhus.", ["Hun har en ph.d. og en cand.mag. fra Aarhus."]),
    ("Vi har bl.a. solceller, f.eks. på taget, mht. prisen osv. og det hele.",
     ["Vi har bl.a. solceller, f.eks. på taget, mht. prisen osv. og det hele."]),
    ("Det koster ca. 50 kr. om måneden, jf. aftalen.", ["Det koster ca. 50 kr. om måneden, jf. aftalen."]),
    ("Han kom p.g.a. vejret og gik vha. stokken.", ["Han kom p.g.a. vejret og gik vha. stokken."]),
    ("Motoren er 4-cyl. og vandkølet.", ["Motoren er 4-cyl. og vandkølet."]),
    ("Vi kører med en gnm. hastighed på 25 km. i timen.", ["Vi kører med en gnm. hastighed på 25 km. i timen."]),
    # … and an end before a capital when the abbreviation ends phrases or a sentence word follows
    ("Vi sælger frugt, grønt osv. Kom forbi i morgen.", ["Vi sælger frugt, grønt osv.", "Kom forbi i morgen."]),
    ("Prisen er 40 mio. kr. En ejendom til salg.", ["Prisen er 40 mio. kr.", "En ejendom til salg."]),
    ("Anlægget gav 3 kWh. Det er nok til en dag.", ["Anlægget gav 3 kWh.", "Det er nok til en dag."]),
    ("Vi ses med hr. Hansen og St. Petersborg.", ["Vi ses med hr. Hansen og St. Petersborg."]),
    ("Mødet blev aflyst pga. Vi kommer igen.", ["Mødet blev aflyst pga.", "Vi kommer igen."]),
    ("Jeg bor i New York. Løsningen var enkel.", ["Jeg bor i New York.", "Løsningen var enkel."]),
    # ordinals and dates
    ("Vi spiller den 3. runde den 10. april i det 43. minut.",
     ["Vi spiller den 3. runde den 10. april i det 43. minut."]),
    ("Træningen fra mandag den 30.9. flyttes til Thisted den 13.-15. maj.",
     ["Træningen fra mandag den 30.9. flyttes til Thisted den 13.-15. maj."]),
    ("Vi ses kl. 14. Det bliver sjovt.", ["Vi ses kl. 14.", "Det bliver sjovt."]),
    ("Åbent fra den 1. Maj.", ["Åbent fra den 1. Maj."]),
    ("Sådan gør du:\n1. Backuppen tages først.\n2. Derefter gendanner du.",
     ["Sådan gør du:", "1. Backuppen tages først.", "2. Derefter gendanner du."]),
    # dialogue
    ("– Hvorfor? spurgte han. – Fordi! svarede hun.", ["– Hvorfor? spurgte han.", "– Fordi! svarede hun."]),
    ('"Nej!" sagde hun. Så gik vi.', ['"Nej!" sagde hun.', "Så gik vi."]),
    ('Kyllingerne har mere plads. "Vi fralægger os ansvaret," siger han.',
     ["Kyllingerne har mere plads.", '"Vi fralægger os ansvaret," siger han.']),
    ('Han sagde: "Kom nu." Så kom hun.', ['Han sagde: "Kom nu."', "Så kom hun."]),
    ("Vi vandt! det er vildt.", ["Vi vandt!", "det er vildt."]),
    ("Hvad så?! Vi ses.", ["Hvad så?!", "Vi ses."]),
    # ellipsis: an end only before a capital
    ("Jeg mener... jeg ved det ikke. Vent … Nu kommer de.",
     ["Jeg mener... jeg ved det ikke.", "Vent …", "Nu kommer de."]),
    ("Det var en god tur.. Vi ses.", ["Det var en god tur..", "Vi ses."]),
    ("Prisen er 25 kr.. Kom og køb.", ["Prisen er 25 kr..", "Kom og køb."]),
    # headings without a full stop, greetings, smileys
    ("Nyt fra værkstedet\nVi har fået en ny maskine.", ["Nyt fra værkstedet", "Vi har fået en ny maskine."]),
    ("Til orgie hos Søren Men det har intet med traktaten at gøre.",
     ["Til orgie hos Søren", "Men det har intet med traktaten at gøre."]),
    ("Hej Ole Jeg kan godt forstå dig.", ["Hej Ole", "Jeg kan godt forstå dig."]),
    ("OPLÆG Direktør Henrik Klæbel taler.", ["OPLÆG", "Direktør Henrik Klæbel taler."]),
    ("Tak for jeres ideer :-D Håber I får en god jul.", ["Tak for jeres ideer :-D", "Håber I får en god jul."]),
    # … and no split where the capital is a name
    ("Vi så et portræt af Den jyske Opera og Det Kongelige Teater.",
     ["Vi så et portræt af Den jyske Opera og Det Kongelige Teater."]),
    ("Han kaldte den Vi Unge og talte med Jeppe.", ["Han kaldte den Vi Unge og talte med Jeppe."]),
    # URLs, e-mails, no space after the mark
    ("Læs mere på www.dr.dk/nyheder. Skriv til a.b@firma.dk. Tak.",
     ["Læs mere på www.dr.dk/nyheder.", "Skriv til a.b@firma.dk.", "Tak."]),
    ("Bladet M!s læsere og Hos ACT!s kunder.", ["Bladet M!s læsere og Hos ACT!s kunder."]),
])
def test_danish_sentences(text: str, sentences: list[str]) -> None:
    assert split(text) == sentences


def test_lower_case_after_a_plain_full_stop_is_still_a_new_sentence() -> None:
    # the slip da.sentence-start points at: the splitter must not hide it
    assert split("Tak for i dag. vær opmærksom på fristen.") == ["Tak for i dag.", "vær opmærksom på fristen."]
    assert split("Jeg har haft ham under 1 år. det startede i maj.") == [
        "Jeg har haft ham under 1 år.", "det startede i maj."]


def _ddt_sample() -> list[str]:
    return [line.split("=", 1)[1].strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines()
            if line.startswith("# text =")]


def test_treebank_sentences_joined_are_split_back() -> None:
    """The DDT sample (edited prose), five sentences to a text: boundaries found and put."""
    sents = _ddt_sample()
    tp = fp = fn = 0
    for k in range(0, len(sents), 5):
        group = sents[k:k + 5]
        gold, pos = set(), 0
        for s in group:
            gold.add(pos)
            pos += len(s) + 1
        gold.discard(0)
        got = {p.start for p in Analysis(" ".join(group)).sentences[1:]}
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
    # measured: see bench/sentences.py (the full dev and test splits)
    assert tp / (tp + fp) >= 0.97
    assert tp / (tp + fn) >= 0.90


def test_linear_on_hostile_runs() -> None:
    # many candidate ends in a row: each is decided with a bounded look-ahead
    text = "a. " * 3000 + "! " * 3000 + "Kr. " * 2000 + "OPLÆG " * 2000 + "\n" * 500
    a = Analysis(text)
    assert len(a.sentences) >= 500
