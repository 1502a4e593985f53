"""Admin registrations of the chains app: the chains' cases. The catalogue's admin is the org app's
(``jinzhou.org.admin``)."""

from chains.admin import cases  # noqa: F401
