"""Finding the office server by zeroconf (issue 22), on loopback only."""

from __future__ import annotations

from services.platform.discovery import Announcement, find_servers

LOOPBACK = ["127.0.0.1"]


def test_an_announced_server_is_found_with_its_name_address_and_port():
    ann = Announcement("幸福路门店", 54321, ["127.0.0.1"], interfaces=LOOPBACK)
    try:
        found = find_servers(2.0, interfaces=LOOPBACK)
    finally:
        ann.close()
    mine = [f for f in found if f.port == 54321]
    assert [(f.name, f.host) for f in mine] == [("幸福路门店", "127.0.0.1")]
    # nothing secret is announced
    assert set(ann.info.properties) == {b"v"}


def test_nothing_announced_is_nothing_found():
    assert [f for f in find_servers(1.0, interfaces=LOOPBACK) if f.port == 54322] == []
