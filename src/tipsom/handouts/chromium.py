"""The PDF engine: Debian's chromium-headless-shell (Chromium's headless build, the one
Playwright itself runs headless) driven by Playwright, one browser per worker process.

`Printer.print(html)` loads the document in the worker's browser, in one tab for all (the
only request answered: the document itself; every other request is aborted and named in
the error, data: URLs need none), and prints it to A4 with the CSS page size, tagged
(structure, language) and with bookmarks from the headings. Chromium stamps the print
time into the PDF's Info dict and numbers structure elements on from whatever its renderer
printed before: `fixed_dates` sets the build's date and `fixed_ids` numbers from 1, so the
same inputs give the same bytes; `fixed_titles` puts right-to-left bookmark titles in
reading order. Each patch keeps every string's length, so no offset in the file moves.
Last, `anchored` (textlayer.py) puts right-to-left words on their baseline in the text layer.
"""

from __future__ import annotations

import os
import re
import time
from functools import cache
from pathlib import Path

from .textlayer import anchored

CHROMIUM = os.environ.get("TIPSOM_CHROMIUM", "/usr/bin/chromium-headless-shell")
DOCUMENT = "http://document.tipsom.invalid/"  # never resolved: the route answers it
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
        "--disable-default-apps", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND"]
# Chromium writes a structure element's /Lang only where the element's language differs from
# its parent's, and never on the element that names it when that is a plain container (an English
# passage's <div lang="en"> in an Urdu edition): its paragraphs would be read as Urdu. So each
# block inside such a container gets the same language with its region (en -> en-GB, as the
# project writes), which differs from the container's tag; exact [lang="en"] CSS rules do not
# match it, so nothing looks different.
LANGUAGE_PER_BLOCK = """() => {
  const region = {en: "en-GB", ur: "ur-PK"};
  const blocks = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, td, th, caption, blockquote, figcaption";
  for (const box of document.querySelectorAll("body [lang]")) {
    const tag = region[box.getAttribute("lang")];
    if (!tag || box.matches(blocks)) continue;
    for (const el of box.querySelectorAll(blocks))
      if (!el.hasAttribute("lang") && el.parentElement.closest("[lang]") === box) el.setAttribute("lang", tag);
  }
}"""
DEFAULT_EPOCH = 946684800  # 2000-01-01: the PDF date unless SOURCE_DATE_EPOCH names another
DATES = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]{0,8}\)")
TITLES = re.compile(rb"/Title <FEFF((?:[0-9A-Fa-f]{4})*)>")  # bookmark titles, UTF-16 in hex
HEADINGS = "() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => h.innerText.trim())"
NODE_IDS = re.compile(rb"\(node(\d{8})\)")  # structure element ids: the renderer's node counter
ID_LEAVES = re.compile(rb"/Limits \[\(node\d{8}\) \(node\d{8}\)\](\s*)/Names \[([^\]]*)\]")


class PrintError(Exception):
    """The browser could not print the document (message for the document's FAILED line)."""


class Printer:
    """One browser for every document a worker prints; start it once, close it at the end."""

    def __init__(self):
        self._playwright = self._browser = self._context = self._tab = None
        self._html, self._blocked = "", []

    def start(self) -> None:
        if self._browser is not None:
            return
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).exists():
            raise PrintError(f"{CHROMIUM} is missing: install Debian's chromium-headless-shell (make install does, as root)")
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(executable_path=program(), args=ARGS, handle_sigint=False,
                                                             handle_sigterm=False, handle_sighup=False)
        except Exception as err:
            self.close()
            why = (re.findall(r"FATAL:[^\]]*\] ([^\n]+)", str(err)) or [str(err).splitlines()[0]])[0]
            hint = "; set TMPDIR to a shorter folder" if "too long" in why else ""
            raise PrintError(f"the browser did not start ({why}){hint}") from None
        self._context = self._browser.new_context(java_script_enabled=False, service_workers="block",
                                                  locale="en-GB", timezone_id="UTC")

    def print(self, html: str) -> bytes:
        """The document's PDF; a `PrintError` names what went wrong (e.g. a blocked URL)."""
        self.start()
        page = self._page()
        self._html, self._blocked = html, []
        try:
            page.goto(DOCUMENT, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => document.fonts.status)")  # every web font loaded
            page.evaluate(LANGUAGE_PER_BLOCK)
            headings = page.evaluate(HEADINGS)
            pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True, tagged=True, outline=True)
        except Exception as err:  # Playwright's errors: a crashed page, a timeout
            self._drop_page()
            raise PrintError(f"{type(err).__name__}: {str(err).splitlines()[0]}") from None
        if self._blocked:
            shown = ", ".join(sorted(set(self._blocked))[:3])
            raise PrintError(f"the document asks for files from outside ({shown}); only shipped files print")
        return anchored(fixed_titles(fixed_ids(fixed_dates(pdf)), headings))

    def _page(self):
        """The one tab every document is printed in, one after another (a new tab for each costs
        a quarter of the print; the same document prints the same bytes in either)."""
        if self._tab is None or self._tab.is_closed():
            self._tab = self._context.new_page()
            self._tab.route("**/*", self._answer)
        return self._tab

    def _answer(self, route) -> None:
        if route.request.url == DOCUMENT:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self._html.encode())
        else:
            self._blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def _drop_page(self) -> None:
        tab, self._tab = self._tab, None
        try:
            if tab is not None:
                tab.close()
        except Exception:  # the tab or the browser is gone already
            pass

    def close(self) -> None:
        """Close the browser and the Playwright driver (each at most once)."""
        browser, playwright = self._browser, self._playwright
        self._browser = self._context = self._playwright = self._tab = None
        for step in (browser and browser.close, playwright and playwright.stop):
            if step:
                try:
                    step()
                except Exception:  # already gone: nothing left to close
                    pass


