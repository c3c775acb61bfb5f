"""Property-based tests (hypothesis) of the rules engine's promises, over random timelines of a small office.

Pure engine level (services/rules): no database. The office model below records events the way the
services do — in time order, refused events skipped (engine.check), a referral carrying the referrer's
owner at that moment — so the timelines are ones the program can really hold.
"""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.rules import engine
from services.rules.model import CHANNELS, POOL, Context, Ev, MeetingInfo, Refusal

STAFF_DEPT = {1: 10, 2: 10, 3: 20, 4: 20}
STAFF = tuple(STAFF_DEPT)
CUSTOMERS = (1, 2, 3)
MEETINGS = {
    100: MeetingInfo(dt.date(2026, 3, 20), "afternoon", False),
    101: MeetingInfo(dt.date(2026, 4, 10), "evening", True),
    102: MeetingInfo(dt.date(2026, 5, 15), "afternoon", True),
}
CTX = Context(
    staff_dept=dict(STAFF_DEPT),
    staff_name={1: "张三", 2: "李四", 3: "王五", 4: "赵六"},
    dept_name={10: "一部", 20: "二部"},
    meetings=dict(MEETINGS),
)
T0 = dt.datetime(2026, 3, 1)
# Clock times around the deadlines of SPEC §5 (midnight, 10:00, 16:00, 18:00 and the minute after).
CLOCK = [(0, 0), (0, 1), (9, 0), (10, 0), (10, 1), (16, 0), (16, 1), (18, 0), (18, 1), (23, 59)]

times = st.builds(
    lambda day, hm: T0 + dt.timedelta(days=day, hours=hm[0], minutes=hm[1]),
    st.integers(0, 110),
    st.sampled_from(CLOCK),
)
staff = st.sampled_from(STAFF)
customer = st.sampled_from(CUSTOMERS)
meeting = st.sampled_from(tuple(MEETINGS))


def _ev(etype, **kw):
    return st.fixed_dictionaries({"type": st.just(etype), "at": times, **kw})


RAW_EVENT = st.one_of(
    _ev("register", customer=customer, staff=staff, channel=st.sampled_from([c for c in CHANNELS if c != "referral"])),
    _ev(
        "register",
        customer=customer,
        staff=staff,
        channel=st.just("referral"),
        referrer=customer,
        complete=st.booleans(),
    ),
    _ev("allocate", customer=customer, staff=staff),
    _ev("preheat", customer=customer, staff=staff),
    _ev("visit", customer=customer, staff=staff, kind=st.sampled_from(["home", "phone"])),
    _ev("invite", customer=customer, staff=staff, meeting=meeting),
    _ev("listed", customer=customer, dept=st.sampled_from([10, 20]), meeting=meeting),
    _ev("attend", customer=customer, meeting=meeting),
    _ev("purchase", customer=customer, amount=st.sampled_from([500, 999, 1000, 2500]), meeting=st.none() | meeting),
    _ev("complaint", customer=customer, key=st.sampled_from(["k1", "k2"])),
    # Complaint codes are unique office-wide; each customer's own codes keep unlinked customers apart.
    _ev("complaint_resolved", customer=customer, key=st.sampled_from(["k1", "k2"])),
    _ev("staff_left", staff=staff),
    _ev("reassign", customer=customer, to=st.sampled_from(STAFF + (POOL,))),
    _ev("ruling", customer=customer, to=st.sampled_from(STAFF + (POOL,)), by=st.sampled_from(["coordinator", "gm"])),
)
OFFICE = st.lists(RAW_EVENT, min_size=1, max_size=28)


def record(raw: list[dict]) -> dict[int, list[Ev]]:
    """Record an office's events as the services would: time order, refusals skipped, one timeline each."""
    timelines: dict[int, list[Ev]] = {c: [] for c in CUSTOMERS}
    left: dict[int, dt.datetime] = {}
    opened: set[tuple[int, str]] = set()
    attended: set[tuple[int, int]] = set()
    ordered = sorted(enumerate(raw), key=lambda p: (p[1]["at"], p[0]))
    for seq, (_, r) in enumerate(ordered, start=1):
        at, kind = r["at"], r["type"]
        people = [r.get("staff"), r.get("to")]
        if any(s in left and left[s] <= at for s in people if s not in (None, POOL)):
            continue  # a staff member who left cannot be named again
        if kind == "staff_left":
            left[r["staff"]] = at
            for c in CUSTOMERS:
                timelines[c].append(Ev(seq, at, "staff_left", staff=r["staff"]))
            continue
        if kind == "complaint":
            if (r["customer"], r["key"]) in opened:
                continue
            opened.add((r["customer"], r["key"]))
        if kind == "complaint_resolved" and (r["customer"], r["key"]) not in opened:
            continue
        if kind == "attend":
            if (r["customer"], r["meeting"]) in attended:
                continue
            attended.add((r["customer"], r["meeting"]))
        c = r["customer"]
        referrer = r.get("referrer")
        if referrer == c:
            continue
        referrer_owner = None
        if referrer is not None:
            v = engine.evaluate(timelines[referrer], CTX, at)
            referrer_owner = v.owner if v.owner_is_staff else None
        ev = Ev(
            seq,
            at,
            kind,
            staff=r.get("staff") if kind not in ("reassign", "ruling") else (None if r["to"] == POOL else r["to"]),
            channel=r.get("channel"),
            meeting=r.get("meeting"),
            dept=r.get("dept"),
            amount=r.get("amount"),
            referrer=referrer,
            referral_complete=r.get("complete", True),
            referrer_owner=referrer_owner,
            kind=r.get("kind"),
            to=r.get("to"),
            by=r.get("by"),
            reason="测试" if kind in ("reassign", "ruling") else "",
            complaint=r.get("key"),
        )
        try:
            engine.check(timelines[c], CTX, ev)
        except Refusal:
            continue
        timelines[c].append(ev)
    return timelines


