"""Classification of customer cards (SPEC §3): occupation tree, age / income bands, ABC classes, interests.

Codes are what the database stores (Customer.occupation etc.); labels are Chinese source text
for display. An occupation code is ``group`` or ``group.sub``; filtering by a group includes its
sub-codes (教师 finds 大学, 中学 and 小学 teachers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.platform.text import clean_text


@dataclass(frozen=True)
class Occupation:
    code: str
    label: str
    children: tuple[Occupation, ...] = field(default=())


OCCUPATION_TREE: tuple[Occupation, ...] = (
    Occupation(
        "medical",
        "医疗",
        (
            Occupation("medical.internal", "内科"),
            Occupation("medical.surgery", "外科"),
            Occupation("medical.tcm", "中医"),
            Occupation("medical.nursing", "护理"),
            Occupation("medical.pharmacy", "药剂"),
            Occupation("medical.other", "其他医疗"),
        ),
    ),
    Occupation(
        "teacher",
        "教师",
        (
            Occupation("teacher.university", "大学"),
            Occupation("teacher.middle", "中学"),
            Occupation("teacher.primary", "小学"),
        ),
    ),
    Occupation(
        "military",
        "军干",
        (
            Occupation("military.navy", "海军"),
            Occupation("military.army", "陆军"),
            Occupation("military.air", "空军"),
        ),
    ),
    Occupation("civil_servant", "公务员"),
    Occupation(
        "enterprise",
        "企业",
        (
            Occupation("enterprise.state", "国有"),
            Occupation("enterprise.private", "民营"),
            Occupation("enterprise.foreign", "外资"),
        ),
    ),
    Occupation("engineer", "工程师"),
    Occupation("boss", "老板"),
    Occupation("other", "其他"),
)


def _flatten() -> dict[str, str]:
    out: dict[str, str] = {}
    for top in OCCUPATION_TREE:
        out[top.code] = top.label
        for child in top.children:
            out[child.code] = f"{top.label}·{child.label}"
    return out


#: code -> full Chinese label ("教师·中学")
OCCUPATION_LABELS: dict[str, str] = _flatten()


def occupation_label(code: str) -> str:
    return OCCUPATION_LABELS.get(code or "", code or "")


def is_occupation(code: str) -> bool:
    return code in OCCUPATION_LABELS


#: Monthly income (元/月), code -> label. Order is display order.
INCOME_BANDS: dict[str, str] = {
    "lt3k": "3000元以下",
    "3k_5k": "3000–5000元",
    "5k_8k": "5000–8000元",
    "8k_15k": "8000–15000元",
    "ge15k": "15000元以上",
}

#: Age bands: code -> (label, lowest age, highest age inclusive or None).
AGE_BANDS: dict[str, tuple[str, int, int | None]] = {
    "lt50": ("50岁以下", 0, 49),
    "50s": ("50–59岁", 50, 59),
    "60s": ("60–69岁", 60, 69),
    "70s": ("70–79岁", 70, 79),
    "80plus": ("80岁及以上", 80, None),
}

ABC_CLASSES: dict[str, str] = {"A": "A类(重点)", "B": "B类(一般)", "C": "C类(潜在)"}

VALUE_LEVELS: dict[str, str] = {"high": "高", "medium": "中", "low": "低"}

SEX_LABELS: dict[str, str] = {"M": "男", "F": "女", "": ""}


def age_band_years(code: str, this_year: int) -> tuple[int | None, int]:
    """The birth-year range ``(earliest or None, latest)`` of an age band in ``this_year``.

    Age is counted as ``this_year - birth_year`` (the office's habit: 虚岁 is not used).
    """
    _, low, high = AGE_BANDS[code]
    latest = this_year - low
    earliest = None if high is None else this_year - high
    return earliest, latest


def age_band_of(birth_year: int | None, this_year: int) -> str:
    if birth_year is None:
        return ""
    age = this_year - birth_year
    for code, (_, low, high) in AGE_BANDS.items():
        if age >= low and (high is None or age <= high):
            return code
    return ""


#: An interest tag's longest text (CustomerTag.tag).
MAX_TAG = 32
#: What separates interests written on one line: spaces, commas, semicolons, the 顿号.
TAG_SEPARATORS = re.compile(r"[,\uff0c\u3001;\uff1b\s]+")


def split_tags(text: str) -> list[str]:
    """Interests written on one line (养生 太极、书法) as a list, in the order written."""
    return [t for t in TAG_SEPARATORS.split(clean_text(text)) if t]
