"""Validation of the unified social credit code (统一社会信用代码, GB 32100-2015).

The code has 18 characters: a registration-authority code, an organisation-type code, a six-digit
administrative-division code, a nine-character organisation code and a check character. Characters
come from the 31 symbols 0-9 and A-Z without I, O, S, V and Z; the check character is derived from
the first 17 with the weights of the standard (3^i mod 31).

Characters 1 and 2 are checked against the registration authorities and their organisation types:
GB 32100-2015 Annex A names 1 机构编制, 5 民政, 9 工商 and Y 其他; the national code data centre
(全国组织机构统一社会信用代码数据服务中心) has since assigned codes to further authorities (外交,
司法行政, 文化, 旅游, 宗教, 工会, 中央军委改革和编制办公室, 公安, 住房城乡建设, 农业农村, 侨联),
whose codes real organisations carry, so they are accepted too. Characters 9 to 17 are the
organisation's own code (GB 11714-1997): eight characters and a check character of their own.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
FORBIDDEN_LETTERS = "IOSVZ"
_VALUE = {char: index for index, char in enumerate(ALPHABET)}

# Registration authority (character 1) -> the organisation types (character 2) it registers.
AUTHORITY_TYPES = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 编办直接管理机构编制的群众团体, 其他
    "2": "19",  # 外交: 外国常驻新闻机构, 其他
    "3": "1234569",  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 商事调解组织, 其他
    "4": "19",  # 文化: 外国在华文化中心, 其他
    "5": "123459",  # 民政: 社会团体, 民办非企业单位, 基金会, 村民委员会, 居民委员会, 其他
    "6": "129",  # 旅游: 外国政府旅游部门常驻代表机构, 港澳台地区旅游部门常驻代表机构, 其他
    "7": "129",  # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": "129",  # 工会: 基层工会, 非法人工会组织, 其他
    "9": "123",  # 工商 (市场监管): 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室: 军队单位, 其他
    "G": "19",  # 公安: 境外非政府组织代表机构, 其他
    "J": "19",  # 住房城乡建设: 业主大会, 其他
    "N": "1239",  # 农业农村: 组级, 村级, 乡镇级集体经济组织, 其他
    "Q": "1239",  # 侨联: 区县级, 乡镇级, 村级侨联组织, 其他
    "Y": "1",  # 其他
}
ORGANISATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def normalize_credit_code(value: str) -> str:
    """Upper-case and strip spaces, the two mistakes a clerk makes while copying a code."""
    return "".join((value or "").split()).upper()


def credit_code_check_character(first17: str) -> str:
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def organisation_code_check_character(body: str) -> str:
    """The check character of an eight-character organisation code body (GB 11714): digits count as
    themselves, letters A-Z as 10-35; 11 - (weighted sum mod 11), with 10 written X and 11 written 0."""
    total = sum(int(char, 36) * weight for char, weight in zip(body, ORGANISATION_CODE_WEIGHTS, strict=True))
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def complete_credit_code(first8: str, body: str) -> str:
    """The full code from its first eight characters (authority, type, division) and an eight-character
    organisation code body: both check characters computed, for generators and tests."""
    first17 = first8 + body + organisation_code_check_character(body)
    return first17 + credit_code_check_character(first17)


def _validate_authority_and_type(code: str) -> None:
    authority, kind = code[0], code[1]
    if authority not in AUTHORITY_TYPES:
        raise ValidationError(
            _(
                "Character 1 is “%(char)s”, which is no registration authority's code "
                "(enterprises registered by market regulation begin with 9)."
            )
            % {"char": authority},
            code="credit_code_authority",
        )
    if kind not in AUTHORITY_TYPES[authority]:
        raise ValidationError(
            _(
                "Character 2 is “%(char)s”, which is no organisation type of registration authority "
                "“%(authority)s”; allowed: %(allowed)s."
            )
            % {"char": kind, "authority": authority, "allowed": ", ".join(AUTHORITY_TYPES[authority])},
            code="credit_code_type",
        )


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
    _validate_authority_and_type(code)
    expected_organisation = organisation_code_check_character(code[8:16])
    if code[16] != expected_organisation:
        raise ValidationError(
            _(
                "Characters 9 to 17 are not a valid organisation code: its check character (character 17) "
                "is “%(found)s” but should be “%(expected)s”: a character among 9 to 17 has been mistyped."
            )
            % {"found": code[16], "expected": expected_organisation},
            code="credit_code_organisation",
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character is “%(found)s” but should be “%(expected)s”: a character has been mistyped.")
            % {"found": code[17], "expected": expected},
            code="credit_code_check",
        )
