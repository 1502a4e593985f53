"""Workflows as data: the vocabulary every kind of case uses to declare its states and transitions.

A kind declares, once, its states, its transitions (sources → target), who may fire each (actor
relations, see ``casework.permissions``), what each requires (inputs), and what follows (effects,
see ``casework.effects``). ``casework.services.transition`` is the only code that executes them;
the admin buttons, the portal and the API list what ``Workflow.available`` returns.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class State:
    code: str
    label: str | Promise
    terminal: bool = False
    # Not yet put forward: its reporter may still edit the case's fields (``CaseQuerySet.editable_by``).
    draft: bool = False


@dataclass(frozen=True)
class Input:
    """Something a transition needs from the actor.

    ``kind`` is one of: ``text`` (non-blank text), ``deadline`` (given as ``due_date`` or as
    ``due_in_working_days``), ``department`` (a department id), ``date``, ``user`` (a user id),
    ``departments`` (a list of department ids).
    """

    name: str
    kind: str
    label: str | Promise
    required: bool = True
    help_text: str | Promise = ""


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
    # States in which the deadline runs, so extensions may be requested.
    deadline_states: tuple[str, ...] = ()
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

    @property
    def draft_states(self) -> tuple[str, ...]:
        return tuple(state.code for state in self.states if state.draft)

    @property
    def status_choices(self) -> list[tuple[str, str]]:
        return [(state.code, state.label) for state in self.states]
