"""Demo cases in bulk, for demonstrations and load tests: ``python manage.py seed_demo --cases N``.

Every run ADDS ``N`` cases (bottlenecks ~60 %, chain tasks ~40 %) to whatever is there; it is not
idempotent. The cases look like the services made them: each kind's workflow is walked from its
initial state along the shortest path to a target state, with a timeline event per step, the
assignment, deadline (``due_at``, ``original_due_at``, ``warn_at`` exactly as
``effects.set_deadline`` computes it), acknowledgement, progress reports, extensions, co-handling
and closing that the path implies. The mix is chosen so that a list shows drafts, many cases in
handling, ~30 % closed (some of them late) and red, yellow and green lights.

Speed is the point, so rows are written with SQL, not saved one by one:

* Case ids and reference numbers are reserved first, in one short transaction: the id sequence
  (SQLite ``sqlite_sequence``, PostgreSQL's sequence under a table lock) and ``ReferenceSequence``
  are advanced past the block, so a case the services create during or after the run can never
  collide with a demo case.
* ``bulk_create`` is not used: it overwrites ``auto_now_add`` fields (``created_at``, ``at``, …) with
  the current time, which would give every demo case the same creation moment. Rows are written
  with ``COPY`` on PostgreSQL and ``executemany`` elsewhere, in transactions of ``batch`` cases.
* No django-simple-history rows are written for demo data. The created event's ``data`` carries
  ``{"seed_demo": <seed>}`` so that demo cases can be told apart.

Deterministic: the same seed, ``today`` and starting database give the same rows.
"""

from __future__ import annotations

import datetime as dt
import json
import queue
import random
import threading
import time
from bisect import bisect_right
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chains.models import Bottleneck, Chain, ChainTask, ProgressReport
from jinzhou.casework.choices import CoHandlingStatus, EventKind, ExtensionStatus, Priority, Source
from jinzhou.casework.deadlines import add_working_days
from jinzhou.casework.effects import set_deadline
from jinzhou.casework.kinds import get_kind
from jinzhou.casework.models import Case, CoHandling, Extension, ReferenceSequence, TimelineEvent
from jinzhou.casework.status import status_writes_allowed
from jinzhou.org.choices import DepartmentKind, Role
from jinzhou.org.models import Department, Enterprise, UserProfile

DAY = 86400
# Cases are created over the last WINDOW_DAYS days, most of them recently (the platform's use grew):
# a share uniformly over the window, the rest with a density rising with the square of time.
WINDOW_DAYS = 365
UNIFORM_SHARE = 0.35
YOUNG_DAYS = 10
# Timeline moments fall in office hours, 08:00–18:00.
OFFICE_OPENS, OFFICE_CLOSES = 8 * 3600, 18 * 3600

SQLITE_CACHE_KIB = 256 * 1024
BOTTLENECK_SHARE = 0.6
# Open cases by state, for cases younger than YOUNG_DAYS and for older ones.
OPEN_STATES = {
    "bottleneck": (
        {
            "draft": 22,
            "submitted": 24,
            "returned": 4,
            "accepted": 14,
            "assigned": 18,
            "acknowledged": 12,
            "handling": 6,
        },
        {
            "draft": 3,
            "submitted": 2,
            "returned": 2,
            "accepted": 2,
            "assigned": 9,
            "acknowledged": 10,
            "handling": 54,
            "resolution_submitted": 18,
        },
    ),
    "task": (
        {"assigned": 50, "acknowledged": 30, "in_progress": 20},
        {"assigned": 8, "acknowledged": 10, "in_progress": 60, "submitted": 13, "returned": 9},
    ),
}
CLOSED_STATE = "closed"
CLOSED_LATE_SHARE = 0.2
# Deadlines in working days, by priority: urgent cases get short ones.
LIMITS = {
    "bottleneck": {4: (5, 10), 3: (10, 15, 20), 2: (15, 20, 30), 1: (30, 45, 60)},
    "task": {4: (10, 15), 3: (15, 20, 30), 2: (20, 30, 45), 1: (45, 60, 90)},
}
# A deadline longer than this (in working days) was reached through an approved extension; only
# some old open cases got one, the others are overdue.
LONGEST_LIMIT = 90
LONG_EXTENSION_SHARE = 0.35
EXTENSION_SHARE = 0.06
PENDING_EXTENSION_SHARE = 0.02
CO_HANDLING_SHARE = 0.1
OTHER_DEPARTMENT_SHARE = 0.15
# Mean days between steps, by kind and action. The last step of the work itself (submitting a
# resolution or a result) is placed against the deadline instead.
STEP_DAYS = {
    "bottleneck": {"submit": 0.6, "accept": 1.5, "return": 2.0, "assign": 2.0, "acknowledge": 1.0, "start": 1.5},
    "task": {"acknowledge": 1.0, "start": 2.0, "return": 3.0},
}
WORK_DONE_ACTIONS = {"bottleneck": "submit_resolution", "task": "submit"}
CLOSE_DAYS = 2.0

PRIORITIES = ((Priority.LOW, 10), (Priority.NORMAL, 55), (Priority.HIGH, 25), (Priority.URGENT, 10))
SOURCES = {
    "bottleneck": (
        (Source.ENTERPRISE, 45),
        (Source.DEPARTMENT, 30),
        (Source.PARTNER, 10),
        (Source.INSTRUCTION, 10),
        (Source.MEETING, 5),
    ),
    "task": ((Source.MEETING, 50), (Source.INSTRUCTION, 35), (Source.DEPARTMENT, 15)),
}
BOTTLENECK_KINDS = (("blockage", 55), ("break", 25), ("chokepoint", 20))
SEVERITIES = ((1, 25), (2, 55), (3, 20))
CADENCES = (("monthly", 70), ("weekly", 30))
CADENCE_DAYS = {"monthly": 30, "weekly": 7}

