from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from jinzhou.casework.kinds import KindSpec, register_kind
        from projects.effects import AWARD_EFFECTS, CHALLENGE_EFFECTS, INVESTMENT_EFFECTS
        from projects.models import AwardApplication, Challenge, InvestmentProject, Milestone
        from projects.workflows import AWARD, CHALLENGE, INVESTMENT, MILESTONE

        register_kind(
            KindSpec("challenge", _("Challenge (揭榜挂帅)"), "JB", Challenge, CHALLENGE, 3, effects=CHALLENGE_EFFECTS)
        )
        register_kind(KindSpec("milestone", _("Challenge milestone"), "LC", Milestone, MILESTONE, yellow_days=3))
        register_kind(
            KindSpec("investment", _("Investment project"), "ZS", InvestmentProject, INVESTMENT, 5, INVESTMENT_EFFECTS)
        )
        register_kind(
            KindSpec("application", _("Award or IP application"), "SB", AwardApplication, AWARD, effects=AWARD_EFFECTS)
        )
