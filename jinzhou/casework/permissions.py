"""How a user relates to a case: the relations that workflows name in ``Transition.actors``.

``office``            staff of the leading-group office (and superusers)
``leading_group``     members of the leading group
``task_force_leader`` the leader of the task force of the case's industry
``responsible``       staff of the responsible department, or the responsible person
``responsible_department`` staff of the responsible department only (not a responsible person from
                      elsewhere, e.g. an alliance's contact at its lead enterprise who owes a self-assessment)
``co_handler``        staff of a co-handling department
``reporter``          the reporting user, or a user of the reporting enterprise
``assigner``          the user who assigned the case
"""

from jinzhou.org.choices import Role
from jinzhou.org.selectors import actor_for

# Every relation ``relations`` can find: the names a workflow may use in ``Transition.actors``.
RELATIONS = frozenset(
    {
        "office",
        "leading_group",
        "task_force_leader",
        "responsible",
        "responsible_department",
        "co_handler",
        "reporter",
        "assigner",
    }
)


def relations(case, user) -> frozenset[str]:
    actor = actor_for(user)
    if actor.user_id is None:
        return frozenset()
    found: set[str] = set()
    if actor.is_office:
        found.add("office")
    if Role.LEADING_GROUP in actor.roles:
        found.add("leading_group")
    if case.chain_id and actor.industry_ids:
        industry_id = case.chain.industry_id
        if industry_id in actor.industry_ids:
            found.add("task_force_leader")
    if case.responsible_person_id == actor.user_id or (
        actor.department_id and case.responsible_department_id == actor.department_id
    ):
        found.add("responsible")
    if actor.department_id and case.responsible_department_id == actor.department_id:
        found.add("responsible_department")
    if actor.department_id and case.pk and case.co_handlings.filter(department_id=actor.department_id).exists():
        found.add("co_handler")
    if case.reporter_id == actor.user_id or (
        actor.enterprise_id and case.reporter_enterprise_id == actor.enterprise_id
    ):
        found.add("reporter")
    if case.assigned_by_id and case.assigned_by_id == actor.user_id:
        found.add("assigner")
    return frozenset(found)
