"""The office's own form layouts (issue 24, item 2): saved per form kind in the data folder, checked,
audited, and refused with a reason naming what is wrong (nothing written then)."""

from __future__ import annotations

import pytest

from models import AuditLog
from services.intake.form_reader import LAYOUTS_FILE, layouts_in
from services.platform.errors import PermissionDenied, ValidationError

BOXES = {"name": (0.3, 0.1, 0.9, 0.2), "phone": (0.3, 0.4, 0.9, 0.5)}


@pytest.fixture
def reader(app, tmp_path):
    app.data_dir = tmp_path / "data"
    return app.form_reader


def test_a_layout_is_kept_per_form_kind_and_audited(reader, office, tmp_path):
    clerk = office.users["clerk"]
    reader.save_layout(clerk, " 社区登记卡 ", BOXES)
    reader.save_layout(clerk, "义诊报名表", {"address": (0.1, 0.6, 0.95, 0.7)})
    assert reader.layouts() == {"社区登记卡": BOXES, "义诊报名表": {"address": (0.1, 0.6, 0.95, 0.7)}}
    assert layouts_in(tmp_path / "data") == reader.layouts()  # what `read-form --layout` reads
    reader.save_layout(clerk, "社区登记卡", {"name": (0.25, 0.1, 0.9, 0.2)})  # marked again: replaced
    assert reader.layouts()["社区登记卡"] == {"name": (0.25, 0.1, 0.9, 0.2)}
    rows = list(AuditLog.select().where(AuditLog.action == "ocr.layout").order_by(AuditLog.id))
    assert len(rows) == 3 and rows[-1].user_id == clerk.user_id
    assert rows[-1].new["kind"] == "社区登记卡" and rows[-1].old == {
        "name": [0.3, 0.1, 0.9, 0.2],
        "phone": [0.3, 0.4, 0.9, 0.5],
    }


@pytest.mark.parametrize(
    ("kind", "boxes", "field", "says"),
    [
        ("  ", BOXES, "kind", "名称"),
        ("卡", {}, "layout", "没有标出"),
        ("卡", {"shoe_size": (0.1, 0.1, 0.2, 0.2)}, "layout", "shoe_size"),
        ("卡", {"name": (0.5, 0.1, 0.4, 0.2)}, "layout", "姓名"),
        ("卡", {"name": (0.1, 0.1, 1.2, 0.2)}, "layout", "不在页面内"),
    ],
)
def test_a_wrong_layout_is_refused_and_nothing_is_written(reader, office, tmp_path, kind, boxes, field, says):
    with pytest.raises(ValidationError) as refused:
        reader.save_layout(office.users["clerk"], kind, boxes)
    assert refused.value.field == field and says in refused.value.message
    assert not (tmp_path / "data" / LAYOUTS_FILE).exists()
    assert AuditLog.select().where(AuditLog.action == "ocr.layout").count() == 0


def test_only_those_who_type_forms_save_layouts(reader, office):
    with pytest.raises(PermissionDenied):
        reader.save_layout(office.users["coordinator"], "卡", BOXES)
    assert reader.layouts() == {}
