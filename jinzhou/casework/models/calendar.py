"""The working-day calendar: statutory holidays, make-up workdays, and which years are known.

Deadlines are counted in working days. China's working calendar is not Monday–Friday:
the State Council publishes each year's days off and the weekend days that become
working days (调休上班). A year only counts as known once someone has entered the whole
notice, which ``CalendarYear`` records; until then the deadline code counts the statutory
holidays (computed from the law and the lunar calendar) and weekends, and the admin shows a warning.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off (statutory holiday)")
    WORKDAY = "workday", _("Make-up working day")


class CalendarSource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", _("chinesecalendar package")
    ADMIN = "admin", _("Entered in the admin")
    IMPORT = "import", _("Imported from a spreadsheet")


class Holiday(models.Model):
    """One exception to the Monday–Friday week: a day off or a make-up working day."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=HolidayKind.choices)
    name = models.CharField(_("name"), max_length=64, blank=True, help_text=_("For example 春节 or 国庆节."))
    source = models.CharField(_("source"), max_length=16, choices=CalendarSource.choices, default=CalendarSource.ADMIN)

    # Audited because a changed day silently moves every deadline that crosses it.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()


class CalendarYear(models.Model):
    """A year whose days off and make-up working days have all been entered."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    complete = models.BooleanField(
        _("complete"),
        default=False,
        help_text=_("Tick once every day off and make-up working day of the year has been entered."),
    )
    source = models.CharField(_("source"), max_length=16, choices=CalendarSource.choices, default=CalendarSource.ADMIN)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


@receiver([post_save, post_delete], sender=Holiday)
@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_changed(sender: type[models.Model], **kwargs: object) -> None:
    # deadlines.py keeps the calendar in memory for speed; any edit must reach it at once.
    # Connected here rather than in AppConfig.ready() so it can never be left unconnected.
    from jinzhou.casework.deadlines import invalidate_calendar_cache

    invalidate_calendar_cache()
