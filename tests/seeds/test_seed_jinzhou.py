import json

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management.base import CommandError

from jinzhou.org.choices import DepartmentKind, Role, Segment
from jinzhou.org.models import (
    Chain,
    ChainNode,
    ChainOwner,
    Department,
    Enterprise,
    Industry,
    Institution,
    Park,
    SubField,
    TaskForce,
)
from jinzhou.org.validators import complete_credit_code
from seeds.loader import DEFAULT_FILE
from seeds.management.commands.seed_jinzhou import Command as SeedCommand

pytestmark = pytest.mark.django_db

# DOMAIN.md, "Named organisations (seed them)".
NAMED_ENTERPRISES = [
    "锦州石化",
    "中信钛业",
    "锦州神工半导体股份有限公司",
    "锦州奥鸿药业有限公司",
    "东方国际集装箱(锦州)有限公司",
    "龙宇新材料",
    "国电投",
    "华为",
    "莱茵动力(锦州)有限公司",
    "北京瑞安电气技术有限公司",
    "锦州汉拿电机有限公司",
    "锦州万友机械部件有限公司",
    "锦州锦恒汽车安全系统股份有限公司",
]
NAMED_PARKS = ["汤河子经济开发区", "锦州滨海新区", "辽苏合作(锦州)产业园", "“一区四园”高新区"]
NAMED_INSTITUTIONS = [
    "锦州医科大学",
    "辽宁工业大学",
    "渤海大学",
    "沈阳工业大学",
    "锦州市科学技术研究院",
    "中国科学院金属研究所",
]
NAMED_DEPARTMENTS = ["领导小组", "领导小组办公室", "工信局", "发改委", "科技局", "商务局", "市场监管局", "自然资源局"]
COUNTIES = ["凌海市", "北镇市", "黑山县", "义县", "太和区", "古塔区", "凌河区"]
SEEDED_APPS = ("org", "chains", "auth")


def load_data() -> dict:
    return json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))


