"""What the API machinery stores, one module per aggregate; every model is importable from here."""

from jinzhou.api.models.idempotency import IdempotencyRecord

__all__ = ["IdempotencyRecord"]
