"""One case's rows: the case, its title, its timeline along the workflow, its deadline."""

from __future__ import annotations

from jinzhou.casework.choices import Source
from seeds.demo.catalogue import _Chain, closed_share, realistic_closed_share, red_share
from seeds.demo.mix import (
    BOTTLENECK_TITLES,
    CLOSE_DAYS,
    CLOSED_LATE_SHARE,
    CLOSED_STATE,
    CO_HANDLING_SHARE,
    CREATED,
    DAY,
    DESCRIPTION_DETAILS,
    EXPECTED_OUTPUTS,
    EXTENSION_SHARE,
    GENERIC_BOTTLENECK_TITLES,
    LIMITS,
    LONG_EXTENSION_SHARE,
    LONGEST_LIMIT,
    OTHER_DEPARTMENT_SHARE,
    PENDING_EXTENSION_SHARE,
    RESOLUTIONS,
    RESULTS,
    RETURN_NOTES,
    STEP_DAYS,
    TASK_TITLES,
    TRANSITION,
    WORK_DONE_ACTIONS,
    YOUNG_DAYS,
)


class CaseRows:
    """Mixed into ``DemoSeeder``: builds one case's rows."""

    def _case(self, case_id: int, kind: str, created: int, reference: str) -> None:
        rng, cat, spec = self.rng, self.catalogue, self.specs[kind]
        age = (self.now - created) / DAY
        chain = cat.chains[int(rng.random() * len(cat.chains))]
        priority = self._pick(self.priorities)
        source = self._pick(self.sources[kind])
        closing = realistic_closed_share(age, self.count) if self.mix == "realistic" else closed_share(age)
        if self.open_for_id is not None:
            # One department's queue: open, and in a state the department holds (assigned to it, below).
            state = self._pick(self.assigned_states[kind][0 if age < YOUNG_DAYS else 1])
        elif rng.random() < closing:
            state = CLOSED_STATE
        else:
            state = self._pick(self.open_states[kind][0 if age < YOUNG_DAYS else 1])
        path = self.paths[kind][state]
        actions = [step.action for step in path]

        # Who: the reporter, the office, the responsible department and its person.
        enterprise_id = enterprise_name = None
        reporter = None
        if kind == "bottleneck" and source == Source.ENTERPRISE:
            choices = cat.enterprises.get(chain.id)
            if choices:
                enterprise_id, enterprise_name = choices[int(rng.random() * len(choices))]
                reporter = cat.enterprise_users.get(enterprise_id)
            else:
                source = Source.DEPARTMENT
        office = cat.office_user
        if kind == "bottleneck" and reporter is None and source == Source.DEPARTMENT:
            reporter = cat.department_users.get(chain.leader_department_id)
        assigned = kind == "task" or "assign" in actions
        department = person = None
        if assigned:
            department = chain.leader_department_id
            if rng.random() < OTHER_DEPARTMENT_SHARE and cat.handling_departments:
                department = cat.handling_departments[int(rng.random() * len(cat.handling_departments))]
            if self.open_for_id is not None:
                department = self.open_for_id
            candidate = cat.department_users.get(department)
            person = candidate if candidate and rng.random() < 0.6 else None
        worker = person or cat.department_users.get(department)
        created_by = (reporter or office) if kind == "bottleneck" else office
        actors = {
            "reporter": reporter,
            "office": office,
            "responsible": worker,
            "assigner": office,
        }

        # When: each step after the previous, squeezed before now if need be; then the deadline.
        title = self._title(kind, chain, created, enterprise_name)
        times, due_day, original_day, light_target = self._timeline(kind, state, path, created, priority, age)
        moments = dict(zip(actions, times, strict=True))
        events: list[tuple] = []
        initial = spec.workflow.initial
        events.append(
            (
                created,
                CREATED,
                "",
                "",
                initial,
                created_by,
                self._created_summary(kind),
                "",
                self.created_data,
            )
        )
        version = 1
        previous = initial
        notes: dict[str, str] = {}
        for step, t in zip(path, times, strict=True):
            actor = actors.get(step.actors[0]) if step.actors else None
            if step.action == "submit" and kind == "bottleneck":
                actor = reporter or office
            note, data = "", self.empty_data
            if step.action == "return":
                note = RETURN_NOTES[kind][int(rng.random() * len(RETURN_NOTES[kind]))]
            elif step.action == "submit_resolution":
                note = RESOLUTIONS[int(rng.random() * len(RESOLUTIONS))]
            elif kind == "task" and step.action == "submit":
                note = RESULTS[int(rng.random() * len(RESULTS))]
            elif step.action == "assign":
                data = self._assign_data(department, original_day if original_day is not None else due_day)
            notes[step.action] = note
            summary = self._summary(kind, step, previous)
            events.append((t, TRANSITION, step.action, previous, step.target, actor, summary, note, data))
            previous = step.target
            version += 1

        assigned_at = created if kind == "task" else moments.get("assign")
        closed_at = moments.get("close")
        acknowledged_at = moments.get("acknowledge")
        resolution = notes.get("submit_resolution", "") if kind == "bottleneck" else ""

        # Deadline, extensions and co-handling.
        due_at = original_due_at = warn_at = None
        pending = False
        if due_day is not None:
            due_at = self.deadlines.due_moment(due_day)
            warn_at = self.deadlines.warn_moment(kind, due_day)
            original_due_at = self.deadlines.due_moment(original_day if original_day is not None else due_day)
            if original_day is not None:
                version += self._extension(case_id, events, kind, assigned_at, moments, original_day, due_day, actors)
            elif state in spec.workflow.deadline_states and rng.random() < PENDING_EXTENSION_SHARE:
                pending = self._pending_extension(case_id, events, assigned_at, moments, due_day, actors)
            if rng.random() < CO_HANDLING_SHARE:
                self._co_handling(case_id, events, department, assigned_at, moments, due_day, state)

        # Chain tasks: progress reports and the next report due.
        report_due_at = None
        progress = 0
        if kind == "task":
            cadence = self._pick(self.cadences)
            report_due_at, progress, reports = self._progress(
                case_id, events, cadence, moments, state, light_target, worker
            )
            version += reports
            self.task_table.add(
                (case_id, EXPECTED_OUTPUTS[int(rng.random() * len(EXPECTED_OUTPUTS))], cadence, progress)
            )
        else:
            self.bottleneck_table.add(
                (case_id, self._pick(self.bottleneck_kinds), int(self._pick(self.severities)), resolution)
            )
            if enterprise_id:
                self.enterprise_table.add((case_id, enterprise_id))
                self.affected_table.add((case_id, enterprise_id))

        events.sort(key=lambda event: event[0])
        db = self.clock.db
        for t, event_kind, action, from_status, to_status, actor, summary, note, data in events:
            self.event_table.add(
                (case_id, event_kind, action, from_status, to_status, actor, db(t), summary, note, data)
            )
        last = events[-1]
        is_open = state != CLOSED_STATE
        # ``Case.handed_in_at``: the last step into a waiting state, by the close (as the migration fills it).
        waiting = spec.workflow.waiting_states
        hand_ins = [
            event[0]
            for event in events
            if event[1] == TRANSITION and event[4] in waiting and (closed_at is None or event[0] <= closed_at)
        ]
        handed_in_at = max(hand_ins) if hand_ins else None
        description = (
            f"{chain.name}产业链：{title}。{DESCRIPTION_DETAILS[int(rng.random() * len(DESCRIPTION_DETAILS))]}"
        )
        self.case_table.add(
            (
                case_id,
                kind,
                reference,
                title,
                description,
                state,
                is_open,
                int(priority),
                str(source),
                chain.id,
                reporter if kind == "bottleneck" else None,
                enterprise_id,
                department,
                person,
                office if assigned else None,
                db(assigned_at),
                db(acknowledged_at),
                db(due_at),
                db(original_due_at),
                db(warn_at),
                db(report_due_at),
                version,
                created_by,
                last[5],
                db(created),
                db(last[0]),
                db(closed_at),
                db(handed_in_at),
            )
        )
        result = self.result
        result.events += len(events)
        result.by_kind[kind] += 1
        result.by_status[f"{kind}:{state}"] += 1
        if not is_open:
            result.by_light["grey"] += 1
            if due_at is not None and closed_at > due_at:
                result.closed_late += 1
        elif (due_at is not None and due_at < self.now) or (report_due_at is not None and report_due_at < self.now):
            result.by_light["red"] += 1
        elif (warn_at is not None and warn_at <= self.now) or pending:
            result.by_light["yellow"] += 1
        else:
            result.by_light["green"] += 1

    def _title(self, kind: str, chain: _Chain, created: int, enterprise_name: str | None) -> str:
        rng = self.rng
        if kind == "task":
            template = TASK_TITLES[int(rng.random() * len(TASK_TITLES))]
            year = self.clock.date(created // DAY).year
            return template.format(chain=chain.name, year=year, n=1 + int(rng.random() * 30))
        titles = BOTTLENECK_TITLES.get(chain.industry, GENERIC_BOTTLENECK_TITLES)
        if rng.random() < 0.2:
            titles = GENERIC_BOTTLENECK_TITLES
        title = titles[int(rng.random() * len(titles))]
        if enterprise_name and rng.random() < 0.5:
            title = f"{enterprise_name}反映{title}"
        return title[:200]

    def _timeline(self, kind, state, path, created, priority, age):
        """The moments of the path's steps, and the deadline (due day, original day if extended)."""
        rng, deadlines = self.rng, self.deadlines
        actions = [step.action for step in path]
        means = STEP_DAYS[kind]
        work_done = WORK_DONE_ACTIONS[kind]
        has_deadline = kind == "task" or "assign" in actions
        limit = rng.choice(LIMITS[kind][int(priority)])
        closed = state == CLOSED_STATE
        # Steps up to the start of the work, at their usual pace.
        times, t = [], created
        for action in actions:
            if action in (work_done, "close"):
                break
            t = self._later(t, means.get(action, 1.0))
            times.append(t)
        if not has_deadline:
            return self._squeeze(created, times), None, None, "green"

        assigned_day = (created if kind == "task" else times[actions.index("assign")]) // DAY
        if closed:
            due_day = deadlines.add(assigned_day, limit)
            due_end = deadlines.due_moment(due_day)
            start = times[-1] if times else created
            rest = actions[len(times) :]
            for action in rest:
                if action == work_done:
                    if rng.random() < CLOSED_LATE_SHARE:
                        t = self._later(due_end, 6.0)
                    else:
                        t = self._between(start, max(start + 3600, due_end - 3600))
                elif action == "close":
                    t = self._later(t, CLOSE_DAYS)
                else:
                    t = self._later(t, means.get(action, 1.0))
                times.append(t)
            squeezed = self._squeeze(created, times)
            if squeezed is not times:
                times = squeezed
                if kind == "bottleneck":
                    assigned_day = times[actions.index("assign")] // DAY
                due_day = deadlines.add(assigned_day, limit)
            return times, due_day, None, "grey"

        # Open: the remaining steps happen before now; the deadline gives the light aimed for.
        for action in actions[len(times) :]:
            t = self._later(t, 4.0 if action == work_done else means.get(action, 1.0))
            times.append(t)
        times = self._squeeze(created, times)
        if kind == "bottleneck":
            assigned_day = times[actions.index("assign")] // DAY
        target = "red" if rng.random() < red_share(age) else ("yellow" if rng.random() < 0.2 else "green")
        due_day = self._due_for(kind, target, assigned_day, limit)
        if due_day is None:
            target = "green"
            due_day = self._due_for(kind, target, assigned_day, limit)
        original_day = None
        if target != "red" and deadlines.add(assigned_day, LONGEST_LIMIT) < due_day:
            overdue = None if rng.random() < LONG_EXTENSION_SHARE else self._due_for(kind, "red", assigned_day, limit)
            if overdue is None:
                # Only an approved extension gets a deadline this far from the assignment.
                original_day = deadlines.add(assigned_day, limit)
            else:
                target, due_day = "red", overdue
        elif due_day - assigned_day > 10 and rng.random() < EXTENSION_SHARE:
            original_day = deadlines.add(assigned_day, max(1, int(limit * 0.6)))
            if original_day >= due_day:
                original_day = None
        return times, due_day, original_day, target

    def _due_for(self, kind: str, target: str, assigned_day: int, limit: int) -> int | None:
        """A due day after ``assigned_day`` that shows the ``target`` light today, or None."""
        rng, deadlines, today = self.rng, self.deadlines, self.today_index
        if target == "red":
            due_day = deadlines.add(assigned_day, limit)
            if due_day < today:
                return due_day
            latest = today - 1
            if deadlines.add(assigned_day, 1) > latest:
                return None
            return max(deadlines.add(assigned_day, 1), latest - int(rng.random() * 20))
        if target == "yellow":
            for offset in range(int(rng.random() * (self.specs[kind].yellow_days + 1)), -1, -1):
                due_day = deadlines.add(today, offset)
                if due_day > assigned_day and deadlines.warn_moment(kind, due_day) <= self.now:
                    return due_day
            return None
        due_day = deadlines.add(assigned_day, limit)
        if deadlines.warn_moment(kind, due_day) > self.now:
            return due_day
        # Past its usual deadline but not overdue: it was given a later one.
        return deadlines.add(today, self.specs[kind].yellow_days + 1 + int(rng.random() * 40))
