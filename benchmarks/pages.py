"""Paper: the pages each participant gets, per audience and language (the print pack:
leaflet, referral card, the day's workbook), against the issue's budget in English (elders
at most 10, every other audience at most 14), and what a room of 30 prints; beside it, what
the reference handout and the full workbook of every scenario would have cost."""

from __future__ import annotations

import json
from pathlib import Path

BUDGET = {"elders": 10}
DEFAULT_BUDGET = 14
ROOM = 30


def report(out: Path) -> dict:
    """Print the table from a finished build in `out`; return {(audience, language): pages}."""
    from tipsom.handouts.index import page_counts, per_participant

    manifest = json.loads((out / ".manifest.json").read_text(encoding="utf-8"))
    counts = page_counts(out, manifest)
    totals = per_participant(counts)
    print("Pages per participant (leaflet + referral card + the day's workbook):")
    print(f"  {'audience':16} {'language':8} {'leaflet':>7} {'card':>5} {'workbook':>8} {'total':>6} {'budget':>7} {'room of ' + str(ROOM):>11}")
    for (audience, language), total in sorted(totals.items()):
        part = {e: counts.get(f"{audience}/{language}/{e}") or 0 for e in ("leaflet", "referral_card", "participant_workbook")}
        budget = BUDGET.get(audience, DEFAULT_BUDGET)
        mark = "" if language != "en" else ("ok" if total <= budget else "OVER")
        print(f"  {audience:16} {language:8} {part['leaflet']:7d} {part['referral_card']:5d} {part['participant_workbook']:8d} "
              f"{total:6d} {budget if language == 'en' else '-':>7} {total * ROOM:11d} {mark}")
    reference = {k: v for k, v in counts.items() if k.endswith("/handout") and v}
    if reference:
        print(f"  reference handouts (optional, not in the pack): {min(reference.values())} to {max(reference.values())} pages each")
    return totals
