"""Fields of a paper form from the lines an OCR engine read (pure: no engine, no database).

A form is found by its labels (姓名, 性别, 出生年份/年龄, 电话/手机, 住址/地址, 职业, 兴趣, 渠道 …):
the value of a label is the rest of its own line after the colon, else the nearest line to its right
on the same row, else the line just below it. With a saved layout (one box per field, as fractions of
the page) the lines inside a field's box come first and the label search is the fallback.

Every value is normalised as the intake form would normalise a typed one (a phone through
`normalize_phone`, an age into a birth year, occupation and channel matched to the taxonomy, interests
split into tags as `IntakeService` splits typed ones), and its confidence is the engine's, lowered to 0
when the value does not pass the form's own check, so that a doubtful reading never looks sure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from services.customers.phones import normalize_phone
from services.customers.taxonomy import MAX_TAG, OCCUPATION_LABELS, split_tags
from services.platform.errors import ValidationError
from services.rules.model import CHANNEL_NAMES, CHANNELS

#: Form fields in the order of the intake form, each with the labels that announce it on paper.
LABELS: dict[str, tuple[str, ...]] = {
    "name": ("顾客姓名", "姓名", "名字"),
    "sex": ("性别",),
    "birth_year": ("出生年份", "出生年", "出生", "生日", "年龄"),
    "phone": ("联系电话", "手机号码", "手机号", "手机", "电话"),
    "address": ("家庭住址", "住址", "地址"),
    "occupation": ("职业",),
    "interests": ("兴趣爱好", "兴趣", "爱好"),
    "channel": ("来源渠道", "渠道", "来源"),
}
FIELD_LABELS = {
    "name": "姓名",
    "sex": "性别",
    "birth_year": "出生年份",
    "phone": "电话",
    "address": "住址",
    "occupation": "职业",
    "interests": "兴趣",
    "channel": "渠道",
}
#: An interest read longer than this (in characters, without a space) may be several run together.
JOINED = 3
_ALL_LABELS = sorted({label for labels in LABELS.values() for label in labels}, key=len, reverse=True)
_COLON = re.compile(r"^[\s:;\uff1a\uff1b\u2236]+")
_SPACES = re.compile(r"\s+")

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the page that was read


@dataclass(frozen=True)
class TextLine:
    """One line the engine read: its text, where it is on the page and how sure the engine was (0–1)."""

    text: str
    box: Box
    confidence: float

    @property
    def height(self) -> float:
        return max(1.0, self.box[3] - self.box[1])

    @property
    def middle(self) -> float:
        return (self.box[1] + self.box[3]) / 2


@dataclass(frozen=True)
class FieldReading:
    """One field of the form as read: the value the form would keep, the text on paper, how sure."""

    field: str
    value: str
    raw: str
    confidence: float
    box: Box | None = None
    note: str = ""


@dataclass
class FieldPlan:
    """Where a field's value comes from: the lines chosen for it (internal to `read_fields`)."""

    lines: list[TextLine] = field(default_factory=list)
    raw: str = ""


def _tidy(name: str | None, text: str) -> str:
    """A value's text: spaces dropped (the engine puts them inside names, phones and addresses), except
    between interests, where one space keeps two of them apart (养生 太极)."""
    if name == "interests":
        return _SPACES.sub(" ", text).strip()
    return _SPACES.sub("", text)


def label_at_start(text: str) -> tuple[str | None, str]:
    """The field whose label opens ``text`` and the text after the label (colons stripped)."""
    compact = _SPACES.sub("", text)
    for label in _ALL_LABELS:
        if compact.startswith(label):
            name = next(f for f, labels in LABELS.items() if label in labels)
            end, seen = 0, 0
            while seen < len(label):  # past the label's characters in the text as read (spaces and all)
                seen += not text[end].isspace()
                end += 1
            return name, _tidy(name, _COLON.sub("", text[end:]))
    return None, compact


def _same_row(a: TextLine, b: TextLine) -> bool:
    return abs(a.middle - b.middle) <= 0.6 * max(a.height, b.height)


def _right_of(label: TextLine, lines: Sequence[TextLine]) -> TextLine | None:
    row = [ln for ln in lines if ln is not label and _same_row(label, ln) and ln.box[0] >= label.box[2] - 4]
    return min(row, key=lambda ln: ln.box[0]) if row else None


def _row_after(label: TextLine, lines: Sequence[TextLine]) -> list[TextLine]:
    """Every line right of ``label`` on its row, left to right, up to the next label."""
    row = sorted(
        (ln for ln in lines if ln is not label and _same_row(label, ln) and ln.box[0] >= label.box[2] - 4),
        key=lambda ln: ln.box[0],
    )
    out: list[TextLine] = []
    for ln in row:
        if label_at_start(ln.text)[0] is not None:
            break
        out.append(ln)
    return out


def _below(label: TextLine, lines: Sequence[TextLine]) -> TextLine | None:
    under = [
        ln
        for ln in lines
        if ln.box[1] >= label.box[3] - 2
        and ln.box[1] - label.box[3] <= 1.5 * label.height
        and ln.box[0] < label.box[2]
        and ln.box[2] > label.box[0]
    ]
    return min(under, key=lambda ln: ln.box[1]) if under else None


