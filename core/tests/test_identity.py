"""Resident ID numbers, unified social credit codes and mobile numbers (GB 11643, GB 32100)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.identity import (
    ID_CHECK_CHARACTERS,
    ID_WEIGHTS,
    PROVINCE_CODES,
    USCC_ALPHABET,
    IdentifierError,
    ResidentId,
    age_on,
    id_check_character,
    mask_id_number,
    mask_phone,
    normalize_mobile,
    normalize_uscc,
    parse_resident_id,
    uscc_check_character,
)

TODAY = date(2026, 6, 15)


def _with_check(first17: str) -> str:
    return first17 + id_check_character(first17)


def _code_of(call) -> str:
    with pytest.raises(IdentifierError) as excinfo:
        call()
    return excinfo.value.code


# Resident ID numbers


@pytest.mark.parametrize(
    ("number", "birth_date", "gender"),
    [
        ("360426199101010071", date(1991, 1, 1), "male"),
        ("44011320141005001X", date(2014, 10, 5), "male"),
        ("110102199101010078", date(1991, 1, 1), "male"),
        ("11010519491231002X", date(1949, 12, 31), "female"),
    ],
)
def test_real_id_numbers_are_accepted_with_birth_date_and_gender(number, birth_date, gender):
    # when
    parsed = parse_resident_id(number, today=TODAY)
    # then
    assert parsed == ResidentId(number=number, birth_date=birth_date, gender=gender)


def test_lowercase_x_is_read_as_capital_x():
    assert parse_resident_id("11010519491231002x", today=TODAY).number == "11010519491231002X"


def test_full_width_digits_and_letters_are_folded_to_ascii():
    # given: "11010519491231002X" typed with a full-width input method
    full_width = "１１０１０５１９４９１２３１００２Ｘ"
    # then
    assert parse_resident_id(full_width, today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize(
    "spelled",
    [
        " 360426199101010071 ",
        "360426 19910101 0071",
        "3604\u200b26199101010071",
        "\ufeff360426199101010071\u200d",
        "360426\t19910101\n0071",
        "360426\u3000199101010071",  # ideographic space
    ],
)
def test_spaces_and_invisible_characters_are_dropped(spelled):
    assert parse_resident_id(spelled, today=TODAY).number == "360426199101010071"


@pytest.mark.parametrize("number", ["360426199101010072", "360426199101010070", "36042619910101007X"])
def test_a_wrong_check_character_is_refused(number):
    assert _code_of(lambda: parse_resident_id(number, today=TODAY)) == "bad_check_character"


@pytest.mark.parametrize(
    ("_case", "birth"),
    [
        ("30 February", "20230230"),
        ("month 13", "19911301"),
        ("day 00", "19910100"),
        ("29 February of a common year", "19900229"),
        ("tomorrow", "20260616"),
        ("next century", "21000101"),
        ("before 1900", "18991231"),
        ("year 0001", "00010101"),
    ],
)
def test_a_birth_date_that_is_not_real_or_out_of_range_is_refused(_case, birth):
    # given: a number whose check character is right, so only the date is wrong
    number = _with_check(f"110105{birth}002")
    # then
    assert _code_of(lambda: parse_resident_id(number, today=TODAY)) == "bad_birth_date"


def test_the_earliest_and_latest_birth_dates_are_accepted():
    assert parse_resident_id(_with_check("11010519000101002"), today=TODAY).birth_date == date(1900, 1, 1)
    assert parse_resident_id(_with_check("11010520260615002"), today=TODAY).birth_date == TODAY


def test_29_february_of_a_leap_year_is_a_real_date():
    assert parse_resident_id(_with_check("11010520000229001"), today=TODAY).birth_date == date(2000, 2, 29)


@pytest.mark.parametrize(
    ("_case", "number"),
    [
        ("17 characters", "36042619910101007"),
        ("19 characters", "3604261991010100710"),
        ("15-digit first-generation number", "360426910101007"),
        ("X not last", "3604261991010100X1"),
        ("X in the region", "X60426199101010071"),
        ("Arabic-Indic digits", "٣٦٠٤٢٦١٩٩١٠١٠١٠٠٧١"),
        ("Devanagari digits", "३६०४२६१९९१०१०१००७१"),
        ("a letter other than X", "36042619910101007A"),
        ("SQL", "' OR 1=1--"),
        ("empty", ""),
        ("10,000 characters", "1" * 10_000),
        ("hyphens", "360426-19910101-0071"),
    ],
)
def test_a_malformed_number_is_refused_as_invalid_format(_case, number):
    assert _code_of(lambda: parse_resident_id(number, today=TODAY)) == "invalid_format"


@pytest.mark.parametrize("province", ["00", "99", "10", "20", "72", "80", "91"])
def test_an_unknown_province_is_refused(province):
    # given: a check character that is right for the number
    number = _with_check(f"{province}0105199101010071"[:17])
    # then
    assert _code_of(lambda: parse_resident_id(number, today=TODAY)) == "bad_region"


def test_the_seventeenth_digit_gives_the_gender():
    assert parse_resident_id(_with_check("11010519910101001"), today=TODAY).gender == "male"
    assert parse_resident_id(_with_check("11010519910101002"), today=TODAY).gender == "female"
    assert parse_resident_id(_with_check("11010519910101000"), today=TODAY).gender == "female"


def test_the_check_character_table_matches_the_standard_weights():
    # GB 11643 lists the weights of the 17 payload digits, left to right.
    first17 = "11010519491231002"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    assert weights == ID_WEIGHTS
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    assert id_check_character(first17) == ID_CHECK_CHARACTERS[total % 11] == "X"


@st.composite
def valid_id_numbers(draw) -> str:
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    county = draw(st.integers(0, 9999))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(0, 999))
    return _with_check(f"{province:02d}{county:04d}{born:%Y%m%d}{sequence:03d}")


ID_CHARACTERS = "0123456789X"


@settings(max_examples=500, deadline=None)
@given(valid_id_numbers())
def test_every_single_character_substitution_of_an_id_number_is_refused(number):
    # given
    assert parse_resident_id(number, today=TODAY).number == number
    undetected = []
    # when: every position, including the check character, gets every other character
    for position in range(18):
        for char in ID_CHARACTERS:
            if char == number[position]:
                continue
            mutated = number[:position] + char + number[position + 1 :]
            try:
                parse_resident_id(mutated, today=TODAY)
            except IdentifierError:
                continue
            undetected.append(mutated)
    # then
    assert undetected == []


@settings(max_examples=500, deadline=None)
@given(valid_id_numbers())
def test_every_adjacent_transposition_of_an_id_number_is_refused(number):
    undetected = []
    for position in range(17):
        a, b = number[position], number[position + 1]
        if a == b:
            continue
        mutated = number[:position] + b + a + number[position + 2 :]
        try:
            parse_resident_id(mutated, today=TODAY)
        except IdentifierError:
            continue
        undetected.append(mutated)
    assert undetected == []


@settings(max_examples=300, deadline=None)
@given(valid_id_numbers())
def test_a_valid_id_number_has_its_own_birth_date_and_gender(number):
    parsed = parse_resident_id(number.lower(), today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert parsed.gender == ("male" if int(number[16]) % 2 == 1 else "female")


# Unified social credit codes


@pytest.mark.parametrize(
    "code", ["91110000600037341L", "121200004013590816", "91152201078377449P", "9115220107837941X1"]
)
def test_real_credit_codes_are_accepted(code):
    assert normalize_uscc(code) == code


def test_a_lowercase_credit_code_is_normalized():
    assert normalize_uscc(" 91110000600037341l ") == "91110000600037341L"
    assert normalize_uscc("９１１１００００６０００３７３４１Ｌ") == "91110000600037341L"


def test_a_credit_code_from_an_authority_with_a_letter_is_accepted():
    # GB 32100 authority codes include letters (Y: other authorities); stdnum would refuse this.
    code = "Y1110000MA0000000" + uscc_check_character("Y1110000MA0000000")
    assert normalize_uscc(code) == code


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_letters_outside_the_alphabet_are_refused(letter):
    # given: the letter in the payload, with the check character recomputed as if it were allowed
    code = f"9111000060003734{letter}L"
    # then
    assert _code_of(lambda: normalize_uscc(code)) == "invalid_format"


@pytest.mark.parametrize(
    "code", ["91110000600037341", "91110000600037341L0", "", "91110000-60003734-1L!", "٩١١١٠٠٠٠٦٠٠٠٣٧٣٤١L"]
)
def test_a_malformed_credit_code_is_refused(code):
    assert _code_of(lambda: normalize_uscc(code)) == "invalid_format"


@pytest.mark.parametrize("code", ["91110000600037341M", "121200004013590817", "91152201078377449Q"])
def test_a_credit_code_with_a_wrong_check_character_is_refused(code):
    assert _code_of(lambda: normalize_uscc(code)) == "bad_check_character"


valid_credit_codes = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17).map(
    lambda first17: first17 + uscc_check_character(first17)
)


@settings(max_examples=500, deadline=None)
@given(valid_credit_codes)
def test_every_single_character_substitution_of_a_credit_code_is_refused(code):
    assert normalize_uscc(code) == code
    undetected = []
    for position in range(18):
        for char in USCC_ALPHABET:
            if char == code[position]:
                continue
            mutated = code[:position] + char + code[position + 1 :]
            try:
                normalize_uscc(mutated)
            except IdentifierError:
                continue
            undetected.append(mutated)
    assert undetected == []


@settings(max_examples=500, deadline=None)
@given(valid_credit_codes)
def test_every_adjacent_transposition_of_a_credit_code_is_refused(code):
    undetected = []
    for position in range(17):
        a, b = code[position], code[position + 1]
        if a == b:
            continue
        mutated = code[:position] + b + a + code[position + 2 :]
        try:
            normalize_uscc(mutated)
        except IdentifierError:
            continue
        undetected.append(mutated)
    assert undetected == []


# Mobile numbers


@pytest.mark.parametrize(
    "spelled",
    [
        "13800138000",
        "+86 138 0013 8000",
        "008613800138000",
        "86-13800138000",
        "138-0013-8000",
        "(+86) 138 0013 8000",
        "１３８００１３８０００",
        "138\u200b0013\u200b8000",
        "\ufeff138\u200d0013\u20608000\u200c",
    ],
)
def test_common_spellings_of_a_mobile_number_are_normalized(spelled):
    assert normalize_mobile(spelled) == "13800138000"


@pytest.mark.parametrize(
    ("_case", "spelled"),
    [
        ("10 digits", "1380013800"),
        ("12 digits", "138001380001"),
        ("leading 2", "23800138000"),
        ("second digit 2", "12800138000"),
        ("Beijing landline", "010-62345678"),
        ("landline with area code and 11 digits", "01062345678"),
        ("emoji", "138001380📱0"),
        ("emoji only", "📱📱📱"),
        ("+86 with 12 digits", "+86138001380001"),
        ("letters", "1380013800O"),
        ("Arabic-Indic digits", "١٣٨٠٠١٣٨٠٠٠"),
        ("empty", ""),
        ("10,000 characters", "1" * 10_000),
    ],
)
def test_what_is_not_a_mainland_mobile_number_is_refused(_case, spelled):
    assert _code_of(lambda: normalize_mobile(spelled)) == "invalid_phone"


# Masks and ages


def test_an_id_number_shows_its_region_and_last_four_characters_only():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("360426199101010071") == "360426********0071"
    assert mask_id_number("") == ""


def test_a_phone_shows_its_first_three_and_last_four_digits_only():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2012, 6, 15), date(2026, 6, 14), 13),  # the day before the 14th birthday
        (date(2012, 6, 15), date(2026, 6, 15), 14),  # the birthday itself counts
        (date(2012, 6, 15), date(2026, 6, 16), 14),
        (date(2012, 6, 15), date(2012, 6, 15), 0),
        (date(2012, 12, 31), date(2026, 1, 1), 13),
        (date(2000, 2, 29), date(2014, 2, 28), 13),  # leap-day births turn 14 on 1 March
        (date(2000, 2, 29), date(2014, 3, 1), 14),
        (date(2000, 2, 29), date(2016, 2, 29), 16),
    ],
)
def test_age_on_counts_whole_years_turning_over_on_the_birthday(born, day, age):
    assert age_on(born, day) == age