# --- texts ------------------------------------------------------------------------------------------
# Bottleneck titles by industry (the seed's industry names); GENERIC for an industry not listed.
BOTTLENECK_TITLES = {
    "精细化工": (
        "园区蒸汽管网压力不足影响连续生产",
        "危化品道路运输审批周期长",
        "环评批复滞后导致扩产项目无法开工",
        "C9芳烃原料供应受限",
        "化工园区污水处理能力不足",
        "精细化工中试基地缺乏",
        "电子级氢氟酸纯化技术依赖进口",
        "危险废物处置费用偏高",
        "液氯槽车进园通行受限",
        "高端催化剂依赖进口",
        "安全评价机构排期紧张",
    ),
    "金属材料": (
        "钛精矿进口通关周期过长",
        "氯气供应不稳定影响钛白粉生产",
        "海绵钛还原蒸馏炉能耗指标不足",
        "高纯四氯化钛提纯技术受制于人",
        "钛合金熔炼用真空自耗电弧炉依赖进口",
        "锆英砂原料价格波动大",
        "金属粉末增材制造认证标准缺失",
        "铁路专用线运力紧张影响原料进厂",
        "集装箱用耐候钢板供应周期长",
        "工业用电价格偏高",
        "废酸综合利用项目审批缓慢",
    ),
    "生物医药": (
        "原料药关联审评排队时间长",
        "GMP符合性检查排期滞后",
        "上市许可持有人委托生产衔接不畅",
        "生物反应器及一次性耗材依赖进口",
        "医疗器械注册检验周期长",
        "医药中间体项目环评指标紧张",
        "药品冷链物流配套不足",
        "临床试验机构资源不足",
        "集采中标产品产能不足",
        "高端制剂辅料依赖进口",
    ),
    "新能源": (
        "风电叶片大件运输通行证办理困难",
        "新能源项目并网接入审批周期长",
        "光伏组件用银浆依赖进口",
        "储能项目用地指标不足",
        "动力总成关键芯片供应短缺",
        "风机主轴承依赖进口",
        "氢能项目安全监管规范不明确",
        "汽车零部件本地配套率低",
        "超级电容电极材料产能不足",
        "新能源汽车检测认证需赴外地办理",
    ),
    "新材料": (
        "半导体级单晶硅拉晶炉热场部件依赖进口",
        "石英坩埚用高纯石英砂供应紧张",
        "先进陶瓷粉体原料依赖进口",
        "碳纤维原丝产能不足",
        "电子功能材料检测平台缺乏",
        "新材料首批次应用保险补偿申报困难",
        "洁净厂房建设审批手续繁琐",
        "高端研发人才引进困难",
        "电子特种气体供应不稳定",
        "产学研成果转化机制不畅",
    ),
    "新一代电子信息技术及应用": (
        "数据中心能耗指标不足",
        "工业互联网标识解析二级节点接入企业少",
        "5G专网建设协调困难",
        "软件企业高端人才流失",
        "电子元器件贴片设备依赖进口",
        "算力资源使用价格偏高",
        "企业上云补贴兑现慢",
        "工业软件国产化替代进展缓慢",
        "数据安全合规咨询服务缺乏",
    ),
    "高端消费品": (
        "农产品精深加工冷库容量不足",
        "功能食品新原料审批周期长",
        "食品生产许可变更办理慢",
        "出口农产品检验检疫周期长",
        "区域品牌推广渠道单一",
        "包装材料成本上涨",
        "电商物流配送成本高",
        "特色轻工产品设计人才缺乏",
        "农产品原料基地建设用地受限",
    ),
}
GENERIC_BOTTLENECK_TITLES = (
    "企业融资难、融资贵",
    "项目用地手续办理滞后",
    "技术工人招聘困难",
    "原料物流成本偏高",
    "关键设备依赖进口",
    "供电容量不足影响扩产",
    "本地产业配套不完善",
)
TASK_TITLES = (
    "{year}年{chain}产业链图谱更新",
    "{chain}链主企业走访调研",
    "{chain}产业链招商项目对接",
    "{chain}重点项目开工协调",
    "{chain}链上企业用工需求摸排",
    "{chain}产业链专班第{n}次会议议定事项落实",
    "{chain}补链延链项目谋划",
    "{chain}领域专精特新企业培育",
    "{chain}产业链供需对接会筹备",
    "{chain}重点企业技术改造项目申报",
)
DESCRIPTION_DETAILS = (
    "企业反映已影响正常生产经营，请求协调解决。",
    "涉及多个部门，需市级层面统筹推进。",
    "问题已持续较长时间，对链上配套企业造成影响。",
    "建议由链长单位牵头，会同相关部门研究解决方案。",
)
EXPECTED_OUTPUTS = (
    "形成工作报告，报领导小组办公室。",
    "完成对接并提交会议纪要。",
    "形成项目清单及推进计划。",
    "提交调研报告及问题清单。",
)
RESOLUTIONS = (
    "经协调，相关部门已开辟绿色通道，问题已解决。",
    "已组织供需对接，企业与供应方签订长期协议。",
    "已纳入市级重点项目服务清单，专人跟踪服务。",
    "经现场办公会研究，已明确解决方案并落实到位。",
)
RESULTS = ("已按要求完成，成果材料见附件。", "工作已完成，形成报告报送办公室。")
RETURN_NOTES = {
    "bottleneck": ("材料不全，请补充企业基本情况后重新上报。", "问题描述不清，请补充具体诉求。"),
    "task": ("成果材料不完整，请补充。", "未达到预期目标，请继续推进。"),
}
PROGRESS_TEXTS = (
    "已完成前期调研，正在推进。",
    "已召开协调会，形成初步方案。",
    "已与相关企业对接，按计划推进。",
    "主要工作已完成，正在整理材料。",
)
EXTENSION_REASONS = ("涉及跨部门协调，需延长办理时限。", "等待上级部门批复，申请延期。")
FEEDBACKS = ("已按职责完成配合工作。", "已提供相关政策依据和办理意见。")
# Plain strings: COPY adapts values by type, and these are str-based enums.
CREATED, TRANSITION, PROGRESS = EventKind.CREATED.value, EventKind.TRANSITION.value, EventKind.PROGRESS.value
EXTENSION, CO_HANDLING = EventKind.EXTENSION.value, EventKind.CO_HANDLING.value
# Transitions the demo never takes: the shortest path to each state does not need them.
DETOURS = ("reopen", "reassign", "send_back")


class CatalogueMissing(Exception):
    """There are no chains or departments to attach cases to."""


@dataclass
class DemoResult:
    cases: int = 0
    events: int = 0
    rows: int = 0
    seconds: float = 0.0
    by_kind: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    by_light: Counter = field(default_factory=Counter)
    closed_late: int = 0
    first_id: int | None = None

    @property
    def per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class _Chain:
    id: int
    name: str
    industry: str
    leader_department_id: int


@dataclass
class _Catalogue:
    chains: list[_Chain]
    handling_departments: list[int]
    department_names: dict[int, str]
    enterprises: dict[int, list[tuple[int, str]]]
    office_user: int | None
    department_users: dict[int, int]
    enterprise_users: dict[int, int]


