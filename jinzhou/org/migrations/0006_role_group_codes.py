"""Role codes: the role groups keyed by a stable code instead of their (renamable) Chinese names."""

import django.db.models.deletion
from django.db import migrations, models

# The role groups as migration 0002 named them (and as the org chart still calls them), by role code.
NAMES = {
    "leading_group": "领导小组",
    "office": "领导小组办公室",
    "task_force_leader": "专班班长",
    "chain_leader": "链长单位",
    "chain_owner": "链主企业",
    "partner": "合作系统",
}


def tie_codes(apps, schema_editor):
    """Give each existing role group its stable code (creating a group that is missing)."""
    Group = apps.get_model("auth", "Group")
    RoleGroup = apps.get_model("org", "RoleGroup")
    for code, name in NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        RoleGroup.objects.get_or_create(code=code, defaults={"group": group})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("org", "0005_chain_owner_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="RoleGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("leading_group", "Leading group"),
                            ("office", "Leading-group office"),
                            ("task_force_leader", "Task-force leader"),
                            ("chain_leader", "Chain-leader department"),
                            ("chain_owner", "Chain-owner enterprise"),
                            ("partner", "Partner system"),
                        ],
                        max_length=40,
                        unique=True,
                        verbose_name="role",
                    ),
                ),
                (
                    "group",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="role",
                        to="auth.group",
                        verbose_name="group",
                    ),
                ),
            ],
            options={
                "verbose_name": "role group",
                "verbose_name_plural": "role groups",
            },
        ),
        migrations.RunPython(tie_codes, migrations.RunPython.noop),
    ]
