"""A person's saved views of a case list (我的视图): a name for a list's filters, search and order."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="saved_views"
    )
    # Which list: the admin's "app_label.model_name" of the cases it lists (e.g. "chains.bottleneck").
    list_name = models.CharField(_("list"), max_length=100)
    name = models.CharField(_("name"), max_length=80)
    # The list's query string without the "?", checked against the list's own parameters when saved.
    query = models.CharField(_("query"), max_length=1000, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "list_name", "name"], name="saved_view_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
