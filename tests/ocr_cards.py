"""An office's own form kind for the OCR layout tests and screenshots: a card whose labels (称呼, 哪年生,
联络, 住处) are none the reader knows, so only a marked layout reads it."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from bench.ocr_forms import FONTS

DPI = 150
WIDTH, HEIGHT = round(8.27 * DPI), round(5.83 * DPI)
# The office's own card: none of these labels is one the reader knows (姓名, 电话, 住址 …).
ROWS = (("name", "称呼", 0.26), ("birth_year", "哪年生", 0.40), ("phone", "联络", 0.54), ("address", "住处", 0.68))
VALUE_X = 0.22  # values start here (fraction of the width); labels sit at the left edge


def community_card(path, values: dict[str, str]) -> None:
    im = Image.new("L", (WIDTH, HEIGHT), 255)
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONTS["wqy-microhei"], round(DPI * 0.14))
    d.text((WIDTH * 0.33, HEIGHT * 0.07), "幸福社区 会员卡", font=font, fill=0)
    for field, label, y in ROWS:
        d.text((WIDTH * 0.06, HEIGHT * y), label, font=font, fill=0)
        d.text((WIDTH * VALUE_X, HEIGHT * y), values[field], font=font, fill=0)
    im.save(path)


FIRST = {"name": "刘桂兰", "birth_year": "1951", "phone": "13912345678", "address": "东城区幸福路18号3栋201室"}
SECOND = {"name": "陈建国", "birth_year": "1948", "phone": "13687654321", "address": "西城区和平街7号1单元502室"}
