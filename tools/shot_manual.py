"""Screenshots for the user manual (docs/用户手册.md), taken from the real windows on a demo office.

Run under a real X server, so fonts and styles are what users see:

    .venv/bin/python main.py demo /tmp/manual-demo.db --customers 300
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/shot_manual.py /tmp/manual-demo.db [NAME ...]

The demo database is copied to a temporary folder first (logins and the few set-up actions below
never touch the original). The clock stands on the morning after the demo's last day
(2026-11-21 09:00), so countdowns read as they would when the office opens; the deadline sweep runs
once, as the program does at start. Each shot logs in with the demo password of its role
(docs/DEMO.md), builds the real MainWindow (or the front-desk kiosk, or a dialog), chooses the tab
and page, waits for the background jobs and grabs a 1280×800 PNG into docs/manual/.
The few states the demo does not contain (a queue of scans, a lookup request) are made through the
same services the interface calls.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from tools.walk import MANUAL, shrink  # noqa: E402

OUT = ROOT / "docs" / "manual"
NOW = dt.datetime(2026, 11, 21, 9, 0)
SIZE = (1280, 800)
PASSWORDS = {
    "admin": "admin123",
    "clerk": "clerk123",
    "director": "director123",
    "coord": "coord123",
    "boss": "boss123",
    "front": "front123",
    "manager1": "manager123",
    "staff01": "staff123",
    "staff02": "staff123",
    "staff09": "staff123",
}
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def wait(ms: int) -> None:
    """Let the event loop run (background jobs report back through it) for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, name: str) -> None:
    path = OUT / f"{name}.png"
    if path.name in MANUAL.values():
        print(f"{path.relative_to(ROOT)}  comes from tools/walk.py --manual")
        return
    widget.grab().save(str(path), "PNG")
    shrink(path)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


class Shooter:
    def __init__(self, services, label: str):
        self.services = services
        self.label = label
        self.path = ""

    def ctx(self, user: str):
        from ui.context import UiContext

        actor = self.services.auth.login(user, PASSWORDS[user])
        return UiContext(self.services, actor, self.label)

    def main_window(self, user: str, tab: str):
        from ui.main_window import MainWindow

        win = MainWindow(self.ctx(user), start_sweep=False, lock_session=False)
        win.resize(*SIZE)
        idx = win.tab_keys.index(tab)
        win.tabs.setCurrentIndex(idx)
        win.show()
        wait(600)
        return win, win.tab_widget(tab)


# --- the scans the clerk types from: drawn here like a filled-in paper form --------------------


def make_scans(folder: Path, people: list[tuple[str, str, str, str]]) -> None:
    from PIL import Image, ImageDraw, ImageFont

    title = ImageFont.truetype(FONT, 46)
    text = ImageFont.truetype(FONT, 34)
    hand = ImageFont.truetype(FONT, 38)
    for i, (name, year, phone, address) in enumerate(people, 1):
        img = Image.new("RGB", (1240, 1754), "white")
        d = ImageDraw.Draw(img)
        d.text((330, 90), "健康科普讲座 顾客登记表", font=title, fill="black")
        rows = [("姓名", name), ("出生年份", year), ("电话", phone), ("住址", address), ("职业", "退休教师")]
        y = 260
        for label, value in rows:
            d.rectangle((100, y, 1140, y + 110), outline="black", width=3)
            d.line((330, y, 330, y + 110), fill="black", width=3)
            d.text((125, y + 35), label, font=text, fill="black")
            d.text((370, y + 30), value, font=hand, fill=(20, 40, 140))
            y += 110
        d.text((100, y + 60), "活动:11月20日 东城区幸福社区科普    收表人:健康一部", font=text, fill="black")
        d.text((100, y + 140), "本人同意公司在健康服务中与我联系。  签字:", font=text, fill="black")
        d.text((800, y + 130), name, font=hand, fill=(20, 40, 140))
        img.save(folder / f"scan-{i:02d}.png")


# --- the shots ---------------------------------------------------------------------------------


def shot_setup(_sh: Shooter) -> None:
    from services.app import Services
    from services.platform.database import close_database, open_database
    from ui.setup_dialog import SetupDialog

    empty = Path(tempfile.mkdtemp(prefix="keyuan-empty-")) / "new.db"
    close_database()
    open_database(str(empty))
    dlg = SetupDialog(Services())
    dlg.show()
    wait(300)
    save(dlg, "setup")
    dlg.close()
    close_database()
    open_database(_sh.path)


