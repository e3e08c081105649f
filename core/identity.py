"""Chinese identifiers: resident ID numbers, unified social credit codes, mobile numbers.

The check-character rules are short and fixed by national standards, so they live here rather than in
python-stdnum, whose resident-ID validation also rejects retired region codes and whose USCC validation
rejects letters in the authority position that GB 32100 allows.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# GB 11643-1999: weights 2^(17-i) mod 11 for i = 0..16 (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2),
# check character "10X98765432"[sum mod 11].
ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
ID_CHECK_CHARACTERS = "10X98765432"
ID_PATTERN = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)
# Province-level codes (GB/T 2260), with 71/81/82/83 for Taiwan, Hong Kong and Macau residence permits.
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

# GB 32100-2015: 31 characters (no I, O, Z, S, V), weights 3^i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
USCC_PATTERN = re.compile(rf"[{USCC_ALPHABET}]{{18}}")

MOBILE_PATTERN = re.compile(r"1[3-9][0-9]{9}", re.ASCII)
# Zero-width characters and the byte-order mark ride along when numbers are copied from chats and web pages.
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]")
_PHONE_SEPARATORS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\-()（）]")


class IdentifierError(ValueError):
    """An identifier that fails its standard's rules; `code` says which rule."""

    def __init__(self, code: str, message):
        self.code = code
        self.message = message
        super().__init__(str(message))


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date
    gender: str  # "male" or "female"


def _clean(value: str) -> str:
    """NFKC folds full-width digits and letters; invisible characters and spaces are dropped."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).upper()


def id_check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARACTERS[total % 11]


def parse_resident_id(value: str, *, today: date | None = None) -> ResidentId:
    """Validate an 18-character resident ID number and derive its holder's birth date and gender."""
    number = _clean(value)
    if not ID_PATTERN.fullmatch(number):
        raise IdentifierError("invalid_format", _("A resident ID number has 17 digits and a final digit or X."))
    if int(number[:2]) not in PROVINCE_CODES:
        raise IdentifierError("bad_region", _("The region code of this ID number does not exist."))
    try:
        birth_date = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentifierError("bad_birth_date", _("The birth date in this ID number is not a real date.")) from None
    if not EARLIEST_BIRTH_DATE <= birth_date <= (today or timezone.localdate()):
        raise IdentifierError("bad_birth_date", _("The birth date in this ID number is out of range."))
    if id_check_character(number[:17]) != number[17]:
        raise IdentifierError("bad_check_character", _("The check character of this ID number is wrong."))
    gender = "male" if int(number[16]) % 2 else "female"
    return ResidentId(number=number, birth_date=birth_date, gender=gender)


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on `day` (a birthday counts on the day itself)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(char) * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    """Validate a unified social credit code and return it in canonical form."""
    code = _PHONE_SEPARATORS.sub("", _clean(value))
    if not USCC_PATTERN.fullmatch(code):
        raise IdentifierError(
            "invalid_format",
            _("A unified social credit code has 18 digits or capital letters (no I, O, Z, S, V)."),
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise IdentifierError("bad_check_character", _("The check character of this credit code is wrong."))
    return code


def normalize_mobile(value: str) -> str:
    """Return an 11-digit mainland mobile number from `+86 138-0013-8000` and the like."""
    number = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    for prefix in ("+86", "0086", "86"):
        if number.startswith(prefix) and len(number) == len(prefix) + 11:
            number = number[len(prefix) :]
            break
    if not MOBILE_PATTERN.fullmatch(number):
        raise IdentifierError("invalid_phone", _("Enter an 11-digit mainland mobile number starting with 1."))
    return number


def mask_id_number(number: str) -> str:
    """`110105194912310021` → `110105********0021`."""
    if not number:
        return ""
    return f"{number[:6]}{'*' * 8}{number[-4:]}"


def mask_phone(number: str) -> str:
    """`13800138000` → `138****8000`."""
    if not number:
        return ""
    return f"{number[:3]}****{number[-4:]}"