def load_catalogue(using: str = "default") -> _Catalogue:
    """The chains, departments, enterprises and users the demo cases refer to, in a stable order."""
    chains = [
        _Chain(row["id"], row["name"], row["industry__name"], row["leader_department_id"])
        for row in Chain.objects.using(using)
        .order_by("code")
        .values("id", "name", "industry__name", "leader_department_id")
    ]
    if not chains:
        raise CatalogueMissing(_("There are no chains to attach demo cases to: run seed_jinzhou first."))
    departments = list(Department.objects.using(using).order_by("code").values_list("id", "name", "kind"))
    handling = [
        pk for pk, _name, kind in departments if kind not in (DepartmentKind.LEADING_GROUP, DepartmentKind.OFFICE)
    ]
    enterprises: dict[int, list[tuple[int, str]]] = {}
    for chain_id, enterprise_id, name, short_name in (
        Enterprise.chains.through.objects.using(using)
        .order_by("chain__code", "enterprise__name")
        .values_list("chain_id", "enterprise_id", "enterprise__name", "enterprise__short_name")
    ):
        enterprises.setdefault(chain_id, []).append((enterprise_id, short_name or name))
    office = (
        UserProfile.objects.using(using)
        .filter(user__groups__name=Role.OFFICE, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .first()
    )
    department_users: dict[int, int] = {}
    enterprise_users: dict[int, int] = {}
    for user_id, department_id, enterprise_id in (
        UserProfile.objects.using(using)
        .filter(user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", "department_id", "enterprise_id")
    ):
        if department_id:
            department_users.setdefault(department_id, user_id)
        if enterprise_id:
            enterprise_users.setdefault(enterprise_id, user_id)
    return _Catalogue(
        chains=chains,
        handling_departments=handling or [pk for pk, _name, _kind in departments],
        department_names={pk: name for pk, name, _kind in departments},
        enterprises=enterprises,
        office_user=office,
        department_users=department_users,
        enterprise_users=enterprise_users,
    )


def _weighted(pairs) -> tuple[list, list[float]]:
    values = [value for value, _weight in pairs]
    total = sum(weight for _value, weight in pairs)
    cumulative, running = [], 0.0
    for _value, weight in pairs:
        running += weight / total
        cumulative.append(running)
    return values, cumulative


def shortest_paths(workflow) -> dict[str, tuple]:
    """For each state, the transitions of the shortest path to it from the initial state."""
    paths = {workflow.initial: ()}
    queue = deque([workflow.initial])
    while queue:
        state = queue.popleft()
        for step in workflow.transitions:
            if step.action in DETOURS or state not in step.sources or step.target in paths:
                continue
            paths[step.target] = (*paths[state], step)
            queue.append(step.target)
    return paths


def closed_share(age_days: float) -> float:
    """How likely a case of this age is closed: none in its first days, most of the oldest."""
    return 0.0 if age_days < 5 else min(0.9, (age_days - 5) / 400)


def red_share(age_days: float) -> float:
    """How likely an open case with a deadline is overdue: rarely a young one, often one open for months."""
    return 0.06 + 0.3 * min(1.0, max(0.0, age_days - 20) / 200)


# "HH:MM:" for each minute of a day and "SS" for each second: formatting a timestamp from these is
# several times faster than str(datetime), which matters at a few million timestamps a run.
_HOURS_MINUTES = [f"{hour:02d}:{minute:02d}:" for hour in range(24) for minute in range(60)]
_SECONDS = [f"{second:02d}" for second in range(60)]
_EPOCH = dt.date(1970, 1, 1)


class _Clock:
    """Local time as whole seconds since local midnight of ``base``; ``t // DAY`` is a day index.

    ``db()`` turns such a moment into the text of its UTC time, ``YYYY-MM-DD HH:MM:SS``: what
    Django's SQLite adapter stores, and (with ``+00:00``) what PostgreSQL's COPY reads."""

    def __init__(self, base: dt.date, vendor: str) -> None:
        self.base = base
        self.tz = timezone.get_current_timezone()
        self.suffix = "+00:00" if vendor == "postgresql" else ""
        self._utc_starts: dict[int, int | None] = {}
        self._utc_days: dict[int, str] = {}
        self._dates: dict[int, dt.date] = {}
        self._iso: dict[int, str] = {}

    def date(self, day: int) -> dt.date:
        value = self._dates.get(day)
        if value is None:
            value = self._dates[day] = self.base + dt.timedelta(days=day)
        return value

    def day_of(self, value: dt.date) -> int:
        return (value - self.base).days

    def aware(self, t: int) -> dt.datetime:
        day, second = divmod(t, DAY)
        return dt.datetime.combine(self.date(day), dt.time.min, tzinfo=self.tz) + dt.timedelta(seconds=second)

    def from_aware(self, value: dt.datetime) -> int:
        local = timezone.localtime(value, self.tz)
        return self.day_of(local.date()) * DAY + local.hour * 3600 + local.minute * 60 + local.second

    def db(self, t: int | None) -> str | None:
        """The database value of a moment (None stays None)."""
        if t is None:
            return None
        day, second = divmod(t, DAY)
        try:
            start = self._utc_starts[day]
        except KeyError:
            start = self._utc_starts[day] = self._utc_start(day)
        if start is None:
            # A day on which the UTC offset changes: convert exactly, the slow way.
            value = self.aware(t).astimezone(dt.UTC).replace(tzinfo=None)
            return str(value) + self.suffix
        utc_day, utc_second = divmod(start + second, DAY)
        try:
            prefix = self._utc_days[utc_day]
        except KeyError:
            prefix = self._utc_days[utc_day] = f"{_EPOCH + dt.timedelta(days=utc_day)} "
        return prefix + _HOURS_MINUTES[utc_second // 60] + _SECONDS[utc_second % 60] + self.suffix

    def _utc_start(self, day: int) -> int | None:
        """The Unix time of the day's local midnight, or None if the UTC offset changes during the day."""
        midnight = dt.datetime.combine(self.date(day), dt.time.min, tzinfo=self.tz)
        evening = dt.datetime.combine(self.date(day), dt.time.max, tzinfo=self.tz)
        if midnight.utcoffset() != evening.utcoffset():
            return None
        return int(midnight.timestamp())

    def iso_day(self, t: int) -> str:
        day = t // DAY
        text = self._iso.get(day)
        if text is None:
            text = self._iso[day] = self.date(day).isoformat()
        return text


class _Deadlines:
    """Working-day arithmetic and the services' own deadline rules, memoised per day.

    A run asks the same questions about a few hundred distinct days over and over; each answer is
    computed once with the real functions (``add_working_days``, ``effects.set_deadline``,
    ``ChainTask.schedule_next_report``), so the rows agree with what the services would write."""

    def __init__(self, clock: _Clock) -> None:
        self.clock = clock
        self._add: dict[tuple[int, int], int] = {}
        self._warn: dict[tuple[str, int], int] = {}
        self._report: dict[tuple[str, int], int] = {}
        self._iso: dict[int, str] = {}

    def add(self, day: int, n: int) -> int:
        key = (day, n)
        value = self._add.get(key)
        if value is None:
            value = self._add[key] = self.clock.day_of(add_working_days(self.clock.date(day), n))
        return value

    @staticmethod
    def due_moment(day: int) -> int:
        """A deadline given as a day ends with that day (``inputs.end_of_day``)."""
        return day * DAY + DAY - 1

    def warn_moment(self, kind: str, due_day: int) -> int:
        key = (kind, due_day)
        value = self._warn.get(key)
        if value is None:
            case = SimpleNamespace(spec=get_kind(kind), due_at=None, original_due_at=None, warn_at=None)
            set_deadline(case, self.clock.aware(self.due_moment(due_day)))
            value = self._warn[key] = self.clock.from_aware(case.warn_at)
        return value

    def next_report(self, cadence: str, since: int) -> int:
        key = (cadence, since // DAY)
        value = self._report.get(key)
        if value is None:
            task = ChainTask(report_cadence=cadence)
            task.schedule_next_report(self.clock.aware(since))
            value = self._report[key] = self.clock.from_aware(task.report_due_at)
        return value

    def iso_deadline(self, due_day: int) -> str:
        value = self._iso.get(due_day)
        if value is None:
            value = self._iso[due_day] = json.loads(
                json.dumps(self.clock.aware(self.due_moment(due_day)), cls=DjangoJSONEncoder)
            )
        return value


class _Table:
    """One table's insert: the columns the generator fills, plus any other column at its default."""

    def __init__(self, model, attnames: tuple[str, ...], connection) -> None:
        fields = {f.attname: f for f in model._meta.local_concrete_fields}
        unknown = set(attnames) - set(fields)
        if unknown:
            raise LookupError(f"{model._meta.label} has no fields {sorted(unknown)}")
        extra = [f for name, f in fields.items() if name not in attnames and not f.primary_key]
        defaults = []
        for f in extra:
            if not f.has_default() and not f.null:
                raise LookupError(f"seed_demo does not know how to fill {model._meta.label}.{f.attname}")
            defaults.append(_db_constant(f, f.get_default(), connection))
        self.table = model._meta.db_table
        self.columns = [fields[name].column for name in attnames] + [f.column for f in extra]
        self.defaults = tuple(defaults)
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row + self.defaults if self.defaults else row)

    def take(self) -> list[tuple]:
        rows, self.rows = self.rows, []
        return rows


def _db_constant(f, value, connection):
    if value is None:
        return None
    if f.get_internal_type() == "JSONField":
        return json.dumps(value, cls=f.encoder)
    return f.get_db_prep_save(value, connection)


class _Writer:
    """Writes rows in bulk: COPY on PostgreSQL, executemany on SQLite; each call names its connection,
    because the rows may be written by another thread than the one that generates them."""

    def __init__(self, vendor: str) -> None:
        if vendor not in ("postgresql", "sqlite"):
            raise NotImplementedError(f"seed_demo supports SQLite and PostgreSQL, not {vendor}")
        self.vendor = vendor

    def write(self, connection, table: _Table, rows: list[tuple]) -> int:
        if not rows:
            return 0
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in table.columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table.table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(table.columns))
                insert = f"INSERT INTO {quote(table.table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from _meta
                cursor.executemany(insert, rows)
        return len(rows)

    def reserve_ids(self, connection, model, count: int) -> int:
        """Advance ``model``'s id sequence past ``count`` ids and return the first; call it in a transaction."""
        quote = connection.ops.quote_name
        table = model._meta.db_table
        pk = quote(model._meta.pk.column)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # Nobody inserts while we move the sequence: a concurrent insert would take an id we hand out.
                cursor.execute(f"LOCK TABLE {quote(table)} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [quote(table), model._meta.pk.column])
                (sequence,) = cursor.fetchone()
                first_free = f"SELECT GREATEST(COALESCE(MAX({pk}), 0) + 1, nextval(%s)) FROM {quote(table)}"  # noqa: S608
                cursor.execute(first_free, [sequence])
                (first,) = cursor.fetchone()
                cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
                return first
            # AUTOINCREMENT hands out max(rowid, sqlite_sequence.seq) + 1, so raising seq reserves the block.
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {quote(table)}")  # noqa: S608 - names from _meta
            (max_id,) = cursor.fetchone()
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            first = max(max_id, found[0] if found else 0) + 1
            if found:
                cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [first + count - 1, table])
            else:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first + count - 1])
            return first

    @contextmanager
    def loading(self, connection) -> Iterator[None]:
        """Connection settings for a bulk load, undone afterwards.

        SQLite: a bigger page cache than its 2 MB default, and, as loaddata does, no foreign-key check
        per inserted row (``check()`` checks the tables once at the end). Inside an outer transaction
        (a test) the checks cannot be switched off and stay on. PostgreSQL checks foreign keys at
        each batch's commit, as always."""
        if self.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            (previous,) = cursor.fetchone()
            cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
        try:
            with connection.constraint_checks_disabled():
                yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(previous)}")

    def check(self, connection, tables: list[str]) -> None:
        """After the load: check SQLite's foreign keys, refresh PostgreSQL's planner statistics."""
        if self.vendor == "sqlite":
            connection.check_constraints(table_names=tables)
        else:
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE " + ", ".join(quote(t) for t in tables))


