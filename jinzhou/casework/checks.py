"""The system check of the declared workflows (``manage.py check``, and every start of the server).

A workflow is data, so a typo in it would otherwise surface only when someone presses the button.
Each registered kind's workflow is checked once its apps are ready (their effects registered):

casework.E001  a transition names an actor relation that ``casework.permissions`` does not know
casework.E002  a transition names an effect that neither the engine (``casework.effects``) nor its kind
               (``KindSpec.effects``) has
casework.E003  a transition into a terminal state from an open one does not close the case (``close``)
casework.E004  a state cannot be reached from the initial state
casework.E005  a state allows an operation that is neither the engine's nor declared by the workflow
casework.E006  ``deadline_states`` names a state the workflow does not declare
casework.E007  a transition out of terminal states into an open one does not reopen the case (``reopen``)
"""

from django.core.checks import Error, register

from jinzhou.casework.workflows import ENGINE_OPERATIONS, Workflow

CLOSE = "close"
REOPEN = "reopen"


def check_workflow(workflow: Workflow, *, relations=None, effects=None) -> list[Error]:
    """The problems of one workflow (``relations``/``effects``: the known names, default the engine's;
    a registered kind adds its own effects)."""
    from jinzhou.casework.effects import EFFECTS
    from jinzhou.casework.permissions import RELATIONS

    relations = RELATIONS if relations is None else relations
    effects = EFFECTS if effects is None else effects
    errors: list[Error] = []
    terminal = {state.code for state in workflow.states if state.terminal}

    def error(message: str, code: int, hint: str = "") -> None:
        errors.append(Error(message, hint=hint or None, obj=workflow.kind, id=f"casework.E{code:03d}"))

    for step in workflow.transitions:
        where = f"{workflow.kind}.{step.action}"
        for actor in sorted(set(step.actors) - set(relations)):
            error(f"{where}: unknown actor {actor!r}", 1, f"Known relations: {', '.join(sorted(relations))}.")
        for name in step.effects:
            if name not in effects:
                error(
                    f"{where}: unknown effect {name!r}",
                    2,
                    "Give it in the kind's KindSpec.effects, or use one of casework.effects.EFFECTS.",
                )
        opens = set(step.sources) - terminal
        if step.target in terminal and opens and CLOSE not in step.effects:
            error(f"{where}: ends the case in {step.target!r} without the {CLOSE!r} effect", 3)
        if step.target not in terminal and set(step.sources) & terminal and REOPEN not in step.effects:
            error(f"{where}: leaves a terminal state for {step.target!r} without the {REOPEN!r} effect", 7)

    reached, frontier = {workflow.initial}, [workflow.initial]
    while frontier:
        status = frontier.pop()
        for step in workflow.from_state(status):
            if step.target not in reached:
                reached.add(step.target)
                frontier.append(step.target)
    for state in workflow.states:
        if state.code not in reached:
            error(f"{workflow.kind}: state {state.code!r} cannot be reached from {workflow.initial!r}", 4)

    known = ENGINE_OPERATIONS | set(workflow.operations)
    for state in workflow.states:
        for operation in sorted(state.allows - known):
            error(
                f"{workflow.kind}.{state.code}: unknown operation {operation!r}",
                5,
                "Declare a kind's own operations in Workflow.operations.",
            )
    codes = {state.code for state in workflow.states}
    for status in workflow.deadline_states:
        if status not in codes:
            error(f"{workflow.kind}: deadline state {status!r} is not declared", 6)
    return errors


@register("casework")
def check_workflows(app_configs=None, **kwargs) -> list[Error]:
    """Every registered kind's workflow (``casework.kinds``)."""
    from jinzhou.casework.effects import EFFECTS
    from jinzhou.casework.kinds import all_kinds

    errors: list[Error] = []
    for spec in all_kinds():
        errors.extend(check_workflow(spec.workflow, effects={**EFFECTS, **spec.effects}))
    return errors
