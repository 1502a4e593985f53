"""Checks of the seed file made before anything is written.

The database would reject most mistakes too, but only one at a time and half-way through the load;
checking the file first lets an editor fix every bad row in one go, each named by section, index
and natural key.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from jinzhou.org.choices import DepartmentKind, InstitutionKind, ParkKind, Provenance, Segment

# The article's structure: "七大产业25个细分领域的33条产业链", and its "六大产业集群".
EXPECTED_COUNTS = {"clusters": 6, "industries": 7, "subfields": 25, "chains": 33}

SEGMENT_ORDER = {value: index for index, value in enumerate(Segment.values)}


class SeedDataError(Exception):
    """The seed file cannot be loaded; the message says which row and why."""


@dataclass(frozen=True)
class Section:
    key: str
    required: dict[str, Any]
    optional: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    unique: tuple[str, ...] = ()
    key_unique: bool = True


# Provenance is mandatory: a row without it could be mistaken for an official record. ``provenance``
# (real, inferred or sample) says more than ``is_sample``; without it a row is real unless a sample.
PROVENANCE = {"is_sample": bool, "source_note": str}
PROVENANCE_VALUES = {"provenance": Provenance.values}

SECTIONS = {
    "clusters": Section(
        "code",
        {"code": str, "name": str, "order": int, **PROVENANCE},
        {"provenance": str},
        PROVENANCE_VALUES,
        ("name",),
    ),
    "departments": Section(
        "code",
        {"code": str, "name": str, "kind": str, **PROVENANCE},
        {"short_name": str, "parent": str, "provenance": str},
        {"kind": DepartmentKind.values, **PROVENANCE_VALUES},
        ("name",),
    ),
    "parks": Section(
        "name",
        {"name": str, "kind": str, **PROVENANCE},
        {"department": str, "area_km2": (int, float), "description": str, "provenance": str},
        {"kind": ParkKind.values, **PROVENANCE_VALUES},
    ),
    "institutions": Section(
        "name",
        {"name": str, "kind": str, **PROVENANCE},
        {"city": str, "provenance": str},
        {"kind": InstitutionKind.values, **PROVENANCE_VALUES},
    ),
    "industries": Section(
        "code",
        {"code": str, "name": str, "order": int, **PROVENANCE},
        {"description": str, "cluster": str, "provenance": str},
        PROVENANCE_VALUES,
        ("name",),
    ),
    "task_forces": Section(
        "industry",
        {"industry": str, "name": str, **PROVENANCE},
        {"leader_title": str, "leader_name": str, "provenance": str},
        PROVENANCE_VALUES,
        ("name",),
    ),
    "subfields": Section(
        "code",
        {"code": str, "industry": str, "name": str, "order": int, **PROVENANCE},
        {"provenance": str},
        PROVENANCE_VALUES,
    ),
    "chains": Section(
        "code",
        {"code": str, "name": str, "subfield": str, "leader_department": str, "order": int, **PROVENANCE},
        {"description": str, "owners": list, "nodes": list, "provenance": str, "leader_provenance": str},
        {**PROVENANCE_VALUES, "leader_provenance": Provenance.values},
        ("name",),
    ),
    "enterprises": Section(
        "name",
        {"name": str, **PROVENANCE},
        {
            "short_name": str,
            "credit_code": str,
            "above_designated_size": bool,
            "park": str,
            "description": str,
            "chains": list,
            "provenance": str,
        },
        PROVENANCE_VALUES,
    ),
}
OWNER = Section("enterprise", {"enterprise": str}, {"note": str, "provenance": str}, PROVENANCE_VALUES)
NODE = Section(
    "name",
    {"segment": str, "name": str},
    {"enterprises": list, "is_missing_link": bool, "note": str},
    {"segment": Segment.values},
    # A name may recur in another segment; (segment, name) is checked per chain.
    key_unique=False,
)


def read_seed_file(path: Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedDataError(_("Cannot read the seed file %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SeedDataError(
            _("The seed file %(path)s is not valid JSON: %(error)s") % {"path": path, "error": exc}
        ) from exc
    if not isinstance(data, dict):
        raise SeedDataError(_("The seed file %(path)s must hold a JSON object.") % {"path": path})
    return data


def _is_type(value: Any, expected: Any) -> bool:
    expected = expected if isinstance(expected, tuple) else (expected,)
    # bool is an int in Python; a true/false where a number belongs is a mistake, not a 1 or a 0.
    if isinstance(value, bool):
        return bool in expected
    return isinstance(value, expected)


def row_label(section: str, index: int, row: Any, key: str) -> str:
    value = row.get(key) if isinstance(row, dict) else None
    return f"{section}[{index}] ({value})" if value not in (None, "") else f"{section}[{index}]"


def _check_rows(section: str, rows: Any, spec: Section, errors: list[str]) -> list[tuple[str, dict]]:
    """Shape, types and choices of each row; returns the well-formed rows with their labels."""
    if not isinstance(rows, list):
        errors.append(_("%(section)s: must be a list of rows.") % {"section": section})
        return []
    unique = (spec.key, *spec.unique) if spec.key_unique else spec.unique
    good, seen = [], {name: {} for name in unique}
    for index, row in enumerate(rows):
        label = row_label(section, index, row, spec.key)
        if not isinstance(row, dict):
            errors.append(_("%(row)s: must be an object.") % {"row": label})
            continue
        problems = []
        for name in row.keys() - spec.required.keys() - spec.optional.keys():
            problems.append(_("unknown field “%(field)s”") % {"field": name})
        for name, expected in spec.required.items():
            if row.get(name) is None:
                problems.append(_("field “%(field)s” is required") % {"field": name})
            elif not _is_type(row[name], expected):
                problems.append(_("field “%(field)s” has the wrong type") % {"field": name})
            elif expected is str and not row[name].strip():
                problems.append(_("field “%(field)s” is empty") % {"field": name})
        for name, expected in spec.optional.items():
            if row.get(name) is not None and not _is_type(row[name], expected):
                problems.append(_("field “%(field)s” has the wrong type") % {"field": name})
        for name, allowed in spec.choices.items():
            if isinstance(row.get(name), str) and row[name] not in allowed:
                problems.append(
                    _("“%(value)s” is not a valid %(field)s (one of: %(allowed)s)")
                    % {"value": row[name], "field": name, "allowed": ", ".join(allowed)}
                )
        marks = "is_sample" in spec.required and isinstance(row.get("is_sample"), bool) and row.get("provenance")
        if marks and row["is_sample"] != (row["provenance"] == Provenance.SAMPLE):
            problems.append(_("“is_sample” and “provenance” disagree"))
        for name, values in seen.items():
            value = row.get(name)
            if isinstance(value, str):
                if value in values:
                    problems.append(
                        _("%(field)s “%(value)s” repeats %(other)s")
                        % {"field": name, "value": value, "other": values[value]}
                    )
                values.setdefault(value, label)
        if problems:
            errors.extend(f"{label}: {problem}" for problem in problems)
        else:
            good.append((label, row))
    return good


def _refs(label: str, what: str, values: Any, known: set | dict, errors: list[str]) -> None:
    for value in values if isinstance(values, list) else [values]:
        if value is not None and not isinstance(value, str):
            errors.append(_("%(row)s: a %(what)s must be given by its key, as text") % {"row": label, "what": what})
        elif value is not None and value not in known:
            errors.append(_("%(row)s: unknown %(what)s “%(value)s”") % {"row": label, "what": what, "value": value})


def validate(data: dict) -> None:
    """Raise ``SeedDataError`` listing every problem of the file, or return if it can be loaded."""
    errors: list[str] = []
    for name in data.keys() - SECTIONS.keys() - {"meta"}:
        errors.append(_("Unknown section “%(section)s”.") % {"section": name})
    rows = {name: _check_rows(name, data.get(name, []), spec, errors) for name, spec in SECTIONS.items()}
    for name, expected in EXPECTED_COUNTS.items():
        found = len(data.get(name, [])) if isinstance(data.get(name), list) else 0
        if found != expected:
            errors.append(
                _("%(section)s: the article counts %(expected)d, the file has %(found)d.")
                % {"section": name, "expected": expected, "found": found}
            )

    keys = {name: {row[SECTIONS[name].key] for label, row in good} for name, good in rows.items()}
    departments_so_far: set[str] = set()
    for label, row in rows["departments"]:
        # A parent must come first so that it exists when its children are saved.
        _refs(
            label,
            _("parent department (it must come earlier in the list)"),
            row.get("parent"),
            departments_so_far,
            errors,
        )
        departments_so_far.add(row["code"])
    for label, row in rows["parks"]:
        _refs(label, _("department"), row.get("department"), keys["departments"], errors)
    for label, row in rows["industries"]:
        _refs(label, _("industrial cluster"), row.get("cluster"), keys["clusters"], errors)
    for label, row in rows["subfields"]:
        _refs(label, _("industry"), row["industry"], keys["industries"], errors)
    for label, row in rows["task_forces"]:
        _refs(label, _("industry"), row["industry"], keys["industries"], errors)
    for code in keys["industries"] - keys["task_forces"]:
        errors.append(_("industries (%(code)s): has no task force.") % {"code": code})

    enterprise_chains = {}
    for label, row in rows["enterprises"]:
        _refs(label, _("park"), row.get("park"), keys["parks"], errors)
        _refs(label, _("chain"), row.get("chains", []), keys["chains"], errors)
        enterprise_chains[row["name"]] = set(row.get("chains") or [])

    subfields_with_chains = set()
    for label, row in rows["chains"]:
        subfields_with_chains.add(row["subfield"])
        _refs(label, _("sub-field"), row["subfield"], keys["subfields"], errors)
        _refs(label, _("department"), row["leader_department"], keys["departments"], errors)
        _check_chain_parts(label, row, enterprise_chains, errors)
    for code in keys["subfields"] - subfields_with_chains:
        errors.append(_("subfields (%(code)s): has no chain.") % {"code": code})

    if errors:
        raise SeedDataError(
            _("The seed file has %(count)d problem(s):") % {"count": len(errors)}
            + "".join(f"\n  - {error}" for error in errors)
        )


def _check_chain_parts(label: str, chain: dict, enterprise_chains: dict, errors: list[str]) -> None:
    """Owners and map nodes of one chain: their enterprises must exist and list the chain."""

    def on_chain(where: str, names: list) -> None:
        _refs(where, _("enterprise"), names, enterprise_chains, errors)
        for name in names:
            if name in enterprise_chains and chain["code"] not in enterprise_chains[name]:
                errors.append(
                    _("%(row)s: enterprise “%(name)s” does not list chain %(chain)s in its “chains”")
                    % {"row": where, "name": name, "chain": chain["code"]}
                )

    for owner_label, owner in _check_rows(f"{label}.owners", chain.get("owners") or [], OWNER, errors):
        on_chain(owner_label, [owner["enterprise"]])
    nodes = _check_rows(f"{label}.nodes", chain.get("nodes") or [], NODE, errors)
    seen, last = set(), -1
    for node_label, node in nodes:
        if (node["segment"], node["name"]) in seen:
            errors.append(_("%(row)s: the node repeats within its segment") % {"row": node_label})
        seen.add((node["segment"], node["name"]))
        # The admin shows a chain map by order, so the file must read upstream → downstream.
        position = SEGMENT_ORDER[node["segment"]]
        if position < last:
            errors.append(_("%(row)s: nodes must run from upstream to downstream") % {"row": node_label})
        last = max(last, position)
        on_chain(node_label, node.get("enterprises") or [])
