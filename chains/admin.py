"""Admin registrations of the chains app. Each module registers its ModelAdmins when imported."""

from chains import admin_cases, admin_catalogue  # noqa: F401
