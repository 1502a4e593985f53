"""The seeder: reserves ids and numbers, builds batches of rows and stores them."""

from __future__ import annotations

import datetime as dt
import json
import queue
import random
import threading
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chains.models import Bottleneck, ChainTask, ProgressReport
from jinzhou.casework.kinds import get_kind
from jinzhou.casework.models import Case, CoHandling, Extension, TimelineEvent
from seeds.demo.catalogue import DemoResult, _weighted, department_id, load_catalogue, shortest_paths
from seeds.demo.mix import (
    BOTTLENECK_KINDS,
    BOTTLENECK_SHARE,
    CADENCES,
    CLOSED_STATE,
    DAY,
    OFFICE_CLOSES,
    OFFICE_OPENS,
    OPEN_STATES,
    PRIORITIES,
    SEVERITIES,
    SOURCES,
    UNIFORM_SHARE,
    WINDOW_DAYS,
)
from seeds.demo.rows import CaseRows
from seeds.demo.supervision_rows import SupervisionRows
from seeds.demo.writer import _Clock, _Deadlines, _Table, _Writer, reserve_references

# stress: ~30 % closed, the open ones growing with the table (the worst case for lists of open work);
# realistic: a few thousand open whatever the total, the rest closed (years of daily use).
MIXES = ("stress", "realistic")


