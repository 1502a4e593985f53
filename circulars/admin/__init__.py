from circulars.admin import circulars  # noqa: F401
