"""Admin registrations of the projects app, one module per aggregate; importing registers them."""

from projects.admin import applications, challenges, funds, investment  # noqa: F401
