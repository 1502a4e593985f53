from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = _("Alliances")

    def ready(self) -> None:
        from alliances.effects import ALLIANCE_EFFECTS, EVALUATION_EFFECTS
        from alliances.models import Alliance, AllianceEvaluation
        from alliances.workflows import ALLIANCE, EVALUATION
        from jinzhou.casework.kinds import KindSpec, register_kind

        # No yellow window for alliances: their lifecycle has no deadline.
        register_kind(
            KindSpec("alliance", _("Alliance"), "LM", Alliance, ALLIANCE, yellow_days=0, effects=ALLIANCE_EFFECTS)
        )
        # The self-assessment turns yellow five working days before it is due.
        register_kind(
            KindSpec(
                "alliance_evaluation",
                _("Alliance evaluation"),
                "PG",
                AllianceEvaluation,
                EVALUATION,
                yellow_days=5,
                effects=EVALUATION_EFFECTS,
            )
        )
