"""Saving in the room: a page served by `tipsom room` posts each answer to the room's server.

`tipsom room` puts its answers endpoint (on 127.0.0.1, which only the laptop's own kernels
reach) in the kernels' environment as TIPSOM_ROOM_ANSWERS; Voilà puts the page's query
string in QUERY_STRING, and the join page made that URL with a per-page secret (`page=`).
The kernel sends the secret with each answer; the server knows whose page it is, checks
the answer and files it (`tipsom.room.store`). The kernel never names the participant or
a file. One person in JupyterLab has neither variable and keeps the file `Recorder`.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from ..quiz import Feedback
from .answers import Recorder, ResponseError

ENV_URL = "TIPSOM_ROOM_ANSWERS"
HEADER = "X-Tipsom-Page"
SENT = ("scenario", "question", "kind", "answer", "language", "path")


def page_secret(query: str | None = None) -> str:
    """The page secret in Voilà's QUERY_STRING ('' when the page was not opened from the join page).
    In a kernel Voilà warmed in advance (preheat), this waits until a participant's request takes it."""
    if query is None and os.environ.get("VOILA_PREHEAT") == "True":
        _wait_for_request()
    values = parse_qs(os.environ.get("QUERY_STRING", "") if query is None else query).get("page", [""])
    return values[0][:100]


def _wait_for_request() -> None:
    """Voilà's pre-heat protocol (what `voila.utils.wait_for_request` does), without importing Voilà
    and the Jupyter server into every kernel: block until a participant's request takes this warm
    kernel, then put that request's variables (QUERY_STRING...) in the environment."""
    from websockets.sync.client import connect

    base = os.environ.get("VOILA_WS_BASE_URL") or os.environ.get("VOILA_SERVER_URL", "/")
    url = f"ws://127.0.0.1:{os.environ.get('VOILA_APP_PORT', '8866')}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"
    try:
        with connect(url, open_timeout=10, max_size=2**20) as ws:
            info = json.loads(ws.recv())
    except Exception:  # no request info (the room stopped, a refused socket...): the page then says why it cannot save
        return
    os.environ.update({str(k): str(v) for k, v in info.items()})


def recorder_for(folder: Path, audience: str) -> Recorder:
    """The room's recorder when the page runs under `tipsom room`, else the one-person file recorder."""
    url = os.environ.get(ENV_URL, "")
    return RoomRecorder(url, page_secret(), audience) if url else Recorder(folder, audience)


class RoomRecorder(Recorder):
    """Answers saved by the room's server; the participant is whoever joined with this page's secret."""

    remote = True

    def __init__(self, url: str, secret: str, audience: str, timeout: float = 10.0):
        self.url, self.secret, self.audience, self.timeout = url.rstrip("/"), secret, audience, timeout
        self.folder, self.participant, self.problem = Path("."), None, ""
        try:
            self.participant = self._call("GET", "/mine")["participant"]
        except ResponseError as err:
            self.problem = str(err)

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        if not self.secret:
            raise ResponseError("Open this page from the room's join page (scan the code on the screen), then answer.")
        return call_json(self.url + path, method, body, {HEADER: self.secret}, self.timeout, "the room's server")

    def start(self, code: str) -> list[dict[str, Any]]:
        """In the room the code was given at join: the same code (any case) restores the answers."""
        if self.participant is None:
            self.participant = self._call("GET", "/mine")["participant"]
        if (code or "").strip().upper() != self.participant.upper():
            raise ResponseError(f"In this room your code is {self.participant}, given when you joined. "
                                "To use another code, open the join page again.")
        return self._call("GET", "/mine")["records"]

    def submit(self, scenario: str, question: str, kind: str, answer: Any, feedback: Feedback | None = None,
               **extra: Any) -> dict[str, Any]:
        sent = {"scenario": scenario, "question": question, "kind": kind, "answer": answer, **extra}
        return self._call("POST", "", {k: v for k, v in sent.items() if k in SENT})["saved"]

    def earlier(self, scenario: str) -> dict[str, dict[str, Any]]:
        if self.participant is None:
            return {}
        return {r["question"]: r for r in self._call("GET", "/mine")["records"]
                if r.get("scenario") == scenario and "question" in r}


def call_json(url: str, method: str, body: dict | None, headers: dict[str, str], timeout: float, who: str) -> dict:
    """One JSON request to the server that keeps the answers; a refusal or silence becomes a
    `ResponseError` in words for the participant (`who` names the server)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as err:
        try:
            message = json.loads(err.read()).get("refused") or f"{who} said {err.code}"
        except ValueError:
            message = f"{who} said {err.code}"
        raise ResponseError(str(message)) from None
    except (OSError, ValueError):
        raise ResponseError(f"{who[0].upper()}{who[1:]} did not answer. Wait a moment and submit again.") from None
