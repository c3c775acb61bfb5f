"""Reading a scanned form with the offline OCR engine: the fields a clerk would otherwise type, and a
clear line instead of a confident guess for pages that are blank, upside down, too big or no form."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
from PIL import Image, ImageDraw, ImageFont

from bench.ocr_forms import FONTS, draw, expected, make_card
from services.cli.demo_people import PeopleMaker
from services.intake import form_reader
from services.intake.form_reader import OcrUnavailable, read_page
from services.platform.errors import ValidationError

FIELDS = ("name", "sex", "birth_year", "phone", "address", "occupation", "channel")


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    """A clean printed 报名表 at 150 dpi and the values written on it."""
    rng = random.Random(11)
    card = make_card(rng, PeopleMaker(random.Random(12)))
    card.age_written = False
    font = FONTS["wqy-microhei"]
    im = draw(card, rng, layout="报名表", dpi=150, label_font=font, value_font=font)
    path = tmp_path_factory.mktemp("ocr") / "form.png"
    im.save(path)
    return path, {**expected(card), "interests": card.interests}, im


def test_a_printed_form_fills_every_field(form, monkeypatch):
    path, want, _ = form
    runs = []
    run = form_reader._run
    monkeypatch.setattr(form_reader, "_run", lambda engine, image: runs.append(1) or run(engine, image))
    reading = read_page(str(path), this_year=2026)
    assert {f: reading.fields[f].value for f in FIELDS if f in reading.fields} == {f: want[f] for f in FIELDS}
    assert all(reading.fields[f].confidence >= form_reader.SURE for f in FIELDS)
    # 兴趣 too, its two interests perhaps run together (then tinted, which alone never costs a second
    # reading of the page turned upside down).
    assert reading.fields["interests"].value.replace(" ", "") == want["interests"].replace(" ", "")
    assert not reading.rotated and len(runs) == 1


def test_an_upside_down_page_is_turned_and_said(form, tmp_path):
    _, want, im = form
    path = tmp_path / "upside.png"
    im.rotate(180).save(path)
    reading = read_page(str(path), this_year=2026)
    assert reading.rotated and "倒置" in reading.note
    assert reading.fields["phone"].value == want["phone"]


def test_a_blank_page_and_a_page_that_is_no_form_fill_nothing(tmp_path):
    blank = tmp_path / "blank.png"
    Image.new("L", (1200, 850), 255).save(blank)
    reading = read_page(str(blank), this_year=2026)
    assert reading.fields == {} and "空白页" in reading.note

    page = Image.new("L", (1200, 850), 255)
    font = ImageFont.truetype(FONTS["wqy-microhei"], 40)
    ImageDraw.Draw(page).text((80, 300), "今天天气很好,我们去公园散步。", font=font, fill=0)
    other = tmp_path / "letter.png"
    page.save(other)
    reading = read_page(str(other), this_year=2026)
    assert reading.fields == {} and "不像报名表" in reading.note


def test_huge_and_non_image_files_are_refused_with_a_reason(tmp_path, monkeypatch, form):
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    with pytest.raises(ValidationError, match="无法作为图片读取"):
        read_page(str(text), this_year=2026)
    monkeypatch.setattr(form_reader, "MAX_PIXELS", 1000)
    with pytest.raises(ValidationError, match="太大"):
        read_page(str(form[0]), this_year=2026)


def test_a_large_scan_is_shrunk_and_said(form, monkeypatch):
    monkeypatch.setattr(form_reader, "MAX_SIDE", 1000)
    reading = read_page(str(form[0]), this_year=2026)
    assert "已缩小" in reading.note and max(reading.size) == 1000


def test_a_pc_without_the_engine_types_as_before(monkeypatch, form):
    monkeypatch.setattr(form_reader, "_engine", None)
    monkeypatch.setattr(form_reader, "_engine_error", None)
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails
    with pytest.raises(OcrUnavailable, match="手工录入"):
        read_page(str(form[0]), this_year=2026)


def test_read_form_command_prints_json(form):
    path, want, _ = form
    out = subprocess.run(
        [sys.executable, "main.py", "read-form", str(path)], capture_output=True, text=True, check=True, timeout=300
    )
    data = json.loads(out.stdout)
    assert data["fields"]["phone"]["value"] == want["phone"] and data["fields"]["phone"]["confidence"] > 0.9
    missing = subprocess.run([sys.executable, "main.py", "read-form", "/no/such.png"], capture_output=True, text=True)
    assert missing.returncode == 2 and "找不到文件" in missing.stderr


def test_read_form_with_a_saved_layout_reads_an_office_s_own_card(tmp_path):
    """`read-form --layout` reads the layouts the 录入 tab saves: an own card is no form by its labels,
    and is read through its boxes."""
    from services.intake.form_reader import LAYOUTS_FILE
    from tests.ocr_cards import FIRST, ROWS, VALUE_X, community_card

    card = tmp_path / "card.png"
    community_card(card, FIRST)
    data = tmp_path / "data"
    data.mkdir()
    boxes = {field: [VALUE_X - 0.02, y - 0.03, 0.97, y + 0.07] for field, _label, y in ROWS}
    (data / LAYOUTS_FILE).write_text(json.dumps({"会员卡": boxes}, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "KEYUAN_DATA_DIR": str(data)}
    command = [sys.executable, "main.py", "--db", str(tmp_path / "k.db"), "read-form", str(card)]
    plain = json.loads(subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout)
    assert plain["fields"] == {} and "不像报名表" in plain["note"]
    read = json.loads(
        subprocess.run([*command, "--layout", "会员卡"], capture_output=True, text=True, check=True, env=env).stdout
    )
    assert {f: read["fields"][f]["value"] for f in FIRST} == FIRST
    unknown = subprocess.run([*command, "--layout", "没有这种"], capture_output=True, text=True, env=env)
    assert unknown.returncode == 2 and "没有名为" in unknown.stderr
