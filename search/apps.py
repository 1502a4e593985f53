from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Every write to a case, comment, progress report, enterprise or meeting re-indexes it after commit.
        from search import receivers

        receivers.connect()