def first_customer_phone(sh: Shooter) -> tuple[str, str]:
    from services.customers.search import CustomerQuery

    admin = sh.services.auth.login("admin", PASSWORDS["admin"])
    page = sh.services.customers.search(admin, CustomerQuery(), limit=5)
    info = sh.services.customers.get(admin, page.rows[0].id)
    return info.name, info.phones[0]


def shot_intake(sh: Shooter) -> None:
    folder = Path(tempfile.mkdtemp(prefix="keyuan-scans-"))
    dup_name, dup_phone = first_customer_phone(sh)
    make_scans(
        folder,
        [
            ("刘桂兰", "1951", "139 1234 5678", "江川市东城区幸福路18号3栋2单元401"),
            (dup_name, "1950", dup_phone, "江川市西湖区"),
            ("陈德明", "1948", "13712345679", "江川市南岭区和平街6号"),
        ],
    )
    win, tab = sh.main_window("clerk", "intake")
    tab.open_queue(str(folder))
    wait(500)
    f = tab.form
    f.name.setText("刘桂兰")
    f.sex.setCurrentIndex(f.sex.findData("F"))
    f.birth_year.setText("1951")
    f.phone1.setText("139 1234 5678")
    f.address.setText("江川市东城区幸福路18号3栋2单元401")
    f.channel.setCurrentIndex(f.channel.findData("kepu"))
    f.staff.setCurrentIndex(1)
    f.batch.setText("11月20日幸福社区科普")
    wait(800)
    save(win, "clerk-intake")
    # Enter saves and opens the second scan: the same phone as a card already in the archive
    tab.on_save()
    wait(600)
    f.name.setText(dup_name)  # Chinese is typed through an input method; the digits below start the check
    QTest.keyClicks(f.birth_year, "1950")
    QTest.keyClicks(f.phone1, dup_phone)
    wait(1200)
    save(win, "clerk-duplicate")
    tab.help.toggle()
    wait(200)
    save(win, "clerk-intake-help")
    win.close()


def shot_import(sh: Shooter) -> None:
    """The import preview of an office's own workbook (its headers, a bad date, a repeated row)."""
    from openpyxl import Workbook

    win, tab = sh.main_window("clerk", "intake")
    path = Path(tempfile.mkdtemp(prefix="keyuan-import-")) / "三月登记.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "手机", "来源", "登记日期", "住址", "微信"])
    rows = [
        ["周秀英", "139 0000 0001", "科普", "2026-03-05", "江川市幸福路18号3栋1单元101", "zxy1950"],
        ["吴建华", "+86 139-0000-0002", "社区", "2026/3/5", None, None],
        ["郑淑珍", "１３９０００００００３", "转介", "2026年3月5日", None, None],
        ["冯国强", "010-6234 5678", "散收", dt.datetime(2026, 3, 5), None, None],
        ["陈玉兰", "13900000005", "科普", "2026-13-45", None, None],
        ["周秀英", "13900000001", "科普", "2026-03-05", None, None],
    ]
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    wb.save(path)
    dlg = tab.open_preview(str(path))
    dlg.resize(1300, 860)
    for _ in range(100):  # the check runs off the GUI thread
        if dlg.report is not None:
            break
        wait(100)
    wait(300)
    save(dlg, "clerk-import")
    dlg.close()
    win.close()


def shot_editor(sh: Shooter) -> None:
    from ui.customers.editor import CustomerEditor

    win, tab = sh.main_window("staff01", "customers")
    tab.filters_button.setChecked(True)
    tab.filters.owner.setCurrentIndex(tab.filters.owner.findData(win.ctx.actor.staff_id))
    wait(1200)
    cid = own_customers(sh, "staff01")[0]  # an active claim: the countdown runs
    ed = CustomerEditor(sh.ctx("staff01"), cid, win)
    ed.resize(1000, 760)
    ed.show()
    wait(600)
    save(ed, "staff-card")
    ed.pages.setCurrentIndex(2)
    wait(500)
    save(ed, "staff-card-timeline")
    ed.close()
    win.close()


def shot_callbacks(sh: Shooter, user: str, name: str, page: int = 0) -> None:
    win, tab = sh.main_window(user, "callbacks")
    tab.tabs.setCurrentIndex(page)
    wait(1200)
    save(win, name)
    win.close()


def shot_callback_dialog(sh: Shooter) -> None:
    from ui.callbacks.dialogs import CallbackDialog

    win, tab = sh.main_window("staff01", "callbacks")
    wait(800)
    tab.tasks.table.selectRow(0)
    wait(200)
    row = tab.tasks.current()
    dlg = CallbackDialog(sh.ctx("staff01"), row.customer_id, row.customer_name, row.staff_id, row.kind, win)
    dlg.show()
    wait(400)
    save(dlg, "staff-callback-dialog")
    dlg.close()
    win.close()


