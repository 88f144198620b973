"""Data files: the word lists and maps a pack's rules (or the Danish language code) read.

One loader for every data folder (``rules/<pack>/data/`` and ``lang/da/data/``):
each ``<name>.yaml`` is parsed once and validated by the pydantic model its reader
names, written beside the code that reads it::

    class AdvertData(DataModel):
        calls_to_action: Words
        ...

    DATA = PackData.beside(__file__)
    data = DATA("advert", AdvertData)      # an AdvertData, or a PackError

A wrong type or an unknown key fails with the file, the line and the key
(``rules/tone-da/data/advert.yaml: line 12: hype.3: expected a text, got 7``).
The models forbid unknown keys; the parsed data is shared, so callers must not
change it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import ItemsView, KeysView
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar, TypeVar, overload

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo

from . import diskcache
from .watchdog import loading
from .yamlsrc import PARSER_KEY, YamlSource, decode, entry_name

#: A word or phrase in a list: a non-empty text.
Word = Annotated[str, Field(min_length=1)]
#: A list of words or phrases.
Words = list[Word]
#: Wrong form (or phrase) → right form.
Replacements = dict[Word, Word]


@dataclass(frozen=True)
class _Compiled:
    """A validation's record of its patterns (the pydantic context of :func:`validate`)."""

    #: Texts an earlier validation of the same file compiled (see DataFiles._read).
    known: frozenset[str]
    #: The texts this validation compiled.
    compiled: list[str] = field(default_factory=list)


def _compiles(value: str, info: ValidationInfo) -> str:
    record = info.context if isinstance(info.context, _Compiled) else None
    if record is not None and value in record.known:
        return value  # re.compile depends on the text alone: it compiled before
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"bad regular expression: {exc}") from None
    if record is not None:
        record.compiled.append(value)
    return value


#: A regular expression (checked when the file loads).
Pattern = Annotated[str, Field(min_length=1), AfterValidator(_compiles)]

M = TypeVar("M", bound="DataModel")


class DataModel(BaseModel):
    """The shape of one data file: unknown keys are errors, values are typed.

    ``data["key"]``, ``data.get("key")``, ``keys()`` and ``items()`` read the fields
    as a mapping would, so code written against the parsed YAML keeps working.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    #: The file the model describes (``<name>`` of ``data/<name>.yaml`` beside the module
    #: that defines it); empty for the models of parts of a file.
    data_file: ClassVar[str] = ""

    def keys(self) -> KeysView[str]:
        return self.as_dict().keys()

    def items(self) -> ItemsView[str, Any]:
        return self.as_dict().items()

    def as_dict(self) -> dict[str, Any]:
        """The fields by name (nested models stay models)."""
        return {name: getattr(self, name) for name in type(self).model_fields}

    def __getitem__(self, key: str) -> Any:
        if key not in type(self).model_fields:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        value = getattr(self, key, None) if key in type(self).model_fields else None
        return default if value is None else value


_read_lock = threading.Lock()
#: Every data file read through a model in this process: path → the model's name.
_validated: dict[Path, str] = {}


class DataFiles:
    """The YAML data files of one folder, each parsed and validated once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._parsed: dict[tuple[str, type[DataModel] | None], Any] = {}

    @overload
    def __call__(self, name: str) -> Any: ...

    @overload
    def __call__(self, name: str, model: type[M]) -> M: ...

    def __call__(self, name: str, model: type[DataModel] | None = None) -> Any:
        """``<folder>/<name>.yaml``: validated by ``model``, or as parsed without one."""
        key = (name, model)
        found = self._parsed.get(key)
        if found is None:
            with loading(), _read_lock:  # waiting for another thread's load is loading too
                found = self._parsed.get(key)
                if found is None:
                    found = self._parsed[key] = self._read(name, model)
        return found

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.yaml"

    def _read(self, name: str, model: type[DataModel] | None) -> Any:
        path = self.path(name)
        try:
            raw = path.read_bytes()
            text = decode(path, raw)
            if model is None:
                return YamlSource.cached(path, raw, text).data
        except OSError as exc:
            raise _error(f"{path}: cannot read the data file: {exc.strerror}") from None
        except ValueError as exc:
            raise _error(str(exc)) from None
        parsed = _validated_read(path, raw, text, name, model)
        _validated[path.resolve()] = model.__name__
        return parsed


