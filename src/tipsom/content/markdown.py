"""Content Markdown as HTML: the one way text a trainer wrote becomes HTML, in print and in notebooks.

What content Markdown may hold, and what it becomes (AUTHORING.md, "Markdown"):
- CommonMark with tables and strikethrough. Raw HTML never passes: it prints as text.
- A link prints its text and then its address as plain text ("the FIA (https://fia.gov.pk)"):
  nothing from content is a link, so nothing a reader taps or a renderer follows leaves the page.
- An image shows only when it names a file shipped in the project's `curriculum/images/`,
  written `![Route map](images/route.png)`: a regular PNG, JPEG or SVG file under
  `MAX_IMAGE_BYTES` inside that folder (no `..`, no absolute path, no link out of it; an SVG
  that refers to nothing outside itself). It is embedded as a `data:` URL. Any other image
  prints its description.
- Markdown nested deeper than `MAX_NESTING` levels (lists in lists, quotes in quotes) would
  lose the rest of its text in markdown-it: such a text prints as plain paragraphs instead.
Last, nh3 cleans the HTML against an allow-list: no `<a>`, and no `<img>` but a `data:` image.

`to_html(text, root)` renders; `findings(text, root)` is what `tipsom check` reports of a
text (images, raw HTML, nesting), each with its line in the text (from 0).
"""

from __future__ import annotations

import base64
import html
import re
import stat
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

MAX_NESTING = 20  # markdown-it's CommonMark limit: a list level takes two, a quote one
MAX_LIST_LEVELS = MAX_NESTING // 2 - 1
MAX_IMAGE_BYTES = 1_000_000
IMAGE_FOLDER = "curriculum/images"
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
IMAGE_SRC = re.compile(r"images/(?:[A-Za-z0-9][\w.-]*/)*[A-Za-z0-9][\w.-]*\.(png|jpe?g|svg)", re.ASCII | re.I)
DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+")
SVG_OUTSIDE = re.compile(rb"(?:href|src)\s*=\s*[\"'](?!#)|url\(\s*[\"']?(?!#)|@import|<!ENTITY|<!DOCTYPE|<script|<foreignObject", re.I)
UNSHOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^\s)>]+)")  # image syntax markdown-it refused (file:, javascript:)
MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)|>")
LEADING = re.compile(r"^[ \t]*(?:(?:(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)|>)[ \t]*)+", re.M)  # the markers a line starts with
EXTERNAL = ("http://", "https://", "mailto:")
TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
        "em", "strong", "del", "s", "table", "thead", "tbody", "tr", "th", "td", "img"}
ATTRIBUTES = {"ol": {"start"}, "img": {"src", "alt"}}


class Finding(NamedTuple):
    """One thing `tipsom check` reports in a text: its line in the text (from 0), rule, message."""

    line: int
    rule: str
    message: str


