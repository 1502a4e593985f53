from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainsConfig(AppConfig):
    name = "chains"
    verbose_name = _("Industrial chains")

    def ready(self) -> None:
        from chains.effects import BOTTLENECK_EFFECTS, CHAIN_REPORT_EFFECTS, CHAIN_TASK_EFFECTS
        from chains.models import Bottleneck, ChainReport, ChainTask
        from chains.workflows import BOTTLENECK, CHAIN_REPORT, CHAIN_TASK
        from jinzhou.casework.kinds import KindSpec, register_kind

        register_kind(
            KindSpec(
                "bottleneck",
                _("Bottleneck"),
                "DD",
                Bottleneck,
                BOTTLENECK,
                effects=BOTTLENECK_EFFECTS,
                detail="bottleneck_kind",
            )
        )
        register_kind(KindSpec("task", _("Chain task"), "RW", ChainTask, CHAIN_TASK, effects=CHAIN_TASK_EFFECTS))
        register_kind(
            KindSpec(
                "chain_report",
                _("Chain operation report"),
                "YX",
                ChainReport,
                CHAIN_REPORT,
                effects=CHAIN_REPORT_EFFECTS,
            )
        )
        # The case page's progress report of a chain task, for the admin and the portal.
        from chains import panels

        panels.register()
