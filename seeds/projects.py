"""Load the projects' seed (``seeds/data/projects.json``): the 春芽计划 programme and its 20 challenges,
investment activities reproducing the article's 2021 figures, the named investment projects, and the
award and IP applications.

Same rules as the catalogue seed: validated first (every problem named by section, index and key),
matched by natural key, written only when a field the file owns differs, never deleted. Activities
and enterprises met that the article does not name are generated as samples, just enough that the
year's totals equal the article's (436 batches meeting 651 enterprises; vice-mayor-level leaders
149 meeting 260). Cases (projects, applications) are imported in their recorded state, with a
timeline entry saying so; later status changes are the admins' and a new run leaves them alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from jinzhou.casework.choices import EventKind
from jinzhou.casework.services import import_case
from jinzhou.org.choices import Provenance
from jinzhou.org.models import Chain, Department, Enterprise, Industry, Institution, Park
from projects.choices import (
    IP_OFFICE,
    SCIENCE_BUREAU,
    ActivityKind,
    AwardCategory,
    LeaderLevel,
)
from projects.models import (
    AwardApplication,
    Challenge,
    InvestmentActivity,
    InvestmentProject,
    Programme,
    ScoringCriterion,
)
from projects.models.investment import name_key
from projects.workflows import AWARD, CHALLENGE, INVESTMENT
from seeds.projects_validation import STAGE_ORDER, _date, validate_projects
from seeds.upsert import CHANGE_REASON, Upserter, given, provenance
from seeds.validation import SeedDataError, read_seed_file

_SHANGHAI = dt.timezone(dt.timedelta(hours=8))
PROJECTS_FILE = Path(__file__).resolve().parent / "data" / "projects.json"


@dataclass
class _Refs:
    departments: dict
    chains: dict
    industries: dict
    parks: dict
    institutions: dict
    enterprises: dict


def _refs_from_db() -> _Refs:
    return _Refs(
        departments={d.code: d for d in Department.objects.all()},
        chains={c.code: c for c in Chain.objects.all()},
        industries={i.code: i for i in Industry.objects.all()},
        parks={p.name: p for p in Park.objects.all()},
        institutions={i.name: i for i in Institution.objects.all()},
        enterprises={},
    )


def load_projects(up: Upserter, data: dict) -> None:
    for index, row in enumerate(data.get("enterprises", [])):
        values = {**provenance(row), **given(row, "short_name", "description")}
        up.upsert(Enterprise, f"projects.enterprises[{index}] ({row['name']})", {"name": row["name"]}, values)
    refs = _refs_from_db()
    named = {row["enterprise"] for row in data.get("investment_projects", [])}
    named |= {name for row in data.get("activities", []) for name in row.get("enterprises") or []}
    named |= {
        row["applicant_enterprise"] for row in data.get("award_applications", []) if row.get("applicant_enterprise")
    }
    refs.enterprises = {e.name: e for e in Enterprise.objects.filter(name__in=named)}
    for index, row in enumerate(data.get("programmes", [])):
        label = f"projects.programmes[{index}] ({row['name']})"
        values = {"year": row["year"], **provenance(row), **given(row, "description")}
        programme = up.upsert(Programme, label, {"name": row["name"]}, values)
        for order, criterion in enumerate(row.get("criteria") or [], start=1):
            up.upsert(
                ScoringCriterion,
                f"{label}.criteria[{order - 1}] ({criterion['name']})",
                {"programme_id": programme.pk, "name": criterion["name"]},
                {
                    "weight": Decimal(str(criterion["weight"])).quantize(Decimal("0.01")),
                    "max_score": criterion.get("max_score", 100),
                    "order": order,
                },
            )
        for order, challenge in enumerate(row.get("challenges") or []):
            _load_challenge(up, f"{label}.challenges[{order}] ({challenge['title']})", challenge, programme, refs)
    for index, row in enumerate(data.get("activities", [])):
        _load_activity(up, f"projects.activities[{index}] ({row['title']})", row, refs)
    for row in data.get("activity_totals", []):
        _generate_activities(up, row, data.get("activities", []), refs)
    for index, row in enumerate(data.get("investment_projects", [])):
        _load_project(up, f"projects.investment_projects[{index}] ({row['title']})", row, refs)
    for index, row in enumerate(data.get("award_applications", [])):
        _load_award(up, f"projects.award_applications[{index}] ({row['title']})", row, refs)


def _load_activity(up: Upserter, label: str, row: dict, refs: _Refs) -> None:
    values = {
        "activity_kind": row["activity_kind"],
        "leader_level": row["leader_level"],
        "date_provenance": row.get("date_provenance") or Provenance.REAL,
        **provenance(row),
        **given(row, "leader_name", "destination_province", "destination_city", "outcome"),
    }
    if row.get("department"):
        values["department_id"] = refs.departments[row["department"]].pk
    if row.get("industry"):
        values["industry_id"] = refs.industries[row["industry"]].pk
    activity = up.upsert(InvestmentActivity, label, {"date": _date(row["date"]), "title": row["title"]}, values)
    up.link(activity, "chains", [refs.chains[code] for code in row.get("chains") or []])
    up.link(activity, "enterprises", [refs.enterprises[name] for name in row.get("enterprises") or []])


def _generated_plan(totals: dict, named_rows: list) -> list[dict]:
    """The sample activities of a year, deterministic: for each group (vice-mayor-led, other) the batches
    left after the named ones, each meeting ⌊E/B⌋ or ⌈E/B⌉ new sample enterprises, spread over the year."""
    year = totals["year"]
    # A named activity whose date is a sample has no year: it is not one of the year's batches.
    named = [
        row
        for row in named_rows
        if row["date"].startswith(f"{year}-") and row.get("date_provenance") != Provenance.SAMPLE
    ]
    plan = []
    groups = (
        ("vice_mayor", totals["vice_mayor_batches"], totals["vice_mayor_enterprises"], totals["vice_mayor_provinces"]),
        (
            "other",
            totals["batches"] - totals["vice_mayor_batches"],
            totals["enterprises"] - totals["vice_mayor_enterprises"],
            totals["other_provinces"],
        ),
    )
    other_levels = (LeaderLevel.DEPARTMENT, LeaderLevel.COUNTY, LeaderLevel.OTHER)
    kinds = (ActivityKind.OUTBOUND_VISIT, ActivityKind.RECEPTION, ActivityKind.PROMOTION_EVENT)
    for group, batches, enterprises, provinces in groups:
        mine = [r for r in named if (r["leader_level"] == LeaderLevel.VICE_MAYOR) == (group == "vice_mayor")]
        batches -= len(mine)
        enterprises -= sum(len(r.get("enterprises") or []) for r in mine)
        base, extra = divmod(enterprises, batches) if batches else (0, 0)
        days = 366 if year % 4 == 0 else 365
        for i in range(batches):
            plan.append(
                {
                    "group": group,
                    "index": i + 1,
                    "date": dt.date(year, 1, 1) + dt.timedelta(days=i * days // batches),
                    "province": provinces[i % len(provinces)],
                    "level": LeaderLevel.VICE_MAYOR if group == "vice_mayor" else other_levels[i % 3],
                    "kind": ActivityKind.OUTBOUND_VISIT if group == "vice_mayor" else kinds[i % 3],
                    "meets": base + (1 if i < extra else 0),
                }
            )
    return plan


def _generate_activities(up: Upserter, totals: dict, named_rows: list, refs: _Refs) -> None:
    year = totals["year"]
    plan = _generated_plan(totals, named_rows)
    note = _("Sample: generated so that the year's totals equal the article's.")
    source = f"示例：为重现报道合计生成（{totals['source_note']}）"[:200]
    # Sample enterprises met: one per meeting, named by year and number, created in one statement.
    wanted_names = []
    for item in plan:
        for k in range(item["meets"]):
            wanted_names.append((f"示例对接企业{year}-{len(wanted_names) + 1:04d}（{item['province']}）", item, k))
    existing = set(Enterprise.objects.filter(name__in=[n for n, _i, _k in wanted_names]).values_list("name", flat=True))
    new_enterprises = [
        Enterprise(name=name, is_sample=True, provenance=Provenance.SAMPLE, source_note=source, description=note)
        for name, _item, _k in wanted_names
        if name not in existing
    ]
    if new_enterprises:
        bulk_create_with_history(new_enterprises, Enterprise, batch_size=500, default_change_reason=CHANGE_REASON)
        up.tally.created["enterprise"] += len(new_enterprises)
    up.tally.unchanged["enterprise"] += len(existing)
    enterprise_ids = dict(
        Enterprise.objects.filter(name__in=[n for n, _i, _k in wanted_names]).values_list("name", "pk")
    )

    industries = sorted(refs.industries.values(), key=lambda industry: industry.order)
    commerce = refs.departments.get("mofcom")
    titles = {}
    for item in plan:
        who = "副市领导带队" if item["group"] == "vice_mayor" else "部门及县区"
        titles[(item["date"], f"示例招商活动{year}-{who}-{item['index']:03d}（{item['province']}）")] = item
    present = {
        (a.date, a.title): a
        for a in InvestmentActivity.objects.filter(date__year=year, is_sample=True, title__startswith="示例招商活动")
    }
    missing = []
    for (date, title), item in titles.items():
        industry = industries[item["index"] % len(industries)] if industries else None
        values = {
            "activity_kind": item["kind"],
            "leader_level": item["level"],
            "destination_province": item["province"],
            "department_id": commerce.pk if commerce else None,
            "industry_id": industry.pk if industry else None,
            "outcome": note,
            "is_sample": True,
            "provenance": Provenance.SAMPLE,
            # The year is the article's; the day is spread over it: counted in the year, in no month.
            "date_provenance": Provenance.INFERRED,
            "source_note": source,
        }
        activity = present.get((date, title))
        if activity is None:
            missing.append(InvestmentActivity(date=date, title=title, **values))
        else:
            up.update(activity, f"projects.activity_totals ({title})", values)
    if missing:
        bulk_create_with_history(missing, InvestmentActivity, batch_size=500, default_change_reason=CHANGE_REASON)
        up.tally.created["investmentactivity"] += len(missing)
    generated = InvestmentActivity.objects.filter(date__year=year, is_sample=True, title__startswith="示例招商活动")
    activity_ids = {(date, title): pk for date, title, pk in generated.values_list("date", "title", "pk")}
    # The links: each generated enterprise to the batch that met it; only missing links are added.
    through = InvestmentActivity.enterprises.through
    by_item = {id(item): key for key, item in titles.items()}
    wanted = {(activity_ids[by_item[id(item)]], enterprise_ids[name]) for name, item, _k in wanted_names}
    present_links = set(
        through.objects.filter(investmentactivity_id__in=activity_ids.values()).values_list(
            "investmentactivity_id", "enterprise_id"
        )
    )
    links = [through(investmentactivity_id=a, enterprise_id=e) for a, e in sorted(wanted - present_links)]
    if links:
        through.objects.bulk_create(links, batch_size=1000)
        up.tally.links["investmentactivity"] += len(links)


def _import_case(model, spec_workflow, status: str, label: str, fields: dict, *, year: int | None = None, due_at=None):
    """A case recorded elsewhere, entered in its recorded state (the seed is an import, not a workflow step),
    numbered in the year of its own record (a 2021 project is ZS-2021-…)."""
    try:
        return import_case(
            model,
            state=status,
            reference_year=year,
            due_at=due_at,
            history=[
                {
                    "kind": EventKind.CREATED,
                    "to_status": status,
                    "summary": _("Imported by the seed as %(status)s") % {"status": spec_workflow.state(status).label},
                    "note": fields.get("source_note", ""),
                }
            ],
            change_reason=CHANGE_REASON,
            **fields,
        )
    except ValidationError as exc:
        raise SeedDataError(f"{label}: {exc}") from exc


def _load_project(up: Upserter, label: str, row: dict, refs: _Refs) -> None:
    enterprise = refs.enterprises[row["enterprise"]]
    owned = {
        "amount_yi": Decimal(str(row["amount_yi"])).quantize(Decimal("0.01"))
        if row.get("amount_yi") is not None
        else None,
        "chain_id": refs.chains[row["chain"]].pk if row.get("chain") else None,
        "park_id": refs.parks[row["park"]].pk if row.get("park") else None,
        **{f"{stage}_on": _date(row.get(f"{stage}_on")) for stage in STAGE_ORDER},
        "dates_provenance": row.get("dates_provenance") or Provenance.REAL,
        "project_type": row["project_type"],
        **provenance(row),
    }
    # Found by enterprise and name only, so that a project's type the file corrects (神工5期: a new line,
    # once entered as a capacity upgrade) is updated, not entered twice.
    existing = (
        InvestmentProject.objects.filter(enterprise=enterprise, name_key=name_key(row["title"])).order_by("pk").first()
    )
    if existing is not None:
        up.update(existing, label, owned)
        return
    _import_case(
        InvestmentProject,
        INVESTMENT,
        row["status"],
        label,
        {
            "title": row["title"],
            "description": row.get("description", ""),
            "enterprise": enterprise,
            "responsible_department": refs.departments[row["department"]],
            **owned,
        },
        year=next((owned[f"{stage}_on"].year for stage in STAGE_ORDER if owned[f"{stage}_on"]), None),
    )
    InvestmentProject.objects.get(enterprise=enterprise, name_key=name_key(row["title"])).enterprises.add(enterprise)
    up.tally.created["investmentproject"] += 1


def _load_award(up: Upserter, label: str, row: dict, refs: _Refs) -> None:
    department = refs.departments[IP_OFFICE if row["category"] == AwardCategory.IP_TOPIC else SCIENCE_BUREAU]
    owned = {
        "category": row["category"],
        "applicant_enterprise_id": refs.enterprises[row["applicant_enterprise"]].pk
        if row.get("applicant_enterprise")
        else None,
        "applicant_institution_id": refs.institutions[row["applicant_institution"]].pk
        if row.get("applicant_institution")
        else None,
        "prize": row.get("prize", ""),
        "award_level": row.get("award_level", ""),
        **provenance(row),
    }
    closed_on = _date(row.get("closed_on"))
    # The day the city's part ended (e.g. recommended to the province), not the day of the import; the
    # status is the import's only (later changes are the admins'), so is the day it closed.
    closed = {"closed_at": dt.datetime.combine(closed_on, dt.time(12), tzinfo=_SHANGHAI)} if closed_on else {}
    existing = AwardApplication.objects.filter(title=row["title"], year=row["year"]).first()
    if existing is not None:
        up.update(existing, label, owned)
        return
    _import_case(
        AwardApplication,
        AWARD,
        row["status"],
        label,
        {
            "title": row["title"],
            "year": row["year"],
            "description": row.get("description", ""),
            "responsible_department": department,
            **owned,
            **closed,
        },
        year=row["year"],
    )
    up.tally.created["awardapplication"] += 1


def _load_challenge(up: Upserter, label: str, row: dict, programme: Programme, refs: _Refs) -> None:
    """A challenge of the programme, imported as published (发榜) with no application deadline on record."""
    owned = {
        "chain_id": refs.chains[row["chain"]].pk,
        "technical_problem": row["technical_problem"],
        "target_indicators": row.get("target_indicators", ""),
        "funding_wan": Decimal(str(row["funding_wan"])).quantize(Decimal("0.01"))
        if row.get("funding_wan") is not None
        else None,
        **provenance(row),
    }
    existing = Challenge.objects.filter(programme=programme, title=row["title"]).first()
    if existing is not None:
        up.update(existing, label, owned)
        return
    _import_case(
        Challenge,
        CHALLENGE,
        "published",
        label,
        {
            "title": row["title"],
            "programme": programme,
            "responsible_department": refs.departments[SCIENCE_BUREAU],
            **owned,
        },
        year=programme.year,
    )
    up.tally.created["challenge"] += 1


def read_projects_file(catalogue: dict, path: Path = PROJECTS_FILE) -> dict:
    """Read and validate the projects file against the catalogue it refers to."""
    data = read_seed_file(path)
    validate_projects(data, catalogue)
    return data
