"""Precision and recall of the duplicate check's address comparison on 2,000 generated pairs.

    python -m bench.address_pairs [--pairs 2000] [--seed 21] [--markdown]

Half the pairs are one home written two ways, as office forms show it (region prefix or not, full-width
digits, spaces, 单元/单, 号楼/栋/幢, 室 or not, 十一 for 11, a character of the compound's name left
out or miswritten, and now and then a mistyped flat number, which no comparison can catch); the other
half are two different homes that look alike (the neighbour's flat, the next building or unit, the
same numbers in another compound), written with the same variations. Each method says "same home" or
not; the table gives precision (of the pairs it called the same, how many were) and recall (of the
pairs that were the same, how many it found). docs/duplicates.md holds the table.
"""

from __future__ import annotations

import argparse
import random
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from services.customers.addresses import SIMILAR, address_similarity, normalize_address

REGIONS = [
    ("北京市", "海淀区"), ("北京市", "朝阳区"), ("上海市", "浦东新区"), ("天津市", "河西区"),
    ("河北省石家庄市", "长安区"), ("山东省济南市", "历下区"), ("江苏省南京市", "鼓楼区"),
    ("浙江省杭州市", "西湖区"), ("河南省郑州市", "金水区"), ("湖北省武汉市", "武昌区"),
]  # fmt: skip
ROADS = ["学院路", "中山路", "解放大街", "人民路", "建设路", "和平里东街", "长江路", "文三路", "花园路", "胜利街"]
COMPOUNDS = [
    "幸福里小区", "阳光家园", "锦绣花园", "金色华庭", "翠湖苑", "和平里小区", "梧桐小区", "书香门第",
    "明珠花园", "世纪新城", "龙湖小区", "东方家园", "紫荆花园", "康乐小区", "丽景苑", "青年公寓",
]  # fmt: skip
HOMOPHONES = {"里": "理", "园": "圆", "华": "化", "苑": "院", "和": "合", "锦": "金", "康": "康", "新": "心"}
CN = "零一二三四五六七八九"


@dataclass(frozen=True)
class Home:
    region: tuple[str, str]
    road: str
    compound: str
    building: int
    unit: int
    flat: int


def random_home(rng: random.Random) -> Home:
    floor = rng.randint(1, 28)
    return Home(
        rng.choice(REGIONS),
        rng.choice(ROADS),
        rng.choice(COMPOUNDS),
        rng.randint(1, 30),
        rng.randint(1, 6),
        floor * 100 + rng.randint(1, 4),
    )


def _cn(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def write(home: Home, rng: random.Random, *, slip: bool) -> str:
    """One way a clerk might write this home; ``slip`` allows a slip of the pen in the compound name."""
    compound = home.compound
    if slip and rng.random() < 0.3:
        i = rng.randrange(len(compound) - 2)  # keep 小区 / 花园 at the end
        ch = compound[i]
        compound = (
            compound[:i] + (HOMOPHONES[ch] if ch in HOMOPHONES and rng.random() < 0.5 else "") + compound[i + 1 :]
        )
    parts = []
    r = rng.random()
    if r < 0.3:
        parts.append(home.region[0] + home.region[1])
    elif r < 0.5:
        parts.append(home.region[1])
    if rng.random() < 0.4:
        parts.append(home.road)
    parts.append(compound)
    building = _cn(home.building) if rng.random() < 0.15 and home.building < 100 else str(home.building)
    parts.append(building + rng.choice(["号楼", "栋", "幢", "号楼", "栋"]))
    parts.append(str(home.unit) + rng.choice(["单元", "单元", "单"]))
    flat = home.flat
    if slip and rng.random() < 0.04:  # a mistyped flat number: the comparison cannot know
        flat = flat + rng.choice([1, -1, 10])
    parts.append(str(flat) + rng.choice(["室", "", ""]))
    sep = rng.choice(["", "", " ", "\u3000"])
    text = sep.join(parts)
    if rng.random() < 0.3:
        text = _fullwidth(text)
    return text


def neighbour(home: Home, rng: random.Random) -> Home:
    """A different home that looks like ``home``."""
    kind = rng.random()
    if kind < 0.35:
        return Home(
            home.region, home.road, home.compound, home.building, home.unit, home.flat + rng.choice([1, -1, 100])
        )
    if kind < 0.55:
        return Home(home.region, home.road, home.compound, home.building, home.unit % 6 + 1, home.flat)
    if kind < 0.7:
        return Home(home.region, home.road, home.compound, home.building % 30 + 1, home.unit, home.flat)
    other = rng.choice([c for c in COMPOUNDS if c != home.compound])
    return Home(home.region, home.road, other, home.building, home.unit, home.flat)


def pairs(n: int, seed: int) -> list[tuple[str, str, bool]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        home = random_home(rng)
        if i % 2 == 0:
            out.append((write(home, rng, slip=False), write(home, rng, slip=True), True))
        else:
            out.append((write(home, rng, slip=False), write(neighbour(home, rng), rng, slip=False), False))
    return out


def _old(a: str, b: str) -> bool:
    """What the check did before: the same text once spaces and full-width forms are gone."""

    def norm(t: str) -> str:
        return "".join(unicodedata.normalize("NFKC", t).split()).lower()

    return norm(a) == norm(b)


def methods() -> dict[str, Callable[[str, str], bool]]:
    out: dict[str, Callable[[str, str], bool]] = {
        "之前:去空格后完全相同": _old,
        "规范化后完全相同": lambda a, b: normalize_address(a) == normalize_address(b),
    }
    for t in (0.75, 0.8, SIMILAR, 0.9, 0.95):
        label = f"规范化 + 相似度 ≥ {t:.2f}" + (" (采用)" if t == SIMILAR else "")
        out[label] = lambda a, b, t=t: address_similarity(normalize_address(a), normalize_address(b)) >= t
    return out


def measure(n: int, seed: int) -> list[dict]:
    data = pairs(n, seed)
    rows = []
    for label, same in methods().items():
        normalize_address.cache_clear()
        started = time.perf_counter()
        tp = fp = fn = tn = 0
        for a, b, truth in data:
            said = same(a, b)
            tp += said and truth
            fp += said and not truth
            fn += truth and not said
            tn += not said and not truth
        took = time.perf_counter() - started
        rows.append(
            dict(
                method=label,
                tp=tp,
                fp=fp,
                fn=fn,
                tn=tn,
                precision=tp / (tp + fp) if tp + fp else 1.0,
                recall=tp / (tp + fn) if tp + fn else 1.0,
                us_per_pair=took / len(data) * 1e6,
            )
        )
    return rows


def markdown(rows: list[dict], n: int, seed: int) -> str:
    lines = [
        f"{n} 对地址(一半是同一住址的不同写法,一半是相似的不同住址),种子 {seed}:",
        "",
        "| 方法 | 找对 | 误报 | 漏报 | 精确率 | 召回率 | 每对用时 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['method']} | {r['tp']} | {r['fp']} | {r['fn']} | {r['precision']:.1%} | {r['recall']:.1%} |"
            f" {r['us_per_pair']:.0f} µs |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", type=int, default=2000)
    p.add_argument("--seed", type=int, default=21)
    args = p.parse_args(argv)
    print(markdown(measure(args.pairs, args.seed), args.pairs, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
