"""The programme's indicators as an XLSX workbook (openpyxl), for M&E staff.

One sheet a table, each with a header row frozen and numbers stored as numbers (percent
figures as 0-100, as the report prints them): Summary, Participants, Events, Audiences,
Objectives, Items (difficulty, discrimination, each option's share), Evaluation, Follow-up.
Codes and ids only: the database holds no names. Items are labelled as the reports print them
(A·3: form A, item 3), objectives numbered O·1, O·2... with their id, text and module title.
"""

from __future__ import annotations

from pathlib import Path

SCORE_KEYS = ("took_pre", "pre_mean", "took_post", "post_mean", "took_both", "gain_mean", "mastered", "mastery_share")
SCORE_HEADS = ("Took pre-test", "Pre mean %", "Took post-test", "Post mean %", "Took both", "Mean gain (points)",
               "Mastered", "Mastery share %")


def write_xlsx(cur, found: dict, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..kit.labels import item_label, objective_label
    from ..kit.pdf import write

    book = Workbook()
    book.remove(book.active)

    def sheet(title: str, head: list[str], rows: list[list]) -> None:
        ws = book.create_sheet(title)
        ws.append(head)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell(v) for v in row])
        ws.freeze_panes = "A2"
        for i, h in enumerate(head, 1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = max(10, min(60, len(str(h)) + 4))

    prog = cur.programme
    sheet("Summary", ["Figure", "Value"], [
        ["Programme", prog.title if prog else ""], ["Events", found["events"]], ["Participants", found["participants"]],
        *[[f"Participants: {s}", n] for s, n in found["by_sex"].items()],
        *[[h, found[k]] for h, k in zip(SCORE_HEADS, SCORE_KEYS, strict=True)],
        ["Pass mark %", found["pass_mark"]],
        ["Participants without a district (counted under their event's place)", found["district_from_place"]],
        ["Follow-up responses", found["followup"]["responses"]]])
    sexes = list(found["by_sex"])
    sheet("Participants", ["By", "Group", *sexes, "Total"], [
        *[["audience", a, *found["by_audience_sex"][a].values(), n] for a, n in found["by_audience"].items()],
        *[["agency", a, "", "", "", n] for a, n in found["by_agency"].items()],
        *[["district", a, "", "", "", n] for a, n in found["by_district"].items()],
        *[["place", a, "", "", "", n] for a, n in found["by_place"].items()]])
    sheet("Events", ["Event", "Place", "First day", "Last day", "Audiences", "Trainers", "Participants", *sexes, *SCORE_HEADS],
          [[e["event"], e["place"], e["first_day"], e["last_day"], ", ".join(e["audiences"]), ", ".join(e["trainers"]),
            e["participants"], *e["by_sex"].values(), *(e[k] for k in SCORE_KEYS)] for e in found["per_event"]])
    sheet("Audiences", ["Audience", *SCORE_HEADS],
          [[a, *(s[k] for k in SCORE_KEYS)] for a, s in found["per_audience"].items()])
    sheet("Objectives", ["#", "Objective", "Text", "Module", "Answers pre", "Right pre %", "Answers post", "Right post %",
                         "Gain (points)"],
          [[objective_label(n), m, o["title"], o["module"], o["answers_pre"], o["pre_share"], o["answers_post"], o["post_share"], o["gain"]]
           for n, (m, o) in enumerate(found["per_objective"].items(), 1)])
    width = max((len(i["pre" if "pre" in i else "post"]["options"]) for i in found["items"]), default=0)
    rows = []
    for i in found["items"]:
        for phase in ("pre", "post"):
            if phase in i:
                p = i[phase]
                options = [f"{o}{' (key)' if o in i['correct'] else ''}: {v}" for o, v in p["options"].items()]
                rows.append([i["test"], item_label(f"{i['form']}{i['number']}"), i["item"], cur.module_title(i["module"], "en"), phase, p["n"], p["difficulty"], p["discrimination"],
                             p["blank"], *options, *[""] * (width - len(options)), i["prompt"]])
    sheet("Items", ["Test", "Q", "Item", "Module", "Phase", "Takers", "Difficulty (% right)", "Discrimination (upper-lower)",
                    "Blank %", *[f"Option {n + 1} %" for n in range(width)], "Prompt"], rows)
    sheet("Evaluation", ["Scale", "Statement", "Answers", "Mean (1-5)"],
          [[s, e["text"], e["n"], e["mean"]] for s, e in found["evaluation"].items()])
    follow = found["followup"]
    sheet("Follow-up", ["Question", "Text", "Answers", "Mean", "Counts"],
          [[q, e["text"], e["n"], e.get("mean"), ", ".join(f"{k}: {v}" for k, v in e.get("answers", {}).items())]
           for q, e in follow["questions"].items()])
    from io import BytesIO

    buf = BytesIO()
    book.save(buf)
    return write(Path(path), buf.getvalue())


def _cell(value):
    """A value as a cell: None stays empty; text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
