"""The labels read like the office's own in zh-hans: 办理意见 and 填写人, 红灯/黄灯/绿灯 (红色 only for the
督办 level), priorities 一般/较急/紧急/特急, 已办结, 恢复办理, one word for a refused extension (不予批准) and
one for the notice (督办单). A label that slides back to its old wording fails here."""

from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from chains.choices import Severity
from chains.models import Bottleneck
from chains.workflows import BOTTLENECK
from jinzhou.casework.choices import EventKind, ExtensionStatus, Light, LinkRelation, Priority, Source
from jinzhou.casework.models import Comment
from jinzhou.casework.services import add_comment
from jinzhou.notifications.choices import Level
from projects.models import ScoreSheet
from projects.workflows import CHALLENGE, MILESTONE
from tests.world import case_in_state

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def labels(choices) -> list[str]:
    return [str(label) for label in choices.labels]


def test_choices_and_workflow_labels_in_zh_hans():
    with translation.override("zh-hans"):
        assert labels(Priority) == ["一般", "较急", "紧急", "特急"]
        assert labels(Severity) == ["一般", "较大", "重大"]
        assert labels(Light) == ["红灯", "黄灯", "绿灯", "已办结"]
        assert labels(LinkRelation) == ["相关事项", "重复事项", "制约"]
        assert labels(ExtensionStatus) == ["待审批", "已批准", "不予批准"]
        assert gettext("refused") == "不予批准"
        # One English word, two Chinese ones: the timeline's kind against the reminder policy's section,
        # a case's source against the co-handlers' column, the lights against the 督办 colour.
        assert str(EventKind.OVERDUE.label) == "逾期" and gettext("Overdue") == "逾期后"
        assert str(Source.DEPARTMENT.label) == "部门上报" and gettext("Department") == "单位"
        assert str(Level.RED.label) == "红色" and gettext("Red supervision") == "红色督办"
        assert str(EventKind.COMMENT.label) == "办理意见"
        assert str(Comment._meta.verbose_name) == "办理意见"
        assert str(Comment._meta.get_field("author").verbose_name) == "填写人"
        assert str(ScoreSheet._meta.get_field("comment").verbose_name) == "评审意见"
        assert str(BOTTLENECK.state("closed").label) == "已办结"
        assert str(BOTTLENECK.state("acknowledged").label) == "已签收"
        assert str(BOTTLENECK.transition("reopen").label) == "恢复办理"
        assert str(BOTTLENECK.transition("start").label) == "开始办理"
        assert [str(CHALLENGE.state(code).label) for code in ("published", "under_review")] == ["已发榜", "评审中"]
        assert [str(MILESTONE.state(code).label) for code in ("submitted", "achieved")] == ["已报送完成情况", "已完成"]
        assert str(apps.get_app_config("alliances").verbose_name) == "产学研联盟"
        assert gettext("Issue a supervision notice") == "签发督办单"
        assert gettext("Blocks") == "制约"
    assert "督办通知" not in PO.read_text(encoding="utf-8")


def admin_change(case) -> str:
    return reverse("admin:chains_bottleneck_change", args=[case.pk])


@pytest.mark.django_db
def test_the_case_page_reads_in_the_offices_words(client, world):
    late = case_in_state(Bottleneck, "handling", world=world, due_in_days=-3)
    add_comment(late, actor=world.chainlead, text="已联系供应商")
    closed = case_in_state(Bottleneck, "closed", world=world)
    client.force_login(world.office)

    page = client.get(admin_change(late), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<th scope="col">办理情况</th>' in page  # the timeline's column
    assert "办理意见" in page and "留言" not in page and "评论" not in page
    assert "红灯" in page and "签发督办单" in page

    page = client.get(admin_change(closed), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已办结" in page and "恢复办理" in page and "重新打开" not in page
