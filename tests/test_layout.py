"""The layout is the documentation: stages import only the stages below them, no module imports
itself back through others, and no module grows past what a reader takes in at once.

Read from the source with :mod:`ast` (nothing is imported), so the test sees every import,
including those inside functions (imported lazily for start-up time: still a dependency).
Imports under ``if TYPE_CHECKING:`` are left out: they exist for the type checker only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cdc"

#: The stages, lowest first: a module may import its own stage and those before it, never one
#: after it. ``cache`` serves only ``api`` (the commands' orchestration), ``api`` only the
#: public face and the command line.
STAGES = (
    "core",
    "model",
    "analysis",
    "grid",
    "scoring",
    "reading",
    "contract",
    "execution",
    "consultation",
    "linting",
    "rendering",
    "init",
    "cache",
    "api",
    "__init__",
    "cli",
    "__main__",
)

#: Past this many lines a module wants splitting (the brief says ~500).
MAX_LINES = 520


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _stage(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The cdc modules ``module`` imports (a ``from pkg import name`` of a submodule counts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "cdc")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "cdc":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {m for m in found if m != module}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_every_top_level_module_or_folder_is_a_known_stage() -> None:
    names = {p.stem if p.suffix == ".py" else p.name for p in PACKAGE.iterdir()}
    names = {n for n in names if not n.startswith((".", "_")) or n in ("__init__", "__main__")}
    names.discard("__pycache__")
    assert names - set(STAGES) == set(), "add the new stage to STAGES (and to the README table)"


def test_no_stage_imports_a_later_stage(graph: dict[str, set[str]]) -> None:
    order = {stage: n for n, stage in enumerate(STAGES)}
    climbs = [
        f"{module} imports {target}"
        for module, targets in graph.items()
        for target in sorted(targets)
        if order[_stage(target)] > order[_stage(module)]
    ]
    assert climbs == []


def test_no_import_circles(graph: dict[str, set[str]]) -> None:
    # Tarjan's strongly connected components; a package's __init__ importing its own
    # submodules (to offer them) is how Python packages work, not a circle.
    def edges(module: str) -> set[str]:
        return {t for t in graph.get(module, ()) if not module.startswith(t + ".")}

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges(v)):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert circles == []


def test_no_module_is_too_long_to_read() -> None:
    long = {
        str(path.relative_to(PACKAGE.parent)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_stage_packages_say_what_enters_and_leaves() -> None:
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{folder.name}/__init__.py needs a docstring"


#: What the command line may import at run time besides the API: plumbing (core) and the
#: enums Typer needs to declare ``cdc init``'s options before any command runs.
CLI_MAY_IMPORT = ("core", "api", "__init__", "cli")
CLI_OPTION_ENUMS = {"cdc.init.catalog"}


def test_the_command_line_calls_only_the_api(graph: dict[str, set[str]]) -> None:
    """The CLI parses options, calls :mod:`cdc.api` and prints: a stage reached directly from a
    command is work done outside the library, which the API's users would not get."""
    direct = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if _stage(module) == "cli"
        for target in targets
        if _stage(target) not in CLI_MAY_IMPORT and target not in CLI_OPTION_ENUMS
    )
    assert direct == []
