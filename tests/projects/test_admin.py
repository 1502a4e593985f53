"""The projects' admin pages as the bureau, an expert and the office use them: the challenge page's
review panel (eligibility, experts with the conflict refusal, ranking), an expert's score sheet, the
lists with lights, and the 2021 investment report."""

import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from jinzhou.casework.services import transition
from projects import services
from projects.models import AwardApplication, Challenge, InvestmentProject, Milestone, ScoreSheet

pytestmark = pytest.mark.django_db


def url(model, name, *args):
    return reverse(f"admin:projects_{model._meta.model_name}_{name}", args=args)


def texts(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_bureau_runs_the_review_on_the_challenge_page(client, cast):
    client.force_login(cast.scistaff)
    response = client.post(
        url(Challenge, "add"),
        {
            "title": "芯片级高端半导体石英坩埚", "programme": cast.programme.pk, "chain": cast.quartz_chain.pk,
            "technical_problem": "高纯石英坩埚", "funding_wan": "500", "priority": 2,
        },
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    challenge = Challenge.objects.get()
    assert challenge.responsible_department == cast.most
    client.post(
        url(Challenge, "transition", challenge.pk, "publish"),
        {"t-publish-version": 1, "t-publish-due_in_working_days": 10},
    )
    challenge.refresh_from_db()
    assert challenge.status == "published"
    a = services.submit_application(
        challenge, actor=cast.shengong_user, team="t", plan="p", budget_wan=1, partner_institutions=[cast.lnut]
    )
    response = client.post(
        url(Challenge, "panel", challenge.pk, "eligibility"),
        {"eligibility-application": a.pk, "eligibility-decision": "eligible"},
        follow=True,
    )
    assert any("eligible" in text.lower() for text in texts(response)), texts(response)
    challenge = transition(Challenge.objects.get(pk=challenge.pk), "close_applications", actor=cast.scistaff)
    transition(challenge, "start_review", actor=cast.scistaff)

    conflicted = cast.experts[2]
    response = client.post(
        url(Challenge, "panel", challenge.pk, "expert"),
        {"expert-application": a.pk, "expert-expert": conflicted.pk},
        follow=True,
    )
    assert any("Conflict of interest: 张专家 is affiliated with 辽宁工业大学" in t for t in texts(response))
    response = client.post(
        url(Challenge, "panel", challenge.pk, "expert"),
        {"expert-application": a.pk, "expert-expert": cast.experts[0].pk},
        follow=True,
    )
    assert ScoreSheet.objects.filter(application=a, expert=cast.experts[0]).exists()
    page = client.get(url(Challenge, "change", challenge.pk))
    assert "Applications and ranking" in page.content.decode()

    # The expert scores on their own sheet page; the weighted total is computed.
    sheet = ScoreSheet.objects.get()
    client.force_login(cast.experts[0].user)
    form = {f"criterion_{c.pk}": v for c, v in zip(cast.criteria, (90, 80, 70), strict=True)}
    response = client.post(url(ScoreSheet, "change", sheet.pk), {**form, "comment": "方案可行"}, follow=True)
    sheet.refresh_from_db()
    assert (sheet.status, str(sheet.total)) == ("submitted", "83.00")  # (4500 + 2400 + 1400) / 100
    assert client.get(url(ScoreSheet, "changelist")).status_code == 200
    other = cast.experts[1].user
    client.force_login(other)
    assert client.get(url(ScoreSheet, "change", sheet.pk)).status_code in (302, 404)


def test_outside_scope_the_challenge_does_not_exist(client, cast):
    challenge = services.create_challenge(
        actor=cast.scistaff, programme=cast.programme, title="x", technical_problem="y", chain=cast.quartz_chain
    )
    client.force_login(cast.otherlead)
    response = client.post(url(Challenge, "transition", challenge.pk, "publish"), {"t-publish-version": 1})
    assert response.status_code == 404
    listing = client.get(url(Challenge, "changelist"))
    assert challenge.reference not in listing.content.decode()


def test_lists_show_lights_and_the_investment_report_shows_the_articles_figures(admin_client):
    call_command("seed_jinzhou", stdout=StringIO())
    client = admin_client
    for model in (Challenge, Milestone, InvestmentProject, AwardApplication):
        assert client.get(url(model, "changelist")).status_code == 200
    listing = client.get(url(InvestmentProject, "changelist")).content.decode()
    assert "国电投40万千瓦风电项目" in listing and "case-light" in listing
    wind = InvestmentProject.objects.get(title="国电投40万千瓦风电项目")
    page = client.get(url(InvestmentProject, "change", wind.pk)).content.decode()
    assert "Complete (竣工)" in page  # the next stage's button
    # An IP topic ends recommended and closed: no result is left to record.
    topic = AwardApplication.objects.filter(category="ip_topic").first()
    page = client.get(url(AwardApplication, "change", topic.pk)).content.decode()
    assert "Recommended to the province, closed" in page and "Record: won" not in page
    report = client.get(reverse("admin:projects_investment_report"), {"start": "2021-01-01", "end": "2021-12-31"})
    html = report.content.decode()
    table = re.search(r'<table id="activity-report">.*?</table>', html, re.S).group(0)
    cells = re.findall(r"<td>(\d+)</td>", table)
    assert cells[:2] == ["436", "651"]
    vice_mayor = re.search(r"<th scope=\"row\">Vice mayor level</th><td>(\d+)</td><td>(\d+)</td>", table)
    assert vice_mayor.groups() == ("149", "260")
    # The named projects' stage dates are samples: counted in no period, and the page says so.
    assert "4 projects' stage dates are inferred or samples" in unescape(html)
