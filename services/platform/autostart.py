"""The office server at boot, before anyone logs in (issue 22): `main.py server install-autostart`
and `remove-autostart`.

- Linux: a systemd system unit ``keyuan-office-server.service`` in /etc/systemd/system that runs
  ``main.py server start --folder F`` once the network is up (the server writes pg_hba for the PC's
  office subnets at start, so it waits for ``network-online.target``) and ``server stop`` at
  shutdown. It runs as the owner of the server folder — the desktop user who made it, or root, for
  whom the program itself runs PostgreSQL as the system user ``postgres``. Writing there needs
  root: ``sudo``.
- Windows: a Task Scheduler task ``KeyuanOfficeServer`` (``schtasks /Create /SC ONSTART /RU SYSTEM``)
  that runs the same command at boot. Not tested on this project's Linux machines.

Both are idempotent: installing again rewrites the same entry (the folder may have changed),
removing what is not there says so and changes nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from services.platform.office_server import OfficeServer, OfficeServerError

UNIT_NAME = "keyuan-office-server.service"
TASK_NAME = "KeyuanOfficeServer"

Runner = Callable[[Sequence[str]], subprocess.CompletedProcess]


@dataclass(frozen=True)
class AutostartResult:
    changed: bool  # False: it was already so (install) or not there (remove)
    where: str  # the unit file or the task's name
    message: str  # Chinese, for the command line


def program_command() -> list[str]:
    """How to run this program again: the frozen executable, or Python with main.py."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, str(Path(__file__).resolve().parents[2] / "main.py")]


def unit_dir() -> Path:
    return Path(os.environ.get("KEYUAN_SYSTEMD_DIR", "/etc/systemd/system"))


def _quote(arg: str) -> str:
    """An ExecStart= word: systemd splits on spaces and reads C-style escapes inside double quotes."""
    if arg and all(ch.isalnum() or ch in "/._-=:+," for ch in arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def _owner(folder: Path) -> str:
    import pwd

    probe = folder if folder.exists() else folder.parent
    return pwd.getpwuid(probe.stat().st_uid).pw_name


def unit_text(folder: str | os.PathLike, command: Sequence[str] | None = None, user: str | None = None) -> str:
    """The systemd unit that starts the office server in ``folder`` at boot."""
    srv = OfficeServer(folder)
    cmd = list(command or program_command())
    user = user or _owner(srv.folder)
    run = " ".join(_quote(a) for a in cmd)
    where = _quote(str(srv.folder))
    return (
        "# 客源管家 本店服务器: started at boot, before anyone logs in (python main.py server install-autostart).\n"
        "[Unit]\n"
        "Description=客源管家 本店服务器 (PostgreSQL)\n"
        "Wants=network-online.target\n"
        "After=network-online.target\n"
        "\n"
        "[Service]\n"
        "Type=forking\n"
        f"User={user}\n"
        f"PIDFile={srv.pgdata / 'postmaster.pid'}\n"
        f"ExecStart={run} server start --folder {where}\n"
        f"ExecStop={run} server stop --folder {where}\n"
        "Environment=QT_QPA_PLATFORM=offscreen\n"
        "TimeoutStartSec=120\n"
        "TimeoutStopSec=120\n"
        "Restart=on-failure\n"
        "RestartSec=10\n"
        "\n"
        "[Install]\n"
        "WantedBy=multi-user.target\n"
    )


def task_command(folder: str | os.PathLike, command: Sequence[str] | None = None) -> list[str]:
    """The schtasks command line that makes the boot task (Windows)."""
    cmd = list(command or program_command())
    run = subprocess.list2cmdline([*cmd, "server", "start", "--folder", str(Path(folder).absolute())])
    return [
        "schtasks",
        "/Create",
        "/TN",
        TASK_NAME,
        "/TR",
        run,
        "/SC",
        "ONSTART",
        "/RU",
        "SYSTEM",
        "/RL",
        "HIGHEST",
        "/F",
    ]


def _run(cmd: Sequence[str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(list(cmd), capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(list(cmd), 1, "", str(exc))


def _last(done: subprocess.CompletedProcess) -> str:
    lines = [ln.strip() for ln in (done.stderr or done.stdout or "").splitlines() if ln.strip()]
    return lines[-1] if lines else f"退出码 {done.returncode}"


def install(folder: str | os.PathLike, *, runner: Runner = _run, platform: str | None = None) -> AutostartResult:
    """Make the server in ``folder`` start at boot.

    Raises:
        OfficeServerError: no server in the folder yet, no permission (not root / not administrator),
            or systemctl / schtasks refused.
    """
    srv = OfficeServer(folder)
    if not srv.created:
        raise OfficeServerError(f"这个文件夹里还没有本店服务器,请先执行 server start 建立:{srv.folder}")
    if (platform or sys.platform) == "win32":
        done = runner(task_command(srv.folder))
        if done.returncode != 0:
            raise OfficeServerError(f"没有设置开机启动(需要以管理员身份运行):{_last(done)}")
        return AutostartResult(True, TASK_NAME, f"已设置开机自动启动本店服务器(任务计划:{TASK_NAME})。")
    path = unit_dir() / UNIT_NAME
    text = unit_text(srv.folder)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        changed = False
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(UNIT_NAME + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        except PermissionError:
            raise OfficeServerError(
                f"没有权限写入 {path}:请用管理员身份执行(sudo python main.py server install-autostart)。"
            ) from None
        changed = True
    for cmd in (["systemctl", "daemon-reload"], ["systemctl", "enable", UNIT_NAME]):
        done = runner(cmd)
        if done.returncode != 0:
            raise OfficeServerError(f"已写好 {path},但 systemctl 没有启用它:{_last(done)}")
    word = "已设置" if changed else "早已设置"
    return AutostartResult(changed, str(path), f"{word}开机自动启动本店服务器(不用登录):{path}")


def remove(*, runner: Runner = _run, platform: str | None = None) -> AutostartResult:
    """Undo :func:`install`. Removing what is not there changes nothing.

    Raises:
        OfficeServerError: no permission, or systemctl / schtasks refused.
    """
    if (platform or sys.platform) == "win32":
        if runner(["schtasks", "/Query", "/TN", TASK_NAME]).returncode != 0:
            return AutostartResult(False, TASK_NAME, "本机没有设置开机自动启动本店服务器。")
        done = runner(["schtasks", "/Delete", "/TN", TASK_NAME, "/F"])
        if done.returncode != 0:
            raise OfficeServerError(f"没有取消开机启动(需要以管理员身份运行):{_last(done)}")
        return AutostartResult(True, TASK_NAME, "已取消开机自动启动本店服务器。服务器现在是否运行不受影响。")
    path = unit_dir() / UNIT_NAME
    if not path.exists():
        return AutostartResult(False, str(path), "本机没有设置开机自动启动本店服务器。")
    done = runner(["systemctl", "disable", UNIT_NAME])
    if done.returncode != 0:
        raise OfficeServerError(f"systemctl 没有停用 {UNIT_NAME}:{_last(done)}")
    try:
        path.unlink()
    except PermissionError:
        raise OfficeServerError(
            f"没有权限删除 {path}:请用管理员身份执行(sudo python main.py server remove-autostart)。"
        ) from None
    runner(["systemctl", "daemon-reload"])
    return AutostartResult(True, str(path), "已取消开机自动启动本店服务器。服务器现在是否运行不受影响。")


__all__ = ["AutostartResult", "install", "program_command", "remove", "task_command", "unit_text"]
