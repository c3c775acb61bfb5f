"""Property tests of the even distribution (SPEC §4) over random batches, households and histories."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.allocation.fair import Card, distribute, tie_order, two_level, units_of


@st.composite
def batches(draw, max_cards=60, households=True):
    n = draw(st.integers(0, max_cards))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    if households:
        keys = draw(st.lists(st.one_of(st.none(), st.integers(1, 8)), min_size=n, max_size=n))
    else:
        keys = [None] * n
    return [Card(cid, key) for cid, key in zip(ids, keys, strict=True)]


@st.composite
def recipients_and_history(draw, min_size=1):
    rs = draw(st.lists(st.integers(1, 500), min_size=min_size, max_size=12, unique=True))
    hist = {r: draw(st.integers(0, 5)) for r in rs if draw(st.booleans())}
    return rs, hist


def largest_household(cards):
    return max((len(u) for u in units_of(cards)), default=1)


@settings(max_examples=150, deadline=None)
@given(batches(), recipients_and_history())
def test_every_card_once_and_households_together(cards, rh):
    rs, hist = rh
    d = distribute(cards, rs, hist)
    given_out = [cid for cards_of in d.assignment.values() for cid in cards_of]
    assert sorted(given_out) == sorted(c.customer_id for c in cards)
    owner = {cid: r for r, cs in d.assignment.items() for cid in cs}
    by_household: dict = {}
    for c in cards:
        if c.household is not None:
            by_household.setdefault(c.household, set()).add(owner[c.customer_id])
    assert all(len(v) == 1 for v in by_household.values())


@settings(max_examples=150, deadline=None)
@given(batches(), recipients_and_history())
def test_counts_differ_by_at_most_the_largest_household(cards, rh):
    rs, hist = rh
    counts = distribute(cards, rs, hist).counts().values()
    assert max(counts) - min(counts) <= largest_household(cards)


@settings(max_examples=150, deadline=None)
@given(batches(households=False), recipients_and_history())
def test_single_cards_differ_by_one_and_remainder_goes_to_fewest_so_far(cards, rh):
    rs, hist = rh
    d = distribute(cards, rs, hist)
    counts = d.counts()
    base, extra = divmod(len(cards), len(rs))
    assert max(counts.values()) - min(counts.values()) <= 1
    # The extra cards go exactly to the first `extra` recipients of the tie order ...
    assert [r for r in d.tie_order if counts[r] == base + 1] == d.tie_order[:extra]
    # ... and that order puts the least served first, equal histories in the stable order.
    for a, b in zip(d.tie_order, d.tie_order[1:], strict=False):
        ha, hb = hist.get(a, 0), hist.get(b, 0)
        assert ha < hb or (ha == hb and rs.index(a) < rs.index(b))


@settings(max_examples=100, deadline=None)
@given(batches(households=False), recipients_and_history())
def test_over_many_batches_totals_stay_within_one(cards, rh):
    """Remainders go to the least served, so repeated batches keep everyone's total within one."""
    rs, _ = rh
    history: Counter = Counter()
    for i in range(4):
        batch = [Card(c.customer_id * 10 + i) for c in cards]
        for r, got in distribute(batch, rs, history).assignment.items():
            history[r] += len(got)
        totals = [history[r] for r in rs]
        assert max(totals) - min(totals) <= 1


@settings(max_examples=100, deadline=None)
@given(batches(), recipients_and_history())
def test_deterministic(cards, rh):
    rs, hist = rh
    assert distribute(cards, rs, hist).assignment == distribute(list(cards), list(rs), dict(hist)).assignment


@st.composite
def departments(draw):
    n = draw(st.integers(1, 4))
    staff_of = {}
    next_id = 1
    for d in range(100, 100 + n):
        k = draw(st.integers(1, 5))
        staff_of[d] = list(range(next_id, next_id + k))
        next_id += k
    dept_hist = {d: draw(st.integers(0, 6)) for d in staff_of}
    staff_hist = {s: draw(st.integers(0, 3)) for ss in staff_of.values() for s in ss}
    return staff_of, dept_hist, staff_hist


@settings(max_examples=100, deadline=None)
@given(batches(), departments())
def test_procedure_c_even_over_departments_then_staff(cards, depts):
    staff_of, dh, sh = depts
    res = two_level(cards, staff_of, dh, sh)
    big = largest_household(cards)
    dcounts = res.departments.counts().values()
    assert max(dcounts) - min(dcounts) <= big
    for d, dist in res.staff.items():
        assert set(dist.assignment) == set(staff_of[d])
        assert sorted(c for cs in dist.assignment.values() for c in cs) == sorted(res.departments.assignment[d])
        counts = dist.counts().values()
        assert max(counts) - min(counts) <= big
    assert sorted(c for cs in res.by_staff().values() for c in cs) == sorted(c.customer_id for c in cards)


@settings(max_examples=100, deadline=None)
@given(batches(households=False), departments(), st.randoms(use_true_random=False))
def test_procedure_b_each_department_gets_exactly_its_own(cards, depts, rnd):
    staff_of, dh, sh = depts
    collected = {c.customer_id: rnd.choice(list(staff_of)) for c in cards}
    res = two_level(cards, staff_of, dh, sh, collected_by=collected)
    for d in staff_of:
        assert sorted(res.departments.assignment[d]) == sorted(c for c, dd in collected.items() if dd == d)
        counts = res.staff[d].counts().values()
        assert max(counts) - min(counts) <= 1


def test_tie_order_example():
    # 7 cards, 3 staff; staff 30 has had the fewest so far, 10 and 20 tie (stable order 10 first).
    d = distribute([Card(i) for i in range(7)], [10, 20, 30], {10: 5, 20: 5, 30: 2})
    assert tie_order([10, 20, 30], {10: 5, 20: 5, 30: 2}) == [30, 10, 20]
    assert d.counts() == {30: 3, 10: 2, 20: 2}


def test_refuses_cards_without_recipients():
    with pytest.raises(ValueError):
        distribute([Card(1)], [])
    with pytest.raises(ValueError):
        two_level([Card(1)], {1: []}, {}, {})
