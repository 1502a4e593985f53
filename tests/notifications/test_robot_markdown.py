"""User text in a chat robot's markdown (issue 13, item 7): a title or note that a user typed arrives
in the WeCom or DingTalk group as the words they typed, never as a link, a heading or a quote that
looks as if the system wrote it."""

import re

import pytest

from jinzhou.notifications.channels import dingtalk, wecom
from jinzhou.notifications.channels.text import escape_markdown
from jinzhou.notifications.services import notify
from tests.world import ChainTask, case_in_state

pytestmark = pytest.mark.django_db

PHISHING_TITLE = "[紧急：点此重新登录](http://evil.example/login)"
FORGED_NOTE = '请处理。\n### 伪造标题\n> 领导批示：立即转账\n**加粗** <font color="warning">假警告</font> ![图](http://evil.example/x.png)'
LINK = re.compile(r"\[[^\]]*\]\(([^)]*)\)")


@pytest.fixture
def notification(world):
    case = case_in_state(ChainTask, "in_progress", world=world, title=PHISHING_TITLE)
    [sent] = notify(
        [world.chainlead],
        case=case,
        step="before_1",
        deadline=case.due_at,
        title=f"{PHISHING_TITLE} 明天到期",
        body=FORGED_NOTE,
        level="yellow",
        url="/admin/",
    )
    return sent


@pytest.mark.parametrize(
    ("robot", "text_of"),
    [(wecom, lambda body: body["markdown"]["content"]), (dingtalk, lambda body: body["markdown"]["text"])],
    ids=["wecom", "dingtalk"],
)
def test_user_text_cannot_add_links_headings_or_quotes(notification, robot, text_of):
    text = text_of(robot.payload(notification))
    # The only link is the system's own, to the system.
    assert LINK.findall(text) == ["http://127.0.0.1:8000/admin/"]
    lines = text.split("\n")
    # The only heading is the system's first line; no quote but the system's case and deadline lines.
    assert [line for line in lines if line.lstrip().startswith("#")] == [lines[0]]
    assert not any(line.lstrip().startswith(">") and "立即转账" in line for line in lines)
    assert "<font" not in text and "**加粗**" not in text and "![" not in text
    # The words themselves still arrive, readable.
    assert "紧急：点此重新登录" in text and "伪造标题" in text and "立即转账" in text


def test_dingtalk_title_is_escaped_too(notification):
    title = dingtalk.payload(notification)["markdown"]["title"]
    assert "](" not in title and "紧急：点此重新登录" in title


def test_escape_markdown_keeps_ordinary_chinese_text_as_it_is():
    assert (
        escape_markdown("钛白粉扩产 2026-03-01 完成 80%，请于明日报送。")
        == "钛白粉扩产 2026-03-01 完成 80%，请于明日报送。"
    )
    assert "\n" not in escape_markdown("第一行\n第二行", multiline=False)
