"""Edit a translation overlay's text, keeping every line nobody asked to change.

Trainers and translators own the overlay files, so a tool that writes one changes only the
values it must (a translation, the `strings:` block of hashes and states) and leaves the
other lines, their comments and their YAML styles, as they were. Every edit is read back:
a rendering that does not load as the intended value is replaced by a quoted one.
"""

from __future__ import annotations

import json

import yaml

from ..content.overlays import StringState

HEADER_NOTE = "# per string: the hash of the English it translates and its state (tipsom translations)"


def render_state(meta: StringState) -> str:
    """One `strings:` entry as a YAML flow mapping (hashes quoted: all digits would read as a number)."""
    parts = [f'source: "{meta.source}"', f'translation: "{meta.translation}"', f"state: {meta.state}"]
    if meta.state == "reviewed":
        parts += [f"reviewed_by: {json.dumps(meta.reviewed_by, ensure_ascii=False)}",
                  f"reviewed_on: {meta.reviewed_on.isoformat()}"]
    return "{" + ", ".join(parts) + "}"


def render_strings(strings: dict[str, StringState], order: list[str]) -> list[str]:
    lines = [f"strings:  {HEADER_NOTE}"]
    lines += [f"  {json.dumps(k, ensure_ascii=False)}: {render_state(strings[k])}" for k in order if k in strings]
    return lines


def render_text(key: str, text: str) -> list[str]:
    """`"key": value` lines of the text block, in the file's usual styles (`>-`, `|`), read back
    to be sure; a quoted string where neither holds the text exactly."""
    name = json.dumps(key, ensure_ascii=False)
    if "\n" not in text:
        tries = [[f"  {name}: >-", f"    {text}"]]
    else:
        chomp = "-" if not text.endswith("\n") else "+" if text.endswith("\n\n") else ""
        body = text[:-1] if text.endswith("\n") else text
        tries = [[f"  {name}: |{chomp}"] + [f"    {ln}" if ln else "" for ln in body.split("\n")]]
    for lines in tries:
        if _reads_as(lines, key, text):
            return lines
    return [f"  {name}: {json.dumps(text, ensure_ascii=False)}"]


def _reads_as(lines: list[str], key: str, text: str) -> bool:
    try:
        return yaml.safe_load("\n".join(["text:", *lines, ""])) == {"text": {key: text}}
    except yaml.YAMLError:
        return False


def _spans(mapping: yaml.MappingNode, last: int) -> dict[str, tuple[int, int]]:
    """key -> (first line, line after its value) of each entry of a block mapping (0-based)."""
    starts = [(k.value, k.start_mark.line) for k, _ in mapping.value]
    out = {}
    for i, (name, first) in enumerate(starts):
        out[name] = (first, starts[i + 1][1] if i + 1 < len(starts) else last)
    return out


def _trim(lines: list[str], first: int, end: int) -> int:
    """Leave blank lines and comments at the end of a span alone (they belong to what follows)."""
    while end > first + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def edit(raw: str, texts: dict[str, str], strings: dict[str, StringState]) -> str:
    """`raw` with the translations in `texts` set (added at the end of `text:` if new) and its
    `strings:` block written anew from `strings` (in text order); the legacy per-file
    `status:` and `reviewed_by:` lines are dropped, since review is per string."""
    lines = raw.split("\n")
    root = yaml.compose(raw)
    assert isinstance(root, yaml.MappingNode), "an overlay is a mapping"
    top = _spans(root, len(lines))
    body = next(v for k, v in root.value if k.value == "text")
    order = [k.value for k, _ in body.value]
    text_end = _trim(lines, top["text"][0], top["text"][1])
    spans = _spans(body, text_end)
    edits: list[tuple[int, int, list[str]]] = []
    for key, value in texts.items():
        if key in spans:
            first, end = spans[key]
            edits.append((first, _trim(lines, first, end), render_text(key, value)))
    new = [k for k in texts if k not in spans]
    if new:
        edits.append((text_end, text_end, [ln for k in new for ln in render_text(k, texts[k])]))
    order += new
    block = render_strings(strings, order)
    for name in ("status", "reviewed_by", "strings"):
        if name in top:
            first, end = top[name]
            edits.append((first, _trim(lines, first, end), []))
    text_line = top["text"][0]
    edits.append((text_line, text_line, block))
    for first, end, repl in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[first:end] = repl
    return "\n".join(lines)


def new_file(language: str, texts: dict[str, str], strings: dict[str, StringState], note: str) -> str:
    """A new overlay holding `texts`."""
    order = list(texts)
    lines = [f"# {note}", f"language: {language}", *render_strings(strings, order), "text:"]
    lines += [ln for k in order for ln in render_text(k, texts[k])]
    return "\n".join(lines) + "\n"
