"""Errors of the case services, each with a message a clerk understands.

The admin shows them as messages, the portal next to the form, the API as problem+json
(404 for ``CaseNotFound``, 409 for ``VersionConflict``/``TransitionNotAllowed``, 403 for
``ActionRefused``, 400 with per-field errors for ``django.core.exceptions.ValidationError``).
"""

from django.http import Http404

from jinzhou.org.exceptions import Refused


class CaseError(Exception):
    """Base of the case services' refusals."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CaseNotFound(CaseError, Http404):
    """The case does not exist, or is outside the actor's scope (the two must look the same)."""


class VersionConflict(CaseError):
    """Someone else changed the case since the actor loaded it."""


class TransitionNotAllowed(CaseError):
    """The action does not apply to the case in its current status."""


class ActionRefused(CaseError, Refused):
    """The actor may see the case but not do this to it."""
