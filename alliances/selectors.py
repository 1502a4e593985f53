"""Reads of the alliances app. Scope is the case engine's one rule, ``Case.objects.visible_to(user)``:
the office and the leading group see every alliance, the science-and-technology bureau's staff see
the alliances given to it (all of them), a lead member's users see their own; nobody else does."""

from django.db.models import Count, Q, QuerySet

from alliances.models import Alliance, AllianceEvaluation, AllianceMember


def alliances_for(user) -> QuerySet:
    """The alliances ``user`` may see, with what their lists show, in one query."""
    return (
        Alliance.objects.visible_to(user)
        .select_related("lead_enterprise", "industry_chain")
        .annotate(current_members=Count("members", filter=Q(members__left_on__isnull=True)))
    )


def evaluations_for(user) -> QuerySet:
    return AllianceEvaluation.objects.visible_to(user).select_related("alliance", "alliance__lead_enterprise")


def members_of(alliance: Alliance) -> QuerySet:
    """Current members first, then former ones, each with its enterprise or institution."""
    return AllianceMember.objects.filter(alliance=alliance).select_related("enterprise", "institution")


def tier_history(alliance: Alliance, user) -> list[AllianceEvaluation]:
    """The alliance's evaluations by year (newest first) that ``user`` may see, standing or not."""
    return list(evaluations_for(user).filter(alliance=alliance).order_by("-year"))
