"""The architecture holds: imports run one way between the packages, no circle, small modules.

The import graph is read from the source with `ast` (imports inside functions and under
`TYPE_CHECKING` count too), so nothing has to be imported to check it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tipsom"

# Lowest first. A unit may import only units of a lower layer (and its own modules).
LAYERS = (
    ("tipsom.errors", "tipsom.i18n"),
    ("tipsom.law",),
    ("tipsom.content",),
    ("tipsom.quiz", "tipsom.views", "tipsom.translation"),
    ("tipsom.page",),
    ("tipsom.workbook",),
    ("tipsom.cards",),  # the answer cards' map and reader: the room uses them
    ("tipsom.handouts",),
    ("tipsom.room",),
    ("tipsom.kit", "tipsom.slides"),
    ("tipsom.cards.layout", "tipsom.programme"),  # cards.layout: printing the cards, through the kit's printer
    ("tipsom.cards.commands",),  # the cards' commands, added to the command line's groups
    ("tipsom.cli",),
    ("tipsom.__main__", "tipsom"),
)
MAX_LINES = 400


def modules(root: Path) -> dict[str, Path]:
    mods = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return mods


def imports(mods: dict[str, Path]) -> dict[str, dict[str, int]]:
    """module -> {imported module of the package: line}."""
    graph: dict[str, dict[str, int]] = {}
    for name, path in mods.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        found: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                stem = ".".join(base + ([node.module] if node.module else []))
                targets = [stem] + [f"{stem}.{a.name}" for a in node.names]
            for target in targets:
                if target in mods and target != name and not name.startswith(target + "."):
                    found.setdefault(target, node.lineno)
        graph[name] = found
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Every import circle (strongly connected component of more than one module), Tarjan."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def unit_of(name: str) -> tuple[int, str] | None:
    """The layer and unit a module belongs to (the longest unit name that contains it)."""
    best = None
    for rank, units in enumerate(LAYERS):
        for unit in units:
            inside = name == unit or (name.startswith(unit + ".") and "." in unit)  # `tipsom`: its __init__ only
            if inside and (best is None or len(unit) > len(best[1])):
                best = (rank, unit)
    return best


def problems(root: Path) -> list[str]:
    """Everything wrong with the package at `root`, each naming its file (and line)."""
    mods = modules(root)
    graph = imports(mods)
    out = []
    for comp in cycles(graph):
        files = " -> ".join(mods[m].relative_to(root.parent).as_posix() for m in comp)
        out.append(f"import circle: {files}")
    for name, targets in graph.items():
        here = unit_of(name)
        shown = mods[name].relative_to(root.parent).as_posix()
        if here is None:
            out.append(f"{shown}: not in any layer of tests/test_imports.py LAYERS; add its package there")
            continue
        for target, line in targets.items():
            there = unit_of(target)
            if there is not None and there[1] != here[1] and there[0] >= here[0]:
                out.append(f"{shown}:{line}: {here[1]} imports {target}, which is not below it")
    for path in mods.values():
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            out.append(f"{path.relative_to(root.parent).as_posix()}: {n} lines (at most {MAX_LINES})")
    return out


def test_imports_run_one_way_with_no_circle_and_small_modules():
    assert problems(SRC) == []


def test_the_top_package_is_made_of_subpackages_by_stage():
    subs = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    assert {"content", "workbook", "handouts"} <= subs


@pytest.fixture
def planted(tmp_path):
    """A copy of the package layout with one circle and one upward import planted."""
    root = tmp_path / "tipsom"
    for rel, text in {
        "__init__.py": "",
        "errors.py": "",
        "law.py": "",
        "content/__init__.py": "",
        "content/models.py": "from ..law import x\n",
        "content/checks.py": "from .load import Curriculum\n",
        "content/load.py": "from .checks import cross_check\n",
        "quiz.py": "from .content.models import Question\n",
        "views.py": "def f():\n    from .workbook.cards import Card\n",
        "workbook/__init__.py": "",
        "workbook/cards.py": "from .. import quiz\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_a_planted_circle_and_an_upward_import_are_named_by_file(planted):
    found = problems(planted)
    assert "import circle: tipsom/content/checks.py -> tipsom/content/load.py" in found
    assert "tipsom/views.py:2: tipsom.views imports tipsom.workbook.cards, which is not below it" in found
    assert len(found) == 2


def test_a_module_outside_every_layer_is_named(planted):
    (planted / "posters.py").write_text("", encoding="utf-8")
    assert "tipsom/posters.py: not in any layer of tests/test_imports.py LAYERS; add its package there" in problems(planted)
