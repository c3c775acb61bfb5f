"""Random text in the search boxes and phone fields: an answer or a clear field error, never a crash,
and the database unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import AuditLog, Customer
from services.customers.phones import normalize_phone
from services.customers.search import CustomerQuery
from services.platform.errors import ServiceError, ValidationError

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["%", "_", "'; DROP TABLE customer; --", "\\", "1380000", "０１３８", "+86", "zl", "王", "*", "\x00"]
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(TEXT)
def test_customer_search_box(app, office, text):
    before = (Customer.select().count(), AuditLog.select().count())
    try:
        page = app.customers.search(office.users["director"], CustomerQuery(text=text), limit=20)
        assert page is not None
    except ServiceError as exc:
        assert exc.message
    assert (Customer.select().count(), AuditLog.select().count()) == before


@SETTINGS
@given(TEXT)
def test_front_desk_box(app, office, text):
    try:
        hits = app.frontdesk.lookup(office.users["front"], text)
        assert isinstance(hits, list)
    except ServiceError as exc:
        assert exc.message


@SETTINGS
@given(TEXT)
def test_phone_field(app, office, text):
    try:
        number, kind = normalize_phone(text)
    except ValidationError as exc:
        assert exc.field == "phone" and exc.message
        return
    assert number.isdigit() and kind in ("mobile", "landline")
