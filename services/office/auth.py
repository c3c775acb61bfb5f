"""Logins and user accounts: first administrator, login with lockout, password changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import Department, Staff, User, db
from services.office import audit
from services.office.passwords import UNUSABLE, hash_password, verify_password
from services.office.permissions import ROLES, Actor, require
from services.platform.errors import LoginFailed, NotFound, StorageProblem, ValidationError
from services.platform.text import clean_text

MAX_FAILED = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 6
_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash of nothing, checked for unknown user names so that they take as long as known ones."""
    if not _DUMMY:
        _DUMMY.append(hash_password("keyuan-no-such-user"))
    return _DUMMY[0]


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: str
    role_name: str
    staff_id: int | None
    staff_name: str
    department_id: int | None
    active: bool
    locked_until: dt.datetime | None


def actor_for(user: User) -> Actor:
    staff = user.staff
    dept = user.department_id or (staff.department_id if staff else None)
    return Actor(user.id, user.username, user.role, user.staff_id, dept, user.display_name or user.username)


def _info(user: User) -> UserInfo:
    return UserInfo(
        user.id,
        user.username,
        user.display_name,
        user.role,
        ROLES.get(user.role, user.role),
        user.staff_id,
        user.staff.name if user.staff_id else "",
        user.department_id,
        user.active,
        user.locked_until,
    )


