"""What the projects' services share: who the bureaus are, and who acts for a case's bureau."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.permissions import relations
from jinzhou.org.models import Department

BUREAU_RELATIONS = frozenset({"responsible", "office"})


def bureau(code: str) -> Department:
    """The department with org-chart ``code`` (e.g. ``most`` for 科技局); a clear error if it is missing."""
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise ValidationError(
            _("The department with code “%(code)s” is missing from the org chart; run seed_jinzhou or add it.")
            % {"code": code}
        )
    return department


def require_bureau(case, user, message: str) -> None:
    """Refuse unless ``user`` acts for the case's responsible department (or the office)."""
    if not relations(case, user) & BUREAU_RELATIONS:
        raise ActionRefused(message)
