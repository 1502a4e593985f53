"""The calendar as an administrator sees it: the missing-year warning, edits, and the Excel import."""

import copy
import io
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from jinzhou.casework import context_processors
from jinzhou.casework.context_processors import calendar_warning_text
from jinzhou.casework.deadlines import invalidate_calendar_cache, is_working_day
from jinzhou.casework.models import CalendarYear, Holiday

PROCESSOR = "jinzhou.casework.context_processors.calendar_warning"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_URL = "admin:casework_calendaryear_import"


@pytest.fixture(autouse=True)
def calendar_admin(db, settings, monkeypatch):
    invalidate_calendar_cache()
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if PROCESSOR not in processors:
        processors.append(PROCESSOR)
    settings.TEMPLATES = templates
    monkeypatch.setattr(context_processors, "localdate", lambda: date(2026, 11, 27))
    yield
    invalidate_calendar_cache()


def shown(message: str, **values: object) -> str:
    """A message as a user of the default language sees it."""
    with translation.override(django_settings.LANGUAGE_CODE):
        return gettext(message) % values


def warning(year: int) -> str:
    with translation.override(django_settings.LANGUAGE_CODE):
        return calendar_warning_text(year)


def workbook(*rows: tuple, header: bool = True) -> bytes:
    book = Workbook()
    if header:
        book.active.append(["date", "kind", "name"])
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "2027.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


GOOD_2027 = (
    (date(2027, 1, 1), "放假", "元旦"),
    (date(2027, 2, 6), "放假", "春节"),
    ("2027/2/8", "holiday", "春节"),
    (date(2027, 2, 14), "上班", "春节"),
)


class TestWarning:
    def test_shown_for_2027_on_every_admin_page(self, admin_client):
        for url in (reverse("admin:index"), reverse("admin:casework_holiday_changelist")):
            response = admin_client.get(url)
            assertContains(response, warning(2027))
            assertNotContains(response, warning(2026))

    def test_says_how_deadlines_are_counted_meanwhile(self, admin_client):
        response = admin_client.get(reverse("admin:index"))
        assertContains(response, "2027 年的放假安排尚未录入：期限已按法定节假日和周末计算，调休待通知录入后生效。")
        with translation.override("en"):
            assert calendar_warning_text(2027) == (
                "The 2027 holiday schedule has not been entered yet: deadlines are counted with the statutory "
                "holidays and weekends; bridging days and make-up working days take effect once the notice is entered."
            )

    def test_gone_once_2027_is_marked_complete(self, admin_client, admin_user):
        response = admin_client.post(
            reverse("admin:casework_calendaryear_add"), {"year": 2027, "complete": "on", "note": ""}
        )
        assert response.status_code == 302

        assertNotContains(admin_client.get(reverse("admin:index")), warning(2027))
        calendar_year = CalendarYear.objects.get(year=2027)
        assert (calendar_year.completed_by, calendar_year.source) == (admin_user, "admin")

    def test_includes_the_year_of_a_later_open_deadline(self, admin_client, monkeypatch):
        monkeypatch.setattr(context_processors, "_latest_open_deadline_year", lambda: 2028)
        response = admin_client.get(reverse("admin:index"))
        assertContains(response, warning(2027))
        assertContains(response, warning(2028))

    def test_not_shown_to_visitors(self, client):
        assertNotContains(client.get(reverse("admin:login")), warning(2027))


class TestHolidayAdmin:
    def test_an_edit_takes_effect_at_once(self, admin_client):
        saturday = Holiday.objects.get(date=date(2026, 2, 14))
        assert is_working_day(saturday.date)

        response = admin_client.post(
            reverse("admin:casework_holiday_change", args=[saturday.pk]),
            {"date": "2026-02-14", "kind": "holiday", "name": "春节"},
        )

        assert response.status_code == 302
        assert not is_working_day(saturday.date)
        saturday.refresh_from_db()
        assert saturday.source == "admin"
        assert [h.kind for h in saturday.history.all()] == ["holiday", "workday"]

    def test_list_filters_by_year_and_searches_by_name(self, admin_client):
        url = reverse("admin:casework_holiday_changelist")
        response = admin_client.get(url, {"year": "2026", "kind__exact": "workday", "q": "国庆"})
        assert [h.date for h in response.context["cl"].result_list] == [date(2026, 9, 20), date(2026, 10, 10)]


