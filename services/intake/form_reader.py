"""Reading a scanned form with the offline OCR engine (RapidOCR: PP-OCRv4 models shipped inside the
``rapidocr-onnxruntime`` wheel, run by onnxruntime on the CPU; nothing is downloaded at run time).

The engine is loaded once per process, on first use (never at start-up), and guarded by a lock: the
interface reads the shown scan and the next ones of the queue on a worker thread. A PC where the
engine cannot load gets `OcrUnavailable` with the reason, and the clerk types as before.

A page that is blank, upside down, enormous, or not a form is said so in `FormReading.note`, and a
page that is not a form pre-fills nothing. Field layouts of the office's own forms (one box per
field, as fractions of the page) are kept per form kind in ``ocr-layouts.json`` in the data folder.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import db
from services.intake.form_fields import FIELD_LABELS, LABELS, Box, FieldReading, TextLine, label_at_start, read_fields
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import ValidationError

#: Longest side the engine is given (pixels): a 200 dpi A4 page is 2,339; larger scans only cost time.
MAX_SIDE = 2400
#: A photo beyond this many pixels is refused (a decompression bomb or a mistaken file, not a form).
MAX_PIXELS = 120_000_000
#: Below this a reading is tinted for the clerk to check (the engine's own confidence, 0–1).
SURE = 0.9
#: At least this many field labels make a page a form.
MIN_LABELS = 2


class OcrUnavailable(RuntimeError):
    """The OCR engine cannot run on this PC; the message says why, in Chinese."""


@dataclass(frozen=True)
class FormReading:
    """What was read from one page: the fields, and one line for the clerk when something is off."""

    fields: dict[str, FieldReading]
    note: str = ""
    size: tuple[int, int] = (0, 0)
    lines: tuple[TextLine, ...] = field(default=(), repr=False)
    rotated: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "fields": {
                name: {
                    "value": r.value,
                    "raw": r.raw,
                    "confidence": r.confidence,
                    **({"note": r.note} if r.note else {}),
                }
                for name, r in self.fields.items()
            },
            "note": self.note,
            "rotated": self.rotated,
            "size": list(self.size),
        }


_engine: Any = None
_engine_error: str | None = None
_engine_lock = threading.Lock()


def _load_engine() -> Any:
    """The process's one engine, loaded on first use; OcrUnavailable when it cannot load."""
    global _engine, _engine_error
    if _engine is not None:
        return _engine
    if _engine_error is not None:
        raise OcrUnavailable(_engine_error)
    try:
        from rapidocr_onnxruntime import RapidOCR  # noqa: PLC0415 — loads onnxruntime and the models (~1 s)

        _engine = RapidOCR()
    except Exception as exc:  # an import error, a missing model file, an unsupported CPU
        _engine_error = f"本机无法加载文字识别引擎({type(exc).__name__}: {exc}),请照常手工录入。"
        raise OcrUnavailable(_engine_error) from exc
    return _engine


def _page(path: str) -> Any:
    """The page as an RGB image no larger than MAX_SIDE, and a note when it had to be shrunk."""
    from PIL import Image, ImageOps, UnidentifiedImageError  # noqa: PLC0415

    try:
        with Image.open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                raise ValidationError(
                    "scan", f"图片有 {im.width * im.height / 1e6:.0f} 百万像素,太大,不像一页扫描的表格,没有识别。"
                )
            im = ImageOps.exif_transpose(im).convert("RGB")
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError("scan", f"无法作为图片读取:{Path(path).name}。") from exc
    note = ""
    if max(im.size) > MAX_SIDE:
        scale = MAX_SIDE / max(im.size)
        note = f"图片较大({im.width}×{im.height}),已缩小后识别。"
        im = im.resize((round(im.width * scale), round(im.height * scale)))
    return im, note


def _run(engine: Any, image: Any) -> list[TextLine]:
    import numpy as np  # noqa: PLC0415

    with _engine_lock:
        result, _ = engine(np.asarray(image))
    lines = []
    for box, text, confidence in result or ():
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        lines.append(TextLine(str(text), (min(xs), min(ys), max(xs), max(ys)), float(confidence)))
    return lines


#: Not counted when judging whether a page is upside down: interests written apart are mostly read as
#: one run, which is doubtful by design (form_fields), and says nothing about the page's direction.
NOT_FOR_DIRECTION = frozenset({"interests"})


def _sure(fields: dict[str, FieldReading]) -> int:
    return sum(r.confidence >= SURE for name, r in fields.items() if name not in NOT_FOR_DIRECTION)


def _labels_found(lines: list[TextLine], without: frozenset[str] = frozenset()) -> int:
    return len({label_at_start(ln.text)[0] for ln in lines} - {None} - without)


