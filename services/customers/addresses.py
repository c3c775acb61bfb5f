"""Addresses for the duplicate check (查重, SPEC §3): one written form per address, and how alike two are.

Offices write the same flat many ways: ``北京市海淀区幸福里小区11号楼2单元1603室``,
``幸福里小区 11栋2单1603``, ``幸福里小区１１幢２单元１６０３``. `normalize_address` brings them to one
form (full-width → half-width, no spaces or punctuation, 单元 → 单, 号楼/幢/栋 → 栋, 室 dropped,
a leading province / city / district dropped), and `address_similarity` compares two normalised
addresses: the house numbers must agree (a neighbour in 1604 is not the person in 1603), the words
around them may differ by a slip of the pen (幸福里小区 / 幸福小区).

docs/duplicates.md has the precision and recall on 2,000 generated pairs (bench/address_pairs.py).
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

# Two addresses at least this alike (after normalising) are "the same address" for the duplicate check.
SIMILAR = 0.8

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_DROP = re.compile(r"[\s,.，。、;；:：'\"“”‘’()（）\[\]【】#＃\-—_/\\~～]+")
# A Chinese numeral (一 … 九十九) right before a unit word: 十一栋 → 11栋.
_CN_NUMBER = re.compile(r"([零〇一二两三四五六七八九十]{1,3})(?=号楼|栋|幢|座|单元|单|楼|层|号|室)")
_PROVINCE = re.compile(r"^[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区)")
_CITY = re.compile(r"^[\u4e00-\u9fff]{2,4}?市(?!场)")
_DISTRICT = re.compile(r"^[\u4e00-\u9fff]{1,4}?(?:区|县)")
# Words ending in 区 that name a place inside a district, not the district itself.
_NOT_DISTRICT = ("小区", "社区", "园区", "校区", "街区", "片区", "厂区", "营区", "矿区")
_NUMBER = re.compile(r"\d+")
_FIRST_NUMBER = re.compile(r"\d")


def _cn_number(text: str) -> str:
    """一 → 1, 十一 → 11, 二十 → 20, 二十三 → 23; anything else unchanged."""
    if "十" not in text:
        if all(c in _CN_DIGITS for c in text):
            return "".join(str(_CN_DIGITS[c]) for c in text)
        return text
    tens, _, ones = text.partition("十")
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return text
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))


def _drop_region(text: str) -> str:
    """Drop a leading province, city and district (the clerk may or may not write them)."""
    for pattern in (_PROVINCE, _CITY, _DISTRICT):
        m = pattern.match(text)
        if m and len(text) - m.end() >= 4 and not m.group(0).endswith(_NOT_DISTRICT):
            text = text[m.end() :]
    return text


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = unicodedata.normalize("NFKC", _DROP.sub("", text))  # a dropped space may join two characters
    text = _CN_NUMBER.sub(lambda m: _cn_number(m.group(1)), text)
    text = text.replace("单元", "单").replace("号楼", "栋").replace("幢", "栋").replace("室", "")
    return _drop_region(text)


@lru_cache(maxsize=8192)
def normalize_address(address: str) -> str:
    """The one written form of an address that the duplicate check compares (see the module docstring).

    Applied until nothing changes (单元元 → 单元 → 单), so normalising twice gives the same text.
    """
    text = address or ""
    for _ in range(8):
        once = _normalize_once(text)
        if once == text:
            break
        text = once
    return text


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _place_similarity(a: str, b: str) -> float:
    """The words before the house numbers (road, compound): a road written on one form and left out
    on the other does not count, so the shorter is also compared with the longer's end."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0  # one form names no place at all: too little to call it the same home
    short, long_ = sorted((a, b), key=len)
    best = _ratio(a, b)
    for n in range(max(len(short) - 1, 1), len(short) + 2):
        best = max(best, _ratio(short, long_[-n:]))
    return best


def address_similarity(a: str, b: str) -> float:
    """How alike two NORMALISED addresses are, 0–1: 0 when their house numbers disagree.

    The numbers (building, unit, flat) must be equal, or those of one address a leading part of the
    other's (``11栋`` against ``11栋2单1603``: the clerk left out the flat); the words before them are
    compared character by character, a road present on one form only not counting.
    """
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    a, b = sorted((a, b))  # the same answer whichever card is typed first
    ma, mb = _FIRST_NUMBER.search(a), _FIRST_NUMBER.search(b)
    place_a, rest_a = (a[: ma.start()], a[ma.start() :]) if ma else (a, "")
    place_b, rest_b = (b[: mb.start()], b[mb.start() :]) if mb else (b, "")
    na, nb = _NUMBER.findall(rest_a), _NUMBER.findall(rest_b)
    short, long_ = (na, nb) if len(na) <= len(nb) else (nb, na)
    if not short and long_ or long_[: len(short)] != short:
        return 0.0
    rest = 1.0 if na == nb and rest_a == rest_b else _ratio(rest_a, rest_b)
    return min(_place_similarity(place_a, place_b), rest)


def similar_addresses(a: str, b: str) -> bool:
    """Whether two normalised addresses are the same home for the duplicate check."""
    return address_similarity(a, b) >= SIMILAR


__all__ = ["SIMILAR", "address_similarity", "normalize_address", "similar_addresses"]
