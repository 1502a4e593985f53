"""The evaluation's arithmetic as a clerk meets it: the weighted total, the tier at its boundaries,
A级 after three 高 years in a row (and not after a gap), the removal flag after two 不活跃 years."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from alliances.choices import Tier, tier_for
from alliances.models import IndicatorWeights
from alliances.scoring import clean_scores, weighted_total
from jinzhou.casework import services
from tests.alliances.support import alliance_in_state, evaluation_in_state

INDICATORS = ("innovation", "performance", "service", "operation", "benefit_sharing")


def flat(score) -> dict:
    return dict.fromkeys(INDICATORS, str(score))


@pytest.mark.parametrize(
    ("total", "tier"),
    [
        ("64", Tier.INACTIVE),
        ("64.99", Tier.INACTIVE),
        ("65", Tier.AVERAGE),
        ("74", Tier.AVERAGE),
        ("74.5", Tier.AVERAGE),
        ("75", Tier.FAIRLY_HIGH),
        ("85", Tier.FAIRLY_HIGH),
        ("85.9999", Tier.FAIRLY_HIGH),
        ("86", Tier.HIGH),
        ("100", Tier.HIGH),
        ("0", Tier.INACTIVE),
    ],
)
def test_tier_boundaries(total, tier):
    # A band is reached at its whole-number bound; 85.5 has not reached 86, so it stays 较高.
    assert tier_for(Decimal(total)) == tier


def test_the_total_is_weighted_and_exact():
    weights = {"innovation": 30, "performance": 25, "service": 20, "operation": 15, "benefit_sharing": 10}
    scores = {"innovation": "85.99", "performance": "86", "service": "86", "operation": "86", "benefit_sharing": "86"}
    # 85.99 × 30% pulls the total just under 86: 85.997, not rounded up to 86.
    assert weighted_total(scores, weights) == Decimal("85.9970")
    assert tier_for(weighted_total(scores, weights)) == Tier.FAIRLY_HIGH


@pytest.mark.parametrize(
    ("scores", "problem"),
    [
        ({**flat(80), "service": "101"}, "between 0 and 100"),
        ({**flat(80), "service": "-1"}, "between 0 and 100"),
        ({**flat(80), "service": "80.123"}, "two decimals"),
        ({**flat(80), "service": "八十"}, "not a number"),
        ({k: v for k, v in flat(80).items() if k != "service"}, "no score"),
    ],
)
def test_bad_scores_are_named(scores, problem):
    with pytest.raises(ValidationError) as caught:
        clean_scores(scores)
    assert problem in " ".join(caught.value.message_dict["scores"])


@pytest.mark.django_db
def test_weights_must_add_up_to_100():
    weights = IndicatorWeights(
        valid_from=2026, innovation=30, performance=30, service=20, operation=10, benefit_sharing=5
    )
    with pytest.raises(ValidationError, match="95"):
        weights.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        weights.save()


@pytest.mark.django_db
def test_the_weights_of_the_year_apply_and_stay_with_the_result(aw):
    IndicatorWeights.objects.create(
        valid_from=2025, innovation=40, performance=30, service=10, operation=10, benefit_sharing=10
    )
    scores = {"innovation": "100", "performance": "80", "service": "50", "operation": "50", "benefit_sharing": "50"}
    case = evaluation_in_state(aw, "second_reviewed", year=2025, scores=scores)
    case = services.transition(case, "panel_review", actor=aw.bureau)
    # 40 + 24 + 5 + 5 + 5 = 79
    assert (case.total, case.tier) == (Decimal("79.0000"), Tier.FAIRLY_HIGH)
    assert case.weights_used["innovation"] == 40
    IndicatorWeights.objects.filter(valid_from=2025).update(innovation=20, performance=50)
    case.refresh_from_db()
    assert case.total == Decimal("79.0000")


def finish(aw, alliance, year: int, score) -> object:
    case = evaluation_in_state(aw, "second_reviewed", alliance=alliance, year=year, scores=flat(score))
    return services.transition(case, "panel_review", actor=aw.bureau)


@pytest.mark.django_db
def test_three_high_years_in_a_row_earn_grade_a(aw):
    alliance = alliance_in_state(aw, "typical")
    assert not finish(aw, alliance, 2023, 90).earns_grade_a
    assert not finish(aw, alliance, 2024, 88).earns_grade_a
    third = finish(aw, alliance, 2025, 86)
    assert (third.tier, third.earns_grade_a) == (Tier.HIGH, True)
    alliance.refresh_from_db()
    assert alliance.grade_a
    assert alliance.events.filter(summary__contains="2025").exists()
    # A fourth year below 高 ends the grade.
    assert finish(aw, alliance, 2026, 85).tier == Tier.FAIRLY_HIGH
    alliance.refresh_from_db()
    assert not alliance.grade_a


@pytest.mark.django_db
def test_no_grade_a_after_a_gap(aw):
    alliance = alliance_in_state(aw, "typical")
    finish(aw, alliance, 2021, 95)
    finish(aw, alliance, 2022, 95)
    # 2023 was not evaluated: the run starts again in 2024.
    assert not finish(aw, alliance, 2024, 95).earns_grade_a
    alliance.refresh_from_db()
    assert not alliance.grade_a


@pytest.mark.django_db
def test_no_grade_a_when_a_year_between_was_lower(aw):
    alliance = alliance_in_state(aw, "typical")
    finish(aw, alliance, 2022, 95)
    finish(aw, alliance, 2023, 85)
    finish(aw, alliance, 2024, 95)
    assert not finish(aw, alliance, 2025, 95).earns_grade_a


@pytest.mark.django_db
def test_inactive_twice_in_a_row_flags_the_alliance_for_removal(aw):
    alliance = alliance_in_state(aw, "typical")
    first = finish(aw, alliance, 2024, 64)
    assert (first.tier, first.flags_removal) == (Tier.INACTIVE, False)
    alliance.refresh_from_db()
    assert not alliance.removal_flagged
    second = finish(aw, alliance, 2025, 60)
    assert second.flags_removal
    alliance.refresh_from_db()
    assert (alliance.removal_flagged, alliance.removal_flagged_year) == (True, 2025)
    assert alliance.events.filter(summary__contains="2025").exists()


@pytest.mark.django_db
def test_inactive_years_apart_do_not_flag(aw):
    alliance = alliance_in_state(aw, "typical")
    finish(aw, alliance, 2023, 64)
    finish(aw, alliance, 2024, 65)
    assert not finish(aw, alliance, 2025, 50).flags_removal
    alliance.refresh_from_db()
    assert not alliance.removal_flagged


@pytest.mark.django_db
def test_only_the_panel_review_makes_the_result_stand(aw):
    case = evaluation_in_state(aw, "first_reviewed", scores=flat(70))
    case = services.transition(case, "second_review", actor=aw.bureau)
    # The second review shows a provisional tier; it counts for nothing yet.
    assert (case.tier, case.result_final) == (Tier.AVERAGE, False)
    case = services.transition(case, "send_back", actor=aw.office, note="绩效得分偏高，请复核")
    assert case.status == "first_reviewed"