def pick_meeting(sh: Shooter, actor, page: int) -> str:
    """The date of the joint meeting that shows what the page is about (late lists, duplicates)."""
    svc = sh.services.meetings
    joint = [m for m in svc.upcoming(NOW.date() - dt.timedelta(days=30)) if "联合" in m.title]
    for m in reversed(joint):
        if page == 2 and svc.duplicate_invitations(actor, m.id):
            return f"{m.date:%Y-%m-%d}"
        if page == 1 and any(d.on_time is False for d in svc.list_duties(m.id)):
            return f"{m.date:%Y-%m-%d}"
        if page == 0 and svc.invitations(actor, m.id):
            return f"{m.date:%Y-%m-%d}"
    return f"{joint[-1].date:%Y-%m-%d}"


def own_customers(sh: Shooter, user: str) -> list[int]:
    from services.customers.search import CustomerQuery

    actor = sh.ctx(user).actor
    q = CustomerQuery(owner_id=actor.staff_id, claim_state="active")
    return [r.id for r in sh.services.customers.search(actor, q, limit=50).rows]


def double_invitation(sh: Shooter) -> None:
    """Two departments confirm the same customer for the next joint meeting before either list is sent."""
    svc = sh.services
    meeting = next(m for m in svc.meetings.upcoming(NOW.date()) if "联合" in m.title)
    s1, s2 = sh.ctx("staff01").actor, sh.ctx("staff09").actor
    if svc.meetings.duplicate_invitations(sh.ctx("coord").actor, meeting.id):
        return
    invited = {i.customer_id for i in svc.meetings.invitations(sh.ctx("admin").actor, meeting.id)}
    cid = next(c for c in own_customers(sh, "staff01") if c not in invited)
    svc.timeline.invite(s1, cid, s1.staff_id, meeting.id)
    svc.timeline.invite(s2, cid, s2.staff_id, meeting.id)


def shot_meetings(sh: Shooter, user: str, name: str, page: int = 0) -> None:
    if page in (1, 2):
        double_invitation(sh)
    win, tab = sh.main_window(user, "meetings")
    day = pick_meeting(sh, win.ctx.actor, page)
    for r in range(tab.meetings.rowCount()):
        if tab.meetings.item(r, 0).text() == day:
            tab.meetings.selectRow(r)
            break
    wait(500)
    tab.panel.tabs.setCurrentIndex(page)
    wait(300)
    save(win, name)
    win.close()


def shot_invite(sh: Shooter) -> None:
    from ui.meetings.tab import InviteDialog

    win, tab = sh.main_window("staff01", "meetings")
    wait(300)
    dlg = InviteDialog(sh.ctx("staff01"), tab.panel.meeting_id, win)
    dlg.show()
    cid = own_customers(sh, "staff01")[0]
    QTest.keyClicks(dlg.phone, sh.services.customers.get(sh.ctx("admin").actor, cid).phones[0])
    wait(400)
    save(dlg, "staff-invite")
    dlg.close()
    win.close()


BATCH_PEOPLE = [
    ("赵淑珍", "13600001101"),
    ("钱国华", "13600001102"),
    ("孙美玲", "13600001103"),
    ("李建国", "13600001104"),
    ("周桂芳", "13600001105"),
    ("吴振华", "13600001106"),
    ("郑秀云", "13600001107"),
    ("王德胜", "13600001108"),
    ("冯丽华", "13600001109"),
]


def make_batch(sh: Shooter) -> None:
    """What the CRM center does before the manager's morning: enter the kepu's forms, process the batch."""
    clerk = sh.ctx("clerk").actor
    manager = sh.ctx("manager1").actor
    svc = sh.services
    if any(b.name == "11月20日幸福社区科普" for b in svc.allocation.batches(clerk).rows):
        return
    staff = [s for s in svc.org.staff(manager.department_id) if s.position == "staff"][:4]
    ids = [
        svc.customers.create(clerk, name, [phone], address=f"江川市东城区幸福路{i + 3}号").id
        for i, (name, phone) in enumerate(BATCH_PEOPLE)
    ]
    b = svc.allocation.create_batch(
        clerk,
        "11月20日幸福社区科普",
        "kepu",
        event_date=dt.date(2026, 11, 20),
        organiser_id=manager.department_id,
        handed_in_by_id=staff[0].id,
        participant_ids=[s.id for s in staff],
    )
    svc.allocation.add_cards(clerk, b.id, ids)
    svc.allocation.process(clerk, b.id)


