"""The two ways of asking for a light agree: the annotation lists show, and the filter lists use."""

import datetime as dt

import pytest
from django.utils import timezone

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.choices import Light
from jinzhou.casework.models import Case, Extension
from tests.world import build_world, case_in_state


@pytest.fixture
def cases(db):
    world = build_world()
    now = timezone.now()
    made = {
        "overdue": case_in_state(Bottleneck, "handling", world=world, due_in_days=-2),
        "report_missed": case_in_state(ChainTask, "in_progress", world=world, due_in_days=40),
        "in_window": case_in_state(Bottleneck, "handling", world=world, due_in_days=1),
        "extension_pending": case_in_state(Bottleneck, "handling", world=world, due_in_days=30),
        "far": case_in_state(Bottleneck, "handling", world=world, due_in_days=30),
        "no_deadline": case_in_state(Bottleneck, "submitted", world=world),
        "closed_late": case_in_state(Bottleneck, "closed", world=world, due_in_days=-5),
    }
    Case.objects.filter(pk=made["report_missed"].pk).update(report_due_at=now - dt.timedelta(hours=1))
    Extension.objects.create(
        case=made["extension_pending"],
        requested_by=world.chainlead,
        current_due_at=made["extension_pending"].due_at,
        new_due_at=now + dt.timedelta(days=60),
        reason="等待设备",
    )
    return made


EXPECTED = {
    Light.RED: {"overdue", "report_missed"},
    Light.YELLOW: {"in_window", "extension_pending"},
    Light.GREEN: {"far", "no_deadline"},
    Light.GREY: {"closed_late"},
}


@pytest.mark.parametrize("light", list(EXPECTED))
def test_filter_and_annotation_give_the_same_cases(cases, light):
    names = {case.pk: name for name, case in cases.items()}
    by_filter = {names[pk] for pk in Case.objects.lit(light).values_list("pk", flat=True)}
    by_annotation = {names[pk] for pk in Case.objects.with_light().filter(light=light).values_list("pk", flat=True)}
    assert by_filter == by_annotation == EXPECTED[light]


def test_an_unknown_light_is_an_error(cases):
    with pytest.raises(ValueError):
        Case.objects.lit("purple")
