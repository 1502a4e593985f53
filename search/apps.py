from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Every write to a case, comment, progress report, enterprise or meeting re-indexes it after commit.
        from jinzhou.casework import text_search
        from search import receivers
        from search.selectors import case_ids_matching

        receivers.connect()
        # The case lists' search box (admin) and q= (API) go through the index.
        text_search.register(case_ids_matching)
