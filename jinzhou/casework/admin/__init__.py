"""Admin registrations of the case engine, one module per aggregate."""

from jinzhou.casework.admin import calendar  # noqa: F401 - importing registers the ModelAdmins
