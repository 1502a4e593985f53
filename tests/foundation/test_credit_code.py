"""The unified social credit code (统一社会信用代码) of an enterprise, GB 32100-2015."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jinzhou.org.models import Enterprise
from jinzhou.org.validators import (
    ALPHABET,
    complete_credit_code,
    credit_code_check_character,
    normalize_credit_code,
    validate_credit_code,
)

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
    intended = complete_credit_code("91210700", f"{look_alike}MA12345")  # 210700 is Jinzhou's division code
    validate_credit_code(intended)

    error = error_of(intended[:8] + letter + intended[9:])

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


def test_organisation_code_with_a_wrong_check_character_is_refused():
    # The whole code's check character is right, but characters 9-17 are no organisation code: the
    # check character of 12345678 under GB 11714 is 8, not 9. A made-up code, refused.
    assert credit_code_check_character("91210700123456789") == "K"

    error = error_of("91210700123456789K")

    assert error.code == "credit_code_organisation"
    assert "“9”" in error.messages[0] and "“8”" in error.messages[0]


def test_organisation_code_check_is_reported_in_chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        error = error_of("91210700123456789K")
    assert "组织机构代码" in error.messages[0]
    assert "第 9 至 17 位" in error.messages[0]


@pytest.mark.parametrize(
    ("first8", "body"),
    [
        ("11210700", "MB000000"),  # 机构编制 · 机关
        ("12210700", "46500000"),  # 机构编制 · 事业单位
        ("51210700", "MJ000000"),  # 民政 · 社会团体
        ("52210700", "MJ000001"),  # 民政 · 民办非企业单位
        ("92210700", "MA0KDE12"),  # 工商 · 个体工商户
        ("93210700", "MA0QR123"),  # 工商 · 农民专业合作社
        ("N2210700", "MF000000"),  # 农业农村 · 村级集体经济组织
        ("Y1210700", "MC000000"),  # 其他
    ],
)
def test_every_authority_and_type_of_the_standard_passes(first8, body):
    validate_credit_code(complete_credit_code(first8, body))


@pytest.mark.parametrize(
    ("first8", "code", "named"),
    [
        ("B1210700", "credit_code_authority", "“B”"),  # no authority B
        ("01210700", "credit_code_authority", "“0”"),
        ("94210700", "credit_code_type", "“4”"),  # 工商 registers no type 4
        ("Y2210700", "credit_code_type", "“2”"),  # 其他 has type 1 only
        ("58210700", "credit_code_type", "“8”"),
    ],
)
def test_unknown_authority_or_type_is_refused(first8, code, named):
    error = error_of(complete_credit_code(first8, "MA000000"))

    assert error.code == code
    assert named in error.messages[0]
