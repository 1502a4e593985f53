"""Admin registrations of the assessment app; importing registers them."""

from assessment.admin import assessments, targets  # noqa: F401
