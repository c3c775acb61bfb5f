"""Finding a form's fields among OCR lines (no engine here: the lines are given)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.intake.form_fields import TextLine, read_fields


def line(text, x0, y0, x1=None, y1=None, conf=0.99):
    return TextLine(
        text, (x0, y0, x1 if x1 is not None else x0 + 40 * len(text), y1 if y1 is not None else y0 + 40), conf
    )


def values(readings):
    return {name: r.value for name, r in readings.items()}


def test_value_after_the_colon_to_the_right_and_below():
    lines = [
        line("健康讲座报名表", 600, 20),
        line("姓名：王秀英", 100, 100),
        line("性别", 100, 200),
        line("女", 330, 205),
        line("手机", 100, 300),
        line("138 0013 8001", 100, 350),  # under its label
        line("住址:", 100, 450),
        line("海州区幸福里小区11栋2单元1603室", 330, 452),
    ]
    read = read_fields(lines, this_year=2026)
    assert values(read) == {
        "name": "王秀英",
        "sex": "F",
        "phone": "13800138001",
        "address": "海州区幸福里小区11栋2单元1603室",
    }
    assert read["sex"].box == (330, 205, 370, 245)  # the region the clerk sees outlined


def test_a_label_is_never_taken_as_the_value_of_the_label_before_it():
    lines = [line("姓名", 100, 100), line("性别", 400, 100), line("男", 520, 100)]
    assert values(read_fields(lines, this_year=2026)) == {"sex": "M"}


def test_age_becomes_a_birth_year_and_choices_match_the_taxonomy():
    lines = [
        line("年龄:75岁", 100, 100),
        line("职业:教师·中学", 100, 200),
        line("来源:科普", 100, 300),
        line("出生年份", 700, 400),
        line("1952", 900, 400),
    ]
    assert values(read_fields(lines, this_year=2026)) == {
        "birth_year": "1951",
        "occupation": "teacher.middle",
        "channel": "kepu",
    }


def test_a_value_that_fails_the_forms_check_is_never_sure():
    lines = [line("电话:1380013800", 100, 100), line("性别:未知", 100, 200), line("姓名:Tom42", 100, 300)]
    read = read_fields(lines, this_year=2026)
    assert {name: r.confidence for name, r in read.items()} == {"name": 0.0, "sex": 0.0, "phone": 0.0}
    assert "11 位" in read["phone"].note


def test_a_saved_layout_comes_before_the_labels():
    lines = [line("姓名", 100, 100), line("王秀英", 300, 100), line("李", 300, 600), line("建国", 380, 600)]
    layout = {"name": (0.1, 0.5, 0.9, 0.7)}
    read = read_fields(lines, this_year=2026, layout=layout, size=(1000, 1000))
    assert read["name"].value == "李建国"


def test_interests_keep_their_gaps_and_a_run_that_may_be_several_is_never_sure():
    lines = [line("兴趣: 养生  太极、书法", 100, 100), line("姓名 王 秀 英", 100, 200)]
    read = read_fields(lines, this_year=2026)
    assert read["interests"].value == "养生 太极 书法" and read["interests"].confidence == 0.99
    assert read["name"].value == "王秀英"  # spaces inside other fields still go
    # The engine reads 园艺 戏曲 written with a gap as one line: shown, but tinted for the clerk.
    joined = read_fields([line("兴趣", 100, 100), line("园艺戏曲", 300, 100)], this_year=2026)["interests"]
    assert (joined.value, joined.confidence) == ("园艺戏曲", 0.0) and "空格" in joined.note
    assert read_fields([line("爱好:广场舞", 0, 0)], this_year=2026)["interests"].confidence == 0.99
    # Read as several lines of the row: all of them, up to the next label of the row.
    apart = [line("兴趣:钓鱼", 100, 100), line("戏曲", 500, 100), line("书法", 700, 100), line("来源", 900, 100)]
    assert read_fields(apart, this_year=2026)["interests"].value == "钓鱼 戏曲 书法"


def test_interests_in_a_layout_box_are_the_lines_in_it():
    lines = [line("钓鱼", 300, 600), line("戏曲", 600, 600)]
    read = read_fields(lines, this_year=2026, layout={"interests": (0.1, 0.5, 0.9, 0.7)}, size=(1000, 1000))
    assert read["interests"].value == "钓鱼 戏曲"


@given(st.text(max_size=20))
def test_any_phone_text_is_either_a_normalised_number_or_doubtful(text):
    read = read_fields([line("电话:" + text, 0, 0)], this_year=2026)
    if "phone" in read:
        r = read["phone"]
        assert (r.confidence == 0.0 and r.note) or (r.value.isdigit() and 10 <= len(r.value) <= 12)