class DemoSeeder(CaseRows, SupervisionRows):
    def __init__(
        self,
        cases: int,
        *,
        seed: int = 1,
        batch: int = 5000,
        today: dt.date | None = None,
        using: str = "default",
        progress: Callable[[int, int, float], None] | None = None,
        overlap: bool | None = None,
        mix: str = "stress",
        open_for: str | None = None,
    ) -> None:
        if cases < 1:
            raise ValueError("cases must be at least 1")
        if mix not in MIXES:
            raise ValueError(f"mix must be one of {', '.join(MIXES)}")
        self.mix = mix
        # A department's code: every case added is open and assigned to it (its full queue), whatever the mix.
        self.open_for = open_for
        self.open_for_id: int | None = None
        self.count = cases
        self.seed = seed
        self.batch = max(1, batch)
        self.today = today or timezone.localdate()
        self.using = using
        self.connection = connections[using]
        self.progress = progress
        # Write from a second thread while generating (default: yes, unless inside a transaction).
        self.overlap = overlap
        self.rng = random.Random(seed)
        base = self.today - dt.timedelta(days=WINDOW_DAYS + 1)
        self.clock = _Clock(base, self.connection.vendor)
        self.deadlines = _Deadlines(self.clock)
        self.today_index = self.clock.day_of(self.today)
        self.now = self.today_index * DAY  # the generation's "now": today 00:00; every moment lies before it
        self.writer = _Writer(self.connection.vendor)
        self.result = DemoResult()
        self.specs = {kind: get_kind(kind) for kind in ("bottleneck", "task")}
        self.paths = {kind: shortest_paths(spec.workflow) for kind, spec in self.specs.items()}
        self._check_workflows()
        self.open_states = {
            kind: tuple(_weighted(pairs.items()) for pairs in ages) for kind, ages in OPEN_STATES.items()
        }
        # With open_for: the open states that a department holds (reached through an assignment).
        self.assigned_states = {
            kind: tuple(
                _weighted([(state, weight) for state, weight in pairs.items() if self._assigned_in(kind, state)])
                for pairs in ages
            )
            for kind, ages in OPEN_STATES.items()
        }
        self.priorities = _weighted(PRIORITIES)
        self.sources = {kind: _weighted(pairs) for kind, pairs in SOURCES.items()}
        self.bottleneck_kinds = _weighted(BOTTLENECK_KINDS)
        self.severities = _weighted(SEVERITIES)
        self.cadences = _weighted(CADENCES)
        self.summaries: dict[tuple[str, str, str], str] = {}
        self.assign_data: dict[tuple[int, int], str] = {}

    def _check_workflows(self) -> None:
        for kind, ages in OPEN_STATES.items():
            for state in {CLOSED_STATE}.union(*ages):
                if state not in self.paths[kind]:
                    raise LookupError(f"seed_demo: the {kind} workflow cannot reach state {state!r}")

    def _assigned_in(self, kind: str, state: str) -> bool:
        return kind == "task" or any(step.action == "assign" for step in self.paths[kind][state])

    # --- the run --------------------------------------------------------------------------------------
    def run(self) -> DemoResult:
        started = time.perf_counter()
        connection = self.connection
        overlap = self.overlap if self.overlap is not None else not connection.in_atomic_block
        if overlap and connection.in_atomic_block:
            raise ValueError("seed_demo cannot write from a second thread inside a transaction")
        with translation.override(settings.LANGUAGE_CODE):
            self._texts()
            self.catalogue = load_catalogue(self.using)
            if self.open_for is not None:
                self.open_for_id = department_id(self.open_for, self.using)
            created, kinds = self._creation_moments()
            counts = Counter(
                (self.specs[kind].prefix, self.clock.date(t // DAY).year)
                for t, kind in zip(created, kinds, strict=True)
            )
            with transaction.atomic(using=self.using):
                first_id = self.writer.reserve_ids(connection, Case, self.count)
                next_number = reserve_references(counts, self.using)
            self.result.first_id = first_id
            self._tables()
            batches = self._batches(created, kinds, first_id, next_number)
            if overlap:
                self._store_in_thread(batches, started)
            else:
                self._store(batches, started)
        self.result.cases = self.count
        self.result.seconds = time.perf_counter() - started
        return self.result

    def _batches(self, created, kinds, first_id, next_number) -> Iterator[tuple[int, list]]:
        """The rows, ``batch`` cases at a time: (cases done, [(table, rows), …])."""
        done = 0
        while done < self.count:
            end = min(done + self.batch, self.count)
            for index in range(done, end):
                kind = kinds[index]
                t = created[index]
                key = (self.specs[kind].prefix, self.clock.date(t // DAY).year)
                number = next_number[key]
                next_number[key] = number + 1
                self._case(first_id + index, kind, t, f"{key[0]}-{key[1]}-{number:05d}")
            done = end
            yield done, [(table, table.take()) for table in self.tables]

    def _store(self, batches, started: float) -> None:
        """Write the batches, each in a transaction, on the calling thread's connection; then check."""
        connection = connections[self.using]
        # The rows go in as SQL (COPY / executemany), below the models and their status guard: the
        # demo is generated data written at volume, not a case entered through the engine.
        with self.writer.loading(connection):
            for done, batch in batches:
                with transaction.atomic(using=self.using):
                    for table, rows in batch:
                        self.result.rows += self.writer.write(connection, table, rows)
                if self.progress:
                    self.progress(done, self.count, time.perf_counter() - started)
        self.writer.check(connection, [table.table for table in self.tables])

    def _store_in_thread(self, batches, started: float) -> None:
        """Generate batch k+1 here while a second thread (with its own connection) writes batch k.

        The database and the generator then use a core each; the queue holds one batch, so memory
        stays bounded whatever the number of cases."""
        pending: queue.Queue = queue.Queue(maxsize=1)
        failure: list[BaseException] = []
        state = {"ended": False}

        def received():
            while (item := pending.get()) is not None:
                yield item
            state["ended"] = True

        def write() -> None:
            try:
                self._store(received(), started)
            except BaseException as exc:
                failure.append(exc)
                while not state["ended"] and pending.get() is not None:
                    pass  # keep taking batches so that the generating thread never blocks
            finally:
                connections[self.using].close()

        writer = threading.Thread(target=write, name="seed_demo-writer", daemon=True)
        writer.start()
        try:
            for item in batches:
                if failure:
                    break
                pending.put(item)
        finally:
            pending.put(None)
            writer.join()
        if failure:
            raise failure[0]

    def _texts(self) -> None:
        """The services' wordings, translated once per run rather than once per event."""
        self.text_extension_requested = _("Extension requested: %(old)s → %(new)s")
        self.text_extension_approved = _("Extension %(verb)s: %(new)s") % {"verb": _("approved"), "new": "%(new)s"}
        self.text_co_handling = _("Co-handling: %(department)s, by %(date)s")
        self.text_feedback = _("Feedback from %(department)s")
        self.text_progress = _("Progress %(percent)d%%")

    def _creation_moments(self) -> tuple[list[int], list[str]]:
        """When each case was created, sorted (ids and references follow creation), and its kind."""
        rng = self.rng
        moments = []
        for _index in range(self.count):
            # x is the position in the window, 0 its first day, 1 today.
            x = rng.random() if rng.random() < UNIFORM_SHARE else rng.random() ** (1 / 3)
            day = self.today_index - 1 - min(WINDOW_DAYS - 1, int((1 - x) * WINDOW_DAYS))
            moments.append(day * DAY + OFFICE_OPENS + int(rng.random() * (OFFICE_CLOSES - OFFICE_OPENS)))
        moments.sort()
        kinds = ["bottleneck" if rng.random() < BOTTLENECK_SHARE else "task" for _index in range(self.count)]
        return moments, kinds

    def _tables(self) -> None:
        c = self.connection
        self.case_table = _Table(
            Case,
            (
                "id",
                "kind",
                "reference",
                "title",
                "description",
                "status",
                "is_open",
                "priority",
                "source",
                "chain_id",
                "reporter_id",
                "reporter_enterprise_id",
                "responsible_department_id",
                "responsible_person_id",
                "assigned_by_id",
                "assigned_at",
                "acknowledged_at",
                "due_at",
                "original_due_at",
                "warn_at",
                "report_due_at",
                "version",
                "created_by_id",
                "updated_by_id",
                "created_at",
                "updated_at",
                "closed_at",
                "handed_in_at",
            ),
            c,
        )
        self.bottleneck_table = _Table(Bottleneck, ("case_ptr_id", "bottleneck_kind", "severity", "resolution"), c)
        self.task_table = _Table(ChainTask, ("case_ptr_id", "expected_output", "report_cadence", "progress"), c)
        self.event_table = _Table(
            TimelineEvent,
            ("case_id", "kind", "action", "from_status", "to_status", "actor_id", "at", "summary", "note", "data"),
            c,
        )
        self.extension_table = _Table(
            Extension,
            (
                "case_id",
                "requested_by_id",
                "requested_at",
                "current_due_at",
                "new_due_at",
                "reason",
                "status",
                "decided_by_id",
                "decided_at",
                "decision_note",
            ),
            c,
        )
        self.co_handling_table = _Table(
            CoHandling, ("case_id", "department_id", "due_at", "status", "feedback", "feedback_by_id", "feedback_at"), c
        )
        self.report_table = _Table(
            ProgressReport, ("task_id", "percent", "text", "reported_by_id", "reported_at", "was_due_at"), c
        )
        self.enterprise_table = _Table(Case.enterprises.through, ("case_id", "enterprise_id"), c)
        self.affected_table = _Table(Bottleneck.affected_enterprises.through, ("bottleneck_id", "enterprise_id"), c)
        # Parents before children, so that foreign keys hold even where they are checked immediately.
        self.tables = [
            self.case_table,
            self.bottleneck_table,
            self.task_table,
            self.event_table,
            self.extension_table,
            self.co_handling_table,
            self.report_table,
            self.enterprise_table,
            self.affected_table,
        ]
        self.empty_data = json.dumps({}, cls=DjangoJSONEncoder)
        self.created_data = json.dumps({"seed_demo": self.seed}, cls=DjangoJSONEncoder)

    # --- random helpers -------------------------------------------------------------------------------
    def _pick(self, weighted):
        values, cumulative = weighted
        return values[min(bisect_right(cumulative, self.rng.random()), len(values) - 1)]

    def _later(self, t: int, mean_days: float) -> int:
        """A moment some time after ``t`` (exponentially distributed), moved into office hours."""
        t += 600 + int(self.rng.expovariate(1.0 / mean_days) * DAY)
        second = t % DAY
        if second < OFFICE_OPENS:
            t += OFFICE_OPENS - second + int(self.rng.random() * 3600)
        elif second >= OFFICE_CLOSES:
            t += DAY - second + OFFICE_OPENS + int(self.rng.random() * 3600)
        return t

    def _between(self, start: int, end: int) -> int:
        return start + 1 + int(self.rng.random() * max(0, end - start - 2))

    def _squeeze(self, start: int, times: list[int]) -> list[int]:
        """Move ``times`` (after ``start``, increasing) before now, keeping their order and proportions."""
        if not times or times[-1] < self.now:
            return times
        room = (self.now - start) * (0.55 + 0.4 * self.rng.random())
        span = times[-1] - start
        squeezed, previous = [], start
        for t in times:
            value = max(previous + 1, start + int((t - start) * room / span))
            squeezed.append(value)
            previous = value
        return squeezed

    def _summary(self, kind: str, step, source: str) -> str:
        key = (kind, step.action, source)
        text = self.summaries.get(key)
        if text is None:
            workflow = self.specs[kind].workflow
            # The same wording as casework.services.transition.
            text = self.summaries[key] = (
                f"{step.label}：{workflow.state(source).label} → {workflow.state(step.target).label}"
            )
        return text

    def _assign_data(self, department: int, due_day: int) -> str:
        """The assign event's details, as casework.services.transition records them."""
        key = (department, due_day)
        data = self.assign_data.get(key)
        if data is None:
            payload = {
                "department": {"id": department, "name": self.catalogue.department_names.get(department, "")},
                "deadline": self.deadlines.iso_deadline(due_day),
            }
            data = self.assign_data[key] = json.dumps(payload, cls=DjangoJSONEncoder)
        return data

    def _created_summary(self, kind: str) -> str:
        key = (kind, "", "")
        text = self.summaries.get(key)
        if text is None:
            workflow = self.specs[kind].workflow
            text = self.summaries[key] = _("Created as %(status)s") % {"status": workflow.state(workflow.initial).label}
        return text

    # --- one case -------------------------------------------------------------------------------------


def seed_demo(cases: int, **options) -> DemoResult:
    """Add ``cases`` demo cases; see the module docstring. Options as for ``DemoSeeder``."""
    return DemoSeeder(cases, **options).run()
