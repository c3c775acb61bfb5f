"""Each role's day (SPEC §10), walked through the real login dialog and the real main window.

Every function takes a `Walk` on a fresh copy of the demo office and returns nothing: it asserts
what the user would see at each step (the sentence, the row, the owner, the file) and raises when
the day cannot be walked. The tests call them; tools/walk.py calls them with screenshots on.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox

from models import ConflictCase  # noqa: F401 - documents what the checks below read through services
from services.cli.demo_scans import RETURNING, returning, stack
from services.platform.database import close_database, open_database
from tests.journeys.driver import DEMO_SEED, JourneyFailed, Walk
from ui.context import UiContext

PASSWORDS = {"admin": "admin123", "clerk": "clerk123", "director": "director123", "coord": "coord123"}
PASSWORDS |= {"boss": "boss123", "front": "front123", "manager1": "manager123", "staff01": "staff123"}


# -- signing in ---------------------------------------------------------------------------------------


def log_in(walk: Walk, db: Path, username: str):
    """Open the database as the program does, type the user and password in the login dialog,
    press Enter, and open the window the role lands in."""
    from ui.application import demo_hint, open_window
    from ui.login_dialog import LoginDialog

    label = open_database(str(db))
    services = walk.open_services()
    dialog = LoginDialog(services, services.settings.office_name(), demo_hint())
    dialog.show()
    walk.wait(dialog.isVisible, "登录对话框")
    walk.step("登录", dialog)
    dialog.user_edit.clear()
    walk.type(dialog.user_edit, username)
    walk.key(dialog.user_edit, Qt.Key.Key_Tab)
    walk.type(dialog.password_edit, PASSWORDS[username])
    walk.key(dialog.password_edit, Qt.Key.Key_Return)
    walk.wait(lambda: dialog.result() == QDialog.DialogCode.Accepted, "登录成功")
    ctx = UiContext(services, dialog.actor, label)
    window = open_window(ctx)
    window.showNormal()  # the front desk opens maximized: the day is looked at at one size (walk.size)
    window.resize(*walk.size)
    window.activateWindow()
    walk.window = window
    walk.wait(window.isVisible, "主窗口")
    walk.step("登录后的首页")
    return window


def log_out(walk: Walk) -> None:
    from ui.worker import wait_for_writes

    walk.close()
    wait_for_writes()
    close_database()


def landing(window) -> str:
    """The key of the tab shown first after login."""
    return window.tab_keys[window.tabs.currentIndex()]


def expect(condition: object, what: str) -> None:
    if not condition:
        raise JourneyFailed(what)


# -- 管理员 admin: users, departments, rule parameters, backups ------------------------------------


def admin_day(walk: Walk, db: Path) -> None:
    window = log_in(walk, db, "admin")
    expect(landing(window) == "settings", f"管理员应落在“设置”,实际是 {landing(window)}")
    settings = window.tab_widget("settings")
    users = settings.show_page("users")
    walk.step("用户与角色")
    walk.type(users.username_edit, "clerk2")
    walk.type(users.display_edit, "新录入员")
    users.role_combo.setCurrentIndex(users.role_combo.findData("clerk"))
    walk.type(users.password_edit, "clerk2pass")
    walk.type(users.password2_edit, "clerk2pass")
    walk.step("填写新用户")
    walk.key(users.password2_edit, Qt.Key.Key_Return)
    row = walk.wait(lambda: walk.find_row(users.table, "clerk2", 0) + 1, "新用户出现在列表中") - 1
    expect(walk.rows(users.table)[row][1:3] == ["新录入员", "录入员"], f"新用户一行:{walk.rows(users.table)[row]}")
    walk.step("新用户已添加")
    backup = settings.show_page("backup")
    before = len(backup.files)
    walk.answer_box("备份完成")
    walk.click(backup.backup_button)
    walk.wait(lambda: len(backup.files) == before + 1, "备份列表多了一份")
    made = backup.files[0].path if backup.files else None
    expect(made is not None and Path(made).exists() and Path(made).stat().st_size > 0, "备份文件已写出")
    expect(any(str(made) in s for s in walk.seen), f"备份后的提示说明了文件在哪里:{walk.seen}")
    walk.step("备份列表")
    log_out(walk)
    # The new user can sign in.
    walk2 = Walk(walk.role, walk.day, walk.shots)
    walk2.n = walk.n
    PASSWORDS["clerk2"] = "clerk2pass"
    window = log_in(walk2, db, "clerk2")
    expect(window.ctx.actor.role == "clerk", "新用户以录入员身份登录")
    walk.n = walk2.n
    log_out(walk2)


# -- 前台 front desk: type a phone → read the owner → log a store visit or check a customer in ---------


def front_desk_day(walk: Walk, db: Path) -> None:
    window = log_in(walk, db, "front")
    from ui.frontdesk.window import FrontDeskWindow

    expect(isinstance(window, FrontDeskWindow), "前台登录后只看到查询窗口")
    panel = window.panel
    services, actor = walk.services, panel.ctx.actor
    expect("今日会议" in panel.meetings_label.text(), f"前台看到今天的会议:{panel.meetings_label.text()}")
    meeting = services.frontdesk.todays_meetings(actor)[0]
    # A customer invited to today's meeting walks in; the desk types the last four digits of the phone.
    invited = [i for i in _invitations(walk, meeting.id) if not i.attended]
    expect(invited, "今天的会议有已邀约的顾客")
    guest = invited[0]
    director = walk.services.auth.login("director", PASSWORDS["director"])  # who has the paper list
    card = services.customers.get(director, guest.customer_id)
    phone = card.phones[0]
    walk.type(panel.search, phone)
    walk.key(panel.search, Qt.Key.Key_Return)
    walk.wait(lambda: panel.model.rowCount() >= 1, "查询结果")
    walk.step("查到顾客")
    row = walk.rows(panel.table)[0]
    masked = phone[:3] + "****" + phone[-4:]
    expect(any(masked in c for c in row), f"电话只显示 {masked}:{row}")
    verdict = services.timeline.verdict(guest.customer_id)
    owner = services.org.get_staff(verdict.owner).name if verdict.owner_is_staff else "公司资源池"
    expect(any(owner in c for c in row), f"前台读到归属 {owner}:{row}")
    expect(card.name not in " ".join(row), "前台看不到完整姓名")
    walk.key(panel.table, Qt.Key.Key_Return)
    walk.wait(lambda: panel.action_dialog is not None and panel.action_dialog.isVisible(), "操作对话框")
    walk.step("选择操作")
    walk.key(panel.action_dialog, Qt.Key.Key_2)
    walk.wait(lambda: "签到" in panel.status.text(), "签到结果")
    walk.step("已签到")
    expect(
        any(i.customer_id == guest.customer_id and i.attended for i in _invitations(walk, meeting.id)),
        "签到记为到会",
    )
    log_out(walk)


def _invitations(walk: Walk, meeting_id: int):

    director = walk.services.auth.login("director", PASSWORDS["director"])
    return walk.services.meetings.invitations(director, meeting_id)


# -- 协调助理 coordinator: the 资源共享 check each evening → open cases → rule or escalate ------------


def coordinator_day(walk: Walk, db: Path) -> None:
    window = log_in(walk, db, "coord")
    expect(landing(window) == "cases", f"协调助理应落在“冲突仲裁”,实际是 {landing(window)}")
    tab = window.tab_widget("cases")
    walk.wait(lambda: tab.model.rowCount() >= 2, "待处理的冲突案件")
    rows = walk.rows(tab.table)
    kinds = {r[2] for r in rows} if rows and len(rows[0]) > 2 else set()
    expect(len(rows) >= 2, f"队列里至少有两件待处理案件:{rows}")
    walk.step("冲突仲裁队列")
    walk.click_row(tab.table, 0)
    walk.wait(lambda: tab.case_view.detail is not None, "案件详情")
    first = tab.case_view.detail.case
    walk.step("案件详情")
    walk.when_dialog(walk.press_ok, "接受建议")
    walk.click(tab.case_view.accept_button)
    walk.wait(lambda: walk.services.cases.get(window.ctx.actor, first.id).state == "ruled", "案件已裁决")
    walk.step("已接受建议")
    # The 资源共享 list check: the joint meeting's duplicate invitations.
    meetings = walk.open_tab(window, "meetings")
    walk.step("会议与重复邀约核对")
    expect(meetings.panel.check_index >= 0, "协调助理能看到重复邀约核对")
    joint = _next_joint_meeting(walk, window)
    expect(
        meetings.panel.meeting_id == joint.id and meetings.panel.tabs.currentIndex() == meetings.panel.check_index,
        "协调助理打开会议页时看到下一场联合会议的重复邀约核对",
    )
    _ = kinds
    log_out(walk)


# -- 总经理 GM: escalated cases → final rulings --------------------------------------------------------


def gm_day(walk: Walk, db: Path) -> None:
    window = log_in(walk, db, "boss")
    expect(landing(window) == "cases", f"总经理应落在“冲突仲裁”,实际是 {landing(window)}")
    tab = window.tab_widget("cases")
    walk.click(tab.gm_button)
    walk.wait(lambda: tab.model.rowCount() >= 1, "上报总经理的案件")
    walk.step("总经理待办")
    walk.click_row(tab.table, 0)
    walk.wait(lambda: tab.case_view.detail is not None, "案件详情")
    case = tab.case_view.detail.case
    expect(case.state == "escalated", "这件案件等待总经理终裁")

    def rule(d) -> None:
        walk.type(d.reason_edit, "双方都有记录,按先预热者归属")
        walk.step("终裁理由", d)
        walk.press_ok(d)

    walk.when_dialog(rule, "总经理终裁")
    walk.click(tab.case_view.final_button)
    walk.wait(lambda: walk.services.cases.get(window.ctx.actor, case.id).state == "ruled", "终裁完成")
    walk.step("已终裁")
    log_out(walk)


# -- 顾客资源总监 director: pool → reassign → figures ---------------------------------------------------


def director_day(walk: Walk, db: Path) -> None:
    window = log_in(walk, db, "director")
    expect(landing(window) == "allocation", f"资源总监应落在“档案分配”的公司资源池,实际是 {landing(window)}")
    alloc = window.tab_widget("allocation")
    pool = alloc.pool
    expect(alloc.pages.currentWidget() is pool, "资源总监登录后先看到公司资源池")
    walk.wait(lambda: pool.pool.rowCount() >= 1, "公司资源池里的顾客")
    escalated = walk.services.cases.count(window.ctx.actor, "escalated")
    expect(escalated >= 1, "演示办公室里有上报总经理的案件")
    expect(
        pool.cases_line.isVisible() and f"等待终裁的案件 {escalated} 件" in pool.cases_line.text(),
        f"资源池上方说明上报的案件:{pool.cases_line.text()}",
    )
    walk.step("公司资源池")
    walk.click_row(pool.pool_view, 0)
    customer = pool.selected_customers()[0]

    def assign(d) -> None:
        d.staff.setCurrentIndex(0)
        walk.type(d.reason, "顾客住在该员工负责的小区")
        walk.step("指定员工与理由", d)
        walk.press_ok(d)

    walk.when_dialog(assign, "指定给一名员工")
    walk.click(pool.one_button)
    walk.wait(lambda: walk.services.timeline.verdict(customer).owner_is_staff, "顾客已分给员工")
    walk.step("已指定")
    # The escalated cases, one click from the pool.
    pool.cases_line.linkActivated.emit("escalated")  # the link's click
    cases = window.tab_widget("cases")
    walk.wait(lambda: window.tabs.currentWidget() is cases and cases.model.rowCount() == escalated, "上报的案件")
    expect(all(r[2] == "已上报总经理" for r in walk.rows(cases.table)), f"只列出上报的案件:{walk.rows(cases.table)}")
    walk.step("上报总经理的案件")
    log_out(walk)


# -- 部门经理 manager: distribute returned batches → submit the joint-meeting list → visit sheets --------


def manager_day(walk: Walk, db: Path, out: Path) -> None:
    window = log_in(walk, db, "manager1")
    expect(landing(window) == "overview", f"部门经理应落在“部门概况”,实际是 {landing(window)}")
    overview = window.tab_widget("overview")
    lines = " ".join(" ".join(r) for r in _table_texts(overview.table))
    expect("批次" in lines and "名单" in lines, f"概况列出等待分配的批次和今晚的名单:{lines[:300]}")
    walk.step("部门概况")
    alloc = walk.open_tab(window, "allocation")
    page = alloc.batches
    walk.wait(lambda: walk.find_row(page.batch_view, "已返还") >= 0, "返还给本部门的批次")
    walk.click_row(page.batch_view, walk.find_row(page.batch_view, "已返还"))
    walk.wait(lambda: page.preview is not None, "分配预览")
    walk.step("返还批次的分配预览")
    batch_id = page.preview.batch_id
    walk.answer_box("确认分配", QMessageBox.StandardButton.Yes)
    walk.click(page.confirm_button)
    walk.wait(lambda: walk.services.allocation.get(window.ctx.actor, batch_id).state == "distributed", "批次已分配")
    walk.step("已分配")
    # The allocation sheet, exported: the save dialog, then one line saying where the file went.
    sheet = out / "分配表.xlsx"
    walk.save_file_as(sheet, "导出分配表")
    walk.click(page.export_button)
    walk.wait(sheet.exists, "分配表已写出")
    walk.wait(window.saved_bar.isVisible, "导出后的一行提示")
    expect(str(sheet) in window.saved_bar.label.text(), f"提示说明文件在哪里:{window.saved_bar.label.text()}")
    walk.step("分配表已导出")
    # The joint-meeting list before 18:00.
    meetings = walk.open_tab(window, "meetings")
    panel = meetings.panel
    joint = _next_joint_meeting(walk, window)
    meetings.meetings.selectRow(walk.find_row(meetings.meetings, joint.title))
    walk.wait(lambda: panel.meeting_id == joint.id, "联合会议")
    panel.tabs.setCurrentIndex(panel.lists_index)
    walk.wait(lambda: panel.submit_button.isEnabled(), "有待报送的敲定顾客")
    walk.step("今晚到期的名单")
    walk.answer_box("名单已报送")
    walk.click(panel.submit_button)
    walk.wait(lambda: any("按时报送" in s for s in walk.seen), f"报送结果:{walk.seen}")
    walk.step("名单已报送")
    # Tomorrow's visit sheets, printed to PDF and read back.
    callbacks = walk.open_tab(window, "callbacks").tasks

    def choose_tomorrow(d) -> None:
        expect(d.day.date().toPython() == walk.now.date() + dt.timedelta(days=1), "回访单默认是明天的")
        walk.press_ok(d)

    walk.when_dialog(choose_tomorrow, "回访单日期")
    target = out / "回访单.pdf"

    def keep_pdf(preview) -> None:
        shutil.copyfile(preview.pdf_path, target)
        preview.reject()

    from ui.print_preview import PrintPreviewDialog

    walk.click(callbacks.print_button)
    walk.when_dialog(keep_pdf, "回访单打印预览", PrintPreviewDialog)
    walk.wait(target.exists, "打印预览里的回访单")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    expect("回访" in text, f"回访单 PDF 读回:{text[:200]}")
    log_out(walk)


def _table_texts(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def _next_joint_meeting(walk: Walk, window):
    today = walk.now.date()
    for m in walk.services.meetings.upcoming(today):
        if m.joint and m.date > today:
            return m
    raise JourneyFailed("演示办公室里没有下周的联合会议")


# -- 员工 staff: countdowns → record pre-heats, invitations, visits, callbacks ---------------------------


def staff_day(walk: Walk, db: Path) -> None:
    window = log_in(walk, db, "staff01")
    expect(landing(window) == "customers", f"员工应落在“我的顾客”,实际是 {landing(window)}")
    tab = window.tab_widget("customers")
    walk.wait(lambda: tab.model.rowCount() >= 1, "我的顾客")
    walk.step("我的顾客")
    # Today's tasks above the list (SPEC §10): each line with its countdown, most urgent first.
    tasks = tab.today
    expect(tasks is not None and tasks.isVisible(), "员工的首页没有“今天的任务”")
    expect(tasks.title.text().startswith("今天的任务"), f"任务标题是“{tasks.title.text()}”")
    # A customer of mine whose pre-heat is due (R2): found in the list, pre-heated from the contact menu.
    actor, services = window.ctx.actor, walk.services
    due = _pending_customer(walk, actor.staff_id)
    expect(due is not None, "演示办公室里 staff01 有一位待预热的顾客")
    listed = [line.customer_id for line in tasks.lines if line.rule == "R2" and not line.is_duty]
    expect(due in listed, "待预热的顾客应在今天的任务里,附倒计时")
    name = services.customers.get(actor, due).name
    walk.type(tab.search, name)
    walk.key(tab.search, Qt.Key.Key_Return)
    walk.wait(lambda: _select(walk, tab, due), f"列表里找到 {name}")
    walk.step("找到待预热的顾客")
    preheat = next(a for a in tab.contact_menu.actions() if a.data() == "preheat")
    walk.when_dialog(walk.press_ok, "登记预热")
    preheat.trigger()
    walk.wait(lambda: services.timeline.verdict(due).claim_state == "active", "预热后归属有效")
    walk.wait(
        lambda: due not in [line.customer_id for line in tasks.lines if line.rule == "R2"], "预热后这一项离开今天的任务"
    )
    walk.step("预热已登记")
    # The action answers (issue 18): one sentence with the owner, the rule and the deadline.
    walk.answer = _visible_answer(window, services.org.get_staff(actor.staff_id).name)
    expect(walk.answer, "预热后没有一句话说明归属、规则和期限")
    # The callbacks due: the first one recorded from the list with Enter.
    callbacks = walk.open_tab(window, "callbacks").tasks
    walk.step("今天的回访任务")
    before = callbacks.model.rowCount()
    expect(before > 0, "演示办公室里这位员工今天有回访任务")
    walk.click_row(callbacks.table, 0)
    walk.when_dialog(walk.press_ok, "登记回访")
    walk.key(callbacks.table, Qt.Key.Key_Return)
    walk.wait(lambda: callbacks.model.rowCount() < before, "回访登记后这一项离开待办")
    owner = services.org.get_staff(actor.staff_id).name
    expect(owner in callbacks.answer_label.text(), f"回访后一句话说明归属:{callbacks.answer_label.text()}")
    walk.step("回访已登记")
    log_out(walk)


def _pending_customer(walk: Walk, staff_id: int) -> int | None:
    """One of ``staff_id``'s customers whose pre-heat is still due (as the countdown column shows)."""
    director = walk.services.auth.login("director", PASSWORDS["director"])
    for cid in _customers_of(walk, director, staff_id):
        v = walk.services.timeline.verdict(cid)
        if v.claim_state == "pending" and v.owner == staff_id:
            return cid
    return None


