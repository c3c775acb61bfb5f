"""Test helpers that build a small office through the services."""

from __future__ import annotations

from dataclasses import dataclass, field

from models import User
from services.office.auth import actor_for
from services.office.permissions import Actor


@dataclass
class Office:
    admin: Actor
    d1: int
    d2: int
    s1: int
    s2: int
    s3: int
    s4: int
    users: dict[str, Actor] = field(default_factory=dict)


def user(app, admin, username, role, staff_id=None, department_id=None, password="secret1") -> Actor:
    info = app.auth.create_user(admin, username, password, role, staff_id=staff_id, department_id=department_id)
    return actor_for(User.get_by_id(info.id))


def make_office(app, admin) -> Office:
    d1 = app.org.create_department(admin, "一部").id
    d2 = app.org.create_department(admin, "二部").id
    s1 = app.org.create_staff(admin, "张三", d1).id
    s2 = app.org.create_staff(admin, "李四", d1).id
    s3 = app.org.create_staff(admin, "王五", d2).id
    s4 = app.org.create_staff(admin, "赵六", d2).id
    o = Office(admin, d1, d2, s1, s2, s3, s4)
    o.users = {
        "clerk": user(app, admin, "clerk", "clerk", password=None),
        "director": user(app, admin, "director", "director", password=None),
        "coordinator": user(app, admin, "coord", "coordinator", password=None),
        "gm": user(app, admin, "gm", "gm", password=None),
        "manager1": user(app, admin, "mgr1", "manager", department_id=d1, password=None),
        "front": user(app, admin, "front", "front_desk", password=None),
        "s1": user(app, admin, "u_s1", "staff", staff_id=s1, password=None),
        "s2": user(app, admin, "u_s2", "staff", staff_id=s2, password=None),
        "s3": user(app, admin, "u_s3", "staff", staff_id=s3, password=None),
        "s4": user(app, admin, "u_s4", "staff", staff_id=s4, password=None),
    }
    return o
