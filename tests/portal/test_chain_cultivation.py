"""The chain page's 主体培育 section: the chain's designated enterprises and its cultivation list (培育库)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jinzhou.org.models import CultivationEntry, Enterprise, EnterpriseDesignation

pytestmark = pytest.mark.django_db


def designate(enterprise, designation, year, level="", source="锦州市工信局公布名单"):
    return EnterpriseDesignation.objects.create(
        enterprise=enterprise, designation=designation, level=level, year=year, source=source
    )


def test_the_chain_page_lists_the_designated_enterprises_and_the_cultivation_list(client, world):
    world.citic.chains.add(world.titanium)
    designate(world.citic, "chain_owner", 2022, source="文章/seed")
    designate(world.citic, "specialised", 2023, level="national", source="工信部第五批名单")
    # An enterprise of another chain, and one of this chain without a designation, are not listed.
    world.other_enterprise.chains.add(world.wind)
    designate(world.other_enterprise, "high_tech", 2021)
    Enterprise.objects.create(name="钛材配套企业").chains.add(world.titanium)
    candidate = Enterprise.objects.create(name="锦州钛新材料有限公司")
    CultivationEntry.objects.create(
        enterprise=candidate,
        chain=world.titanium,
        target_designation="specialised",
        target_level="province",
        department=world.miit,
        target_year=2026,
        note="已提交申报材料",
    )
    CultivationEntry.objects.create(
        enterprise=world.other_enterprise,
        chain=world.wind,
        target_designation="high_tech",
        department=world.mofcom,
        target_year=2025,
    )
    # Everyone who may open the chain page sees the section: here an enterprise of another chain.
    client.force_login(world.outsider)

    response = client.get(reverse("portal:chain", args=[world.titanium.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('data-testid="cultivation"') :]
    section = section[: section.index("</section>")]
    assert "主体培育" in section
    assert "获认定企业 1 家" in section and 'href="#designated-title"' in section
    assert "培育库企业 1 家" in section and 'href="#cultivation-list-title"' in section
    assert "中信钛业" in section
    assert "链主企业（2022，文章/seed）" in section
    assert "国家级专精特新“小巨人”企业（2023，工信部第五批名单）" in section
    assert "钛材配套企业" not in section and "某风电企业" not in section
    assert "锦州钛新材料有限公司" in section
    assert "省级专精特新中小企业" in section and "2026" in section and "工信局" in section
    assert "已提交申报材料" in section


def test_an_empty_section_says_so(client, world):
    client.force_login(world.chainlead)

    html = client.get(reverse("portal:chain", args=[world.titanium.pk])).content.decode()

    assert "本产业链暂无企业认定记录。" in html
    assert "本产业链培育库暂无企业。" in html


def test_the_section_costs_the_same_queries_for_1_or_10_enterprises(client, world):
    client.force_login(world.chainlead)
    url = reverse("portal:chain", args=[world.titanium.pk])

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    def add(index: int) -> None:
        enterprise = Enterprise.objects.create(name=f"企业{index}")
        enterprise.chains.add(world.titanium)
        designate(enterprise, "high_tech", 2020 + index)
        designate(enterprise, "tech_sme", 2020 + index)
        CultivationEntry.objects.create(
            enterprise=enterprise,
            chain=world.titanium,
            target_designation="specialised",
            target_level="city",
            department=world.miit,
            target_year=2027,
        )

    add(0)
    one = count()
    for index in range(1, 10):
        add(index)
    assert count() == one
