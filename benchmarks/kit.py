"""The trainer's kit on the fixture session of 30 people: how long the report and the
certificates take, beside the floor of their work (one empty page through the same PDF
printer, and reading the session's answers).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

SESSION = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "session-30-participants"


def _lap(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run(cur) -> dict[str, float]:
    """The figures; the printer's browser is closed after (a live Playwright keeps its event
    loop running in this thread, and the room's load test after this starts its own)."""
    from tipsom.handouts import render

    try:
        return _run(cur)
    finally:
        render.close()


def _run(cur) -> dict[str, float]:
    from tipsom.kit.certificates import certificates_html
    from tipsom.kit.pdf import document, print_pdf
    from tipsom.kit.report import report_html
    from tipsom.kit.roster import read_attendance
    from tipsom.workbook.answers import read_answers

    out: dict[str, float] = {}
    out["read the answers (s)"], answers = _lap(lambda: read_answers(SESSION))
    people = read_attendance(SESSION, cur.audiences)
    out["report HTML, plots included, first (s)"], html = _lap(lambda: report_html(cur, SESSION.name, people, answers.records))
    out["report HTML, again (s)"], _ = _lap(lambda: report_html(cur, SESSION.name, people, answers.records))
    out["floor: an empty page to PDF (s)"], _ = _lap(lambda: print_pdf(document("x", "<p>x</p>"), "en", "bench", cur.root))
    out["report PDF, English (s)"], _ = _lap(lambda: print_pdf(html, "en", "report", cur.root))
    cert = certificates_html(cur, SESSION.name, people)
    out["30 certificates PDF (s)"], _ = _lap(lambda: print_pdf(cert, "ur", "certificates", cur.root))
    with tempfile.TemporaryDirectory() as tmp:
        from tipsom.kit import import_paper

        session = Path(tmp) / "s"
        session.mkdir()
        shutil.copy(SESSION / "attendance.csv", session)
        rows = "".join(f"Q{n:02d},pre,A,B,C,D,A,B,C,A,B,C\n" for n in range(1, 31))
        (Path(tmp) / "paper.csv").write_text("code,phase,1,2,3,4,5,6,7,8,9,10\n" + rows)
        out["paper import, 30 sheets (s)"], _ = _lap(lambda: import_paper(cur, session, Path(tmp) / "paper.csv"))
    return out
