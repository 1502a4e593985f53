"""Admin registrations of the chains app: the chains' cases and figure reports. The catalogue's admin
is the org chart's (``jinzhou/org/admin/catalogue.py``)."""

from chains.admin import cases, reports  # noqa: F401
