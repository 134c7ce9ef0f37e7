"""Read one content file safely into plain data plus the source line of every node.

The recipe: bytes -> text (size, binary, UTF-8, tabs) -> YAML nodes (libyaml) -> plain
Python values, checking each node once (depth, aliases, tags, duplicate keys) and keeping
a map from path to line.
Every failure becomes a located `Problem`; nothing here raises for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]


@dataclass
class Source:
    """A file's data, the line of each node (by path), and what went wrong reading it."""

    file: str
    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    blocks: dict[Path_, int] = field(default_factory=dict)  # a `|` text's first line, by path
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path_) -> int:
        """The line of the deepest node on `path` that exists (1 if none)."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def text_line(self, path: Path_, offset: int) -> int:
        """The line of line `offset` (from 0) of the text at `path`: exact in a `|` block,
        else the line where the text starts."""
        path = tuple(path)
        return self.blocks[path] + offset if path in self.blocks else self.line_of(path)

    def problem(self, path: Path_, rule: str, message: str) -> Problem:
        found = Problem(self.file, self.line_of(path), rule, message)
        self.problems.append(found)
        return found


def read_file(path: Path, shown_as: str | None = None) -> Source:
    """Read a YAML file; `shown_as` is the name used in messages."""
    name = shown_as or str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        src = Source(name)
        src.problem((), "unreadable", f"cannot read the file ({err.strerror})")
        return src
    return read_bytes(raw, name)


def read_bytes(raw: bytes, name: str) -> Source:
    """Read YAML from bytes; see the module docstring for the steps."""
    src = Source(name)
    text = _decode(raw, src)
    if text is None:
        return src
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        src.problem((), "empty-file", "the file is empty")
        return src
    for number, ln in enumerate(text.splitlines(), 1):
        indent = ln[: len(ln) - len(ln.lstrip(" \t"))]
        if "\t" in indent:
            src.problems.append(Problem(name, number, "tab-indent", "a tab is used for indentation; use spaces"))
            return src
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()  # libyaml composes; aliases stay shared nodes
            if node is None:
                src.problem((), "empty-file", "the file holds no YAML document")
                return src
            src.data = _Builder(src, loader).build(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        _yaml_problem(err, src)
    return src


def _decode(raw: bytes, src: Source) -> str | None:
    if len(raw) > MAX_BYTES:
        src.problem((), "too-large", f"the file is {len(raw):,} bytes; content files stay under {MAX_BYTES:,}")
        return None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        src.problems.append(Problem(src.file, line, "binary-file", "this is not a text file (it holds a NUL byte)"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        src.problems.append(Problem(src.file, line, "not-utf8", f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as UTF-8"))
        return None
    return text.removeprefix("\ufeff")


class _Bad(Exception):
    """Stop building: the problem is already recorded."""


class _Builder:
    """Nodes -> plain values, checking each node once: depth, aliases, tags, keys, values."""

    def __init__(self, src: Source, loader: Any):
        self.src, self.loader, self.seen = src, loader, set()

    def build(self, node: yaml.Node) -> Any:
        try:
            return self._value(node, (), 1, node.start_mark.line + 1)
        except _Bad:
            return None

    def _fail(self, line: int, rule: str, message: str) -> None:
        self.src.problems.append(Problem(self.src.file, line, rule, message))
        raise _Bad

    def _value(self, node: yaml.Node, path: Path_, depth: int, line: int) -> Any:
        if id(node) in self.seen:
            self._fail(line, "yaml-alias", f"aliases ('*{getattr(node, 'anchor', None) or 'name'}') are not allowed in content files; write the value out")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self._fail(node.start_mark.line + 1, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels")
        if node.tag not in SAFE_TAGS and node.tag != "!":
            self._fail(node.start_mark.line + 1, "unsafe-tag", f"the tag '{node.tag}' is not allowed; write plain values")
        self.src.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self._value(item, path + (i,), depth + 1, node.start_mark.line + 1) for i, item in enumerate(node.value)]
        if node.style == "|":
            self.src.blocks[path] = node.start_mark.line + 2
        try:
            return self.loader.yaml_constructors[node.tag](self.loader, node)
        except (ValueError, OverflowError) as err:  # e.g. a timestamp like 2025-02-30
            self._fail(node.start_mark.line + 1, "invalid-value", f"'{node.value}' cannot be read: {err}")

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict:
        out: dict = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in SAFE_TAGS:
                self._fail(line, "bad-key", "a key must be a plain word")
            if key_node.value in first:
                self._fail(line, "duplicate-key", f"'{key_node.value}' is given twice (first on line {first[key_node.value]}); keep one")
            first[key_node.value] = line
            key = self._value(key_node, path + ("<key>",), depth, line)
            out[key] = self._value(value_node, path + (key,), depth + 1, line)
        return out


def _yaml_problem(err: yaml.YAMLError, src: Source) -> None:
    mark = getattr(err, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 1
    what = getattr(err, "problem", None) or str(err)
    if "another document" in what or "single document" in what:
        src.problems.append(Problem(src.file, line, "several-documents", "the file holds more than one YAML document (a second '---'); keep one"))
        return
    if "nesting depth" in what:
        src.problems.append(Problem(src.file, line, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels"))
        return
    src.problems.append(Problem(src.file, line, "invalid-yaml", f"this is not valid YAML: {what}"))