def reserve_references(counts: Counter, using: str = "default") -> dict[tuple[str, int], int]:
    """Advance ``ReferenceSequence`` past ``counts[(prefix, year)]`` numbers each; return the first of each.

    Starts after the larger of the sequence and any number already in use, so a reference made
    without the sequence (an import, a test fixture) cannot collide either."""
    first = {}
    for (prefix, year), count in sorted(counts.items()):
        sequence, _created = (
            ReferenceSequence.objects.db_manager(using).select_for_update().get_or_create(prefix=prefix, year=year)
        )
        head = f"{prefix}-{year}-"
        used = (
            Case.objects.using(using)
            .filter(reference__startswith=head)
            .annotate(number=Cast(Substr("reference", len(head) + 1), IntegerField()))
            .aggregate(top=Max("number"))["top"]
            or 0
        )
        start = max(sequence.last, used) + 1
        ReferenceSequence.objects.using(using).filter(pk=sequence.pk).update(last=start + count - 1)
        first[(prefix, year)] = start
    return first


class DemoSeeder:
    def __init__(
        self,
        cases: int,
        *,
        seed: int = 1,
        batch: int = 5000,
        today: dt.date | None = None,
        using: str = "default",
        progress: Callable[[int, int, float], None] | None = None,
        overlap: bool | None = None,
    ) -> None:
        if cases < 1:
            raise ValueError("cases must be at least 1")
        self.count = cases
        self.seed = seed
        self.batch = max(1, batch)
        self.today = today or timezone.localdate()
        self.using = using
        self.connection = connections[using]
        self.progress = progress
        # Write from a second thread while generating (default: yes, unless inside a transaction).
        self.overlap = overlap
        self.rng = random.Random(seed)
        base = self.today - dt.timedelta(days=WINDOW_DAYS + 1)
        self.clock = _Clock(base, self.connection.vendor)
        self.deadlines = _Deadlines(self.clock)
        self.today_index = self.clock.day_of(self.today)
        self.now = self.today_index * DAY  # the generation's "now": today 00:00; every moment lies before it
        self.writer = _Writer(self.connection.vendor)
        self.result = DemoResult()
        self.specs = {kind: get_kind(kind) for kind in ("bottleneck", "task")}
        self.paths = {kind: shortest_paths(spec.workflow) for kind, spec in self.specs.items()}
        self._check_workflows()
        self.open_states = {
            kind: tuple(_weighted(pairs.items()) for pairs in ages) for kind, ages in OPEN_STATES.items()
        }
        self.priorities = _weighted(PRIORITIES)
        self.sources = {kind: _weighted(pairs) for kind, pairs in SOURCES.items()}
        self.bottleneck_kinds = _weighted(BOTTLENECK_KINDS)
        self.severities = _weighted(SEVERITIES)
        self.cadences = _weighted(CADENCES)
        self.summaries: dict[tuple[str, str, str], str] = {}
        self.assign_data: dict[tuple[int, int], str] = {}

    def _check_workflows(self) -> None:
        for kind, ages in OPEN_STATES.items():
            for state in {CLOSED_STATE}.union(*ages):
                if state not in self.paths[kind]:
                    raise LookupError(f"seed_demo: the {kind} workflow cannot reach state {state!r}")

    # --- the run --------------------------------------------------------------------------------------
    def run(self) -> DemoResult:
        started = time.perf_counter()
        connection = self.connection
        overlap = self.overlap if self.overlap is not None else not connection.in_atomic_block
        if overlap and connection.in_atomic_block:
            raise ValueError("seed_demo cannot write from a second thread inside a transaction")
        with translation.override(settings.LANGUAGE_CODE):
            self._texts()
            self.catalogue = load_catalogue(self.using)
            created, kinds = self._creation_moments()
            counts = Counter(
                (self.specs[kind].prefix, self.clock.date(t // DAY).year)
                for t, kind in zip(created, kinds, strict=True)
            )
            with transaction.atomic(using=self.using):
                first_id = self.writer.reserve_ids(connection, Case, self.count)
                next_number = reserve_references(counts, self.using)
            self.result.first_id = first_id
            self._tables()
            batches = self._batches(created, kinds, first_id, next_number)
            if overlap:
                self._store_in_thread(batches, started)
            else:
                self._store(batches, started)
        self.result.cases = self.count
        self.result.seconds = time.perf_counter() - started
        return self.result

    def _batches(self, created, kinds, first_id, next_number) -> Iterator[tuple[int, list]]:
        """The rows, ``batch`` cases at a time: (cases done, [(table, rows), …])."""
        done = 0
        while done < self.count:
            end = min(done + self.batch, self.count)
            for index in range(done, end):
                kind = kinds[index]
                t = created[index]
                key = (self.specs[kind].prefix, self.clock.date(t // DAY).year)
                number = next_number[key]
                next_number[key] = number + 1
                self._case(first_id + index, kind, t, f"{key[0]}-{key[1]}-{number:05d}")
            done = end
            yield done, [(table, table.take()) for table in self.tables]

    def _store(self, batches, started: float) -> None:
        """Write the batches, each in a transaction, on the calling thread's connection; then check."""
        connection = connections[self.using]
        # Status is written only by the workflow service; this bulk load is the other sanctioned writer.
        with self.writer.loading(connection), status_writes_allowed():
            for done, batch in batches:
                with transaction.atomic(using=self.using):
                    for table, rows in batch:
                        self.result.rows += self.writer.write(connection, table, rows)
                if self.progress:
                    self.progress(done, self.count, time.perf_counter() - started)
        self.writer.check(connection, [table.table for table in self.tables])

    def _store_in_thread(self, batches, started: float) -> None:
        """Generate batch k+1 here while a second thread (with its own connection) writes batch k.

        The database and the generator then use a core each; the queue holds one batch, so memory
        stays bounded whatever the number of cases."""
        pending: queue.Queue = queue.Queue(maxsize=1)
        failure: list[BaseException] = []
        state = {"ended": False}

        def received():
            while (item := pending.get()) is not None:
                yield item
            state["ended"] = True

        def write() -> None:
            try:
                self._store(received(), started)
            except BaseException as exc:
                failure.append(exc)
                while not state["ended"] and pending.get() is not None:
                    pass  # keep taking batches so that the generating thread never blocks
            finally:
                connections[self.using].close()

        writer = threading.Thread(target=write, name="seed_demo-writer", daemon=True)
        writer.start()
        try:
            for item in batches:
                if failure:
                    break
                pending.put(item)
        finally:
            pending.put(None)
            writer.join()
        if failure:
            raise failure[0]

    def _texts(self) -> None:
        """The services' wordings, translated once per run rather than once per event."""
        self.text_extension_requested = _("Extension requested: %(old)s → %(new)s")
        self.text_extension_approved = _("Extension %(verb)s: %(new)s") % {"verb": _("approved"), "new": "%(new)s"}
        self.text_co_handling = _("Co-handling: %(department)s, by %(date)s")
        self.text_feedback = _("Feedback from %(department)s")
        self.text_progress = _("Progress %(percent)d%%")

    def _creation_moments(self) -> tuple[list[int], list[str]]:
        """When each case was created, sorted (ids and references follow creation), and its kind."""
        rng = self.rng
        moments = []
        for _index in range(self.count):
            # x is the position in the window, 0 its first day, 1 today.
            x = rng.random() if rng.random() < UNIFORM_SHARE else rng.random() ** (1 / 3)
            day = self.today_index - 1 - min(WINDOW_DAYS - 1, int((1 - x) * WINDOW_DAYS))
            moments.append(day * DAY + OFFICE_OPENS + int(rng.random() * (OFFICE_CLOSES - OFFICE_OPENS)))
        moments.sort()
        kinds = ["bottleneck" if rng.random() < BOTTLENECK_SHARE else "task" for _index in range(self.count)]
        return moments, kinds

    def _tables(self) -> None:
        c = self.connection
        self.case_table = _Table(
            Case,
            (
                "id",
                "kind",
                "reference",
                "title",
                "description",
                "status",
                "is_open",
                "priority",
                "source",
                "chain_id",
                "reporter_id",
                "reporter_enterprise_id",
                "responsible_department_id",
                "responsible_person_id",
                "assigned_by_id",
                "assigned_at",
                "acknowledged_at",
                "due_at",
                "original_due_at",
                "warn_at",
                "report_due_at",
                "version",
                "created_by_id",
                "updated_by_id",
                "created_at",
                "updated_at",
                "closed_at",
            ),
            c,
        )
        self.bottleneck_table = _Table(Bottleneck, ("case_ptr_id", "bottleneck_kind", "severity", "resolution"), c)
        self.task_table = _Table(ChainTask, ("case_ptr_id", "expected_output", "report_cadence", "progress"), c)
        self.event_table = _Table(
            TimelineEvent,
            ("case_id", "kind", "action", "from_status", "to_status", "actor_id", "at", "summary", "note", "data"),
            c,
        )
        self.extension_table = _Table(
            Extension,
            (
                "case_id",
                "requested_by_id",
                "requested_at",
                "current_due_at",
                "new_due_at",
                "reason",
                "status",
                "decided_by_id",
                "decided_at",
                "decision_note",
            ),
            c,
        )
        self.co_handling_table = _Table(
            CoHandling, ("case_id", "department_id", "due_at", "status", "feedback", "feedback_by_id", "feedback_at"), c
        )
        self.report_table = _Table(
            ProgressReport, ("task_id", "percent", "text", "reported_by_id", "reported_at", "was_due_at"), c
        )
        self.enterprise_table = _Table(Case.enterprises.through, ("case_id", "enterprise_id"), c)
        self.affected_table = _Table(Bottleneck.affected_enterprises.through, ("bottleneck_id", "enterprise_id"), c)
        # Parents before children, so that foreign keys hold even where they are checked immediately.
        self.tables = [
            self.case_table,
            self.bottleneck_table,
            self.task_table,
            self.event_table,
            self.extension_table,
            self.co_handling_table,
            self.report_table,
            self.enterprise_table,
            self.affected_table,
        ]
        self.empty_data = json.dumps({}, cls=DjangoJSONEncoder)
        self.created_data = json.dumps({"seed_demo": self.seed}, cls=DjangoJSONEncoder)

    # --- random helpers -------------------------------------------------------------------------------
    def _pick(self, weighted):
        values, cumulative = weighted
        return values[min(bisect_right(cumulative, self.rng.random()), len(values) - 1)]

    def _later(self, t: int, mean_days: float) -> int:
        """A moment some time after ``t`` (exponentially distributed), moved into office hours."""
        t += 600 + int(self.rng.expovariate(1.0 / mean_days) * DAY)
        second = t % DAY
        if second < OFFICE_OPENS:
            t += OFFICE_OPENS - second + int(self.rng.random() * 3600)
        elif second >= OFFICE_CLOSES:
            t += DAY - second + OFFICE_OPENS + int(self.rng.random() * 3600)
        return t

    def _between(self, start: int, end: int) -> int:
        return start + 1 + int(self.rng.random() * max(0, end - start - 2))

    def _squeeze(self, start: int, times: list[int]) -> list[int]:
        """Move ``times`` (after ``start``, increasing) before now, keeping their order and proportions."""
        if not times or times[-1] < self.now:
            return times
        room = (self.now - start) * (0.55 + 0.4 * self.rng.random())
        span = times[-1] - start
        squeezed, previous = [], start
        for t in times:
            value = max(previous + 1, start + int((t - start) * room / span))
            squeezed.append(value)
            previous = value
        return squeezed

    def _summary(self, kind: str, step, source: str) -> str:
        key = (kind, step.action, source)
        text = self.summaries.get(key)
        if text is None:
            workflow = self.specs[kind].workflow
            # The same wording as casework.services.transition.
            text = self.summaries[key] = (
                f"{step.label}：{workflow.state(source).label} → {workflow.state(step.target).label}"
            )
        return text

    def _assign_data(self, department: int, due_day: int) -> str:
        """The assign event's details, as casework.services.transition records them."""
        key = (department, due_day)
        data = self.assign_data.get(key)
        if data is None:
            payload = {
                "department": {"id": department, "name": self.catalogue.department_names.get(department, "")},
                "deadline": self.deadlines.iso_deadline(due_day),
            }
            data = self.assign_data[key] = json.dumps(payload, cls=DjangoJSONEncoder)
        return data

    def _created_summary(self, kind: str) -> str:
        key = (kind, "", "")
        text = self.summaries.get(key)
        if text is None:
            workflow = self.specs[kind].workflow
            text = self.summaries[key] = _("Created as %(status)s") % {"status": workflow.state(workflow.initial).label}
        return text

    # --- one case -------------------------------------------------------------------------------------
    def _case(self, case_id: int, kind: str, created: int, reference: str) -> None:
        rng, cat, spec = self.rng, self.catalogue, self.specs[kind]
        age = (self.now - created) / DAY
        chain = cat.chains[int(rng.random() * len(cat.chains))]
        priority = self._pick(self.priorities)
        source = self._pick(self.sources[kind])
        if rng.random() < closed_share(age):
            state = CLOSED_STATE
        else:
            state = self._pick(self.open_states[kind][0 if age < YOUNG_DAYS else 1])
        path = self.paths[kind][state]
        actions = [step.action for step in path]

        # Who: the reporter, the office, the responsible department and its person.
        enterprise_id = enterprise_name = None
        reporter = None
        if kind == "bottleneck" and source == Source.ENTERPRISE:
            choices = cat.enterprises.get(chain.id)
            if choices:
                enterprise_id, enterprise_name = choices[int(rng.random() * len(choices))]
                reporter = cat.enterprise_users.get(enterprise_id)
            else:
                source = Source.DEPARTMENT
        office = cat.office_user
        if kind == "bottleneck" and reporter is None and source == Source.DEPARTMENT:
            reporter = cat.department_users.get(chain.leader_department_id)
        assigned = kind == "task" or "assign" in actions
        department = person = None
        if assigned:
            department = chain.leader_department_id
            if rng.random() < OTHER_DEPARTMENT_SHARE and cat.handling_departments:
                department = cat.handling_departments[int(rng.random() * len(cat.handling_departments))]
            candidate = cat.department_users.get(department)
            person = candidate if candidate and rng.random() < 0.6 else None
        worker = person or cat.department_users.get(department)
        created_by = (reporter or office) if kind == "bottleneck" else office
        actors = {
            "reporter": reporter,
            "office": office,
            "responsible": worker,
            "assigner": office,
        }

        # When: each step after the previous, squeezed before now if need be; then the deadline.
        title = self._title(kind, chain, created, enterprise_name)
        times, due_day, original_day, light_target = self._timeline(kind, state, path, created, priority, age)
        moments = dict(zip(actions, times, strict=True))
        events: list[tuple] = []
        initial = spec.workflow.initial
        events.append(
            (
                created,
                CREATED,
                "",
                "",
                initial,
                created_by,
                self._created_summary(kind),
                "",
                self.created_data,
            )
        )
        version = 1
        previous = initial
        notes: dict[str, str] = {}
        for step, t in zip(path, times, strict=True):
            actor = actors.get(step.actors[0]) if step.actors else None
            if step.action == "submit" and kind == "bottleneck":
                actor = reporter or office
            note, data = "", self.empty_data
            if step.action == "return":
                note = RETURN_NOTES[kind][int(rng.random() * len(RETURN_NOTES[kind]))]
            elif step.action == "submit_resolution":
                note = RESOLUTIONS[int(rng.random() * len(RESOLUTIONS))]
            elif kind == "task" and step.action == "submit":
                note = RESULTS[int(rng.random() * len(RESULTS))]
            elif step.action == "assign":
                data = self._assign_data(department, original_day if original_day is not None else due_day)
            notes[step.action] = note
            summary = self._summary(kind, step, previous)
            events.append((t, TRANSITION, step.action, previous, step.target, actor, summary, note, data))
            previous = step.target
            version += 1

        assigned_at = created if kind == "task" else moments.get("assign")
        closed_at = moments.get("close")
        acknowledged_at = moments.get("acknowledge")
        resolution = notes.get("submit_resolution", "") if kind == "bottleneck" else ""

        # Deadline, extensions and co-handling.
        due_at = original_due_at = warn_at = None
        pending = False
        if due_day is not None:
            due_at = self.deadlines.due_moment(due_day)
            warn_at = self.deadlines.warn_moment(kind, due_day)
            original_due_at = self.deadlines.due_moment(original_day if original_day is not None else due_day)
            if original_day is not None:
                version += self._extension(case_id, events, kind, assigned_at, moments, original_day, due_day, actors)
            elif state in spec.workflow.deadline_states and rng.random() < PENDING_EXTENSION_SHARE:
                pending = self._pending_extension(case_id, events, assigned_at, moments, due_day, actors)
            if rng.random() < CO_HANDLING_SHARE:
                self._co_handling(case_id, events, department, assigned_at, moments, due_day, state)

        # Chain tasks: progress reports and the next report due.
        report_due_at = None
        progress = 0
        if kind == "task":
            cadence = self._pick(self.cadences)
            report_due_at, progress, reports = self._progress(
                case_id, events, cadence, moments, state, light_target, worker
            )
            version += reports
            self.task_table.add(
                (case_id, EXPECTED_OUTPUTS[int(rng.random() * len(EXPECTED_OUTPUTS))], cadence, progress)
            )
        else:
            self.bottleneck_table.add(
                (case_id, self._pick(self.bottleneck_kinds), int(self._pick(self.severities)), resolution)
            )
            if enterprise_id:
                self.enterprise_table.add((case_id, enterprise_id))
                self.affected_table.add((case_id, enterprise_id))

        events.sort(key=lambda event: event[0])
        db = self.clock.db
        for t, event_kind, action, from_status, to_status, actor, summary, note, data in events:
            self.event_table.add(
                (case_id, event_kind, action, from_status, to_status, actor, db(t), summary, note, data)
            )
        last = events[-1]
        is_open = state != CLOSED_STATE
        description = (
            f"{chain.name}产业链：{title}。{DESCRIPTION_DETAILS[int(rng.random() * len(DESCRIPTION_DETAILS))]}"
        )
        self.case_table.add(
            (
                case_id,
                kind,
                reference,
                title,
                description,
                state,
                is_open,
                int(priority),
                str(source),
                chain.id,
                reporter if kind == "bottleneck" else None,
                enterprise_id,
                department,
                person,
                office if assigned else None,
                db(assigned_at),
                db(acknowledged_at),
                db(due_at),
                db(original_due_at),
                db(warn_at),
                db(report_due_at),
                version,
                created_by,
                last[5],
                db(created),
                db(last[0]),
                db(closed_at),
            )
        )
        result = self.result
        result.events += len(events)
        result.by_kind[kind] += 1
        result.by_status[f"{kind}:{state}"] += 1
        if not is_open:
            result.by_light["grey"] += 1
            if due_at is not None and closed_at > due_at:
                result.closed_late += 1
        elif (due_at is not None and due_at < self.now) or (report_due_at is not None and report_due_at < self.now):
            result.by_light["red"] += 1
        elif (warn_at is not None and warn_at <= self.now) or pending:
            result.by_light["yellow"] += 1
        else:
            result.by_light["green"] += 1

    def _title(self, kind: str, chain: _Chain, created: int, enterprise_name: str | None) -> str:
        rng = self.rng
        if kind == "task":
            template = TASK_TITLES[int(rng.random() * len(TASK_TITLES))]
            year = self.clock.date(created // DAY).year
            return template.format(chain=chain.name, year=year, n=1 + int(rng.random() * 30))
        titles = BOTTLENECK_TITLES.get(chain.industry, GENERIC_BOTTLENECK_TITLES)
        if rng.random() < 0.2:
            titles = GENERIC_BOTTLENECK_TITLES
        title = titles[int(rng.random() * len(titles))]
        if enterprise_name and rng.random() < 0.5:
            title = f"{enterprise_name}反映{title}"
        return title[:200]

    def _timeline(self, kind, state, path, created, priority, age):
        """The moments of the path's steps, and the deadline (due day, original day if extended)."""
        rng, deadlines = self.rng, self.deadlines
        actions = [step.action for step in path]
        means = STEP_DAYS[kind]
        work_done = WORK_DONE_ACTIONS[kind]
        has_deadline = kind == "task" or "assign" in actions
        limit = rng.choice(LIMITS[kind][int(priority)])
        closed = state == CLOSED_STATE
        # Steps up to the start of the work, at their usual pace.
        times, t = [], created
        for action in actions:
            if action in (work_done, "close"):
                break
            t = self._later(t, means.get(action, 1.0))
            times.append(t)
        if not has_deadline:
            return self._squeeze(created, times), None, None, "green"

        assigned_day = (created if kind == "task" else times[actions.index("assign")]) // DAY
        if closed:
            due_day = deadlines.add(assigned_day, limit)
            due_end = deadlines.due_moment(due_day)
            start = times[-1] if times else created
            rest = actions[len(times) :]
            for action in rest:
                if action == work_done:
                    if rng.random() < CLOSED_LATE_SHARE:
                        t = self._later(due_end, 6.0)
                    else:
                        t = self._between(start, max(start + 3600, due_end - 3600))
                elif action == "close":
                    t = self._later(t, CLOSE_DAYS)
                else:
                    t = self._later(t, means.get(action, 1.0))
                times.append(t)
            squeezed = self._squeeze(created, times)
            if squeezed is not times:
                times = squeezed
                if kind == "bottleneck":
                    assigned_day = times[actions.index("assign")] // DAY
                due_day = deadlines.add(assigned_day, limit)
            return times, due_day, None, "grey"

        # Open: the remaining steps happen before now; the deadline gives the light aimed for.
        for action in actions[len(times) :]:
            t = self._later(t, 4.0 if action == work_done else means.get(action, 1.0))
            times.append(t)
        times = self._squeeze(created, times)
        if kind == "bottleneck":
            assigned_day = times[actions.index("assign")] // DAY
        target = "red" if rng.random() < red_share(age) else ("yellow" if rng.random() < 0.2 else "green")
        due_day = self._due_for(kind, target, assigned_day, limit)
        if due_day is None:
            target = "green"
            due_day = self._due_for(kind, target, assigned_day, limit)
        original_day = None
        if target != "red" and deadlines.add(assigned_day, LONGEST_LIMIT) < due_day:
            overdue = None if rng.random() < LONG_EXTENSION_SHARE else self._due_for(kind, "red", assigned_day, limit)
            if overdue is None:
                # Only an approved extension gets a deadline this far from the assignment.
                original_day = deadlines.add(assigned_day, limit)
            else:
                target, due_day = "red", overdue
        elif due_day - assigned_day > 10 and rng.random() < EXTENSION_SHARE:
            original_day = deadlines.add(assigned_day, max(1, int(limit * 0.6)))
            if original_day >= due_day:
                original_day = None
        return times, due_day, original_day, target

    def _due_for(self, kind: str, target: str, assigned_day: int, limit: int) -> int | None:
        """A due day after ``assigned_day`` that shows the ``target`` light today, or None."""
        rng, deadlines, today = self.rng, self.deadlines, self.today_index
        if target == "red":
            due_day = deadlines.add(assigned_day, limit)
            if due_day < today:
                return due_day
            latest = today - 1
            if deadlines.add(assigned_day, 1) > latest:
                return None
            return max(deadlines.add(assigned_day, 1), latest - int(rng.random() * 20))
        if target == "yellow":
            for offset in range(int(rng.random() * (self.specs[kind].yellow_days + 1)), -1, -1):
                due_day = deadlines.add(today, offset)
                if due_day > assigned_day and deadlines.warn_moment(kind, due_day) <= self.now:
                    return due_day
            return None
        due_day = deadlines.add(assigned_day, limit)
        if deadlines.warn_moment(kind, due_day) > self.now:
            return due_day
        # Past its usual deadline but not overdue: it was given a later one.
        return deadlines.add(today, self.specs[kind].yellow_days + 1 + int(rng.random() * 40))

    def _extension(self, case_id, events, kind, assigned_at, moments, original_day, due_day, actors) -> int:
        """An approved extension from ``original_day`` to ``due_day``; returns the saves it made."""
        rng, db, deadlines = self.rng, self.clock.db, self.deadlines
        original_end = deadlines.due_moment(original_day)
        # Requested while the deadline ran, before the work was handed in.
        running_until = min(original_end, moments.get(WORK_DONE_ACTIONS[kind], self.now), self.now)
        requested = self._between(assigned_at, running_until)
        decided = min(self._later(requested, 1.5), self.now - 1)
        if moments.get(WORK_DONE_ACTIONS[kind]):
            decided = min(decided, moments[WORK_DONE_ACTIONS[kind]] - 1)
        decided = max(decided, requested + 1)
        reason = EXTENSION_REASONS[int(rng.random() * len(EXTENSION_REASONS))]
        new_due = deadlines.due_moment(due_day)
        self.extension_table.add(
            (
                case_id,
                actors["responsible"],
                db(requested),
                db(original_end),
                db(new_due),
                reason,
                ExtensionStatus.APPROVED.value,
                actors["assigner"],
                db(decided),
                "",
            )
        )
        old, new = self.clock.iso_day(original_end), self.clock.iso_day(new_due)
        events.append(
            (
                requested,
                EXTENSION,
                "request_extension",
                "",
                "",
                actors["responsible"],
                self.text_extension_requested % {"old": old, "new": new},
                reason,
                self.empty_data,
            )
        )
        events.append(
            (
                decided,
                EXTENSION,
                "approve_extension",
                "",
                "",
                actors["assigner"],
                self.text_extension_approved % {"new": new},
                "",
                self.empty_data,
            )
        )
        return 1

    def _pending_extension(self, case_id, events, assigned_at, moments, due_day, actors) -> bool:
        """A request waiting for a decision (the case shows yellow); False if there was no time for one."""
        rng, db, deadlines = self.rng, self.clock.db, self.deadlines
        requested = self._between(max(assigned_at, self.now - 5 * DAY), self.now)
        if moments and requested <= max(moments.values()):
            requested = max(moments.values()) + 60
            if requested >= self.now:
                return False
        current = deadlines.due_moment(due_day)
        new_due = deadlines.due_moment(deadlines.add(max(due_day, self.today_index), 10))
        reason = EXTENSION_REASONS[int(rng.random() * len(EXTENSION_REASONS))]
        self.extension_table.add(
            (
                case_id,
                actors["responsible"],
                db(requested),
                db(current),
                db(new_due),
                reason,
                ExtensionStatus.PENDING.value,
                None,
                None,
                "",
            )
        )
        events.append(
            (
                requested,
                EXTENSION,
                "request_extension",
                "",
                "",
                actors["responsible"],
                self.text_extension_requested
                % {"old": self.clock.iso_day(current), "new": self.clock.iso_day(new_due)},
                reason,
                self.empty_data,
            )
        )
        return True

    def _co_handling(self, case_id, events, department, assigned_at, moments, due_day, state) -> None:
        rng, cat, db = self.rng, self.catalogue, self.clock.db
        others = [pk for pk in cat.handling_departments if pk != department]
        if not others or assigned_at is None:
            return
        helper = others[int(rng.random() * len(others))]
        added = self._later(assigned_at, 1.0)
        if added >= self.now:
            return
        sub_day = max(added // DAY + 1, self.deadlines.add(due_day, -2))
        sub_due = self.deadlines.due_moment(min(sub_day, due_day))
        finished = state in (CLOSED_STATE, "resolution_submitted", "submitted")
        feedback_at = None
        if finished or rng.random() < 0.5:
            feedback_at = min(self._later(added, 3.0), self.now - 1)
        name = cat.department_names.get(helper, "")
        events.append(
            (
                added,
                CO_HANDLING,
                "add_co_handler",
                "",
                "",
                cat.office_user,
                self.text_co_handling % {"department": name, "date": self.clock.iso_day(sub_due)},
                "",
                self.empty_data,
            )
        )
        feedback = ""
        helper_user = cat.department_users.get(helper)
        if feedback_at is not None:
            feedback = FEEDBACKS[int(rng.random() * len(FEEDBACKS))]
            events.append(
                (
                    feedback_at,
                    CO_HANDLING,
                    "co_handling_feedback",
                    "",
                    "",
                    helper_user,
                    self.text_feedback % {"department": name},
                    feedback,
                    self.empty_data,
                )
            )
        self.co_handling_table.add(
            (
                case_id,
                helper,
                db(sub_due),
                (CoHandlingStatus.DONE if feedback_at is not None else CoHandlingStatus.PENDING).value,
                feedback,
                helper_user if feedback_at is not None else None,
                db(feedback_at),
            )
        )

    def _progress(self, case_id, events, cadence, moments, state, light_target, worker):
        """Progress reports of a chain task; returns (next report due, progress %, reports made)."""
        rng, db, deadlines = self.rng, self.clock.db, self.deadlines
        started = moments.get("start")
        if started is None:
            return None, 0, 0
        handed_in = moments.get("submit")
        returned = moments.get("return")
        end = handed_in if handed_in is not None else self.now
        reports: list[tuple[int, int]] = []
        count = int(rng.random() * 3)
        for _index in range(count):
            reports.append((self._between(started, end), 10 + int(rng.random() * 80)))
        reports.sort()
        if handed_in is not None and rng.random() < 0.7:
            reports.append((self._between(max([started] + [r[0] for r in reports]), handed_in), 100))
        # The reporting clock restarts when work starts and when the result is returned.
        cycle_start = returned if state == "returned" else started
        report_due = None
        if state in ("in_progress", "returned"):
            last = max([cycle_start] + [r[0] for r in reports if r[0] > cycle_start])
            if light_target != "red" and deadlines.next_report(cadence, last) < self.now:
                # A task that is not overdue has reported within its cadence.
                window = max(DAY, int(CADENCE_DAYS[cadence] * DAY * 0.8))
                moment = self._between(max(last, self.now - window), self.now)
                reports.append((moment, 10 + int(rng.random() * 80)))
                last = moment
            report_due = deadlines.next_report(cadence, last)
        progress = 0
        due = deadlines.next_report(cadence, started)
        for moment, percent in sorted(reports):
            text = PROGRESS_TEXTS[int(rng.random() * len(PROGRESS_TEXTS))]
            self.report_table.add((case_id, percent, text, worker, db(moment), db(due)))
            events.append(
                (
                    moment,
                    PROGRESS,
                    "",
                    "",
                    "",
                    worker,
                    self.text_progress % {"percent": percent},
                    text,
                    self.empty_data,
                )
            )
            progress = percent
            due = deadlines.next_report(cadence, moment)
        return report_due, progress, len(reports)


def seed_demo(cases: int, **options) -> DemoResult:
    """Add ``cases`` demo cases; see the module docstring. Options as for ``DemoSeeder``."""
    return DemoSeeder(cases, **options).run()
