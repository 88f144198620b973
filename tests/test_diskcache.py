"""The on-disk cache of parsed data files (brandguard.diskcache): it may only make a
load faster, never change what is loaded or fail a load."""

from __future__ import annotations

import contextlib
import gzip
import json
import marshal
import shutil
import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from brandguard import diskcache
from brandguard.lang.da import lexicon, morphology, tagger


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BRANDGUARD_CACHE_DIR", str(tmp_path))
    return tmp_path


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_second_process_reads_the_parsed_form_instead_of_parsing(folder: Path) -> None:
    calls: list[bytes] = []

    def parse(b: bytes) -> dict[str, list[int]]:
        calls.append(b)
        return {"n": [len(b)]}

    assert diskcache.cached("demo", b"abc", parse, schema=1) == {"n": [3]}
    assert len(_entries(folder)) == 1
    # what a later process sees: the entry on disk, not the parser
    assert diskcache.cached("demo", b"abc", lambda b: pytest.fail("parsed again"),
                            schema=1) == {"n": [3]}
    assert calls == [b"abc"]


def test_new_source_bytes_or_schema_are_parsed_and_replace_the_old_entry(folder: Path) -> None:
    diskcache.cached("demo", b"one", lambda b: "old", schema=1)
    diskcache.cached("demo-other", b"one", lambda b: "kept", schema=1)
    assert diskcache.cached("demo", b"two", lambda b: "new", schema=1) == "new"
    assert diskcache.cached("demo", b"two", lambda b: "newer", schema=2) == "newer"
    names = _entries(folder)
    # one entry per name: the old ones are gone, another name's (a shared prefix) stays
    assert len(names) == 2
    assert any(n.startswith("demo-other-") for n in names)
    assert any(n.startswith("demo-") and "-s2-" in n for n in names)


def test_a_torn_entry_is_parsed_again_and_rewritten(folder: Path) -> None:
    diskcache.cached("demo", b"abc", lambda b: list(range(1000)), schema=1)
    (entry,) = folder.iterdir()
    entry.write_bytes(entry.read_bytes()[:50])  # a write cut short
    assert diskcache.cached("demo", b"abc", lambda b: ["fresh"], schema=1) == ["fresh"]
    assert marshal.loads(entry.read_bytes()) == ["fresh"]


def test_a_folder_that_cannot_be_written_only_costs_the_parse(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BRANDGUARD_CACHE_DIR", str(blocker / "cache"))
    assert diskcache.cached("demo", b"abc", lambda b: (1, 2), schema=1) == (1, 2)
    assert diskcache.cached("demo", b"abc", lambda b: (1, 2), schema=1) == (1, 2)


def test_objects_shared_in_the_value_stay_shared(folder: Path) -> None:
    shared = {"a": (1, 2)}
    diskcache.cached("demo", b"x", lambda b: [shared, shared], schema=1)
    first, second = diskcache.cached("demo", b"x", lambda b: pytest.fail("parsed"), schema=1)
    assert first == shared and first is second  # (the morphology's combos rely on it)


def test_the_tagger_model_read_back_is_the_shipped_json(folder: Path) -> None:
    raw = resources.files("brandguard.lang.da").joinpath(
        "models/ddt-tagger/model.json.gz").read_bytes()
    first = diskcache.cached("ddt-tagger", raw, tagger._parse_model, schema=1)
    again = diskcache.cached("ddt-tagger", raw, lambda b: pytest.fail("parsed"), schema=1)
    assert again == first == json.loads(gzip.decompress(raw))
    # what is equal is held once, and stays so read back: the tag dictionary's lists, and
    # pass two's tag dictionary and lemmas (pass one's own objects)
    for doc in (first, again):
        lists = doc["tagdict"].values()
        assert len({id(v) for v in lists}) == len({tuple(v) for v in lists}) < len(lists)
        assert doc["second"]["tagdict"] is doc["tagdict"]
        assert doc["second"]["lemmas"] is doc["lemmas"]


def test_the_morphology_table_read_back_gives_the_same_readings(folder: Path) -> None:
    raw = resources.files("brandguard.lang.da").joinpath(
        "data/stavekontrolden/morphology.txt.gz").read_bytes()
    fresh = morphology._Table(morphology._parse(raw))
    diskcache.cached("da-morphology", raw, morphology._parse, schema=1)
    again = morphology._Table(diskcache.cached("da-morphology", raw,
                                               lambda b: pytest.fail("parsed"), schema=1))
    words = ["huset", "løb", "kommunikation", "medarbejderne", "grønnere", "Danmark", "xyzzq"]
    assert [again.exact(w) for w in words] == [fresh.exact(w) for w in words]
    keys = ["ar", "va", "bø", "Aa", "x", "zz"]
    assert [again.begins(k) for k in keys] == [fresh.begins(k) for k in keys]
    assert [fresh.exact(w) for w in words[:3]] != [(), (), ()]  # the words are in the table


@pytest.fixture
def sqlite_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the lexicon's SQLite file, the cache folder an empty one beside it."""
    source = lexicon.get_lexicon()
    source._connect()  # (built where the suite keeps it, before the folder moves)
    copy = tmp_path / "lexicon.sqlite"
    shutil.copyfile(source.path, copy)
    monkeypatch.setenv("BRANDGUARD_CACHE_DIR", str(tmp_path / "cache"))
    return copy


def _sql_frequencies(path: Path, lang: str) -> dict[str, float]:
    with contextlib.closing(sqlite3.connect(path)) as con:
        return dict(con.execute("SELECT word, f FROM freq WHERE lang = ?", (lang,)))


def test_the_frequency_table_read_back_is_the_sqlite_table(
        sqlite_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    want = _sql_frequencies(sqlite_copy, "da")
    fresh = lexicon.Lexicon(sqlite_copy).frequency_table("da")
    assert dict(fresh.items()) == want and len(want) > 20_000
    (entry,) = (sqlite_copy.parent / "cache").glob("da-lexicon-freq-da-*.marshal")
    # a later process reads the entry, not the SQLite table
    monkeypatch.setattr(lexicon, "_frequency_groups", lambda *a: pytest.fail("read SQLite"))
    again = lexicon.Lexicon(sqlite_copy).frequency_table("da")
    assert dict(again.items()) == want
    assert [again.get(w) for w in ("hus", "og", "xqzv", "")] == \
        [want.get(w, 0.0) for w in ("hus", "og", "xqzv", "")]
    assert again.get("hus") > 0 and again.get("xqzv", -1.0) == -1.0
    # a torn entry: the table is read from SQLite again, the same
    monkeypatch.undo()
    entry.write_bytes(entry.read_bytes()[:100])
    assert dict(lexicon.Lexicon(sqlite_copy).frequency_table("da").items()) == want


def test_a_changed_sqlite_file_gets_a_new_frequency_entry(sqlite_copy: Path) -> None:
    assert lexicon.Lexicon(sqlite_copy).frequency_table("da").get("hus") != 0.5
    with contextlib.closing(sqlite3.connect(sqlite_copy)) as con:
        con.execute("UPDATE freq SET f = 0.5 WHERE lang = 'da' AND word = 'hus'")
        con.commit()
    assert lexicon.Lexicon(sqlite_copy).frequency_table("da").get("hus") == 0.5
    assert len(list((sqlite_copy.parent / "cache").glob("da-lexicon-freq-da-*"))) == 1
