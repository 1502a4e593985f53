from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "jinzhou.casework"
    label = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        # Registers the system check of the declared workflows (``casework.checks``).
        # Registers the printable documents (the 督办单) with ``casework.documents``.
        from jinzhou.casework import (
            checks,  # noqa: F401
            notices,  # noqa: F401
        )
