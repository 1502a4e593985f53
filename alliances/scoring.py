"""Scores, weights and totals of the annual evaluation (pure arithmetic plus the weights' lookup)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliances.choices import GRADE_A_YEARS, REMOVAL_YEARS, Indicator, Tier

MAX_SCORE = Decimal("100")


def clean_scores(raw: dict, *, field: str = "scores", partial: bool = False) -> dict[str, str]:
    """Every indicator scored 0–100 with at most two decimals; returned as strings for the JSON field.
    ``partial`` (a draft): an indicator not scored yet is left out instead of refused."""
    raw = raw or {}
    problems = []
    cleaned = {}
    for code, label in Indicator.choices:
        value = raw.get(code)
        if value in (None, "") and partial:
            continue
        if value in (None, ""):
            problems.append(_("%(indicator)s has no score.") % {"indicator": label})
            continue
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            problems.append(_("%(indicator)s: “%(value)s” is not a number.") % {"indicator": label, "value": value})
            continue
        if not number.is_finite() or not Decimal(0) <= number <= MAX_SCORE:
            problems.append(_("%(indicator)s: a score lies between 0 and 100.") % {"indicator": label})
        elif number.as_tuple().exponent < -2:
            problems.append(_("%(indicator)s: at most two decimals.") % {"indicator": label})
        else:
            cleaned[code] = str(number.quantize(Decimal("0.01")))
    unknown = set(raw) - set(Indicator.values)
    if unknown:
        problems.append(_("Unknown indicators: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    if problems:
        raise ValidationError({field: problems})
    return cleaned


def weighted_total(scores: dict, weights: dict[str, int]) -> Decimal:
    """Σ score × weight / 100, exact: two-decimal scores times whole-percent weights need four decimals."""
    total = sum((Decimal(scores[code]) * weights[code] for code in Indicator.values), Decimal(0)) / 100
    return total.quantize(Decimal("0.0001"))


def weights_for(year: int) -> dict[str, int]:
    from alliances.models import IndicatorWeights

    weights = IndicatorWeights.objects.for_year(year)
    if weights is None:
        raise ValidationError(
            _("No indicator weights apply to %(year)s; add them in the admin (Indicator weights).") % {"year": year}
        )
    return weights.as_dict()


def run_length(tiers_by_year: dict[int, str], year: int, tier: str) -> int:
    """How many consecutive years up to ``year`` were rated ``tier``: a missing year breaks the run."""
    count = 0
    while tiers_by_year.get(year - count) == tier:
        count += 1
    return count


def earns_grade_a(tiers_by_year: dict[int, str], year: int) -> bool:
    return run_length(tiers_by_year, year, Tier.HIGH) >= GRADE_A_YEARS


def flags_removal(tiers_by_year: dict[int, str], year: int) -> bool:
    return run_length(tiers_by_year, year, Tier.INACTIVE) >= REMOVAL_YEARS