class AuthService:
    def __init__(self, app):
        self.app = app

    def has_users(self) -> bool:
        return User.select().where(User.password_hash != UNUSABLE).exists()

    def login(self, username: str, password: str) -> Actor:
        """Check a login. Five failures in a row lock the account for 15 minutes.

        An unknown user name costs the same slow hash as a wrong password (the time does not tell
        whether a name exists). Failures are counted in the database in one statement, so parallel
        attempts on several PCs all count. A correct password still logs in when the disk is full or
        the database is read-only: only resetting the failure count is skipped.

        Raises:
            LoginFailed: with the reason in Chinese.
        """
        now = self.app.clock.now()
        typed = username.strip()
        user = User.get_or_none(User.username == typed)
        if user is None or user.password_hash == UNUSABLE:
            verify_password(password, _dummy_hash())
            self._audit_failure(user, typed, "无此用户或未设密码", now)
            raise LoginFailed("用户名或密码不正确。")
        if not user.active:
            self._audit_failure(user, typed, "账户已停用", now)
            raise LoginFailed("该账户已停用,请联系管理员。")
        if user.locked_until and user.locked_until > now:
            self._audit_failure(user, typed, "账户锁定中", now)
            raise LoginFailed(
                f"密码连续输错 {MAX_FAILED} 次,账户已锁定到 {user.locked_until:%H:%M},请稍后再试或联系管理员。"
            )
        if verify_password(password, user.password_hash):
            if user.failed_logins or user.locked_until:
                try:
                    with db.atomic():
                        User.update(failed_logins=0, locked_until=None).where(User.id == user.id).execute()
                except StorageProblem as exc:
                    if exc.kind not in ("full", "readonly"):
                        raise
            return actor_for(user)
        # The failure count must be committed: the exception is raised after the block.
        locked = False
        try:
            with db.atomic():
                User.update(failed_logins=User.failed_logins + 1).where(User.id == user.id).execute()
                failed, locked_until = (
                    User.select(User.failed_logins, User.locked_until).where(User.id == user.id).tuples().get()
                )
                locked = failed >= MAX_FAILED and not (locked_until and locked_until > now)
                self._failure_row(user, typed, f"密码错误(连续第 {failed} 次)", now)
                if locked:
                    User.update(failed_logins=0, locked_until=now + dt.timedelta(minutes=LOCK_MINUTES)).where(
                        User.id == user.id
                    ).execute()
                    audit.write(actor_for(user), "user.locked", "user", user.id, reason="连续输错密码", at=now)
        except StorageProblem as exc:
            if exc.kind not in ("full", "readonly"):
                raise
            locked = False  # nothing could be counted; the answer is still "wrong password"
        if locked:
            raise LoginFailed(f"密码连续输错 {MAX_FAILED} 次,账户已锁定 {LOCK_MINUTES} 分钟。")
        raise LoginFailed("用户名或密码不正确。")

    @staticmethod
    def _failure_row(user: User | None, typed: str, why: str, now: dt.datetime) -> None:
        """The audit row of a failed login (issue 18): who tried which account, and why it failed."""
        who = actor_for(user) if user is not None else Actor(None, typed, "")
        audit.write(who, "login.failed", "user", user.id if user else None, new={"username": typed}, reason=why, at=now)

    def _audit_failure(self, user: User | None, typed: str, why: str, now: dt.datetime) -> None:
        """Write the failure's audit row in its own transaction; a full or read-only disk skips it (the
        login is still answered)."""
        try:
            with db.atomic():
                self._failure_row(user, typed, why, now)
        except StorageProblem as exc:
            if exc.kind not in ("full", "readonly"):
                raise

    def create_first_admin(self, username: str, password: str, display_name: str = "") -> Actor:
        """The first administrator, allowed only while the database has no account."""
        if self.has_users():
            raise ValidationError("username", "已经有管理员账户,不能再次初始化。")
        with db.atomic():
            user = self._create(username, password, "admin", display_name, None, None)
            actor = actor_for(user)
            audit.write(actor, "user.create", "user", user.id, new={"username": user.username, "role": "admin"})
            return actor

    def _create(self, username, password, role, display_name, staff_id, department_id) -> User:
        username = clean_text(username)
        if not username:
            raise ValidationError("username", "请填写用户名。")
        if len(username) > 64:
            raise ValidationError("username", "用户名太长(最多 64 个字符)。")
        if role not in ROLES:
            raise ValidationError("role", f"未知的角色:{role}")
        if password is not None and len(password) < MIN_PASSWORD:
            raise ValidationError("password", f"密码至少 {MIN_PASSWORD} 位。")
        if User.select().where(User.username == username).exists():
            raise ValidationError("username", f"用户名“{username}”已被使用。")
        if staff_id is not None and Staff.get_or_none(Staff.id == staff_id) is None:
            raise ValidationError("staff", "所选员工不存在。")
        if department_id is not None and Department.get_or_none(Department.id == department_id) is None:
            raise ValidationError("department", "所选部门不存在。")
        return User.create(
            username=username,
            display_name=clean_text(display_name),
            password_hash=hash_password(password) if password is not None else UNUSABLE,
            role=role,
            staff=staff_id,
            department=department_id,
        )

    def create_user(
        self,
        actor: Actor,
        username: str,
        password: str | None,
        role: str,
        *,
        display_name: str = "",
        staff_id: int | None = None,
        department_id: int | None = None,
    ) -> UserInfo:
        """Create an account (administrator). ``password`` None makes an account that cannot log in."""
        require(actor, "users.manage", "管理用户")
        with db.atomic():
            user = self._create(username, password, role, display_name, staff_id, department_id)
            audit.write(
                actor, "user.create", "user", user.id, new={"username": user.username, "role": role, "staff": staff_id}
            )
            return _info(user)

    def must_change_password(self, actor: Actor) -> bool:
        """True after an administrator reset the acting user's password (asked at login)."""
        user = User.get_or_none(User.id == actor.user_id)
        return bool(user and user.must_change_password)

    def list_users(self, actor: Actor) -> list[UserInfo]:
        require(actor, "users.manage", "查看用户")
        return [_info(u) for u in User.select().where(User.password_hash != UNUSABLE).order_by(User.username)]

    def change_password(self, actor: Actor, old: str, new: str) -> None:
        with db.atomic():
            user = User.get_by_id(actor.user_id)
            if not verify_password(old, user.password_hash):
                raise ValidationError("old_password", "原密码不正确。")
            if len(new) < MIN_PASSWORD:
                raise ValidationError("password", f"新密码至少 {MIN_PASSWORD} 位。")
            user.password_hash = hash_password(new)
            user.must_change_password = False
            user.save()
            audit.write(actor, "user.password", "user", user.id)

    def reset_password(self, actor: Actor, user_id: int, new: str) -> None:
        """Administrator reset: sets a password and unlocks the account."""
        require(actor, "users.manage", "重置密码")
        with db.atomic():
            user = User.get_or_none(User.id == user_id)
            if user is None:
                raise NotFound("用户不存在。")
            if len(new) < MIN_PASSWORD:
                raise ValidationError("password", f"新密码至少 {MIN_PASSWORD} 位。")
            user.password_hash = hash_password(new)
            user.failed_logins = 0
            user.locked_until = None
            user.must_change_password = True
            user.save()
            audit.write(actor, "user.reset_password", "user", user.id)
