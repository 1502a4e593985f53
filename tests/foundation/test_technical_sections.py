"""The machinery's sections of the admin (schedules, task results, webhooks, API keys) belong to system
administrators (superusers): the office neither sees them in its menu nor opens their pages."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from jinzhou.org.choices import Role
from jinzhou.org.roles import grant_role_permissions
from tests.world import build_world

TECHNICAL = [
    ("django_celery_beat", "periodictask"),
    ("django_celery_beat", "intervalschedule"),
    ("django_celery_beat", "crontabschedule"),
    ("django_celery_beat", "clockedschedule"),
    ("django_celery_beat", "solarschedule"),
    ("django_celery_results", "taskresult"),
    ("django_celery_results", "groupresult"),
    ("webhooks", "subscription"),
    ("webhooks", "webhookdelivery"),
    ("org", "apikey"),
]


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "model"), TECHNICAL)
def test_the_office_is_refused_and_the_superuser_served(world, client, admin_user, app, model):
    listing = reverse(f"admin:{app}_{model}_changelist")
    adding = reverse(f"admin:{app}_{model}_add")
    client.force_login(world.office)
    assert client.get(listing).status_code == 403
    assert client.get(adding).status_code == 403
    client.force_login(admin_user)
    assert client.get(listing).status_code == 200


@pytest.mark.django_db
def test_the_office_menu_shows_its_work_not_the_machinery(world, client, admin_user):
    client.force_login(world.office)
    office_apps = {app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]}
    assert {"chains", "casework", "org"} <= office_apps
    assert not office_apps & {"django_celery_beat", "django_celery_results", "webhooks"}
    org_models = {
        model["object_name"]
        for app in client.get(reverse("admin:index")).context["app_list"]
        if app["app_label"] == "org"
        for model in app["models"]
    }
    assert "ApiKey" not in org_models and "Department" in org_models
    # The office still looks people up (a department's head), without changing them.
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    client.force_login(admin_user)
    admin_apps = {app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]}
    assert {"django_celery_beat", "django_celery_results", "webhooks"} <= admin_apps


@pytest.mark.django_db
def test_permissions_granted_by_earlier_versions_are_taken_back(db):
    office = Group.objects.get(role__code=Role.OFFICE)
    old = Permission.objects.filter(content_type__app_label__in=["webhooks", "django_celery_beat"])
    office.permissions.add(*old, *Permission.objects.filter(codename="add_apikey"))
    grant_role_permissions()
    held = set(office.permissions.values_list("content_type__app_label", "codename"))
    assert not {label for label, _ in held} & {"webhooks", "django_celery_beat", "django_celery_results"}
    assert ("org", "add_apikey") not in held and ("org", "change_department") in held
    assert ("auth", "view_user") in held
    for group in Group.objects.filter(role__isnull=False):
        assert not group.permissions.filter(content_type__app_label="webhooks").exists()
    assert User.objects.filter(is_superuser=True).count() == 0  # nothing here made a superuser
