"""`python -m bench.bench_customers_list [N]`: the card list and 查重 at N synthetic cards (default 1,000,000).

The demo generator of bench/core.py builds realistic timelines but takes hours at a million
cards; this script fills only what the card list reads (customer, phone, ownership rows) with bare
sqlite3 in about a minute, caches it in bench/cache/, then times the services the 顾客档案 tab and
the intake form call: first page, phone / last-four / name / initials search, count, paging deep
into the list, the live duplicate check. Prints one JSON object. No assertions: figures only.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = ROOT / "bench" / "cache"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰建国淑珍凤英志强德明"


def build(path: Path, n: int) -> None:
    from models import close_db, init_db
    from models.timeline import fill_missing_snapshots_sql
    from services.customers.names import initials, toneless

    init_db(str(path))
    close_db()
    rng = random.Random(7)
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute(
        "INSERT INTO department (name, active, created_at) VALUES ('一部', 1, '2026-01-01'), ('二部', 1, '2026-01-01')"
    )
    for i in range(40):
        con.execute(
            "INSERT INTO staff (name, department_id, position, phone, active, joined_at) VALUES (?, ?, 'staff', '', 1, '2026-01-01')",
            (f"员工{i}", 1 + i % 2),
        )
    batch_c, batch_p, batch_o = [], [], []
    for cid in range(1, n + 1):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        batch_c.append(
            (cid, name, initials(name), toneless(name), rng.choice("MF"), rng.randint(1935, 1975),
             f"江川市幸福路{rng.randint(1, 300)}号{rng.randint(1, 30)}栋", rng.choice("ABC"), "kepu",
             f"2025-{1 + cid * 12 // (n + 1):02d}-15 09:00:00")
        )  # fmt: skip
        batch_p.append((cid, phone, phone[-4:]))
        if cid % 10 < 7:
            staff = 1 + cid % 40
            batch_o.append((cid, staff, 1 + (staff - 1) % 2, f"2026-03-{1 + cid % 28:02d} 00:00:00"))
        if len(batch_c) == 50_000:
            _flush(con, batch_c, batch_p, batch_o)
    _flush(con, batch_c, batch_p, batch_o)
    con.execute(*fill_missing_snapshots_sql())  # the cards nobody registered: their unregistered row
    con.commit()
    con.execute("ANALYZE")
    con.close()


def _flush(con, batch_c, batch_p, batch_o) -> None:
    con.executemany(
        "INSERT INTO customer (id, name, name_initials, name_pinyin, sex, birth_year, address, abc_class, source_channel,"
        " created_at, occupation, income_band, value_level, notes, archived, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '', 0, 1)",
        batch_c,
    )
    con.executemany(
        "INSERT INTO phone (customer_id, number, last4, kind, position) VALUES (?, ?, ?, 'mobile', 0)", batch_p
    )
    con.executemany(
        "INSERT INTO ownership (customer_id, owner_kind, owner_id, owner_department_id, claim_state, rule, next_deadline,"
        " next_rule, next_action, explanation, pool_reason, must_other_department, computed_at) "
        "VALUES (?, 'staff', ?, ?, 'pending', 'R1', ?, 'R2', '', '', '', 0, '2026-03-01')",
        batch_o,
    )
    batch_c.clear()
    batch_p.clear()
    batch_o.clear()


def median_ms(fn, runs: int = 15) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def main(n: int = 1_000_000) -> dict:
    from models import close_db, init_db
    from services.app import Services
    from services.customers.search import CustomerQuery
    from services.office.permissions import Actor

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"customers-list-{n}.db"
    built = None
    if not path.exists():
        t = time.perf_counter()
        build(path.with_suffix(".part"), n)
        path.with_suffix(".part").rename(path)
        built = round(time.perf_counter() - t, 1)
    init_db(str(path))
    app = Services()
    director = Actor(None, "bench", "director")
    staff = Actor(None, "bench-staff", "staff", staff_id=3, department_id=1)
    rng = random.Random(1)
    sample = [app.customers.card(director, rng.randint(1, n)) for _ in range(5)]  # real names / phones to look for
    c = app.customers
    out = {
        "customers": n,
        "build_seconds": built,
        "first_page_ms": median_ms(lambda: c.search(staff, CustomerQuery(), limit=200)),
        "first_page_by_name_ms": median_ms(lambda: c.search(staff, CustomerQuery(sort="name", descending=False))),
        "first_page_by_deadline_ms": median_ms(
            lambda: c.search(staff, CustomerQuery(sort="deadline", descending=False))
        ),
        "phone_ms": median_ms(lambda: c.search(staff, CustomerQuery(text=sample[0].phones[0]))),
        "last4_ms": median_ms(lambda: c.search(staff, CustomerQuery(text=sample[1].phones[0][-4:]))),
        "name_prefix_ms": median_ms(lambda: c.search(staff, CustomerQuery(text=sample[2].name[:2]))),
        "initials_ms": median_ms(lambda: c.search(staff, CustomerQuery(text="wl"))),
        "department_filter_ms": median_ms(lambda: c.search(staff, CustomerQuery(department_id=1))),
        "count_all_ms": median_ms(lambda: c.count(staff, CustomerQuery()), runs=5),
        "duplicate_check_ms": median_ms(
            lambda: c.duplicate_candidates(
                staff, name=sample[3].name, phones=[sample[3].phones[0]], birth_year=sample[3].birth_year
            )
        ),
        "duplicate_check_sound_alike_ms": median_ms(
            lambda: c.duplicate_candidates(staff, name="章莉", birth_year=1950, address="江川市幸福路1号1栋")
        ),
    }
    page = c.search(staff, CustomerQuery(sort="name", descending=False), limit=200)
    for _ in range(50):  # 50 pages deep: keyset paging keeps each page as cheap as the first
        page = c.search(staff, CustomerQuery(sort="name", descending=False), after=page.after, limit=200)
    out["page_51_by_name_ms"] = median_ms(
        lambda: c.search(staff, CustomerQuery(sort="name", descending=False), after=page.after, limit=200)
    )
    close_db()
    return out


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000), ensure_ascii=False, indent=1))
