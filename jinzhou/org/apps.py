from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "jinzhou.org"
    label = "org"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from jinzhou.org.roles import grant_role_permissions

        # Permissions exist only after every app has migrated, so the role groups (created by a data
        # migration) receive theirs here; it is idempotent and cheap.
        post_migrate.connect(grant_role_permissions, dispatch_uid="org.grant_role_permissions")
