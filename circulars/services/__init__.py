from circulars.services.circulars import check_may_generate, generate_circular

__all__ = ["check_may_generate", "generate_circular"]
