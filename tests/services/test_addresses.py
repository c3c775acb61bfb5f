"""Addresses for the duplicate check: one written form per home, and how alike two homes are."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.customers.addresses import address_similarity, normalize_address, similar_addresses


@pytest.mark.parametrize(
    "written",
    [
        "幸福里小区11栋2单元1603室",
        "幸福里小区11栋2单1603",  # 单 for 单元, no 室 (the case of issue 21)
        "幸福里小区 11 栋 2 单元 1603",  # spaces
        "幸福里小区\u300011号楼2单元1603室",  # ideographic space, 号楼
        "幸福里小区11幢2单元1603",  # 幢
        "幸福里小区１１栋２单元１６０３室",  # full-width digits
        "海淀区幸福里小区11栋2单元1603",  # district prefix
        "北京市海淀区幸福里小区11栋2单元1603室",  # city and district
        "北京市幸福里小区十一栋2单元1603",  # city only, 十一
        "幸福里小区11栋2单元1603#",  # stray punctuation
    ],
)
def test_one_home_written_many_ways_is_one_address(written):
    assert normalize_address(written) == "幸福里小区11栋2单1603"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("幸福里小区11栋2单元1603", "幸福里小区11栋2单元1604"),  # the neighbour
        ("幸福里小区11栋2单元1603", "幸福里小区11栋3单元1603"),  # the next unit
        ("幸福里小区11栋2单元1603", "幸福里小区12栋2单元1603"),  # the next building
        ("幸福里小区11栋2单元1603", "阳光家园11栋2单元1603"),  # another compound, same numbers
        ("幸福里小区11栋2单元1603", ""),
    ],
)
def test_different_homes_are_not_similar(a, b):
    assert not similar_addresses(normalize_address(a), normalize_address(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("幸福里小区11栋2单元1603", "幸福小区11栋2单1603"),  # a character left out
        ("幸福里小区11栋2单元1603", "幸福理小区11栋2单元1603室"),  # a sound-alike character
        ("学院路幸福里小区11栋2单元1603", "幸福里小区11栋2单元1603"),  # the road on one form only
    ],
)
def test_a_slip_of_the_pen_is_still_the_same_home(a, b):
    assert similar_addresses(normalize_address(a), normalize_address(b))


def test_words_ending_in_qu_that_are_not_districts_stay():
    assert normalize_address("阳光小区3栋") == "阳光小区3栋"
    assert normalize_address("朝阳区阳光小区3栋") == "阳光小区3栋"
    assert normalize_address("农贸市场3号院") == "农贸市场3号院"


@given(st.text(max_size=40))
def test_normalising_is_idempotent_and_similarity_symmetric(text):
    once = normalize_address(text)
    assert normalize_address(once) == once
    other = normalize_address(text[::-1])
    assert address_similarity(once, other) == pytest.approx(address_similarity(other, once))


def test_the_generated_pairs_measure_what_the_docs_table_says():
    """bench/address_pairs.py on a small set: the adopted method finds far more than exact text, with no
    false alarm on the look-alike homes."""
    from bench.address_pairs import measure

    rows = {r["method"]: r for r in measure(300, 21)}
    before = rows["之前:去空格后完全相同"]
    adopted = next(r for label, r in rows.items() if "采用" in label)
    assert adopted["recall"] > 0.9 > 0.2 > before["recall"]
    assert adopted["precision"] > 0.98


@given(st.text(alphabet="北京市海淀区省县小区社区阳光幸福路十一二栋单元号楼幢室1234 ", max_size=30))
def test_normalising_address_words_twice_changes_nothing(text):
    once = normalize_address(text)
    assert normalize_address(once) == once
