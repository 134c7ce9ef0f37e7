"""The trainer's kit: the report's figures against a hand count of the fixture session, the
plots, certificates, no name outside the attendance list and certificates, and bad CSVs."""

from __future__ import annotations

import base64
import csv
import html
import json
import re
import shutil
import subprocess
import sys
from collections import Counter

import pytest
import yaml

from tipsom.kit.order import lettered, shuffled
from tipsom.kit.report import report_html
from tipsom.kit.roster import read_attendance
from tipsom.workbook.answers import read_answers

from .conftest import FIXTURES, ROOT

SESSION = FIXTURES / "session-30-participants"


# ---- a hand count of the fixture, from its files (no kit code) -----------------------

def hand_people() -> list[dict]:
    with (SESSION / "attendance.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def hand_records() -> list[dict]:
    return [json.loads(line) for p in sorted(SESSION.glob("*.jsonl")) for line in p.read_text().splitlines() if line]


def hand_keys() -> dict[str, dict[str, tuple[str, set[str], list[str]]]]:
    """test id -> item id -> (form, the correct option ids, objectives tested), read from the YAML."""
    out = {}
    for path in (ROOT / "curriculum" / "tests").glob("*.yaml"):
        if path.name.count(".") == 1:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            out[data["id"]] = {i["id"]: (i["form"], {o["id"] for o in i["options"] if o["correct"]}, i["tests"])
                               for i in data["items"]}
    return out


def hand_last() -> dict[tuple[str, str, str], list[str]]:
    """(code, scenario, item) -> the latest answer to a test item."""
    return {(r["participant"], r["scenario"], r["question"]): r["answer"] for r in hand_records() if r["scenario"].startswith("test/")}


def hand_forms() -> dict[tuple[str, str], str]:
    """(code, phase) -> the form of the items answered (each item is of one form)."""
    keys = hand_keys()
    return {(code, sid.split("/")[2]): keys[sid.split("/")[1]][iid][0] for (code, sid, iid) in hand_last()}


def hand_scores() -> dict[tuple[str, str], float]:
    """(code, phase) -> percent right of the form's items, the latest answer to each item counting."""
    keys, last, forms = hand_keys(), hand_last(), hand_forms()
    out = {}
    for (code, sid, _), _answer in last.items():
        _, tid, phase = sid.split("/")
        items = {i: want for i, (form, want, _) in keys[tid].items() if form == forms[(code, phase)]}
        rights = sum(set(last.get((code, sid, i), [])) == want for i, want in items.items())
        out[(code, phase)] = 100 * rights / len(items)
    return out


def figures(html: str) -> str:
    """The report with its numbers' left-to-right isolation unwrapped: the figures as read."""
    return re.sub(r'</?bdi(?: dir="ltr")?>', "", html)


@pytest.fixture(scope="module")
def report(curriculum):
    people = read_attendance(SESSION, curriculum.audiences)
    return figures(report_html(curriculum, SESSION.name, people, read_answers(SESSION).records, "en"))


def test_the_fixture_is_thirty_fabricated_people():
    people = hand_people()
    assert len(people) == 30 and len({p["Participant code"] for p in people}) == 30


def test_attendance_by_audience_and_gender_equals_the_hand_count(report, curriculum):
    people = hand_people()
    for audience in {p["Audience"] for p in people}:
        counts = Counter(p["Gender"] for p in people if p["Audience"] == audience)
        name = curriculum.audiences[audience].name
        row = f"<tr><td>{name}</td>" + "".join(f"<td class=n>{counts[g]}</td>" for g in ("female", "male", "transgender"))
        assert row + f"<td class=n><b>{sum(counts.values())}</b></td></tr>" in report
    assert "<th class=n>30</th></tr>" in report


def test_mean_scores_per_audience_equal_the_hand_count(report, curriculum):
    scores, audience = hand_scores(), {p["Participant code"]: p["Audience"] for p in hand_people()}
    for aud in set(audience.values()):
        pre = [s for (c, ph), s in scores.items() if ph == "pre" and audience[c] == aud]
        post = [s for (c, ph), s in scores.items() if ph == "post" and audience[c] == aud]
        row = (f"<tr><td>{curriculum.audiences[aud].name}</td><td class=n>{len(pre)}</td><td class=n>{sum(pre) / len(pre):.1f}%</td>"
               f"<td class=n>{len(post)}</td><td class=n>{sum(post) / len(post):.1f}%</td></tr>")
        assert row in report, row


def test_the_gain_of_each_participant_equals_the_hand_count(report):
    scores = hand_scores()
    both = sorted(c for c, ph in scores if ph == "post" and (c, "pre") in scores)
    assert len(both) == 27  # two took only the pre-test, one only the post-test
    for code in both:
        pre, post = scores[(code, "pre")], scores[(code, "post")]
        assert f"<tr><td dir=ltr>{code}</td><td class=n>{pre:.1f}</td><td class=n>{post:.1f}</td><td class=n>{post - pre:+.1f}</td></tr>" in report


def test_each_items_share_right_equals_the_hand_count_worst_first(report):
    keys, last, forms = hand_keys(), hand_last(), hand_forms()
    for tid, items in keys.items():
        shares, numbers = [], {}
        for form in "AB":
            numbers |= {iid: f"{form}{n}" for n, iid in enumerate([i for i, v in items.items() if v[0] == form], 1)}
        for iid, (form, want, _) in items.items():
            share = {}
            for ph in ("pre", "post"):
                takers = {c for (c, s, _) in last if s == f"test/{tid}/{ph}" and forms[(c, ph)] == form}
                share[ph] = 100 * sum(set(last.get((c, f"test/{tid}/{ph}", iid), [])) == want for c in takers) / len(takers)
            shares.append((share["post"], share["pre"], form, int(numbers[iid][1:])))
            label = f"{numbers[iid][0]}·{numbers[iid][1:]}"  # A·3, never a participant code
            assert re.search(rf"<td class=n>{label}</td><td dir=auto>[^<]*<br><span class=small>[^<]*</span></td>"
                             rf"<td class=n>{share['pre']:.1f}%</td><td class=n>{share['post']:.1f}%</td>", report), (tid, iid)
        order = re.findall(r"<td class=n>([AB]·\d+)</td>", report)
        worst = [f"{f}·{n}" for *_, f, n in sorted(shares)]
        assert any(order[i:i + len(worst)] == worst for i in range(len(order))), (tid, worst)


def test_half_of_each_audience_takes_each_form_first_and_the_gain_per_order_is_the_hand_count(report):
    forms, scores = hand_forms(), hand_scores()
    audience = {p["Participant code"]: p["Audience"] for p in hand_people()}
    for aud in set(audience.values()):
        firsts = Counter(forms[(c, "pre")] for c in audience if audience[c] == aud and (c, "pre") in forms)
        assert abs(firsts["A"] - firsts["B"]) <= 1, (aud, firsts)
    for tid in hand_keys():
        mine = {c for (c, ph) in forms if any(f"test/{tid}/" in s for (cc, s, _) in hand_last() if cc == c)}
        for order in ("A→B", "B→A"):
            pairs = [(scores[(c, "pre")], scores[(c, "post")]) for c in sorted(mine)
                     if (c, "pre") in scores and (c, "post") in scores and f"{forms[(c, 'pre')]}→{forms[(c, 'post')]}" == order]
            pre, post = sum(p for p, _ in pairs) / len(pairs), sum(q for _, q in pairs) / len(pairs)
            row = (f"<tr><td>{order[0]}, then {order[-1]}</td><td class=n>{len(pairs)}</td><td class=n>{pre:.1f}</td>"
                   f"<td class=n>{post:.1f}</td><td class=n>{post - pre:+.1f}</td></tr>")
            assert row in report, (tid, row)


def test_the_share_right_per_objective_equals_the_hand_count(report):
    keys, last, forms = hand_keys(), hand_last(), hand_forms()
    for tid, items in keys.items():
        found: dict[str, dict[str, list[bool]]] = {}
        for (code, sid, _) in {(c, s, "") for (c, s, _) in last if s.startswith(f"test/{tid}/")}:
            phase = sid.split("/")[2]
            for iid, (form, want, tested) in items.items():
                if form == forms[(code, phase)]:
                    for ob in tested:
                        found.setdefault(ob, {"pre": [], "post": []})[phase].append(set(last.get((code, sid, iid), [])) == want)
        title = yaml.safe_load((ROOT / "curriculum" / "tests" / f"{tid}.yaml").read_text(encoding="utf-8"))["title"]
        section = report.split(f"<h2>Gain per learning objective: {title}</h2>")[1].split("<h2>")[0]
        for k, ob in enumerate(sorted(found, key=lambda o: (o.split("/")[0], int(o.split("/")[1]))), 1):
            got = found[ob]
            module = yaml.safe_load((ROOT / "curriculum" / "modules" / f"{ob.split('/')[0]}.yaml").read_text(encoding="utf-8"))
            said = f"{module['objectives'][int(ob.split('/')[1]) - 1]}<br><span class=small>{module['title']}</span>"
            pre, post = (100 * sum(v) / len(v) for v in (got["pre"], got["post"]))
            assert re.search(rf"<td class=n>O·{k}</td><td dir=auto>{re.escape(html.escape(said, quote=True).replace('&lt;br&gt;', '<br>').replace('&lt;span class=small&gt;', '<span class=small>').replace('&lt;/span&gt;', '</span>'))}</td>"
                             rf"<td class=n>{len(got['pre']) + len(got['post'])}</td>"
                             rf"<td class=n>{pre:.1f}%</td><td class=n>{post:.1f}%</td><td class=n>{re.escape(f'{post - pre:+.1f}')}</td>", section), (tid, ob)


def test_scenario_answer_shares_and_evaluation_means_equal_the_hand_count(report, curriculum):
    records = hand_records()
    last = {}
    for r in records:
        last[(r["participant"], r["scenario"], r["question"])] = r["answer"]
    classify = Counter(a for (_, s, q), a in last.items() if s == "brick-kiln-peshgi" and q == "classify")
    total = sum(classify.values())
    label = {"trafficking": "Trafficking in persons", "neither": "Neither"}
    for answer, n in classify.items():
        assert f"{label[answer]}</td><td class=n>{n}</td><td class=n>{100 * n / total:.0f}%</td>" in report
    for scale in curriculum.evaluation.scales:
        values = [a for (_, s, q), a in last.items() if s == "evaluation/form" and q == scale.id]
        assert f"<td class=n>{len(values)}</td><td class=n>{sum(values) / len(values):.2f}</td>" in report


def test_plots_are_svg_with_no_external_reference(report):
    images = re.findall(r'<img[^>]*src="([^"]+)"', report)
    assert len(images) >= 6
    for src in images:
        assert src.startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(src.split(",", 1)[1]).decode()
        assert svg.startswith("<svg")
        refs = re.findall(r'(?:href|src)="([^"]*)"', svg) + re.findall(r"url\(([^)]*)\)", svg)
        assert all(ref.startswith("#") for ref in refs), refs
        assert "<text" not in svg  # words are HTML around the plot (Urdu cannot be shaped by matplotlib)


def test_a_session_with_no_post_test_reports_what_it_has(tmp_path, curriculum):
    session = tmp_path / "no-post"
    shutil.copytree(SESSION, session)
    for path in session.glob("*.jsonl"):
        lines = [ln for ln in path.read_text().splitlines() if "/post" not in ln]
        path.write_text("\n".join(lines) + "\n")
    people = read_attendance(session, curriculum.audiences)
    html = report_html(curriculum, session.name, people, read_answers(session).records, "en")
    assert "No post-test answers in this session" in html
    assert "Mean before" in html and "Gain per participant" not in html


def test_no_name_leaves_the_attendance_list_except_into_certificates(tmp_path, curriculum):
    from tipsom.kit.certificates import certificates_html

    people = hand_people()
    names = {p["Name"] for p in people} | {w for p in people for w in p["Name"].split() if len(w) >= 4}
    outputs = [report_html(curriculum, SESSION.name, read_attendance(SESSION), read_answers(SESSION).records, lang)
               for lang in ("en", "ur")]
    session = tmp_path / "s"
    session.mkdir()
    shutil.copy(SESSION / "attendance.csv", session)
    (tmp_path / "paper.csv").write_text("code,phase,1,2,3\nQ01,pre,A,B,C\n", encoding="utf-8")
    from tipsom.kit import import_paper

    import_paper(curriculum, session, tmp_path / "paper.csv")
    outputs += [p.read_text(encoding="utf-8") for p in session.glob("*.jsonl")]  # what the kit writes into a session
    for text in outputs:
        leaked = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.I)]
        assert leaked == []
    assert "[…] for the tea" in outputs[0]  # a name typed into a comment is blanked
    cert = certificates_html(curriculum, SESSION.name, read_attendance(SESSION))
    assert all(p["Name"] in cert for p in people)


