"""A text layer for right-to-left words that copying, searching and screen readers read right.

Nastaliq draws a word as a cascade: each letter a little higher than the one after it, a
final yeh sweeping back under the letters before it. Chromium (Skia) writes each glyph at the
place it is drawn and each cluster's letters as its ActualText, so a reader that places text
by where it is drawn (poppler's `pdftotext`, and with it most search and copy) sees a raised
letter on another line and spaces inside words: of the Urdu printed, about 80% of its 4-letter
sequences came back.

`anchored(pdf)` keeps every visible glyph as it is and gives each right-to-left run of text
(Skia's `/ReversedChars` text objects) a second, invisible copy of its letters (text render
mode 3) on the run's baseline, one after another across the run's width, in the order they
are drawn (right-to-left text is written reversed, as Skia does, and marked so); each letter
is its own ActualText, shown with a glyph the font maps to no text, so a reader that ignores
ActualText gets nothing from the copy. The visible glyphs get an empty ActualText: their
letters come from the copy only. The page looks the same, pixel for pixel (tested).

Anything not written the way Skia writes it (another operator in the run, a literal string,
a second text matrix, a cross-reference stream) is left as it is.
"""

from __future__ import annotations

import io
import re
import zlib
from typing import NamedTuple

from pypdf import PdfReader
from pypdf.generic import IndirectObject

REVERSED = b"/ReversedChars BMC"
RUN = re.compile(rb"BT\n/ReversedChars BMC\n(.*?)\nEMC\nET", re.S)
NUM = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
# The lines of a run as Skia writes them: glyphs (after a move), a cluster's letters, its end,
# the font, the text matrix, a move; any other line leaves the run as it is.
LINE = re.compile(rb"(?:(?:(?P<x>%s) (?P<y>%s) Td ?)?(?:<(?P<glyphs>[0-9A-Fa-f]+)> Tj)?"
                  rb"|/Span<</ActualText <(?P<actual>[0-9A-Fa-f]*)> >> BDC|(?P<emc>EMC)"
                  rb"|(?P<font>/[^\s/<>\[\]()]+) (?P<size>%s) Tf|(?P<tm>%s(?: %s){5}) Tm)" % ((NUM,) * 5))


