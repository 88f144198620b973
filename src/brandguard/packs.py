"""Rule packs: load pack folders, gather their rules, and select what a policy turns on.

A pack is one folder holding everything it is::

    rules/tone-da/pack.yaml        name: tone-da, prefix: tone, category: tone
    rules/tone-da/clickbait.yaml   a YAML rule: extends: existence, tokens: [...]
    rules/tone-da/pressure.py      Python rules: Rule subclasses with a ``name``
    rules/tone-da/data/*.yaml      word lists the Python rules read (PackData)

``pack.yaml`` is the only place the pack's name, id prefix and category are
stated: a rule file names only itself (``tone.pressure`` is prefix + ``name``).
``extends`` names a rule kind (dispatch as in Vale's ``buildRule``). The Python
modules of a pack are imported as the package ``brandguard_packs.<name>`` (hyphens
become underscores), so they may import each other relatively.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
import threading
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from .datafiles import DataFiles
from .facets import Facet, FacetError, check_facets
from .kinds.base import DeclarativeRule, PackError, Spec
from .models import CATEGORIES
from .policy import Policy, PolicyError, did_you_mean
from .rule import Rule, message_problems
from .yamlsrc import YamlSource

#: The package that the Python modules of every pack folder are imported under.
PACKS_PACKAGE = "brandguard_packs"

_PACK_KEYS = {"name", "prefix", "description", "category", "language", "version"}


@dataclass
class PackInfo:
    """A rule pack: its name, id prefix and where it comes from."""

    name: str
    prefix: str
    description: str = ""
    path: Path | None = None
    rules: list[Rule] = field(default_factory=list)
    #: Facets the pack's Python modules declare at module level.
    facets: list[Facet[Any]] = field(default_factory=list)


#: Loaded packs by (folder, newest modification time, kinds), with the modification
#: times of the files in other packs that its rules extend.
_cache: dict[tuple[str, float, tuple[str, ...]], tuple[PackInfo, dict[Path, float]]] = {}
_cache_lock = threading.Lock()


def load_pack(folder: Path, kinds: dict[str, type[DeclarativeRule]]) -> PackInfo:
    """Load and validate one YAML pack folder (cached by modification time)."""
    folder = folder.resolve()
    meta_path = folder / "pack.yaml"
    if not meta_path.is_file():
        raise PackError(f"{folder}: not a rule pack (no pack.yaml)")
    files = sorted(p for p in folder.glob("*.y*ml") if p.name != "pack.yaml")
    modules = sorted(p for p in folder.glob("*.py") if not p.name.startswith("_"))
    data_files = sorted((folder / "data").glob("*.y*ml"))  # YAML rules may read lists there
    stamp = max([meta_path.stat().st_mtime,
                 *(p.stat().st_mtime for p in [*files, *modules, *data_files])])
    key = (str(folder), stamp, tuple(sorted(kinds)))
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and all(_mtime(p) == t for p, t in hit[1].items()):
        return hit[0]
    deps: dict[Path, float] = {}
    info = _load_pack(folder, meta_path, files, modules, kinds, deps)
    with _cache_lock:
        _cache[key] = (info, deps)
    return info


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


def _load_pack(folder: Path, meta_path: Path, files: list[Path], modules: list[Path],
               kinds: dict[str, type[DeclarativeRule]], deps: dict[Path, float]) -> PackInfo:
    meta_src = _source(meta_path)
    meta = meta_src.data
    if not isinstance(meta, dict):
        raise PackError(f"{meta_path}: expected a mapping with name and prefix")
    for k in meta:
        if k not in _PACK_KEYS:
            raise PackError(f"{meta_src.where(str(k))}: unknown key; valid keys: "
                            + ", ".join(sorted(_PACK_KEYS)))
    name = meta.get("name")
    if not isinstance(name, str) or not name:
        raise PackError(f"{meta_src.where('name')}: missing; expected the pack's name")
    prefix = str(meta.get("prefix", name))
    category = meta.get("category")
    if category is not None and category not in CATEGORIES:
        raise PackError(f"{meta_src.where('category')}: expected one of "
                        f"{', '.join(CATEGORIES)}, got {category!r}")
    info = PackInfo(name=name, prefix=prefix, description=str(meta.get("description", "")),
                    path=folder)
    seen: dict[str, Path] = {}
    for path in files:
        src = _source(path)
        data = src.data
        if not isinstance(data, dict):
            raise PackError(f"{path}: expected a mapping (a rule with extends, summary, …)")
        kind_name = data.get("extends")
        if kind_name not in kinds and isinstance(kind_name, str) and "." in kind_name:
            data, base = _inherit(folder, src, data, kind_name, kinds)
            deps[base] = _mtime(base)
            kind_name = data["extends"]
        if kind_name not in kinds:
            raise PackError(f"{src.where('extends')}: unknown rule kind {kind_name!r}; valid: "
                            + ", ".join(sorted(kinds)))
        if category is not None:
            data = {"category": category, **data}
        elif "category" not in data:
            raise PackError(f"{src.where('category')}: missing; expected one of {', '.join(CATEGORIES)}")
        rule: Rule = kinds[kind_name].from_spec(data, src, name, f"{prefix}.{path.stem}")
        if rule.id in seen:
            raise PackError(f"{src.where('id')}: duplicate rule id {rule.id!r} (also in {seen[rule.id]})")
        seen[rule.id] = path
        info.rules.append(rule)
    for rule in _python_rules(folder, modules, name, prefix, category, meta_src, info.facets):
        if rule.id in seen:
            raise PackError(f"{rule.source}: duplicate rule id {rule.id!r} (also in {seen[rule.id]})")
        seen[rule.id] = Path(rule.source)
        info.rules.append(rule)
    return info


#: Keys a rule does not inherit from the rule it extends: its own identity and tests.
_NOT_INHERITED = {"id", "category", "examples"}


def _inherit(folder: Path, src: YamlSource, data: dict[str, Any], base_id: str,
             kinds: dict[str, type[DeclarativeRule]]) -> tuple[dict[str, Any], Path]:
    """A variant of another YAML rule (``extends: tone.repeated-punctuation``): the base
    rule's keys, overridden by the variant's. The base is the file ``<name>.yaml`` of
    the pack (this one or one beside it) whose prefix starts the id."""
    base_path = None
    for pack_dir in sorted({folder, *(p for p in folder.parent.iterdir() if p.is_dir())}):
        meta_path = pack_dir / "pack.yaml"
        if not meta_path.is_file():
            continue
        meta = _source(meta_path).data
        if not isinstance(meta, dict) or not meta.get("name"):
            continue
        prefix = str(meta.get("prefix", meta["name"]))
        candidate = pack_dir / f"{base_id[len(prefix) + 1:]}.yaml"
        if base_id.startswith(prefix + ".") and candidate.is_file():
            base_path = candidate
            break
    if base_path is None or base_path.resolve() == src.path.resolve():
        raise PackError(f"{src.where('extends')}: unknown rule kind or rule {base_id!r}; kinds: "
                        + ", ".join(sorted(kinds)) + "; a rule is found as <name>.yaml in the "
                        "pack (beside this one) whose prefix starts its id")
    base = _source(base_path).data
    if not isinstance(base, dict) or base.get("extends") not in kinds:
        raise PackError(f"{src.where('extends')}: {base_id!r} ({base_path}) does not extend a "
                        "rule kind; a rule may extend a kind, or a rule that extends a kind")
    # Word lists the base reads from its pack's data files are read now, from that pack.
    base_spec = Spec(base, _source(base_path))
    merged = {k: _read_data_refs(base_spec, k, v) for k, v in base.items() if k not in _NOT_INHERITED}
    merged.update((k, v) for k, v in data.items() if k != "extends")
    return merged, base_path


def _read_data_refs(spec: Spec, key: str, value: Any) -> Any:
    """``value`` with every ``{data: file, key: list}`` in it replaced by that list."""
    if isinstance(value, dict):
        if set(value) == {"data", "key"}:
            return spec.words(key)
        sub = Spec(value, spec.src, (*spec.path, key))
        return {k: _read_data_refs(sub, str(k), v) for k, v in value.items()}
    return value


def _python_rules(folder: Path, modules: list[Path], pack: str, prefix: str,
                  category: str | None, meta_src: YamlSource,
                  facets: list[Facet[Any]]) -> list[Rule]:
    """Instances of the Rule subclasses (with a ``name``) that a pack's modules define."""
    if not modules:
        return []
    package = _pack_package(folder, pack)
    out: list[Rule] = []
    for path in modules:
        try:
            module = importlib.import_module(f"{package}.{path.stem}")
        except PackError:
            raise
        except Exception as exc:  # a broken module must say which file it is
            raise PackError(f"{path}: cannot import: {type(exc).__name__}: {exc}") from exc
        facets.extend(f for f in vars(module).values() if isinstance(f, Facet))
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and issubclass(cls, Rule) and cls.__module__ == module.__name__
                    and cls.__dict__.get("name")):
                continue
            if "id" in cls.__dict__ and cls.__dict__["id"] != f"{prefix}.{cls.name}":
                raise PackError(f"{path}: {cls.__qualname__}: a rule in a pack folder states its "
                                "name only; the id prefix comes from pack.yaml")
            if category is None and not cls.__dict__.get("category"):
                raise PackError(f"{meta_src.where('category')}: missing; the Python rule "
                                f"{cls.__qualname__} in {path.name} needs a category")
            cls.id = f"{prefix}.{cls.name}"
            cls.pack = pack
            if not cls.__dict__.get("category"):
                cls.category = category or ""
            rule = cls()
            rule.source = str(path)
            _check_python_rule(rule)
            out.append(rule)
    return out


