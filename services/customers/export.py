"""Export what the card list (顾客档案) shows to Excel: every matching card, not just the loaded page.

The list's own query (filters, search box, sort) is walked with the same keyset paging the list
uses (``customer_search.search``, 1,000 cards a page), so a million-card export never holds more
than one page in memory. The columns are the ones the user sees, in the order the user sees them,
and every row is masked exactly as the list masks it (a masked phone stays 138****0001, a hidden
address stays hidden): an export can never show more than the screen.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from models import db
from services.customers import search as customer_search
from services.customers.search import CustomerQuery, CustomerRow
from services.office import audit
from services.office.permissions import Actor
from services.output.export import Column, ExportCancelled, write_xlsx
from services.platform.errors import PermissionDenied, ValidationError

#: The roles that see the card list may export it (the front desk sees only its masked lookup).
EXPORT_ROLES = frozenset({"clerk", "staff", "expert", "manager", "coordinator", "director", "gm", "admin"})
HIDDEN = "(已隐藏)"
ARCHIVED = "(已归档)"
PAGE = customer_search.MAX_PAGE  # cards per keyset page (the most the search serves at once)
SORT_NAMES = {"created": "建档时间", "name": "姓名", "owner": "归属员工", "deadline": "下一期限"}


@dataclass(frozen=True)
class ListColumn:
    """One column of the card list: its key, its Chinese header and the cell value of a row."""

    key: str
    title: str
    value: Callable[[CustomerRow], Any]
    number_format: str | None = None
    width: int | None = None


def _name(r: CustomerRow) -> str:
    return r.name + (ARCHIVED if r.archived else "")


def _phone(r: CustomerRow) -> str:
    return r.phone + (f" 等{r.phone_count}个" if r.phone_count > 1 else "")


#: In the list's column order (ui/customers/model.py COL_*); the UI passes the keys it shows.
COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("id", "档案号", lambda r: r.id, width=10),
    ListColumn("name", "姓名", _name),
    ListColumn("phone", "电话", _phone, width=16),
    ListColumn("sex", "性别", lambda r: r.sex, width=6),
    ListColumn("birth_year", "出生年份", lambda r: r.birth_year, width=10),
    ListColumn("address", "住址", lambda r: r.address if r.full else HIDDEN),
    ListColumn("occupation", "职业", lambda r: r.occupation),
    ListColumn("income_band", "收入", lambda r: r.income_band),
    ListColumn("abc_class", "分类", lambda r: r.abc_class, width=6),
    ListColumn("channel", "来源渠道", lambda r: r.channel),
    ListColumn("owner", "归属员工", lambda r: r.owner_name),
    ListColumn("department", "部门", lambda r: r.owner_department),
    ListColumn("claim_state", "归属状态", lambda r: r.claim_state),
    ListColumn("deadline", "下一期限", lambda r: r.next_deadline, "yyyy-mm-dd hh:mm", 18),
    ListColumn("tags", "兴趣标签", lambda r: "、".join(r.tags)),
    ListColumn("created", "建档时间", lambda r: r.created_at, "yyyy-mm-dd", 12),
)
BY_KEY = {c.key: c for c in COLUMNS}


def iter_rows(
    actor: Actor, query: CustomerQuery, now: dt.datetime, cancelled: Callable[[], bool] | None = None
) -> Iterator[CustomerRow]:
    """Every card matching ``query`` in the list's order, fetched one keyset page at a time.

    ``cancelled`` is asked before each page, so a cancel is felt within one page even on a short list.
    """
    after = None
    while True:
        if cancelled and cancelled():
            raise ExportCancelled()
        p = customer_search.search(actor, query, now, after=after, limit=PAGE)
        yield from p.rows
        if p.after is None:
            return
        after = p.after


def _subtitle(office: str, query: CustomerQuery, now: dt.datetime, actor: Actor) -> str:
    parts = [office] if office else []
    if query.text:
        parts.append(f"查找:{query.text}")
    order = SORT_NAMES.get(query.sort, query.sort) + ("(降序)" if query.descending else "(升序)")
    parts += [f"排序:{order}", f"导出人:{actor.display_name or actor.username}", f"导出时间:{now:%Y-%m-%d %H:%M}"]
    return "  ".join(parts)


def export_list(
    app: Any,
    actor: Actor,
    query: CustomerQuery,
    columns: Sequence[str],
    path: str | os.PathLike,
    *,
    titles: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write every card matching ``query`` to ``path`` (.xlsx) with the given columns; returns the rows.

    Args:
        columns: column keys (see ``COLUMNS``) in the order the list shows them.
        titles: the headers as the list shows them (its language); default the Chinese ones.

    Raises:
        PermissionDenied: the role does not see the card list.
        ValidationError: an unknown column, no column, or a target that cannot be written.
        ExportCancelled: ``cancelled()`` became true; no file is left behind.
    """
    if actor.role not in EXPORT_ROLES:
        raise PermissionDenied(f"{actor.role_name}无权导出顾客档案列表。")
    if not columns:
        raise ValidationError("columns", "至少要显示一列才能导出。")
    unknown = [k for k in columns if k not in BY_KEY]
    if unknown:
        raise ValidationError("columns", f"未知的列“{unknown[0]}”。")
    if titles is not None and len(titles) != len(columns):
        raise ValidationError("columns", "列标题与列数不一致。")
    chosen = [BY_KEY[k] for k in columns]
    heads = list(titles) if titles is not None else [c.title for c in chosen]
    sheet_columns = [Column(h, c.width, c.number_format) for h, c in zip(heads, chosen, strict=True)]
    getters = [c.value for c in chosen]
    now = app.clock.now()
    rows = ([get(r) for get in getters] for r in iter_rows(actor, query, now, cancelled))
    n = write_xlsx(
        path,
        "顾客档案",
        sheet_columns,
        rows,
        sheet_name="顾客档案",
        subtitle=_subtitle(app.settings.office_name(), query, now, actor),
        progress=progress,
        cancelled=cancelled,
    )
    # Who took how many cards out of the program, and with which search: the office's leak trail.
    with db.atomic():
        audit.write(
            actor,
            "customer.export",
            "customer",
            None,
            new={"rows": n, "columns": list(columns), "query": _query_facts(query)},
            at=now,
        )
    return n


def _query_facts(query: CustomerQuery) -> dict[str, Any]:
    """The non-empty parts of the query, for the audit row."""
    out: dict[str, Any] = {}
    for k, v in query.__dict__.items():
        if v in ("", None):
            continue
        out[k] = v.isoformat() if isinstance(v, dt.date) else v
    return out
