"""Load the org chart and the chain catalogue from ``seeds/data/jinzhou.json``.

Rows are matched by natural key (IndustryCluster.code, Department.code, Park.name, Enterprise.name, Institution.name,
Industry.code, SubField.code, Chain.code, TaskForce.industry, ChainOwner (chain, enterprise),
ChainNode (chain, segment, name)). The seed owns the fields its file gives: a run overwrites admin
edits of those fields, but it never deletes a row, never removes a link, and leaves alone every
field the file omits or sets to null (credit codes, department heads, task-force accounts).
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from jinzhou.org.choices import Designation
from jinzhou.org.models import (
    Chain,
    ChainNode,
    ChainOwner,
    Department,
    Enterprise,
    EnterpriseDesignation,
    Industry,
    IndustryCluster,
    Institution,
    Park,
    SubField,
    TaskForce,
)
from jinzhou.org.validators import normalize_credit_code
from seeds.alliances import load_alliances, read_alliances, seed_demo_contact
from seeds.chain_reports import load_chain_reports
from seeds.demo_users import DemoKey, DemoUserRow, check_demo_users_allowed, seed_demo_key, seed_demo_users
from seeds.meetings import seed_demo_meeting
from seeds.projects import load_projects, read_projects_file
from seeds.targets import seed_sample_targets
from seeds.upsert import Upserter, given, provenance
from seeds.validation import SECTIONS, read_seed_file, row_label, validate

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "jinzhou.json"


@dataclass
class SeedResult:
    summary: str
    demo_users: list[DemoUserRow] = field(default_factory=list)
    demo_key: DemoKey | None = None


def seed(path: Path | str = DEFAULT_FILE, *, demo_users: bool = False) -> SeedResult:
    """Validate the file, then load it (and the demo users) in one transaction: all or nothing."""
    if demo_users:
        # Refuse before writing anything, not after the catalogue is loaded.
        check_demo_users_allowed()
    data = read_seed_file(Path(path))
    validate(data)
    # The alliances (seeds/data/alliances.json) are checked against this catalogue before any write too.
    alliances = read_alliances(data)
    # So are the projects (seeds/data/projects.json: programmes, 2021 investment figures, named projects, awards).
    projects = read_projects_file(data)
    upserter = Upserter()
    with transaction.atomic():
        load_catalogue(upserter, data)
        load_alliances(upserter, alliances)
        load_projects(upserter, projects)
        load_chain_reports(upserter)
        users = seed_demo_users(upserter) if demo_users else []
        if demo_users:
            seed_demo_contact(upserter)
            seed_demo_meeting(upserter)
            seed_sample_targets(upserter)
        key = seed_demo_key() if demo_users else None
    return SeedResult(summary=upserter.tally.summary(), demo_users=users, demo_key=key)


def _rows(data: dict, section: str):
    key = SECTIONS[section].key
    for index, row in enumerate(data.get(section, [])):
        yield row_label(section, index, row, key), row


def load_catalogue(up: Upserter, data: dict) -> None:
    departments = _load_departments(up, data)
    parks = {
        row["name"]: up.upsert(
            Park,
            label,
            {"name": row["name"]},
            {
                "kind": row["kind"],
                **provenance(row),
                **given(row, "description"),
                **({"department_id": departments[row["department"]].pk} if row.get("department") else {}),
                **({"area_km2": Decimal(str(row["area_km2"]))} if row.get("area_km2") is not None else {}),
            },
        )
        for label, row in _rows(data, "parks")
    }
    for label, row in _rows(data, "institutions"):
        values = {"kind": row["kind"], **provenance(row), **given(row, "city")}
        up.upsert(Institution, label, {"name": row["name"]}, values)

    clusters = {}
    for label, row in _rows(data, "clusters"):
        values = {"name": row["name"], "order": row["order"], **provenance(row)}
        clusters[row["code"]] = up.upsert(IndustryCluster, label, {"code": row["code"]}, values)
    industries = {}
    for label, row in _rows(data, "industries"):
        values = {"name": row["name"], "order": row["order"], **provenance(row), **given(row, "description")}
        if row.get("cluster"):
            values["cluster_id"] = clusters[row["cluster"]].pk
        industries[row["code"]] = up.upsert(Industry, label, {"code": row["code"]}, values)
    for label, row in _rows(data, "task_forces"):
        values = {"name": row["name"], **provenance(row), **given(row, "leader_title", "leader_name")}
        up.upsert(TaskForce, label, {"industry_id": industries[row["industry"]].pk}, values)
    subfields = {}
    for label, row in _rows(data, "subfields"):
        values = {
            "industry_id": industries[row["industry"]].pk,
            "name": row["name"],
            "order": row["order"],
            **provenance(row),
        }
        subfields[row["code"]] = up.upsert(SubField, label, {"code": row["code"]}, values)
    chains = {}
    for label, row in _rows(data, "chains"):
        subfield = subfields[row["subfield"]]
        values = {
            "name": row["name"],
            "subfield_id": subfield.pk,
            # Compared like any owned field, so a chain left behind by a sub-field's move is fixed.
            "industry_id": subfield.industry_id,
            "leader_department_id": departments[row["leader_department"]].pk,
            "order": row["order"],
            **provenance(row),
            **given(row, "description", "leader_provenance"),
        }
        chains[row["code"]] = up.upsert(Chain, label, {"code": row["code"]}, values)

    enterprises = _load_enterprises(up, data, parks, chains)
    for label, row in _rows(data, "chains"):
        _load_chain_map(up, label, row, chains[row["code"]], enterprises)
    _load_designations(up, data, enterprises)


def _load_departments(up: Upserter, data: dict) -> dict[str, Department]:
    departments: dict[str, Department] = {}
    for label, row in _rows(data, "departments"):
        values = {"name": row["name"], "kind": row["kind"], **provenance(row), **given(row, "short_name")}
        if row.get("parent"):
            # Validation guarantees the parent came earlier in the file.
            values["parent_id"] = departments[row["parent"]].pk
        departments[row["code"]] = up.upsert(Department, label, {"code": row["code"]}, values)
    return departments


def _load_enterprises(up: Upserter, data: dict, parks: dict, chains: dict) -> dict[str, Enterprise]:
    enterprises: dict[str, Enterprise] = {}
    for label, row in _rows(data, "enterprises"):
        values = {
            **provenance(row),
            **given(row, "short_name", "above_designated_size", "description"),
        }
        if row.get("credit_code"):
            # Stored normalised by Enterprise.save(); compare in that form or every run would "update" it.
            values["credit_code"] = normalize_credit_code(row["credit_code"])
        if row.get("park"):
            values["park_id"] = parks[row["park"]].pk
        enterprise = up.upsert(Enterprise, label, {"name": row["name"]}, values)
        up.link(enterprise, "chains", [chains[code] for code in row.get("chains") or []])
        enterprises[row["name"]] = enterprise
    return enterprises


def _load_chain_map(up: Upserter, label: str, row: dict, chain: Chain, enterprises: dict) -> None:
    for index, owner in enumerate(row.get("owners") or []):
        enterprise = enterprises[owner["enterprise"]]
        up.upsert(
            ChainOwner,
            f"{label}.owners[{index}] ({enterprise.name})",
            {"chain_id": chain.pk, "enterprise_id": enterprise.pk},
            given(owner, "note", "provenance"),
        )
    for index, node_row in enumerate(row.get("nodes") or []):
        # Spaced by ten so that an admin can slot a node in between without renumbering the map.
        values = {"order": (index + 1) * 10, **given(node_row, "is_missing_link", "note")}
        node = up.upsert(
            ChainNode,
            f"{label}.nodes[{index}] ({node_row['name']})",
            {"chain_id": chain.pk, "segment": node_row["segment"], "name": node_row["name"]},
            values,
        )
        up.link(node, "enterprises", [enterprises[name] for name in node_row.get("enterprises") or []])


# The file's own words for "the article says so"; owners it marks 推定 (inferred) or 示例 (sample) get no designation.
ARTICLE_NOTE = "文章："
DESIGNATION_SOURCE = "文章/seed"


def _load_designations(up: Upserter, data: dict, enterprises: dict) -> None:
    """The chain owners (链主) the article names get the 链主企业 designation, in the article's year and with
    source 文章/seed; those it calls 龙头 (leading) get 龙头/重点企业 too. Nothing else is designated: no
    list names the seed's enterprises as 规上, 专精特新, 高新技术 or 科技型中小企业."""
    year = _article_year(data)
    notes: dict[str, dict[str, list[str]]] = {}
    for row in data.get("chains", []):
        for owner in row.get("owners") or []:
            note = owner.get("note") or ""
            if year is None or not note.startswith(ARTICLE_NOTE):
                continue
            held = notes.setdefault(owner["enterprise"], {})
            held.setdefault(Designation.CHAIN_OWNER, []).append(f"{row['code']} {note}")
            if "龙头" in note:
                held.setdefault(Designation.LEADING, []).append(f"{row['code']} {note}")
    for name, held in notes.items():
        enterprise = enterprises[name]
        for designation, chain_notes in held.items():
            up.upsert(
                EnterpriseDesignation,
                f"designations ({name}, {designation})",
                {"enterprise_id": enterprise.pk, "designation": designation, "level": "", "year": year},
                {"source": f"{DESIGNATION_SOURCE}：{'；'.join(chain_notes)}"[:200]},
            )


def _article_year(data: dict) -> int | None:
    found = re.search(r"(\d{4})年", data.get("meta", {}).get("source", ""))
    return int(found.group(1)) if found else None
