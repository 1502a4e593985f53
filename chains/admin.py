"""Admin registrations of the chains app. Each module registers its ModelAdmins when imported."""

from chains import admin_cases  # noqa: F401
