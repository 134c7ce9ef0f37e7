"""`make slides`: every module's deck per language into build/slides/<language>/<module>.html,
beside one shared copy of reveal.js (build/slides/reveal/) and an index page.

reveal.js comes from npm at the exact version in vendor/reveal/package-lock.json, put in
vendor/reveal/node_modules by `make install` (`npm ci`); only the dist files a deck uses
are copied. The fonts are the shipped ones, inlined in the CSS, so a deck opens from a USB
stick or file:// on a laptop with no network.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from ..content import Curriculum
from ..errors import TipsomError
from ..handouts.language import Localised
from ..handouts.parts import programme_order
from ..handouts.render import fonts_css
from ..i18n import N_, direction, translator
from ..i18n import languages as language_table
from .deck import deck, inline

HERE = Path(__file__).resolve().parent
SOURCE_VENDOR = HERE.parents[2] / "vendor" / "reveal" / "node_modules" / "reveal.js"
DIST = ("reveal.css", "reveal.js", "theme/white.css", "plugin/notes.js")
INDEX_TITLE = N_("Slides for each module")
e = html.escape


class RevealMissing(TipsomError):
    pass


def reveal_folder(root: Path) -> Path:
    """The npm copy of reveal.js: under the project's vendor/reveal, else this checkout's."""
    for folder in (root / "vendor" / "reveal" / "node_modules" / "reveal.js", SOURCE_VENDOR):
        if (folder / "dist" / "reveal.js").is_file():
            return folder
    raise RevealMissing(f"reveal.js is not installed in {root / 'vendor' / 'reveal'}: run `make slides` "
                        "(it runs `npm ci --prefix vendor/reveal` first), or that npm command, then `tipsom slides`.")


def vendor(source: Path, target: Path) -> None:
    """Copy reveal.js's dist files, its licence and our CSS into the shared folder."""
    for name in DIST:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / "dist" / name, target / name)
    shutil.copyfile(source / "LICENSE", target / "LICENSE")
    (target / "tipsom-fonts.css").write_text(fonts_css("en"), encoding="utf-8")
    (target / "tipsom-fonts-ur.css").write_text(fonts_css("ur").replace(fonts_css("en"), ""), encoding="utf-8")
    shutil.copyfile(HERE / "slides.css", target / "tipsom-slides.css")


def build_slides(cur: Curriculum, out: Path, languages: list[str] | None = None,
                 reveal: Path | None = None) -> list[Path]:
    """Write the decks, the shared reveal.js folder and index.html; the files written."""
    source = reveal or reveal_folder(cur.root)
    languages = languages or ["en", "ur"]
    out.mkdir(parents=True, exist_ok=True)
    vendor(source, out / "reveal")
    written, listed = [], {}
    for language in languages:
        loc = Localised(cur, language)
        folder = out / language
        folder.mkdir(exist_ok=True)
        listed[language] = []
        for module in programme_order(cur):
            path = folder / f"{module.id}.html"
            path.write_text(deck(loc, module), encoding="utf-8")
            written.append(path)
            listed[language].append((f"{language}/{path.name}", loc.finish(inline(loc.item(module).title, cur.root))))
    (out / "index.html").write_text(index(listed), encoding="utf-8")
    return [*written, out / "index.html"]


def index(listed: dict[str, list[tuple[str, str]]]) -> str:
    """One page listing each language's decks, each list in its own language and direction."""
    parts = []
    for language, decks in listed.items():
        t = translator(language)
        items = "".join(f'<li><a href="{e(href)}">{title}</a></li>' for href, title in decks)
        parts.append(f'<section lang="{language}" dir="{direction(language)}"><h2>{e(language_table()[language].native)}: '
                     f'{e(t(INDEX_TITLE))}</h2><ol>{items}</ol></section>')
    return ('<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Slides</title>\n'
            '<link rel="stylesheet" href="reveal/tipsom-fonts.css"><link rel="stylesheet" href="reveal/tipsom-fonts-ur.css">\n'
            '<style>body{font-family:"Tipsom Sans",sans-serif;max-width:60em;margin:2em auto;padding:0 1em}'
            '[lang=ur]{font-family:"Tipsom Urdu","Tipsom Sans";line-height:2.2}</style></head>\n<body>\n'
            + "\n".join(parts) + "\n</body>\n</html>\n")
