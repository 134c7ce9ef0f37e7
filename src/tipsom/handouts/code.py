"""Which source files a document build runs, derived from the package folders (for the build
hash, so that no module can be forgotten): every module of this package, and every module of
`tipsom` they import, directly or not, with the `__init__.py` of each package on the way."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # tipsom
TOP = PACKAGE.name


@cache
def build_code() -> tuple[Path, ...]:
    """The `.py` files of `tipsom` that building a document can run, in name order."""
    mods = _modules()
    todo = [name for name in mods if name == f"{TOP}.handouts" or name.startswith(f"{TOP}.handouts.")]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # importing a.b.c runs a and a.b
        todo += _imports(name, mods)
    return tuple(mods[name] for name in sorted(seen))


def _modules() -> dict[str, Path]:
    mods = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return mods


def _imports(name: str, mods: dict[str, Path]) -> list[str]:
    """The modules of `tipsom` that module `name` imports (also inside functions)."""
    path = mods[name]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            stem = ".".join(base + ([node.module] if node.module else []))
            found += [stem] + [f"{stem}.{a.name}" for a in node.names]
    return [m for m in found if m in mods]
