"""Saved views (我的视图) on the case lists: each person's own, checked before they are kept."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from jinzhou.casework.models import SavedView
from tests.world import Bottleneck, case_in_state

pytestmark = pytest.mark.django_db
LIST = reverse("admin:casework_case_changelist")
SAVE = reverse("admin:casework_case_save_view")


def errors(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


def test_a_view_is_saved_listed_and_opens_the_same_list(world, client):
    red = case_in_state(Bottleneck, "handling", world=world, due_in_days=-2)
    case_in_state(Bottleneck, "handling", world=world)
    client.force_login(world.office)
    response = client.post(SAVE, {"name": "逾期堵点", "query": "?kind=bottleneck&overdue=yes&p=2"})
    assert response.status_code == 302
    view = SavedView.objects.get(owner=world.office)
    assert (view.name, view.query) == ("逾期堵点", "kind=bottleneck&overdue=yes")  # the page number dropped
    page = client.get(LIST).content.decode()
    assert f'href="?{view.query.replace("&", "&amp;")}"' in page and "逾期堵点" in page
    opened = client.get(f"{LIST}?{view.query}")
    assert [case.pk for case in opened.context["cl"].result_list] == [red.pk]


def test_a_person_never_sees_or_deletes_anothers_views(world, client):
    client.force_login(world.office)
    client.post(SAVE, {"name": "办公室的视图", "query": "?light=red"}, follow=True)
    view = SavedView.objects.get()
    client.force_login(world.chainlead)
    assert "办公室的视图" not in client.get(LIST).content.decode()
    delete = reverse("admin:casework_case_delete_view", args=[view.pk])
    assert client.post(delete).status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()
    # Their own view of the same name is theirs alone.
    client.post(SAVE, {"name": "办公室的视图", "query": ""})
    assert SavedView.objects.filter(owner=world.chainlead).count() == 1
    client.force_login(world.office)
    assert client.post(delete).status_code == 302
    assert not SavedView.objects.filter(pk=view.pk).exists()


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("?status=handling&is_open=1", "is_open"),  # not a parameter of the list
        ("?light=red&password=x", "password"),
        ("?chain__id__exact=abc", "not valid"),  # a known parameter, a value the list refuses
    ],
)
def test_unknown_parameters_and_bad_values_are_refused_with_a_message(world, client, query, why):
    client.force_login(world.office)
    response = client.post(SAVE, {"name": "坏视图", "query": query})
    assert response.status_code == 302
    assert not SavedView.objects.exists()
    [message] = errors(response)
    assert why in message or "无效" in message or "不" in message


def test_a_name_is_required_and_unique_per_person(world, client):
    client.force_login(world.office)
    assert errors(client.post(SAVE, {"name": " ", "query": "?light=red"}))
    client.post(SAVE, {"name": "红灯", "query": "?light=red"})
    assert errors(client.post(SAVE, {"name": "红灯", "query": "?light=yellow"}))
    assert list(SavedView.objects.values_list("query", flat=True)) == ["light=red"]


def test_views_belong_to_their_list(world, client):
    client.force_login(world.office)
    client.post(reverse("admin:chains_bottleneck_save_view"), {"name": "堵点红灯", "query": "?light=red"})
    assert "堵点红灯" in client.get(reverse("admin:chains_bottleneck_changelist")).content.decode()
    assert "堵点红灯" not in client.get(LIST).content.decode()
