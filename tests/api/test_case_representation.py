"""A case looks the same whichever way it is serialised.

``CaseSerializer`` reads its shared fields straight off the case (``FAST_FIELDS``) instead of
walking DRF's fields, for speed. These tests hold that shortcut to what the declared fields give
through DRF's own walk, for every state a case can be in, for a kind with fields of its own, in
Beijing time and in UTC, and for a case loaded by the list (light annotated, columns narrowed) or
plainly (light computed).
"""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework import serializers

from chains.api.serializers import BottleneckSerializer, ChainTaskSerializer
from jinzhou.casework.api.serializers import CASE_COLUMNS, CASE_SELECT_RELATED, FAST_FIELDS, CaseSerializer
from jinzhou.casework.models import Case, Extension
from tests.world import Bottleneck, ChainTask, case_in_state


def drf_walk(serializer_class, case) -> dict:
    """What DRF's ModelSerializer gives for ``case`` with the same declared fields."""
    return dict(serializers.ModelSerializer.to_representation(serializer_class(), case))


def varied_cases(world) -> list[Case]:
    draft = case_in_state(Bottleneck, "draft", world=world, chain=None, reporter_enterprise=None)
    handling = case_in_state(Bottleneck, "handling", world=world, due_in_days=-2)
    handling.affected_enterprises.add(world.citic)
    yellow = case_in_state(Bottleneck, "assigned", world=world, due_in_days=30)
    Extension.objects.create(
        case=yellow,
        requested_by=world.chainlead,
        reason="等待省里批复",
        current_due_at=yellow.due_at,
        new_due_at=yellow.due_at + dt.timedelta(days=10),
    )
    closed = case_in_state(Bottleneck, "closed", world=world)
    task = case_in_state(ChainTask, "in_progress", world=world, parent=handling)
    return [draft, handling, yellow, closed, task]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_the_shared_fields_match_drfs_own_walk(world, zone):
    cases = varied_cases(world)
    with timezone.override(zone):
        for case in Case.objects.filter(pk__in=[c.pk for c in cases]).order_by("pk"):
            assert CaseSerializer(case).data == drf_walk(CaseSerializer, case)
        # As the list loads them: the light annotated, only the columns the list shows.
        listed = Case.objects.with_light().select_related(*CASE_SELECT_RELATED).only(*CASE_COLUMNS)
        for case in listed.filter(pk__in=[c.pk for c in cases]).order_by("pk"):
            assert CaseSerializer(case).data == drf_walk(CaseSerializer, case)


def test_the_shortcut_covers_every_shared_field_and_sees_every_light(world):
    cases = varied_cases(world)
    assert set(FAST_FIELDS) == set(CaseSerializer.Meta.fields)
    lights = {CaseSerializer(case).data["light"] for case in Case.objects.filter(pk__in=[c.pk for c in cases])}
    assert lights == {"red", "yellow", "green", "grey"}
    utc = CaseSerializer(cases[1]).data["created_at"]
    with timezone.override("UTC"):
        assert CaseSerializer(cases[1]).data["created_at"].endswith("Z")
    assert utc.endswith("+08:00")
    assert dt.datetime.fromisoformat(utc) == cases[1].created_at


def test_a_kinds_own_fields_go_through_drf(world):
    for case in varied_cases(world):
        model, serializer_class = (
            (ChainTask, ChainTaskSerializer) if case.kind == "task" else (Bottleneck, BottleneckSerializer)
        )
        instance = model.objects.get(pk=case.pk)
        data = serializer_class(instance).data
        assert data == drf_walk(serializer_class, instance)
        assert list(data) == serializer_class.Meta.fields