def _parser(raw_html: bool) -> MarkdownIt:
    """CommonMark + tables + strikethrough, noting in `env["too_deep"]` the first line the
    nesting limit would drop (markdown-it skips the rest of such a block without a word)."""
    md = MarkdownIt("commonmark", {"html": raw_html, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    tokenize = md.block.tokenize

    def guarded(state, start: int, end: int) -> None:
        if state.level >= state.md.options.maxNesting:
            line = state.skipEmptyLines(start)
            if line < end and state.sCount[line] >= state.blkIndent:
                state.env.setdefault("too_deep", line)
        tokenize(state, start, end)

    md.block.tokenize = guarded  # type: ignore[method-assign]
    return md


_RENDER = _parser(raw_html=False)
_SCAN = _parser(raw_html=True)  # for the check only: finds raw HTML as HTML


def to_html(text: str | None, root: Path | str | None = None) -> str:
    """Content Markdown as safe HTML; images embedded from `root`'s curriculum/images/ (none without a root)."""
    env: dict = {}
    tokens = _RENDER.parse(text or "", env)
    if "too_deep" in env:
        return plain(text or "")
    for tok in tokens:
        if tok.children:
            tok.children = _inline(tok.children, Path(root) if root else None)
    return clean(_RENDER.renderer.render(tokens, _RENDER.options, env))


def plain(text: str) -> str:
    """Text as escaped paragraphs, line breaks kept: nothing dropped, no markup."""
    paras = re.split(r"\n\s*\n", text.strip())
    return "".join(f"<p>{html.escape(p.strip()).replace(chr(10), '<br>')}</p>\n" for p in paras if p.strip())


def clean(markup: str) -> str:
    """The allow-list every content HTML passes last: plain markup, `data:` images only."""
    return nh3.clean(markup, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=_attribute,
                     url_schemes={"data"}, url_relative="deny", link_rel=None)


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        return value if DATA_IMAGE.fullmatch(value) else None
    return value


def _inline(children: list[Token], root: Path | None) -> list[Token]:
    """Links become their text and address; images embed a shipped file or print their description."""
    out: list[Token] = []
    links: list[tuple[str, int]] = []
    for tok in children:
        if tok.type == "link_open":
            links.append((str(tok.attrGet("href") or ""), len(out)))
        elif tok.type == "link_close":
            href, start = links.pop() if links else ("", len(out))
            shown = "".join(t.content for t in out[start:])
            if href.startswith(EXTERNAL) and shown.strip() not in (href, href.removeprefix("mailto:")):
                out.append(_text(f" ({href})"))
        elif tok.type == "image":
            path = image_file(root, str(tok.attrGet("src") or ""))[0] if root else None
            if path is None:
                out.append(_text(tok.content))
            else:
                tok.attrSet("src", data_url(path))
                out.append(tok)
        else:
            out.append(tok)
    return out


def _text(content: str) -> Token:
    tok = Token("text", "", 0)
    tok.content = content
    return tok


def image_file(root: Path, src: str) -> tuple[Path | None, str]:
    """The shipped file an image names, or None and why it cannot be shown."""
    if re.match(r"[a-z][a-z0-9+.-]*:|//", src, re.I):
        return None, f"'{src}' is an address: images are never fetched; ship the file in {IMAGE_FOLDER}/"
    if not IMAGE_SRC.fullmatch(src):
        return None, f"'{src}' is not a file in {IMAGE_FOLDER}/: write images/<name>.png, .jpg or .svg"
    folder, path = Path(root) / IMAGE_FOLDER, Path(root) / "curriculum" / src
    try:
        real, base = path.resolve(strict=True), folder.resolve(strict=True)
        info = real.stat()
    except (OSError, RuntimeError):
        return None, f"'{src}' is not a file in {IMAGE_FOLDER}/"
    if not real.is_relative_to(base) or not base.is_relative_to(Path(root).resolve()):
        return None, f"'{src}' leads out of {IMAGE_FOLDER}/ (a link); put the file itself there"
    if not stat.S_ISREG(info.st_mode):
        return None, f"'{src}' is not a regular file"
    if info.st_size > MAX_IMAGE_BYTES:
        return None, f"'{src}' is {info.st_size:,} bytes; images stay under {MAX_IMAGE_BYTES:,}"
    if _sniff(real, info.st_mtime_ns, info.st_size) != IMAGE_TYPES[src.rsplit(".", 1)[1].lower()]:
        return None, f"'{src}' is not the PNG, JPEG or self-contained SVG its name says"
    return real, ""


@lru_cache(maxsize=64)
def _sniff(path: Path, mtime: int, size: int) -> str | None:
    """The type the file's bytes say, or None (an SVG that refers outside itself is None)."""
    data = path.read_bytes()[:MAX_IMAGE_BYTES]
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if b"<svg" in data[:4096] and not SVG_OUTSIDE.search(data):
        return "image/svg+xml"
    return None


@lru_cache(maxsize=64)
def _encoded(path: Path, mtime: int, size: int) -> str:
    kind = _sniff(path, mtime, size)
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def data_url(path: Path) -> str:
    info = path.stat()
    return _encoded(path, info.st_mtime_ns, info.st_size)


def findings(text: str, root: Path | str) -> list[Finding]:
    """What `tipsom check` reports of one content text: too deep, raw HTML, images not shipped."""
    if not _worth_parsing(text):
        return []
    env: dict = {}
    tokens = _SCAN.parse(text, env)
    found = []
    if "too_deep" in env:
        found.append(Finding(env["too_deep"], "markdown-too-deep",
                             f"lists or quotes nest too deep here (at most {MAX_LIST_LEVELS} list levels): the text would print without its Markdown"))
    for block in tokens:
        line = block.map[0] if block.map else 0
        if block.type == "html_block":
            found.append(Finding(line, "raw-html", f"raw HTML {_short(block.content)} is not shown; write Markdown"))
        for tok in block.children or []:
            if tok.type in ("softbreak", "hardbreak"):
                line += 1
            elif tok.type == "text" and (m := UNSHOWN_IMAGE.search(tok.content)):
                found.append(Finding(line, "content-image", f"'{m[1]}' cannot be an image: only files in {IMAGE_FOLDER}/ are"))
            elif tok.type == "html_inline":
                found.append(Finding(line, "raw-html", f"raw HTML {_short(tok.content)} is not shown; write Markdown"))
            elif tok.type == "image":
                why = image_file(Path(root), str(tok.attrGet("src") or ""))[1]
                if why:
                    found.append(Finding(line, "content-image", why))
    return found


def _worth_parsing(text: str) -> bool:
    """Cheap and sound: an image needs '!', raw HTML '<', and text too deep at least
    MAX_NESTING / 2 list or quote markers where a line starts (each level opens with one)."""
    if "!" in text or "<" in text:
        return True
    return sum(len(MARKER.findall(m[0])) for m in LEADING.finditer(text)) >= MAX_NESTING // 2


def _short(markup: str) -> str:
    markup = " ".join(markup.split())
    return repr(markup if len(markup) <= 40 else markup[:37] + "...")
