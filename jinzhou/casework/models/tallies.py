"""Kept tallies of the closed cases, per local month, chain and responsible department.

Facts of closed cases that no clock changes (docs/metrics.md, "Kept tallies"): the dashboards add
them to live counts of the few open cases instead of reading every case ever closed. The rows are
written by a PostgreSQL trigger on ``casework_case`` (migration 0014), so every write path keeps
them exact, and rebuilt from the cases by ``casework.tallies.rebuild_tallies``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseTally(models.Model):
    # The month (its first day, local time) the fact belongs to: of creation for ``opened``, of
    # closure for the closed counts, whose end the case was overdue at for ``overdue_at_end``.
    month = models.DateField(_("month"))
    # The same names as on the case, so one ``Q`` of chain / department / industry serves both.
    # No database constraint: the trigger writes ids as the case holds them.
    chain = models.ForeignKey(
        "org.Chain", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    responsible_department = models.ForeignKey(
        "org.Department", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    opened = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    closed_with_deadline = models.IntegerField(default=0)
    closed_on_time = models.IntegerField(default=0)
    overdue_at_end = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("case tally")
        verbose_name_plural = _("case tallies")
        # Unique on (month, chain, department) with NULLs not distinct: created by the migration's SQL.

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.chain_id} {self.responsible_department_id}"
