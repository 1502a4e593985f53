"""Admin registrations of the alliances app. Each module registers its ModelAdmins when imported."""

from alliances import admin_alliances, admin_evaluations  # noqa: F401
