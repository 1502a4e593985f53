"""The org app's admin: the org chart and API keys (chart.py), the chain catalogue (catalogue.py),
主体培育: designations and cultivation lists (cultivation.py). Importing the modules registers them."""

from jinzhou.org.admin import catalogue, chart, cultivation  # noqa: F401
