"""Finding the office server on the LAN (zeroconf / mDNS, the ``zeroconf`` package; issue 22).

The program on the server PC announces ``<office name>._keyuan._tcp.local.`` with the server's
addresses and port while it runs; a PC being set up lists what answers within a few seconds. An
announcement carries no secret: the password comes only with the connection code shown on the
server PC. ``interfaces`` limits both to given addresses (the tests use loopback only).
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

SERVICE = "_keyuan._tcp.local."


@dataclass(frozen=True)
class FoundServer:
    name: str  # the office name it announces
    host: str
    port: int


def _zeroconf(interfaces: list[str] | None):
    from zeroconf import InterfaceChoice, IPVersion, Zeroconf

    return Zeroconf(interfaces=interfaces or InterfaceChoice.All, ip_version=IPVersion.V4Only)


def _label(name: str) -> str:
    """A DNS-SD instance label: at most 63 bytes, no dots."""
    text = (name or "客源管家").replace(".", " ").strip() or "客源管家"
    while len(text.encode("utf-8")) > 60:
        text = text[:-1]
    return text


class Announcement:
    """This PC's server, announced until `close`."""

    def __init__(self, office_name: str, port: int, addresses: list[str], interfaces: list[str] | None = None):
        from zeroconf import ServiceInfo

        self._zc = _zeroconf(interfaces)
        self.info = ServiceInfo(
            SERVICE,
            f"{_label(office_name)}.{SERVICE}",
            addresses=[socket.inet_aton(a) for a in addresses],
            port=port,
            properties={"v": "1"},
            server=f"keyuan-{socket.gethostname().split('.')[0] or 'server'}.local.",
        )
        self._zc.register_service(self.info, allow_name_change=True)

    def close(self) -> None:
        try:
            self._zc.unregister_service(self.info)
        finally:
            self._zc.close()


def find_servers(timeout_s: float = 3.0, interfaces: list[str] | None = None) -> list[FoundServer]:
    """Office servers that answer on the LAN within ``timeout_s`` (each with its first address)."""
    from zeroconf import ServiceBrowser

    zc = _zeroconf(interfaces)
    names: list[str] = []
    lock = threading.Lock()

    class Listener:
        def add_service(self, _zc, _type, name):
            with lock:
                names.append(name)

        def update_service(self, _zc, _type, name):
            pass

        def remove_service(self, _zc, _type, name):
            pass

    try:
        browser = ServiceBrowser(zc, SERVICE, Listener())
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            time.sleep(0.1)
        browser.cancel()
        found = []
        for name in sorted(set(names)):
            info = zc.get_service_info(SERVICE, name, timeout=2000)
            if info is None or not info.parsed_addresses():
                continue
            found.append(FoundServer(name.removesuffix("." + SERVICE), info.parsed_addresses()[0], info.port))
        return found
    finally:
        zc.close()


__all__ = ["Announcement", "FoundServer", "SERVICE", "find_servers"]
