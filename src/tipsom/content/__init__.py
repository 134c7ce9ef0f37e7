"""What trainers write, read and checked: the only package that opens content files.

`load_curriculum(root)` gives the validated `Curriculum` (or raises `ContentError` with every
problem); `check_project(root)` gives the sorted problems; `read_facts` reads a case's facts for
`tipsom assess`. Inside, by stage: source (safe, located YAML) -> models -> validate -> overlays
(translations) -> curriculum -> checks (across files) -> load; markdown.py is how content text
becomes HTML wherever it is shown (print and notebooks), and what `check` reports of it.
"""

from .curriculum import Curriculum
from .load import check_project, load_curriculum, read_facts
from .validate import HINTS, report_lines

__all__ = ["Curriculum", "HINTS", "check_project", "load_curriculum", "read_facts", "report_lines"]
