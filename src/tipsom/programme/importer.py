"""`tipsom programme import`: session folders into the programme database.

One transaction per folder: a folder is imported whole or not at all. The event is named by
the folder; a folder of the same name from another laptop merges into it (its attendance
must agree on each code's audience and sex; its answers add only what is new). An answer is
kept once by its digest, so importing a folder twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from .errors import ProgrammeError
from .folders import Folder, canonical, digest, read_folder
from .schema import answers, events, imports, participants


@dataclass
class Imported:
    event: str
    folder: str
    participants: int       # on the event's list after the import
    added: int              # answers new to the database
    kept: int               # answers it already had
    skipped: list[str]


def import_folders(engine: Engine, cur, folders: list[Path], skip_unreadable: bool = False) -> list[Imported]:
    """Import each folder in its own transaction; stop at the first that cannot be imported
    (folders before it stay imported, as the message says)."""
    done: list[Imported] = []
    for path in folders:
        folder = read_folder(cur, path, skip_unreadable)
        try:
            with engine.begin() as conn:
                done.append(_import(conn, cur, folder))
        except ProgrammeError as err:
            raise ProgrammeError(_so_far(done) + str(err)) from None
        except SQLAlchemyError as err:
            why = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
            raise ProgrammeError(f"{_so_far(done)}{path}: the database refused the import ({why}); nothing of this folder "
                                 "was imported.") from None
    return done


def _so_far(done: list[Imported]) -> str:
    return f"(imported before this: {', '.join(d.folder for d in done)}) " if done else ""


def _import(conn: Connection, cur, folder: Folder) -> Imported:
    event_id = _event(conn, cur, folder)
    _participants(conn, event_id, folder)
    before = _count(conn, event_id)
    rows, seen = [], set()
    for r in folder.records:
        d = digest(r)
        if d in seen:
            continue
        seen.add(d)
        rows.append({"event_id": event_id, "participant": str(r["participant"])[:32], "scenario": str(r["scenario"])[:200],
                     "question": str(r["question"])[:200], "kind": str(r.get("kind") or "")[:40],
                     "form": None if r.get("form") is None else str(r["form"])[:20],
                     "source": str(r.get("source") or "room")[:20], "time": str(r.get("time") or "")[:40],
                     "digest": d, "record": canonical(r)})
    for start in range(0, len(rows), 5000):
        conn.execute(_insert_new(conn, answers), rows[start:start + 5000])
    added = _count(conn, event_id) - before
    conn.execute(imports.insert().values(event_id=event_id, folder=str(folder.path.resolve())[:1000],
                                         at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), added=added,
                                         notes="\n".join(folder.skipped)))
    listed = conn.execute(select(func.count()).select_from(participants).where(participants.c.event_id == event_id)).scalar_one()
    return Imported(folder.name, str(folder.path), listed, added, len(rows) - added, folder.skipped)


def _count(conn: Connection, event_id: int) -> int:
    return conn.execute(select(func.count()).select_from(answers).where(answers.c.event_id == event_id)).scalar_one()


def _insert_new(conn: Connection, table):
    """INSERT ... ON CONFLICT DO NOTHING, in the database's own dialect."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table).on_conflict_do_nothing()


def _event(conn: Connection, cur, folder: Folder) -> int:
    """The event's row: made from the folder and programme.yaml, or merged with the one there."""
    prog = cur.programme
    first, last = folder.days()
    audiences = sorted({p.audience for p in folder.people})
    trainers = sorted({s.facilitator for d in (prog.days if prog else []) if set(d.audiences) & set(audiences)
                       for s in d.sessions if s.facilitator != "none"})
    row = conn.execute(select(events).where(events.c.name == folder.name)).mappings().first()
    if row is None:
        return conn.execute(events.insert().values(
            name=folder.name, title=prog.title if prog else "", place=prog.place if prog else "", first_day=first,
            last_day=last, dates=getattr(prog, "dates", None), audiences=",".join(audiences),
            trainers=",".join(trainers))).inserted_primary_key[0]
    days = [d for d in (row["first_day"], row["last_day"], first, last) if d]
    merged = sorted(set(filter(None, row["audiences"].split(","))) | set(audiences))
    staff = sorted(set(filter(None, row["trainers"].split(","))) | set(trainers))
    conn.execute(events.update().where(events.c.id == row["id"]).values(
        first_day=min(days) if days else None, last_day=max(days) if days else None,
        audiences=",".join(merged), trainers=",".join(staff)))
    return row["id"]


def _participants(conn: Connection, event_id: int, folder: Folder) -> None:
    """The attendance list, by code: a code already there must have the same audience and sex
    (a district the row there lacks is filled in from this list)."""
    there = {r.code: r for r in conn.execute(select(participants).where(participants.c.event_id == event_id))}
    new = []
    for p in folder.people:
        code = p.code.upper()
        old = there.get(code)
        if old is None:
            new.append({"event_id": event_id, "code": code, "audience": p.audience, "sex": p.gender,
                        "organisation": p.organisation[:300], "district": p.district[:100] or None})
        elif (old.audience, old.sex) != (p.audience, p.gender):
            raise ProgrammeError(f"{folder.path / 'attendance.csv'}:{p.line}: '{p.code}' is {p.audience}, {p.gender} here but "
                                 f"{old.audience}, {old.sex} in the event '{folder.name}' already imported (another laptop's "
                                 "list?). Correct one of the two lists; nothing of this folder was imported.")
        elif p.district and not old.district:
            conn.execute(participants.update().where(participants.c.id == old.id).values(district=p.district[:100]))
    if new:
        conn.execute(participants.insert(), new)


def event_records(conn: Connection, event_id: int) -> list[dict]:
    """An event's answers as the session's readers give them, in time order."""
    rows = conn.execute(select(answers.c.record).where(answers.c.event_id == event_id).order_by(answers.c.time, answers.c.id))
    return [json.loads(r[0]) for r in rows]
