"""Where the circular is issued and read: the admin's page and list, the command, the API."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from circulars.models import Circular
from circulars.services import generate_circular

API = "/api/v1/reports/circular"


def test_the_admin_page_previews_and_issues(client, circular_world, world):
    client.force_login(world.office)
    url = reverse("admin:circulars_circular_generate")
    code = circular_world["period"].code
    page = client.get(url, {"period": code})
    assert page.status_code == 200
    assert "全市产业链工作推进情况的通报" in page.content.decode() and Circular.objects.count() == 0
    answer = client.post(url, {"period": code, "addressees": "各县（市、区）", "format": "docx"})
    assert answer.status_code == 200 and answer["Content-Disposition"].startswith("attachment")
    circular = Circular.objects.get()
    assert circular.generated_by == world.office and circular.period_code == code
    document = Document(io.BytesIO(b"".join(answer.streaming_content)))
    assert "各县（市、区）：" in [p.text for p in document.paragraphs]


def test_a_bad_period_is_a_message_not_an_error(client, circular_world, world):
    client.force_login(world.office)
    page = client.post(reverse("admin:circulars_circular_generate"), {"period": "2026-13", "format": "docx"})
    assert page.status_code == 400 and "不是有效的时间段" in page.content.decode()
    assert Circular.objects.count() == 0


def test_an_issued_circular_shows_its_kept_figures(client, circular_world, world):
    circular = generate_circular(world.office, circular_world["period"])
    circular.figures["departments"][0]["name"] = "按当时数据"  # what was kept is what is shown
    circular.save()
    client.force_login(world.office)
    page = client.get(reverse("admin:circulars_circular_change", args=[circular.pk]))
    assert page.status_code == 200 and "按当时数据" in page.content.decode()
    listing = client.get(reverse("admin:circulars_circular_changelist"))
    assert circular.number in listing.content.decode()
    download = client.get(reverse("admin:circulars_circular_download", args=[circular.pk, "xlsx"]))
    assert b"".join(download.streaming_content) == bytes(circular.xlsx)


def test_other_staff_do_not_see_circulars(client, circular_world, world):
    client.force_login(world.chainlead)
    assert client.get(reverse("admin:circulars_circular_generate")).status_code == 403


def test_the_command_writes_the_file_by_its_extension(tmp_path, circular_world, world):
    target = tmp_path / "tb.xlsx"
    call_command("circular", period=circular_world["period"].code, output=str(target))
    assert target.read_bytes() == bytes(Circular.objects.get().xlsx)
    with pytest.raises(CommandError, match="不是有效的时间段"):
        call_command("circular", period="2026-Q5", output=str(tmp_path / "x.docx"))
    with pytest.raises(CommandError, match=r"must end in \.docx or \.xlsx"):
        call_command("circular", period="2026-11", output=str(tmp_path / "x.pdf"))
    assert Circular.objects.count() == 1


def test_the_api_answers_the_same_figures(client, circular_world, world):
    client.force_login(world.leader)
    answer = client.get(API, {"period": circular_world["period"].code})
    assert answer.status_code == 200
    body = answer.json()
    assert body["overdue"]["total"] == 6
    assert [row["name"] for row in body["ranking"]["on_time"]["ranked"]] == ["工信局"]


@pytest.mark.parametrize("period", ["", "2026-13", "last month"])
def test_the_api_refuses_a_bad_period_with_a_problem(client, circular_world, world, period):
    client.force_login(world.office)
    answer = client.get(API, {"period": period})
    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("application/problem+json")
    assert "period" in answer.json()["errors"]


def test_the_api_is_for_the_office_and_the_leading_group(client, circular_world, world):
    client.force_login(world.chainlead)
    assert client.get(API, {"period": "2026-11"}).status_code == 403


def _key_client(user, scopes: str):
    from rest_framework.test import APIClient

    from jinzhou.org.models import ApiKey
    from jinzhou.org.services import digest_of, new_raw_key

    prefix, raw = new_raw_key()
    ApiKey.objects.create(name="circular key", user=user, scopes=scopes, prefix=prefix, digest=digest_of(raw))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_an_api_key_reads_the_figures_with_the_scope_cases_read(circular_world, world):
    code = circular_world["period"].code
    assert _key_client(world.office, "cases:read").get(API, {"period": code}).status_code == 200
    refused = _key_client(world.office, "chains:read").get(API, {"period": code})
    assert refused.status_code == 403 and "cases:read" in refused.json()["detail"]


def test_the_list_of_circulars_does_not_load_their_files(client, circular_world, world):
    for _index in range(3):
        generate_circular(world.office, circular_world["period"])
    client.force_login(world.office)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:circulars_circular_changelist"))
    assert page.status_code == 200 and page.content.decode().count("Word</a>") == 3
    listing = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "circulars_circular"' in q["sql"] and "COUNT" not in q["sql"]
    ]
    assert listing and not any('"circulars_circular"."docx"' in sql for sql in listing)
