"""客源管家 (keyuan) — entry point: parse the command line, open the database, start Qt or run a command.

python main.py                       start the program (per-user database)
python main.py --db FILE|URL         another SQLite file or postgresql://...
python main.py --demo [PATH]         create (when missing) and open the demo office
python main.py --front-desk          the front-desk kiosk: only the lookup window after login
python main.py rules replay FILE     replay a rules scenario, print the results as JSON
python main.py rules check PATH      compare scenarios with their expectations
python main.py demo PATH --customers N [--today YYYY-MM-DD]   build a demo office for that day (default today)
python main.py sweep                 apply passed deadlines to the ownership snapshots
python main.py import-cards FILE.xlsx [--as USER] [--batch NAME] [--dry-run] [--late-reason TEXT]   import cards, print a JSON summary
python main.py server start|stop|status|code|backup|restore   the office server (PostgreSQL)
python main.py server install-autostart|remove-autostart      start it at boot, before anyone logs in
python main.py move-to-server        copy the SQLite office database to the office server
"""

from __future__ import annotations

import argparse
import os
import sys


def _day(text: str):
    """A --today value: a date written YYYY-MM-DD (argparse reports anything else in Chinese)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”不对,请写成 YYYY-MM-DD,例如 2026-12-03") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="keyuan", description="客源管家 — 会销客户资源管理")
    p.add_argument("--db", help="SQLite 文件路径或 postgresql:// 连接串(默认:用户数据目录;也可用环境变量 KEYUAN_DB)")
    p.add_argument("--demo", nargs="?", const="", default=None, metavar="PATH", help="打开演示办公室(不存在时先生成)")
    p.add_argument("--customers", type=int, default=5000, help="演示数据的顾客数量(默认 5000)")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="界面语言")
    p.add_argument("--front-desk", action="store_true", help="前台查询机:登录后只打开前台查询窗口(大字、仅键盘)")
    p.add_argument(
        "--self-test", action="store_true", help="自检:规则场景、数据库、主窗口、Excel 与 PDF,全部通过时退出码为 0"
    )
    sub = p.add_subparsers(dest="command")
    rules = sub.add_parser("rules", help="归属规则场景")
    rsub = rules.add_subparsers(dest="rules_command", required=True)
    rp = rsub.add_parser("replay", help="回放一个场景,输出 JSON")
    rp.add_argument("file")
    rc = rsub.add_parser("check", help="核对场景文件或文件夹")
    rc.add_argument("path")
    rc.add_argument("-v", "--verbose", action="store_true")
    demo = sub.add_parser("demo", help="生成演示数据库(无窗口)")
    demo.add_argument("path")
    demo.add_argument("--customers", type=int, default=5000, dest="demo_customers")
    demo.add_argument("--seed", type=int, default=20260301)
    demo.add_argument("--today", type=_day, default=None, help="演示办公室的日期 YYYY-MM-DD(默认今天)")
    sub.add_parser("sweep", help="把已过期限应用到归属快照")
    ic = sub.add_parser(
        "import-cards", help="从 Excel 导入顾客档案,输出 JSON 摘要(退出码 0 无问题行,1 有问题行,2 无法读取)"
    )
    ic.add_argument("file")
    ic.add_argument("--as", dest="as_user", metavar="USER", help="以哪个用户的身份导入(默认:唯一的管理员)")
    ic.add_argument("--batch", default="", metavar="NAME", help="表中未填活动/批次的行记为此批次")
    ic.add_argument("--dry-run", action="store_true", help="只检查并报告,不导入")
    ic.add_argument("--staff", metavar="NAME", help="表中未填登记员工的行登记为此员工")
    ic.add_argument("--channel", default="scatter", help="表中未填来源渠道的行的渠道代码(默认 scatter)")
    ic.add_argument(
        "--on-duplicate",
        default="skip",
        choices=["skip", "merge", "new", "spouse", "parent", "child"],
        help="可能重复的行:不导入(默认)、合并、新建或关联为家人",
    )
    ic.add_argument("--all-or-nothing", action="store_true", help="有任何问题行就全部不导入")
    ic.add_argument(
        "--late-reason", default="", metavar="TEXT", help="表中登记日期早于补录期限时的补录原因(经理及以上,记入审计)"
    )
    bk = sub.add_parser("backup", help="立即备份数据库(SQLite)")
    bk.add_argument("--folder", help="备份文件夹(默认:数据库旁的 backups/)")
    rs = sub.add_parser("restore", help="用备份文件恢复数据库(先检查备份,并保留当前数据库的副本)")
    rs.add_argument("file")
    sv = sub.add_parser(
        "server", help="本店服务器(PostgreSQL,数据在本机数据文件夹):启动、停止、状态、连接码、升级数据库"
    )
    sv.add_argument(
        "action",
        choices=[
            "start",
            "stop",
            "status",
            "code",
            "backup",
            "restore",
            "upgrade",
            "install-autostart",
            "remove-autostart",
        ],
    )
    sv.add_argument("--file", help="restore:要恢复的备份文件(office-server/backups/ 里的 .dump)")
    sv.add_argument("--folder", help="本店服务器的文件夹(默认:用户数据目录下的 office-server)")
    sv.add_argument("--port", type=int, help="端口(第一次启动时建立服务器用,默认 5439)")
    sv.add_argument("--listen", default="*", help="监听地址(默认:本机所有地址,只允许本店局域网登录)")
    mv = sub.add_parser("move-to-server", help="把单机数据库(SQLite)搬到本店服务器;原文件保持不变,作为备份")
    mv.add_argument("--folder", help="本店服务器的文件夹(默认:用户数据目录下的 office-server)")
    mv.add_argument("--server", help="另一台本店服务器:postgresql:// 连接串(默认:本机的本店服务器)")
    rf = sub.add_parser("read-form", help="识别一张扫描的表格,输出预填内容(JSON)")
    rf.add_argument("image")
    rf.add_argument("--layout", help="已保存的表格版式名称(先按版式方框,再按栏目名称查找)")
    return p


def server_folder(args: argparse.Namespace) -> str:
    """``--folder``, else ``office-server`` in the same per-user data folder the window uses."""
    if args.folder:
        return args.folder
    from PySide6.QtCore import QCoreApplication

    from services.platform.office_server import FOLDER_NAME
    from ui.application import APP_NAME, ORG_NAME, data_dir

    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORG_NAME)
    return str(data_dir() / FOLDER_NAME)


def database_target(args: argparse.Namespace) -> str:
    """``--db``, else KEYUAN_DB, else the same per-user file the window opens."""
    if args.db or os.environ.get("KEYUAN_DB"):
        return args.db or os.environ["KEYUAN_DB"]
    from PySide6.QtCore import QCoreApplication

    from ui.application import APP_NAME, ORG_NAME
    from ui.application import database_target as window_target

    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORG_NAME)
    return window_target(None)


def cmd_backup(target: str, folder: str | None) -> int:
    from models.db import DatabaseOpenError, is_postgres_url
    from services.platform import backup
    from services.platform.errors import ServiceError
    from services.platform.instance_lock import held

    if is_postgres_url(target):
        print("PostgreSQL 数据库请用 pg_dump 备份,见 docs/BACKUP.md。", file=sys.stderr)
        return 2
    try:
        with held(target):
            made = backup.backup_now(target, folder)
    except ServiceError as exc:
        print(f"没有备份:{exc.message}", file=sys.stderr)
        return 2
    except DatabaseOpenError as exc:
        print(f"没有备份:{exc.message}", file=sys.stderr)
        return 2
    print(f"已备份到 {made.path}({made.size // 1024} KB)")
    return 0


def cmd_restore(target: str, file: str) -> int:
    from models.db import DatabaseOpenError, is_postgres_url
    from services.platform import backup
    from services.platform.errors import ServiceError
    from services.platform.instance_lock import held

    if is_postgres_url(target):
        print("PostgreSQL 数据库请用 pg_restore 恢复,见 docs/BACKUP.md。", file=sys.stderr)
        return 2
    try:
        with held(target):  # before anything opens the file: a running window refuses the restore
            kept = backup.restore(target, file)
    except ServiceError as exc:
        print(f"没有恢复:{exc.message}", file=sys.stderr)
        return 2
    except DatabaseOpenError as exc:
        print(f"没有恢复:{exc.message}", file=sys.stderr)
        return 2
    print(f"已从 {file} 恢复。恢复前的数据库保留在 {kept}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from ui.selftest import run_self_test

        return run_self_test()
    if args.command == "rules":
        from services.cli.rules import cmd_check, cmd_replay

        if args.rules_command == "replay":
            return cmd_replay(args.file)
        return cmd_check(args.path, verbose=args.verbose)
    if args.command == "demo":
        from services.cli.commands import cmd_demo

        return cmd_demo(args.path, args.demo_customers, args.seed, args.today)
    if args.command == "sweep":
        from services.cli.commands import cmd_sweep

        return cmd_sweep(database_target(args))
    if args.command == "import-cards":
        from services.cli.import_cards import cmd_import_cards

        return cmd_import_cards(
            database_target(args),
            args.file,
            username=args.as_user,
            batch=args.batch,
            dry_run=args.dry_run,
            staff=args.staff,
            channel=args.channel,
            on_possible=args.on_duplicate,
            all_or_nothing=args.all_or_nothing,
            late_reason=args.late_reason,
        )
    if args.command == "backup":
        return cmd_backup(database_target(args), args.folder)
    if args.command == "restore":
        return cmd_restore(database_target(args), args.file)
    if args.command == "server":
        from services.cli.server import cmd_server

        return cmd_server(args.action, server_folder(args), port=args.port, listen=args.listen, file=args.file)
    if args.command == "move-to-server":
        from services.cli.server import cmd_move

        return cmd_move(database_target(args), server_folder(args), args.server)
    if args.command == "read-form":
        from services.cli.read_form import cmd_read_form

        return cmd_read_form(args.image, args.layout, database_target(args) if args.layout else None)
    from ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
