"""The alliances of the article, seeded with ``seed_jinzhou``: the four it names (莱茵动力's with its
lead and seven members), the 2022 first batch of seven typical ones, the city's 19 provincial ones,
those it does not name marked as samples; a second run changes nothing; a bad file fails clearly."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alliances.models import Alliance, AllianceMember
from seeds import alliances as alliance_seed
from seeds.alliances import ALLIANCES_FILE

NAMED = (
    "辽宁莱茵动力电动汽车动力总成产学研联盟",
    "辽宁神工集成电路材料产学研联盟",
    "辽宁捷通铁路轨道交通装备产学研联盟",
    "辽宁九泰化学原料药与制剂产学研联盟",
)
RHEIN_MEMBERS = {
    "辽宁工业大学",
    "渤海大学",
    "沈阳工业大学",
    "北京瑞安电气技术有限公司",
    "锦州汉拿电机有限公司",
    "锦州万友机械部件有限公司",
    "锦州锦恒汽车安全系统股份有限公司",
}


def run_seed(*args) -> str:
    out = StringIO()
    call_command("seed_jinzhou", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings):
    settings.LANGUAGE_CODE = "en"
    return run_seed()


def test_the_articles_alliances(seeded):
    assert Alliance.objects.count() == 19
    assert set(Alliance.objects.values_list("status", flat=True)) == {"provincial", "typical"}
    typical = Alliance.objects.filter(status="typical")
    assert typical.count() == 7
    assert set(typical.values_list("typical_batch", flat=True)) == {"2022年第一批"}
    named = Alliance.objects.filter(title__in=NAMED)
    assert named.count() == 4 and not named.filter(is_sample=True).exists()
    assert set(Alliance.objects.exclude(title__in=NAMED).values_list("is_sample", flat=True)) == {True}
    assert all(alliance.source_note for alliance in Alliance.objects.all())
    # Everything is the science-and-technology bureau's, and none is open work.
    assert set(Alliance.objects.values_list("responsible_department__code", flat=True)) == {"most"}
    assert not Alliance.objects.filter(is_open=True).exists()


def test_the_powertrain_alliance_has_its_lead_and_seven_members(seeded):
    alliance = Alliance.objects.get(title=NAMED[0])
    assert alliance.lead_enterprise.name == "莱茵动力(锦州)有限公司"
    assert alliance.reporter_enterprise_id == alliance.lead_enterprise_id
    assert alliance.industry_chain.code == "NE-03"
    members = AllianceMember.objects.filter(alliance=alliance, left_on__isnull=True)
    assert {str(member.party.name) for member in members.select_related("enterprise", "institution")} == RHEIN_MEMBERS
    assert members.filter(institution__isnull=False).count() == 3
    assert alliance.joint_projects.get().title == "高集成化三合一动力总成系统"
    assert "共享实验室" in alliance.shared_platforms
    assert alliance.events.get().kind == "created"


def test_seeding_twice_changes_nothing(seeded):
    before = {
        alliance.pk: (alliance.version, alliance.history.count(), alliance.events.count())
        for alliance in Alliance.objects.all()
    }
    output = run_seed()
    assert "0 created, 0 updated" in output
    after = {
        alliance.pk: (alliance.version, alliance.history.count(), alliance.events.count())
        for alliance in Alliance.objects.all()
    }
    assert after == before
    assert AllianceMember.history.model.objects.count() == AllianceMember.objects.count()


def test_the_demo_lead_member_is_its_alliances_contact(seeded, settings):
    settings.DEMO_USERS_ALLOWED = True
    run_seed("--demo-users")
    alliance = Alliance.objects.get(title=NAMED[0])
    assert alliance.contact_person.username == "rhein"
    assert "0 created, 0 updated" in run_seed("--demo-users")


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda data: data["alliances"][0].update(lead="不存在的公司"), "unknown lead enterprise “不存在的公司”"),
        (lambda data: data["alliances"][0]["members"].append({"name": "某大学", "kind": "institution"}), "某大学"),
        (lambda data: data["alliances"].pop(), "the file has 18"),
        (lambda data: data["alliances"][0].pop("source_note"), "source_note"),
        (lambda data: data["alliances"][1].update(status="dissolved"), "dissolved"),
    ],
)
def test_a_bad_alliances_file_fails_clearly_and_writes_nothing(db, tmp_path, monkeypatch, breakage, message):
    data = json.loads(ALLIANCES_FILE.read_text(encoding="utf-8"))
    breakage(data)
    path = tmp_path / "alliances.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    original = alliance_seed.read_alliances
    monkeypatch.setattr("seeds.loader.read_alliances", lambda catalogue: original(catalogue, path))
    with pytest.raises(CommandError) as caught:
        run_seed()
    assert message in str(caught.value)
    assert not Alliance.objects.exists()
