"""我的待办's pages: read by sorting only ids, they list exactly what one full sort lists, in the
same order, and a page costs the same queries however many cases there are."""

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import Case
from jinzhou.org.selectors import actor_for
from jinzhou.portal import queues
from jinzhou.portal.selectors import todo_cases, urgent_first
from jinzhou.portal.views.todos import PER_PAGE
from tests.portal.test_todos import counts, references, tab
from tests.world import case_in_state


def test_the_pages_list_what_one_full_sort_lists_in_its_order(client, world, django_assert_num_queries):
    for n in range(PER_PAGE + 12):
        # Red, yellow and green deadlines, several cases per day: the order's ties fall to the id.
        case_in_state(Bottleneck, "handling", world=world, due_in_days=n % 12 - 4)
    client.force_login(world.chainlead)
    tab(client, "handling")  # warm the per-process caches

    with django_assert_num_queries(7):
        first = tab(client, "handling")
    with django_assert_num_queries(7):
        second = tab(client, "handling", page=2)
    actor = actor_for(world.chainlead)
    section = next(s for s in queues.sections_for(actor) if s.code == "handling")
    expected = [case.reference for case in urgent_first(queues.queue(todo_cases(world.chainlead), section), actor)]
    assert len(expected) == PER_PAGE + 12 == counts(first)["handling"]
    assert references(first) + references(second) == expected
    # The rows carry what the list shows: the light and whether a notice waits.
    assert {case.light for case in first.context["cases"]} >= {"red", "green"}


def test_the_queries_of_a_page_do_not_grow_with_cases_outside_the_queue(client, world, django_assert_num_queries):
    for n in range(30):
        case_in_state(ChainTask, "assigned", world=world, due_in_days=n % 9)
    client.force_login(world.chainlead)
    tab(client, "acknowledge")
    with django_assert_num_queries(7):
        before = tab(client, "acknowledge")
    # Another chain's open cases, and closed ones of the chain leader's own: none is listed.
    for _n in range(40):
        case_in_state(Bottleneck, "handling", world=world, chain=world.wind)
        case_in_state(Bottleneck, "closed", world=world)
    with django_assert_num_queries(7):
        after = tab(client, "acknowledge")
    assert references(after) == references(before) and counts(after) == counts(before)
    assert Case.objects.count() >= 110