def read_page(
    path: str, *, this_year: int, layout: dict[str, Box] | None = None, cancelled: Callable[[], bool] | None = None
) -> FormReading:
    """Read one page image and find the form's fields (no permission check: see `FormReaderService`)."""
    engine = _load_engine()
    image, note = _page(path)
    lines = _run(engine, image)
    fields = read_fields(lines, this_year=this_year, layout=layout, size=image.size)
    rotated = False
    # Upside down: the engine turns each line of text, so the labels are read, but every value then
    # sits left of its label and the fields stay empty. Only such a page pays for a second reading.
    labels = _labels_found(lines, NOT_FOR_DIRECTION)
    if lines and _sure(fields) < max(MIN_LABELS, labels) and not (cancelled and cancelled()):
        turned = image.rotate(180)
        flipped = _run(engine, turned)
        flipped_fields = read_fields(flipped, this_year=this_year, layout=layout, size=image.size)
        if _sure(flipped_fields) > _sure(fields):
            lines, fields, rotated = flipped, flipped_fields, True
            note = (note + " " if note else "") + "页面是倒置的,已旋转后识别。"
    if not lines:
        return FormReading({}, (note + " " if note else "") + "空白页:没有读到文字。", image.size)
    if _labels_found(lines) < MIN_LABELS and not layout:
        return FormReading(
            {},
            (note + " " if note else "") + "这页不像报名表:没有找到姓名、电话等栏目,没有预填。",
            image.size,
            tuple(lines),  # text was there: a form of a kind whose layout can be marked
        )
    unsure = [r for r in fields.values() if r.confidence < SURE]
    if unsure and not note:
        note = f"有 {len(unsure)} 项识别不确定(已标黄),请核对。"
    return FormReading(fields, note.strip(), image.size, tuple(lines), rotated)


LAYOUTS_FILE = "ocr-layouts.json"


def layouts_in(data_dir: Path) -> dict[str, dict[str, Box]]:
    """The layouts saved in an office's data folder (empty when none was saved)."""
    path = Path(data_dir) / LAYOUTS_FILE
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {kind: {f: tuple(box) for f, box in boxes.items()} for kind, boxes in data.items()}


class FormReaderService:
    """Reading scans for the intake form, and the saved field layouts of the office's form kinds."""

    def __init__(self, app):
        self.app = app

    def _layouts_file(self) -> Path:
        return Path(self.app.data_dir) / LAYOUTS_FILE

    def layouts(self) -> dict[str, dict[str, Box]]:
        """Saved layouts by form kind: field → (x0, y0, x1, y1) as fractions of the page."""
        return layouts_in(Path(self.app.data_dir))

    def save_layout(self, actor: Actor, kind: str, boxes: dict[str, Box]) -> None:
        """Keep where each field sits on a form kind (the clerk marked the boxes on a scan)."""
        require(actor, "customer.create", "保存表格版式")
        kind = kind.strip()
        if not kind:
            raise ValidationError("kind", "请填写表格种类的名称。")
        unknown = sorted(set(boxes) - set(LABELS))
        if unknown:
            raise ValidationError("layout", f"不认识的栏目:{'、'.join(unknown)}。")
        for name, box in boxes.items():
            x0, y0, x1, y1 = box
            if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
                raise ValidationError("layout", f"栏目“{FIELD_LABELS[name]}”的方框不在页面内。")
        if not boxes:
            raise ValidationError("layout", "还没有标出任何栏目的位置。")
        layouts = self.layouts()
        old = layouts.get(kind)
        layouts[kind] = {name: tuple(round(v, 4) for v in box) for name, box in boxes.items()}
        path = self._layouts_file()
        # The audit row and the file together: a file that cannot be written rolls the audit row back.
        with db.atomic():
            audit.write(
                actor, "ocr.layout", "layout", 0, at=self.app.clock.now(), old=old, new={"kind": kind, **layouts[kind]}
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(layouts, ensure_ascii=False, indent=1), encoding="utf-8")
            tmp.replace(path)

    def read(
        self, actor: Actor, path: str, *, layout: str | None = None, cancelled: Callable[[], bool] | None = None
    ) -> FormReading:
        """Read a scan for the intake form: the fields it found, normalised as the form normalises them.

        Raises:
            OcrUnavailable: the engine cannot run on this PC.
            ValidationError: the file is not an image, too large, or the layout is unknown.
        """
        require(actor, "customer.create", "识别表格")
        boxes = None
        if layout:
            boxes = self.layouts().get(layout)
            if boxes is None:
                raise ValidationError("layout", f"没有名为“{layout}”的表格版式。")
        return read_page(path, this_year=self.app.clock.now().year, layout=boxes, cancelled=cancelled)
