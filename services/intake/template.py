"""The Excel import template (SPEC §8): its columns, the header texts the import recognises, and
`write_template`, which writes the card sheet with drop-down lists and a sheet explaining each column.
"""

from __future__ import annotations

from pathlib import Path

from services.customers.taxonomy import OCCUPATION_LABELS
from services.platform.errors import ValidationError
from services.rules.model import CHANNEL_NAMES, CHANNELS

TEMPLATE_ROWS = 100_000  # rows that get the drop-down lists (a range costs nothing)

SHEET_NAME = "顾客档案"
NOTES_SHEET = "填写说明"
# (key, header, required, explanation) — the header text is what the import matches on.
COLUMNS: tuple[tuple[str, str, bool, str], ...] = (
    ("name", "姓名", True, "必填,最多 64 个字符。"),
    ("sex", "性别", False, "男 或 女,可空。"),
    ("birth_year", "出生年份", False, "四位数字(1956),也可填日期(1956-03-01、1956/3/1、1956年3月1日)。"),
    ("phone1", "电话", True, "必填。手机 11 位以 1 开头;固定电话带区号(010-12345678);可带 +86、空格、横线。"),
    ("phone2", "电话2", False, "第二个电话,可空。"),
    ("address", "地址", False, "最多 255 个字符。"),
    ("occupation", "职业", False, "从下拉列表选择,如 教师·中学、医疗、公务员;可空。"),
    ("channel", "来源渠道", False, "渠道名称或代码(见下表);空则用导入时选择的渠道。"),
    ("staff", "登记员工", False, "员工姓名;填了就记为该员工报名,归属按规则确定。空则用导入时选择的员工。"),
    ("batch", "活动/批次", False, "表格来自的活动或批次名称,可空。"),
    ("notes", "备注", False, "最多 2000 个字符。"),
    (
        "registered_on",
        "登记日期",
        False,
        "原来登记的日期(2026-03-01、2026/3/1、2026年3月1日 或 Excel 日期),档案保留这个日期;填了登记员工时,"
        "报名也记在这一天。早于 24 小时的报名属于补录,须由部门经理或以上导入。空则为导入当时。",
    ),
)
ALIASES = {
    "姓名": "name", "名字": "name", "顾客姓名": "name",
    "性别": "sex",
    "出生年份": "birth_year", "出生年": "birth_year", "出生日期": "birth_year", "生日": "birth_year",
    "电话": "phone1", "手机": "phone1", "电话1": "phone1", "手机号": "phone1", "联系电话": "phone1",
    "手机号码": "phone1", "电话号码": "phone1", "联系方式": "phone1", "移动电话": "phone1", "手机/电话": "phone1",
    "电话2": "phone2", "手机2": "phone2", "固定电话": "phone2", "座机": "phone2", "家庭电话": "phone2",
    "备用电话": "phone2", "其他电话": "phone2",
    "地址": "address", "住址": "address", "家庭住址": "address",
    "职业": "occupation",
    "来源渠道": "channel", "渠道": "channel", "来源": "channel", "客户来源": "channel", "顾客来源": "channel",
    "登记日期": "registered_on", "建档日期": "registered_on", "报名日期": "registered_on",
    "登记时间": "registered_on", "建档时间": "registered_on",
    "登记员工": "staff", "员工": "staff", "报名员工": "staff",
    "活动/批次": "batch", "活动": "batch", "批次": "batch",
    "备注": "notes",
}  # fmt: skip
FIELD_LABELS = {key: header for key, header, _r, _e in COLUMNS}


def write_template(path: str | Path) -> None:
    """The import template: the card sheet with drop-down lists, and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    bold = Font(bold=True)
    for col, (_key, header, required, _expl) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=header)
        cell.font = bold
        if required:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
        ws.column_dimensions[cell.column_letter].width = 30 if _key in ("address", "notes") else 14
    ws.freeze_panes = "A2"
    letters = {key: ws.cell(row=1, column=i).column_letter for i, (key, *_r) in enumerate(COLUMNS, start=1)}
    lists = {
        "sex": '"男,女"',
        "channel": '"' + ",".join(CHANNEL_NAMES[c] for c in CHANNELS) + '"',
        "occupation": '"' + ",".join(OCCUPATION_LABELS.values()) + '"',
    }
    for key, formula in lists.items():
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{letters[key]}2:{letters[key]}{TEMPLATE_ROWS}")
    notes = wb.create_sheet(NOTES_SHEET)
    notes.append(["列名", "是否必填", "说明"])
    for _key, header, required, expl in COLUMNS:
        notes.append([header, "必填" if required else "", expl])
    notes.append([])
    notes.append(["来源渠道名称", "代码", ""])
    for code in CHANNELS:
        notes.append([CHANNEL_NAMES[code], code, ""])
    notes.append([])
    notes.append(
        ["注意", "", "列按表头文字识别,顺序可以不同;多余的列会被忽略。每一行都会检查,有问题的行不会导入,会列在报告里。"]
    )
    notes.append(
        [
            "",
            "",
            "电话与已有档案相同的行,表格并入该档案;姓名相同(或读音相同)且地址相近、或姓名相同且出生年份相同的行,"
            "导入前的预览里逐行选择合并、关联为家人、新建或不导入;与本文件前面某行重复的行不导入。",
        ]
    )
    notes.append(
        [
            "示例",
            "",
            "张丽 | 女 | 1956 | 138 0013 8000 | | 北京市海淀区学院路 1 号 | 教师 | 科普 | 张三 | 三月科普 | 2026-03-01 |",
        ]
    )
    for cell in notes[1]:
        cell.font = bold
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 16
    notes.column_dimensions["C"].width = 90
    for row in notes.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True)
    try:
        wb.save(str(path))
    except OSError as exc:
        raise ValidationError("file", f"模板无法保存:{exc.strerror or exc}。") from exc


__all__ = ["ALIASES", "COLUMNS", "FIELD_LABELS", "NOTES_SHEET", "SHEET_NAME", "write_template"]
