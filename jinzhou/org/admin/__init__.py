"""The org app's admin: the org chart and API keys (chart.py), the chain catalogue (catalogue.py).
Importing the modules registers them."""

from jinzhou.org.admin import catalogue, chart  # noqa: F401
