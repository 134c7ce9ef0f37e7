"""`tipsom room`: one tornado process on the trainer's laptop serves the phones and the presenter.

No Jupyter kernel and no Voilà: each case page is rendered here from the page model, answers
are posted as JSON and stored by the server (see handlers.py, trainer.py). A session folder
per run (date and time, or `--session NAME`) holds the answers, the seats and PINs
(seats.json), the pace (room.json) and the trainer key with the cookie secret (room-key.json,
0600), so `--resume` (or the same `--session`) carries on after a restart. Static files are
compressed and cached under versioned URLs; the Nastaliq font is cut down to the Urdu the
room shows and served once under one URL. The terminal keeps the QR code and two links in
view: no line per request; a new line only when the laptop's address changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import secrets
import socket
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import tornado.web

from ..content import Curriculum
from ..errors import TipsomError
from ..workbook.answers import CODE
from ..workbook.prepare import for_audience

HERE = Path(__file__).parent
NASTALIQ = HERE.parent / "fonts" / "NotoNastaliqUrdu-Regular.ttf"
KEYS = "room-key.json"
YEAR = 365 * 24 * 3600


class RoomError(TipsomError):
    """The room cannot start: a message for the trainer."""


def addresses() -> list[str]:
    """The laptop's IPv4 addresses other than 127.0.0.1: the default route's first, then every interface's."""
    import psutil

    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent
            found.append(s.getsockname()[0])
        except OSError:
            pass
    for addrs in psutil.net_if_addrs().values():
        found += [a.address for a in addrs if a.family == socket.AF_INET and not a.address.startswith("127.")]
    return list(dict.fromkeys(a for a in found if not a.startswith("127.")))


def qr(url: str) -> tuple[str, str]:
    """The participants' URL as a QR code: (terminal text, inline SVG sized by CSS)."""
    import segno

    code = segno.make(url, error="m")
    text = io.StringIO()
    code.terminal(out=text, compact=True)
    return text.getvalue(), code.svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=True)


def show_at(room, url: str) -> str:
    """The room's participants' address is now `url`: the presenter's link and QR code follow; the terminal's QR code."""
    room.participants_url = url
    terminal, room.qr_svg = qr(url)
    return terminal


# ---- the session folder -------------------------------------------------------------------

def session_folder(sessions: Path, session: str | Path | None, resume: bool) -> Path:
    """`--session` (a name under `sessions`, or a folder), the newest session with `--resume`, else a new one by time."""
    if session:
        path = Path(session)
        if len(path.parts) == 1 and not path.is_absolute():
            if not CODE.match(str(session).replace(".", "-")):
                raise RoomError(f"'{session}' cannot be a session name: use letters, digits, '-', '_' or '.'.")
            path = sessions / path
        return path
    if resume:
        olds = sorted((p for p in sessions.glob("*") if (p / KEYS).is_file()), key=lambda p: (p / KEYS).stat().st_mtime)
        if not olds:
            raise RoomError(f"No earlier room to resume in {sessions}; start without --resume.")
        return olds[-1]
    return sessions / dt.datetime.now().strftime("%Y-%m-%d-%H%M")


def keys(folder: Path) -> tuple[str, bytes]:
    """The trainer key and cookie secret of this session (made once, kept 0600 in the session folder)."""
    path = folder / KEYS
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["trainer_key"], bytes.fromhex(data["cookie_secret"])
    folder.mkdir(mode=0o750, parents=True, exist_ok=True)
    key, secret = secrets.token_urlsafe(18), secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"trainer_key": key, "cookie_secret": secret.hex()}, f)
    return key, secret


# ---- the Urdu font, once ----------------------------------------------------------------

def urdu_text(cur: Curriculum, audience: str) -> str:
    """Every character the room may show in Urdu: the interface catalog and today's cases in Urdu."""
    from ..i18n import catalog

    cases = for_audience(cur, cur.audiences[audience], "ur")[1]
    content = json.dumps([cur.localise(s, "ur").model_dump(mode="json") for s in cases], ensure_ascii=False)
    return "".join(sorted(set(" ".join(catalog("ur").values()) + content + "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩ ")))


