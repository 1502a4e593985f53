"""The role groups no longer hold the technical sections' permissions (webhooks, API keys, the Celery
schedules and results): those are for system administrators (superusers). Later ``migrate`` runs keep
it so (``jinzhou.org.roles.grant_role_permissions`` removes them too)."""

from django.db import migrations


def take_back(apps, schema_editor):
    from jinzhou.org.roles import technical_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    technical = list(technical_permissions(Permission))
    for group in Group.objects.filter(role__isnull=False):
        group.permissions.remove(*technical)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0006_role_group_codes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(take_back, migrations.RunPython.noop)]
