"""`main.py server start|stop|status|code|backup|restore|upgrade` and `main.py move-to-server`: the office server without a window.

Messages are Chinese; exit status 0 on success, 2 when the server or the move refused (the
message says why) — never a traceback. The program role's password is never printed: only
`server code` shows the connection code (which carries it), because that is what it is for.
"""

from __future__ import annotations

import sys
from pathlib import Path

from services.platform.office_server import (
    DEFAULT_PORT,
    OfficeServer,
    OfficeServerError,
    ServerStatus,
    connection_code,
)


def describe(st: ServerStatus) -> str:
    lines = [
        ("本店服务器正在运行" + (f"(进程 {st.pid})" if st.pid else "")) if st.running else "本店服务器没有运行",
        f"端口:{st.port}",
        f"其他电脑连接的地址:{', '.join(st.addresses) or '(本机没有局域网地址)'}",
        f"数据文件夹:{st.folder}",
        f"服务器日志:{st.log_file}",
    ]
    return "\n".join(lines)


def server_code(srv: OfficeServer) -> str:
    """The connection code other PCs type (the server's first office-LAN address)."""
    st = srv.status()
    host = st.addresses[0] if st.addresses else "127.0.0.1"
    return connection_code(host, st.port, srv.password())


def cmd_server(
    action: str, folder: str | Path, *, port: int | None = None, listen: str = "*", file: str | None = None
) -> int:
    srv = OfficeServer(folder)
    try:
        if action == "start" and not srv.created:
            st = srv.create(port=port or DEFAULT_PORT, listen=listen)
            print("已在本机建立本店服务器并启动。其他电脑用下面的连接码连接(python main.py server code 可再次查看)。")
            print(describe(st))
            print(f"连接码:{server_code(srv)}")
            return 0
        if action == "start":
            srv.start()
            srv.upgrade()  # the server PC brings the schema up to this program's version (as the owner)
            st = srv.status()
        elif action == "upgrade":
            if not srv.status().running:
                srv.start()
            version = srv.upgrade()
            print(f"本店服务器的数据库已是最新的数据结构(版本 {version});各台电脑的权限已重新设定。")
            st = srv.status()
        elif action == "stop":
            st = srv.stop()
        elif action == "backup":
            from services.platform import server_backup

            made = server_backup.backup_now(srv)
            print(f"已备份并核对:{made.path}({made.size // 1024} KB,{made.rows} 行)")
            return 0
        elif action == "restore":
            from services.platform import server_backup

            if not file:
                raise OfficeServerError("请指定要恢复的备份文件:server restore --file 备份文件")
            kept = server_backup.restore(srv, file)
            print(f"已从 {file} 恢复。恢复前的数据保存在 {kept}。请让各台电脑重新打开程序。")
            return 0
        elif action in ("install-autostart", "remove-autostart"):
            from services.platform import autostart

            done = autostart.install(srv.folder) if action == "install-autostart" else autostart.remove()
            print(done.message)
            return 0
        elif action == "code":
            if not srv.created:
                raise OfficeServerError(f"这个文件夹里还没有本店服务器:{srv.folder}")
            print(f"连接码:{server_code(srv)}")
            return 0
        else:
            st = srv.status()
            if not st.created:
                print(f"这个文件夹里还没有本店服务器:{srv.folder}")
                return 0
    except OfficeServerError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(describe(st))
    return 0


def cmd_move(sqlite_target: str, folder: str | Path, server_url: str | None = None) -> int:
    """Copy the SQLite office database to the office server (this PC's, started or made when needed)."""
    from models.db import is_postgres_url, redact_url
    from services.platform.move import MoveError, move_to_server

    if is_postgres_url(sqlite_target):
        print("现在用的已经是服务器上的数据库,不用再搬。", file=sys.stderr)
        return 2
    try:
        srv = None
        label = redact_url(server_url or "")
        if server_url is None:
            srv = OfficeServer(folder)
            if not srv.created:
                srv.create()
                print(f"已在本机建立本店服务器:{srv.folder}")
            elif not srv.status().running:
                srv.start()
            srv.upgrade()
            # Moving in switches the tables' triggers off for its transaction: the owner's right, which this
            # PC (the server) takes through the superuser; the program's role on the PCs has no such right.
            server_url, label = srv.owner_url(), redact_url(srv.url())
        print(f"正在把 {sqlite_target} 搬到 {label} ……", file=sys.stderr)
        report = move_to_server(sqlite_target, server_url, progress=_move_progress(), label=label)
        if srv is not None:
            srv.upgrade()  # the program's role granted its rights on everything moved in
    except (OfficeServerError, MoveError) as exc:
        print(f"没有搬:{exc.message}", file=sys.stderr)
        return 2
    print(report.summary())
    for table, n in report.tables.items():
        print(f"  {table}: {n}")
    print(f"原数据库文件没有改动,留作备份:{sqlite_target}")
    return 0


def _move_progress():
    last: dict[str, int] = {}

    def progress(table: str, done: int, total: int) -> None:
        if done == total or done - last.get(table, 0) >= 20000:
            last[table] = done
            print(f"  {table}: {done}/{total}", file=sys.stderr, flush=True)

    return progress


def move_in_another_process(sqlite_path: str, folder: str | Path) -> str:
    """Run `main.py move-to-server` for the window (menu 搬到本店服务器): in a process of its own, because
    the move opens both databases through the program's one database binding, which the running
    window is using. Returns the command's report; raises MoveError with its message on refusal.
    The window remembers this PC as the office server afterwards (office_setup)."""
    import os
    import subprocess

    from services.platform.autostart import program_command
    from services.platform.move import MoveError

    cmd = [*program_command(), "--db", sqlite_path, "move-to-server", "--folder", str(folder)]
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        raise MoveError((lines[-1] if lines else "搬迁没有完成。").removeprefix("没有搬:"))
    return done.stdout


__all__ = ["cmd_move", "cmd_server", "describe", "move_in_another_process", "server_code"]