def _customers_of(walk: Walk, actor, staff_id: int) -> list[int]:
    from services.customers.search import CustomerQuery

    page = walk.services.customers.search(actor, CustomerQuery(owner_id=staff_id), limit=500)
    return [r.id for r in page.rows]


def _select(walk: Walk, tab, customer_id: int) -> bool:
    """Click the customer's row in the list (once the search has found it)."""
    for r in range(tab.model.rowCount()):
        row = tab.model.row_at(r)
        if row is not None and row.id == customer_id:
            walk.click_row(tab.table, r)
            return tab.current_id() == customer_id
    return False


def _visible_answer(window, owner: str) -> str:
    """The sentence the program showed after an action (owner, rule, until when), if any."""
    import re

    from PySide6.QtWidgets import QLabel

    texts = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    texts.append(window.statusBar().currentMessage())
    for t in texts:
        if owner in t and re.search(r"R\d+", t):
            return t
    return ""


# -- 录入员 clerk: scans → type each form → 查重 → process a batch → return it ---------------------------


def clerk_day(walk: Walk, db: Path) -> None:
    window = log_in(walk, db, "clerk")
    expect(landing(window) == "intake", f"录入员应落在录入队列,实际是 {landing(window)}")
    intake = window.tab_widget("intake")
    panel, form = intake.batch_panel, intake.form
    expect(form.name.hasFocus() or window.focusWidget() is form.name, "打开录入页时光标在姓名里")
    # The stack of activity forms handed in yesterday: its batch is chosen once, and the rest of the stack,
    # scanned, opens with it from the office's scans inbox. (The clerk types by hand here: reading the scans
    # ahead, 自动识别, is switched off, so the journey does not wait for OCR.)
    if intake.read_scans.isChecked():
        intake.read_scans.click()
    index = walk.wait(
        lambda: next((i for i in range(panel.chooser.count()) if "赠书" in panel.chooser.itemText(i)), 0),
        "等待录入的批次",
    )
    panel.chooser.setCurrentIndex(index)
    walk.wait(lambda: panel.batch is not None, "批次已选")
    batch_id = panel.batch.id
    cards_before = panel.cards.rowCount()
    scans = stack(DEMO_SEED, walk.day)
    walk.wait(lambda: len(intake.items) == len(scans), f"批次的 {len(scans)} 张扫描件")
    expect(intake.progress.text() == f"已录入 0 / {len(scans)}", f"扫描件进度:{intake.progress.text()}")
    shown = intake.viewer._item  # the page drawn in the viewer
    expect(shown is not None and not shown.pixmap().isNull(), "左边显示第一张扫描件")
    walk.step("选定批次,扫描件已打开")
    # The first form, typed as it reads, with Tab between the fields and Enter to save.
    form_card = scans[0]
    walk.type(form.name, form_card.name)
    walk.key(form.name, Qt.Key.Key_Tab)
    for _ in range(1 if form_card.sex == "M" else 2):  # 性别: — → 男 → 女
        walk.key(None, Qt.Key.Key_Down)
    walk.key(None, Qt.Key.Key_Tab)
    walk.type(form.birth_year, str(form_card.birth_year))
    walk.key(form.birth_year, Qt.Key.Key_Tab)
    walk.type(form.phone1, form_card.phone)
    walk.type(form.address, form_card.address)
    walk.step("录入一张表")
    walk.key(form.address, Qt.Key.Key_Return)
    walk.wait(lambda: "已保存" in intake.status.text(), f"保存结果:{intake.status.text()}")
    expect("已加入批次" in intake.status.text(), f"保存后说明已加入批次:{intake.status.text()}")
    walk.wait(lambda: intake.progress.text() == f"已录入 1 / {len(scans)}", "下一张扫描件")
    walk.wait(lambda: panel.cards.rowCount() == cards_before + 1, "批次多了一张档案")
    walk.step("已保存并加入批次")
    # 表02 was filled in by a regular, whose phone is already on an owned card: typed as it reads, 查重
    # stops the save; 1 merges it.
    regular = returning()
    expect(regular is not None, "表02 是老顾客的表")
    existing, form_card = walk.services.customers.get(window.ctx.actor, regular[0]), scans[RETURNING]
    expect(existing.name == form_card.name, f"录入员看得到老顾客的全名:{existing.name}")
    walk.type(form.name, form_card.name)
    walk.type(form.phone1, form_card.phone)
    walk.key(form.phone1, Qt.Key.Key_Return)
    walk.wait(lambda: intake.duplicates.candidates, "查重提示")
    walk.step("查重提示")
    walk.key(intake.duplicates.list, Qt.Key.Key_1)
    walk.wait(lambda: "已合并到档案" in intake.status.text(), f"合并结果:{intake.status.text()}")
    # the card has an owner: the clerk is told now that processing will list it, not allocate it
    expect(
        "已归" in intake.status.text() and "不再分配" in intake.status.text(),
        f"合并到有归属的档案后说明不再分配:{intake.status.text()}",
    )
    walk.step("已合并")
    # 处理 and 返还, from the same panel.
    walk.click(panel.process_button)
    walk.wait(lambda: walk.services.allocation.get(window.ctx.actor, batch_id).state == "processed", "处理完毕")
    walk.step("处理结果")
    walk.wait(lambda: panel.return_button.isEnabled(), "可以返还")
    walk.click(panel.return_button)
    walk.wait(lambda: walk.services.allocation.get(window.ctx.actor, batch_id).state == "returned", "已返还")
    walk.step("已返还")
    log_out(walk)


__all__ = [
    "QLineEdit",
    "admin_day",
    "clerk_day",
    "coordinator_day",
    "director_day",
    "front_desk_day",
    "gm_day",
    "manager_day",
    "staff_day",
    "dt",
]
