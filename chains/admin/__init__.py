"""Admin registrations of the chains app: the chains' cases. The catalogue's admin is the org chart's
(``jinzhou/org/admin/catalogue.py``)."""

from chains.admin import cases  # noqa: F401
