"""Data files are validated: a model per file, one loader, errors that name file, line and key."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import brandguard as bg
from brandguard.builtin_packs import rules_root
from brandguard.datafiles import DataFiles, DataModel, Pattern, Words, validate
from brandguard.lang.da import resources
from brandguard.packs import PackData, Registry
from brandguard.yamlsrc import YamlSource

# Importing every pack's modules (and the Danish language code) defines every model.
Registry.build(bg.get_plugin_manager(entry_points=False))
import brandguard.lang.da  # noqa: E402  (after the packs: their import order is the loader's)


def _models() -> list[type[DataModel]]:
    out: list[type[DataModel]] = []
    todo = list(DataModel.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.data_file:
            out.append(cls)
    return sorted(out, key=lambda c: c.__name__)


def _path(model: type[DataModel]) -> Path:
    """``data/<data_file>.yaml`` beside the module that defines the model."""
    module_file = sys.modules[model.__module__].__file__
    assert module_file is not None
    return Path(module_file).resolve().parent / "data" / f"{model.data_file}.yaml"


MODELS = _models()
SHIPPED = sorted([*rules_root().glob("*/data/*.yaml"), *resources.DATA_DIR.glob("*.yaml")])


def test_every_shipped_data_file_has_exactly_one_model() -> None:
    declared = [_path(m) for m in MODELS]
    assert len(declared) == len(set(declared)), "two models describe one file"
    assert sorted(declared) == [p.resolve() for p in SHIPPED]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.data_file}:{m.__name__}")
def test_every_shipped_data_file_validates(model: type[DataModel]) -> None:
    parsed = validate(YamlSource(_path(model)), model)
    assert isinstance(parsed, model)
    assert any(parsed.as_dict().values()), f"{model.data_file}.yaml is empty"


def _broken_copy(tmp_path: Path, model: type[DataModel], change: Any) -> tuple[DataFiles, Path]:
    """A copy of the model's data folder with the model's file changed by ``change(data)``."""
    source = _path(model)
    folder = tmp_path / "data"
    shutil.copytree(source.parent, folder)
    copy = folder / source.name
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return DataFiles(folder), copy


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.data_file)
def test_a_wrong_type_names_file_line_and_key(model: type[DataModel], tmp_path: Path) -> None:
    field = next(iter(model.model_fields))
    loader, copy = _broken_copy(tmp_path, model, lambda d: d.__setitem__(field, 12345))
    line = YamlSource(copy).line(field)
    with pytest.raises(bg.PackError) as err:
        loader(model.data_file, model)
    assert str(err.value).startswith(f"{copy}: line {line}: {field}: expected ")
    assert "got 12345" in str(err.value)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.data_file)
def test_a_wrong_item_names_the_item(model: type[DataModel], tmp_path: Path) -> None:
    data = yaml.safe_load(_path(model).read_text(encoding="utf-8"))
    field = next(k for k in model.model_fields if isinstance(data.get(k), list | dict) and data[k])
    sub: int | str = 0 if isinstance(data[field], list) else next(iter(data[field]))
    loader, copy = _broken_copy(tmp_path, model, lambda d: d[field].__setitem__(sub, {"x": 1}))
    line = YamlSource(copy).line(field, sub)
    where = re.escape(f"{copy}: line {line}: {field}.{sub}")
    with pytest.raises(bg.PackError, match=rf"^{where}[.:]"):
        loader(model.data_file, model)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.data_file)
def test_an_unknown_key_names_file_line_and_the_valid_keys(model: type[DataModel],
                                                           tmp_path: Path) -> None:
    loader, copy = _broken_copy(tmp_path, model, lambda d: d.__setitem__("surprise", ["x"]))
    line = YamlSource(copy).line("surprise")
    with pytest.raises(bg.PackError) as err:
        loader(model.data_file, model)
    assert str(err.value) == (f"{copy}: line {line}: surprise: unknown key; valid keys: "
                              + ", ".join(model.model_fields))


def test_a_nested_unknown_key_lists_the_keys_of_its_part(tmp_path: Path) -> None:
    model = next(m for m in MODELS if m.data_file == "special")
    loader, copy = _broken_copy(tmp_path, model,
                                lambda d: d["categories"]["health"].__setitem__("synonyms", []))
    line = YamlSource(copy).line("categories", "health", "synonyms")
    with pytest.raises(bg.PackError, match=rf"line {line}: categories\.health\.synonyms: unknown "
                                           r"key; valid keys: label, personal, topic, linked_only, "
                                           r"verbs, parties$"):
        loader("special", model)


class _Lists(DataModel):
    data_file = "lists"
    words: Words
    patterns: list[Pattern] = []


def test_yaml_booleans_are_not_words(tmp_path: Path) -> None:
    # `yes` and `on` are booleans in YAML 1.1: a word list must quote them.
    (tmp_path / "lists.yaml").write_text("words: [okay, yes, wow]\n", encoding="utf-8")
    with pytest.raises(bg.PackError, match=r"lists\.yaml: line 1: words\.1: expected a text, "
                                           r"got True"):
        DataFiles(tmp_path)("lists", _Lists)


def test_a_bad_regular_expression_is_an_error_at_load(tmp_path: Path) -> None:
    (tmp_path / "lists.yaml").write_text("words: [a]\npatterns:\n  - 'kr\\.?'\n  - '(unclosed'\n",
                                         encoding="utf-8")
    with pytest.raises(bg.PackError, match=r"line 4: patterns\.1: bad regular expression: "
                                           r"missing \), unterminated subpattern"):
        DataFiles(tmp_path)("lists", _Lists)


def test_the_model_must_describe_the_file_it_reads(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text("words: [a]\n", encoding="utf-8")
    with pytest.raises(bg.PackError, match=r"_Lists describes lists\.yaml, not other\.yaml"):
        DataFiles(tmp_path)("other", _Lists)


def test_one_loader_reads_once_and_shares_the_result(tmp_path: Path) -> None:
    (tmp_path / "lists.yaml").write_text("words: [a, b]\n", encoding="utf-8")
    data = PackData(tmp_path)
    first = data("lists", _Lists)
    assert first is data("lists", _Lists)
    assert first.words == ["a", "b"] and first["words"] == ["a", "b"]
    assert first.get("patterns") == [] and dict(first.items()) == {"words": ["a", "b"],
                                                                    "patterns": []}
    assert data("lists") == {"words": ["a", "b"]}  # without a model: the parsed YAML
    assert isinstance(resources.LANGUAGE_DATA, DataFiles) and isinstance(data, DataFiles)


def test_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(bg.PackError, match=r"nope\.yaml: cannot read the data file"):
        DataFiles(tmp_path)("nope", _Lists)
