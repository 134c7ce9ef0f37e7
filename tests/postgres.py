"""A real PostgreSQL server for the tests, started from Debian's `postgresql` package.

`server()` runs initdb and pg_ctl from /usr/lib/postgresql/<version>/bin into a fresh folder
in /tmp, listening on 127.0.0.1 on a free port (and a unix socket in that folder), trusting
local connections; as root it runs them as the `postgres` user (PostgreSQL refuses root).
`None` and the reason when the package is not installed: the tests skip with it, unless
TIPSOM_REQUIRE_POSTGRES=1 (CI), where they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

NEEDED = ("PostgreSQL is not installed (Debian's postgresql package: `make install` as root installs it, "
          "or sudo apt-get install postgresql); the PostgreSQL tests are skipped")


@dataclass
class Server:
    base: Path
    bindir: Path
    port: int
    runas: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://tipsom@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """A fresh, empty database on the server: its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=tipsom dbname=postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://tipsom@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run([*self.runas, str(self.bindir / "pg_ctl"), "-D", str(self.base / "data"), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.base, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server() -> tuple[Server | None, str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        return None, NEEDED
    bindir = Path(found[-1]).parent
    base = Path(tempfile.mkdtemp(prefix="tipsom-pg-"))
    runas: list[str] = []
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            return None, "running as root and there is no 'postgres' user to run the server as"
        os.chown(base, user.pw_uid, user.pw_gid)
        runas = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    steps = [[str(bindir / "initdb"), "-D", str(base / "data"), "-A", "trust", "-U", "tipsom", "-E", "UTF8", "--locale=C",
              "--no-sync"],
             [str(bindir / "pg_ctl"), "-D", str(base / "data"), "-l", str(base / "server.log"), "-w", "-t", "60",
              "-o", f"-h 127.0.0.1 -p {port} -k {base} -c fsync=off -c full_page_writes=off", "start"]]
    for step in steps:
        done = subprocess.run([*runas, *step], capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = (base / "server.log").read_text(errors="replace") if (base / "server.log").exists() else ""
            shutil.rmtree(base, ignore_errors=True)
            raise RuntimeError(f"{Path(step[0]).name} failed: {done.stdout}{done.stderr}{log}")
    return Server(base, bindir, port, runas), ""
