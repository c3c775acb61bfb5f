"""Filled paper forms drawn as scans: the OCR benchmark's test set and the demo office's scans.

`draw` paints an A5 landscape form (the 报名表 with labels left of the values, or the 回访表-style grid with
two fields a row) with a card's values written in; `degrade` makes it look like a cheap scanner's page
(rotated up to ±3°, blurred, a noisy JPEG). bench/ocr_forms.py measures the form reader on them; the demo
office (services/cli/demo_scans.py) leaves a few in its scans folder for the clerk's day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from services.customers.taxonomy import OCCUPATION_LABELS
from services.rules.model import CHANNEL_NAMES

INTERESTS = ("养生", "太极", "旅游", "书法", "广场舞", "钓鱼", "戏曲", "园艺")
CHANNELS = ("kepu", "activity", "community", "scatter")
LAYOUTS = ("报名表", "回访表")


@dataclass
class Card:
    """What one person wrote on a form."""

    name: str
    sex: str  # "M" | "F"
    birth_year: int
    phone: str
    address: str
    occupation: str  # a taxonomy code
    channel: str
    interests: str
    age_written: bool  # the age ("72岁") instead of the year of birth


def make_card(rng: random.Random, people: Any, channel: str | None = None) -> Card:
    """A plausible form; ``people`` makes names, phones and addresses (services.cli.demo_people.PeopleMaker)."""
    sex = rng.choice("MF")
    return Card(
        name=people.name(sex),
        sex=sex,
        birth_year=rng.randint(1938, 1966),
        phone=people.phone(),
        address=people.address(),
        occupation=rng.choice(sorted(OCCUPATION_LABELS)),
        channel=channel or rng.choice(CHANNELS),
        interests=" ".join(rng.sample(INTERESTS, 2)),
        age_written=rng.random() < 0.25,
    )


def form_lines(card: Card, rng: random.Random, this_year: int) -> list[tuple[str, str]]:
    """(label, written value) in the order printed, with the variations people write (spaced phones, ages)."""
    phone = card.phone if rng.random() < 0.7 else f"{card.phone[:3]} {card.phone[3:7]} {card.phone[7:]}"
    year = (f"{this_year - card.birth_year}岁", "年龄") if card.age_written else (str(card.birth_year), "出生年份")
    return [
        ("姓名", card.name),
        ("性别", "男" if card.sex == "M" else "女"),
        (year[1], year[0]),
        (rng.choice(("电话", "手机", "联系电话")), phone),
        (rng.choice(("住址", "地址")), card.address),
        ("职业", OCCUPATION_LABELS[card.occupation]),
        ("兴趣", card.interests),
        ("来源", CHANNEL_NAMES[card.channel]),
    ]


def draw(
    card: Card,
    rng: random.Random,
    *,
    layout: str,
    dpi: int,
    label_font: str,
    value_font: str,
    this_year: int = 2026,
) -> Image.Image:
    """An A5 landscape form at ``dpi`` with the card's values written in."""
    width, height = round(8.27 * dpi), round(5.83 * dpi)
    im = Image.new("L", (width, height), 255)
    d = ImageDraw.Draw(im)
    size = round(dpi * 0.14)
    lf = ImageFont.truetype(label_font, size)
    vf = ImageFont.truetype(value_font, round(size * rng.uniform(0.95, 1.1)))
    title = "健康讲座报名表" if layout == "报名表" else "顾客登记 · 回访表"
    d.text((width * 0.36, dpi * 0.2), title, font=lf, fill=0)
    pairs = form_lines(card, rng, this_year)
    if layout == "报名表":
        y = dpi * 0.6
        for label, value in pairs:
            d.text((dpi * 0.4, y), label + ":", font=lf, fill=0)
            d.text((dpi * 1.8, y + rng.uniform(-3, 3)), value, font=vf, fill=rng.randint(0, 60))
            d.line((dpi * 1.7, y + size * 1.3, width - dpi * 0.4, y + size * 1.3), fill=0, width=2)
            y += dpi * 0.6
    else:  # a grid: two fields a row, the address on a row of its own
        rows = [pairs[0:2], pairs[2:4], [pairs[4]], pairs[5:7], [pairs[7]]]
        top, left, right = dpi * 0.6, dpi * 0.3, width - dpi * 0.3
        row_h = dpi * 0.8
        for r, row in enumerate(rows):
            y0 = top + r * row_h
            d.rectangle((left, y0, right, y0 + row_h), outline=0, width=2)
            cell_w = (right - left) / len(row)
            for c, (label, value) in enumerate(row):
                x0 = left + c * cell_w
                d.line((x0, y0, x0, y0 + row_h), fill=0, width=2)
                d.text((x0 + dpi * 0.1, y0 + row_h * 0.3), label, font=lf, fill=0)
                d.text((x0 + dpi * 0.1 + size * 5, y0 + row_h * 0.3), value, font=vf, fill=rng.randint(0, 60))
    return im


def degrade(im: Image.Image, rng: random.Random, path: Path) -> Path:
    """Rotated ±3°, blurred, saved as a noisy JPEG (what a cheap office scanner or a phone gives);
    returns the file written (``path`` with the suffix .jpg)."""
    im = im.rotate(rng.uniform(-3, 3), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.4)))
    target = path.with_suffix(".jpg")
    im.save(target, quality=rng.randint(30, 60))
    return target