def shot_print_sheets(sh: Shooter) -> None:
    from ui.callbacks.tab import PrintSheetsDialog

    win, tab = sh.main_window("manager1", "callbacks")
    dlg = PrintSheetsDialog(sh.ctx("manager1"), win)
    dlg.show()
    wait(400)
    save(dlg, "manager-visit-sheets")
    dlg.close()
    win.close()


def shot_overview(sh: Shooter) -> None:
    """The manager's landing: the department overview."""
    win, tab = sh.main_window("manager1", "overview")
    wait(600)
    save(win, "manager-overview")
    win.close()


def shot_review(sh: Shooter) -> None:
    """代签复核 with a form waiting: staff01 hands in a signed form with its scan (what the dialog records)."""
    from ui.callbacks.tab import ReviewPage

    manager = sh.ctx("manager1").actor
    if not any(r.scan_id for r in sh.services.callbacks.review_list(manager)):
        staff = sh.ctx("staff01").actor
        duty = next(r for r in sh.services.callbacks.tasks(staff, when="open") if r.kind == "monthly_form")
        scan = Path(tempfile.mkdtemp(prefix="keyuan-manual-scan-")) / "回访表.png"
        make_callback_form_scan(scan, duty.customer_name)
        sh.services.callbacks.record(
            staff, duty.customer_id, "home", form=True, signed=True, satisfaction=5, scan_path=str(scan)
        )
    win, tab = sh.main_window("manager1", "callbacks")
    review = tab.findChild(ReviewPage)
    tab.tabs.setCurrentWidget(review)
    review.reload()
    review.table.selectRow(next(i for i, r in enumerate(review.rows) if r.scan_id))  # the scan beside the list
    wait(800)
    save(win, "manager-review")
    win.close()


