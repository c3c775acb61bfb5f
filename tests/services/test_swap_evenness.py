"""The even check of a swap (SPEC §4: counts differ by at most one, or the largest household) for all plans."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.allocation.types import AllocationPreview, PlanCard, RecipientPlan


@st.composite
def previews(draw):
    people = draw(st.integers(min_value=2, max_value=5))
    next_id = iter(range(1, 10_000))
    recipients = []
    for sid in range(1, people + 1):
        cards = []
        for _ in range(draw(st.integers(min_value=0, max_value=6))):
            size = draw(st.sampled_from([1, 1, 1, 2, 3]))  # mostly single cards, some households
            ids = [next(next_id) for _ in range(size)]
            house = ids[0] if size > 1 else None
            cards += [PlanCard(c, f"顾客{c}", "", house, "") for c in ids]
        recipients.append(RecipientPlan(sid, f"员工{sid}", 1, "一部", 0, sid, tuple(cards)))
    return AllocationPreview(1, "批次", 1, "kepu", "A", "", tuple(recipients), (), ())


@given(previews(), st.data())
def test_a_swap_moves_the_card_with_its_household_and_the_warning_names_uneven_counts(pv, data):
    cards = [(r.staff_id, c) for r in pv.recipients for c in r.cards]
    if not cards:
        return
    source, card = data.draw(st.sampled_from(cards))
    to = data.draw(st.sampled_from([r.staff_id for r in pv.recipients if r.staff_id != source]))
    before = {r.staff_id: r.count for r in pv.recipients}
    after = pv.counts_after_swap(card.customer_id, to)
    moved = (
        sum(1 for c in next(r for r in pv.recipients if r.staff_id == source).cards if c.household == card.household)
        if card.household
        else 1
    )
    assert sum(after.values()) == sum(before.values())
    assert after[source] == before[source] - moved and after[to] == before[to] + moved
    spread = max(after.values()) - min(after.values())
    warning = pv.uneven_text(after)
    assert (warning == "") == (spread <= pv.even_limit)
    if warning:
        assert f"相差 {spread} 张" in warning
