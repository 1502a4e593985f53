"""The demo's coordination meeting: one 专班调度会 of the titanium chain's task force with three
decisions, each tracked as a chain task (``meetings.services.record_meeting``), marked as a sample.
Seeded with the demo users (``seed_jinzhou --demo-users``), recorded by the demo office once."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from jinzhou.org.models import Chain, Department, Enterprise
from meetings.choices import MeetingKind
from meetings.models import Meeting
from meetings.services import record_meeting
from seeds.upsert import Upserter

DEMO_MEETING_TITLE = "钛及钛合金产业专班第一次调度会（示例）"
SAMPLE_NOTE = "示例：演示用会议，非正式记录"
# (decision, lead department, co-handling departments, working days)
DEMO_DECISIONS = (
    ("协调解决钛白粉项目用地指标", "mnr", ("miit",), 20),
    ("组织钛材下游企业产需对接会", "miit", ("mofcom",), 15),
    ("梳理链上企业融资需求并对接银行", "ndrc", (), 30),
)


def seed_demo_meeting(up: Upserter, *, chain_code: str = "MT-01") -> Meeting | None:
    """The sample meeting, unless it is there already (a second seed leaves it as it is)."""
    existing = Meeting.objects.filter(title=DEMO_MEETING_TITLE, is_sample=True).first()
    office = get_user_model().objects.filter(username="office").first()
    chain = Chain.objects.filter(code=chain_code).first()
    if existing or office is None or chain is None:
        return existing
    departments = {department.code: department for department in Department.objects.all()}
    chair = get_user_model().objects.filter(username="taskforce").first()
    attendees = get_user_model().objects.filter(username__in=["taskforce", "chainlead", "office"])
    meeting = record_meeting(
        actor=office,
        kind=MeetingKind.TASK_FORCE,
        date=timezone.localdate() - dt.timedelta(days=7),
        title=DEMO_MEETING_TITLE,
        chair=chair,
        attendees=list(attendees),
        departments=[departments[code] for code in ("miit", "mnr", "ndrc", "mofcom") if code in departments],
        chains=[chain],
        enterprises=list(Enterprise.objects.filter(name="中信钛业")),
        summary="会议听取了钛及钛合金产业链运行情况汇报，研究了项目用地、产需对接和融资等问题。",
        decisions=[
            {
                "text": text,
                "chain": chain,
                "department": departments[lead],
                "co_departments": [departments[code] for code in co],
                "due_in_working_days": days,
            }
            for text, lead, co, days in DEMO_DECISIONS
        ],
        is_sample=True,
        source_note=SAMPLE_NOTE,
    )
    up.tally.created[Meeting._meta.model_name] += 1
    return meeting


__all__ = ["DEMO_MEETING_TITLE", "seed_demo_meeting"]
