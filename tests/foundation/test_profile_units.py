"""A person acts for one unit at most: a department, an enterprise or an institution (a university or
research institute). Two are refused by the form's clean with a clear message, and by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from jinzhou.org.models import Institution, UserProfile
from tests.world import build_world, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings):
    settings.LANGUAGE_CODE = "en"
    return build_world()


def test_two_units_are_refused_with_a_clear_error_naming_both_fields(world):
    lnut = Institution.objects.create(name="辽宁工业大学", kind="university")
    profile = world.enterprise.profile
    profile.institution = lnut
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert set(refused.value.message_dict) == {"enterprise", "institution"}
    assert "choose a department, an enterprise or an institution, not several" in refused.value.messages[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()
    assert UserProfile.objects.get(pk=profile.pk).institution is None


def test_one_unit_or_none_is_accepted(world):
    lnut = Institution.objects.create(name="辽宁工业大学", kind="university")
    user = make_user("daxue", None, institution=lnut)
    user.profile.full_clean()
    assert list(lnut.members.all()) == [user.profile]
    make_user("nobody", None).profile.full_clean()


def test_the_admin_refuses_two_units_and_keeps_the_user_unchanged(client, world):
    from django.contrib.auth import get_user_model

    lnut = Institution.objects.create(name="辽宁工业大学", kind="university")
    admin_user = get_user_model().objects.create_superuser("root", password="pw-for-tests-only")
    client.force_login(admin_user)
    user = world.enterprise
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="profile-0-institution"' in page.content.decode()
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update(
        {
            "username": user.username,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "1",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
            "profile-0-id": str(user.profile.pk),
            "profile-0-user": str(user.pk),
            "profile-0-enterprise": str(world.citic.pk),
            "profile-0-institution": str(lnut.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "not several" in response.content.decode()
    user.profile.refresh_from_db()
    assert (user.profile.enterprise, user.profile.institution) == (world.citic, None)