def anchored(pdf: bytes) -> bytes:
    """The PDF with a baseline text layer under every right-to-left run (see the module)."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        streams = {}
        for page in reader.pages:
            ref = page.raw_get("/Contents") if "/Contents" in page else None
            if not isinstance(ref, IndirectObject):
                continue  # no contents, or an array of streams: not Skia's way
            fonts = _fonts(page)
            data = ref.get_object().get_data()
            if REVERSED in data:
                new = RUN.sub(lambda m, fonts=fonts: _run(m, fonts), data)
                if new != data:
                    streams[ref.idnum] = new
        return _replaced(pdf, streams) if streams else pdf
    except Exception:  # a PDF not written the way this module reads: leave it as printed
        return pdf


class _Font(NamedTuple):
    widths: dict[int, float]  # glyph id -> advance, in thousandths of the font size
    text: dict[int, str]  # glyph id -> its letters (the font's ToUnicode)
    anchor: int | None  # a glyph that maps to no text, to carry the invisible letters


def _fonts(page) -> dict[bytes, _Font]:
    found = {}
    for name, ref in (page["/Resources"].get_object().get("/Font") or {}).items():
        font = ref.get_object()
        if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
            continue
        widths = _widths(font["/DescendantFonts"][0].get_object())
        text = _to_unicode(font["/ToUnicode"].get_object().get_data()) if "/ToUnicode" in font else {}
        unmapped = sorted((w, gid) for gid, w in widths.items() if gid and gid not in text)  # never .notdef
        anchor = unmapped[0][1] if unmapped else None
        found[name[1:].encode()] = _Font(widths, text, anchor)
    return found


def _widths(cid_font) -> dict[int, float]:
    w, out, i = list(cid_font.get("/W") or []), {}, 0
    while i + 1 < len(w):
        if isinstance(w[i + 1], list):
            out.update({int(w[i]) + k: float(v) for k, v in enumerate(w[i + 1])})
            i += 2
        else:
            out.update({g: float(w[i + 2]) for g in range(int(w[i]), int(w[i + 1]) + 1)})
            i += 3
    return out


def _to_unicode(cmap: bytes) -> dict[int, str]:
    out = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for a, b, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
            for k in range(int(b, 16) - int(a, 16) + 1):
                out[int(a, 16) + k] = first[:-1] + chr(ord(first[-1]) + k)
    return out


def _run(m: re.Match, fonts: dict[bytes, _Font]) -> bytes:
    """One right-to-left text object, with its baseline copy after it (or as it was)."""
    font = name = size = matrix = None
    x = y = 0.0
    kept, glyphs, clusters, span = [], [], [], None  # glyphs: (x, advance); clusters: text in drawing order
    for line in m[1].split(b"\n"):
        op = LINE.fullmatch(line)
        if op is None:
            return m[0]
        if op["actual"] is not None:  # a cluster's letters; its glyphs follow, up to EMC
            if span is not None:
                return m[0]
            raw = bytes.fromhex(op["actual"].decode())
            span = raw[2:].decode("utf-16-be", "replace") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
            continue
        if op["emc"]:
            if span is None:
                return m[0]
            clusters.append(span)
            span = None
            continue
        if op["font"]:
            name, size = op["font"], float(op["size"])
            font = fonts.get(name[1:])
            if font is None or font.anchor is None or glyphs:
                return m[0]
        elif op["tm"]:
            if matrix is not None:
                return m[0]
            matrix = [float(v) for v in op["tm"].split()]
        else:
            if op["x"] is not None:
                x, y = x + float(op["x"]), y + float(op["y"])
            if op["glyphs"] is not None:
                if font is None or matrix is None:
                    return m[0]
                pen, run = x, bytes.fromhex(op["glyphs"].decode())
                for i in range(0, len(run) - 1, 2):
                    gid = int.from_bytes(run[i:i + 2], "big")
                    advance = font.widths.get(gid, 0.0) / 1000 * size
                    glyphs.append((pen, advance))
                    if span is None:
                        clusters.append(font.text.get(gid, ""))
                    pen += advance
        kept.append(line)
    text = "".join(cluster[::-1] for cluster in clusters)  # the letters as drawn, left to right
    if span is not None or not glyphs or not text:
        return m[0]
    left = min(g[0] for g in glyphs)
    width = max(g[0] + g[1] for g in glyphs) - left
    slot = width / len(text)
    if not slot > 0:
        return m[0]
    a, b, c, d, e, f = matrix
    # The anchor glyph's advance plus the character spacing make one slot; the spacing is
    # back to 0 before each EMC, so a reader measuring the letter at its end sees the slot.
    anchor = _num(slot - font.widths[font.anchor] / 1000 * size) + b" Tc <%04X> Tj 0 Tc" % font.anchor
    letters = b"".join(b"/Span<</ActualText <FEFF" + ch.encode("utf-16-be").hex().upper().encode() + b"> >> BDC\n"
                       + anchor + b"\nEMC\n" for ch in text)
    return (b"BT\n/ReversedChars BMC\n/Span<</ActualText <FEFF> >> BDC\n" + b"\n".join(kept) + b"\nEMC\nEMC\nET\n"
            b"q\nBT\n3 Tr\n" + name + b" " + _num(size) + b" Tf\n"
            + b" ".join(_num(v) for v in (a, b, c, d, e + a * left, f + b * left)) + b" Tm\n"
            + REVERSED + b"\n" + letters + b"EMC\nET\nQ")


def _num(v: float) -> bytes:
    return (b"%.5f" % v).rstrip(b"0").rstrip(b".") or b"0"


def _replaced(pdf: bytes, streams: dict[int, bytes]) -> bytes:
    """The PDF with the given objects' stream data replaced (Flate, new /Length) and the
    cross-reference table and startxref moved to match; every other byte stays."""
    head = re.compile(rb"(\d+) 0 obj\s*<<(.*?)>>\s*stream\r?\n", re.S)
    xref_at = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    table = re.compile(rb"xref\n0 (\d+)\n((?:\d{10} \d{5} [nf]\s?\n)+)trailer").match(pdf, xref_at)
    if table is None:
        raise ValueError("not a classic cross-reference table")
    entries = [(int(line[:10]), line[11:16], line[17:18]) for line in table[2].splitlines(keepends=False)]
    edits = []
    for idnum, data in streams.items():
        at = entries[idnum][0]
        h = head.match(pdf, at)
        length = re.search(rb"/Length (\d+)(?!\s+\d+\s+R)", h[2]) if h and int(h[1]) == idnum else None
        if length is None:
            raise ValueError(f"object {idnum} is not a stream with a direct /Length")
        body = zlib.compress(data, 6)
        end = h.end() + int(length[1])
        newhead = pdf[at:h.start(2)] + h[2][:length.start(1)] + str(len(body)).encode() + h[2][length.end(1):] \
            + pdf[h.end(2):h.end()]
        edits.append((at, end, newhead + body))
    edits.sort()
    out, pos, shifts = [], 0, []
    for start, end, new in edits:
        out += [pdf[pos:start], new]
        shifts.append((start, len(new) - (end - start)))
        pos = end
    out.append(pdf[pos:xref_at])

    def moved(offset: int) -> int:
        return offset + sum(delta for start, delta in shifts if start < offset)

    lines = b"".join(b"%010d %s %s \n" % (moved(o) if kind == b"n" else o, gen, kind) for o, gen, kind in entries)
    body = b"".join(out)
    rest = pdf[table.end() - len(b"trailer"):]
    rest = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % len(body), rest)
    return body + b"xref\n0 " + table[1] + b"\n" + lines + rest
