"""`main.py read-form IMAGE [--layout NAME]`: read one scanned form and print what the intake form would
pre-fill, as one JSON object (the same reader the 录入 tab uses, so docs/ocr.md can be rerun by anyone)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from services.intake.form_reader import OcrUnavailable, layouts_in, read_page
from services.intake.scans import default_data_dir
from services.platform.errors import ValidationError


def cmd_read_form(image: str, layout: str | None, db_location: str | None) -> int:
    """Print ``{"fields": {name: {"value", "raw", "confidence"}}, "note", ...}``; exit 2 when nothing could be read."""
    boxes = None
    if layout:
        boxes = layouts_in(default_data_dir(db_location)).get(layout)
        if boxes is None:
            print(f"没有名为“{layout}”的表格版式。", file=sys.stderr)
            return 2
    if not Path(image).is_file():
        print(f"找不到文件:{image}", file=sys.stderr)
        return 2
    try:
        reading = read_page(image, this_year=dt.date.today().year, layout=boxes)
    except (OcrUnavailable, ValidationError) as exc:
        print(getattr(exc, "message", str(exc)), file=sys.stderr)
        return 2
    print(json.dumps(reading.as_json(), ensure_ascii=False, indent=1))
    return 0
