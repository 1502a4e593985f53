"""seed_demo: bulk demo cases that look like the services made them and never collide with them."""

from collections import Counter
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q

from chains.models import Bottleneck, ChainTask
from chains.services import report_bottleneck
from jinzhou.casework.effects import set_deadline
from jinzhou.casework.kinds import get_kind
from jinzhou.casework.models import Case, ReferenceSequence, TimelineEvent
from jinzhou.casework.status import status_writes_are_allowed
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def seed_demo(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def number(reference: str) -> int:
    return int(reference.rsplit("-", 1)[1])


def test_seed_demo_adds_consistent_cases_that_services_do_not_collide_with(world):
    out, err = seed_demo("--cases", "300", "--seed", "7", "--batch", "120")

    assert Case.objects.count() == 300
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(set(references)) == 300
    # Every case has its kind row, and exactly one "created" event, its first.
    assert Bottleneck.objects.count() + ChainTask.objects.count() == 300
    assert set(Bottleneck.objects.values_list("kind", flat=True)) == {"bottleneck"}
    assert set(ChainTask.objects.values_list("kind", flat=True)) == {"task"}
    created = TimelineEvent.objects.filter(kind="created").values("case_id").annotate(n=Count("id"))
    assert created.count() == 300
    assert set(created.values_list("n", flat=True)) == {1}
    lights = set(Case.objects.with_light().values_list("light", flat=True))
    assert {"red", "yellow", "green"} <= lights
    assert Case.objects.filter(is_open=False).exists()
    # Deadlines as effects.set_deadline sets them.
    for case in Case.objects.exclude(due_at=None)[:50]:
        expected = SimpleNamespace(spec=get_kind(case.kind), due_at=None, original_due_at=None, warn_at=None)
        set_deadline(expected, case.due_at)
        assert case.warn_at == expected.warn_at, case.reference
        assert case.original_due_at <= case.due_at, case.reference
    assert not status_writes_are_allowed()
    assert "Added 300 demo cases" in out
    assert "cases/s" in out
    assert "\r" in err

    # A case reported through the service afterwards gets a fresh reference.
    case = report_bottleneck(actor=world.office, title="钛精矿进口通关周期过长", chain=world.titanium)
    assert case.reference not in references
    prefix, year, _ = case.reference.split("-")
    demo_numbers = [number(r) for r in references if r.startswith(f"{prefix}-{year}-")]
    assert number(case.reference) > max(demo_numbers, default=0)
    assert ReferenceSequence.objects.get(prefix=prefix, year=int(year)).last == number(case.reference)


def test_same_seed_gives_the_same_cases(world):
    def snapshot():
        return list(
            Case.objects.order_by("id").values_list(
                "kind", "title", "status", "priority", "chain_id", "created_at", "due_at", "warn_at", "closed_at"
            )
        )

    seed_demo("--cases", "40", "--seed", "3", "--today", "2026-11-27")
    first = snapshot()
    seed_demo("--cases", "40", "--seed", "3", "--today", "2026-11-27")
    both = snapshot()
    # A second run adds cases (it is not idempotent), and with new references, but the same content.
    assert len(both) == 80
    assert both[40:] == first
    assert Case.objects.values("reference").distinct().count() == 80


def test_seed_demo_needs_the_catalogue(db):
    with pytest.raises(CommandError, match="run seed_jinzhou first"):
        seed_demo("--cases", "10")


def test_the_realistic_mix_closes_most_cases_and_almost_every_old_one(world):
    from django.utils import timezone

    seed_demo("--cases", "1500", "--seed", "3", "--mix", "realistic")
    old = timezone.now() - timezone.timedelta(days=100)
    realistic = Case.objects.filter(is_open=True).count()
    old_open = Case.objects.filter(is_open=True, created_at__lt=old).count()
    assert realistic < 0.35 * 1500
    assert old_open < 0.05 * Case.objects.filter(created_at__lt=old).count()

    seed_demo("--cases", "1500", "--seed", "3")  # the stress mix: most cases open
    assert Case.objects.filter(is_open=True).count() - realistic > 0.6 * 1500


def test_an_unknown_mix_is_refused(world):
    with pytest.raises(CommandError):
        seed_demo("--cases", "10", "--mix", "average")
    assert Case.objects.count() == 0


def test_open_for_fills_one_departments_queue_and_its_lights_are_those_printed(world):
    import datetime as dt
    import re

    from django.utils import timezone

    from jinzhou.org.selectors import actor_for
    from jinzhou.portal import queues
    from jinzhou.portal.selectors import todo_cases

    def queue_size() -> int:
        actor = actor_for(world.chainlead)
        in_a_tab = Q(pk__in=[])
        for section in queues.sections_for(actor):
            in_a_tab |= section.condition
        return todo_cases(world.chainlead).filter(in_a_tab).distinct().count()

    today = timezone.localdate()
    seed_demo("--cases", "300", "--seed", "5", "--mix", "realistic", "--today", today.isoformat())
    before, first_new = queue_size(), Case.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    out, _err = seed_demo("--cases", "200", "--seed", "6", "--open-for", "miit", "--today", today.isoformat())

    added = Case.objects.filter(pk__gte=first_new)
    assert added.count() == 200
    assert set(added.values_list("is_open", "responsible_department_id").distinct()) == {(True, world.miit.pk)}
    # Each of them is in a tab of the chain leader's 我的待办 (工信局 is their department).
    assert queue_size() == before + 200
    # The lights the command prints are those the pages show (at the start of the day it was run for).
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    shown = Counter(added.with_light(midnight).values_list("light", flat=True))
    printed = dict(re.findall(r"(red|yellow|green|grey) (\d+)", out))
    assert {light: int(n) for light, n in printed.items() if int(n)} == dict(shown)
    assert "grey" not in shown


def test_open_for_an_unknown_department_is_refused(world):
    with pytest.raises(CommandError, match="no department with the code"):
        seed_demo("--cases", "10", "--open-for", "nowhere")
    assert Case.objects.count() == 0
