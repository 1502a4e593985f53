"""Workflows as data: the vocabulary every kind of case uses to declare its states and transitions.

A kind declares, once, its states, its transitions (sources → target), who may fire each (actor
relations, see ``casework.permissions``), what each requires (inputs), and what follows (effects,
see ``casework.effects``). ``casework.services.transition`` is the only code that executes them;
the admin buttons, the portal and the API list what ``casework.services.available_transitions``
returns (the transitions from the case's state whose actors include the visitor's relations).

Besides its transitions, a state allows *operations*: the other writes a case takes while it is in
that state (a comment, a file, an extension request, co-handling, a supervision notice, a progress
report, or a kind's own such as a challenge's eligibility check). The engine's operations are open
by default where they make sense (``ENGINE_OPERATIONS``); a state adds more with ``allows``. The
service of each operation checks ``Case.allows(operation)`` and exports ``may_<operation>(case,
user)``, which the admin and the portal ask before offering a form. ``casework.checks`` validates
every registered workflow at start-up.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise

# The engine's operations, and where each is open unless a workflow says more (``State.allows``).
COMMENT = "comment"  # every state
ATTACHMENT = "attachment"  # every state
CO_HANDLING = "co_handling"  # every open (non-terminal) state
ESCALATION = "escalation"  # every open state
EXTENSION_REQUEST = "extension_request"  # the states where the deadline runs (``deadline_states``)
PROGRESS_REPORT = "progress_report"  # only where a state allows it
ENGINE_OPERATIONS = frozenset({COMMENT, ATTACHMENT, CO_HANDLING, ESCALATION, EXTENSION_REQUEST, PROGRESS_REPORT})


@dataclass(frozen=True)
class State:
    code: str
    label: str | Promise
    terminal: bool = False
    # Not yet put forward: its reporter may still edit the case's fields (``CaseQuerySet.editable_by``).
    draft: bool = False
    # Operations this state allows beyond the engine's defaults: ``PROGRESS_REPORT`` or the kind's own
    # (``Workflow.operations``), e.g. ``allows={"eligibility_check"}``.
    allows: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Declarations write a set literal; kept frozen so that a State stays hashable.
        object.__setattr__(self, "allows", frozenset(self.allows))


@dataclass(frozen=True)
class Input:
    """Something a transition needs from the actor.

    ``kind`` is one of: ``text`` (non-blank text), ``deadline`` (given as ``due_date`` or as
    ``due_in_working_days``, exactly one of the two), ``department`` (a department id), ``date``,
    ``user`` (a user id), ``departments`` (a list of department ids), ``decimal`` (a non-negative
    amount).

    ``choices`` ((value, label) pairs) restricts a text input to those values. Whatever the
    cleaning refuses must be declared here, so that a client following ``GET …/transitions/``
    never sends a value that fails (a test walks every workflow to hold that).
    ``member_of`` names the department input a ``user`` input must belong to: a responsible person
    is on the staff of the responsible department, or they would act with rights that are not theirs.
    """

    name: str
    kind: str
    label: str | Promise
    required: bool = True
    help_text: str | Promise = ""
    choices: tuple[tuple[str, str | Promise], ...] = ()
    member_of: str = ""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    actors: tuple[str, ...]
    inputs: tuple[Input, ...] = ()
    effects: tuple[str, ...] = ()
    # Shown as a warning-coloured button (returns, send-backs) in the admin and the portal.
    style: str = "default"


@dataclass(frozen=True)
class Workflow:
    kind: str
    states: tuple[State, ...]
    initial: str
    transitions: tuple[Transition, ...]
    # States in which the deadline runs: the reminders follow it, and extensions may be requested.
    deadline_states: tuple[str, ...] = ()
    # The kind's own operations (named in its states' ``allows``), besides the engine's.
    operations: tuple[str, ...] = ()
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        codes = {state.code for state in self.states}
        if self.initial not in codes:
            raise ValueError(f"{self.kind}: initial state {self.initial!r} is not declared")
        actions = set()
        for transition in self.transitions:
            if transition.action in actions:
                raise ValueError(f"{self.kind}: action {transition.action!r} declared twice")
            actions.add(transition.action)
            unknown = (set(transition.sources) | {transition.target}) - codes
            if unknown:
                raise ValueError(f"{self.kind}.{transition.action}: unknown states {sorted(unknown)}")
        self._index.update({t.action: t for t in self.transitions})

    def state(self, code: str) -> State:
        for state in self.states:
            if state.code == code:
                return state
        return State(code, code)

    def transition(self, action: str) -> Transition | None:
        return self._index.get(action)

    def from_state(self, status: str) -> list[Transition]:
        return [t for t in self.transitions if status in t.sources]

    def is_terminal(self, status: str) -> bool:
        return self.state(status).terminal

    def operations_in(self, status: str) -> frozenset[str]:
        """Every operation a case in ``status`` allows: the engine's defaults and the state's own."""
        state = self.state(status)
        allowed = {COMMENT, ATTACHMENT, *state.allows}
        if not state.terminal:
            allowed |= {CO_HANDLING, ESCALATION}
        if status in self.deadline_states:
            allowed.add(EXTENSION_REQUEST)
        return frozenset(allowed)

    def allows(self, status: str, operation: str) -> bool:
        """Whether a case in ``status`` allows ``operation``; an operation nobody declared is a bug."""
        if operation not in ENGINE_OPERATIONS and operation not in self.operations:
            raise LookupError(f"{self.kind}: unknown operation {operation!r}")
        return operation in self.operations_in(status)

    def states_allowing(self, operation: str) -> tuple[str, ...]:
        """The states in which ``operation`` is allowed, for a query (``status__in=``)."""
        return tuple(state.code for state in self.states if self.allows(state.code, operation))

    @property
    def waiting_states(self) -> tuple[str, ...]:
        """The states in which the case waits for the office's (or the assigner's) decision, e.g. a
        submitted resolution: no deadline runs, and every step out of it is the deciders', none the
        responsible department's or the reporter's. The rates count such a case against the office."""
        handlers = {"responsible", "reporter"}
        return tuple(
            state.code
            for state in self.states
            if not state.terminal
            and not state.draft
            and state.code not in self.deadline_states
            and self.from_state(state.code)
            and not any(handlers & set(step.actors) for step in self.from_state(state.code))
        )

    def is_return(self, step: Transition) -> bool:
        """Whether ``step`` sends the case back to be done again (退回, 退办): a warning step with a
        required note that neither hands the case to another department nor leaves or reopens a
        closed case."""
        terminal = {state.code for state in self.states if state.terminal}
        return (
            step.style == "warning"
            and any(spec.name == "note" and spec.required for spec in step.inputs)
            and not any(spec.kind == "department" for spec in step.inputs)
            and step.target not in terminal
            and not terminal & set(step.sources)
        )

    @property
    def draft_states(self) -> tuple[str, ...]:
        return tuple(state.code for state in self.states if state.draft)

    @property
    def status_choices(self) -> list[tuple[str, str]]:
        return [(state.code, state.label) for state in self.states]