def _validated_read(path: Path, raw: bytes, text: str, name: str, model: type[M]) -> M:
    """The file as a ``model``, its parsed data (and the patterns that compiled) read back
    from the cache folder when an earlier process validated the same bytes: parsing the
    YAML and compiling each Pattern were most of loading a data file. The model
    validates the data in every process (it may have changed since); only a pattern
    text compiled before is not compiled again."""
    fresh: list[M] = []

    def parse(_: bytes) -> dict[str, Any]:
        src = _source(path, text)
        record = _Compiled(frozenset())
        fresh.append(_validate_as(src, name, model, record))  # (raises: nothing is kept)
        return {"data": src.data, "compiled": record.compiled}

    entry = diskcache.cached(entry_name(f"data-{model.__name__}", path), raw + PARSER_KEY,
                             parse, schema=1)
    if fresh:
        return fresh[0]
    if not (isinstance(entry, dict) and isinstance(entry.get("compiled"), list)):
        parse(raw)  # (an entry of another shape: a damaged folder costs the parse only)
        return fresh[0]
    return _validate_as(YamlSource(path, text, entry["data"]), name, model,
                        _Compiled(frozenset(entry["compiled"])))


def _validate_as(src: YamlSource, name: str, model: type[M], record: _Compiled) -> M:
    if model.data_file and model.data_file != name:
        raise _error(f"{src.path}: {model.__name__} describes {model.data_file}.yaml, "
                     f"not {name}.yaml")
    return validate(src, model, record)


def _source(path: Path, text: str) -> YamlSource:
    try:
        return YamlSource(path, text)
    except ValueError as exc:
        raise _error(str(exc)) from None


def validate(src: YamlSource, model: type[M], record: _Compiled | None = None) -> M:
    """The parsed file as a ``model``; a PackError naming file, line and key if it is not one."""
    try:
        return model.model_validate(src.data if src.data is not None else {}, context=record)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = _describe(src, model, errors[0])
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise _error(first + more) from None


def validated_files() -> dict[Path, str]:
    """The data files read through a model so far (path → model name), for tests."""
    with _read_lock:
        return dict(_validated)


def _describe(src: YamlSource, model: type[DataModel], error: Any) -> str:
    loc = tuple(error.get("loc") or ())
    kind = error.get("type", "")
    if not loc:
        return f"{src.name}: expected a mapping of {', '.join(model.model_fields)}"
    where = src.where(*loc)
    if kind == "extra_forbidden":
        fields = _fields_at(model, loc[:-1])
        valid = f"; valid keys: {', '.join(fields)}" if fields else ""
        return f"{where}: unknown key{valid}"
    if kind == "missing":
        return f"{where}: missing"
    got = repr(error.get("input"))
    if len(got) > 60:
        got = got[:57] + "..."
    return f"{where}: {_plain(error.get('msg', 'invalid'))}, got {got}"


def _plain(msg: str) -> str:
    """pydantic's message in the style of the other load errors."""
    replacements = {
        "Input should be a valid string": "expected a text",
        "Input should be a valid list": "expected a list",
        "Input should be a valid dictionary": "expected a mapping",
        "Input should be a valid integer": "expected a whole number",
        "String should have at least 1 character": "expected a non-empty text",
        "Value error, ": "",
    }
    for old, new in replacements.items():
        if msg.startswith(old):
            return new + msg[len(old):]
    return msg[:1].lower() + msg[1:]


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the (nested) model at ``loc``, if it is a model."""
    current: Any = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel) \
                and str(part) in current.model_fields:
            current = current.model_fields[str(part)].annotation
        else:  # a list index or a mapping key: the model of the items, if any
            current = _item_model(current)
    found = _item_model(current)
    return list(found.model_fields) if found is not None else []


def _item_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``list[X]``, ``dict[str, X]`` or ``X`` (None if there is none)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _item_model(arg)
        if found is not None:
            return found
    return None


def _error(message: str) -> Exception:
    from .policy import PackError

    return PackError(message)
