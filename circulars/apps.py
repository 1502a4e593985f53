from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CircularsConfig(AppConfig):
    name = "circulars"
    verbose_name = _("Circulars")

    def ready(self) -> None:
        # Registers the document kind "circular" with the office's Word templates.
        from circulars import document  # noqa: F401
        from circulars.standard_sections import register

        register()