def instants(evs: list[Ev]) -> list[dt.datetime]:
    """Interesting instants: each event, the minute before it, and well after the last one."""
    out = {T0}
    for e in evs:
        out |= {e.at, e.at - dt.timedelta(minutes=1)}
    if evs:
        out.add(max(e.at for e in evs) + dt.timedelta(days=120))
    return sorted(out)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(OFFICE)
def test_owner_is_a_known_staff_member_the_pool_or_none(raw):
    for evs in record(raw).values():
        for at in instants(evs):
            v = engine.evaluate(evs, CTX, at)
            assert v.owner is None or v.owner == POOL or v.owner in STAFF_DEPT
            assert v.claim_state in ("pending", "active", "lapsed", "")
            assert (v.claim_state != "") == v.owner_is_staff
            for change in v.changes:
                assert change.owner == POOL or change.owner in STAFF_DEPT


@FAST
@given(OFFICE)
def test_explanation_names_the_rule_it_reports(raw):
    for evs in record(raw).values():
        for at in instants(evs):
            v = engine.evaluate(evs, CTX, at)
            assert v.explanation
            if v.rule:
                assert v.rule in v.explanation, (v.rule, v.explanation)
            # The box must not say 已失效 for a live claim, nor hide a lapse.
            assert ("已失效" in v.explanation) == (v.claim_state == "lapsed"), (v.claim_state, v.explanation)
            for change in v.changes:
                assert change.rule in change.explanation
            if v.next_rule:
                assert v.next_deadline is not None and v.next_deadline > at


@FAST
@given(OFFICE)
def test_verdict_ignores_events_after_the_instant(raw):
    for evs in record(raw).values():
        for at in instants(evs):
            upto = [e for e in evs if e.at <= at]
            assert engine.evaluate(evs, CTX, at) == engine.evaluate(upto, CTX, at)


@FAST
@given(OFFICE, st.data())
def test_prefix_then_rest_equals_everything(raw, data):
    """Replaying a prefix first leaves nothing behind: the full replay is the same as a fresh one."""
    for evs in record(raw).values():
        end = instants(evs)[-1]
        fresh = engine.evaluate(evs, CTX, end)
        k = data.draw(st.integers(0, len(evs)))
        prefix = evs[:k]
        if prefix:
            # The prefix alone, asked before the rest begins, agrees with the full timeline then.
            cut = max(e.at for e in prefix)
            if all(e.at > cut for e in evs[k:]):
                assert engine.evaluate(prefix, CTX, cut) == engine.evaluate(evs, CTX, cut)
        engine.evaluate(prefix, CTX, end)
        assert engine.evaluate(prefix + evs[k:], CTX, end) == fresh


@FAST
@given(OFFICE, st.randoms(use_true_random=False))
def test_equal_timestamps_apply_in_recorded_order_whatever_the_input_order(raw, rnd: random.Random):
    for evs in record(raw).values():
        end = instants(evs)[-1]
        shuffled = list(evs)
        rnd.shuffle(shuffled)
        assert engine.evaluate(shuffled, CTX, end) == engine.evaluate(evs, CTX, end)


def linked(c: int, raw: list[dict]) -> set[int]:
    """The customers whose events may matter to ``c``: itself and its referrers, transitively."""
    out, todo = {c}, [c]
    while todo:
        x = todo.pop()
        for r in raw:
            if r["type"] == "register" and r.get("customer") == x and r.get("referrer") not in (None, *out):
                out.add(r["referrer"])
                todo.append(r["referrer"])
    return out


@FAST
@given(OFFICE, customer)
def test_verdict_does_not_depend_on_unlinked_customers(raw, c):
    keep = linked(c, raw)
    alone = [r for r in raw if r.get("customer", c) in keep]  # staff_left has no customer: kept
    full, only = record(raw)[c], record(alone)[c]
    for at in instants(full) + instants(only):
        a, b = engine.evaluate(full, CTX, at), engine.evaluate(only, CTX, at)
        assert (a.owner, a.rule, a.claim_state, a.explanation, a.next_deadline) == (
            b.owner,
            b.rule,
            b.claim_state,
            b.explanation,
            b.next_deadline,
        )
