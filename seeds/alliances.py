"""Load the 产学研 alliances from ``seeds/data/alliances.json`` (part of ``seed_jinzhou``).

The file names its enterprises, institutions and chains by the keys of ``jinzhou.json`` and is checked
against it before anything is written. Alliances are matched by name. A new one is recorded in the
state the article reports (``alliances.services.record_existing_alliance``); an existing one keeps its
status (later changes are the workflow's) and has only the fields the file gives brought up to date.
Members are matched by (alliance, party) among current members, joint projects by (alliance, title);
the seed never removes a member or a project an admin added.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from alliances.choices import MemberRole
from alliances.models import Alliance, AllianceMember, JointProject
from alliances.services import record_existing_alliance
from jinzhou.org.models import Chain, Enterprise, Institution
from seeds.upsert import Upserter, given, provenance
from seeds.validation import PROVENANCE, Section, SeedDataError, _check_rows, read_seed_file, row_label

ALLIANCES_FILE = Path(__file__).resolve().parent / "data" / "alliances.json"

# The article: 19 provincial alliances in Jinzhou, 7 of them in the 2022 first batch of typical ones.
EXPECTED_PROVINCIAL = 19
EXPECTED_TYPICAL = 7
SEEDED_STATES = ("provincial", "typical")

ALLIANCE = Section(
    "name",
    {"name": str, "status": str, **PROVENANCE},
    {
        "lead": str,
        "chain": str,
        "typical_batch": str,
        "market_goals": str,
        "shared_platforms": str,
        "members": list,
        "joint_projects": list,
    },
    {"status": list(SEEDED_STATES)},
)
MEMBER = Section(
    "name",
    {"name": str, "kind": str},
    {"role": str, "note": str},
    {"kind": ["enterprise", "institution"], "role": MemberRole.values},
)
PROJECT = Section("title", {"title": str}, {"programme": str, "description": str, "url": str})


def read_alliances(catalogue: dict, path: Path = ALLIANCES_FILE) -> list[dict]:
    """Read and check the alliances file against the catalogue file; every problem at once."""
    data = read_seed_file(path)
    errors: list[str] = []
    for name in data.keys() - {"meta", "alliances"}:
        errors.append(_("Unknown section “%(section)s”.") % {"section": name})
    rows = _check_rows("alliances", data.get("alliances", []), ALLIANCE, errors)
    enterprises = {row.get("name") for row in catalogue.get("enterprises", []) if isinstance(row, dict)}
    institutions = {row.get("name") for row in catalogue.get("institutions", []) if isinstance(row, dict)}
    chains = {row.get("code") for row in catalogue.get("chains", []) if isinstance(row, dict)}
    for label, row in rows:
        if row.get("lead") is not None and row["lead"] not in enterprises:
            errors.append(_("%(row)s: unknown lead enterprise “%(value)s”") % {"row": label, "value": row["lead"]})
        if row.get("lead") is None and not row["is_sample"]:
            errors.append(_("%(row)s: an alliance that is not a sample needs its lead enterprise") % {"row": label})
        if row.get("chain") is not None and row["chain"] not in chains:
            errors.append(_("%(row)s: unknown chain “%(value)s”") % {"row": label, "value": row["chain"]})
        if row["status"] == "typical" and not row.get("typical_batch"):
            errors.append(_("%(row)s: a typical alliance needs its batch") % {"row": label})
        for member_label, member in _check_rows(f"{label}.members", row.get("members") or [], MEMBER, errors):
            known = enterprises if member["kind"] == "enterprise" else institutions
            if member["name"] not in known:
                errors.append(
                    _("%(row)s: unknown %(kind)s “%(value)s”")
                    % {"row": member_label, "kind": member["kind"], "value": member["name"]}
                )
            if member["name"] == row.get("lead"):
                errors.append(_("%(row)s: the lead enterprise is not listed as a member") % {"row": member_label})
        _check_rows(f"{label}.joint_projects", row.get("joint_projects") or [], PROJECT, errors)
    alliances = data.get("alliances") if isinstance(data.get("alliances"), list) else []
    typical = sum(1 for row in alliances if isinstance(row, dict) and row.get("status") == "typical")
    if len(alliances) != EXPECTED_PROVINCIAL:
        errors.append(
            _("alliances: the article counts %(expected)d provincial alliances, the file has %(found)d.")
            % {"expected": EXPECTED_PROVINCIAL, "found": len(alliances)}
        )
    if typical != EXPECTED_TYPICAL:
        errors.append(
            _("alliances: the article counts %(expected)d typical alliances, the file has %(found)d.")
            % {"expected": EXPECTED_TYPICAL, "found": typical}
        )
    if errors:
        raise SeedDataError(
            _("The alliances file %(path)s has %(count)d problem(s):") % {"path": path, "count": len(errors)}
            + "".join(f"\n  - {error}" for error in errors)
        )
    return alliances


# The year of the article the alliances are recorded from ("截至目前…已获批组建省典型实质性产学研联盟19家").
ARTICLE_YEAR = 2022


def load_alliances(up: Upserter, rows: list[dict]) -> None:
    """Create or bring up to date the alliances of the (already checked) file."""
    for index, row in enumerate(rows):
        label = row_label("alliances", index, row, "name")
        lead = Enterprise.objects.get(name=row["lead"]) if row.get("lead") else None
        chain = Chain.objects.get(code=row["chain"]) if row.get("chain") else None
        values = {
            **provenance(row),
            **given(row, "typical_batch", "market_goals", "shared_platforms"),
            "industry_chain_id": chain.pk if chain else None,
            "lead_enterprise_id": lead.pk if lead else None,
            # The lead enterprise's users follow the alliance (the case engine's ``reporter`` scope).
            "reporter_enterprise_id": lead.pk if lead else None,
        }
        alliance = Alliance.objects.filter(title=row["name"]).first()
        if alliance is None:
            alliance = record_existing_alliance(
                title=row["name"],
                status=row["status"],
                lead_enterprise=lead,
                is_sample=row["is_sample"],
                source_note=row["source_note"],
                industry_chain=chain,
                # Numbered in the year of its record: the typical batch's year, else the article's (2022).
                reference_year=int((row.get("typical_batch") or "")[:4] or ARTICLE_YEAR),
                **given(row, "typical_batch", "market_goals", "shared_platforms"),
            )
            up.record(Alliance._meta.model_name, "created")
        else:
            up.update(alliance, label, values)
        for member_index, member in enumerate(row.get("members") or []):
            party = (
                {"enterprise_id": Enterprise.objects.get(name=member["name"]).pk}
                if member["kind"] == "enterprise"
                else {"institution_id": Institution.objects.get(name=member["name"]).pk}
            )
            up.upsert(
                AllianceMember,
                f"{label}.members[{member_index}] ({member['name']})",
                {"alliance_id": alliance.pk, "left_on": None, **party},
                {"role": member.get("role") or MemberRole.MEMBER, **given(member, "note")},
            )
        for project_index, project in enumerate(row.get("joint_projects") or []):
            up.upsert(
                JointProject,
                f"{label}.joint_projects[{project_index}] ({project['title']})",
                {"alliance_id": alliance.pk, "title": project["title"]},
                given(project, "programme", "description", "url"),
            )


# The demo lead member's account is the contact of its alliance, so that it is reminded of self-assessments.
DEMO_CONTACT = ("rhein", "辽宁莱茵动力电动汽车动力总成产学研联盟")


def seed_demo_contact(up: Upserter) -> None:
    from django.contrib.auth import get_user_model

    username, title = DEMO_CONTACT
    user = get_user_model().objects.filter(username=username).first()
    alliance = Alliance.objects.filter(title=title).first()
    if user and alliance:
        up.update(alliance, str(alliance), {"contact_person_id": user.pk})


__all__ = ["ALLIANCES_FILE", "load_alliances", "read_alliances", "seed_demo_contact"]
