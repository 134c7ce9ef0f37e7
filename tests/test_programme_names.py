"""The programme report names modules, objectives and items as the session report does
(module titles, "O·1", "A·3"), in English and Urdu, and the two reports name audiences alike."""

from __future__ import annotations

import html
import re

from tipsom.kit.labels import item_label, objective_label
from tipsom.programme import figures, import_folders, open_db
from tipsom.programme.report import report_html

from .test_programme import SESSION_30


def test_the_programme_report_prints_titles_and_labels_not_ids(curriculum, tmp_path):
    engine = open_db(str(tmp_path / "p.sqlite"))
    import_folders(engine, curriculum, [SESSION_30])
    found = figures(engine, curriculum)
    engine.dispose()
    for language in ("en", "ur"):
        page = report_html(curriculum, found, language)
        for ob in found["per_objective"]:
            assert ob not in page, (language, ob)  # no "who-investigates/1"
        assert f'<bdi dir="ltr">{objective_label(len(found["per_objective"]))}</bdi>' in page
        first = next(i for i in found["items"])
        assert f'<bdi dir="ltr">{item_label(first["form"] + str(first["number"]))}</bdi>' in page
        assert not re.search(r">[AB]\d+<", page), language  # no bare "A3"
        words = html.unescape(re.sub(r"<[^>]+>", "", page))  # the text as read (Latin runs inside Urdu are isolated)
        for m in {i["module"] for i in found["items"]}:
            assert curriculum.module_title(m, language) in words, (language, m)
        for ob in found["per_objective"]:
            assert curriculum.objective(ob, language) in words, (language, ob)
        for a in found["by_audience"]:
            assert curriculum.audience_name(a, language) in words, (language, a)


def test_the_curriculum_names_what_it_has_and_keeps_ids_it_has_not(curriculum):
    module = next(iter(curriculum.modules.values()))
    assert curriculum.module_title(module.id, "en") == module.title
    assert curriculum.objective(f"{module.id}/1", "en") == module.objectives[0]
    assert curriculum.objective(f"{module.id}/{len(module.objectives) + 1}", "en") == f"{module.id}/{len(module.objectives) + 1}"
    assert curriculum.module_title("no-such-module", "ur") == "no-such-module"
    audience = next(iter(curriculum.audiences.values()))
    assert curriculum.audience_name(audience.id, "en") == audience.name
    assert curriculum.audience_name("nobody", "ur") == "nobody"
