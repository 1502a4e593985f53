"""Admin registrations of the alliances app. Each module registers its ModelAdmins when imported."""

from alliances.admin import alliances, evaluations  # noqa: F401