def subset_font(text: str, cache: Path) -> bytes:
    """Noto Nastaliq Urdu cut down to `text` as WOFF2 (fontTools; every layout feature kept), cached in `cache`."""
    digest = hashlib.sha256(NASTALIQ.read_bytes() + text.encode()).hexdigest()[:16]
    path = cache / f"nastaliq-{digest}.woff2"
    if path.is_file():
        return path.read_bytes()
    from fontTools import subset

    opts = subset.Options()
    opts.flavor, opts.layout_features, opts.name_IDs, opts.hinting = "woff2", ["*"], [0, 1, 2, 3, 4, 5, 6], False
    font = subset.load_font(str(NASTALIQ), opts)
    sub = subset.Subsetter(opts)
    sub.populate(text=text)
    sub.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, opts)
    font.close()
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}")
    tmp.write_bytes(out.getvalue())
    os.replace(tmp, path)
    return out.getvalue()


class Font(tornado.web.RequestHandler):
    """The one Urdu font, under a URL named by its content: cached for a year by the phone."""

    def initialize(self, future) -> None:
        self.future = future

    async def get(self, _digest: str) -> None:
        import asyncio

        data = await asyncio.wrap_future(self.future)
        self.set_header("Content-Type", "font/woff2")
        self.set_header("Cache-Control", f"public, max-age={YEAR}, immutable")
        self.write(data)


def quiet(handler) -> None:
    """No line per request: the terminal keeps the QR code and the links in view. Server errors are still logged."""
    if handler.get_status() >= 500:
        print(f"error {handler.get_status()}: {handler.request.method} {handler.request.path}", file=sys.stderr, flush=True)


def make_app(room, cookie_secret: bytes, font_future=None):
    """The room's tornado application: the phones' handlers, the trainer's, static files, the font."""
    from .handlers import phone_handlers
    from .photo import photo_handlers
    from .trainer import trainer_handlers

    settings = {"cookie_secret": cookie_secret, "static_path": str(HERE / "static"), "compress_response": True,
                "log_function": quiet, "xsrf_cookies": False, "static_handler_args": {}}
    font = [(r"/font/([0-9a-f]{16})\.woff2", Font, {"future": font_future})] if font_future else []
    app = tornado.web.Application(phone_handlers(room) + trainer_handlers(room) + photo_handlers(room) + font, **settings)
    room.assets = {"css": tornado.web.StaticFileHandler.make_static_url(app.settings, "room.css"),
                   "js": tornado.web.StaticFileHandler.make_static_url(app.settings, "room.js")}
    return app


def session_cards(session: Path, given: Path | None):
    """The answer cards' map this session reads photos with: `given` (copied into the session
    folder, so `--resume` keeps it), else the session's own copy, else None (no cards)."""
    from ..cards import CardError, CardMap

    kept = session / "cards.json"
    try:
        if given is not None:
            cards = CardMap.load(given)
            session.mkdir(mode=0o750, parents=True, exist_ok=True)
            kept.write_text(cards.text(), encoding="utf-8")
            return cards
        return CardMap.load(kept) if kept.is_file() else None
    except CardError as err:
        raise RoomError(f"Answer cards: {err}") from None


