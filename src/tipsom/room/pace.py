"""Who paces the room, and what the phones may show: opened and revealed questions, countdowns,
open answers hidden by the trainer. Kept by the server and in `<session>/room.json`.

`trainer` (the default): a phone shows a question once the presenter opens it; an answer is
saved and acknowledged, its correctness and explanation stay hidden until the trainer
reveals that question. `self`: every question is open and an answer's feedback shows at once.
Either way, what a phone may know of a case is `known(...)`: the question ids it has been
told the answer to; the page model (`tipsom.page.CasePage`) gates the explorer by it.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path

FILE = "room.json"
PACES = ("trainer", "self")


def answer_key(scenario: str, question: str, text: str) -> str:
    """An open answer as the trainer hides it: a digest, so room.json holds no participant's words."""
    return hashlib.sha256(f"{scenario}/{question}/{text}".encode()).hexdigest()[:24]


class Pace:
    def __init__(self, mode: str = "trainer", folder: Path | None = None):
        if mode not in PACES:
            raise ValueError(f"pace must be one of {', '.join(PACES)}")
        self.mode, self.folder = mode, folder
        self.opened: dict[str, list[str]] = {}     # scenario -> question ids opened, in order
        self.revealed: set[str] = set()            # "scenario/question"
        self.deadline: dict[str, float] = {}       # "scenario/question" -> wall-clock end of its countdown
        self.hidden: set[str] = set()              # answer_key of open answers hidden from the projector
        self.version = 0
        self.listeners: list = []                  # called after every change (the phones' long polls wake)
        self.lock = threading.Lock()
        self.load()

    def load(self) -> None:
        path = self.folder / FILE if self.folder else None
        if path is None or not path.is_file():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        self.opened = {str(k): [str(q) for q in v] for k, v in data.get("opened", {}).items()}
        self.revealed = set(data.get("revealed", []))
        self.deadline = {str(k): float(v) for k, v in data.get("deadline", {}).items()}
        self.hidden = set(data.get("hidden", []))

    def save(self) -> None:
        self.version += 1
        for wake in self.listeners:
            wake()
        if self.folder is None:
            return
        self.folder.mkdir(mode=0o750, parents=True, exist_ok=True)
        tmp = self.folder / f".{FILE}.{os.getpid()}"
        tmp.write_text(json.dumps({"opened": self.opened, "revealed": sorted(self.revealed), "deadline": self.deadline,
                                   "hidden": sorted(self.hidden)}), encoding="utf-8")
        os.replace(tmp, self.folder / FILE)

    # ---- the trainer --------------------------------------------------------------------

    def open(self, scenario: str, question: str, seconds: int = 0) -> None:
        with self.lock:
            qs = self.opened.setdefault(scenario, [])
            if question not in qs:
                qs.append(question)
            key = f"{scenario}/{question}"
            if seconds > 0:
                self.deadline[key] = time.time() + seconds
            else:
                self.deadline.pop(key, None)
            self.save()

    def reveal(self, key: str, on: bool = True) -> None:
        with self.lock:
            (self.revealed.add if on else self.revealed.discard)(key)
            self.save()

    def hide(self, key: str, on: bool = True) -> None:
        with self.lock:
            (self.hidden.add if on else self.hidden.discard)(key)
            self.save()

    # ---- what a phone may show ------------------------------------------------------------

    def shows(self, scenario: str, question: str) -> bool:
        return self.mode == "self" or question in self.opened.get(scenario, ())

    def known(self, scenario: str, answered: dict[str, dict]) -> set[str]:
        """The questions whose answer a phone may be shown: revealed ones, or (self-paced) its answered ones."""
        if self.mode == "self":
            return set(answered)
        return {k.partition("/")[2] for k in self.revealed if k.partition("/")[0] == scenario}

    def left(self, scenario: str, question: str) -> int | None:
        """Seconds left on the question's countdown (None: no countdown)."""
        end = self.deadline.get(f"{scenario}/{question}")
        return None if end is None else max(0, round(end - time.time()))
