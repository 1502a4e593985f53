"""The unified social credit code (统一社会信用代码) of an enterprise, GB 32100-2015."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jinzhou.org.models import Enterprise
from jinzhou.org.validators import ALPHABET, credit_code_check_character, normalize_credit_code, validate_credit_code

# Codes of real, registered enterprises: if these fail, the weights or the alphabet are wrong.
REAL_CODES = ["91350100M000100Y43", "914403001922038216", "91440300708461136T", "91330100799655058B"]
VALID = REAL_CODES[0]


def error_of(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(value)
    return caught.value


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_pass(code):
    validate_credit_code(code)


def test_wrong_check_character():
    wrong = next(char for char in ALPHABET if char != VALID[-1])
    error = error_of(VALID[:-1] + wrong)
    assert error.code == "credit_code_check"
    # The message names the character that would be right, so a clerk can compare with the paper.
    assert f"“{VALID[-1]}”" in error.messages[0]


@pytest.mark.parametrize("code", [VALID[:-1], VALID + "1"], ids=["17", "19"])
def test_wrong_length(code):
    error = error_of(code)
    assert error.code == "credit_code_length"
    assert str(len(code)) in error.messages[0]


@pytest.mark.parametrize(("letter", "look_alike"), [("I", "1"), ("O", "0"), ("S", "5"), ("V", "U"), ("Z", "2")])
def test_forbidden_letter_is_named_even_when_the_check_would_match(letter, look_alike):
    # The clerk's real mistake: a letter typed for the digit (or letter) it resembles. The check
    # character is the one of the intended code, so only the letter is wrong.
    intended = f"91210700{look_alike}MA12345X"  # 210700 is Jinzhou's division code
    check = credit_code_check_character(intended)
    validate_credit_code(intended + check)

    error = error_of(intended[:8] + letter + intended[9:] + check)

    assert error.code == "credit_code_forbidden_letter"
    # Position and letter, so the clerk knows where to look; checked apart from the wording, which is translated.
    assert "9" in error.messages[0]
    assert f"“{letter}”" in error.messages[0]


def test_lowercase_and_spaces_are_normalised_and_accepted():
    pasted = " 9135 0100m000 100y43 "
    assert normalize_credit_code(pasted) == VALID
    validate_credit_code(pasted)
    validate_credit_code(VALID.lower())


@pytest.mark.django_db
def test_enterprise_full_clean_reports_on_the_credit_code_field():
    enterprise = Enterprise(name="锦州某企业", credit_code=VALID[:-1] + "0")

    with pytest.raises(ValidationError) as caught:
        enterprise.full_clean()

    assert list(caught.value.error_dict) == ["credit_code"]
    assert caught.value.error_dict["credit_code"][0].code == "credit_code_check"


@pytest.mark.django_db
def test_enterprise_stores_the_normalised_code():
    enterprise = Enterprise(name="锦州某企业", credit_code=VALID.lower())
    enterprise.full_clean()
    enterprise.save()

    enterprise.refresh_from_db()
    assert enterprise.credit_code == VALID


@pytest.mark.django_db
def test_enterprises_without_a_code_do_not_collide():
    first = Enterprise.objects.create(name="甲企业", credit_code="")
    second = Enterprise.objects.create(name="乙企业", credit_code=None)

    assert Enterprise.objects.filter(pk__in=[first.pk, second.pk], credit_code__isnull=True).count() == 2


@pytest.mark.django_db
def test_enterprises_with_the_same_code_collide():
    Enterprise.objects.create(name="甲企业", credit_code=VALID)

    duplicate = Enterprise(name="乙企业", credit_code=VALID.lower())
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.error_dict["credit_code"][0].code == "unique"

    # And the database itself refuses, for writes that skip validation (imports, the API, scripts).
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