def build(cur: Curriculum, audience: str, session: Path, scenarios: list[str] | None = None, codes: list[str] | None = None,
          pace: str = "trainer", max_codes: int = 100, join_burst: int = 6, font: bool = True, cards: Path | None = None):
    """The room and its application over a session folder (seats, pace and keys kept there)."""
    from .handlers import Room
    from .pace import Pace
    from .seats import Seats
    from .store import AnswerStore

    if audience not in cur.audiences:
        raise RoomError(f"{audience!r} is not an audience; use one of {', '.join(cur.audiences)}.")
    ready = [s.id for s in for_audience(cur, cur.audiences[audience], "en")[1]]
    wanted = list(scenarios or ready)
    missing = [s for s in wanted if s not in ready]
    if missing:
        raise RoomError(f"No scenario {', '.join(missing)} for {audience}; choose from: {', '.join(ready)}.")
    key, secret = keys(session)
    room = Room(cur, audience, wanted, AnswerStore(cur, session), Seats(session, codes, max_codes, join_burst),
                Pace(pace, session), key, cards=session_cards(session, cards))
    future = None
    if font:
        text = urdu_text(cur, audience)
        future = ThreadPoolExecutor(1, "tipsom-font").submit(subset_font, text, cur.root / "build" / "room")
    app = make_app(room, secret, future)
    if future is not None:
        room.assets["font"] = f"/font/{hashlib.sha256(text.encode()).hexdigest()[:16]}.woff2"
    return room, app


class Address:
    """Where phones reach the room, followed while it runs: the links, the QR code and the 127.0.0.1 warning
    are printed at start and again when the laptop's address changes (a new Wi-Fi, the hotspot turned on)."""

    def __init__(self, room, host: str, port: int, folder: Path, echo, find=addresses):
        self.room, self.host, self.port, self.folder, self.echo, self.find = room, host, port, folder, echo, find
        self.every, self.at = host in ("0.0.0.0", "", "::"), None

    def where(self) -> str:
        found = self.find() if self.every else [self.host]
        return found[0] if found else "127.0.0.1"

    def follow(self) -> None:
        now = self.where()
        if now == self.at:
            return
        if self.at is not None:
            self.echo(f"The laptop's address changed to {now}: the presenter's QR code and link follow it.")
        self.at = now
        self.echo(show_at(self.room, f"http://{now}:{self.port}/"))
        self.echo(f"Participants: {self.room.participants_url}")
        self.echo(f"Trainer: http://{now}:{self.port}/trainer?key={self.room.trainer_key}")
        self.echo(f"Answers: {self.folder}  (pace: {self.room.pace.mode}; Ctrl+C ends the room; "
                  "tipsom room --resume carries on)")
        if now.startswith("127.") and self.every:
            self.echo("Warning: this laptop has no network address but 127.0.0.1, so phones cannot reach it. Connect it "
                      "to the room's Wi-Fi, or turn on its hotspot (the room then shows the hotspot's address, often "
                      "10.42.0.1 on Linux or 192.168.137.1 on Windows); the QR code and links update by themselves.")
        self.echo("Keep the Trainer link to yourself.")


def serve(cur: Curriculum, audience: str, host: str = "0.0.0.0", port: int = 8866, scenarios: list[str] | None = None,
          session: str | Path | None = None, codes: list[str] | None = None, pace: str = "trainer", resume: bool = False,
          max_codes: int = 100, join_burst: int = 6, out=None, cards: Path | None = None) -> None:
    """Run the room until Ctrl+C: print the links and the QR code, serve, follow the laptop's address."""
    import signal

    from tornado.ioloop import IOLoop, PeriodicCallback

    folder = session_folder(cur.root / "build" / "workbooks" / audience / "sessions", session, resume)
    room, app = build(cur, audience, folder, scenarios, codes, pace, max_codes, join_burst, cards=cards)
    try:
        app.listen(port, host, xheaders=False)
    except OSError as err:
        raise RoomError(f"Cannot listen on {host}:{port} ({err.strerror}): is a room already running? "
                        "Stop it, or choose another --port.") from None
    address = Address(room, host, port, folder, out or (lambda s: print(s, flush=True)))
    address.follow()
    PeriodicCallback(address.follow, 10_000).start()
    loop = IOLoop.current()
    loop.asyncio_loop.add_signal_handler(signal.SIGTERM, loop.stop)
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        sys.stdout.flush()
