"""Starting the desktop program: QApplication, language, database, first-start setup, login, main window.

`run_gui(args)` is called by main.py with the parsed command line (``db``, ``demo``,
``customers``, ``lang``) and returns the process exit code: 0 normally, 1 when the demo could not
be built, 2 when the database cannot be opened (shown in Chinese; no traceback, no file changed).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QStandardPaths, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

from services.app import Services
from services.office.permissions import Actor
from services.platform import office_setup
from services.platform.database import DatabaseOpenError, close_database, open_database
from services.platform.errors import ServiceError
from ui import files, gc_guard, i18n
from ui.context import UiContext
from ui.errors import show_error
from ui.live import start_live
from ui.lock import PasswordDialog
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.resources import resource_path
from ui.setup_dialog import SetupDialog
from ui.worker import Job, run_in_pool, wait_for_writes

log = logging.getLogger(__name__)
APP_NAME = "客源管家"
ORG_NAME = "keyuan"
DB_FILE = "keyuan.db"
DEMO_FILE = "demo.db"
DEMO_SEED = 20260301


def data_dir() -> Path:
    """The per-user data folder (created when missing)."""
    path = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_target(db_arg: str | None) -> str:
    """``--db``, else the variable KEYUAN_DB, else what this PC was set up for (office.json): the SQLite
    file in the data folder, or the office server (this PC's own is started when it is not running).

    Raises:
        OfficeServerError: the office server cannot be started, or the remembered code is wrong.
    """
    if db_arg or os.environ.get("KEYUAN_DB"):
        return db_arg or os.environ["KEYUAN_DB"]
    folder = data_dir()
    sqlite = str(folder / DB_FILE)
    choice = office_setup.load(folder)
    return sqlite if choice is None else office_setup.target_for(folder, choice, sqlite)


def announce_server(args, services: Services):
    """On the PC set up as the office server, announce it on the LAN (zeroconf) while the program runs,
    so that the other PCs' setup finds it. None elsewhere, or when the LAN does not allow it."""
    if args.db or os.environ.get("KEYUAN_DB"):
        return None
    try:
        choice = office_setup.load(data_dir())
        if choice is None or choice.mode != "server":
            return None
        st = office_setup.server_of(data_dir()).status()
        if not st.running or st.listen == "127.0.0.1":
            return None
        from services.platform.discovery import Announcement

        return Announcement(services.settings.office_name(), st.port, list(st.addresses))
    except Exception:  # noqa: BLE001 - discovery is a convenience: typing the code always works
        log.warning("could not announce the office server on the LAN", exc_info=True)
        return None


def choose_office(args) -> bool:
    """The first start on a PC — no ``--db``, no KEYUAN_DB, no remembered choice, no office file —
    asks 单机使用 / 本机作为本店服务器 / 连接本店服务器 and remembers the answer. False when cancelled."""
    if args.db or os.environ.get("KEYUAN_DB"):
        return True
    folder = data_dir()
    if office_setup.load(folder) is not None or (folder / DB_FILE).exists():
        return True
    from ui.office_dialog import OfficeChoiceDialog

    dialog = OfficeChoiceDialog()
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
        return False
    office_setup.save(folder, dialog.choice)
    return True


def demo_target(demo_arg: str) -> str:
    return demo_arg or str(data_dir() / DEMO_FILE)


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setWindowIcon(QIcon(str(resource_path("icons", "keyuan.svg"))))
    gc_guard.install(app)  # cyclic garbage (Qt widgets) is collected on the GUI thread, never in a worker
    return app


def run_gui(args) -> int:
    """Run the program's window until it is closed; returns the exit code."""
    app = make_application()
    i18n.install(i18n.chosen_language(getattr(args, "lang", None)))
    demo = args.demo is not None
    try:
        if not demo and not choose_office(args):
            return 0
        target = demo_target(args.demo) if demo else database_target(args.db)
    except ServiceError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("Application", "本店服务器"), exc.message)
        return 2
    rebuild_for = 0
    while True:
        if demo and not ensure_demo(target, args.customers, rebuild_for=rebuild_for):
            return 1
        # The lock first: a second program that is refused must not have opened the file at all
        # (closing SQLite's handles would drop the first program's locks and remove its WAL).
        lock = claim_file(target)
        if lock is False:
            return 2
        leave_database_folder(target)
        if "://" not in target:
            files.avoid_folder(Path(target).resolve().parent)  # no file dialog starts beside the database
        try:
            label = open_database(target)
        except DatabaseOpenError as exc:
            if lock:
                lock.release()
            QMessageBox.critical(None, QCoreApplication.translate("Application", "无法打开数据库"), exc.message)
            return 2
        services = Services()
        rebuild_for = stale_demo(services)
        if rebuild_for:
            # A demo from another day: its deadlines have all passed. Built anew for today, in its place.
            close_database()
            if lock:
                lock.release()
            demo = True
            continue
        start_up_checks(target)
        actor, restart_as_demo = sign_in(services, demo)
        if restart_as_demo:
            close_database()
            if lock:
                lock.release()
            demo, target = True, demo_target("")
            continue
        break
    if actor is None:
        close_database()
        if lock:
            lock.release()
        return 0
    ctx = UiContext(services, actor, label)
    if services.auth.must_change_password(actor):
        # The administrator reset this password; the user should choose their own now.
        PasswordDialog(ctx).exec()
    live = start_live(ctx, target)  # PostgreSQL: other PCs' changes arrive on ctx.bus
    announcement = announce_server(args, services)
    _window = open_window(ctx, getattr(args, "front_desk", False))  # kept alive until exec() returns
    code = app.exec()
    if live is not None:
        live.stop()
    if announcement is not None:
        announcement.close()
    wait_for_writes()
    close_database()
    if lock:
        lock.release()
    return code


