"""The screenshot walk: every role's day of SPEC §10, a picture after every step.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/walk.py OUT_DIR [--today YYYY-MM-DD] [--manual] [ROLE ...]

Builds a small demo office for the day (default: the journeys' fixed day, so the pictures do not
change from run to run), then walks the same journeys as tests/journeys, through the real login
dialog and main window, saving OUT_DIR/<role>-NN-<step>.png after each step. With --manual, the
steps the user manual shows (`MANUAL`) are also copied into docs/manual/, so the manual's pictures of
a role's day are the walk's own; tools/shot_manual.py takes only the pictures no journey reaches
(first start, settings pages, dialogs off the daily path). Look through them: clipped text, English in a dialog, an empty pane,
a focus that is not where the typist's hands are; OUT_DIR/clipped.txt lists every table a picture shows
cut off (tests.journeys.driver.clipped). Per-PC settings go to a temporary folder, removed at the end.
Exit status 1 when a journey failed (its last picture shows where).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROLES = ("clerk", "staff", "manager", "coordinator", "director", "gm", "front_desk", "admin")

#: (role, step) of the walk → the picture of docs/manual/ it is (docs/用户手册.md shows them)
MANUAL = {
    ("admin", "登录"): "login.png",
    ("admin", "用户与角色"): "admin-users.png",
    ("admin", "备份列表"): "admin-backup.png",
    ("clerk", "选定批次,扫描件已打开"): "clerk-intake.png",
    ("clerk", "查重提示"): "clerk-duplicate.png",
    ("staff", "我的顾客"): "staff-customers.png",
    ("staff", "今天的回访任务"): "staff-callbacks.png",
    ("manager", "返还批次的分配预览"): "manager-batches.png",
    ("manager", "今晚到期的名单"): "manager-meeting-lists.png",
    ("coordinator", "冲突仲裁队列"): "coord-cases.png",
    ("coordinator", "会议与重复邀约核对"): "coord-duplicate-invitations.png",
    ("director", "公司资源池"): "director-pool.png",
    ("gm", "总经理待办"): "gm-escalated.png",
    ("front_desk", "查到顾客"): "frontdesk-kiosk.png",
}


def shrink(path: Path) -> None:
    """Screens are flat colours: above 190 KB, 256 colours look the same and take a third of the bytes."""
    if path.stat().st_size <= 190 * 1024:
        return
    from PIL import Image

    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--manual", action="store_true", help="also copy the manual's pictures into docs/manual/")
    parser.add_argument("roles", nargs="*", help=f"some of {', '.join(ROLES)} (default: all)")
    args = parser.parse_args(argv)
    unknown = [r for r in args.roles if r not in ROLES]
    if unknown:
        parser.error(f"unknown role {unknown[0]}; choose from {', '.join(ROLES)}")

    from PySide6.QtCore import QCoreApplication, QSettings

    from services.cli.demo import REFERENCE_DAY
    from tests.journeys import roles
    from tests.journeys.driver import Walk, build_template, fresh_copy
    from ui import i18n
    from ui.application import make_application

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="keyuan-walk-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qsettings"))
    app = make_application()
    QCoreApplication.setOrganizationName("keyuan-walk")
    i18n.install("zh_CN")
    day = args.today or REFERENCE_DAY
    print(f"building the demo office for {day} …", flush=True)
    template = build_template(work / "template.db", day)
    failed = []
    for role in args.roles or ROLES:
        walk = Walk(role, day, out)
        db = fresh_copy(template, work / role)
        journey = getattr(roles, f"{role}_day")
        try:
            if role == "manager":
                journey(walk, db, work / role)
            else:
                journey(walk, db)
            print(f"{role}: {walk.n} pictures", flush=True)
            if args.manual:
                for step, picture in walk.pictures:
                    if (role, step) in MANUAL:
                        target = ROOT / "docs" / "manual" / MANUAL[role, step]
                        shutil.copyfile(out / picture, target)
                        shrink(target)
        except Exception:
            failed.append(role)
            walk.step("失败时的画面")
            print(f"{role}: FAILED after {walk.n} pictures", flush=True)
            traceback.print_exc()
        finally:
            roles.log_out(walk)
    app.processEvents()
    shutil.rmtree(work, ignore_errors=True)  # the demo copies and per-PC settings of this walk
    print(
        f"pictures in {out}"
        + (f"; cut-off tables listed in {out / 'clipped.txt'}" if (out / "clipped.txt").exists() else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
