"""Card intake (录入) from a scanned paper form: one save = card + scan + registration (SPEC §3).

The clerk types a form; `IntakeService.save_card` runs the duplicate check (查重) of
`CustomerService.duplicate_candidates` again on save, and refuses with `NeedsDecision` while an
existing card may be the same person. The clerk then chooses:

* ``merge``     — the form and its scan belong to the existing card: new phones, new interest tags
  and empty fields are added to it and the registration is recorded there (the ownership rules decide the owner);
* ``household`` — a family member (家庭): a new card linked to the existing one as spouse, parent
  or child;
* ``new``       — a different person with a similar name; refused while a phone is an exact
  duplicate, so a duplicate is never silently created.

Everything happens in one transaction: a refused registration leaves no card and no scan row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from models import Customer, Phone, db
from services.customers.duplicates import DuplicateCandidate
from services.customers.edit import clean_tags, require_edit, write_tags
from services.customers.names import check_name
from services.customers.phone_claims import claiming
from services.customers.phones import normalize_phone
from services.customers.taxonomy import OCCUPATION_LABELS, is_occupation, split_tags
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import DuplicateFound, NotFound, ValidationError
from services.platform.text import clean_text
from services.rules.model import CHANNELS
from services.timeline.service import Recorded

if TYPE_CHECKING:
    from services.intake.unmerge import Unmerged

RELATIONS = {"spouse": "配偶", "parent": "父母", "child": "子女"}
SEXES = {"": "", "M": "男", "F": "女"}
BLOCKING_LEVELS = ("duplicate", "possible")  # sound-alike names are shown, but do not stop a save
MAX_ADDRESS = 255
MAX_NOTES = 2000
MIN_AGE = 18  # the office's customers are adults: a birth year after this year minus 18 is a typo
_YEAR_RE = re.compile(r"^\s*(\d{4})\s*(年)?\s*$")


@dataclass(frozen=True)
class IntakeForm:
    """What the clerk typed from one paper form (text as typed; the service checks it)."""

    name: str
    phones: tuple[str, ...] = ()
    sex: str = ""  # M | F | ''
    birth_year: str | int | None = None
    address: str = ""
    occupation: str = ""
    interests: str = ""  # as written: 养生 太极、书法 (spaces, commas or 顿号 between); kept as the card's tags
    channel: str = ""
    staff_id: int | None = None  # the staff member who registered the customer
    notes: str = ""
    batch: str = ""  # event or batch name written on the form, kept on the registration
    # The allocation batch the form belongs to (SPEC §3): the card joins it unregistered, its owner
    # comes from the allocation; ``collected_by`` is the collecting department of a large kepu (B).
    batch_id: int | None = None
    collected_by: int | None = None


@dataclass(frozen=True)
class Decision:
    """The clerk's answer to a duplicate: merge / household / new (see module docstring)."""

    kind: str
    customer_id: int | None = None  # the existing card (merge, household)
    relation: str = ""  # household: the new card is the existing one's spouse | parent | child


@dataclass(frozen=True)
class IntakeResult:
    customer_id: int
    created: bool  # False when merged into an existing card
    scan_id: int | None
    recorded: Recorded | None
    linked_to: int | None = None
    batch_id: int | None = None  # the batch the card joined (no registration then)
    # what the batch's processing will list it as: "owned" (by batch_owner) or "pool"; "" = to allocate
    batch_standing: str = ""
    batch_owner: str = ""
    # the card was put on the batch by this save (False: it was on it already); 拆分 needs to know
    batch_joined: bool = False


class NeedsDecision(DuplicateFound):
    """Existing cards may be this person; nothing was saved. ``candidates`` describes them."""

    def __init__(self, message: str, candidates: list[DuplicateCandidate]):
        super().__init__(message, [c.customer_id for c in candidates])
        self.candidates = candidates


