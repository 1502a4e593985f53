"""The status guard: a case's status moves only through the workflow service.

Every way Django offers to write a column (assigning the attribute, ``QuerySet.update``,
``bulk_update``, creating a row with a value) is refused for ``status`` outside the engine's
services, and the row in the database keeps its status.
"""

import pytest

from chains.models import Bottleneck
from jinzhou.casework.models import Case
from jinzhou.casework.services import transition
from jinzhou.casework.status import StatusWriteError
from tests.world import case_in_state


@pytest.fixture
def submitted(world):
    return case_in_state(Bottleneck, "submitted", world=world)


def status_in_db(case) -> str:
    return Case.objects.values_list("status", flat=True).get(pk=case.pk)


def test_assigning_a_loaded_cases_status_is_refused(submitted):
    with pytest.raises(StatusWriteError):
        submitted.status = "closed"
    loaded = Bottleneck.objects.get(pk=submitted.pk)
    with pytest.raises(StatusWriteError):
        loaded.status = "closed"
    assert (submitted.status, loaded.status, status_in_db(submitted)) == ("submitted", "submitted", "submitted")


@pytest.mark.parametrize("model", [Case, Bottleneck])
def test_update_of_the_status_is_refused(submitted, model):
    with pytest.raises(StatusWriteError):
        model.objects.filter(pk=submitted.pk).update(status="closed")
    assert status_in_db(submitted) == "submitted"


def test_bulk_update_of_the_status_is_refused(submitted):
    with pytest.raises(StatusWriteError):
        Bottleneck.objects.bulk_update([submitted], ["status", "title"])
    assert status_in_db(submitted) == "submitted"


def test_creating_a_case_with_a_status_is_refused(world):
    for create in (
        lambda: Bottleneck.objects.create(kind="bottleneck", reference="DD-TEST-1", title="直接写入", status="closed"),
        lambda: Bottleneck(kind="bottleneck", reference="DD-TEST-2", title="直接写入", status="in_progress").save(),
    ):
        with pytest.raises(StatusWriteError, match="open_case"):
            create()
    assert not Case.objects.filter(reference__startswith="DD-TEST").exists()


def test_the_workflow_moves_the_status_and_closes_the_window_behind_it(world, submitted):
    accepted = transition(submitted, "accept", actor=world.office)
    assert status_in_db(submitted) == accepted.status == "accepted"
    # The window transition opened is closed again: the instance it returned is guarded like any other.
    with pytest.raises(StatusWriteError):
        accepted.status = "closed"
    # Reloading shows what the database holds; that is not a status change.
    submitted.refresh_from_db()
    assert submitted.status == "accepted"
