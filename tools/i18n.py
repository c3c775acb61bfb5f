"""Keep resources/i18n/keyuan_en.ts and .qm current: update from the code, list what is left, fill, build.

    .venv/bin/python tools/i18n.py update            # lupdate over every ui/ module, then lrelease
    .venv/bin/python tools/i18n.py todo [CONTEXT...]  # unfinished messages as TSV: context, source, ""
    .venv/bin/python tools/i18n.py fill FILE.tsv      # apply "context<TAB>source<TAB>translation" lines, lrelease

In the TSV a line break inside a text is written as \\n. Source texts are the Chinese strings of the
code; a row whose context/source is not in the .ts is reported and skipped.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "keyuan_en.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append({"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def release() -> None:
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(QM)], check=True)


def update() -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-ts", str(TS)], check=True, cwd=ROOT)
    release()


def _write(tree: ET.ElementTree) -> None:
    with TS.open("wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(fh, encoding="utf-8", xml_declaration=False)
        fh.write(b"\n")


def todo(contexts: list[str]) -> None:
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name")
        if contexts and name not in contexts:
            continue
        for message in context.iter("message"):
            if message.find("translation").get("type") == "unfinished":
                print(f"{name}\t{_escape(message.findtext('source') or '')}\t")


def fill(tsv: Path) -> int:
    tree = ET.parse(TS)
    index = {}
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            index.setdefault((name, message.findtext("source") or ""), []).append(message.find("translation"))
    unknown = 0
    for lineno, line in enumerate(tsv.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2]:
            print(f"{tsv}:{lineno}: skipped (needs context, source and translation)", file=sys.stderr)
            continue
        key = (parts[0], _unescape(parts[1]))
        if key not in index:
            print(f"{tsv}:{lineno}: no such message {key}", file=sys.stderr)
            unknown += 1
            continue
        for translation in index[key]:
            translation.text = _unescape(parts[2])
            translation.attrib.pop("type", None)
    _write(tree)
    release()
    return 1 if unknown else 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("update", "todo", "fill"):
        print(__doc__)
        return 2
    if argv[0] == "update":
        update()
        return 0
    if argv[0] == "todo":
        todo(argv[1:])
        return 0
    return fill(Path(argv[1]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