class TestExcelImport:
    def test_the_changelist_offers_the_import(self, admin_client):
        response = admin_client.get(reverse("admin:casework_calendaryear_changelist"))
        assertContains(response, reverse(IMPORT_URL))
        assertContains(response, shown("Import holiday schedule"))

    def test_a_good_file_is_imported_and_the_year_marked_complete(self, admin_client, admin_user):
        stray = Holiday.objects.create(date=date(2027, 3, 1), kind="holiday", name="typo")

        response = admin_client.post(reverse(IMPORT_URL), {"file": upload(workbook(*GOOD_2027))}, follow=True)

        assertContains(
            response,
            shown(
                "%(year)s imported: %(created)s days added, %(updated)s changed, %(deleted)s removed; "
                "the year is marked complete.",
                year=2027,
                created=4,
                updated=0,
                deleted=1,
            ),
        )
        assertNotContains(response, warning(2027))
        assert not Holiday.objects.filter(pk=stray.pk).exists()
        assert set(Holiday.objects.filter(date__year=2027).values_list("date", "kind", "source")) == {
            (date(2027, 1, 1), "holiday", "import"),
            (date(2027, 2, 6), "holiday", "import"),
            (date(2027, 2, 8), "holiday", "import"),
            (date(2027, 2, 14), "workday", "import"),
        }
        calendar_year = CalendarYear.objects.get(year=2027)
        assert (calendar_year.complete, calendar_year.completed_by) == (True, admin_user)
        assert not is_working_day(date(2027, 2, 8))
        assert is_working_day(date(2027, 2, 14))

    def test_a_bad_row_is_named_and_nothing_is_written(self, admin_client):
        before = set(Holiday.objects.values_list("date", "kind", "name"))
        bad = workbook(
            (date(2027, 1, 1), "放假", "元旦"),
            (date(2027, 2, 6), "休假", "春节"),
            ("2027-02-30", "放假", "春节"),
        )

        response = admin_client.post(reverse(IMPORT_URL), {"file": upload(bad)})

        assert response.status_code == 200
        assertContains(response, shown("Nothing was imported."))
        assertContains(
            response,
            shown("Row %(row)s: the kind “%(value)s” is neither 放假/holiday nor 上班/workday.", row=3, value="休假"),
        )
        assertContains(
            response,
            shown("Row %(row)s: “%(value)s” is not a date (write it as 2027-01-01).", row=4, value="2027-02-30"),
        )
        assert set(Holiday.objects.values_list("date", "kind", "name")) == before
        assert not CalendarYear.objects.filter(year=2027).exists()
        assertContains(admin_client.get(reverse("admin:index")), warning(2027))

    def test_a_row_outside_the_year_is_rejected(self, admin_client):
        response = admin_client.post(
            reverse(IMPORT_URL),
            {"year": "2027", "file": upload(workbook(*GOOD_2027, (date(2026, 5, 1), "放假", "劳动节")))},
        )
        assertContains(
            response, shown("Row %(row)s: %(date)s is not in %(year)s.", row=6, date="2026-05-01", year=2027)
        )
        assert not Holiday.objects.filter(date__year=2027).exists()

    def test_a_make_up_day_on_a_weekday_is_rejected(self, admin_client):
        response = admin_client.post(reverse(IMPORT_URL), {"file": upload(workbook((date(2027, 2, 10), "上班", "")))})
        assertContains(response, "2027-02-10")
        assert not Holiday.objects.filter(date__year=2027).exists()

    def test_staff_without_calendar_permissions_cannot_import(self, client, django_user_model):
        clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
        client.force_login(clerk)
        assert client.get(reverse(IMPORT_URL)).status_code == 403

    def test_the_template_round_trips_through_the_command(self, admin_client, tmp_path):
        response = admin_client.get(reverse("admin:casework_calendaryear_import_template"))
        assert response["Content-Type"] == XLSX
        template = load_workbook(io.BytesIO(response.content))
        sheet = template.worksheets[0]
        assert sheet.max_row == 1  # header only: nothing to delete before filling it in
        for row in GOOD_2027:
            sheet.append(list(row))
        path = tmp_path / "2027.xlsx"
        template.save(path)

        out = io.StringIO()
        call_command("import_holidays", str(path), stdout=out)

        assert "2027: 4 added" in out.getvalue()
        assert CalendarYear.objects.get(year=2027).source == "import"

    def test_the_command_reports_the_bad_row(self, tmp_path, settings):
        settings.LANGUAGE_CODE = "en"  # the command speaks LANGUAGE_CODE; this test reads English
        path = tmp_path / "bad.xlsx"
        path.write_bytes(workbook((date(2027, 1, 1), "放假", "元旦"), ("soon", "放假", "春节")))
        with pytest.raises(CommandError, match="Row 3"):
            call_command("import_holidays", str(path))
        assert not Holiday.objects.filter(date__year=2027).exists()
