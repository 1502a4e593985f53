"""Checks of the projects' seed file (``seeds/data/projects.json``), made before anything is written.

Every problem is named by section, index and natural key, as the catalogue's checks do; references
(departments, chains, industries, parks, institutions, enterprises) are checked against the catalogue
file, and the article's totals against the named activities, so that the generated ones can fill the gap.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from jinzhou.org.choices import Provenance
from projects.choices import ActivityKind, AwardCategory, LeaderLevel, PrizeLevel, ProjectType
from projects.workflows import AWARD, INVESTMENT
from seeds.validation import PROVENANCE, PROVENANCE_VALUES, Section, SeedDataError, _check_rows, _refs

DATE = str
SECTIONS = {
    "enterprises": Section(
        "name",
        {"name": str, **PROVENANCE},
        {"short_name": str, "description": str, "provenance": str},
        PROVENANCE_VALUES,
    ),
    "programmes": Section(
        "name",
        {"name": str, "year": int, **PROVENANCE},
        {"description": str, "criteria": list, "criteria_note": str, "challenges": list, "provenance": str},
        PROVENANCE_VALUES,
    ),
    "activity_totals": Section(
        "year",
        {
            "year": int,
            "batches": int,
            "enterprises": int,
            "vice_mayor_batches": int,
            "vice_mayor_enterprises": int,
            "vice_mayor_provinces": list,
            "other_provinces": list,
            **PROVENANCE,
        },
    ),
    "activities": Section(
        "title",
        {"date": DATE, "title": str, "activity_kind": str, "leader_level": str, **PROVENANCE},
        {
            "leader_name": str,
            "destination_province": str,
            "destination_city": str,
            "department": str,
            "industry": str,
            "chains": list,
            "enterprises": list,
            "outcome": str,
            "provenance": str,
            "date_provenance": str,
        },
        {
            "activity_kind": ActivityKind.values,
            "leader_level": LeaderLevel.values,
            **PROVENANCE_VALUES,
            "date_provenance": Provenance.values,
        },
    ),
    "investment_projects": Section(
        "title",
        {"title": str, "enterprise": str, "status": str, "project_type": str, "department": str, **PROVENANCE},
        {
            "chain": str,
            "park": str,
            "amount_yi": (int, float),
            "description": str,
            **{
                f"{stage}_on": DATE
                for stage in ("pitched", "negotiating", "signed", "started", "completed", "producing")
            },
            "provenance": str,
            "dates_provenance": str,
        },
        {
            "status": [state.code for state in INVESTMENT.states],
            "project_type": ProjectType.values,
            **PROVENANCE_VALUES,
            "dates_provenance": Provenance.values,
        },
    ),
    "award_applications": Section(
        "title",
        {"title": str, "category": str, "year": int, "status": str, **PROVENANCE},
        {
            "prize": str,
            "award_level": str,
            "applicant_enterprise": str,
            "applicant_institution": str,
            "description": str,
            "closed_on": DATE,
            "provenance": str,
        },
        {
            **PROVENANCE_VALUES,
            "status": [state.code for state in AWARD.states],
            "category": AwardCategory.values,
            "prize": PrizeLevel.values,
        },
    ),
}
CRITERION = Section("name", {"name": str, "weight": (int, float)}, {"max_score": int})
CHALLENGE = Section(
    "title",
    {"title": str, "chain": str, "technical_problem": str, **PROVENANCE},
    {"target_indicators": str, "funding_wan": (int, float), "provenance": str},
    PROVENANCE_VALUES,
)
STAGE_ORDER = ("pitched", "negotiating", "signed", "started", "completed", "producing")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def validate_projects(data: dict, catalogue: dict) -> None:
    """Raise ``SeedDataError`` listing every problem of the projects file; ``catalogue`` is the main
    seed file's data, whose departments, chains, enterprises, parks and institutions rows may name."""
    errors: list[str] = []
    for name in data.keys() - SECTIONS.keys() - {"meta"}:
        errors.append(_("projects: unknown section “%(section)s”.") % {"section": name})
    rows = {name: _check_rows(f"projects.{name}", data.get(name, []), spec, errors) for name, spec in SECTIONS.items()}
    known = {
        "departments": {row.get("code") for row in catalogue.get("departments", [])},
        "chains": {row.get("code") for row in catalogue.get("chains", [])},
        "industries": {row.get("code") for row in catalogue.get("industries", [])},
        "parks": {row.get("name") for row in catalogue.get("parks", [])},
        "institutions": {row.get("name") for row in catalogue.get("institutions", [])},
        "enterprises": {row.get("name") for row in catalogue.get("enterprises", [])}
        | {row["name"] for _label, row in rows["enterprises"]},
    }

    def dates(label: str, row: dict, names) -> None:
        for name in names:
            if row.get(name):
                try:
                    _date(row[name])
                except (TypeError, ValueError):
                    errors.append(
                        _("%(row)s: “%(value)s” is not a date (YYYY-MM-DD)") % {"row": label, "value": row[name]}
                    )

    for label, row in rows["programmes"]:
        for criterion_label, criterion in _check_rows(
            f"{label}.criteria", row.get("criteria") or [], CRITERION, errors
        ):
            if criterion["weight"] <= 0:
                errors.append(_("%(row)s: the weight must be positive") % {"row": criterion_label})
        for challenge_label, challenge in _check_rows(
            f"{label}.challenges", row.get("challenges") or [], CHALLENGE, errors
        ):
            _refs(challenge_label, _("chain"), challenge["chain"], known["chains"], errors)
    named_by_year: dict[int, dict[str, int]] = {}
    for label, row in rows["activities"]:
        dates(label, row, ["date"])
        _refs(label, _("department"), row.get("department"), known["departments"], errors)
        _refs(label, _("industry"), row.get("industry"), known["industries"], errors)
        _refs(label, _("chain"), row.get("chains", []), known["chains"], errors)
        _refs(label, _("enterprise"), row.get("enterprises", []), known["enterprises"], errors)
        if row.get("date_provenance") == Provenance.SAMPLE:
            # An invented date names no year: the activity is not one of the year's counted batches.
            continue
        try:
            year = _date(row["date"]).year
        except (TypeError, ValueError):
            continue
        group = "vice_mayor" if row["leader_level"] == LeaderLevel.VICE_MAYOR else "other"
        counts = named_by_year.setdefault(year, {})
        counts[f"{group}_batches"] = counts.get(f"{group}_batches", 0) + 1
        counts[f"{group}_enterprises"] = counts.get(f"{group}_enterprises", 0) + len(row.get("enterprises") or [])
    for label, row in rows["activity_totals"]:
        named = named_by_year.get(row["year"], {})
        _check_totals(label, row, named, errors)
    for label, row in rows["investment_projects"]:
        dates(label, row, [f"{stage}_on" for stage in STAGE_ORDER])
        _refs(label, _("enterprise"), row["enterprise"], known["enterprises"], errors)
        _refs(label, _("chain"), row.get("chain"), known["chains"], errors)
        _refs(label, _("park"), row.get("park"), known["parks"], errors)
        _refs(label, _("department"), row["department"], known["departments"], errors)
    for label, row in rows["award_applications"]:
        _refs(label, _("enterprise"), row.get("applicant_enterprise"), known["enterprises"], errors)
        _refs(label, _("institution"), row.get("applicant_institution"), known["institutions"], errors)
        if row["status"] == "won" and not row.get("prize"):
            errors.append(_("%(row)s: a won application needs its prize") % {"row": label})
    if errors:
        raise SeedDataError(
            _("The projects seed file has %(count)d problem(s):") % {"count": len(errors)}
            + "".join(f"\n  - {error}" for error in errors)
        )


def _check_totals(label: str, row: dict, named: dict, errors: list[str]) -> None:
    """The generated activities fill the gap between the named ones and the article's totals; each
    generated batch meets at least one enterprise, so the gap must allow it."""
    groups = {
        "vice_mayor": (row["vice_mayor_batches"], row["vice_mayor_enterprises"]),
        "other": (row["batches"] - row["vice_mayor_batches"], row["enterprises"] - row["vice_mayor_enterprises"]),
    }
    for group, (batches, enterprises) in groups.items():
        left_batches = batches - named.get(f"{group}_batches", 0)
        left_enterprises = enterprises - named.get(f"{group}_enterprises", 0)
        if left_batches < 0 or left_enterprises < left_batches or (left_batches == 0 and left_enterprises):
            errors.append(
                _(
                    "%(row)s: the named activities (%(group)s) do not fit the totals: %(batches)d batches and "
                    "%(enterprises)d enterprises are left to generate."
                )
                % {"row": label, "group": group, "batches": left_batches, "enterprises": left_enterprises}
            )


# --- loading -------------------------------------------------------------------------------------------
