"""How this PC uses the office database, remembered per PC (``office.json`` in the data folder).

Three choices, made once at the first start (SPEC §10 users sit at different PCs):

- ``single``  单机使用: the SQLite file in the data folder, as before (one program at a time);
- ``server``  本机作为本店服务器: this PC runs the office server (services.platform.office_server) in
              ``<data folder>/office-server`` and the program connects to it; the server is started
              with the program when it is not running;
- ``client``  连接本店服务器: the program connects to another PC's server with the connection code
              shown there (the code carries the address, port and password, so the file is kept
              readable by this user only).

A PC without the file keeps working as it always did: ``single``.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from services.platform.office_server import (
    DEFAULT_PORT,
    FOLDER_NAME,
    OfficeServer,
    OfficeServerError,
    parse_connection_code,
)

CONFIG_FILE = "office.json"
MODES = ("single", "server", "client")


@dataclass(frozen=True)
class OfficeChoice:
    mode: str  # single | server | client
    code: str = ""  # client: the server's connection code
    port: int = DEFAULT_PORT  # server: the port a new server listens on

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise OfficeServerError(f"本机的连接设置无法识别:{self.mode}")
        if self.mode == "client":
            parse_connection_code(self.code)  # a wrong code never gets saved


def load(data_dir: str | os.PathLike) -> OfficeChoice | None:
    """The remembered choice, or None on a PC that never chose."""
    path = Path(data_dir) / CONFIG_FILE
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return OfficeChoice(raw["mode"], raw.get("code", ""), int(raw.get("port", DEFAULT_PORT)))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OfficeServerError(f"本机的连接设置文件无法读取,请删除后重新选择:{path}") from exc


def save(data_dir: str | os.PathLike, choice: OfficeChoice) -> Path:
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONFIG_FILE
    tmp = path.with_name(CONFIG_FILE + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(choice), fh, ensure_ascii=False)
    os.replace(tmp, path)
    return path


def server_of(data_dir: str | os.PathLike) -> OfficeServer:
    return OfficeServer(Path(data_dir) / FOLDER_NAME)


def target_for(data_dir: str | os.PathLike, choice: OfficeChoice, sqlite_path: str) -> str:
    """The database this PC opens: the SQLite file, or the office server's URL (this PC's server is
    made and started first when needed).

    Raises:
        OfficeServerError: the server cannot be made or started, or the code is wrong.
    """
    if choice.mode == "single":
        return sqlite_path
    if choice.mode == "client":
        return parse_connection_code(choice.code).url()
    srv = server_of(data_dir)
    if not srv.created:
        srv.create(port=choice.port)  # creates the schema as well
    else:
        if not srv.status().running:
            srv.start()
        srv.upgrade()  # only the server PC may bring the schema up to date (office_roles)
    return srv.url()


__all__ = ["CONFIG_FILE", "OfficeChoice", "load", "save", "server_of", "target_for"]
