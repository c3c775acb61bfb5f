"""Invented people for the demo office: Chinese names, mobile phones, addresses in an invented city.

Everything is generated from a `random.Random` so one seed always gives the same
people. Names are built from surname frequencies and era-typical given-name
characters (customers were born 1935–1975), never taken from a list of real people.
No database and no Qt here: services.cli.demo feeds these into the services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Surnames with rough relative frequencies (per mille of the population, rounded).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 72), ("李", 71), ("张", 69), ("刘", 54), ("陈", 46), ("杨", 31), ("黄", 23), ("赵", 20),
    ("吴", 20), ("周", 19), ("徐", 13), ("孙", 12), ("马", 12), ("朱", 11), ("胡", 10), ("郭", 10),
    ("何", 9), ("高", 9), ("林", 9), ("罗", 8), ("郑", 8), ("梁", 8), ("谢", 6), ("宋", 6),
    ("唐", 6), ("许", 5), ("韩", 5), ("冯", 5), ("邓", 5), ("曹", 5), ("彭", 5), ("曾", 4),
    ("肖", 4), ("田", 4), ("董", 4), ("袁", 4), ("潘", 4), ("于", 4), ("蒋", 4), ("蔡", 4),
    ("余", 4), ("杜", 4), ("叶", 3), ("程", 3), ("苏", 3), ("魏", 3), ("吕", 3), ("丁", 3),
    ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("姜", 3), ("崔", 3), ("钟", 2), ("谭", 2),
    ("陆", 2), ("汪", 2), ("范", 2), ("金", 2), ("石", 2), ("廖", 2), ("贾", 2), ("夏", 2),
    ("韦", 2), ("付", 2), ("方", 2), ("白", 2), ("邹", 2), ("孟", 2), ("熊", 2), ("秦", 2),
    ("邱", 2), ("江", 2), ("尹", 2), ("薛", 2), ("段", 1), ("雷", 1), ("侯", 1), ("龙", 1),
    ("史", 1), ("陶", 1), ("黎", 1), ("贺", 1), ("顾", 1), ("毛", 1), ("郝", 1), ("龚", 1),
    ("邵", 1), ("万", 1), ("钱", 1), ("严", 1), ("武", 1), ("戴", 1), ("孔", 1), ("汤", 1),
    ("欧阳", 0.3), ("司马", 0.1), ("诸葛", 0.1), ("上官", 0.1),
)  # fmt: skip

# Given-name characters common for people born 1935–1975.
MALE_CHARS = "国建志明德文华伟军福永平庆振春成宝林学兴荣贵祥生海忠金山东新光立长树仁义兵红卫民强刚"
FEMALE_CHARS = "秀英桂兰玉珍淑凤芳梅琴霞丽华红萍燕翠莲素云芬敏静娟惠月香美荣爱琼彩菊"
# Two-character given names that were fashionable then (combinations, not people).
MALE_PAIRS = ("建国", "国华", "志强", "建华", "国强", "建军", "卫东", "红军", "德明", "永福", "振华", "文斌")
FEMALE_PAIRS = ("秀英", "桂英", "玉兰", "淑珍", "秀兰", "凤英", "桂兰", "玉珍", "秀珍", "丽华", "美华", "素芳")

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "177", "180", "181", "182", "183", "186", "187",
    "188", "189", "199",
)  # fmt: skip

CITY = "江川市"
DISTRICTS = ("东城区", "西湖区", "南岭区", "北苑区", "新港区")
STREETS = (
    "建设路", "人民路", "解放街", "和平路", "文化路", "中山路", "长青街", "幸福路", "光明路",
    "胜利街", "青年路", "滨江路", "学府路", "朝阳路", "园林路", "工农街",
)  # fmt: skip
COMMUNITY_HEADS = ("幸福", "阳光", "翠苑", "锦绣", "金桥", "绿洲", "和平", "春晖", "康乐", "长青", "丽景", "东方")
COMMUNITY_TAILS = ("小区", "花园", "新村", "家园", "社区", "公寓")

# Codes of services.customers.taxonomy (SPEC §3) with a label for reading and rough shares among elderly customers.
OCCUPATIONS: tuple[tuple[str, str, float], ...] = (
    ("medical.internal", "医疗·内科", 2), ("medical.surgery", "医疗·外科", 1), ("medical.tcm", "医疗·中医", 1),
    ("medical.nursing", "医疗·护理", 2), ("teacher.university", "教师·大学", 1), ("teacher.middle", "教师·中学", 4),
    ("teacher.primary", "教师·小学", 5), ("military.navy", "军干·海军", 1), ("military.army", "军干·陆军", 2),
    ("military.air", "军干·空军", 1), ("civil_servant", "公务员", 6), ("enterprise.state", "企业·国有", 30),
    ("enterprise.private", "企业·民营", 12), ("enterprise.foreign", "企业·外资", 2), ("engineer", "工程师", 6),
    ("boss", "老板", 4), ("other", "其他", 20),
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    name: str
    sex: str  # M | F
    birth_year: int
    phone: str
    address: str
    occupation: str  # taxonomy code


class PeopleMaker:
    """Makes unique-phone people from one random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._surnames = [s for s, _ in SURNAMES]
        self._surname_cum = _cumulative(w for _, w in SURNAMES)
        self._occupations = [code for code, _, _ in OCCUPATIONS]
        self._occupation_cum = _cumulative(w for _, _, w in OCCUPATIONS)
        self._phones: set[str] = set()
        self._communities = [
            (d, s, h + t)
            for d in DISTRICTS
            for s in rng.sample(STREETS, 6)
            for h, t in [(rng.choice(COMMUNITY_HEADS), rng.choice(COMMUNITY_TAILS)) for _ in range(4)]
        ]

    def surname(self) -> str:
        return self.rng.choices(self._surnames, cum_weights=self._surname_cum)[0]

    def given_name(self, sex: str) -> str:
        rng = self.rng
        pairs, chars = (MALE_PAIRS, MALE_CHARS) if sex == "M" else (FEMALE_PAIRS, FEMALE_CHARS)
        roll = rng.random()
        if roll < 0.25:
            return rng.choice(chars)
        if roll < 0.45:
            return rng.choice(pairs)
        return rng.choice(chars) + rng.choice(chars)

    def name(self, sex: str, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given_name(sex)

    def phone(self) -> str:
        """A valid 11-digit mobile number not handed out before by this maker."""
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def reserve_phones(self, numbers) -> None:
        """Numbers already handed out elsewhere (an existing database): `phone` never returns them."""
        self._phones.update(numbers)

    def address(self) -> str:
        district, street, community = self.rng.choice(self._communities)
        rng = self.rng
        return (
            f"{CITY}{district}{street}{rng.randint(1, 300)}号{community}"
            f"{rng.randint(1, 24)}栋{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
        )

    def occupation(self) -> str:
        return self.rng.choices(self._occupations, cum_weights=self._occupation_cum)[0]

    def person(self, sex: str | None = None, address: str | None = None, birth_year: int | None = None) -> Person:
        sex = sex or ("F" if self.rng.random() < 0.62 else "M")  # more women come to health lectures
        return Person(
            name=self.name(sex),
            sex=sex,
            birth_year=birth_year or self.rng.randint(1935, 1975),
            phone=self.phone(),
            address=address or self.address(),
            occupation=self.occupation(),
        )

    def spouse_of(self, p: Person) -> Person:
        """The spouse: other sex, same address, born within a few years."""
        sex = "M" if p.sex == "F" else "F"
        year = min(1975, max(1935, p.birth_year + self.rng.randint(-4, 4)))
        return self.person(sex=sex, address=p.address, birth_year=year)


def _cumulative(weights) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out
