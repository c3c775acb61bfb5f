"""Issue 16, item 7: no customer data through side doors. Every public service read that returns
customer data is asked, as staff of another department, that department's manager, the front desk and
an expert who does not serve the customer; none may show the full name, phone or address (SPEC §2).
A new public method with an ``actor`` fails the completeness check until it is listed here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect

import pytest

from services.customers.search import CustomerQuery
from services.platform.errors import NotFound, PermissionDenied, ValidationError
from tests.helpers import user

T = dt.datetime
NAME, PHONE, ADDRESS = "欧阳明华", "13912345678", "幸福路88号"

# Public methods with an acting user that are asked below, per service.
ASKED = {
    "customers": {
        "by_phone",
        "card",
        "get",
        "search",
        "duplicate_candidates",
        "household",
        "timeline_view",
        "count",
        "count_estimate",
    },
    "access": {"card", "lookup_requests", "can_see_full", "full_ids"},
    "allocation": {"pool_list", "batches", "pool_preview", "open_batches", "waiting"},
    "callbacks": {"tasks", "today", "review_list", "figures", "referral_rate", "history", "serving_expert"},
    "cases": {"queue", "iter_register", "detail", "get", "count"},
    "frontdesk": {"lookup", "search", "hit", "todays_meetings", "duty_choices"},
    "meetings": {"invitations", "duplicate_invitations", "unlisted"},
    "ownership": {"view"},
}
# The others: writes (they return ids and verdicts, not cards), or reads of one batch that the roles
# asked here may not open (checked through `batches`, which lists none for them).
NOT_READS = {
    "customers": {
        "archive",
        "create",
        "create_checked_elsewhere",
        "create_many",
        "link_household",
        "restore",
        "unlink_household",
        "update",
    },
    "access": {"decide_lookup", "request_lookup"},
    "allocation": {
        "add_cards",
        "assign_one",
        "card_infos",
        "cards",
        "check_joinable",
        "confirm",
        "create_batch",
        "decide",
        "delete_batch",
        "distribute_pool",
        "distribution",
        "export_sheet",
        "get",
        "join",
        "possible_infos",
        "preview",
        "print_sheet",
        "process",
        "remove_card",
        "return_batch",
        "sheet_rows",
        # standing: the owner's name the clerk's 查重 prompt already showed, for the edit roles only
        "standing",
        "swap",
        # check_unmerge / take_place: 拆分's check and write on the batch, no card fields returned
        "check_unmerge",
        "take_place",
        "update_batch",
    },
    # scan_of: the scanned 回访表 of one record, for the record's viewer (a file, not a card field).
    "callbacks": {"record", "review", "set_expert", "scan_of", "mark_complaint_to_gm"},
    "cases": {"accept", "escalate", "export_register", "gm_rule", "override"},
    "frontdesk": {"check_in", "log_store_visit", "walk_in"},
    "meetings": {"create", "submit_unlisted"},
    "ownership": set(),
}


def public_actor_methods(service) -> set[str]:
    out = set()
    for name, fn in inspect.getmembers(type(service), inspect.isfunction):
        params = list(inspect.signature(fn).parameters)
        if not name.startswith("_") and len(params) > 1 and params[1] == "actor":
            out.add(name)
    return out


def test_every_public_read_is_asked(app):
    for service, asked in ASKED.items():
        found = public_actor_methods(getattr(app, service))
        assert found == asked | NOT_READS[service], (
            f"{service}: list {sorted(found - asked - NOT_READS[service])} in ASKED (a read of customer data: "
            f"add a call below) or NOT_READS; remove {sorted((asked | NOT_READS[service]) - found)}"
        )


@pytest.fixture
def story(app, office, admin):
    """欧阳明华 was registered by 王五 (二部), who sold to them after a joint meeting; the director then
    gave the customer to 张三 (一部). Callback duties of 二部 remain for a customer 二部 no longer owns."""
    clerk, director = office.users["clerk"], office.users["director"]
    serving = app.org.create_staff(admin, "孙专家", office.d2, position="expert").id
    expert = app.org.create_staff(admin, "钱专家", office.d1, position="expert").id  # serves someone else
    office.users["expert"] = user(app, admin, "u_expert", "expert", staff_id=expert, password=None)
    office.users["manager2"] = user(app, admin, "mgr2", "manager", department_id=office.d2, password=None)
    c = app.customers.create(clerk, NAME, [PHONE], address=ADDRESS).id
    app.clock.set(T(2026, 3, 1, 9, 0))
    s3 = office.users["s3"]
    app.timeline.register(s3, c, office.s3, "scatter")
    app.timeline.preheat(s3, c, office.s3)
    m = app.meetings.create(director, dt.date(2026, 3, 10), "afternoon", True, [office.d1, office.d2]).id
    app.clock.set(T(2026, 3, 5, 10, 0))
    app.timeline.invite(s3, c, office.s3, m)
    app.clock.set(T(2026, 3, 10, 14, 0))
    app.timeline.attend(clerk, c, m)
    app.clock.set(T(2026, 3, 10, 16, 0))
    app.timeline.purchase(clerk, c, 3000, meeting_id=m, staff_id=office.s3, expert_id=serving)
    app.clock.set(T(2026, 3, 11, 9, 0))
    app.timeline.reassign(director, c, office.s1, "调整归属")
    app.timeline.register(s3, c, office.s3, "feedback_phone")  # a duplicate registration opens a case
    app.clock.set(T(2026, 3, 12, 9, 0))
    return c, m


def serialised(value) -> str:
    if inspect.isgenerator(value):
        value = list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    return repr(value)


@pytest.mark.parametrize("who", ["s3", "manager2", "front", "expert"])
def test_no_read_shows_another_departments_customer_in_full(app, office, story, who):
    c, m = story
    actor = office.users[who]
    from models import ConflictCase

    case_ids = [k for (k,) in ConflictCase.select(ConflictCase.id).tuples()]
    assert case_ids, "the story opens a conflict case"
    calls = {
        ("customers", "by_phone"): lambda s: s.by_phone(actor, PHONE),
        ("customers", "card"): lambda s: s.card(actor, c),
        ("customers", "get"): lambda s: s.get(actor, c),
        ("customers", "search"): lambda s: [
            s.search(actor, CustomerQuery()),
            s.search(actor, CustomerQuery(text=PHONE)),
        ],
        ("customers", "duplicate_candidates"): lambda s: s.duplicate_candidates(
            actor, name=NAME, phones=[PHONE], address=ADDRESS
        ),
        ("customers", "household"): lambda s: s.household(actor, c),
        ("customers", "timeline_view"): lambda s: s.timeline_view(actor, c),
        ("customers", "count"): lambda s: s.count(actor, CustomerQuery(name=NAME)),
        ("customers", "count_estimate"): lambda s: s.count_estimate(actor, CustomerQuery(name=NAME)),
        ("access", "card"): lambda s: s.card(actor, c),
        ("access", "lookup_requests"): lambda s: s.lookup_requests(actor, pending_only=False),
        ("access", "can_see_full"): lambda s: s.can_see_full(actor, c),
        ("access", "full_ids"): lambda s: s.full_ids(actor, [c]),
        ("allocation", "pool_list"): lambda s: s.pool_list(actor),
        ("allocation", "batches"): lambda s: s.batches(actor),
        ("allocation", "pool_preview"): lambda s: s.pool_preview(actor, [c], [office.s3]),
        ("allocation", "open_batches"): lambda s: s.open_batches(actor),
        ("allocation", "waiting"): lambda s: s.waiting(actor),
        ("callbacks", "tasks"): lambda s: s.tasks(actor, when="open", now=T(2026, 3, 12, 9, 0)),
        ("callbacks", "today"): lambda s: s.today(actor),  # 王五's duties for a customer now 张三's
        ("callbacks", "review_list"): lambda s: s.review_list(actor),
        ("callbacks", "figures"): lambda s: s.figures(actor, 2026, 3),
        ("callbacks", "referral_rate"): lambda s: s.referral_rate(actor, 2026, 3),
        ("callbacks", "history"): lambda s: s.history(actor, c),
        ("callbacks", "serving_expert"): lambda s: s.serving_expert(actor, c),
        ("cases", "queue"): lambda s: s.queue(actor),
        ("cases", "iter_register"): lambda s: list(s.iter_register(actor)),
        ("cases", "detail"): lambda s: [s.detail(actor, k) for k in case_ids],
        ("cases", "get"): lambda s: [s.get(actor, k) for k in case_ids],
        ("cases", "count"): lambda s: s.count(actor),
        ("frontdesk", "lookup"): lambda s: [s.lookup(actor, PHONE), s.lookup(actor, NAME)],
        ("frontdesk", "search"): lambda s: [s.search(actor, PHONE), s.search(actor, NAME)],
        ("frontdesk", "hit"): lambda s: s.hit(actor, c),
        ("frontdesk", "todays_meetings"): lambda s: s.todays_meetings(actor),
        ("frontdesk", "duty_choices"): lambda s: s.duty_choices(actor),
        ("meetings", "invitations"): lambda s: s.invitations(actor, m),
        ("meetings", "duplicate_invitations"): lambda s: s.duplicate_invitations(actor, m),
        ("meetings", "unlisted"): lambda s: s.unlisted(actor, m, office.d2),
        ("ownership", "view"): lambda s: s.view(actor, c),
    }
    assert set(calls) == {(svc, name) for svc, names in ASKED.items() for name in names}
    leaks, answered = [], 0
    for (svc, name), call in calls.items():
        try:
            text = serialised(call(getattr(app, svc)))
        except (PermissionDenied, NotFound, ValidationError):
            continue
        answered += 1
        for secret in (NAME, PHONE, ADDRESS):
            if secret in text:
                leaks.append(f"{svc}.{name} shows {secret}")
    assert leaks == []
    assert answered >= 5  # the roles do get answers (masked), not only refusals


def test_the_phone_lookup_of_the_dialogs_masks_and_the_owner_sees_in_full(app, office, story):
    c, _ = story
    assert app.customers.by_phone(office.users["s3"], PHONE).name != NAME
    assert app.customers.by_phone(office.users["s1"], PHONE).name == NAME  # 张三 owns it now
    assert app.customers.by_phone(office.users["s1"], "13900000000") is None


def test_the_front_desk_may_not_read_invitation_lists(app, office, story):
    _, m = story
    with pytest.raises(PermissionDenied):
        app.meetings.invitations(office.users["front"], m)


HOSTILE = "王\u202e大爷\x00\x1b\u200b"


def test_control_and_bidi_characters_are_stripped_on_input(app, office):
    clerk = office.users["clerk"]
    c = app.customers.create(clerk, HOSTILE, ["13700000001"], address="幸福路\x001号\u2066楼\u2069").id
    card = app.customers.get(office.users["director"], c)
    assert card.name == "王大爷"
    assert card.address == "幸福路1号楼"
    staff = app.org.create_staff(office.admin, "李\x1b四\u202d", office.d1)
    assert staff.name == "李四"
    ids = app.customers.create_many(
        clerk, [{"name": "张\u202e三", "phones": ["13700000002"], "notes": "第一行\n第\x07二行"}]
    )
    from models import Customer

    row = Customer.get_by_id(ids[0])
    assert (row.name, row.notes) == ("张三", "第一行\n第二行")


def test_clean_text_keeps_chinese_rare_characters_and_line_breaks_where_asked():
    from services.platform.text import clean_text

    assert clean_text("𠀀\ue000 丽\r\n", multiline=True) == "𠀀\ue000 丽"
    assert clean_text("a\nb\tc") == "a b c"
    assert clean_text(None) == ""


def test_scans_are_stored_for_the_owner_only(app, office, tmp_path):
    import os
    import stat

    from tests.services.scan_samples import png_bytes, write

    old = os.umask(0o022)
    try:
        sid = app.scans.add(office.users["clerk"], write(tmp_path, "a.png", png_bytes()))
    finally:
        os.umask(old)
    path, _, _ = app.scans.file_of(sid)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(app.scans.folder).st_mode) == 0o700
