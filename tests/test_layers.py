"""The shape of the code: the pipeline's layers, no import cycle, small files and functions.

Every module under ``src/cmqreport`` is parsed with :mod:`ast` (nothing is imported) and
every import is collected: at module level, inside functions, under ``TYPE_CHECKING``,
``import x`` and ``from x import y``, relative ones resolved, and ``import_module("x")``
with a constant name. Then:

1. nothing imports ``cmqreport.cli`` but the CLI itself and ``cmqreport.__main__``;
2. a module imports only its own layer or lower ones, in the order of :data:`LAYERS`;
3. ``model`` and ``diagnostics`` reach none of the heavy libraries (:data:`HEAVY`), not even
   through the modules they import;
4. the modules import one another without a cycle;
5. no file under ``src/`` is over 500 lines, no class over 250, no function over 60, except
   the data tables named in :data:`DATA_TABLES`;
6. the heavy libraries are imported inside the functions that use them (start-up time).

Each test prints every place that breaks its rule. The checks are functions of a source
folder: ``test_the_checks_catch_planted_violations`` runs them on a copy of the source with
one violation of each rule planted in it.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = "cmqreport"

#: The layers from top to bottom: a module may import its own layer and the lower ones.
#: ``errors`` is ``errors.py`` (its DataError carries diagnostics); ``base`` is ``epoch.py``
#: and the package's ``__init__.py``.
LAYERS = (
    "cli",
    "api",
    "write",
    "convert",
    "render",
    "analyse",
    "validate",
    "load",
    "model",
    "errors",
    "diagnostics",
    "base",
)
BASE_MODULES = {"epoch"}
#: ``python -m cmqreport``: above the CLI, may import anything, imported by nothing.
MAIN = f"{PACKAGE}.__main__"

#: Libraries that the data model and the diagnostics never need.
HEAVY = {"jinja2", "pypandoc", "openpyxl", "rich", "typer", "matplotlib"}
#: Libraries slow to import: only inside the functions that use them.
LAZY = {"openpyxl", "pypandoc", "matplotlib", "jinja2", "rapidfuzz"}

MAX_FILE_LINES = 500
MAX_CLASS_LINES = 250
MAX_FUNCTION_LINES = 60

#: Pure data tables, exempt from the size limits: ``(file under src/cmqreport, name of a
#: module- or class-level assignment) → what it is``. Their lines count neither in their
#: file nor in their class. Name a table here only when it is data, not code.
DATA_TABLES: dict[tuple[str, str], str] = {
    ("diagnostics/codes.py", "CODES"): "every diagnostic code with its documentation",
}


# --------------------------------------------------------------------------- reading the source


@dataclass(frozen=True)
class Module:
    """One module of the package."""

    name: str  # cmqreport.load.layout; a package is named by its __init__.py
    path: Path
    tree: ast.Module

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


@dataclass(frozen=True)
class Import:
    """One import statement's target, as a module name."""

    source: str  # the importing module
    target: str  # an in-package module (cmqreport.load.layout), or a library's top name
    line: int
    in_function: bool
    type_checking: bool

    @property
    def internal(self) -> bool:
        return self.target == PACKAGE or self.target.startswith(PACKAGE + ".")

    def where(self, src: Path) -> str:
        how = " (in a function)" if self.in_function else ""
        how += " (TYPE_CHECKING)" if self.type_checking else ""
        return f"{self.source} → {self.target}  [{self.source_file(src)}:{self.line}]{how}"

    def source_file(self, src: Path) -> str:
        return _module_file(self.source, src)


def _module_file(name: str, src: Path) -> str:
    rel = Path(*name.split("."))
    path = rel / "__init__.py" if (src / rel).is_dir() else rel.with_suffix(".py")
    return path.as_posix()