def leave_database_folder(target: str) -> None:
    """File dialogs open in the working folder when they are given no folder: never let that be the
    database's folder (listing it opens and closes keyuan.db, -wal and -shm in this process, which
    drops SQLite's own locks on them)."""
    from services.platform.database import is_postgres_target

    if is_postgres_target(target) or target == ":memory:":
        return
    try:
        folder = Path(target).resolve().parent
        if Path.cwd().resolve() != folder:
            return
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        for candidate in (Path(documents), Path.home(), Path(tempfile.gettempdir())):
            if candidate.is_dir() and candidate.resolve() != folder:
                os.chdir(candidate)
                return
    except OSError:
        pass


def claim_file(target: str):
    """One program per SQLite file: returns the held lock, None for PostgreSQL, False when in use
    (the user has been told)."""
    from services.platform.database import is_postgres_target
    from services.platform.startup import InstanceLock, InUse

    if is_postgres_target(target) or target == ":memory:":
        return None
    lock = InstanceLock(target)
    try:
        lock.acquire()
    except InUse as exc:
        QMessageBox.critical(None, QCoreApplication.translate("Application", "数据库正在使用"), exc.message)
        return False
    except DatabaseOpenError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("Application", "无法打开数据库"), exc.message)
        return False
    return lock


def start_up_checks(target: str) -> Job | None:
    """Free disk space now; once a day, with the daily backup, the quick integrity check. Both read the
    whole file (minutes, and a busy disk, for a big archive), so they run in the background and once a
    day, not at every start. Problems are shown as warnings. Returns the integrity check's job, or None
    when it did not run (PostgreSQL, or today's backup exists)."""
    from services.platform import backup
    from services.platform.database import is_postgres_target
    from services.platform.startup import check_database

    if is_postgres_target(target):
        server_backup_if_due()
        return None
    _warn(check_database(target, integrity=False))
    folder = backup.default_folder(target)
    if not backup.due(folder):
        return None
    job = run_in_pool(check_database, target, on_done=_warn)
    # The sqlite3 backup API reads a consistent copy while the program works; off the GUI thread.
    run_in_pool(backup.backup_now, target, folder, on_error=_backup_failed)
    return job