def make_callback_form_scan(path: Path, name: str) -> None:
    """A signed 回访表 as a phone photo of the paper would show it."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1240, 1754), "white")
    d = ImageDraw.Draw(img)
    title, text, hand = (ImageFont.truetype(FONT, n) for n in (46, 34, 38))
    d.text((420, 90), "顾客回访表", font=title, fill="black")
    y = 260
    for label, value in (("回访日期", "11月21日"), ("服用情况", "按时服用,睡眠好转"), ("满意度", "非常满意")):
        d.rectangle((100, y, 1140, y + 110), outline="black", width=3)
        d.text((125, y + 35), label, font=text, fill="black")
        d.text((400, y + 30), value, font=hand, fill=(20, 40, 140))
        y += 110
    d.text((100, y + 80), "顾客签字:", font=text, fill="black")
    d.text((330, y + 70), name, font=hand, fill=(20, 40, 140))
    img.save(path)


def escalate_one(sh: Shooter) -> None:
    coord = sh.ctx("coord").actor
    if sh.services.cases.queue(coord, state="escalated"):
        return
    row = sh.services.cases.queue(coord, state="open")[0]
    sh.services.cases.escalate(coord, row.id, "两个部门都说先联系了顾客,证据相当,请总经理定")


def shot_governance(sh: Shooter) -> None:
    win, tab = sh.main_window("director", "governance")
    page = tab.tabs.widget(0)
    page.fields["service_months"].setValue(2)  # what if R8 allowed two months instead of three?
    page.on_dry_run()
    wait(2500)
    save(win, "director-rule-params")
    # a lookup request from a staff member of another department, as the service records it
    staff = sh.ctx("staff09")
    from services.customers.search import CustomerQuery

    cust = sh.services.customers.search(sh.ctx("admin").actor, CustomerQuery(), limit=1).rows[0]
    try:
        sh.services.access.request_lookup(staff.actor, cust.id, "顾客来电说想参加我部下周的联合会议,需看完整电话")
    except Exception as exc:  # noqa: BLE001 - the shot goes on; the page then shows what exists
        print("lookup request:", exc)
    win.close()
    win, tab = sh.main_window("director", "governance")
    tab.tabs.setCurrentIndex(1)
    wait(400)
    save(win, "director-lookups")
    win.close()


def shot_frontdesk(sh: Shooter) -> None:
    from ui.frontdesk.window import FrontDeskWindow

    # the afternoon of a meeting day, a customer invited to it at the desk
    front = sh.ctx("front")
    meeting = next(m for m in sh.services.meetings.upcoming(NOW.date()) if m.date > NOW.date())
    sh.services.clock.set(dt.datetime.combine(meeting.date, dt.time(13, 20)))
    invited = sh.services.meetings.invitations(sh.ctx("admin").actor, meeting.id)
    phone = sh.services.customers.get(sh.ctx("admin").actor, invited[0].customer_id).phones[0]
    win = FrontDeskWindow(front)
    win.show()
    wait(400)
    win.panel.search.setText(phone[-4:])
    win.panel.on_search()
    wait(800)
    save(win, "frontdesk-kiosk")
    win.panel.table.selectRow(0)
    win.panel.open_actions()
    wait(400)
    save(win.panel.action_dialog, "frontdesk-actions")
    win.panel.action_dialog.close()
    win.close()
    sh.services.clock.set(NOW)


def shot_office_choice(_sh: Shooter) -> None:
    """The first start on a PC of the office: connecting to the office server with its code."""
    from services.platform.office_server import connection_code
    from ui.office_dialog import OfficeChoiceDialog

    dlg = OfficeChoiceDialog()
    dlg.client.setChecked(True)
    dlg.code.setText(connection_code("192.168.1.20", 5439, "kdv7q2mxw5azbrc6"))
    # what 在局域网中查找 shows when the server PC answers (the search itself needs the office LAN)
    dlg.found.setText(dlg.tr("找到:%1。请输入该电脑上显示的连接码。").replace("%1", "幸福路门店(192.168.1.20:5439)"))
    dlg.show()
    wait(300)
    save(dlg, "office-choice")
    dlg.close()


def shot_office_banner(sh: Shooter) -> None:
    """The kiosk while the office server cannot be reached: one red line on top, the typed text kept."""
    from ui.frontdesk.window import FrontDeskWindow
    from ui.live import ServerBanner

    win = FrontDeskWindow(sh.ctx("front"))
    banner = ServerBanner(win)
    win.attach_server_banner(banner)
    banner.show()
    win.show()
    wait(300)
    win.panel.search.setText("王")
    wait(300)
    save(win, "office-banner")
    win.close()


def shot_settings(sh: Shooter, page: str, name: str) -> None:
    win, tab = sh.main_window("admin", "settings")
    if page not in tab.pages:  # a settings page that has not landed: no picture rather than a wrong one
        print(f"settings page {page!r} not in this build; {name}.png not taken")
        win.close()
        return
    if page == "backup":
        # what 立即备份 does (the button then shows a message box, which would block this script)
        sh.services.backup_admin.backup_now(win.ctx.actor)
        tab.pages[page].refresh()
        tab.pages[page].table.selectRow(0)
    tab.show_page(page)
    wait(400)
    save(win, name)
    win.close()


def shot_audit(sh: Shooter) -> None:
    win, tab = sh.main_window("director", "audit")
    wait(1000)
    save(win, "director-audit")
    win.close()


# The pictures of the roles' daily paths come from the walk (tools/walk.py --manual, `MANUAL`); these are
# the rest: first start, dialogs and pages off the daily path.
SHOTS: dict[str, Callable[[Shooter], None]] = {
    "setup": shot_setup,
    "intake": shot_intake,  # its F1 help (the form and the 查重 prompt come from the walk)
    "import": shot_import,
    "editor": shot_editor,
    "callback-dialog": shot_callback_dialog,
    "invite": shot_invite,
    "staff-meeting": lambda sh: shot_meetings(sh, "staff01", "staff-meeting", 0),
    "visit-sheets": shot_print_sheets,
    "manager-overview": shot_overview,
    "manager-review": shot_review,
    "manager-figures": lambda sh: shot_callbacks(sh, "manager1", "manager-figures", 2),
    "governance": shot_governance,
    "audit": shot_audit,
    "frontdesk": shot_frontdesk,  # its action dialog (the kiosk comes from the walk)
    "office-choice": shot_office_choice,
    "office-banner": shot_office_banner,
    "admin-staff": lambda sh: shot_settings(sh, "staff", "admin-staff"),
}


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    source = Path(sys.argv[1])
    wanted = sys.argv[2:] or list(SHOTS)
    tmp = Path(tempfile.mkdtemp(prefix="keyuan-manual-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    db = tmp / "demo.db"
    shutil.copyfile(source, db)

    from services.app import Services
    from services.platform.clock import FixedClock
    from services.platform.database import close_database, open_database
    from ui import i18n
    from ui.application import make_application

    app: QApplication = make_application()
    QCoreApplication.setOrganizationName("keyuan-manual")
    i18n.install("zh_CN")
    label = open_database(str(db))
    services = Services(FixedClock(NOW))
    admin = services.auth.login("admin", PASSWORDS["admin"])
    services.timeline.sweep(admin)  # as the program does at start
    OUT.mkdir(parents=True, exist_ok=True)
    sh = Shooter(services, label)
    sh.path = str(db)
    for key in wanted:
        SHOTS[key](sh)
    close_database()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
