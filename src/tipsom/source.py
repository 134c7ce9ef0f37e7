"""Read one content file safely into plain data plus the source line of every node.

The recipe: bytes -> text (size, binary, UTF-8, tabs) -> YAML events (depth, aliases,
tags) -> nodes (duplicate keys) -> plain Python values and a map from path to line.
Every failure becomes a located `Problem`; nothing here raises for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

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
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path_) -> int:
        """The line of the deepest node on `path` that exists (1 if none)."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

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
    if not _scan_events(text, src):
        return src
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                src.problem((), "empty-file", "the file holds no YAML document")
                return src
            if not _check_nodes(node, (), src):
                return src
            src.data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        _yaml_problem(err, src)
    except (ValueError, OverflowError) as err:  # e.g. a timestamp like 2025-02-30
        src.problem((), "invalid-value", f"a value cannot be read: {err}")
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


def _scan_events(text: str, src: Source) -> bool:
    """One pass over the event stream: depth, aliases, tags, documents. Iterative."""
    depth = documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    src.problems.append(Problem(src.file, line, "several-documents", "the file holds more than one YAML document (a second '---'); keep one"))
                    return False
            elif isinstance(event, yaml.AliasEvent):
                src.problems.append(Problem(src.file, line, "yaml-alias", f"aliases ('*{event.anchor}') are not allowed in content files; write the value out"))
                return False
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    src.problems.append(Problem(src.file, line, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels"))
                    return False
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in SAFE_TAGS and tag != "!":
                src.problems.append(Problem(src.file, line, "unsafe-tag", f"the tag '{tag}' is not allowed; write plain values"))
                return False
    except yaml.YAMLError as err:
        _yaml_problem(err, src)
        return False
    return True


def _check_nodes(node: yaml.Node, path: Path_, src: Source) -> bool:
    """Record lines, report duplicate keys and non-scalar keys. Iterative."""
    ok = True
    stack = [(node, path)]
    while stack:
        node, path = stack.pop()
        src.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    src.problems.append(Problem(src.file, key_node.start_mark.line + 1, "bad-key", "a key must be a plain word"))
                    ok = False
                    continue
                key, line = key_node.value, key_node.start_mark.line + 1
                if key in seen:
                    src.problems.append(Problem(src.file, line, "duplicate-key", f"'{key}' is given twice (first on line {seen[key]}); keep one"))
                    ok = False
                seen.setdefault(key, line)
                stack.append((value_node, path + (key,)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (i,)) for i, item in enumerate(node.value))
    return ok


def _yaml_problem(err: yaml.YAMLError, src: Source) -> None:
    mark = getattr(err, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 1
    what = getattr(err, "problem", None) or str(err)
    if "nesting depth" in what:
        src.problems.append(Problem(src.file, line, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels"))
        return
    src.problems.append(Problem(src.file, line, "invalid-yaml", f"this is not valid YAML: {what}"))
