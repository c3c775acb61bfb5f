"""The office server at boot without a login (issue 22): `server install-autostart` writes a systemd
unit (Linux) or a Task Scheduler task (Windows: only the command line is checked here, there is no
Windows on these machines); installing twice and removing twice change nothing the second time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from services.platform import autostart
from services.platform.office_server import OfficeServerError

ROOT = Path(__file__).resolve().parents[2]


def made_server(folder: Path) -> Path:
    """A folder that holds a server as far as install-autostart can tell (no cluster is started)."""
    (folder / "pgdata").mkdir(parents=True)
    (folder / "pgdata" / "PG_VERSION").write_text("18\n")
    (folder / "server.json").write_text(json.dumps({"port": 5439, "listen": "*"}))
    (folder / "secret.json").write_text("{}")
    return folder


class Systemctl:
    def __init__(self, fail: str | None = None):
        self.calls: list[list[str]] = []
        self.fail = fail

    def __call__(self, cmd):
        self.calls.append(list(cmd))
        rc = 1 if self.fail and self.fail in cmd else 0
        return subprocess.CompletedProcess(list(cmd), rc, "", "Access denied" if rc else "")


@pytest.fixture
def units(tmp_path, monkeypatch):
    folder = tmp_path / "systemd"
    monkeypatch.setenv("KEYUAN_SYSTEMD_DIR", str(folder))
    return folder


def test_the_unit_starts_this_servers_folder_after_the_network_as_its_owner(tmp_path):
    folder = made_server(tmp_path / "my office" / "office-server")
    text = autostart.unit_text(folder, ["/opt/keyuan/python", "/opt/keyuan/main.py"])
    lines = text.splitlines()
    quoted = f'"{folder}"'
    assert f"ExecStart=/opt/keyuan/python /opt/keyuan/main.py server start --folder {quoted}" in lines
    assert f"ExecStop=/opt/keyuan/python /opt/keyuan/main.py server stop --folder {quoted}" in lines
    assert f"PIDFile={folder / 'pgdata' / 'postmaster.pid'}" in lines
    assert "After=network-online.target" in lines  # pg_hba is written for the PC's subnets at start
    assert "WantedBy=multi-user.target" in lines  # boot, not a login
    import pwd

    assert f"User={pwd.getpwuid(os.getuid()).pw_name}" in lines  # the folder's owner: whoever made it


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_reads_the_unit_without_complaint(tmp_path):
    folder = made_server(tmp_path / "office-server")
    unit = tmp_path / autostart.UNIT_NAME
    unit.write_text(autostart.unit_text(folder), encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    complaints = [ln for ln in (done.stdout + done.stderr).splitlines() if str(unit) in ln]
    assert done.returncode == 0 and not complaints, done.stdout + done.stderr


def test_install_twice_then_remove_twice(tmp_path, units):
    folder = made_server(tmp_path / "office-server")
    runner = Systemctl()
    first = autostart.install(folder, runner=runner, platform="linux")
    unit = units / autostart.UNIT_NAME
    assert first.changed and unit.read_text(encoding="utf-8") == autostart.unit_text(folder)
    assert ["systemctl", "enable", autostart.UNIT_NAME] in runner.calls
    written = unit.stat().st_mtime_ns

    again = autostart.install(folder, runner=runner, platform="linux")
    assert not again.changed and "早已设置" in again.message
    assert unit.stat().st_mtime_ns == written

    gone = autostart.remove(runner=runner, platform="linux")
    assert gone.changed and not unit.exists()
    assert ["systemctl", "disable", autostart.UNIT_NAME] in runner.calls
    runner.calls.clear()
    nothing = autostart.remove(runner=runner, platform="linux")
    assert not nothing.changed and "没有设置" in nothing.message and runner.calls == []


def test_a_moved_server_folder_rewrites_the_unit(tmp_path, units):
    old = made_server(tmp_path / "old" / "office-server")
    new = made_server(tmp_path / "new" / "office-server")
    autostart.install(old, runner=Systemctl(), platform="linux")
    moved = autostart.install(new, runner=Systemctl(), platform="linux")
    assert moved.changed and str(new) in (units / autostart.UNIT_NAME).read_text(encoding="utf-8")


def test_refusals_say_why_in_chinese(tmp_path, units):
    with pytest.raises(OfficeServerError, match="还没有本店服务器"):
        autostart.install(tmp_path / "empty", runner=Systemctl(), platform="linux")
    assert not units.exists()
    folder = made_server(tmp_path / "office-server")
    with pytest.raises(OfficeServerError, match="systemctl 没有启用"):
        autostart.install(folder, runner=Systemctl(fail="enable"), platform="linux")


def test_windows_boot_task_runs_as_system_at_startup(tmp_path):
    folder = made_server(tmp_path / "office-server")
    cmd = autostart.task_command(folder, [r"C:\Program Files\keyuan\keyuan.exe"])
    assert cmd[:2] == ["schtasks", "/Create"] and cmd[cmd.index("/SC") + 1] == "ONSTART"
    assert cmd[cmd.index("/RU") + 1] == "SYSTEM" and "/F" in cmd  # /F: installing again replaces it
    run = cmd[cmd.index("/TR") + 1]
    assert run.startswith('"C:\\Program Files\\keyuan\\keyuan.exe" server start --folder ')
    runner = Systemctl()
    assert autostart.install(folder, runner=runner, platform="win32").changed
    assert runner.calls[0][:2] == ["schtasks", "/Create"]
    runner = Systemctl(fail="/Query")  # no such task
    assert not autostart.remove(runner=runner, platform="win32").changed
    assert all("/Delete" not in c for c in runner.calls)


def test_command_line_refuses_a_folder_without_a_server(tmp_path):
    out = subprocess.run(
        [sys.executable, "main.py", "server", "install-autostart", "--folder", str(tmp_path / "none")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "KEYUAN_SYSTEMD_DIR": str(tmp_path / "units")},
        timeout=120,
    )
    assert out.returncode == 2 and "还没有本店服务器" in out.stderr
    assert not (tmp_path / "units").exists()
