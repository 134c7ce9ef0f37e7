"""Saving under JupyterHub: a page's kernel posts each answer to the hub's answers service.

deploy/jupyterhub/jupyterhub_config.py puts the service's URL in every single-user server's
environment as TIPSOM_HUB_ANSWERS; the kernel has the server's `$JUPYTERHUB_API_TOKEN`
(allowed to reach that service only). The service asks the hub whose token it is and files
the answer under that hub user (`tipsom.room.hub`): the kernel never names the participant.
Without the variable a page saves, for one person, in a file.
"""

from __future__ import annotations

import os
from pathlib import Path

from .answers import Recorder, ResponseError
from .room_client import RoomRecorder, call_json

ENV_URL = "TIPSOM_HUB_ANSWERS"


def recorder_for(folder: Path, audience: str) -> Recorder:
    """The hub's recorder under JupyterHub, else the one-person file recorder."""
    url = os.environ.get(ENV_URL, "")
    return HubRecorder(url, os.environ.get("JUPYTERHUB_API_TOKEN", ""), audience) if url else Recorder(folder, audience)


class HubRecorder(RoomRecorder):
    """Answers saved by the hub's answers service; the participant is the hub user who owns the token."""

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        if not self.secret:
            raise ResponseError("This notebook has no hub token: open it from your own JupyterHub server, then answer.")
        return call_json(self.url + (path or "/"), method, body, {"Authorization": f"token {self.secret}"}, self.timeout,
                         "the hub's answers service")