def test_options_are_shuffled_the_same_way_every_time():
    ids = ["trafficking", "smuggling", "both", "neither"]
    assert shuffled("law-enforcement", "border-fee", ids) == shuffled("law-enforcement", "border-fee", list(reversed(ids)))
    orders = {tuple(shuffled("law-enforcement", f"item-{i}", ids)) for i in range(20)}
    assert len(orders) > 5


def test_the_right_answer_is_not_always_first(curriculum):
    firsts = [lettered(t.id, i)[0][1].correct for t in curriculum.tests.values() for i in t.items]
    assert 0 < sum(firsts) < len(firsts) * 0.6


def test_urdu_papers_letter_options_alif_be_jim_dal(curriculum):
    from tipsom.kit.order import latin

    test = curriculum.tests["community"]
    item = test.form("A")[0]
    urdu = [letter for letter, _ in lettered(test.id, item, "ur")]
    assert urdu == ["الف", "ب", "ج", "د"]
    assert [o.id for _, o in lettered(test.id, item, "ur")] == [o.id for _, o in lettered(test.id, item)]
    assert [latin(x) for x in urdu] == ["A", "B", "C", "D"] and latin("b") == "B" and latin("ز") is None


@pytest.mark.slow
def test_report_and_certificates_commands_write_pdfs(tmp_path):
    import pypdf

    out = tmp_path / "out"
    run = [sys.executable, "-m", "tipsom"]
    done = subprocess.run(run + ["report", str(SESSION), "--out", str(out / "r"), "--language", "en"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    pdf = pypdf.PdfReader(out / "r" / SESSION.name / "report.pdf")
    assert pdf.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4
    root = tmp_path / "project"  # certificates need the training's dates, set per training
    for folder in ("curriculum", "scenarios"):
        shutil.copytree(ROOT / folder, root / folder)
    programme = root / "curriculum" / "programme.yaml"
    programme.write_text("dates: 1 and 2 December 2026\n" + programme.read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run(run + ["certificates", str(SESSION), "--out", str(out / "c"), "--root", str(root)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    cert = pypdf.PdfReader(out / "c" / SESSION.name / "certificates.pdf")
    assert len(cert.pages) == len(hand_people())
    assert cert.pages[0].mediabox.width > cert.pages[0].mediabox.height  # landscape
    code = re.search(r"([A-Z2-7]{4}-[A-Z2-7]{4})", cert.pages[0].extract_text())[1]
    done = subprocess.run(run + ["certificates", str(SESSION), "--verify", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "Q01" in done.stdout


def test_the_test_page_saves_answers_like_the_room_and_the_report_counts_them(tmp_path, curriculum):
    from tipsom.kit import evaluation_page, test_page

    page = test_page(audience="fia", phase="pre", participant="P01", session="s", sessions_root=str(tmp_path), root=str(ROOT))
    page.header(), page.questions(), page.hand_in()
    test = curriculum.test_for("fia")
    from tipsom.kit.scores import form_by_code

    form = page.form
    assert form == form_by_code("P01", "pre") and f"<b>Form {form}</b>" in page.box.children[0].value
    first = test.form(form)[0]
    wrong = [o.id for o in first.options if not o.correct]
    page.choices[first.id].pick(wrong[0])
    page.choices[first.id].ticks[page.choices[first.id].ids.index(next(o.id for o in first.options if o.correct))].value = True
    assert len(page.choices[first.id].chosen()) == 1  # ticking one clears the other: a single-choice item
    page.submit()
    assert f"1 of {len(test.form(form))}" in page.result.value  # P01 is on no attendance list: a hash of the code
    ev = evaluation_page(audience="fia", participant="P01", session="s", sessions_root=str(tmp_path), root=str(ROOT))
    ev.scales["useful"].value = 4
    ev.texts["change"].value = "More cases."
    ev.submit()
    records = read_answers(tmp_path / "s").records
    assert [r["scenario"] for r in records] == [f"test/{test.id}/pre", "evaluation/form", "evaluation/form"]
    assert records[0]["correct"] is True
    from tipsom.workbook.answers import room_summary

    assert room_summary(tmp_path / "s") == {}  # the room's scenario view does not show the test or the evaluation
    (tmp_path / "s" / "attendance.csv").write_text("name,code,audience,gender,organisation\nA B,P01,fia,male,FIA\n")
    html = figures(report_html(curriculum, "s", read_attendance(tmp_path / "s"), records, "en"))
    assert f"<td class=n>1</td><td class=n>{100 / len(test.form(form)):.1f}%</td>" in html and "More cases." in html
    listed = test_page(audience="fia", phase="post", participant="P01", session="s", sessions_root=str(tmp_path), root=str(ROOT))
    assert listed.form == "B"  # the first fia on the session's attendance list takes A before and B after
    fixed = test_page(audience="fia", phase="post", participant="P01", session="s", sessions_root=str(tmp_path), root=str(ROOT), form="A")
    assert fixed.form == "A"
    bad = test_page(audience="fia", phase="later", root=str(ROOT))
    assert "phase must be" in bad.header().html


@pytest.mark.slow
def test_the_prepared_test_and_evaluation_notebooks_run(tmp_path, curriculum):
    import nbformat
    from nbclient import NotebookClient

    from tipsom.workbook.prepare import prepare_workbooks

    prepare_workbooks(curriculum, tmp_path)
    for name in ("test-pre.ipynb", "evaluation.ipynb"):
        nb = nbformat.read(tmp_path / "elders" / "ur" / name, as_version=4)
        NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(tmp_path / "elders" / "ur")}}).execute()
        outputs = [o for c in nb.cells for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.output_type == "error"]
        assert sum("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs) == 3
