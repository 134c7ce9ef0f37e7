"""The attendance list: `<session>/attendance.csv`, kept by the trainer in the session folder.

Columns (header names as a trainer writes them; case and spaces do not matter):
`name`, `code` (or "participant code"), `audience`, `gender`, `organisation`, and optionally
`district` (where the participant works; the programme report counts people by it). Names stay
here and on certificates: everything else the kit writes names people by code only.
The list never belongs inside curriculum/ or scenarios/ (content is shared; people are not).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..workbook.answers import CODE
from .csvfile import read_table
from .errors import KitError

FILE = "attendance.csv"
COLUMNS = {"name": ("name", "fullname", "participantname"),
           "code": ("code", "participantcode", "participant", "id"),
           "audience": ("audience", "group"),
           "gender": ("gender", "sex"),
           "organisation": ("organisation", "organization", "org", "department", "institution"),
           "district": ("district",)}
OPTIONAL = ("district",)
MAX_DISTRICT = 100
GENDERS = {"female": "female", "f": "female", "woman": "female", "male": "male", "m": "male", "man": "male",
           "transgender": "transgender", "t": "transgender", "trans": "transgender"}


@dataclass(frozen=True)
class Person:
    name: str
    code: str
    audience: str
    gender: str
    organisation: str
    line: int
    district: str = ""      # empty when the list has no district column or the cell is blank


def attendance_path(session: Path) -> Path:
    return Path(session) / FILE


def read_attendance(session: Path, audiences: dict | None = None, path: Path | None = None) -> list[Person]:
    """Everyone on the list, in file order; a located `KitError` for the first bad row."""
    path = path or attendance_path(session)
    if not path.exists():
        raise KitError(path, None, "there is no attendance list", f"Save the list as {FILE} in the session folder "
                       "(columns: name, code, audience, gender, organisation; district if you count by it).")
    people: list[Person] = []
    seen: dict[str, int] = {}
    for row in read_table(path, COLUMNS, "attendance list", OPTIONAL):
        v = row.values
        if not v["name"]:
            raise KitError(path, row.line, "the name is empty", "Write the name as it should appear on the certificate.")
        if not CODE.match(v["code"]):
            raise KitError(path, row.line, f"'{v['code']}' cannot be a participant code",
                           "Use 1 to 32 letters, digits, '-' or '_' (the code given to the participant), no spaces.")
        code = v["code"]
        if code.lower() in seen:
            raise KitError(path, row.line, f"the code '{code}' is also on line {seen[code.lower()]}",
                           "Give each participant their own code.")
        seen[code.lower()] = row.line
        audience = v["audience"].lower().replace(" ", "_")
        if audiences is not None and audience not in audiences:
            raise KitError(path, row.line, f"'{v['audience']}' is not an audience",
                           f"Use one of: {', '.join(audiences)}.")
        gender = GENDERS.get(v["gender"].lower())
        if gender is None:
            raise KitError(path, row.line, f"'{v['gender']}' is not a gender the report counts",
                           "Write female, male or transgender.")
        district = " ".join(v["district"].split())
        if len(district) > MAX_DISTRICT:
            raise KitError(path, row.line, f"the district is {len(district)} characters long",
                           f"Write the district's name only (at most {MAX_DISTRICT} characters).")
        people.append(Person(v["name"], code, audience, gender, v["organisation"], row.line, district))
    if not people:
        raise KitError(path, 2, "the attendance list has a header but nobody on it", "Add one row per participant.")
    return people
