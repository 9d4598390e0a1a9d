"""Reading content folders into a KnowledgeBase, reporting every problem as `file [location] message`.

Our content is loaded first; each extra folder (an organisation's own playbooks) is
loaded on top, and an entry there replaces ours when it has the same id.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import ValidationError

from knowledge.roleplay import Scenario
from knowledge.schemas import Entry

CONTENT_DIR = Path(__file__).parent / "content"
_ENV = SandboxedEnvironment()


@dataclass(frozen=True)
class Problem:
    file: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.file} [{self.location}] {self.message}"


class KnowledgeError(RuntimeError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"the knowledge base has {len(problems)} problem(s):\n{shown}{more}\n"
                         "Run `talktrack kb lint` to see them all.")


@dataclass
class LoadResult:
    entries: dict[str, Entry] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _where(index: int | None, raw: object) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    if index is None:
        return str(ident or "entry")
    return f"{index}" + (f":{ident}" if ident else "")


def _pydantic_problems(file: str, where: str, exc: ValidationError) -> list[Problem]:
    out = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e["loc"])
        msg = e["msg"]
        if e["type"] == "missing" and e["loc"] and e["loc"][-1] in ("en", "zh"):
            msg = f"missing language '{e['loc'][-1]}'"
        elif e["type"] == "extra_forbidden":
            msg = f"unknown field '{e['loc'][-1]}'"
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        out.append(Problem(file, f"{where} {loc}".strip(), msg))
    return out


def _template_problems(file: str, where: str, entry: Entry) -> list[Problem]:
    out = []
    for lang in ("en", "zh"):
        for name in ("template", "body"):
            field_ = getattr(entry, name)
            if field_ is None:
                continue
            src = field_.get(lang)
            try:
                used = meta.find_undeclared_variables(_ENV.parse(src))
            except TemplateSyntaxError as exc:
                out.append(Problem(file, f"{where} {name}.{lang}", f"template syntax error: {exc.message}"))
                continue
            for var in sorted(used - set(entry.variables)):
                out.append(Problem(file, f"{where} {name}.{lang}",
                                   f"template uses undefined variable '{var}'; declare it under variables with en and zh defaults"))
    return out


# libyaml's loader reads the shipped content ten times faster than the pure-Python one (1.3 s → 0.12 s),
# and the server reads it twice while starting; the pure-Python loader is the fallback without libyaml.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_file(path: Path, display: str) -> tuple[list[Entry | Scenario], list[Problem]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except UnicodeDecodeError:
        return [], [Problem(display, "file", "not UTF-8")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        loc = f"line {mark.line + 1}" if mark else "file"
        return [], [Problem(display, loc, f"YAML error: {getattr(exc, 'problem', None) or exc}")]
    if data is None:
        return [], [Problem(display, "file", "empty file")]
    items = data if isinstance(data, list) else [data]
    entries, problems = [], []
    for i, raw in enumerate(items):
        where = _where(i if isinstance(data, list) else None, raw)
        if not isinstance(raw, dict):
            problems.append(Problem(display, where, "an entry must be a mapping of fields"))
            continue
        model = Scenario if raw.get("kind") == "roleplay" else Entry
        try:
            entry = model.model_validate(raw)
        except ValidationError as exc:
            problems += _pydantic_problems(display, where, exc)
            continue
        expected_folder = path.parent.name
        if expected_folder != entry.kind and path.parent.parent.name == "content":
            problems.append(Problem(display, f"{where} kind", f"a {entry.kind} entry is in the {expected_folder}/ folder"))
        if isinstance(entry, Scenario):
            entries.append(entry)
            continue
        template_problems = _template_problems(display, where, entry)
        problems += template_problems
        if not template_problems:
            entries.append(entry)
    return entries, problems


def load(dirs: list[Path]) -> LoadResult:
    result = LoadResult()
    for layer, root in enumerate(dirs):
        if not root.is_dir():
            result.problems.append(Problem(str(root), "folder", "knowledge folder does not exist"))
            continue
        seen_here: dict[str, str] = {}
        for path in sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml")):
            display = _display(path)
            entries, problems = read_file(path, display)
            result.problems += problems
            for entry in entries:
                if entry.id in seen_here:
                    result.problems.append(Problem(display, entry.id, f"duplicate id (also in {seen_here[entry.id]})"))
                    continue
                seen_here[entry.id] = display
                # a later layer overrides an earlier one
                (result.scenarios if isinstance(entry, Scenario) else result.entries)[entry.id] = entry
                result.origin[entry.id] = display
    return result


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
