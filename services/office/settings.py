"""Office-wide settings, declared once with type and default, stored in the database with history.

Per-PC things (window geometry, language) live in QSettings on the UI side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from models import Setting, SettingHistory, db
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import ValidationError
from services.rules.model import Params


@dataclass(frozen=True)
class Declared:
    key: str
    label: str
    kind: type
    default: Any
    permission: str = "settings.manage"


DECLARED = {
    d.key: d
    for d in (
        Declared("office.name", "办公室名称", str, "客源管家"),
        Declared("session.lock_minutes", "无操作自动锁定(分钟)", int, 15),
        Declared("rules.params", "归属规则参数", dict, Params().to_dict(), "settings.rules"),
    )
}


DEMO_KEY = "demo.stamp"


@dataclass(frozen=True)
class DemoStamp:
    day: dt.date
    customers: int
    seed: int


class SettingsService:
    def __init__(self, app):
        self.app = app
        self._params_cache: Params | None = None

    def get(self, key: str) -> Any:
        decl = DECLARED[key]
        row = Setting.get_or_none(Setting.key == key)
        return decl.default if row is None else row.value

    def set(self, actor: Actor, key: str, value: Any, reason: str = "") -> None:
        decl = DECLARED.get(key)
        if decl is None:
            raise ValidationError(key, f"未知的设置项:{key}")
        require(actor, decl.permission, f"修改“{decl.label}”")
        if decl.kind is str:
            value = str(value).strip()
            if not value:
                raise ValidationError(key, f"请填写{decl.label}。")
        elif decl.kind is int:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ValidationError(key, f"{decl.label}必须是整数。") from None
            if value <= 0:
                raise ValidationError(key, f"{decl.label}必须大于 0。")
        elif decl.kind is dict:
            try:
                value = Params.from_dict(value).to_dict()
            except (TypeError, ValueError) as exc:
                raise ValidationError(key, f"{decl.label}格式不正确:{exc}") from None
        now = self.app.clock.now()
        with db.atomic():
            old = self.get(key)
            if old == value:
                return
            Setting.insert(key=key, value=value, updated_at=now, updated_by=actor.user_id).on_conflict(
                conflict_target=[Setting.key],
                update={Setting.value: value, Setting.updated_at: now, Setting.updated_by: actor.user_id},
            ).execute()
            SettingHistory.create(
                key=key, old_value=old, new_value=value, changed_at=now, changed_by=actor.user_id, reason=reason
            )
            audit.write(
                actor, "setting.change", "setting", None, old={key: old}, new={key: value}, reason=reason, at=now
            )
        self._params_cache = None

    def set_many(self, actor: Actor, values: dict[str, Any], reason: str = "") -> None:
        """Save several settings as one action (the office page's 保存): all of them or none."""
        with db.atomic():
            for key, value in values.items():
                self.set(actor, key, value, reason)

    def invalidate(self) -> None:
        """Forget cached values (after a transaction that changed a setting was rolled back)."""
        self._params_cache = None

    def history(self, key: str) -> list[tuple[Any, Any, Any, str]]:
        q = SettingHistory.select().where(SettingHistory.key == key).order_by(SettingHistory.id)
        return [(h.changed_at, h.old_value, h.new_value, h.reason) for h in q]

    def office_name(self) -> str:
        return self.get("office.name")

    # -- the demo office ------------------------------------------------------------------------

    def stamp_demo(self, actor: Actor, day: dt.date, customers: int, seed: int) -> None:
        """Mark this database as a demo office built for ``day`` (what `demo_stamp` reads back)."""
        require(actor, "settings.manage", "标记演示办公室")
        value = {"day": day.isoformat(), "customers": int(customers), "seed": int(seed)}
        now = self.app.clock.now()
        with db.atomic():
            Setting.insert(key=DEMO_KEY, value=value, updated_at=now, updated_by=actor.user_id).on_conflict(
                conflict_target=[Setting.key],
                update={Setting.value: value, Setting.updated_at: now, Setting.updated_by: actor.user_id},
            ).execute()
            audit.write(actor, "setting.change", "setting", None, new={DEMO_KEY: value}, at=now)

    def demo_stamp(self) -> DemoStamp | None:
        """The day, size and seed a demo office was built for; None for a real office's database."""
        row = Setting.get_or_none(Setting.key == DEMO_KEY)
        if row is None or not isinstance(row.value, dict):
            return None
        try:
            return DemoStamp(
                dt.date.fromisoformat(row.value["day"]), int(row.value["customers"]), int(row.value["seed"])
            )
        except (KeyError, TypeError, ValueError):
            return None

    def params(self) -> Params:
        if self._params_cache is None:
            self._params_cache = Params.from_dict(self.get("rules.params"))
        return self._params_cache
