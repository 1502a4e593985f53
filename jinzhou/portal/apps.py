from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "jinzhou.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # The chain's admin page offers the portal's 一链一清单 downloads (the catalogue's admin is on
        # the ground floor and cannot name the portal itself).
        from django.urls import reverse

        from jinzhou.org.admin.catalogue import register_chain_download

        for extension, label in (
            ("xlsx", _("Download the chain's lists (Excel)")),
            ("docx", _("Download the chain's lists (Word)")),
        ):
            register_chain_download(
                label, lambda chain, extension=extension: reverse("portal:chain_lists", args=[chain.pk, extension])
            )
