"""A case's supervision rows: extensions, co-handling and progress reports."""

from __future__ import annotations

from jinzhou.casework.choices import CoHandlingStatus, ExtensionStatus
from seeds.demo.mix import (
    CADENCE_DAYS,
    CLOSED_STATE,
    CO_HANDLING,
    DAY,
    EXTENSION,
    EXTENSION_REASONS,
    FEEDBACKS,
    PROGRESS,
    PROGRESS_TEXTS,
    WORK_DONE_ACTIONS,
)


class SupervisionRows:
    """Mixed into ``DemoSeeder``: extensions, co-handling and progress reports of one case."""

    def _extension(self, case_id, events, kind, assigned_at, moments, original_day, due_day, actors) -> int:
        """An approved extension from ``original_day`` to ``due_day``; returns the saves it made."""
        rng, db, deadlines = self.rng, self.clock.db, self.deadlines
        original_end = deadlines.due_moment(original_day)
        # Requested while the deadline ran, before the work was handed in.
        running_until = min(original_end, moments.get(WORK_DONE_ACTIONS[kind], self.now), self.now)
        requested = self._between(assigned_at, running_until)
        decided = min(self._later(requested, 1.5), self.now - 1)
        if moments.get(WORK_DONE_ACTIONS[kind]):
            decided = min(decided, moments[WORK_DONE_ACTIONS[kind]] - 1)
        decided = max(decided, requested + 1)
        reason = EXTENSION_REASONS[int(rng.random() * len(EXTENSION_REASONS))]
        new_due = deadlines.due_moment(due_day)
        self.extension_table.add(
            (
                case_id,
                actors["responsible"],
                db(requested),
                db(original_end),
                db(new_due),
                reason,
                ExtensionStatus.APPROVED.value,
                actors["assigner"],
                db(decided),
                "",
            )
        )
        old, new = self.clock.iso_day(original_end), self.clock.iso_day(new_due)
        events.append(
            (
                requested,
                EXTENSION,
                "request_extension",
                "",
                "",
                actors["responsible"],
                self.text_extension_requested % {"old": old, "new": new},
                reason,
                self.empty_data,
            )
        )
        events.append(
            (
                decided,
                EXTENSION,
                "approve_extension",
                "",
                "",
                actors["assigner"],
                self.text_extension_approved % {"new": new},
                "",
                self.empty_data,
            )
        )
        return 1

    def _pending_extension(self, case_id, events, assigned_at, moments, due_day, actors) -> bool:
        """A request waiting for a decision (the case shows yellow); False if there was no time for one."""
        rng, db, deadlines = self.rng, self.clock.db, self.deadlines
        requested = self._between(max(assigned_at, self.now - 5 * DAY), self.now)
        if moments and requested <= max(moments.values()):
            requested = max(moments.values()) + 60
            if requested >= self.now:
                return False
        current = deadlines.due_moment(due_day)
        new_due = deadlines.due_moment(deadlines.add(max(due_day, self.today_index), 10))
        reason = EXTENSION_REASONS[int(rng.random() * len(EXTENSION_REASONS))]
        self.extension_table.add(
            (
                case_id,
                actors["responsible"],
                db(requested),
                db(current),
                db(new_due),
                reason,
                ExtensionStatus.PENDING.value,
                None,
                None,
                "",
            )
        )
        events.append(
            (
                requested,
                EXTENSION,
                "request_extension",
                "",
                "",
                actors["responsible"],
                self.text_extension_requested
                % {"old": self.clock.iso_day(current), "new": self.clock.iso_day(new_due)},
                reason,
                self.empty_data,
            )
        )
        return True

    def _co_handling(self, case_id, events, department, assigned_at, moments, due_day, state) -> None:
        rng, cat, db = self.rng, self.catalogue, self.clock.db
        others = [pk for pk in cat.handling_departments if pk != department]
        if not others or assigned_at is None:
            return
        helper = others[int(rng.random() * len(others))]
        added = self._later(assigned_at, 1.0)
        if added >= self.now:
            return
        sub_day = max(added // DAY + 1, self.deadlines.add(due_day, -2))
        sub_due = self.deadlines.due_moment(min(sub_day, due_day))
        finished = state in (CLOSED_STATE, "resolution_submitted", "submitted")
        feedback_at = None
        if finished or rng.random() < 0.5:
            feedback_at = min(self._later(added, 3.0), self.now - 1)
        name = cat.department_names.get(helper, "")
        events.append(
            (
                added,
                CO_HANDLING,
                "add_co_handler",
                "",
                "",
                cat.office_user,
                self.text_co_handling % {"department": name, "date": self.clock.iso_day(sub_due)},
                "",
                self.empty_data,
            )
        )
        feedback = ""
        helper_user = cat.department_users.get(helper)
        if feedback_at is not None:
            feedback = FEEDBACKS[int(rng.random() * len(FEEDBACKS))]
            events.append(
                (
                    feedback_at,
                    CO_HANDLING,
                    "co_handling_feedback",
                    "",
                    "",
                    helper_user,
                    self.text_feedback % {"department": name},
                    feedback,
                    self.empty_data,
                )
            )
        self.co_handling_table.add(
            (
                case_id,
                helper,
                db(sub_due),
                (CoHandlingStatus.DONE if feedback_at is not None else CoHandlingStatus.PENDING).value,
                feedback,
                helper_user if feedback_at is not None else None,
                db(feedback_at),
            )
        )

    def _progress(self, case_id, events, cadence, moments, state, light_target, worker):
        """Progress reports of a chain task; returns (next report due, progress %, reports made)."""
        rng, db, deadlines = self.rng, self.clock.db, self.deadlines
        started = moments.get("start")
        if started is None:
            return None, 0, 0
        handed_in = moments.get("submit")
        returned = moments.get("return")
        end = handed_in if handed_in is not None else self.now
        reports: list[tuple[int, int]] = []
        count = int(rng.random() * 3)
        for _index in range(count):
            reports.append((self._between(started, end), 10 + int(rng.random() * 80)))
        reports.sort()
        if handed_in is not None and rng.random() < 0.7:
            reports.append((self._between(max([started] + [r[0] for r in reports]), handed_in), 100))
        # The reporting clock restarts when work starts and when the result is returned.
        cycle_start = returned if state == "returned" else started
        report_due = None
        if state in ("in_progress", "returned"):
            last = max([cycle_start] + [r[0] for r in reports if r[0] > cycle_start])
            if light_target != "red" and deadlines.next_report(cadence, last) < self.now:
                # A task that is not overdue has reported within its cadence.
                window = max(DAY, int(CADENCE_DAYS[cadence] * DAY * 0.8))
                moment = self._between(max(last, self.now - window), self.now)
                reports.append((moment, 10 + int(rng.random() * 80)))
                last = moment
            report_due = deadlines.next_report(cadence, last)
        progress = 0
        due = deadlines.next_report(cadence, started)
        for moment, percent in sorted(reports):
            text = PROGRESS_TEXTS[int(rng.random() * len(PROGRESS_TEXTS))]
            self.report_table.add((case_id, percent, text, worker, db(moment), db(due)))
            events.append(
                (
                    moment,
                    PROGRESS,
                    "",
                    "",
                    "",
                    worker,
                    self.text_progress % {"percent": percent},
                    text,
                    self.empty_data,
                )
            )
            progress = percent
            due = deadlines.next_report(cadence, moment)
        return report_due, progress, len(reports)
