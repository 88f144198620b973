"""The on-disk cache of parsed data files (brandguard.diskcache): it may only make a
load faster, never change what is loaded or fail a load."""

from __future__ import annotations

import contextlib
import datetime
import gzip
import json
import marshal
import re
import shutil
import sqlite3
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from brandguard import datafiles, diskcache, intent, regexgate, regexshape, yamlsrc
from brandguard.datafiles import DataFiles, DataModel, Pattern, Words
from brandguard.lang.da import lexicon, morphology, tagger
from brandguard.policy import PackError
from brandguard.regexgate import StartScan
from brandguard.yamlsrc import YamlSource


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


# --- YAML files and data files ----------------------------------------------------------------

@pytest.fixture
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the source files, beside the cache folder."""
    return tmp_path_factory.mktemp("files")


class _Listed(DataModel):  # (no data_file: test_datafiles lists the models of shipped files)
    words: Words
    patterns: list[Pattern] = []


def _no_yaml_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsrc, "load_yaml", lambda text: pytest.fail("YAML parsed again"))


def test_a_yaml_file_parsed_once_is_read_back_with_its_line_numbers(
        folder: Path, files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = files / "rule.yaml"
    path.write_bytes("a: 1\r\nb:\r\n  - [x, æ]\r\n  - &k {c: 2}\r\nd: *k\r\n".encode())
    fresh = YamlSource(path)
    first = YamlSource.cached(path)
    _no_yaml_parse(monkeypatch)
    again = YamlSource.cached(path)
    assert again.data == first.data == fresh.data
    assert again.data["d"] is again.data["b"][1]  # an alias stays one object
    assert again.where("b", 1, "c") == fresh.where("b", 1, "c") == f"{path}: line 4: b.1.c"


def test_a_changed_yaml_file_is_parsed_again(folder: Path, files: Path) -> None:
    path = files / "rule.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert YamlSource.cached(path).data == {"a": 1}
    path.write_text("a: 2\n", encoding="utf-8")
    assert YamlSource.cached(path).data == {"a": 2}
    assert len(_entries(folder)) == 1  # the old entry is replaced


def test_yaml_errors_are_the_same_with_the_cache(folder: Path, files: Path) -> None:
    path = files / "rule.yaml"
    for raw in (b"a: [1\n", b"a: \xff\n"):
        path.write_bytes(raw)
        with pytest.raises(ValueError) as plain:
            YamlSource(path)
        for _ in range(2):  # (nothing kept: the second read fails the same way)
            with pytest.raises(ValueError) as cached:
                YamlSource.cached(path)
            assert str(cached.value) == str(plain.value)
    assert _entries(folder) == []


def test_a_value_marshal_cannot_keep_is_parsed_each_time(folder: Path, files: Path) -> None:
    (files / "dated.yaml").write_text("since: 2024-05-01\n", encoding="utf-8")
    for _ in range(2):
        assert DataFiles(files)("dated") == {"since": datetime.date(2024, 5, 1)}
    assert _entries(folder) == []


def test_a_validated_data_file_is_read_back_without_compiling_its_patterns(
        folder: Path, files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (files / "lists.yaml").write_text("words: [a]\npatterns: ['kr\\.?', '\\d+ %']\n",
                                         encoding="utf-8")
    first = DataFiles(files)("lists", _Listed)
    _no_yaml_parse(monkeypatch)
    monkeypatch.setattr(datafiles, "re", SimpleNamespace(
        compile=lambda *a: pytest.fail("compiled again"), error=re.error))
    again = DataFiles(files)("lists", _Listed)  # (a new loader: what a later process does)
    assert again == first and again.patterns == ["kr\\.?", "\\d+ %"]


def test_a_pattern_the_cached_entry_did_not_compile_is_compiled(
        folder: Path, files: Path) -> None:
    (files / "lists.yaml").write_text("words: ['(unclosed']\n", encoding="utf-8")
    assert DataFiles(files)("lists", _Listed).words == ["(unclosed"]

    class _Listed2(DataModel):  # the model changed since: the same file, words are patterns
        words: list[Pattern]

    _Listed2.__name__ = _Listed.__name__  # (the same cache entry)
    with pytest.raises(PackError, match=r"line 1: words\.0: bad regular expression"):
        DataFiles(files)("lists", _Listed2)


@pytest.mark.parametrize("damage", ["torn", "other shape", "unwritable"])
def test_a_damaged_cache_gives_the_same_data_and_errors(
        damage: str, folder: Path, files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = files / "data"
    data.mkdir()
    (data / "lists.yaml").write_text("words: [a, b]\npatterns: ['x+']\n", encoding="utf-8")
    expected = DataFiles(data)("lists", _Listed)
    (entry,) = [p for p in folder.iterdir() if p.name.startswith("data-")]
    if damage == "torn":
        entry.write_bytes(entry.read_bytes()[:20])
    elif damage == "other shape":
        entry.write_bytes(marshal.dumps([1, 2]))
    else:
        blocker = files / "a-file"
        blocker.write_text("not a folder")
        monkeypatch.setenv("BRANDGUARD_CACHE_DIR", str(blocker / "cache"))
    assert DataFiles(data)("lists", _Listed) == expected
    (data / "lists.yaml").write_text("words: [a, 7]\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"lists\.yaml: line 1: words\.1: expected a text, got 7$"):
        DataFiles(data)("lists", _Listed)


# --- the intent layer's plans ---------------------------------------------------------------

def _intent_plans(data: Any) -> dict[str, Any]:
    """What each pattern of the intent layer runs, by field (equal plans: equal matches)."""
    def scan(s: StartScan) -> tuple[str, str | None]:
        return (s.rx.pattern, s.scan.pattern if s.scan is not None else None)

    def rx(r: Any) -> Any:
        return (r._fast_source, r.gates, r.infixes, [(scan(s), g) for s, g in r.slow])

    out: dict[str, Any] = {}
    for name in data.__dataclass_fields__:
        value = getattr(data, name)
        if isinstance(value, intent._Rx):
            out[name] = rx(value)
        elif isinstance(value, StartScan):
            out[name] = scan(value)
        elif isinstance(value, tuple) and value and isinstance(value[0][1], intent._Rx):
            out[name] = [(k, rx(v)) for k, v in value]
    return out


@pytest.fixture
def fresh_intent(folder: Path) -> Iterator[dict[str, Any]]:
    """The plans derived without a cache; ``intent._data`` is rebuilt after the test."""
    intent._data.cache_clear()
    plans = _intent_plans(intent._data())
    intent._data.cache_clear()
    yield plans
    intent._data.cache_clear()


def _no_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intent, "_rx_plan", lambda p: pytest.fail("plan derived again"))
    monkeypatch.setattr(intent, "scan_source", lambda rx: pytest.fail("scan derived again"))


def test_the_intent_plans_are_read_back_not_derived(
        fresh_intent: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(fresh_intent) >= 15 and any(p[3] for p in fresh_intent.values()
                                         if isinstance(p, tuple) and len(p) == 4)
    _no_derivation(monkeypatch)
    assert _intent_plans(intent._data()) == fresh_intent


def test_changed_code_derives_the_intent_plans_again(
        fresh_intent: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    derived: list[str] = []
    real = intent._rx_plan
    monkeypatch.setattr(intent, "_rx_plan", lambda p: derived.append(p) or real(p))
    monkeypatch.setattr(intent, "_plan_code", lambda: b"another version of the code")
    assert _intent_plans(intent._data()) == fresh_intent
    assert len(derived) > 20


@pytest.mark.parametrize("damage", ["torn", "other shape", "unwritable"])
def test_a_damaged_plan_entry_gives_the_same_plans(
        damage: str, fresh_intent: dict[str, Any], folder: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    (entry,) = folder.glob("intent-plans-*")
    if damage == "torn":
        entry.write_bytes(entry.read_bytes()[:100])
    elif damage == "other shape":
        stored = marshal.loads(entry.read_bytes())
        stored["rx"] = {k: ("x", 1) for k in stored["rx"]}
        stored["scan"] = {k: 7 for k in stored["scan"]}
        entry.write_bytes(marshal.dumps(stored))
    else:
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        monkeypatch.setenv("BRANDGUARD_CACHE_DIR", str(blocker / "cache"))
    assert _intent_plans(intent._data()) == fresh_intent


# --- memos of pattern readings ------------------------------------------------------------------

def _memo(code: bytes | None = b"v1", limit: int = 10) -> diskcache.Memo:
    return diskcache.Memo("demo-memo", lambda: code, schema=1, limit=limit)


def _texts(value: Any) -> bool:
    return isinstance(value, frozenset)


def test_a_memo_reads_back_what_an_earlier_process_computed(folder: Path) -> None:
    first = _memo()
    assert first.get(("k", "a+", 2), lambda: frozenset({"a"}), _texts) == frozenset({"a"})
    assert first.get(("k", "a+", 2), lambda: pytest.fail("computed twice"), _texts) == {"a"}
    assert _entries(folder) == []  # written when the process exits
    first._save()
    later = _memo()
    assert later.get(("k", "a+", 2), lambda: pytest.fail("computed again"), _texts) == {"a"}
    assert _memo(b"v2").get(("k", "a+", 2), lambda: frozenset({"new"}), _texts) == {"new"}


def test_a_damaged_memo_is_computed_again(folder: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    memo = _memo()
    memo.get("x", lambda: frozenset({"x"}), _texts)
    memo._save()
    (entry,) = folder.iterdir()
    entry.write_bytes(marshal.dumps({"x": "not a set"}))
    assert _memo().get("x", lambda: frozenset({"fresh"}), _texts) == {"fresh"}
    entry.write_bytes(entry.read_bytes()[:5])
    assert _memo().get("x", lambda: frozenset({"fresh"}), _texts) == {"fresh"}
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BRANDGUARD_CACHE_DIR", str(blocker / "cache"))
    unwritable = _memo()
    assert unwritable.get("x", lambda: frozenset({"y"}), _texts) == {"y"}
    unwritable._save()  # (nothing written, nothing raised)


def test_a_memo_keeps_at_most_its_limit_and_nothing_without_code(folder: Path) -> None:
    memo = _memo(limit=2)
    for k in "abc":
        memo.get(k, lambda k=k: frozenset({k}), _texts)
    memo._save()
    assert sorted(marshal.loads(next(folder.iterdir()).read_bytes())) == ["a", "b"]
    none = _memo(code=None)
    assert none.get("a", lambda: frozenset({"z"}), _texts) == {"z"}
    none._save()
    assert len(_entries(folder)) == 1


def test_the_pattern_readings_read_back_are_the_computed_ones(folder: Path) -> None:
    patterns = [(r"\b(?:kun|bare)\s+\d+\s*kr", re.IGNORECASE), (r"(?:\d+|fra)\s+kr", 0),
                (r"(a+)+b", 0), (r"(?i)tilbud\w*|rabat", 0)]
    fresh = [(regexgate._required_substrings(p, f, False),
              regexgate._scan_source(re.compile(p, f)), regexshape._catastrophic_shape(p, f))
             for p, f in patterns]
    memos = (regexgate._MEMO, regexshape._MEMO)
    for _ in range(2):  # (computed, then read back from a memo saved and loaded again)
        assert [(regexgate.required_substrings(p, f), regexgate.scan_source(re.compile(p, f)),
                 regexshape.catastrophic_shape(p, f)) for p, f in patterns] == fresh
        for memo in memos:
            memo._save()
            memo._values = None
    assert fresh[1][1] is not None and fresh[2][2] is not None  # (the readings say something)


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


def test_a_frequency_group_damaged_inside_the_entry_is_read_from_sqlite(sqlite_copy: Path) -> None:
    """The entry reads back whole (not torn), but a group's bytes in it are not marshal:
    that group comes from the lexicon itself, and the check goes on."""
    want = _sql_frequencies(sqlite_copy, "da")
    lex = lexicon.Lexicon(sqlite_copy)
    good = lex.frequency_table("da")
    index, blob = good._index, good._blob
    start, end = index["hu"]
    damaged = blob[:start] + b"\xff" * (end - start) + blob[end:]
    table = lexicon.FrequencyTable((index, damaged), lambda key: lex._frequency_group("da", key))
    assert table.get("hus") == want["hus"] > 0
    assert dict(table.items()) == want
