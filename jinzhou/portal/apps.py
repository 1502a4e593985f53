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

        from jinzhou.org.chain_downloads import register_chain_download

        for extension, label in (
            ("xlsx", _("Download the chain's lists (Excel)")),
            ("docx", _("Download the chain's lists (Word)")),
        ):
            register_chain_download(
                f"portal:chain_lists.{extension}",
                label,
                lambda chain, extension=extension: reverse("portal:chain_lists", args=[chain.pk, extension]),
            )
