"""Idempotent writes: save a row only when a field it owns differs, add only the missing links.

Every ``save()`` and every m2m ``add()`` writes a simple-history record, so a second run of the
seed must do neither when nothing changed; otherwise the history of every row would fill with
empty "changes" made by the seed.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from seeds.validation import SeedDataError

# Shown in the admin's history so that an editor can tell the seed's changes from a colleague's.
CHANGE_REASON = "seed_jinzhou"


@dataclass
class Tally:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    links: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        names = sorted(set(self.created) | set(self.updated) | set(self.links))
        details = ", ".join(
            " ".join(
                part
                for part in (
                    name,
                    f"+{self.created[name]}" if self.created[name] else "",
                    f"~{self.updated[name]}" if self.updated[name] else "",
                    f"⇄{self.links[name]}" if self.links[name] else "",
                )
                if part
            )
            for name in names
        )
        return _(
            "Jinzhou seed: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(links)d links added (%(details)s)."
        ) % {
            "created": self.created.total(),
            "updated": self.updated.total(),
            "unchanged": self.unchanged.total(),
            "links": self.links.total(),
            "details": details or _("nothing to change"),
        }


class Upserter:
    def __init__(self) -> None:
        self.tally = Tally()

    def upsert(self, model: type[models.Model], label: str, lookup: dict, values: dict) -> models.Model:
        """Create the row found by ``lookup``, or bring the fields in ``values`` (attnames) up to date."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            self._save(obj, label)
            self.tally.created[model._meta.model_name] += 1
            return obj
        return self.update(obj, label, values)

    def update(self, obj: models.Model, label: str, values: dict) -> models.Model:
        name = obj._meta.model_name
        changed = {attname: value for attname, value in values.items() if getattr(obj, attname) != value}
        if not changed:
            self.tally.unchanged[name] += 1
            return obj
        for attname, value in changed.items():
            setattr(obj, attname, value)
        self._save(obj, label)
        self.tally.updated[name] += 1
        return obj

    def link(self, obj: models.Model, attr: str, targets: list[models.Model]) -> None:
        """Add the missing m2m links; links added by an admin are theirs and stay."""
        manager = getattr(obj, attr)
        present = set(manager.values_list("pk", flat=True))
        missing = [target for target in targets if target.pk not in present]
        if missing:
            obj._change_reason = CHANGE_REASON
            manager.add(*missing)
            self.tally.links[obj._meta.model_name] += len(missing)

    def record(self, model_name: str, outcome: str) -> None:
        getattr(self.tally, outcome)[model_name] += 1

    @staticmethod
    def _save(obj: models.Model, label: str) -> None:
        try:
            obj.full_clean()
        except ValidationError as exc:
            problems = "; ".join(
                f"{field_name}: {' '.join(messages)}" for field_name, messages in exc.message_dict.items()
            )
            raise SeedDataError(_("%(row)s: %(problems)s") % {"row": label, "problems": problems}) from exc
        obj._change_reason = CHANGE_REASON
        obj.save()


def given(row: dict, *names: str) -> dict:
    """The optional fields the row sets; an absent or null field is left to the admins."""
    return {name: row[name] for name in names if row.get(name) is not None}


def provenance(row: dict) -> dict:
    """The row's marks: ``provenance`` (real, inferred or sample; a row without one is real unless a sample),
    ``is_sample`` as its third value says, and the note on where it comes from."""
    mark = row.get("provenance") or ("sample" if row["is_sample"] else "real")
    return {"provenance": mark, "is_sample": mark == "sample", "source_note": row["source_note"]}
