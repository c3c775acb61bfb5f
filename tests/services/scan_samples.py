"""Scan files for the intake tests: small real images and PDFs, and damaged ones."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path


def png_bytes(width: int = 60, height: int = 80, shade: int = 200) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (shade, shade, 255 - shade)).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 30)).save(buf, "JPEG")
    return buf.getvalue()


def tiff_pages_bytes(pages: int = 3) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (50, 70), 40 * i) for i in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    return buf.getvalue()


def huge_png_bytes(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny file whose header claims enormous dimensions (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def pdf_bytes(pages: int = 3) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(pages):
        c.drawString(100, 700, f"form page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    p = folder / name
    p.write_bytes(data)
    return p


FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def paper_form_png(name: str = "张丽", phone: str = "138 0013 8000", year: str = "1956", seed: int = 0) -> bytes:
    """A scanned-looking 报名表 (registration form) with handwriting-like entries, for screenshots."""
    from PIL import Image, ImageDraw, ImageFont

    w, h = 1240, 1754  # A4 at 150 dpi
    im = Image.new("RGB", (w, h), (250, 248, 240))
    d = ImageDraw.Draw(im)
    try:
        big, mid, hand = (ImageFont.truetype(FONT, s) for s in (56, 34, 44))
    except OSError:  # no CJK font on this machine: the image is still a valid scan
        big = mid = hand = ImageFont.load_default()
    d.text((w // 2, 130), "健康科普讲座 报名登记表", font=big, fill=(20, 20, 20), anchor="mm")
    d.text((w // 2, 200), "(请用正楷填写,谢谢合作)", font=mid, fill=(90, 90, 90), anchor="mm")
    rows = [
        ("姓名", name),
        ("性别", "女"),
        ("出生年份", year),
        ("联系电话", phone),
        ("家庭住址", "北京市海淀区学院路 1 号院 3 楼"),
        ("职业(退休前)", "中学教师"),
        ("登记员工", "张三"),
        ("活动名称", "三月健康科普"),
    ]
    top, row_h, left, mid_x, right = 300, 150, 90, 420, w - 90
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        d.rectangle((left, y, right, y + row_h), outline=(40, 40, 40), width=3)
        d.line((mid_x, y, mid_x, y + row_h), fill=(40, 40, 40), width=3)
        d.text((left + 24, y + row_h // 2), label, font=mid, fill=(20, 20, 20), anchor="lm")
        d.text(
            (mid_x + 30 + (seed * 7 + i * 13) % 25, y + row_h // 2 + 6),
            value,
            font=hand,
            fill=(25, 45, 150),
            anchor="lm",
        )
    d.text((left, top + len(rows) * row_h + 60), "本人同意参加活动并接受回访。  签名:", font=mid, fill=(20, 20, 20))
    buf = io.BytesIO()
    im.rotate(0.6, fillcolor=(250, 248, 240)).save(buf, "PNG")
    return buf.getvalue()