def _pack_package(folder: Path, pack: str) -> str:
    """Register the pack folder as the package ``brandguard_packs.<pack>``; its name."""
    if PACKS_PACKAGE not in sys.modules:
        root = types.ModuleType(PACKS_PACKAGE, "Python modules of the loaded rule packs.")
        root.__path__ = []
        sys.modules[PACKS_PACKAGE] = root
    name = f"{PACKS_PACKAGE}.{pack.replace('-', '_').replace('.', '_')}"
    existing = sys.modules.get(name)
    if existing is not None:
        if list(getattr(existing, "__path__", [])) != [str(folder)]:
            raise PackError(f"{folder}: pack name {pack!r} is already used by "
                            f"{next(iter(existing.__path__))}")
        return name
    spec = importlib.util.spec_from_loader(name, loader=None, is_package=True)
    assert spec is not None  # spec_from_loader returns a spec for a named module
    spec.submodule_search_locations = [str(folder)]
    package = importlib.util.module_from_spec(spec)
    package.__path__ = [str(folder)]
    sys.modules[name] = package
    return name


class PackData(DataFiles):
    """The data files of one pack folder: ``data/<name>.yaml``, each parsed once.

    A pack's Python module creates one at import time, next to its rules, and
    names the model (a :class:`~brandguard.datafiles.DataModel`) that validates
    a file where it reads it::

        DATA = PackData.beside(__file__)
        ...
        words = DATA("profanity", ProfanityData).mild

    A wrong type or an unknown key in the file is a PackError naming the file,
    the line and the key. The parsed data is shared, so callers must not change it.
    """

    @classmethod
    def beside(cls, module_file: str) -> PackData:
        return cls(Path(module_file).resolve().parent / "data")