def _backup_failed(exc: BaseException) -> None:
    """The daily backup did not complete (its copy did not match, the disk is full...): say so, never
    leave the user believing there is a backup."""
    from ui.errors import error_text

    QMessageBox.warning(
        None,
        QCoreApplication.translate("Application", "每日备份没有完成"),
        QCoreApplication.translate("Application", "今天的自动备份没有完成:%1").replace("%1", error_text(exc)),
    )


def server_backup_if_due() -> Job | None:
    """On the PC that is the office server: the daily pg_dump backup, verified by a restore, in the
    background (services.platform.server_backup). A failure is shown as a warning."""
    from services.platform import server_backup

    try:
        choice = office_setup.load(data_dir())
        if choice is None or choice.mode != "server":
            return None
        srv = office_setup.server_of(data_dir())
        if not server_backup.due(srv):
            return None
    except ServiceError:
        return None

    def failed(exc: BaseException) -> None:
        QMessageBox.warning(
            None, QCoreApplication.translate("Application", "本店服务器备份"), getattr(exc, "message", str(exc))
        )

    return run_in_pool(server_backup.backup_now, srv, on_error=failed)


def _warn(report) -> None:
    for warning in report.warnings():
        QMessageBox.warning(None, QCoreApplication.translate("Application", "启动检查"), warning)


def open_window(ctx: UiContext, front_desk: bool = False):
    """The main window, or for the front desk (role 前台 or ``--front-desk``) only the lookup kiosk:
    large type, keyboard only, nothing else reachable (SPEC §2, §10)."""
    if front_desk or ctx.actor.role == "front_desk":
        from ui.frontdesk.window import FrontDeskWindow, use_kiosk_type
        from ui.lock import install_session_lock

        use_kiosk_type()
        window = FrontDeskWindow(ctx)
        window.session_lock = install_session_lock(window, ctx)
        window.logout_requested.connect(lambda: log_out(window, ctx, front_desk))
        _live_banner(window, ctx)
        window.showMaximized()
        return window
    if "ui.frontdesk.window" in sys.modules:
        sys.modules["ui.frontdesk.window"].use_kiosk_type(False)  # after a logout at the kiosk PC
    window = MainWindow(ctx)
    _live_banner(window, ctx)
    window.show()
    return window


def _live_banner(window, ctx: UiContext) -> None:
    """On the office server: this window gets the unreachable-server banner, and other PCs' changes
    go to this window's change bus (after a logout at the kiosk, the new user's)."""
    from ui.live import current_bridge

    bridge = current_bridge()
    if bridge is not None:
        bridge.ctx = ctx
        window.attach_server_banner(bridge.banner_for(window))


# Windows opened after a logout at the kiosk (run_gui keeps only the first one alive).
_later_windows: list = []


def log_out(window, ctx: UiContext, front_desk: bool):
    """退出登录 at the front desk: the login dialog over the cleared kiosk; the next person's window
    (the kiosk again, or the main window for another role without ``--front-desk``) replaces it.
    Cancelling the login closes the program. Returns the new window or None."""
    services = ctx.services
    login = LoginDialog(services, services.settings.office_name(), "", window)
    if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
        window.close()
        return None
    new = open_window(UiContext(services, login.actor, ctx.db_label), front_desk)
    _later_windows[:] = [w for w in _later_windows if w is not window] + [new]
    window.close()
    window.deleteLater()
    return new


def sign_in(services: Services, demo: bool) -> tuple[Actor | None, bool]:
    """First-start setup or the login dialog. Returns (actor or None, "open the demo instead")."""
    if not services.auth.has_users():
        setup = SetupDialog(services)
        if setup.exec() != QDialog.DialogCode.Accepted:
            return None, False
        if setup.wants_demo:
            return None, True
        # The administrator has just typed the password twice: no second login right away.
        return setup.actor, False
    login = LoginDialog(services, services.settings.office_name(), demo_hint() if demo else "")
    if login.exec() != QDialog.DialogCode.Accepted:
        return None, False
    return login.actor, False


