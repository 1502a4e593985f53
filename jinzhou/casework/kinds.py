"""The registry of case kinds. Each kind's app registers itself in its ``AppConfig.ready``.

A kind names its reference prefix (``DD`` → ``DD-2026-00042``), its model (a subclass of
``Case``), its workflow, its yellow window in working days, and its own effects: what its
transitions do to its own fields (``effects``, by the names its workflow gives them). The engine
runs a kind's effects without knowing the kind (``casework.effects.apply_effects``); the model's
methods (``Case.after_edit``) are the kind's other hooks.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

from jinzhou.casework.workflows import Workflow


@dataclass(frozen=True)
class KindSpec:
    code: str
    label: str | Promise
    prefix: str
    model: type
    workflow: Workflow
    yellow_days: int = 3
    # name → effect(case, cleaned, *, actor, now), for the names the workflow's transitions list.
    effects: Mapping[str, Callable] = field(default_factory=dict, compare=False)
    # A choice field of the kind's model that names a case more precisely than the kind does (a
    # bottleneck is a 堵点, a 断点 or a 卡脖子): pages and lists show its label instead of the kind's.
    detail: str = ""


_KINDS: dict[str, KindSpec] = {}


def register_kind(spec: KindSpec) -> None:
    from jinzhou.casework.effects import check_effects

    check_effects(spec)
    existing = _KINDS.get(spec.code)
    if existing and existing.model is not spec.model:
        raise ValueError(f"case kind {spec.code!r} is already registered by {existing.model.__name__}")
    if any(other.prefix == spec.prefix and other.code != spec.code for other in _KINDS.values()):
        raise ValueError(f"reference prefix {spec.prefix!r} is already used by another kind")
    _KINDS[spec.code] = spec


def get_kind(code: str) -> KindSpec:
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(f"unknown case kind {code!r}") from None


def spec_for_model(model) -> KindSpec | None:
    """The kind registered for ``model`` (a Case subclass), or None (e.g. for ``Case`` itself)."""
    return next((spec for spec in _KINDS.values() if spec.model is model), None)


def all_kinds() -> list[KindSpec]:
    return list(_KINDS.values())


def kind_choices() -> list[tuple[str, str]]:
    return [(spec.code, spec.label) for spec in _KINDS.values()]


def all_statuses() -> list[tuple[str, str]]:
    """Every status of every kind (value, label), for filters over all cases."""
    seen: dict[str, str] = {}
    for spec in _KINDS.values():
        for state in spec.workflow.states:
            seen.setdefault(state.code, state.label)
    return list(seen.items())
