"""The seed is true to the article: what it names is real, what the seed inferred or made up says so
where it is stored and wherever it is shown (portal, admin, API), and made-up dates stay out of period figures."""

import re

import pytest
from django.urls import reverse

from alliances.models import Alliance
from chains.api.serializers import ChainSerializer
from jinzhou.org.models import Chain, ChainOwner, Enterprise, Industry, IndustryCluster, SubField, UserProfile
from projects.models import Challenge


def test_the_spring_sprout_programme_has_its_20_challenges(seeded):
    challenges = Challenge.objects.filter(programme__name="春芽计划 2022")
    assert challenges.count() == 20
    crucible = challenges.get(title="芯片级高端半导体石英坩埚")
    # The one the article names: real, published (发榜), on the semiconductor quartz and crucible chain.
    assert (crucible.provenance, crucible.is_sample, crucible.status) == ("real", False, "published")
    assert crucible.chain.code == "NM-02" and "坩埚" in crucible.chain.name
    assert crucible.reference.startswith("JB-2022-")
    others = challenges.exclude(pk=crucible.pk)
    assert set(others.values_list("provenance", "is_sample")) == {("sample", True)}
    assert all(title.startswith("示例") for title in others.values_list("title", flat=True))
    # The alliances are recorded as of the article's year (2022), and numbered in it.
    assert {reference[:8] for reference in Alliance.objects.values_list("reference", flat=True)} == {"LM-2022-"}


def test_inferred_and_sample_rows_carry_their_mark(seeded):
    # The 7 industries' and the 12 named sub-fields' names are reconstructions; the other 13 sub-fields are samples.
    assert set(Industry.objects.values_list("provenance", flat=True)) == {"inferred"}
    assert SubField.objects.filter(provenance="inferred").count() == 12
    assert SubField.objects.filter(provenance="sample").count() == 13
    # The 17 chains the article speaks of are real, 16 are samples; no chain's leader department is named.
    assert Chain.objects.filter(provenance="real").count() == 17
    assert Chain.objects.filter(provenance="sample", is_sample=True).count() == 16
    assert set(Chain.objects.values_list("leader_provenance", flat=True)) == {"inferred"}
    inferred_owners = ChainOwner.objects.filter(provenance="inferred").values_list("enterprise__name", flat=True)
    assert sorted(inferred_owners) == sorted(
        ["东方国际集装箱(锦州)有限公司", "锦州捷通铁路机械股份有限公司", "锦州九泰药业有限责任公司",
         "锦州奥鸿药业有限公司", "国电投", "华为"]
    )  # fmt: skip
    assert ChainOwner.objects.get(chain__code="FC-01").provenance == "real"


def test_the_six_clusters_group_the_industries(seeded):
    clusters = dict(IndustryCluster.objects.values_list("name", "provenance"))
    # 依托石化及精细化工、钛及金属新材料、光伏新能源及电子信息等六大产业集群: three named, three inferred.
    assert len(clusters) == 6
    assert {name for name, mark in clusters.items() if mark == "real"} == {
        "石化及精细化工",
        "钛及金属新材料",
        "光伏新能源及电子信息",
    }
    assert list(clusters.values()).count("inferred") == 3
    assert not Industry.objects.filter(cluster=None).exists()
    assert Industry.objects.get(name="精细化工").cluster.name == "石化及精细化工"


def test_the_portal_chain_overview_shows_the_marks(seeded, client, django_user_model, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(django_user_model.objects.create_user("reader"))
    page = client.get(reverse("portal:chains"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "石化及精细化工" in page and "钛及金属新材料" in page

    def item(code: str) -> str:
        return re.search(rf'<li data-chain="{code}">.*?</li>', page, re.S).group(0)

    sample = Chain.objects.filter(is_sample=True).order_by("code").first()
    assert 'data-provenance="sample"' in item(sample.code) and "示例" in item(sample.code)
    assert 'data-provenance="sample"' not in item("FC-01")  # 炼油及石化基础原料: named by the article
    assert "（推断）" in item("FC-01")  # its leader department is inferred
    wind = reverse("portal:chain", args=[Chain.objects.get(code="NE-01").pk])
    chain_page = client.get(wind, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert re.search(r'国电投 <span class="tag tag-provenance" data-provenance="inferred"', chain_page)


def test_the_api_gives_the_marks(seeded):
    chain = Chain.objects.get(code="NE-01")
    data = ChainSerializer(chain).data
    assert (data["provenance"], data["leader_provenance"]) == ("real", "inferred")
    assert [owner["provenance"] for owner in data["ownerships"]] == ["inferred"]


def test_the_enterprise_register_hides_the_samples_until_asked(seeded, admin_client):
    url = reverse("admin:org_enterprise_changelist")
    shown = admin_client.get(url).context["cl"]
    assert shown.result_count == Enterprise.objects.exclude(provenance="sample").count()
    assert not any(row.is_sample for row in shown.queryset)
    samples = admin_client.get(url, {"provenance": "sample"}).context["cl"]
    assert samples.result_count == Enterprise.objects.filter(is_sample=True).count() >= 651
    assert admin_client.get(url, {"provenance": "all"}).context["cl"].result_count == Enterprise.objects.count()


@pytest.mark.django_db
def test_the_two_marks_agree_whichever_a_form_changes():
    enterprise = Enterprise.objects.create(name="某企业", is_sample=True)
    assert enterprise.provenance == "sample"
    enterprise = Enterprise.objects.get(pk=enterprise.pk)
    enterprise.provenance = "inferred"
    enterprise.save()
    assert Enterprise.objects.get(pk=enterprise.pk).is_sample is False
    enterprise = Enterprise.objects.get(pk=enterprise.pk)
    enterprise.is_sample = True
    enterprise.save()
    assert Enterprise.objects.get(pk=enterprise.pk).provenance == "sample"


def test_the_portal_challenge_board_marks_the_samples(seeded, client, django_user_model, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    user = django_user_model.objects.create_user("team")
    UserProfile.objects.update_or_create(
        user=user, defaults={"enterprise": Enterprise.objects.get(name="锦州神工半导体股份有限公司")}
    )
    client.force_login(user)
    page = client.get(reverse("portal:challenges"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    titles = re.findall(r'<span class="case-title">([^<]+)</span>\s*(<span class="tag tag-provenance"[^>]*>)?', page)
    assert ("芯片级高端半导体石英坩埚", "") in titles  # the real one, unmarked
    samples = [(title, mark) for title, mark in titles if title.startswith("示例")]
    assert samples and all('data-provenance="sample"' in mark for _title, mark in samples)