def demo_hint() -> str:
    """The demo's accounts, for the login dialog (the demo is for trying every role)."""
    try:
        from services.cli import demo
    except ModuleNotFoundError:
        return ""
    lines = [QCoreApplication.translate("Application", "演示账户(用户名 / 密码):")]
    for login in (demo.ADMIN_LOGIN, *demo.OFFICE_LOGINS):
        lines.append(f"{login.username} / {login.password}")
    lines.append(f"manager1…manager3 / {demo.MANAGER_PASSWORD}")
    lines.append(f"expert1… / {demo.EXPERT_PASSWORD}")
    lines.append(f"staff01… / {demo.STAFF_PASSWORD}")
    return "\n".join(lines)


def stale_demo(services: Services) -> int:
    """For a demo office built for another day: say so and offer to build it again for today.

    Returns the number of customers to rebuild with, or 0 to open the database as it is."""
    stamp = services.settings.demo_stamp()
    today = services.clock.now().date()
    if stamp is None or stamp.day == today:
        return 0
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("Application", "演示办公室"), "")
    box.setObjectName("staleDemo")
    box.setText(
        QCoreApplication.translate(
            "Application",
            "这个演示办公室是按 %1 生成的,今天是 %2。这几天里到期的预热、回访和名单都已过期,"
            "打开后会有许多顾客因期限已过而变动归属。\n\n要按今天重新生成演示办公室吗?原来的演示数据将被替换。",
        )
        .replace("%1", f"{stamp.day:%Y-%m-%d}")
        .replace("%2", f"{today:%Y-%m-%d}")
    )
    rebuild = box.addButton(
        QCoreApplication.translate("Application", "按今天重新生成"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QCoreApplication.translate("Application", "照旧打开"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(rebuild)
    box.exec()
    return stamp.customers if box.clickedButton() is rebuild else 0


def ensure_demo(path: str, customers: int, rebuild_for: int = 0) -> bool:
    """Build the demo office at ``path`` when the file does not exist yet, or (``rebuild_for``
    customers) build it again for today in place of the old one; False if that failed."""
    if Path(path).exists() and not rebuild_for:
        return True
    customers = rebuild_for or customers
    try:
        from services.cli import demo
    except ModuleNotFoundError as exc:
        if exc.name != "services.cli.demo":
            raise
        QMessageBox.warning(
            None,
            QCoreApplication.translate("Application", "演示办公室"),
            QCoreApplication.translate("Application", "这个版本还没有演示数据生成器,无法创建演示办公室。"),
        )
        return False
    dialog = QProgressDialog(
        QCoreApplication.translate("Application", "正在生成演示办公室(%1 位顾客),请稍候…").replace(
            "%1", str(customers)
        ),
        QCoreApplication.translate("Application", "取消"),
        0,
        customers,
    )
    dialog.setWindowTitle(QCoreApplication.translate("Application", "演示办公室"))
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.setRange(0, 0)  # busy until the first customer is done (the office is set up first)

    def on_progress(value) -> None:
        done, total = value
        dialog.setMaximum(total)
        dialog.setValue(done)

    target = f"{path}.new" if rebuild_for else path
    if rebuild_for:
        demo.remove_database(target)  # a rebuild that was interrupted before
    job = run_in_pool(
        demo.build_demo,
        target,
        customers=customers,
        seed=DEMO_SEED,
        writes=True,
        cancellable=True,
        on_progress=on_progress,
    )
    dialog.canceled.connect(job.cancel)
    loop = QEventLoop()
    job.finished.connect(loop.quit)
    dialog.show()
    if job.running:
        loop.exec()
    dialog.close()
    if job.error is not None:
        if isinstance(job.error, demo.DemoCancelled):
            return False  # the user chose to stop; the generator removed the partial file
        show_error(None, job.error)
        return False
    if rebuild_for:
        demo.replace_database(target, path)
    return True
