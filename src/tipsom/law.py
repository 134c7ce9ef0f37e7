"""The legal engine: Facts -> Assessment. Pure: no files, no printing.

It encodes the tests of the PTPA 2018 (as enacted, with the confirmed 2022 amendment; the
2025 Bills are not applied) and the PSMA 2018 as `curriculum/law/SOURCES.md` describes
them. Where the law is open, it decides by a stated reading and lists the point in
`unsettled`, so that no one is marked wrong on it. Every reason names the provision id
(in `curriculum/law/`) it rests on. PTPA section numbers are inferred from the Gazette's
order of sections; the law files carry that mark.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Act = Literal["recruit", "harbour", "transport", "provide", "obtain"]
Means = Literal["force", "fraud", "coercion"]
Purpose = Literal["compelled_labour", "commercial_sex", "organ_removal", "forced_marriage", "forced_begging"]
Gender = Literal["female", "male", "transgender"]
Movement = Literal["none", "within_pakistan", "into_pakistan", "out_of_pakistan"]
Direction = Literal["none", "into_pakistan", "out_of_pakistan"]
Aggravating = Literal[
    "serious_injury_or_death", "organised_group", "documents_taken",
    "repeat_offence", "life_endangered", "inhuman_treatment",
]

PTPA_PURPOSES = {"compelled_labour", "commercial_sex"}
READ_AS_LABOUR = {"forced_begging"}  # not named by the 2018 Act; read as compelled labour, an open point
PTPA_AGGRAVATING = {"serious_injury_or_death", "organised_group", "documents_taken", "repeat_offence"}
PSMA_AGGRAVATING = {"serious_injury_or_death", "life_endangered", "inhuman_treatment"}
FIELDS = ("classification", "agencies", "ptpa_penalty", "psma_penalty")  # what an open point can leave open


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Victim(_Strict):
    age: int = Field(ge=0, le=120)
    gender: Gender


class Crossing(_Strict):
    direction: Direction
    irregular: bool
    facilitator_benefit: bool
    # The only gain to whoever procured the crossing is the exploitation planned for the person
    # (no fee): whether that is the PSMA's "material benefit" is open; read here as not smuggling.
    exploitation_benefit: bool = False


class Facts(_Strict):
    """The legal facts of a case: the contract of design.md."""

    acts: list[Act]
    attempt: bool
    means: list[Means]
    purposes: list[Purpose]
    victim: Victim
    consent: bool
    trafficking_movement: Movement
    crossing: Crossing
    aggravating: list[Aggravating]

    @property
    def child(self) -> bool:
        return self.victim.age < 18


@dataclass
class Unsettled:
    """A point the engine decides by a reading where the law is open: which answer fields it
    leaves open, and a one-line reason naming the provision."""

    id: str
    affects: list[str]
    reason: str


@dataclass
class Assessment:
    """What the law says of the facts; `as_json()` is the `tipsom assess` output."""

    trafficking: bool = False
    smuggling: bool = False
    agencies: list[str] = field(default_factory=list)
    ptpa_penalty: str | None = None
    psma_penalty: str | None = None
    provisions: list[str] = field(default_factory=list)
    also_consider: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    unsettled: list[Unsettled] = field(default_factory=list)

    def open_on(self, name: str) -> list[Unsettled]:
        """The unsettled points that leave one answer field (e.g. 'classification') open."""
        return [u for u in self.unsettled if name in u.affects]

    @property
    def classification(self) -> str:
        """trafficking, smuggling, both or neither: the word a participant picks."""
        if self.trafficking and self.smuggling:
            return "both"
        return "trafficking" if self.trafficking else "smuggling" if self.smuggling else "neither"

    def as_json(self) -> dict:
        return asdict(self)


def assess(facts: Facts) -> Assessment:
    """Apply the trafficking test, the smuggling test, then who investigates."""
    out = Assessment()
    _trafficking(facts, out)
    _smuggling(facts, out)
    _who_investigates(facts, out)
    _related_law(facts, out)
    _unsettled(facts, out)
    out.agencies = sorted(set(out.agencies))
    out.provisions = list(dict.fromkeys(out.provisions))
    out.also_consider = list(dict.fromkeys(out.also_consider))
    return out


def _cite(out: Assessment, provision: str, reason: str) -> None:
    out.provisions.append(provision)
    out.reasons.append(f"{reason.rstrip('.')} [{provision}].")


def _trafficking(f: Facts, out: Assessment) -> None:
    s3, s7 = "ptpa-2018/s3", "ptpa-2018/s7"
    purposes = PTPA_PURPOSES.intersection(f.purposes)
    read = sorted(READ_AS_LABOUR.intersection(f.purposes))
    if read:  # forced begging: compelled labour on this workbook's reading (the 2018 Act does not name it)
        purposes.add("compelled_labour")
    if not f.acts:
        out.reasons.append(f"No act of recruiting, harbouring, transporting, providing or obtaining a person: not trafficking under the PTPA [{s3}].")
        return
    if not purposes:
        other = ", ".join(p.replace("_", " ") for p in f.purposes) or "none stated"
        out.reasons.append(f"The purpose ({other}) is not compelled labour or commercial sex acts, the only PTPA purposes: not trafficking under the PTPA [{s3}].")
        return
    if not f.means and not f.child:
        out.reasons.append(f"The person is an adult and no force, fraud or coercion was used: without a means it is not trafficking under the PTPA [{s3}].")
        return
    out.trafficking = True
    acts, aims = ", ".join(f.acts), " and ".join(sorted(p.replace("_", " ") for p in purposes))
    if read:
        aims += f" ({', '.join(r.replace('_', ' ') for r in read)}, read as compelled labour: the 2018 Act does not name it)"
    done = "was attempted (an attempt is itself the offence)" if f.attempt else "was carried out"
    means = f"through {', '.join(f.means)}" if f.means else "without force, fraud or coercion"
    _cite(out, s3, f"An act ({acts}) {done} {means}, for {aims}.")
    if f.child:
        means = "; the means used do not need to be proved" if f.means else "; no means is needed"
        _cite(out, s7, f"The person is a child (under 18){means}, and the consent of the child or a parent is no defence.")
    elif f.consent:
        out.reasons.append(f"The adult agreed, but the offence is made out by the {', '.join(f.means)} used: the PTPA gives no"
                           " consent defence, and the Trafficking Protocol says consent is irrelevant once such a means"
                           " is used (the Act says it in words only for children) [un-protocols/tip-art3].")
    aggravating = PTPA_AGGRAVATING.intersection(f.aggravating)
    if aggravating:
        out.ptpa_penalty = "aggravated"
        _cite(out, "ptpa-2018/s4", f"Aggravating circumstance(s): {', '.join(sorted(a.replace('_', ' ') for a in aggravating))}.")
    elif f.child or f.victim.gender == "female":
        out.ptpa_penalty = "woman_or_child"
        out.reasons.append(f"The higher range for a victim who is a woman or a child applies [{s3}].")
        if "commercial_sex" in purposes:
            _cite(out, "ptpa-2018/amendment-2022", "For sex trafficking of a woman or a child, the 2022 amendment removed the fine-only sentence.")
    elif f.victim.gender == "transgender":
        out.ptpa_penalty = "basic"
        out.reasons.append(f"The basic penalty applies on this workbook's reading: the higher range names women and children, and whether it reaches a transgender woman is open [{s3}].")
    else:
        out.ptpa_penalty = "basic"
        out.reasons.append(f"The basic penalty applies: the higher range names women and children only [{s3}].")


def _smuggling(f: Facts, out: Assessment) -> None:
    offence = "psma-2018/offence"
    c = f.crossing
    tried = "The intended crossing would have met" if f.attempt else "The crossing met"
    if c.direction == "none":
        out.reasons.append(f"No border was {'to be ' if f.attempt else ''}crossed into or out of Pakistan: not smuggling of migrants [{offence}].")
        return
    if not c.irregular:
        out.reasons.append(f"{tried} the legal requirements: not smuggling of migrants [{offence}].")
        return
    if not c.facilitator_benefit and c.exploitation_benefit:
        out.reasons.append("Nobody was paid for the irregular crossing; the only gain was the exploitation planned for the person."
                           " On this workbook's reading the material benefit of smuggling is a gain for the crossing itself,"
                           f" so it is not smuggling of migrants [{offence}], [un-protocols/som-art3].")
        return
    if not c.facilitator_benefit:
        out.reasons.append(f"Nobody procured the irregular crossing for money or another material benefit: not smuggling of migrants [{offence}].")
        return
    out.smuggling = True
    where = c.direction.replace("_", " ").replace("pakistan", "Pakistan")
    if f.attempt:
        _cite(out, offence, f"Someone tried to procure an irregular crossing {where} for a material benefit, and the crossing"
                            " did not happen: attempted smuggling, which the offence covers; the migrant is its object, not its offender.")
    else:
        _cite(out, offence, f"Someone procured an irregular crossing {where} for a material benefit; the migrant is the object of the crime, not its offender.")
    grounds = PSMA_AGGRAVATING.intersection(f.aggravating)
    if grounds:
        out.psma_penalty = "aggravated"
        _cite(out, "psma-2018/s6", f"Aggravating circumstance(s) for smuggling: {', '.join(sorted(g.replace('_', ' ') for g in grounds))} (the grounds of s. 6 are not confirmed in the text).")
    else:
        out.psma_penalty = "basic"


def _who_investigates(f: Facts, out: Assessment) -> None:
    if out.trafficking:
        if f.trafficking_movement in ("into_pakistan", "out_of_pakistan"):
            out.agencies.append("fia")
            _cite(out, "ptpa-2018/s8", "Moving the victim " + f.trafficking_movement.replace("_", " ").replace("pakistan", "Pakistan") + " is part of the offence, so the FIA investigates the trafficking.")
        else:
            out.agencies.append("police")
            _cite(out, "ptpa-2018/s8", "The trafficking does not involve moving the victim into or out of Pakistan, so the police investigate (not only the FIA).")
    if out.smuggling:
        out.agencies.append("fia")
        _cite(out, "psma-2018/investigation", "The FIA investigates all smuggling of migrants.")
    if not out.agencies:
        out.reasons.append("Neither offence is made out, so no agency investigates under the PTPA or the PSMA; see the related law listed [ptpa-2018/s8].")


def _related_law(f: Facts, out: Assessment) -> None:
    also = out.also_consider
    female, abroad = f.victim.gender == "female", "out_of_pakistan" in (f.trafficking_movement, f.crossing.direction)
    if "organ_removal" in f.purposes:
        also.append("thota-2010/offences")
    if "forced_marriage" in f.purposes:
        if female:  # s. 310-A (a woman given to settle a dispute) fits only such a case: authors cite it there
            also.append("ppc-1860/s498-b")
        if {"provide", "obtain"}.intersection(f.acts):  # a person handed over or obtained: a sale to consider
            also += ["ppc-1860/s370", "ppc-1860/s371-a", "ppc-1860/s371-b"]
        if f.child:
            also += ["cmra-1929/offences", "bcmra-2025/offences"]
    if "forced_begging" in f.purposes and f.victim.gender == "transgender":
        also.append("tpa-2018/begging")
    if "compelled_labour" in f.purposes and not abroad:  # the BLSA reaches labour in Pakistan
        also.append("blsa-1992/s11")
    if "commercial_sex" in f.purposes and out.trafficking:
        also += ["ppc-1860/s371-a", "ppc-1860/s371-b"]
        if female and f.child:
            also.append("ppc-1860/s366-a")
        if female and f.victim.age < 21 and "into_pakistan" in (f.trafficking_movement, f.crossing.direction):
            also.append("ppc-1860/s366-b")
    if f.crossing.irregular and f.crossing.direction == "out_of_pakistan":
        also.append("emigration-1979/s17")
        if out.trafficking:
            also.append("ptpa-2018/s6")
        if out.smuggling:
            also.append("psma-2018/non-criminalisation")
    elif f.crossing.irregular and f.crossing.direction == "into_pakistan":
        also.append("foreigners-1946/illegal-entry")
        if out.smuggling:
            also.append("psma-2018/non-criminalisation")


def _unsettled(f: Facts, out: Assessment) -> None:
    """Points decided here by a reading: the answer key follows it, the quiz does not score it.
    (`repeat_offence` means an earlier conviction, which counts on any reading of s. 4, so it
    is not listed: earlier conduct never tried is evidence, not that ground.)"""
    def note(uid: str, affects: list[str], reason: str) -> None:
        out.unsettled.append(Unsettled(uid, affects, reason))

    if out.ptpa_penalty == "basic" and f.victim.gender == "transgender":
        note("transgender-tier", ["ptpa_penalty"],
             "s. 3(2) names women and children; whether a transgender woman takes the higher range is not settled, and"
             " this workbook applies the basic range [ptpa-2018/s3].")
    if ("forced_marriage" in f.purposes and not out.trafficking and f.acts
            and not PTPA_PURPOSES.intersection(f.purposes) and (f.means or f.child)):
        note("forced-marriage-purpose", ["classification", "agencies", "ptpa_penalty"],
             "The PTPA's compelled labour includes slavery-like practices; whether a forced marriage is one is not"
             " settled, and this workbook reads it as outside the PTPA [ptpa-2018/s3].")
    if READ_AS_LABOUR.intersection(f.purposes) and out.trafficking and not PTPA_PURPOSES.intersection(f.purposes):
        note("begging-purpose", ["classification", "agencies", "ptpa_penalty"],
             "The 2018 Act does not name begging; whether forced begging is compelled labour is not settled, and this"
             " workbook reads it as compelled labour. The 2025 Bill would add organised begging, but its assent is not"
             " confirmed [ptpa-2018/s3], [ptpa-2018/bill-2025].")
    c = f.crossing
    if c.direction != "none" and c.irregular and c.exploitation_benefit and not c.facilitator_benefit:
        affects = ["classification", "psma_penalty"] + ([] if "fia" in out.agencies else ["agencies"])
        note("exploitation-benefit", affects,
             "Whether a gain from exploiting the person, with no fee for the crossing, is the material benefit of"
             " smuggling is not settled, and the PSMA's text was not found; this workbook reads it as not smuggling"
             " [psma-2018/offence], [un-protocols/som-art3].")
    if out.psma_penalty == "aggravated":
        note("psma-grounds", ["psma_penalty"],
             "The grounds of aggravated smuggling were not found in the Act's text; this workbook reads them from the"
             " Smuggling Protocol (lives endangered, inhuman treatment) [psma-2018/s6].")
