"""A simulated participant, as a phone's browser would be: join, open a case, drive its widgets.

It speaks HTTP to the join page and the Jupyter kernel protocol over Voilà's kernel
websocket, with the widget comm protocol of ipywidgets 8: it asks the kernel for every
widget's state (`jupyter.widget.control`, `request_states`), sets a control's value with an
`update` message and presses Submit with the button's `click` custom message, then waits
for the feedback to say the answer was saved. Used by the load test and the tests.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from urllib.parse import urlencode, urljoin

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

SAVED, NOT_SAVED = "Saved.", "NOT saved"
CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(\{.*?\})\s*</script>', re.S)


class Participant:
    """One simulated phone in the room."""

    def __init__(self, base: str, code: str):
        self.base, self.code, self.cookies = base.rstrip("/"), code, {}
        self.http = AsyncHTTPClient()
        self.ws = self.listener = None
        self.models: dict[str, dict] = {}
        self.replies: dict[str, dict] = {}
        self.changed = asyncio.Event()
        self.page_url = ""
        self.kernel_id = ""

    # ---- HTTP -------------------------------------------------------------------------

    async def fetch(self, path: str, method: str = "GET", body: dict | None = None, timeout: float = 60):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        req = HTTPRequest(urljoin(self.base + "/", path.lstrip("/")), method=method, headers=headers,
                          body=urlencode(body) if body is not None else None, follow_redirects=False,
                          request_timeout=timeout, connect_timeout=timeout)
        try:
            resp = await self.http.fetch(req, raise_error=False)
        except HTTPClientError as err:
            resp = err.response
        for cookie in resp.headers.get_list("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return resp

    async def join(self, language: str = "en") -> None:
        resp = await self.fetch(f"/join?lang={language}", "POST", {"code": self.code})
        if resp.code != 303:
            raise RuntimeError(f"join as {self.code}: HTTP {resp.code}")

    async def open(self, scenario: str, language: str = "en") -> str:
        """Open the case: the server's redirect to Voilà, then the page itself (a kernel runs it)."""
        resp = await self.fetch(f"/open/{scenario}?lang={language}")
        if resp.code != 302:
            raise RuntimeError(f"open {scenario}: HTTP {resp.code}")
        self.page_url = resp.headers["Location"]
        page = await self.fetch(self.page_url, timeout=120)
        if page.code != 200:
            raise RuntimeError(f"page {self.page_url}: HTTP {page.code}")
        html = page.body.decode()
        self.kernel_id = json.loads(CONFIG.search(html).group(1))["kernelId"]
        return html

    # ---- the kernel websocket -------------------------------------------------------------

    async def connect(self) -> None:
        url = self.base.replace("http", "ws", 1) + f"/api/kernels/{self.kernel_id}/channels?session_id={uuid.uuid4()}"
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        self.ws = await websocket_connect(HTTPRequest(url, headers=headers), max_message_size=64 * 1024 * 1024)
        self.listener = asyncio.ensure_future(self._listen())
        control = str(uuid.uuid4())
        await self.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}}, version="1.0.0")
        await self.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        await self.until(lambda: len(self.models) > 0, 60)

    async def send(self, msg_type: str, content: dict, channel: str = "shell", version: str = "2.1.0") -> str:
        """One message on the kernel websocket; `version` is the widget protocol's, as a browser sends it."""
        msg_id = uuid.uuid4().hex
        await self.ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "", "session": "", "version": "5.3",
                       "date": ""}, "parent_header": {}, "metadata": {"version": version}, "content": content,
            "channel": channel, "buffers": []}))
        return msg_id

    async def _listen(self) -> None:
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                return
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            kind, content = msg.get("msg_type") or msg["header"]["msg_type"], msg.get("content", {})
            parent = msg.get("parent_header", {}).get("msg_id")
            if parent:
                self.replies.setdefault(parent, {})[kind] = content
            data = content.get("data", {}) if kind in ("comm_open", "comm_msg") else {}
            if data.get("method") == "update_states":
                for mid, m in data["states"].items():
                    self.models[mid] = dict(m["state"])
            elif kind == "comm_open" and "state" in data:
                self.models[content["comm_id"]] = dict(data["state"])
            elif data.get("method") in ("update", "echo_update"):
                self.models.setdefault(content["comm_id"], {}).update(data.get("state", {}))
            self.changed.set()

    async def until(self, test, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not test():
            self.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the page did not answer in time")
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                pass

    async def close(self) -> None:
        """Close the websocket as a browser closing the tab would, and stop listening."""
        if self.ws is not None:
            self.ws.close()
            try:
                await asyncio.wait_for(self.listener, 5)
            except (TimeoutError, asyncio.CancelledError):
                self.listener.cancel()
            self.ws = None

    # ---- the page's widgets ----------------------------------------------------------------

    def children(self, mid: str) -> list[str]:
        return [c.removeprefix("IPY_MODEL_") for c in self.models.get(mid, {}).get("children", [])]

    def questions(self) -> list[tuple[str, str, str]]:
        """(control, submit button, feedback) of each question card, in page order."""
        out = []
        for mid in list(self.models):
            kids = self.children(mid)
            for i, kid in enumerate(kids):
                if self.models.get(kid, {}).get("button_style") == "primary" and 0 < i < len(kids) - 1:  # Submit, in any language
                    out.append((kids[i - 1], kid, kids[i + 1]))
        return sorted(out, key=lambda q: list(self.models).index(q[1]))

    def answer_state(self, control: str) -> list[tuple[str, dict]]:
        """The updates that fill a control with an answer: the first option, every box, or a text."""
        m = self.models[control]
        if "index" in m:
            return [(control, {"index": 0})]
        if m.get("_model_name") == "TextareaModel":
            return [(control, {"value": f"An answer from {self.code}."})]
        return [(box, {"value": True}) for box in self.children(control)]

    async def update(self, mid: str, state: dict) -> None:
        self.models[mid].update(state)
        await self.send("comm_msg", {"comm_id": mid, "data": {"method": "update", "state": state, "buffer_paths": []}})

    async def click(self, button: str, watch: str, timeout: float = 60) -> float:
        """Press a button; wait until `watch` (an HTML widget) says saved; return the seconds it took."""
        before = self.models.get(watch, {}).get("value", "")
        started = time.monotonic()
        await self.send("comm_msg", {"comm_id": button, "data": {"method": "custom", "content": {"event": "click"}}})
        await self.until(lambda: (v := self.models.get(watch, {}).get("value", "")) != before and (SAVED in v or NOT_SAVED in v),
                         timeout)
        if NOT_SAVED in self.models[watch]["value"]:
            raise RuntimeError(f"{self.code}: the page says the answer was NOT saved: {self.models[watch]['value'][:300]}")
        return time.monotonic() - started

    def walk(self) -> tuple[str, str] | None:
        """(step feedback, choices box) of the walk, if the page has one."""
        for mid in self.models:
            kids = self.children(mid)
            for i in range(1, len(kids) - 1):
                nxt = kids[i + 1]
                if self.models.get(nxt, {}).get("_model_name") == "VBoxModel" and any(
                        "tipsom-choice" in self.models.get(b, {}).get("_dom_classes", []) for b in self.children(nxt)):
                    return kids[i - 1], nxt
        return None

    async def answer_everything(self, timeout: float = 60) -> tuple[int, list[float]]:
        """Answer each question, then walk the case to its end: (answers the page should save, seconds each)."""
        sent, times = 0, []
        for control, button, feedback in self.questions():
            for mid, state in self.answer_state(control):
                await self.update(mid, state)
            times.append(await self.click(button, feedback, timeout))
            sent += 1
        walk = self.walk()
        while walk is not None and self.children(walk[1]):
            step, choices = walk
            old = self.children(choices)
            times.append(await self.click(old[0], step, timeout))
            await self.until(lambda c=choices, o=old: self.children(c) != o, timeout)  # the next node's choices
            sent += 1 + (not self.children(choices))  # the last step also saves the walk's end
        return sent, times
