"""Certificates: `build/certificates/<session>/certificates.pdf`, one A4-landscape page per
person on the attendance list, English and Urdu on the same page (the page loads the Urdu
font: its Urdu half prints in Nastaliq). The dates come from `dates` in
curriculum/programme.yaml (its Urdu overlay may translate them); without them nothing is
printed and the trainer is told which field to set. The session folder's name is not printed.

Each page carries a verification code: the first 8 characters (base 32) of
SHA-256("tipsom-certificate/<session>/<participant code>"), printed as XXXX-XXXX. A trainer
checks a certificate with `tipsom certificates SESSION --verify CODE`, which names the
participant code it belongs to. It proves the page came from this session's list (or was
copied from one), not who holds it: it is not a secret signature.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from ..i18n import N_, translator
from .errors import KitError
from .pdf import document, esc, print_pdf, write
from .roster import Person, read_attendance

CSS = """
.page { box-sizing: border-box; page-break-after: always; height: 184mm; overflow: hidden; border: 3pt double #1f5fa8; padding: 9mm 14mm; position: relative; }
.page:last-child { page-break-after: auto; }
.halves { display: flex; gap: 8mm; align-items: flex-start; margin-top: 6mm; }
.en, .ur { text-align: center; flex: 1 1 0; }
.ur { font-family: 'Tipsom Urdu', 'Tipsom Sans', sans-serif; line-height: 2.3; direction: rtl; }
.big { font-family: 'Tipsom Serif', 'Tipsom Sans', serif; font-size: 22pt; margin: 2mm 0 5mm; }
.ur .big { font-family: 'Tipsom Urdu', 'Tipsom Sans', serif; font-size: 22pt; }
.name { font-size: 20pt; font-weight: 700; margin: 2mm 0; }
.ur .name { font-size: 18pt; }
.sign { display: flex; justify-content: space-between; position: absolute; bottom: 16mm; left: 14mm; right: 14mm; }
.sign div { width: 38%; border-top: 1px solid #333; text-align: center; font-size: 9pt; padding-top: 1mm; }
.code { position: absolute; bottom: 5mm; left: 14mm; right: 14mm; font-size: 8.5pt; color: #444; text-align: center; }
.sign [lang=ur], .code [lang=ur] { line-height: 1.9; }
"""


# Interface strings shown from inside f-strings, marked here so that `make messages` finds them.
STRINGS = [N_('Certificates'), N_('Organised by'), N_('Certificate of participation'), N_('This certifies that'), N_('took part in'),
           N_('Trainer'), N_('Programme officer'), N_('Verification code')]


def verification_code(session: str, code: str) -> str:
    digest = hashlib.sha256(f"tipsom-certificate/{session}/{code}".encode()).digest()
    text = base64.b32encode(digest).decode()[:8]
    return f"{text[:4]}-{text[4:]}"


def verify(session: Path, given: str) -> str | None:
    """The participant code a verification code belongs to, or None."""
    wanted = given.strip().upper().replace(" ", "")
    for p in read_attendance(session):
        if verification_code(Path(session).name, p.code) == wanted:
            return p.code
    return None


def make_certificates(cur, session: Path, out_root: Path) -> tuple[Path, int]:
    """Write the certificates of everyone on the session's attendance list."""
    session = Path(session)
    people = read_attendance(session, cur.audiences)
    if cur.programme is None:
        raise KitError("curriculum/programme.yaml", None, "there is no programme", "Restore curriculum/programme.yaml.")
    if not (cur.programme.dates or "").strip():
        raise KitError("curriculum/programme.yaml", None, "the field `dates` is not set, and a certificate must say when the training was",
                       "Set it for this training, e.g. `dates: 1 and 2 December 2026`, then print the certificates again.")
    html_text = certificates_html(cur, session.name, people)
    path = Path(out_root) / session.name / "certificates.pdf"
    write(path, print_pdf(html_text, "ur", "certificates", cur.root))
    return path, len(people)


def certificates_html(cur, session: str, people: list[Person]) -> str:
    en, ur = cur.programme, cur.localise(cur.programme, "ur")
    te, tu = translator("en"), translator("ur")
    pages = "".join(_page(cur, session, p, en, ur, te, tu) for p in people)
    return document(te("Certificates"), pages, "en", page="A4 landscape", css=CSS, fonts="ur", numbered=False)


def _page(cur, session, p: Person, en, ur, te, tu) -> str:
    def block(prog, t, cls: str) -> str:
        where = "، ".join(f"<bdi dir=auto>{esc(x)}</bdi>" for x in (prog.venue, prog.place) if x) if cls == "ur" else \
            ", ".join(esc(x) for x in (prog.venue, prog.place) if x)
        org = f"<div>{esc(p.organisation)}</div>" if p.organisation else ""
        by = f"<div>{t('Organised by')} <bdi dir=auto>{esc(prog.organiser)}</bdi></div>" if prog.organiser else ""
        same = cls == "ur" and prog.dates == en.dates  # not translated: the English dates, kept left to right
        dates = (f"<div><bdi dir=ltr lang=en>{esc(prog.dates)}</bdi></div>" if same else f"<div>{esc(prog.dates)}</div>") if prog.dates else ""
        return (f"<div class={cls} lang={'ur' if cls == 'ur' else 'en'}><div class=big>{t('Certificate of participation')}</div>"
                f"<div>{t('This certifies that')}</div><div class=name>{esc(p.name)}</div>{org}"
                f"<div>{t('took part in')}</div><div><b>{esc(prog.title)}</b></div>{dates}<div>{where}</div>{by}</div>")
    code = verification_code(session, p.code)
    signs = (f"<div class=sign><div>{te('Trainer')} / <span lang=ur>{tu('Trainer')}</span></div>"
             f"<div>{te('Programme officer')} / <span lang=ur>{tu('Programme officer')}</span></div></div>")
    return (f"<section class=page><div class=halves>{block(en, te, 'en')}{block(ur, tu, 'ur')}</div>{signs}"
            f"<div class=code>{te('Verification code')} / <span lang=ur>{tu('Verification code')}</span>: <b>{code}</b></div></section>")