def fixed_dates(pdf: bytes, epoch: int | None = None) -> bytes:
    """The PDF with its creation and modification dates set to the build's date
    (`SOURCE_DATE_EPOCH` or `DEFAULT_EPOCH`, in UTC). Skia writes both dates in one fixed
    format (`D:YYYYMMDDHHmmSS+HH'mm'`), so the new date has the same length and no offset
    in the file moves."""
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(build_epoch() if epoch is None else epoch)).encode()

    def fix(m: re.Match) -> bytes:
        new = b"/" + m[1] + b" (D:" + stamp + b"+00'00')"
        if len(new) != len(m[0]):
            raise PrintError(f"unexpected date format in the PDF: {m[0].decode(errors='replace')}")
        return new

    out, count = DATES.subn(fix, pdf)
    if count != 2:
        raise PrintError(f"expected one creation and one modification date in the PDF, found {count}")
    return out


def fixed_ids(pdf: bytes) -> bytes:
    """The PDF with its structure element ids (`(node00000056)`: table headers, named in /ID,
    in the cells' /Headers and in the /IDTree) numbered from 1 in the order the elements are
    written, which is the same for the same document; Chromium's numbers depend on what its
    renderer did before and when. Each /IDTree leaf is then sorted again (a name tree is
    sorted by key): its pairs only change places, so its length stays."""
    order = list(dict.fromkeys(re.findall(rb"/ID \(node(\d{8})\)", pdf)))
    order += sorted(set(NODE_IDS.findall(pdf)) - set(order))
    new = {old: b"%08d" % i for i, old in enumerate(order, 1)}
    pdf = NODE_IDS.sub(lambda m: b"(node" + new[m[1]] + b")", pdf)

    def leaf(m: re.Match) -> bytes:
        pairs = re.findall(rb"\(node\d{8}\) \d+ \d+ R", m[2])
        if b" ".join(pairs) != m[2]:  # not the layout Skia writes: leave it
            return m[0]
        pairs.sort()
        return b"/Limits [" + pairs[0][:14] + b" " + pairs[-1][:14] + b"]" + m[1] + b"/Names [" + b" ".join(pairs) + b"]"

    return ID_LEAVES.sub(leaf, pdf)


def fixed_titles(pdf: bytes, headings: list[str]) -> bytes:
    """Bookmark titles in reading order. Chromium takes a right-to-left heading's words in the
    order they are drawn (left to right), "پیغامات اہم" for the heading "اہم پیغامات", and a
    heading of two lines twice over. A title made of a heading's characters (once or more) is
    replaced by the heading, padded with spaces to the same length so no offset in the file
    moves (a wrapped heading loses its last spaces instead, see `_squeezed`); any other title (the document's own, in the Info dict) stays."""
    by_letters = {}
    for heading in headings:
        by_letters.setdefault("".join(sorted(heading.replace(" ", ""))), heading)

    def fix(m: re.Match) -> bytes:
        title = bytes.fromhex(m[1].decode()).decode("utf-16-be")
        letters = title.replace(" ", "")
        for times in (1, 2):
            heading = by_letters.get("".join(sorted(letters[: len(letters) // times])))
            if heading and len(letters) % times == 0 and sorted(letters) == sorted(heading.replace(" ", "") * times):
                shown = _squeezed(heading, len(title))
                return b"/Title <FEFF" + shown.ljust(len(title)).encode("utf-16-be").hex().upper().encode() + b">"
        return m[0]

    return TITLES.sub(fix, pdf)


def _squeezed(heading: str, room: int) -> str:
    """The heading in at most `room` characters: Chromium joins a wrapped heading's lines without
    a space, so its title is shorter than the heading by one space a line break; the last spaces go."""
    while len(heading) > room and " " in heading:
        at = heading.rindex(" ")
        heading = heading[:at] + heading[at + 1:]
    return heading


def program() -> str:
    """The browser's program: Debian's /usr/bin/chromium-headless-shell only runs
    /usr/lib/chromium/chromium-headless-shell (in a shell that stays as its parent), so
    the program itself starts, one process fewer to start and to stop."""
    beside = Path("/usr/lib/chromium") / Path(CHROMIUM).name
    return str(beside) if Path(CHROMIUM).parent == Path("/usr/bin") and beside.exists() else CHROMIUM


def build_epoch() -> int:
    try:
        return int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH))
    except ValueError:
        return DEFAULT_EPOCH


@cache
def version() -> str:
    """Which browser prints, for the build hash (a new Chromium prints new bytes): the size and
    time of its program files (kept from the package), read without starting it. /usr/bin/chromium
    and /usr/bin/chromium-headless-shell are Debian's launcher scripts; the programs are beside
    the package's other files."""
    files = [Path(CHROMIUM).resolve(), Path("/usr/lib/chromium") / Path(CHROMIUM).name]
    found = [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in dict.fromkeys(files) if p.exists()]
    return "; ".join(found) or "missing"
