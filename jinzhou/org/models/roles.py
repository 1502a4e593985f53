"""Which auth group holds which role: a stable code tied one-to-one to the group, so that renaming a
group in the admin (its name is only what people read) keeps its role. ``actor_for`` reads the codes."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from jinzhou.org.choices import Role


class RoleGroup(models.Model):
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="role", verbose_name=_("group"))
    code = models.CharField(_("role"), max_length=40, unique=True, choices=Role.choices)

    class Meta:
        verbose_name = _("role group")
        verbose_name_plural = _("role groups")

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.group.name})"
