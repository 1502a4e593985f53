"""Validation of the unified social credit code (统一社会信用代码, GB 32100-2015).

The code has 18 characters: a registration-authority code, an organisation-type code, a six-digit
administrative-division code, a nine-character organisation code and a check character. Characters
come from the 31 symbols 0-9 and A-Z without I, O, S, V and Z; the check character is derived from
the first 17 with the weights of the standard (3^i mod 31).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
FORBIDDEN_LETTERS = "IOSVZ"
_VALUE = {char: index for index, char in enumerate(ALPHABET)}


def normalize_credit_code(value: str) -> str:
    """Upper-case and strip spaces, the two mistakes a clerk makes while copying a code."""
    return "".join((value or "").split()).upper()


def credit_code_check_character(first17: str) -> str:
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Raise ``ValidationError`` naming exactly what is wrong with a credit code."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(length)d.") % {"length": len(code)},
            code="credit_code_length",
        )
    for position, char in enumerate(code, start=1):
        if char in FORBIDDEN_LETTERS:
            raise ValidationError(
                _(
                    "Character %(position)d is “%(char)s”: the standard forbids the letters I, O, S, V and Z "
                    "in a unified social credit code."
                )
                % {"position": position, "char": char},
                code="credit_code_forbidden_letter",
            )
        if char not in _VALUE:
            raise ValidationError(
                _("Character %(position)d is “%(char)s”: only digits and capital letters are allowed.")
                % {"position": position, "char": char},
                code="credit_code_character",
            )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 must be the six digits of an administrative division code."),
            code="credit_code_division",
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character is “%(found)s” but should be “%(expected)s”: a character has been mistyped.")
            % {"found": code[17], "expected": expected},
            code="credit_code_check",
        )
