"""Phone normalisation (SPEC §3): one canonical form per number, or a clear field error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.customers.phones import mask_phone, normalize_phone
from services.platform.errors import ValidationError


@pytest.mark.parametrize(
    "raw, number, kind",
    [
        ("13800000001", "13800000001", "mobile"),
        ("１３８０００００００１", "13800000001", "mobile"),  # full-width digits
        ("+86 138 0000 0001", "13800000001", "mobile"),
        ("+86-138-0000-0001", "13800000001", "mobile"),
        ("0086 13800000001", "13800000001", "mobile"),
        ("＋８６１３８０００００００１", "13800000001", "mobile"),
        ("138-0000-0001", "13800000001", "mobile"),
        ("(138) 0000 0001", "13800000001", "mobile"),
        ("（138）0000\u30000001", "13800000001", "mobile"),  # full-width brackets and space
        ("010-6512 3456", "01065123456", "landline"),  # Beijing: 3-digit area code
        ("(0571) 8765-4321", "057187654321", "landline"),  # Hangzhou: 4-digit area code
        ("0755-8888888", "07558888888", "landline"),
        ("+86 10 6512 3456", None, None),  # after +86 the trunk 0 is missing: not a Chinese landline form
    ],
)
def test_normalises_the_ways_offices_type_numbers(raw, number, kind):
    if number is None:
        with pytest.raises(ValidationError):
            normalize_phone(raw)
        return
    assert normalize_phone(raw) == (number, kind)


@pytest.mark.parametrize(
    "raw, words",
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("1380000000", "11 位"),  # one digit short
        ("138000000012", "11 位"),
        ("138O0000001", "数字以外"),  # letter O typed for zero
        ("+1 415 555 0100", "+86"),
        ("6512 3456", "区号"),  # landline without area code
        ("010-123", "10–12 位"),
        ("0044 20 7946 0000", "00"),  # another country's international prefix
        ("+86 0086 0086 00", "00"),  # found by hypothesis: was kept as landline 0086008600
    ],
)
def test_invalid_numbers_get_a_clear_message_naming_the_field(raw, words):
    with pytest.raises(ValidationError) as err:
        normalize_phone(raw, field="phone2")
    assert err.value.field == "phone2"
    assert words in err.value.message


def test_mask_keeps_first_three_and_last_four():
    assert mask_phone("13800000001") == "138****0001"
    assert mask_phone("057187654321") == "057*****4321"


_noise = st.sampled_from([" ", "-", "(", ")", "（", "）", "\u3000", "－"])
_digit = st.sampled_from("0123456789０１２３４５６７８９")


@given(st.lists(st.one_of(_digit, _noise, st.sampled_from(["+86", "0086", "+", "1", "0"])), max_size=20))
def test_normalise_is_idempotent(parts):
    raw = "".join(parts)
    try:
        number, kind = normalize_phone(raw)
    except ValidationError as err:
        assert err.message  # a reason, never an empty error
        return
    assert normalize_phone(number) == (number, kind)
    assert number.isascii() and number.isdigit()
    assert (kind == "mobile") == (len(number) == 11 and number.startswith("1"))
