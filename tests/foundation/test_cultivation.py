"""主体培育 in the admin: designations with year and source, the chains' cultivation lists (培育库), the
summary by industry and chain whose every count opens the rows it counts, the enterprise register's filters."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jinzhou.org.models import CultivationEntry, Enterprise, EnterpriseDesignation
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def office(client, world):
    client.force_login(world.office)
    return client


def designate(enterprise, designation, year, level="", source="市工信局公布名单"):
    return EnterpriseDesignation.objects.create(
        enterprise=enterprise, designation=designation, level=level, year=year, source=source
    )


def entry(enterprise, chain, department, designation="specialised", level="city", year=2026):
    return CultivationEntry.objects.create(
        enterprise=enterprise,
        chain=chain,
        target_designation=designation,
        target_level=level,
        department=department,
        target_year=year,
    )


def _rows(html: str) -> int:
    match = re.search(r'<p class="paginator">\s*(\d+)', html)
    return int(match.group(1)) if match else -1


def test_srdi_needs_a_level_and_a_designation_is_unique_per_year(world):
    with pytest.raises(ValidationError) as caught:
        EnterpriseDesignation(enterprise=world.citic, designation="specialised", year=2024, source="名单").full_clean()
    assert list(caught.value.error_dict) == ["level"]

    designate(world.citic, "high_tech", 2023)
    designate(world.citic, "high_tech", 2026)  # re-certified: a new year, a new row
    with pytest.raises(ValidationError) as caught:
        duplicate = EnterpriseDesignation(enterprise=world.citic, designation="high_tech", year=2023, source="另一名单")
        duplicate.full_clean()
    assert "__all__" in caught.value.error_dict

    with pytest.raises(ValidationError) as caught:
        CultivationEntry(
            enterprise=world.citic,
            chain=world.titanium,
            target_designation="specialised",
            department=world.miit,
            target_year=2026,
        ).full_clean()
    assert list(caught.value.error_dict) == ["target_level"]


def test_designations_keep_their_history(world):
    designation = designate(world.citic, "leading", 2022)
    designation.source = "市政府2022年重点企业名单"
    designation.save()

    assert [record.source for record in designation.history.order_by("history_date")] == [
        "市工信局公布名单",
        "市政府2022年重点企业名单",
    ]


def test_the_enterprise_page_edits_its_designations_inline(office, world):
    designate(world.citic, "chain_owner", 2022, source="文章/seed")

    html = office.get(reverse("admin:org_enterprise_change", args=[world.citic.pk])).content.decode()

    assert "企业认定称号" in html and "文章/seed" in html


def test_the_enterprise_register_filters_by_designation_chain_and_industry(office, world):
    world.citic.chains.add(world.titanium)
    world.other_enterprise.chains.add(world.wind)
    designate(world.citic, "high_tech", 2023)
    designate(world.citic, "high_tech", 2024)  # two rows, one enterprise listed once
    url = reverse("admin:org_enterprise_changelist")

    def names(query: str) -> set:
        response = office.get(f"{url}?{query}")
        assert response.status_code == 200
        return {enterprise.name for enterprise in response.context["cl"].result_list}

    assert names("designations__designation__exact=high_tech") == {"中信钛业"}
    assert _rows(office.get(f"{url}?designations__designation__exact=high_tech").content.decode()) == 1
    assert names(f"chains__id__exact={world.wind.pk}") == {"某风电企业"}
    assert names(f"chains__industry__id__exact={world.titanium.industry_id}") == {"中信钛业"}


def test_the_summary_counts_by_industry_and_chain_and_each_count_opens_its_rows(office, world):
    world.citic.chains.add(world.titanium, world.wind)  # on two chains of two industries
    world.other_enterprise.chains.add(world.wind)
    designate(world.citic, "chain_owner", 2022)
    designate(world.citic, "specialised", 2024, level="province")
    designate(world.other_enterprise, "tech_sme", 2025)
    entry(world.citic, world.titanium, world.miit, designation="specialised", level="national")
    entry(world.other_enterprise, world.wind, world.mofcom)
    entry(Enterprise.objects.create(name="风电配套企业"), world.wind, world.mofcom, designation="above_size", level="")

    summary_url = reverse("admin:org_cultivationentry_summary")
    assert summary_url in office.get(reverse("admin:org_cultivationentry_changelist")).content.decode()
    html = office.get(summary_url).content.decode()
    assert "主体培育情况（按产业、产业链）" in html

    links = re.findall(r'<a href="(/admin/org/(?:enterprisedesignation|cultivationentry)/\?[^"]+)">(\d+)</a>', html)
    expected = {
        ("enterprisedesignation", f"enterprise__chains__industry__id__exact={world.titanium.industry_id}"): 2,
        ("enterprisedesignation", f"enterprise__chains__id__exact={world.titanium.pk}"): 2,
        ("enterprisedesignation", f"enterprise__chains__industry__id__exact={world.wind.industry_id}"): 3,
        ("enterprisedesignation", f"enterprise__chains__id__exact={world.wind.pk}"): 3,
        ("cultivationentry", f"chain__industry__id__exact={world.titanium.industry_id}"): 1,
        ("cultivationentry", f"chain__id__exact={world.titanium.pk}"): 1,
        ("cultivationentry", f"chain__industry__id__exact={world.wind.industry_id}"): 2,
        ("cultivationentry", f"chain__id__exact={world.wind.pk}"): 2,
    }
    found = {(url.split("/")[3], url.split("?")[1]): int(count) for url, count in links}
    assert found == expected
    # Every count is the number of rows its link lists.
    for url, count in links:
        response = office.get(url.replace("&amp;", "&"))
        assert response.status_code == 200
        assert _rows(response.content.decode()) == int(count), url


def test_the_summary_is_for_those_who_may_view_the_list(client, world):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("staff-without-rights", is_staff=True))
    assert client.get(reverse("admin:org_cultivationentry_summary")).status_code == 403