@cache
def modules(src: Path = SRC) -> dict[str, Module]:
    """Every module of the package under ``src``, by name."""
    found: dict[str, Module] = {}
    for path in sorted((src / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found[".".join(parts)] = Module(".".join(parts), path, tree)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _walk(node: ast.AST, in_function: bool, checking: bool) -> Iterator[tuple[ast.AST, bool, bool]]:
    """Every node under ``node``, with whether it sits in a function and whether it only
    runs for type checkers (``if TYPE_CHECKING:``; its ``else`` runs for real)."""
    for child in ast.iter_child_nodes(node):
        yield child, in_function, checking
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt, flag in [(s, True) for s in child.body] + [
                (s, checking) for s in child.orelse
            ]:
                yield stmt, in_function, flag
                yield from _walk(stmt, in_function or isinstance(stmt, _FUNCTIONS), flag)
        else:
            yield from _walk(child, in_function or isinstance(child, _FUNCTIONS), checking)


def _dynamic_import(node: ast.AST) -> str | None:
    """The module of ``importlib.import_module("x")`` or ``__import__("x")``, if constant."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    first = node.args[0]
    if name in ("import_module", "__import__") and isinstance(first, ast.Constant):
        value = first.value
        return value if isinstance(value, str) and not value.startswith(".") else None
    return None


def _internal_target(name: str, known: dict[str, Module]) -> str:
    """The module an in-package dotted name refers to: the longest existing prefix."""
    while name not in known and "." in name:
        name = name.rpartition(".")[0]
    return name


@cache
def imports(src: Path = SRC) -> tuple[Import, ...]:
    """Every import of every module of the package under ``src``."""
    known = modules(src)
    found: list[Import] = []
    for module in known.values():
        package = module.name if module.is_package else module.name.rpartition(".")[0]
        for node, in_function, checking in _walk(module.tree, False, False):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                else:
                    base = node.module or ""
                if base == PACKAGE or base.startswith(PACKAGE + "."):
                    # ``from cmqreport.load import layout`` imports the module layout
                    targets = [
                        f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                        for a in node.names
                    ]
                else:
                    targets = [base]
            elif (dynamic := _dynamic_import(node)) is not None:
                targets = [dynamic]
            for target in dict.fromkeys(targets):
                if target == PACKAGE or target.startswith(PACKAGE + "."):
                    target = _internal_target(target, known)
                else:
                    target = target.split(".")[0]
                line = getattr(node, "lineno", 0)
                found.append(Import(module.name, target, line, in_function, checking))
    return tuple(found)


# --------------------------------------------------------------------------- the rules


def layer_rank(name: str) -> int | None:
    """The rank of a module's layer (0 = cli), -1 for ``__main__``, None when it has none."""
    if name == MAIN:
        return -1
    if name == PACKAGE:
        return LAYERS.index("base")
    part = name.split(".")[1]
    if part in BASE_MODULES:
        return LAYERS.index("base")
    if part in LAYERS and part != "base":  # a stage folder, or errors.py
        return LAYERS.index(part)
    return None


def cli_importers(src: Path = SRC) -> list[str]:
    """Rule 1: imports of the CLI from outside it."""
    cli = f"{PACKAGE}.cli"
    return [
        i.where(src)
        for i in imports(src)
        if (i.target == cli or i.target.startswith(cli + "."))
        and not (i.source == cli or i.source.startswith(cli + ".") or i.source == MAIN)
    ]


def modules_without_layer(src: Path = SRC) -> list[str]:
    """Rule 2: every module belongs to a layer."""
    return [
        f"{name}  [{_module_file(name, src)}]" for name in modules(src) if layer_rank(name) is None
    ]


def upward_imports(src: Path = SRC) -> list[str]:
    """Rule 2: imports of a higher layer."""
    out = []
    for i in imports(src):
        if not i.internal:
            continue
        source, target = layer_rank(i.source), layer_rank(i.target)
        if source is None or target is None:
            continue  # reported by modules_without_layer
        if target < source:
            out.append(
                f"{LAYERS[source] if source >= 0 else 'main'} imports "
                f"{LAYERS[target] if target >= 0 else 'main'}: {i.where(src)}"
            )
    return out


def heavy_reached(
    src: Path = SRC, folders: tuple[str, ...] = ("model", "diagnostics")
) -> list[str]:
    """Rule 3: heavy libraries that ``folders`` import, directly or through other modules."""
    edges: dict[str, list[Import]] = {}
    for i in imports(src):
        edges.setdefault(i.source, []).append(i)
    out = []
    for name in modules(src):
        parts = name.split(".")
        if len(parts) < 2 or parts[1] not in folders:
            continue
        # breadth first: the shortest chain to each library
        chains: dict[str, list[str]] = {name: [name]}
        queue = [name]
        reported: set[str] = set()
        while queue:
            current = queue.pop(0)
            for i in edges.get(current, []):
                if i.internal:
                    if i.target not in chains:
                        chains[i.target] = [*chains[current], i.target]
                        queue.append(i.target)
                elif i.target in HEAVY and i.target not in reported:
                    reported.add(i.target)
                    chain = " → ".join([*chains[current], i.target])
                    out.append(
                        f"{name} reaches {i.target}: {chain}  [{i.source_file(src)}:{i.line}]"
                    )
    return out


def import_cycles(src: Path = SRC) -> list[str]:
    """Rule 4: the strongly connected components of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {name: set() for name in modules(src)}
    where: dict[tuple[str, str], Import] = {}
    for i in imports(src):
        if i.internal and i.target != i.source and i.target in graph:
            graph[i.source].add(i.target)
            where.setdefault((i.source, i.target), i)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    out = []
    for component in sorted(components):
        inside = set(component)
        links = [
            "    " + where[(a, b)].where(src) for a in component for b in sorted(graph[a] & inside)
        ]
        out.append("cycle among " + ", ".join(component) + ":\n" + "\n".join(links))
    return out


def eager_heavy_imports(src: Path = SRC) -> list[str]:
    """Rule 6: slow libraries imported when the module is imported."""
    return [
        i.where(src)
        for i in imports(src)
        if i.target in LAZY and not i.in_function and not i.type_checking
    ]


# --------------------------------------------------------------------------- sizes


def _first_line(node: ast.AST) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([getattr(node, "lineno", 0), *(d.lineno for d in decorators)])


def _length(node: ast.AST) -> int:
    return int(getattr(node, "end_lineno", 0)) - _first_line(node) + 1


@dataclass(frozen=True)
class Definition:
    """A class or function, or an assignment of a data table."""

    file: str  # under src/cmqreport
    qualname: str
    kind: str  # class, function, table
    line: int
    lines: int
    owner: str | None  # the qualname of the enclosing class or function


def _definitions(
    node: ast.AST, file: str, prefix: str, owner: str | None, in_function: bool
) -> Iterator[Definition]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            kind = "class" if isinstance(child, ast.ClassDef) else "function"
            qual = f"{prefix}{child.name}"
            yield Definition(file, qual, kind, _first_line(child), _length(child), owner)
            inner = in_function or kind == "function"
            yield from _definitions(child, file, f"{qual}.", qual, inner)
            continue
        if isinstance(child, ast.Assign | ast.AnnAssign) and not in_function:
            targets = child.targets if isinstance(child, ast.Assign) else [child.target]
            for target in targets:
                qual = f"{prefix}{getattr(target, 'id', '')}"
                if isinstance(target, ast.Name) and (file, qual) in DATA_TABLES:
                    yield Definition(file, qual, "table", child.lineno, _length(child), owner)
        yield from _definitions(child, file, prefix, owner, in_function)


def definitions(src: Path = SRC) -> list[Definition]:
    """Every class and function of the package, and every named data table."""
    found: list[Definition] = []
    for module in modules(src).values():
        rel = module.path.relative_to(src / PACKAGE).as_posix()
        found += _definitions(module.tree, rel, "", None, False)
    return found


def _text_lines(path: Path) -> int | None:
    raw = path.read_bytes()
    if b"\0" in raw:
        return None
    try:
        return len(raw.decode("utf-8").splitlines())
    except UnicodeDecodeError:
        return None


def _table_lines(defs: list[Definition], file: str, owner: str | None = None) -> int:
    return sum(
        d.lines
        for d in defs
        if d.kind == "table" and d.file == file and (owner is None or d.owner == owner)
    )


def oversized_files(src: Path = SRC) -> list[str]:
    """Rule 5: text files under ``src`` over the limit (data tables not counted)."""
    defs = definitions(src)
    out = []
    for path in sorted(p for p in src.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        lines = _text_lines(path)
        if lines is None:
            continue
        rel = (
            path.relative_to(src / PACKAGE).as_posix() if path.is_relative_to(src / PACKAGE) else ""
        )
        counted = lines - (_table_lines(defs, rel) if rel else 0)
        if counted > MAX_FILE_LINES:
            out.append(f"{path.relative_to(src.parent).as_posix()}: {counted} lines")
    return out


def oversized(kind: str, limit: int, src: Path = SRC) -> list[str]:
    """Rule 5: classes or functions over ``limit`` lines (their data tables not counted)."""
    defs = definitions(src)
    out = []
    for d in defs:
        if d.kind != kind:
            continue
        counted = d.lines - _table_lines(defs, d.file, d.qualname)
        if counted > limit:
            out.append(f"src/{PACKAGE}/{d.file}:{d.line}: {kind} {d.qualname}: {counted} lines")
    return out


def stale_tables(src: Path = SRC) -> list[str]:
    """Names of DATA_TABLES that are no assignment of their file."""
    present = {(d.file, d.qualname) for d in definitions(src) if d.kind == "table"}
    return [f"{file}: {name}" for file, name in DATA_TABLES if (file, name) not in present]


# --------------------------------------------------------------------------- the tests


def _report(title: str, problems: list[str]) -> str:
    return f"{title} ({len(problems)}):\n" + "\n".join(f"  {p}" for p in problems)


def test_the_source_is_read() -> None:
    found = modules()
    assert f"{PACKAGE}.cli.app" in found and f"{PACKAGE}.api" in found
    edges = imports()
    assert any(i.in_function for i in edges), "function-level imports are collected"
    assert any(
        i.source == f"{PACKAGE}.api.report" and i.target.startswith(f"{PACKAGE}.load")
        for i in edges
    )


def test_nothing_imports_the_cli() -> None:
    problems = cli_importers()
    assert not problems, _report("imports of cmqreport.cli from outside it", problems)


def test_every_module_belongs_to_a_layer() -> None:
    problems = modules_without_layer()
    assert not problems, _report(f"modules outside the layers {', '.join(LAYERS)}", problems)


def test_layers_import_only_lower_layers() -> None:
    problems = upward_imports()
    assert not problems, _report(f"imports of a higher layer ({' → '.join(LAYERS)})", problems)


def test_model_and_diagnostics_import_no_heavy_library() -> None:
    problems = heavy_reached()
    assert not problems, _report(f"model/diagnostics reaching {sorted(HEAVY)}", problems)


def test_no_import_cycle() -> None:
    problems = import_cycles()
    assert not problems, _report("import cycles (function-level imports included)", problems)


def test_no_file_over_500_lines() -> None:
    assert not stale_tables(), _report("DATA_TABLES naming no assignment", stale_tables())
    problems = oversized_files()
    assert not problems, _report(f"files over {MAX_FILE_LINES} lines", problems)


def test_no_class_over_250_lines() -> None:
    problems = oversized("class", MAX_CLASS_LINES)
    assert not problems, _report(f"classes over {MAX_CLASS_LINES} lines", problems)


def test_no_function_over_60_lines() -> None:
    problems = oversized("function", MAX_FUNCTION_LINES)
    assert not problems, _report(f"functions over {MAX_FUNCTION_LINES} lines", problems)


def test_slow_libraries_are_imported_inside_functions() -> None:
    problems = eager_heavy_imports()
    assert not problems, _report(f"module-level imports of {sorted(LAZY)}", problems)


# --------------------------------------------------------------------------- the checks work


def _plant(root: Path, rel: str, text: str) -> None:
    path = root / PACKAGE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(before + text, encoding="utf-8")


def test_the_checks_catch_planted_violations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("__pycache__"))
    # 1 and 2: the model imports the CLI, relatively, inside a function
    _plant(src, "model/walk.py", "\n\ndef _planted_cli():\n    from ..cli import app\n")
    # 1 and 2: the writer imports the CLI with ``import a.b.c``
    _plant(src, "write/atomic.py", "\n\ndef _planted_cli():\n    import cmqreport.cli.app\n")
    # 1: the API imports the CLI dynamically
    _plant(
        src,
        "api/report.py",
        "\n\ndef _planted():\n    importlib.import_module('cmqreport.cli.show')\n",
    )
    # 2: a module of no layer
    _plant(src, "extras.py", "X = 1\n")
    # 3: the model imports Jinja; the diagnostics reach Rich through the bottom layer
    _plant(src, "model/walk.py", "\n\ndef _planted_jinja():\n    import jinja2.sandbox\n")
    _plant(src, "errors.py", "\n\ndef _planted_rich():\n    import rich.console\n")
    _plant(
        src,
        "diagnostics/hints.py",
        "\n\ndef _planted():\n    from cmqreport.errors import CmqError\n",
    )
    # 4: a cycle, one side inside a function; 6: openpyxl imported with the module
    _plant(src, "load/planted_a.py", "import openpyxl\n\nfrom cmqreport.load import planted_b\n")
    _plant(src, "load/planted_b.py", "def f():\n    from . import planted_a\n")
    # 5: a long file, a long class, a long function; a data table may be long
    long_function = "def long():\n" + "    x = 1\n" * 60
    just_fits = "def fits():\n" + "    x = 1\n" * 59
    long_class = "class Long:\n" + "    a = 1\n" * 250
    table = "TABLE = [\n" + "    1,\n" * 600 + "]\n"
    _plant(src, "render/planted.py", long_function + long_class + just_fits + "\n" * 140)
    _plant(src, "render/planted_table.py", table)
    monkeypatch.setitem(DATA_TABLES, ("render/planted_table.py", "TABLE"), "planted")
    assert any("cmqreport.model.walk → cmqreport.cli" in p for p in cli_importers(src))
    assert any("cmqreport.write.atomic → cmqreport.cli.app" in p for p in cli_importers(src))
    assert any("cmqreport.api.report → cmqreport.cli.show" in p for p in cli_importers(src))
    assert any(p.startswith("cmqreport.extras") for p in modules_without_layer(src))
    upward = upward_imports(src)
    assert any(p.startswith("model imports cli: cmqreport.model.walk") for p in upward)
    assert any("(in a function)" in p for p in upward)
    heavy = heavy_reached(src)
    assert any(p.startswith("cmqreport.model.walk reaches jinja2") for p in heavy), heavy
    chain = "cmqreport.diagnostics.hints → cmqreport.errors → rich"
    assert any(p.startswith(f"cmqreport.diagnostics.hints reaches rich: {chain}") for p in heavy)
    cycles = import_cycles(src)
    assert any("cmqreport.load.planted_a, cmqreport.load.planted_b" in p for p in cycles)
    assert any("cmqreport.load.planted_a" in p for p in eager_heavy_imports(src))
    files = oversized_files(src)
    assert any("render/planted.py: 512 lines" in p for p in files), files
    assert not any("planted_table" in p for p in files)
    classes = oversized("class", MAX_CLASS_LINES, src)
    assert any("class Long: 251 lines" in p for p in classes), classes
    functions = oversized("function", MAX_FUNCTION_LINES, src)
    assert any("function long: 61 lines" in p for p in functions), functions
    assert not any("_planted_cli" in p for p in functions)
    assert not any("function fits" in p for p in functions)
    assert stale_tables(src) == []
    monkeypatch.setitem(DATA_TABLES, ("render/gone.py", "TABLE"), "planted")
    assert stale_tables(src) == ["render/gone.py: TABLE"]


@pytest.mark.parametrize(
    ("name", "rank"),
    [
        (f"{PACKAGE}.cli.app", 0),
        (f"{PACKAGE}.api", 1),
        (f"{PACKAGE}.load.layout", LAYERS.index("load")),
        (f"{PACKAGE}.errors", LAYERS.index("errors")),
        (f"{PACKAGE}.epoch", LAYERS.index("base")),
        (PACKAGE, LAYERS.index("base")),
        (MAIN, -1),
        (f"{PACKAGE}.extras", None),
    ],
)
def test_layer_rank(name: str, rank: int | None) -> None:
    assert layer_rank(name) == rank
