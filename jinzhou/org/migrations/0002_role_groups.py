"""Create the role groups of the org chart. Their permissions are granted after migrate
(``jinzhou.org.roles.grant_role_permissions``), when every app's permissions exist."""

from django.db import migrations

ROLE_NAMES = ["领导小组", "领导小组办公室", "专班班长", "链长单位", "链主企业", "合作系统"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, remove_groups)]
