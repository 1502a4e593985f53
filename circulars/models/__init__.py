from circulars.models.circulars import Circular

__all__ = ["Circular"]