def parse_birth_year(value: Any, this_year: int, field_name: str = "birth_year") -> int | None:
    """1956, "1956", "1956年", a date → its year; empty → None; anything else a Chinese error."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if hasattr(value, "year") and not isinstance(value, (int, float, str)):
        year = int(value.year)
    elif isinstance(value, bool):
        raise ValidationError(field_name, "出生年份应为四位数字,例如 1956。")
    elif isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        year = int(value)
    else:
        m = _YEAR_RE.match(str(value).translate({ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"}))
        if not m:
            raise ValidationError(field_name, f"出生年份“{str(value)[:20]}”应为四位数字,例如 1956。")
        year = int(m.group(1))
    latest = this_year - MIN_AGE
    if not 1900 <= year <= latest:
        raise ValidationError(field_name, f"出生年份 {year} 不合理:应在 1900–{latest} 之间(顾客须年满 {MIN_AGE} 岁)。")
    return year


def occupation_code(text: str) -> str:
    """A taxonomy code from a code or its label (教师·中学, or 中学 when the sub-label is unique)."""
    text = (text or "").strip()
    if not text or is_occupation(text):
        return text
    by_label = {label: code for code, label in OCCUPATION_LABELS.items()}
    if text in by_label:
        return by_label[text]
    subs = [code for code, label in OCCUPATION_LABELS.items() if label.split("·")[-1] == text]
    if len(subs) == 1:
        return subs[0]
    raise ValidationError("occupation", f"职业“{text[:20]}”不在职业分类里,请从列表中选择。")


def _phone_label(i: int) -> str:
    return "电话" if i == 0 else f"电话{i + 1}"


class IntakeService:
    def __init__(self, app):
        self.app = app

    # -- checking ----------------------------------------------------------------------------

    def clean(self, form: IntakeForm, *, require_staff: bool = True) -> dict[str, Any]:
        """Check every field; return the cleaned values or raise a `ValidationError` naming the field.

        ``require_staff=False`` lets an archive import bring in cards nobody registered yet.
        """
        name = check_name(form.name)
        phones = [p for p in (form.phones or ()) if (p or "").strip()]
        if not phones:
            raise ValidationError("phone1", "请至少填写一个电话。")
        numbers: list[str] = []
        for i, raw in enumerate(phones):
            try:
                number, _kind = normalize_phone(raw, field=f"phone{i + 1}")
            except ValidationError as exc:
                raise ValidationError(exc.field, f"{_phone_label(i)}:{exc.message}") from exc
            if number not in numbers:
                numbers.append(number)
        if form.sex not in SEXES:
            raise ValidationError("sex", "性别只能是男或女。")
        year = parse_birth_year(form.birth_year, self.app.clock.now().year)
        address = clean_text(form.address)
        if len(address) > MAX_ADDRESS:
            raise ValidationError("address", f"地址太长(最多 {MAX_ADDRESS} 个字符)。")
        occupation = occupation_code(form.occupation)
        tags = clean_tags(split_tags(form.interests), field="interests", label="兴趣:")
        if form.channel not in CHANNELS:
            raise ValidationError("channel", "请选择来源渠道。")
        if form.staff_id is None and require_staff:
            raise ValidationError("staff", "请选择登记的员工。")
        notes = clean_text(form.notes, multiline=True)
        if len(notes) > MAX_NOTES:
            raise ValidationError("notes", f"备注太长(最多 {MAX_NOTES} 个字符)。")
        batch = (form.batch or "").strip()[:128]
        return {
            "name": name,
            "numbers": numbers,
            "sex": form.sex,
            "birth_year": year,
            "address": address,
            "occupation": occupation,
            "tags": tags,
            "channel": form.channel,
            "staff_id": form.staff_id,
            "notes": notes,
            "batch": batch,
        }

    def candidates(self, actor: Actor, form: IntakeForm, limit: int = 5) -> list[DuplicateCandidate]:
        """The live check while typing: forgiving (half-typed phones and years are ignored)."""
        try:
            year = parse_birth_year(form.birth_year, self.app.clock.now().year)
        except ValidationError:
            year = None
        return self.app.customers.duplicate_candidates(
            actor, name=form.name, phones=tuple(form.phones), address=form.address, birth_year=year, limit=limit
        )

    # -- saving ------------------------------------------------------------------------------

    def save_card(
        self,
        actor: Actor,
        form: IntakeForm,
        scan_id: int | None = None,
        decision: Decision | None = None,
        *,
        scan_file: tuple[str, int] | None = None,
    ) -> IntakeResult:
        """Save one form as ONE action: card (or merge), scan, household link, `register` event.

        ``scan_id`` attaches a scan stored before; ``scan_file`` = (path, page) stores the page of
        the queue inside this same transaction, so a refused save leaves no scan row behind.

        Raises:
            ValidationError: a field is wrong (``field`` names it, the message in Chinese).
            NeedsDecision: existing cards may be this person and no (valid) decision was given.
            RuleRefused / PermissionDenied: the registration is refused; nothing is saved.
        """
        require(actor, "customer.create", "录入顾客档案")
        if form.batch_id is not None:
            # An event form: the batch decides the channel, and nobody registers the card now.
            self.app.allocation.check_joinable(actor, form.batch_id, form.collected_by)
            form = replace(form, channel=self.app.allocation.intake_channel(form.batch_id), staff_id=None)
        v = self.clean(form, require_staff=form.batch_id is None)
        v["batch_id"], v["collected_by"] = form.batch_id, form.collected_by
        with db.atomic():
            if scan_file is not None:
                scan_id = self.app.scans.add(actor, scan_file[0], scan_file[1])
            found = self.app.customers.duplicate_candidates(
                actor, name=v["name"], phones=v["numbers"], address=v["address"], birth_year=v["birth_year"]
            )
            blocking = [c for c in found if c.level in BLOCKING_LEVELS]
            if decision is None:
                if blocking:
                    first = blocking[0]
                    raise NeedsDecision(
                        f"可能与已有档案重复:{first.name}({first.reason}),请选择合并、关联为家人或新建。", blocking
                    )
                return self._create(actor, v, scan_id)
            if decision.kind == "merge":
                return self.attach_form(actor, self._target(decision).id, v, scan_id=scan_id)
            if decision.kind == "household":
                return self._household(actor, v, scan_id, self._target(decision), decision.relation)
            if decision.kind == "new":
                phone_dups = [c for c in found if c.level == "duplicate"]
                if phone_dups:
                    raise ValidationError(
                        "phone1",
                        f"电话与档案 {phone_dups[0].customer_id}({phone_dups[0].name})完全相同,不能新建为另一个人;"
                        "请选择合并或关联为家人。",
                    )
                return self._create(actor, v, scan_id, allow_duplicate=True)
            raise ValidationError("decision", f"未知的查重处理方式:{decision.kind}")

    def _target(self, decision: Decision) -> Customer:
        c = Customer.get_or_none(Customer.id == decision.customer_id) if decision.customer_id else None
        if c is None:
            raise NotFound("要合并或关联的已有档案不存在。")
        if c.archived:
            raise ValidationError("decision", f"档案 {c.id} 已归档,不能合并或关联。")
        return c

    def _create(
        self, actor: Actor, v: dict[str, Any], scan_id: int | None, allow_duplicate: bool = False
    ) -> IntakeResult:
        info = self.app.customers.create(
            actor,
            v["name"],
            v["numbers"],
            sex=v["sex"],
            birth_year=v["birth_year"],
            address=v["address"],
            source_channel=v["channel"],
            allow_duplicate=allow_duplicate,
        )
        if v["occupation"] or v["notes"]:
            # create() does not take these two yet; same transaction, same audit trail.
            Customer.update(occupation=v["occupation"], notes=v["notes"]).where(Customer.id == info.id).execute()
        write_tags(info.id, v.get("tags") or ())
        return self._finish(actor, info.id, v, scan_id, created=True)

    def _finish(
        self,
        actor: Actor,
        customer_id: int,
        v: dict[str, Any],
        scan_id: int | None,
        *,
        created: bool,
        linked_to: int | None = None,
        at=None,
        extra: dict[str, Any] | None = None,
        late_reason: str = "",
    ) -> IntakeResult:
        if scan_id is not None:
            self.app.scans.attach(scan_id, customer_id)
        if v.get("batch_id") is not None:
            joined = self.app.allocation.join(actor, v["batch_id"], customer_id, v["collected_by"])
            standing, owner = self.app.allocation.standing(actor, customer_id)
            return IntakeResult(customer_id, created, scan_id, None, linked_to, v["batch_id"], standing, owner, joined)
        if v["staff_id"] is None:  # an archive import: a card nobody registered yet
            return IntakeResult(customer_id, created, scan_id, None, linked_to)
        extra = dict(extra or {"via": "intake"})
        if v["batch"]:
            extra["batch"] = v["batch"]
        if scan_id is not None:
            extra["scan"] = scan_id
        # The paper form has no referrer field: a referral from intake is an incomplete referral (R5).
        recorded = self.app.timeline.register(
            actor,
            customer_id,
            v["staff_id"],
            v["channel"],
            at=at,
            referral_complete=v["channel"] != "referral",
            extra=extra,
            late_reason=late_reason,
        )
        return IntakeResult(customer_id, created, scan_id, recorded, linked_to)

    def unmerge(self, actor: Actor, customer_id: int, reason: str = "") -> Unmerged:
        """拆分: take this user's merge of today back out of the card (services.intake.unmerge);
        returns `Unmerged` (the new card, and the batch it joined in the merged card's place)."""
        from services.intake.unmerge import unmerge

        return unmerge(self.app, actor, customer_id, reason)

    def can_unmerge(self, actor: Actor, customer_id: int) -> bool:
        from services.intake.unmerge import last_merge

        return last_merge(actor, customer_id, self.app.clock.now()) is not None

    def attach_form(
        self,
        actor: Actor,
        customer_id: int,
        v: dict[str, Any],
        *,
        scan_id: int | None = None,
        at=None,
        extra: dict[str, Any] | None = None,
        reason: str = "录入时查重:合并到已有档案",
        late_reason: str = "",
    ) -> IntakeResult:
        """A form (cleaned by `clean`) that belongs to an existing card: the fields the card lacks and
        its new phones are added, the scan attached and the registration recorded there (at ``at``,
        default now) — inside the caller's transaction. The import uses it for a known person's row."""
        target = self._target(Decision("merge", customer_id))
        # Merging edits the existing card: the card editor's own rule decides who may (role + full view).
        require_edit(actor, target, self.app.clock.now(), "合并到已有档案")
        old = {"sex": target.sex, "birth_year": target.birth_year, "address": target.address}
        # Fill only what the card lacks: the existing card is the reference, the form adds to it.
        filled = {}
        for key in ("sex", "birth_year", "address", "occupation"):
            if v[key] and not getattr(target, key):
                filled[key] = getattr(target, key)
                setattr(target, key, v[key])
        notes_before = target.notes
        if v["notes"]:
            target.notes = (target.notes + "\n" + v["notes"]).strip()[:MAX_NOTES]
        added = []
        position = Phone.select().where(Phone.customer == target).count()
        with claiming(v["numbers"], exclude=target.id):  # a new number another PC saved meanwhile: 查重 again
            for number in v["numbers"]:
                if not self.app.customers.find_by_phone(number):
                    kind = "mobile" if number.startswith("1") else "landline"
                    Phone.create(customer=target, number=number, last4=number[-4:], kind=kind, position=position)
                    position += 1
                    added.append(number)
        # The form's interests join the card's tags; the tags it has stay.
        tags_added = write_tags(target.id, v.get("tags") or (), keep_existing=True)
        target.version += 1
        target.save()
        result = self._finish(actor, target.id, v, scan_id, created=False, at=at, extra=extra, late_reason=late_reason)
        # What 拆分 (services.intake.unmerge) needs to take the form back out: the form, what it
        # changed on the card, its scan and its registration.
        form = {k: v[k] for k in ("name", "numbers", "sex", "birth_year", "address", "occupation", "channel", "notes")}
        form["tags"] = list(v.get("tags") or ())
        audit.write(
            actor,
            "customer.merge_intake",
            "customer",
            target.id,
            customer_id=target.id,
            at=self.app.clock.now(),
            old=old,
            new={
                "sex": target.sex,
                "birth_year": target.birth_year,
                "address": target.address,
                "phones_added": added,
                "tags_added": tags_added,
                "filled": filled,
                "notes_before": notes_before,
                "form": form,
                "scan": scan_id,
                "event": result.recorded.event_id if result.recorded else None,
                "version": target.version,
                "batch": v.get("batch_id"),
                # was the card put on the batch by this merge? then 拆分 takes it off again
                "batch_joined": result.batch_joined,
            },
            reason=reason,
        )
        return result

    def _household(
        self, actor: Actor, v: dict[str, Any], scan_id: int | None, target: Customer, relation: str
    ) -> IntakeResult:
        if relation not in RELATIONS:
            raise ValidationError("relation", "请选择家庭关系:配偶、父母或子女。")
        # Family members often share the home phone, so the phone check is waived here on purpose.
        info = self.app.customers.create(
            actor,
            v["name"],
            v["numbers"],
            sex=v["sex"],
            birth_year=v["birth_year"],
            address=v["address"],
            source_channel=v["channel"],
            allow_duplicate=True,
        )
        if v["occupation"] or v["notes"]:
            Customer.update(occupation=v["occupation"], notes=v["notes"]).where(Customer.id == info.id).execute()
        write_tags(info.id, v.get("tags") or ())
        self.app.customers.link_household(actor, info.id, target.id, relation)
        return self._finish(actor, info.id, v, scan_id, created=True, linked_to=target.id)


__all__ = ["Decision", "IntakeForm", "IntakeResult", "IntakeService", "NeedsDecision", "RELATIONS", "parse_birth_year"]
