"""The sentence that answers a staff action (issue 18): built in the service from what recording returned."""

from __future__ import annotations

import datetime as dt

from services.rules.model import POOL

T = dt.datetime


def test_each_answer_names_owner_rule_deadline_and_cases(app, office):
    tl = app.timeline
    c = app.customers.create(office.users["clerk"], "王大爷", ["13700000001"]).id
    app.clock.set(T(2026, 3, 1, 9, 0))
    first = tl.register(office.users["s1"], c, office.s1, "kepu")
    assert tl.answer(first) == (
        "该顾客现归张三(一部),依据 R1 首次报名(待预热),保有至 3月3日24:00(届时 R2 预热超期视为放弃),未开冲突案件。"
    )
    app.clock.set(T(2026, 3, 1, 10, 0))
    second = tl.register(office.users["s3"], c, office.s3, "kepu")
    assert tl.answer(second).startswith("该顾客仍归张三(一部),依据 R1 首次报名(待预热)")
    assert tl.answer(second).endswith(f"已开冲突案件 1 件(案件号 {second.cases_opened[0]})。")
    app.clock.set(T(2026, 3, 1, 11, 0))
    pool = tl.reassign(office.users["director"], c, POOL, "顾客要求换人")
    assert tl.answer(pool) == "该顾客现归公司资源池,依据 R10 资源池与重新分配,未开冲突案件。"


def test_an_unclaimed_customer_is_said_to_be_unclaimed(app, office):
    c = app.customers.create(office.users["clerk"], "李奶奶", ["13700000002"]).id
    app.clock.set(T(2026, 3, 1, 9, 0))
    rec = app.timeline.complaint(office.users["clerk"], c, "TS-1")
    assert app.timeline.answer(rec) == "该顾客目前无人认领,未开冲突案件。"
