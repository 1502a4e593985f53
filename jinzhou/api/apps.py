from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "jinzhou.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # Registers the bearer-key scheme with drf-spectacular, so the schema documents it.
        from jinzhou.api import schema  # noqa: F401