def snapshot() -> dict:
    """Every row of the seeded apps, their historical and m2m tables included."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in SEEDED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


def test_catalogue_counts_and_chain_consistency(seeded):
    assert Industry.objects.count() == 7
    assert SubField.objects.count() == 25
    assert Chain.objects.count() == 33
    assert TaskForce.objects.count() == 7
    for chain in Chain.objects.select_related("subfield", "leader_department"):
        assert chain.leader_department_id, chain.code
        assert chain.industry_id == chain.subfield.industry_id, chain.code
    assert set(Industry.objects.values_list("name", flat=True)) == {
        "精细化工",
        "金属材料",
        "生物医药",
        "新能源",
        "新材料",
        "新一代电子信息技术及应用",
        "高端消费品",
    }


def test_named_organisations_exist_and_are_not_samples(seeded):
    for model, field, names in [
        (Enterprise, "name", NAMED_ENTERPRISES),
        (Park, "name", NAMED_PARKS),
        (Institution, "name", NAMED_INSTITUTIONS),
        (Department, "short_name", NAMED_DEPARTMENTS),
        (Department, "name", COUNTIES),
    ]:
        for name in names:
            row = model.objects.get(**{field: name})
            assert not row.is_sample, name
            assert row.source_note, name
    assert set(Department.objects.filter(kind=DepartmentKind.COUNTY).values_list("name", flat=True)) == set(COUNTIES)
    office = Department.objects.get(code="office")
    assert office.parent.code == "leading-group"
    assert office.kind == DepartmentKind.OFFICE


def test_article_facts_are_recorded(seeded):
    citic = Enterprise.objects.get(name="中信钛业")
    assert citic.park.name == "汤河子经济开发区"
    assert citic.credit_code is None
    for figure in ("6万吨/年", "31%", "12万吨/年", "30万吨"):
        assert figure in citic.description
    tanghezi = Park.objects.get(name="汤河子经济开发区")
    assert tanghezi.area_km2 == 2.5
    for figure in ("46户", "16户", "2.5平方公里", "集群项目3个"):
        assert figure in tanghezi.description
    assert ChainOwner.objects.filter(chain__code="MT-01", enterprise=citic).exists()
    assert Enterprise.objects.filter(credit_code__isnull=False).count() == 0


def test_sample_rows_are_marked_and_official_rows_cite_the_article(seeded):
    prefixes = {"sample": "示例", "inferred": "推断", "real": "文章"}
    for model in (SubField, Chain):
        for row in model.objects.all():
            assert row.source_note.startswith(prefixes[row.provenance]), (row.code, row.source_note)
            assert row.is_sample == (row.provenance == "sample")
    assert Chain.objects.filter(is_sample=False).count() >= 15
    assert Enterprise.objects.get(name="锦州捷通铁路机械股份有限公司").is_sample
    assert Enterprise.objects.get(name="锦州九泰药业有限责任公司").is_sample
    for task_force in TaskForce.objects.all():
        assert task_force.is_sample
        assert task_force.name == f"{task_force.industry.name}产业专班"
        assert task_force.leader_title == "分管副市长"
        assert "示例" in task_force.leader_name


def test_chain_maps_run_upstream_to_downstream_with_a_missing_link(seeded):
    rank = {segment: index for index, segment in enumerate(Segment.values)}
    mapped = Chain.objects.filter(nodes__isnull=False).distinct()
    assert set(Chain.objects.filter(is_sample=False)) <= set(mapped)
    for chain in mapped:
        nodes = list(chain.nodes.order_by("order"))
        assert [rank[node.segment] for node in nodes] == sorted(rank[node.segment] for node in nodes), chain.code
        assert len({node.order for node in nodes}) == len(nodes), chain.code
        assert any(node.is_missing_link for node in nodes), chain.code
        # A map's enterprises and owners are on the chain they supply.
        for node in nodes:
            for enterprise in node.enterprises.all():
                assert enterprise.chains.filter(pk=chain.pk).exists(), (chain.code, enterprise.name)
    for owner in ChainOwner.objects.all():
        assert owner.enterprise.chains.filter(pk=owner.chain_id).exists()
    tio2 = ChainNode.objects.get(chain__code="MT-01", segment=Segment.MIDSTREAM)
    assert list(tio2.enterprises.values_list("name", flat=True)) == ["中信钛业"]
    assert ChainNode.objects.get(chain__code="MT-01", name="涂料/塑料").is_missing_link


def test_seeding_twice_changes_nothing(seeded, run_seed, settings):
    settings.DEMO_USERS_ALLOWED = True
    run_seed("--demo-users")
    before = snapshot()
    output = run_seed("--demo-users")
    assert snapshot() == before
    assert "0 created, 0 updated" in output
    assert "0 links added" in output


def test_seed_overwrites_the_fields_it_owns_and_keeps_the_rest(seeded, run_seed):
    chain = Chain.objects.get(code="MT-01")
    chain.name = "管理员改名"
    chain.leader_department = Department.objects.get(code="most")
    chain.save()
    node = ChainNode.objects.get(chain=chain, name="涂料/塑料")
    node.is_missing_link = False
    node.save()
    citic = Enterprise.objects.get(name="中信钛业")
    citic.description = "管理员改写"
    # Fields and links the file does not give belong to the admins.
    code = complete_credit_code("91210700", "MA000000")
    citic.credit_code = code
    citic.save()
    citic.chains.add(Chain.objects.get(code="MT-02"))
    miit = Department.objects.get(code="miit")
    miit.head = get_user_model().objects.create_user("someone")
    miit.save()
    admin_node = ChainNode.objects.create(chain=chain, segment=Segment.DOWNSTREAM, name="管理员新增", order=99)

    output = run_seed()

    assert "3 updated" in output
    chain.refresh_from_db()
    assert chain.name == "氯化法钛白粉"
    assert chain.leader_department.code == "miit"
    node.refresh_from_db()
    assert node.is_missing_link
    citic.refresh_from_db()
    assert citic.description.startswith("氯化法钛白粉产能6万吨/年")
    assert citic.credit_code == code
    assert set(citic.chains.values_list("code", flat=True)) == {"MT-01", "MT-02"}
    miit.refresh_from_db()
    assert miit.head.username == "someone"
    assert ChainNode.objects.filter(pk=admin_node.pk).exists()
    assert chain.history.first().history_change_reason == "seed_jinzhou"
    assert "OVERWRITES" in SeedCommand().help


def test_demo_users(seeded, run_seed, settings):
    settings.DEMO_USERS_ALLOWED = True
    output = run_seed("--demo-users")
    expected = {
        "office": (Role.OFFICE, "office", None),
        "leader": (Role.LEADING_GROUP, "leading-group", None),
        "taskforce": (Role.TASK_FORCE_LEADER, None, None),
        "chainlead": (Role.CHAIN_LEADER, "miit", None),
        "enterprise": (Role.CHAIN_OWNER, None, "中信钛业"),
    }
    for username, (role, department, enterprise) in expected.items():
        user = authenticate(username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, username
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("role__code", flat=True)) == [role]
        assert getattr(user.profile.department, "code", None) == department
        assert getattr(user.profile.enterprise, "name", None) == enterprise
        assert user.profile.title and user.profile.phone
        assert username in output
    assert settings.DEMO_PASSWORD in output
    task_force = TaskForce.objects.get(leader__username="taskforce")
    assert task_force.industry.chains.filter(code="MT-01").exists()
    assert Department.objects.get(code="miit").head.username == "chainlead"
    # The university's account: no role and no admin; its scope keys on the profile's institution.
    daxue = authenticate(username="daxue", password=settings.DEMO_PASSWORD)
    assert daxue is not None and not daxue.is_staff and not daxue.groups.exists()
    assert daxue.profile.institution.name == "辽宁工业大学" and daxue.profile.institution.kind == "university"
    assert daxue.profile.title.endswith("（示例）") and daxue.profile.phone
    assert "daxue" in output and "辽宁工业大学" in output
    # One account per role, the two alliance sides (kejiju, rhein) and the university: nothing else.
    assert get_user_model().objects.filter(profile__title__endswith="（示例）").count() == 8


def test_demo_users_are_reset(seeded, run_seed, settings):
    settings.DEMO_USERS_ALLOWED = True
    run_seed("--demo-users")
    office = get_user_model().objects.get(username="office")
    office.set_password("changed")
    office.is_superuser = True
    office.save()
    office.groups.add(office.groups.model.objects.get(role__code=Role.LEADING_GROUP))

    run_seed("--demo-users")

    office.refresh_from_db()
    assert office.check_password(settings.DEMO_PASSWORD)
    assert not office.is_superuser
    assert list(office.groups.values_list("role__code", flat=True)) == [Role.OFFICE]


def test_demo_users_refused_in_production(db, run_seed, settings):
    settings.DEMO_USERS_ALLOWED = False  # production mode
    with pytest.raises(CommandError, match="production"):
        run_seed("--demo-users")
    assert not get_user_model().objects.exists()
    assert not Department.objects.exists()


def _broken(data: dict, how: str) -> str:
    """Break a copy of the real data in one way; return the message the error must contain."""
    if how == "unknown reference":
        data["chains"][0]["subfield"] = "no-such-field"
        return "chains[0] (FC-01): unknown sub-field “no-such-field”"
    if how == "wrong count":
        data["industries"].pop()
        return "industries: the article counts 7, the file has 6"
    if how == "missing provenance":
        del data["enterprises"][1]["is_sample"]
        return "enterprises[1] (中信钛业): field “is_sample” is required"
    if how == "nodes out of order":
        data["chains"][0]["nodes"].reverse()
        return "chains[0] (FC-01).nodes[1]"
    if how == "too long for the database":
        # Passes the file checks; only the model's max_length catches it, after departments were written.
        data["chains"][-1]["name"] = "长" * 81
        return "chains[32] (CG-03): name"
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how", ["unknown reference", "wrong count", "missing provenance", "nodes out of order", "too long for the database"]
)
def test_a_malformed_file_fails_clearly_and_writes_nothing(db, run_seed, tmp_path, how):
    data = load_data()
    message = _broken(data, how)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run_seed("--file", str(path))
    assert message in str(error.value)
    assert snapshot() == before


def test_a_file_that_is_not_json_fails_clearly(db, run_seed, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"departments": [', encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        run_seed("--file", str(path))
    assert not Department.objects.exists()


def test_the_articles_chain_owners_are_recorded_as_designated_and_nothing_is_invented(seeded, run_seed):
    from jinzhou.org.models import EnterpriseDesignation

    held = {
        (row.enterprise.name, row.designation, row.level, row.year)
        for row in EnterpriseDesignation.objects.select_related("enterprise")
    }
    # The owners whose note says the article names them (文章：…); 2022 is the article's year.
    assert held == {
        ("锦州石化", "chain_owner", "", 2022),
        ("锦州石化", "leading", "", 2022),
        ("中信钛业", "chain_owner", "", 2022),
        ("中信钛业", "leading", "", 2022),
        ("莱茵动力(锦州)有限公司", "chain_owner", "", 2022),
        ("锦州神工半导体股份有限公司", "chain_owner", "", 2022),
        ("锦州神工半导体股份有限公司", "leading", "", 2022),
    }
    # Owners the file only infers (推定) or samples (示例) hold no designation.
    inferred = ChainOwner.objects.exclude(note__startswith="文章：").values_list("enterprise__name", flat=True)
    assert set(inferred) >= {"国电投", "华为", "锦州九泰药业有限责任公司"}
    assert not EnterpriseDesignation.objects.filter(enterprise__name__in=inferred).exists()
    assert all(row.source.startswith("文章/seed：") for row in EnterpriseDesignation.objects.all())
    shengong = EnterpriseDesignation.objects.get(
        enterprise__name="锦州神工半导体股份有限公司", designation="chain_owner"
    )
    assert "NM-01" in shengong.source and "NM-02" in shengong.source

    output = run_seed()

    assert "enterprisedesignation +" not in output and "enterprisedesignation ~" not in output
    assert EnterpriseDesignation.objects.count() == 7


def test_demo_users_come_with_a_sample_task_force_meeting_and_its_decisions(seeded, run_seed, settings):
    from meetings.choices import MeetingKind
    from meetings.models import Meeting

    settings.DEMO_USERS_ALLOWED = True
    run_seed("--demo-users")
    run_seed("--demo-users")  # a second seed keeps the one meeting

    meeting = Meeting.objects.get()
    assert meeting.kind == MeetingKind.TASK_FORCE and meeting.is_sample
    tasks = [decision.task for decision in meeting.decisions.order_by("number")]
    assert len(tasks) == 3
    assert all(task.source == "meeting" and task.chain.code == "MT-01" and task.due_at for task in tasks)
    assert tasks[1].responsible_department.code == "miit"
