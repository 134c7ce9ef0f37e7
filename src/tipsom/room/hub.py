"""The answers endpoint as a JupyterHub service: the participant is the hub's user, never the request.

JupyterHub starts it (deploy/jupyterhub/jupyterhub_config.py, `c.JupyterHub.services`) and
routes `/services/answers/` to it. Every request is identified by the hub (HubOAuth from
`jupyterhub.services.auth`): a participant's kernel sends its `$JUPYTERHUB_API_TOKEN` in the
Authorization header, a trainer's browser logs in through the hub's OAuth. The service asks
the hub who that is and files the answer under the hub user's name with
`AnswerStore.accept` (validated, graded, fsynced, one file per participant). Nothing in the
body can name a participant. The summary is for trainers only (names given to the service).

    POST /services/answers/               one answer (token in the Authorization header)
    GET  /services/answers/mine[?scenario=] the caller's own answers (to one scenario)
    GET  /services/answers/summary        how the room answered (trainers only)

The same module is a Jupyter server extension for each participant's single-user server:
Voilà with the room's template and the files it needs served locally (nothing from a CDN).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from urllib.parse import urlparse

import tornado.ioloop
import tornado.web
from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated

from .store import AnswerStore, Refused


class Service:
    """The store and who may read the summary."""

    def __init__(self, store: AnswerStore, trainers: set[str]):
        self.store, self.trainers = store, {t.strip() for t in trainers if t.strip()}


class Base(HubOAuthenticated, tornado.web.RequestHandler):
    hub_auth_class = HubOAuth

    def initialize(self, service: Service) -> None:
        self.service = service

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")

    def user(self) -> str | None:
        """The hub user's name, or None after a 403 with a message."""
        model = self.current_user
        if not model or model.get("kind", "user") != "user" or not model.get("name"):
            self.refuse(403, "Log in to the hub first: the answers service only takes answers from hub users.")
            return None
        return model["name"]

    def refuse(self, status: int, message: str) -> None:
        self.set_status(status)
        self.finish({"refused": message})


class Answers(Base):
    def post(self) -> None:
        if not self.request.headers.get("Authorization"):  # no cookie-only posts: no cross-site forgery
            return self.refuse(403, "Answers come from your own notebook's kernel (with its hub token).")
        if (name := self.user()) is None:
            return
        try:
            saved = self.service.store.accept(name, self.request.body)
        except Refused as err:
            return self.refuse(400, str(err))
        self.finish({"saved": saved})


class Mine(Base):
    def get(self) -> None:
        if (name := self.user()) is None:
            return
        scenario = self.get_query_argument("scenario", "")[:80]
        store = self.service.store
        try:
            records = [r for sid in ([scenario] if scenario else sorted(store.cur.scenarios)) for r in store.mine(name, sid)]
        except Refused as err:
            return self.refuse(400, str(err))
        self.finish({"participant": name, "scenario": scenario, "records": records})


class Summary(Base):
    def get(self) -> None:
        if (name := self.user()) is None:
            return
        if name not in self.service.trainers:
            return self.refuse(403, "Only the trainer sees how the room answered.")
        scenario = self.get_query_argument("scenario", None)
        self.finish(json.dumps(self.service.store.summary(scenario[:80] if scenario else None), ensure_ascii=False))


def make_app(service: Service, prefix: str) -> tornado.web.Application:
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    kw = {"service": service}
    return tornado.web.Application([
        (prefix + "?", Answers, kw), (prefix + "mine", Mine, kw), (prefix + "summary", Summary, kw),
        (prefix + "oauth_callback", HubOAuthCallbackHandler),
    ], cookie_secret=os.urandom(32))


# ---- inside each participant's single-user server: the room's offline Voilà pages ----------

def _jupyter_server_extension_points() -> list[dict]:
    """Enabled by the hub config (`--ServerApp.jpserver_extensions`) in each participant's server."""
    return [{"module": "tipsom.room.hub"}]


HERE = Path(__file__).parent
FONTS = HERE.parent / "fonts"


def fontawesome() -> Path:
    import fontawesomefree

    return Path(fontawesomefree.__file__).parent / "static" / "fontawesomefree"


def mathjax_stub(page_config, base_url, settings, log, voila_configuration, notebook_path):
    """Voilà's page_config_hook: MathJax from the room's own stub, not a CDN."""
    return {**page_config, "fullMathjaxUrl": f"{base_url}room/static/mathjax-stub.js", "mathjaxConfig": "TeX-AMS_CHTML-full,Safe"}


def _link_jupyter_server_extension(serverapp) -> None:
    """Voilà with the room's template (share/voila/templates/tipsom): MathJax from a local stub
    (before Voilà reads its config). Only a hub uses Voilà now; `tipsom room` serves phones itself."""
    serverapp.config.VoilaConfiguration.template = "tipsom"
    serverapp.config.VoilaConfiguration.page_config_hook = mathjax_stub
    serverapp.config.VoilaConfiguration.show_tracebacks = False


def _load_jupyter_server_extension(serverapp) -> None:
    """Serve what the template asks for from the server itself: Font Awesome, the stub, the Urdu font."""
    base = serverapp.web_app.settings["base_url"]
    serverapp.web_app.add_handlers(".*$", [
        (f"{base}room/static/(.*)", tornado.web.StaticFileHandler, {"path": str(HERE / "static")}),
        (f"{base}room/fa/(.*)", tornado.web.StaticFileHandler, {"path": str(fontawesome())}),
        (f"{base}room/fonts/(.*)", tornado.web.StaticFileHandler, {"path": str(FONTS)}),
    ])


def main(argv: list[str] | None = None) -> None:
    """`python -m tipsom.room.hub --root <project> --session <folder> --trainers a,b` (JupyterHub runs it)."""
    from ..content import load_curriculum

    ap = argparse.ArgumentParser(prog="tipsom.room.hub", description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", required=True, help="the project folder (holding curriculum/)")
    ap.add_argument("--session", required=True, help="the session folder the answers go into")
    ap.add_argument("--trainers", default="", help="hub user names that may read the summary, comma-separated")
    args = ap.parse_args(argv)
    service = Service(AnswerStore(load_curriculum(Path(args.root)), Path(args.session)), set(args.trainers.split(",")))
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    make_app(service, os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/answers/")).listen(
        url.port or 80, url.hostname or "127.0.0.1")
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
