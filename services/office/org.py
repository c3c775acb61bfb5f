"""Departments and staff (设置 → 部门与员工)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, fn

from models import Department, Staff, User, db
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import NotFound, ValidationError
from services.platform.text import clean_text

POSITIONS = {"staff": "员工", "expert": "咨询专家", "manager": "部门经理"}


@dataclass(frozen=True)
class DepartmentInfo:
    id: int
    name: str
    active: bool
    staff_count: int


@dataclass(frozen=True)
class StaffInfo:
    id: int
    name: str
    department_id: int | None
    department_name: str
    position: str
    position_name: str
    phone: str
    active: bool
    left_at: dt.datetime | None


def person_names(user_ids) -> dict[int, str]:
    """What a posted or printed page calls each user: the account's display name, else the name of the
    staff member it belongs to, else (only then) the login name."""
    ids = [u for u in set(user_ids) if u is not None]
    if not ids:
        return {}
    q = (
        User.select(User.id, User.display_name, Staff.name, User.username)
        .join(Staff, JOIN.LEFT_OUTER, on=(User.staff == Staff.id))
        .where(User.id.in_(ids))
        .tuples()
    )
    return {uid: display or staff or login for uid, display, staff, login in q}


def staff_info(s: Staff) -> StaffInfo:
    return StaffInfo(
        s.id,
        s.name,
        s.department_id,
        s.department.name if s.department_id else "",
        s.position,
        POSITIONS.get(s.position, s.position),
        s.phone,
        s.active,
        s.left_at,
    )


def _clean_name(value: str, field: str, label: str) -> str:
    value = clean_text(value)
    if not value:
        raise ValidationError(field, f"请填写{label}。")
    if len(value) > 64:
        raise ValidationError(field, f"{label}太长(最多 64 个字符)。")
    return value


class OrgService:
    def __init__(self, app):
        self.app = app

    def departments(self, include_inactive: bool = False) -> list[DepartmentInfo]:
        q = Department.select().order_by(Department.id)
        if not include_inactive:
            q = q.where(Department.active == True)  # noqa: E712
        counts = dict(
            Staff.select(Staff.department, fn.COUNT(Staff.id))
            .where(Staff.active == True)  # noqa: E712
            .group_by(Staff.department)
            .tuples()
        )
        return [DepartmentInfo(d.id, d.name, d.active, counts.get(d.id, 0)) for d in q]

    def create_department(self, actor: Actor, name: str) -> DepartmentInfo:
        require(actor, "org.manage", "管理部门")
        name = _clean_name(name, "name", "部门名称")
        with db.atomic():
            if Department.select().where(Department.name == name).exists():
                raise ValidationError("name", f"部门“{name}”已存在。")
            d = Department.create(name=name, created_at=self.app.clock.now())
            audit.write(actor, "department.create", "department", d.id, new={"name": name})
            return DepartmentInfo(d.id, d.name, d.active, 0)

    def rename_department(self, actor: Actor, dept_id: int, name: str) -> DepartmentInfo:
        require(actor, "org.manage", "管理部门")
        name = _clean_name(name, "name", "部门名称")
        with db.atomic():
            d = Department.get_or_none(Department.id == dept_id)
            if d is None:
                raise NotFound("部门不存在。")
            if Department.select().where((Department.name == name) & (Department.id != dept_id)).exists():
                raise ValidationError("name", f"部门“{name}”已存在。")
            old = d.name
            d.name = name
            d.save()
            audit.write(actor, "department.rename", "department", d.id, old={"name": old}, new={"name": name})
            self.app.timeline.invalidate()
            return DepartmentInfo(d.id, d.name, d.active, 0)

    def staff(self, department_id: int | None = None, include_left: bool = False) -> list[StaffInfo]:
        q = Staff.select(Staff, Department).join(Department, JOIN.LEFT_OUTER, on=(Staff.department == Department.id))
        if department_id is not None:
            q = q.where(Staff.department == department_id)
        if not include_left:
            q = q.where(Staff.active == True)  # noqa: E712
        return [staff_info(s) for s in q.order_by(Staff.department, Staff.id)]

    def get_staff(self, staff_id: int) -> StaffInfo:
        s = Staff.get_or_none(Staff.id == staff_id)
        if s is None:
            raise NotFound("员工不存在。")
        return staff_info(s)

    def create_staff(
        self, actor: Actor, name: str, department_id: int, position: str = "staff", phone: str = ""
    ) -> StaffInfo:
        require(actor, "org.manage", "管理员工")
        name = _clean_name(name, "name", "员工姓名")
        if position not in POSITIONS:
            raise ValidationError("position", f"未知的岗位:{position}")
        with db.atomic():
            dept = Department.get_or_none(Department.id == department_id)
            if dept is None or not dept.active:
                raise ValidationError("department", "请选择一个有效的部门。")
            s = Staff.create(
                name=name,
                department=dept,
                position=position,
                phone=(phone or "").strip(),
                joined_at=self.app.clock.now(),
            )
            audit.write(
                actor, "staff.create", "staff", s.id, new={"name": name, "department": dept.name, "position": position}
            )
            self.app.timeline.invalidate()
            return staff_info(s)
