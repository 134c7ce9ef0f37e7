"""Saving under JupyterHub: a page's kernel posts each answer to the hub's answers service.

deploy/jupyterhub/jupyterhub_config.py puts the service's URL in every single-user server's
environment as TIPSOM_HUB_ANSWERS; the kernel has the server's `$JUPYTERHUB_API_TOKEN`
(allowed to reach that service only). The service asks the hub whose token it is and files
the answer under that hub user (`tipsom.room.hub`): the kernel never names the participant.
Without the variable a page saves as in the room or, for one person, in a file.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from .answers import Recorder, ResponseError
from .room_client import RoomRecorder
from .room_client import recorder_for as room_or_file

ENV_URL = "TIPSOM_HUB_ANSWERS"


def recorder_for(folder: Path, audience: str) -> Recorder:
    """The hub's recorder under JupyterHub, else the room's or the one-person file recorder."""
    url = os.environ.get(ENV_URL, "")
    return HubRecorder(url, os.environ.get("JUPYTERHUB_API_TOKEN", ""), audience) if url else room_or_file(folder, audience)


class HubRecorder(RoomRecorder):
    """Answers saved by the hub's answers service; the participant is the hub user who owns the token."""

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        if not self.secret:
            raise ResponseError("This notebook has no hub token: open it from your own JupyterHub server, then answer.")
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + (path or "/"), data=data, method=method,
                                     headers={"Authorization": f"token {self.secret}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as err:
            try:
                message = json.loads(err.read()).get("refused") or f"the hub's answers service said {err.code}"
            except ValueError:
                message = f"the hub's answers service said {err.code}"
            raise ResponseError(str(message)) from None
        except (OSError, ValueError):
            raise ResponseError("The hub's answers service did not answer. Wait a moment and submit again.") from None