def _by_labels(lines: Sequence[TextLine]) -> dict[str, FieldPlan]:
    plans: dict[str, FieldPlan] = {}
    for line in lines:
        name, rest = label_at_start(line.text)
        if name is None or name in plans:
            continue
        if name == "interests":  # 养生 and 太极 written apart may be read as two lines of the row
            row = _row_after(line, lines)
            if rest or row:
                parts = [rest] if rest else []
                parts += [_tidy(name, ln.text) for ln in row]
                plans[name] = FieldPlan(([line] if rest else []) + row, " ".join(parts))
                continue
        if rest:
            plans[name] = FieldPlan([line], rest)
            continue
        for neighbour in (_right_of(line, lines), _below(line, lines)):
            if neighbour is not None and label_at_start(neighbour.text)[0] is None:
                plans[name] = FieldPlan([neighbour], _tidy(name, neighbour.text))
                break
    return plans


def _by_layout(lines: Sequence[TextLine], layout: dict[str, Box], size: tuple[int, int]) -> dict[str, FieldPlan]:
    width, height = size
    plans: dict[str, FieldPlan] = {}
    for name, (fx0, fy0, fx1, fy1) in layout.items():
        inside = [
            ln
            for ln in lines
            if fx0 * width <= (ln.box[0] + ln.box[2]) / 2 <= fx1 * width and fy0 * height <= ln.middle <= fy1 * height
        ]
        if not inside:
            continue
        inside.sort(key=lambda ln: (round(ln.middle / ln.height), ln.box[0]))
        text = " ".join(label_at_start(ln.text)[1] if label_at_start(ln.text)[0] == name else ln.text for ln in inside)
        plans[name] = FieldPlan(inside, _tidy(name, text))
    return plans


def _union(lines: Iterable[TextLine]) -> Box | None:
    boxes = [ln.box for ln in lines]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _match_label(text: str, labels: dict[str, str]) -> str | None:
    """The code whose label is ``text`` (exact, then ignoring the ·, then contained either way)."""
    plain = text.replace("·", "").replace("・", "").replace(".", "")
    for code, label in labels.items():
        if text == label or plain == label.replace("·", ""):
            return code
    for code, label in sorted(labels.items(), key=lambda kv: -len(kv[1])):
        bare = label.replace("·", "")
        if bare and (bare in plain or (len(plain) >= 2 and plain in bare)):
            return code
    return None


def _normalise(name: str, raw: str, this_year: int) -> tuple[str, str]:
    """(value, note): the value as the intake form would keep it; note says why it is doubtful."""
    if name == "phone":
        try:
            return normalize_phone(raw)[0], ""
        except ValidationError as exc:
            return raw, exc.message
    if name == "sex":
        value = {"男": "M", "女": "F"}.get(raw[:1], "")
        return value, "" if value else f"性别“{raw}”不是 男/女"
    if name == "birth_year":
        digits = re.sub(r"\D", "", raw.replace("岁", ""))
        if len(digits) >= 4 and 1900 <= int(digits[:4]) <= this_year:
            return digits[:4], ""
        if 1 <= len(digits) <= 3 and 18 <= int(digits) <= 110:
            return str(this_year - int(digits)), ""  # an age written on the form
        return raw, f"“{raw}”不是出生年份或年龄"
    if name == "occupation":
        code = _match_label(raw, OCCUPATION_LABELS)
        return (code, "") if code else (raw, f"职业“{raw}”不在分类中")
    if name == "channel":
        code = _match_label(raw, {c: CHANNEL_NAMES[c] for c in CHANNELS})
        return (code, "") if code else (raw, f"渠道“{raw}”不在渠道表中")
    if name == "interests":
        tags = split_tags(raw)
        value = " ".join(tags)
        too_long = [t for t in tags if len(t) > MAX_TAG]
        if too_long:
            return value, f"兴趣“{too_long[0][:10]}…”太长(最多 {MAX_TAG} 个字符)"
        # The engine reads 养生 太极 written with a gap as one line 养生太极: a run longer than the
        # usual interest (广场舞) may be several, and is never shown as sure.
        joined = [t for t in tags if len(t) > JOINED]
        if joined:
            return value, f"兴趣“{joined[0][:10]}”可能是几项连在一起,请用空格分开"
        return value, ""
    if name == "name":
        ok = 2 <= len(raw) <= 8 and all("\u4e00" <= ch <= "\u9fff" or ch == "·" for ch in raw)
        return raw, "" if ok else f"姓名“{raw}”不像中文姓名"
    return raw, ""


def read_fields(
    lines: Sequence[TextLine],
    *,
    this_year: int,
    layout: dict[str, Box] | None = None,
    size: tuple[int, int] = (0, 0),
) -> dict[str, FieldReading]:
    """The form's fields found among ``lines``: layout boxes first (when given), labels as the fallback."""
    plans = _by_labels(lines)
    if layout:
        plans.update(_by_layout(lines, layout, size))
    readings: dict[str, FieldReading] = {}
    for name in LABELS:
        plan = plans.get(name)
        if plan is None or not plan.raw:
            continue
        value, note = _normalise(name, plan.raw, this_year)
        confidence = min(ln.confidence for ln in plan.lines) if not note else 0.0
        readings[name] = FieldReading(name, value, plan.raw, round(confidence, 3), _union(plan.lines), note)
    return readings
