"""Roles of SPEC §2 and what each may do. Services call `require`; the UI only reads `can`."""

from __future__ import annotations

from dataclasses import dataclass

from services.platform.errors import PermissionDenied

ROLES = {
    "clerk": "录入员",
    "staff": "员工",
    "expert": "咨询专家",
    "manager": "部门经理",
    "coordinator": "协调助理",
    "director": "顾客资源总监",
    "gm": "总经理",
    "front_desk": "前台",
    "admin": "管理员",
}

MANAGERS_AND_ABOVE = frozenset({"manager", "director", "gm", "admin"})
SEE_ALL = frozenset({"director", "gm", "admin", "coordinator", "clerk"})

PERMISSIONS: dict[str, frozenset[str]] = {
    "org.manage": frozenset({"admin"}),
    "settings.manage": frozenset({"admin"}),
    "settings.rules": frozenset({"admin", "director", "gm"}),
    "users.manage": frozenset({"admin"}),
    # The front desk looks up and checks in only (SPEC §2): it creates no cards and records no complaints.
    "customer.create": frozenset({"clerk", "staff", "manager", "director", "gm", "admin"}),
    "customer.edit": frozenset({"clerk", "manager", "director", "gm", "admin"}),
    # Recording a staff member's own contact (register, pre-heat, invite, visit).
    "event.contact": frozenset({"staff", "expert", "manager", "clerk", "director", "gm", "admin"}),
    "event.allocate": frozenset({"manager", "director", "clerk", "admin"}),
    "event.attendance": frozenset({"clerk", "manager", "front_desk", "director", "gm", "admin"}),
    "event.purchase": frozenset({"clerk", "manager", "director", "gm", "admin"}),
    "event.complaint": frozenset({"clerk", "staff", "manager", "coordinator", "director", "gm", "admin"}),
    "event.reassign": frozenset({"manager", "director", "gm", "admin"}),
    "event.staff_left": frozenset({"admin", "director", "gm"}),
    "event.ruling": frozenset({"coordinator", "gm"}),
    "meeting.manage": frozenset({"manager", "director", "gm", "admin"}),
    "meeting.submit_list": frozenset({"manager", "director", "gm", "admin"}),
    "cases.view": frozenset({"coordinator", "director", "gm", "admin", "manager"}),
    "cases.rule": frozenset({"coordinator", "gm"}),
    "cases.final": frozenset({"gm"}),
    "sweep.run": frozenset(ROLES),
    "audit.view": frozenset({"admin", "director", "gm"}),
    # The masked ownership lookup of the front desk (前台查询); a store visit is logged by the same roles.
    "frontdesk.lookup": frozenset(
        {"front_desk", "admin", "director", "gm", "manager", "staff", "clerk", "coordinator"}
    ),
    "frontdesk.store_visit": frozenset({"front_desk", "admin", "director", "gm", "manager", "clerk"}),
    # Asking to see another department's card in full; only the resource director approves.
    "lookup.request": frozenset({"staff", "expert", "manager"}),
    "lookup.approve": frozenset({"director"}),
}


@dataclass(frozen=True)
class Actor:
    """The acting user, as services need it."""

    user_id: int | None
    username: str
    role: str
    staff_id: int | None = None
    department_id: int | None = None
    display_name: str = ""

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


SYSTEM = Actor(None, "system", "admin", display_name="系统")


def can(actor: Actor, permission: str) -> bool:
    return actor.role in PERMISSIONS[permission]


def require(actor: Actor, permission: str, what: str) -> None:
    """Raise `PermissionDenied` unless ``actor`` holds ``permission``; ``what`` names the action."""
    if not can(actor, permission):
        exc = PermissionDenied(f"{actor.role_name}无权{what}。")
        from services.office import audit  # audit imports this module

        audit.refused(actor, exc)
        raise exc
