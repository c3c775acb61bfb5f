"""客源管家 (keyuan) — entry point: parse the command line, open the database, start Qt or run a command.

python main.py                       start the program (per-user database)
python main.py --db FILE|URL         another SQLite file or postgresql://...
python main.py --demo [PATH]         create (when missing) and open the demo office
python main.py rules replay FILE     replay a rules scenario, print the results as JSON
python main.py rules check PATH      compare scenarios with their expectations
python main.py demo PATH --customers N   build a demo database without a window
python main.py sweep                 apply passed deadlines to the ownership snapshots
"""

from __future__ import annotations

import argparse
import os
import sys


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="keyuan", description="客源管家 — 会销客户资源管理")
    p.add_argument("--db", help="SQLite 文件路径或 postgresql:// 连接串(默认:用户数据目录;也可用环境变量 KEYUAN_DB)")
    p.add_argument("--demo", nargs="?", const="", default=None, metavar="PATH", help="打开演示办公室(不存在时先生成)")
    p.add_argument("--customers", type=int, default=5000, help="演示数据的顾客数量(默认 5000)")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="界面语言")
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
    sub.add_parser("sweep", help="把已过期限应用到归属快照")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "rules":
        from services.cli_rules import cmd_check, cmd_replay

        if args.rules_command == "replay":
            return cmd_replay(args.file)
        return cmd_check(args.path, verbose=args.verbose)
    if args.command == "demo":
        from services.cli import cmd_demo

        return cmd_demo(args.path, args.demo_customers, args.seed)
    if args.command == "sweep":
        from services.cli import cmd_sweep

        return cmd_sweep(args.db or os.environ.get("KEYUAN_DB"))
    from ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