def _source(path: Path) -> YamlSource:
    try:
        return YamlSource.cached(path)
    except ValueError as exc:
        raise PackError(str(exc)) from None


@dataclass
class Registry:
    """Everything the installed plugins offer: kinds, packs, rules, formatters, ledgers."""

    kinds: dict[str, type[DeclarativeRule]]
    packs: dict[str, PackInfo]
    rules: dict[str, Rule]
    formatters: dict[str, Any]
    ledgers: dict[str, Any]
    facets: dict[str, Facet[Any]] = field(default_factory=dict)

    @classmethod
    def build(cls, pm: pluggy.PluginManager, policy: Policy | None = None) -> Registry:
        kinds: dict[str, type[DeclarativeRule]] = {}
        for result in pm.hook.brandguard_rule_kinds():
            for name, kind in (result or {}).items():
                if name in kinds and kinds[name] is not kind:
                    raise PackError(f"rule kind {name!r} is registered twice")
                kinds[name] = kind
        packs: dict[str, PackInfo] = {}
        rules: dict[str, Rule] = {}

        def add_pack(info: PackInfo) -> None:
            if info.name in packs and packs[info.name].path != info.path:
                raise PackError(f"{info.path}: pack name {info.name!r} is already used by "
                                f"{packs[info.name].path}")
            packs[info.name] = info  # shared with the load cache: never mutate it
            for rule in info.rules:
                add_rule(rule)

        def add_rule(rule: Rule) -> None:
            if rule.id in rules and rules[rule.id] is not rule:
                raise PackError(f"{rule.source}: duplicate rule id {rule.id!r} "
                                f"(also in {rules[rule.id].source})")
            rules[rule.id] = rule

        for result in pm.hook.brandguard_rule_packs():
            for folder in result or []:
                add_pack(load_pack(Path(folder), kinds))
        for result in pm.hook.brandguard_rules():
            for rule in result or []:
                _check_python_rule(rule)
                add_rule(rule)
                if rule.pack and rule.pack not in packs:
                    packs[rule.pack] = PackInfo(name=rule.pack, prefix=rule.id.split(".")[0])
        if policy is not None:
            for i, entry in enumerate(policy.packs or []):
                folder = _pack_folder(entry, policy, i)
                if folder is not None:
                    add_pack(load_pack(folder, kinds))
        formatters: dict[str, Any] = {}
        for result in pm.hook.brandguard_formatters():
            formatters.update(result or {})
        ledgers: dict[str, Any] = {}
        for result in pm.hook.brandguard_ledgers():
            ledgers.update(result or {})
        declared: list[Facet[Any]] = []
        for result in pm.hook.brandguard_facets():
            declared.extend(result or [])
        for info in packs.values():
            declared.extend(info.facets)
        try:
            facets = check_facets(declared)
        except FacetError as exc:
            raise PackError(str(exc)) from None
        return cls(kinds, packs, rules, formatters, ledgers, facets)

    def enabled_packs(self, policy: Policy) -> set[str]:
        """Names of the packs a policy turns on (all of them when it lists none)."""
        if policy.packs is None:
            return set(self.packs)
        out: set[str] = set()
        for i, entry in enumerate(policy.packs):
            folder = _pack_folder(entry, policy, i)
            if folder is not None:
                out.update(name for name, p in self.packs.items() if p.path == folder.resolve())
            elif entry in self.packs:
                out.add(entry)
            else:
                raise PolicyError(f"{policy.where('packs', i)}: packs: unknown pack {entry!r}"
                                  f"{did_you_mean(entry, self.packs)}; "
                                  f"installed: {', '.join(sorted(self.packs))}")
        return out

    def resolve_override_key(self, key: str, policy: Policy) -> str:
        """What a ``rules:`` key names: ``rule``, ``pack``, ``category`` or ``prefix``."""
        if key in self.rules:
            return "rule"
        if key in self.packs:
            return "pack"
        if key in CATEGORIES:
            return "category"
        if key.endswith(".*") and any(r.startswith(key[:-1]) for r in self.rules):
            return "prefix"
        hint = did_you_mean(key, [*self.rules, *self.packs, *CATEGORIES])
        raise PolicyError(f"{policy.where('rules', key, key=True)}: rules.{key}: "
                          f"unknown rule, pack or category{hint}")


