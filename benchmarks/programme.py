"""The programme database: import of 100 synthetic sessions of 40 participants and the
programme report from them (issue: in <= 30 s and <= 20 s, on SQLite and on PostgreSQL).

`make_sessions` writes the sessions (the tests use it too): fictional codes, answers in the
room's format (one JSON object a line, as `workbook.answers.append` writes it, without its
fsync per line, which would measure the disk), drawn with a fixed seed.
"""

from __future__ import annotations

import csv
import json
import random
import time
from pathlib import Path

AUDIENCES = ("police", "fia", "elders", "media", "academia", "civil_society")


def make_sessions(cur, out: Path, count: int = 100, people: int = 40, seed: int = 23) -> list[Path]:
    rng = random.Random(seed)
    folders = []
    for s in range(count):
        folder = Path(out) / f"event-{s + 1:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for n in range(people):
            audience = AUDIENCES[(s + n) % len(AUDIENCES)]
            rows.append({"name": f"Participant {s + 1}-{n + 1}", "code": f"E{s + 1:03d}P{n + 1:02d}", "audience": audience,
                         "gender": rng.choice(["female", "male", "female", "male", "transgender"]),
                         "organisation": f"Agency {audience}"})
        with (folder / "attendance.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        day = f"2026-{1 + s % 12:02d}-{1 + s % 27:02d}"
        for row in rows:
            lines = []
            test = cur.test_for(row["audience"])
            for phase, skill, hour in (("pre", 0.45, "09"), ("post", 0.8, "16")):
                for item in test.items:
                    if rng.random() < 0.05:
                        continue
                    right = [o.id for o in item.options if o.correct]
                    wrong = [o.id for o in item.options if not o.correct]
                    answer = right if rng.random() < skill else [rng.choice(wrong)]
                    lines.append({"audience": row["audience"], "scenario": f"test/{test.id}/{phase}", "question": item.id,
                                  "kind": "test", "answer": sorted(answer), "correct": None, "score": None,
                                  "participant": row["code"], "time": f"{day}T{hour}:{rng.randrange(60):02d}:00+00:00"})
            for scale in cur.evaluation.scales if cur.evaluation else []:
                lines.append({"audience": row["audience"], "scenario": "evaluation/form", "question": scale.id, "kind": "scale",
                              "answer": rng.choice([2, 3, 4, 4, 5, 5]), "correct": None, "score": None,
                              "participant": row["code"], "time": f"{day}T16:30:00+00:00"})
            (folder / f"{row['code']}.jsonl").write_text(
                "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in lines), encoding="utf-8")
        folders.append(folder)
    return folders


def run(cur, tmp: Path, url: str | None = None) -> dict[str, float]:
    """Seconds to import 100 sessions of 40 and to compute the report's figures and XLSX
    (the HTML and PDF print as the session report's do: `make bench`'s kit figures)."""
    from tipsom.programme import figures, import_folders, open_db
    from tipsom.programme.workbook import write_xlsx

    folders = make_sessions(cur, Path(tmp) / "sessions")
    engine = open_db(url or str(Path(tmp) / "programme.sqlite"))
    start = time.perf_counter()
    import_folders(engine, cur, folders)
    imported = time.perf_counter() - start
    start = time.perf_counter()
    found = figures(engine, cur)
    write_xlsx(cur, found, Path(tmp) / "programme.xlsx")
    reported = time.perf_counter() - start
    engine.dispose()
    return {"import 100 sessions x 40 (s)": imported, "report figures + XLSX (s)": reported,
            "participants": found["participants"]}


def report(cur, tmp: Path) -> str:
    """`make bench`'s lines: SQLite, then PostgreSQL on a server started as the tests start it."""
    import sys

    lines = []
    sqlite = run(cur, Path(tmp) / "sqlite")
    lines += [f"  SQLite     {k:36} {v:8.2f}" for k, v in sqlite.items() if k != "participants"]
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests import postgres

    server, why = postgres.server()
    if server is None:
        return "\n".join([*lines, f"  PostgreSQL: not measured ({why})"])
    try:
        found = run(cur, Path(tmp) / "postgresql", server.new_database())
    finally:
        server.stop()
    lines += [f"  PostgreSQL {k:36} {v:8.2f}" for k, v in found.items() if k != "participants"]
    return "\n".join(lines + ["  (issue figures: import <= 30 s, report <= 20 s, on each)"])
