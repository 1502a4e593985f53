from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessment"
    verbose_name = _("Targets and assessment")

    def ready(self) -> None:
        # The printed assessment registers its document kind; the admin dashboard gets the targets' table.
        from assessment import printing  # noqa: F401
        from assessment.admin.progress import register_dashboard_section

        register_dashboard_section()
