"""Keep resources/i18n/keyuan_en.ts and .qm current: update from the code, list what is left, fill, build.

    .venv/bin/python tools/i18n.py update            # lupdate over ui/, service labels, then lrelease
    .venv/bin/python tools/i18n.py todo [CONTEXT...]  # unfinished messages as TSV: context, source, ""
    .venv/bin/python tools/i18n.py fill FILE.tsv      # apply "context<TAB>source<TAB>translation" lines, lrelease

In the TSV a line break inside a text is written as \\n. Source texts are the Chinese strings of the
code; a row whose context/source is not in the .ts is reported and skipped.

Some Chinese labels come from services (rule parameters, channels, occupations...) and the UI
translates them through a fixed context (``QCoreApplication.translate("RuleParams", label)``).
lupdate cannot see those, so ``update`` adds every label of service_labels() to the .ts after
lupdate ran (and revives them when lupdate marked them vanished); a label the UI translates through
a fixed context belongs in service_labels(), not in a one-off edit of the .ts. Other vanished messages, texts
no longer in the code, are dropped so the .ts stays the list of what the program shows.
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


def service_labels() -> dict[str, list[str]]:
    """Chinese labels that services hand to the UI, by the context the UI translates them in.

    Taken from the services' own tables, so a new channel or parameter reaches the .ts by itself.
    A UI module that translates a service label through a new context adds that context here.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from types import SimpleNamespace

    from services.callbacks import ledger
    from services.callbacks import service as callbacks
    from services.callbacks.overview import SECTIONS
    from services.customers import duplicates, taxonomy
    from services.customers import edit as customer_edit
    from services.customers import timeline_view as customer_timeline
    from services.customers.visibility import CLAIM_LABELS, claim_label
    from services.intake import importer
    from services.intake import service as intake
    from services.intake.template import FIELD_LABELS
    from services.office import audit_view
    from services.office.org import POSITIONS
    from services.rules.model import CHANNEL_NAMES, RULE_TITLES
    from services.timeline import rule_params

    occupations = [o.label for top in taxonomy.OCCUPATION_TREE for o in (top, *top.children)]
    visits = [customer_timeline._type_label(SimpleNamespace(type="visit", details={"kind": k})) for k in ("home", "")]
    customers = [
        *occupations,
        *taxonomy.OCCUPATION_LABELS.values(),  # the table shows "教师·中学"
        *taxonomy.INCOME_BANDS.values(),
        *(band[0] for band in taxonomy.AGE_BANDS.values()),
        *taxonomy.ABC_CLASSES.values(),
        *taxonomy.VALUE_LEVELS.values(),
        *taxonomy.SEX_LABELS.values(),
        *CHANNEL_NAMES.values(),
        *CLAIM_LABELS.values(),
        claim_label("pool", None),
        claim_label("none", None),
        *customer_edit.RELATIONS.values(),
        *customer_timeline.EVENT_LABELS.values(),
        *visits,
    ]
    tables = {
        "RuleParams": list(rule_params.PARAM_LABELS.values()),
        "Customers": customers,
        "Channels": list(CHANNEL_NAMES.values()),
        "Occupations": list(taxonomy.OCCUPATION_LABELS.values()),
        "Relations": list(intake.RELATIONS.values()),
        "DuplicateLevels": list(duplicates.LEVEL_LABELS.values()),
        "Rules": list(RULE_TITLES.values()),
        "CallbackTasks": list(callbacks.TASK_LABELS.values()),
        "AuditActions": list(audit_view.ACTION_LABELS.values()),
        "CallbackKinds": list(ledger.CALLBACK_KINDS.values()),
        "Overview": list(SECTIONS),
        "ImportActions": list(importer.ACTION_LABELS.values()),
        "ImportFields": list(FIELD_LABELS.values()),
        "Positions": list(POSITIONS.values()),
    }
    # Keep the first of each text, drop empty ones (SEX_LABELS maps "" to "").
    return {context: list(dict.fromkeys(t for t in texts if t)) for context, texts in tables.items()}


def _context(root: ET.Element, name: str) -> ET.Element:
    for context in root.iter("context"):
        if context.findtext("name") == name:
            return context
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = name
    return context


def add(tree: ET.ElementTree, context_name: str, texts: list[str]) -> int:
    """Make ``texts`` live messages of ``context_name``; returns how many were new."""
    context = _context(tree.getroot(), context_name)
    known = {m.findtext("source") or "": m for m in context.iter("message")}
    new = 0
    for text in texts:
        message = known.get(text)
        if message is None:
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = text
            ET.SubElement(message, "translation", type="unfinished")
            known[text] = message
            new += 1
            continue
        translation = message.find("translation")
        if translation.get("type") in ("vanished", "obsolete"):
            # lupdate found no call with this literal; the label is still shown, so keep it live.
            if translation.text:
                translation.attrib.pop("type")
            else:
                translation.set("type", "unfinished")
    return new


def _drop_vanished(tree: ET.ElementTree) -> None:
    root = tree.getroot()
    for context in list(root.iter("context")):
        for message in list(context.iter("message")):
            if message.find("translation").get("type") in ("vanished", "obsolete"):
                context.remove(message)
        if context.find("message") is None:
            root.remove(context)


def update() -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-ts", str(TS)], check=True, cwd=ROOT)
    tree = ET.parse(TS)
    for context, texts in service_labels().items():
        add(tree, context, texts)
    _drop_vanished(tree)
    _write(tree)
    release()


def _write(tree: ET.ElementTree) -> None:
    with TS.open("wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        # Lay out like lupdate (contexts at the margin) so a fill or update gives a small diff.
        root = tree.getroot()
        root.text = "\n"
        for context in root.iter("context"):
            ET.indent(context, space="    ")
            context.tail = "\n"
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