def _pack_folder(entry: str, policy: Policy, index: int = 0) -> Path | None:
    """A ``packs:`` entry that is a folder (relative to the policy file), else None."""
    looks_like_path = "/" in entry or "\\" in entry or entry.startswith(".")
    base = policy.base_dir or Path.cwd()
    candidate = (base / entry) if not Path(entry).is_absolute() else Path(entry)
    if looks_like_path:
        if not (candidate / "pack.yaml").is_file():
            raise PolicyError(f"{policy.where('packs', index)}: packs: {entry!r} is not a rule pack folder "
                              f"(no pack.yaml in {candidate})")
        return candidate
    return None


def _check_python_rule(rule: Any) -> None:
    if not isinstance(rule, Rule):
        raise PackError(f"brandguard_rules returned {rule!r}, expected a brandguard.Rule instance")
    where = f"{type(rule).__module__}.{type(rule).__qualname__}"
    problems = []
    if not rule.id or "." not in rule.id:
        problems.append("an id like 'pack.rule-name'")
    if rule.category not in CATEGORIES:
        problems.append(f"a category ({', '.join(CATEGORIES)})")
    if rule.severity not in ("info", "warning", "error"):
        problems.append("a severity (info, warning, error)")
    if not rule.summary or not rule.rationale:
        problems.append("a summary and a rationale")
    if not rule.message.get("da") or not rule.message.get("en"):
        problems.append("a Danish and an English message")
    if problems:
        raise PackError(f"{where}: the rule needs {', '.join(problems)}")
    wrong = message_problems(rule)
    if wrong:
        raise PackError(f"{where}: {'; '.join(wrong)}")
    if not rule.source:
        rule.source = type(rule).__module__
