"""登记回访 from the 回访跟踪 tab behaves like every other contact (issue 18, SPEC §5): the time picker,
a manager's late entry asks for a reason, a staff member's too-late one is refused naming the time, and
the saved callback answers with what the rules made of it (owner, claim, cases, duties closed)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QDialog

from tests.services.test_callbacks import bought  # noqa: F401 - fixture
from ui.callbacks.dialogs import CallbackDialog
from ui.callbacks.tab import CallbacksTab
from ui.context import UiContext

T = dt.datetime


def page_on(qtbot, app, actor, kind: str):
    """The 回访跟踪 list of ``actor`` with the duty ``kind`` of 王大爷 selected."""
    tab = CallbacksTab(UiContext(app, actor))
    qtbot.addWidget(tab)
    tab.resize(1200, 600)
    tab.show()
    qtbot.waitExposed(tab)
    page = tab.tasks
    page.scope.setCurrentIndex(page.scope.findData("open"))
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).kind == kind)
    page.table.selectRow(row)
    return tab, page


def on_the_list(qtbot, app, office, monkeypatch, user: str):
    """3-13 10:00, two days after 张三's home visit of 3-11 10:00: ``user``'s list at 王大爷's d+3 visit
    duty, and the refusals the dialog shows."""
    app.clock.set(T(2026, 3, 13, 10, 0))
    tab, page = page_on(qtbot, app, office.users[user], "home_d3")
    errors: list[str] = []
    monkeypatch.setattr("ui.callbacks.dialogs.show_error", lambda parent, exc: errors.append(exc.message))
    return tab, page, errors


def test_a_manager_records_a_late_callback_with_a_reason_and_reads_the_answer(
    qtbot,
    app,
    office,
    bought,  # noqa: F811
    monkeypatch,
):
    # The visit (the customer signed the form) reaches the manager two days late.
    _tab, page, errors = on_the_list(qtbot, app, office, monkeypatch, "manager1")
    seen = {}

    def fill_and_save(dialog: CallbackDialog):
        form = dialog.form
        assert dialog.when.dateTime().toPython() == T(2026, 3, 13, 10, 0)  # now by default
        seen["reason shown at first"] = form.isRowVisible(dialog.late_reason)
        dialog.when.setDateTime(QDateTime(T(2026, 3, 11, 10, 0)))
        seen["reason shown when late"] = form.isRowVisible(dialog.late_reason)
        dialog.signed.setChecked(True)
        dialog.on_ok()  # no reason yet: refused, the cursor goes to the reason, the dialog stays open
        seen["refused"] = (list(errors), dialog.result(), dialog.focusWidget() is dialog.late_reason)
        dialog.late_reason.setText("张三外出,签字回访表今天交回")
        dialog.on_ok()
        return dialog.result()

    monkeypatch.setattr(CallbackDialog, "exec", fill_and_save)
    page.on_record()
    assert seen["reason shown at first"] is False and seen["reason shown when late"] is True
    (message,), result, focused = seen["refused"]
    assert "回访时间 3月11日10:00" in message and "补录须写明原因" in message
    assert result != QDialog.DialogCode.Accepted and focused
    assert len(errors) == 1  # the second save, with the reason, went through
    # The answer: who owns him now and why, no case (the owner did not change), and the duties it closed.
    text = page.answer_label.text()
    assert page.answer_label.isVisible()
    assert text.startswith("王大爷:该顾客仍归张三(一部)"), text
    assert "未开冲突案件。" in text
    assert "已完成回访任务:出货后2日内交回访表、出货后第3天家访" in text and "本月签字回访表" in text
    # The card's timeline keeps it at its own time, with when it was recorded and why late (SPEC §5).
    (visit,) = [e for e in app.timeline.events(bought) if e.type == "visit"]
    assert visit.at == T(2026, 3, 11, 10, 0)
    (row,) = [r for r in app.customers.timeline_view(office.users["manager1"], bought) if r.recorded]
    assert row.recorded.startswith("记录于 3月13日10:00") and "补录原因:张三外出,签字回访表今天交回" in row.details
    assert "home_d3" not in {r.kind for r in page.model.rows()}  # the list was reloaded without it


def test_a_staff_members_too_late_callback_is_refused_naming_the_time(
    qtbot,
    app,
    office,
    bought,  # noqa: F811
    monkeypatch,
):
    _tab, page, errors = on_the_list(qtbot, app, office, monkeypatch, "s1")
    seen = {}

    def fill_and_save(dialog: CallbackDialog):
        assert dialog.late_reason is None  # staff give no late-entry reason
        seen["earliest"] = dialog.when.minimumDateTime().toPython()
        # The picker stops 24 hours back; a time forced past it is still refused by the service.
        dialog.when.setMinimumDateTime(QDateTime(T(2026, 3, 1)))
        dialog.when.setDateTime(QDateTime(T(2026, 3, 11, 10, 0)))
        dialog.signed.setChecked(True)
        dialog.on_ok()
        seen["focused"] = dialog.focusWidget() is dialog.when
        return dialog.result()

    monkeypatch.setattr(CallbackDialog, "exec", fill_and_save)
    page.on_record()
    assert seen["earliest"] == T(2026, 3, 12, 10, 0)
    assert len(errors) == 1 and "回访时间 3月11日10:00" in errors[0] and "超过员工补录期限 24 小时" in errors[0]
    assert seen["focused"]
    assert page.answer_label.isHidden()
    assert app.callbacks.history(office.users["s1"], bought) == []
    assert "home_d3" in {r.kind for r in page.model.rows()}
