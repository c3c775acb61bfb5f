"""OCR of paper forms, measured: a generated set of filled forms read by the program's own reader.

    python -m bench.ocr_forms OUT_DIR [--count 300] [--seed 7] [--resume OLD_RESULTS_JSON]

Draws ``count`` forms (every other one clean, the rest degraded: rotated up to ±3°, blurred, JPEG noise),
in two layouts (the 报名表 with labels left of the values, the 回访表-style grid with two fields a row),
at 150 and 200 dpi, with the fonts Debian gives (文泉驿微米黑/正黑 printed; AR PL UKai, a brush
楷书, as the nearest free thing to handwriting — it is not handwriting). Each is read by
`services.intake.form_reader.read_page`, compared field by field with what was drawn, and timed.
Writes ``OUT_DIR/results.json`` and prints the Markdown table of docs/ocr.md.

The set is the same for the same seed, so a run stopped early can be resumed: ``--resume`` takes the
readings of the forms an earlier run's results.json already holds (each checked to be the same form:
file name, values written, layout, resolution and font) and reads only the rest.

Keystrokes per card follow one model for both sides: a Chinese text costs its pinyin letters plus one
selection per word, digits one key each, a choice (sex, occupation, channel) two keys in the searchable
combo, every field one Tab; with pre-fill a field read exactly costs one key (Tab to confirm) and a wrong
or missing one its full typing plus one key to clear it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from services.cli.demo_people import PeopleMaker
from services.intake.form_image import Card, degrade, draw, make_card
from services.intake.form_reader import read_page

__all__ = ["FONTS", "Card", "degrade", "draw", "expected", "make_card"]  # the forms are drawn by services

FONTS = {
    "wqy-microhei": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "wqy-zenhei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "ukai (楷书)": "/usr/share/fonts/truetype/arphic/ukai.ttc",
}
FIELDS = ("name", "sex", "birth_year", "phone", "address", "occupation", "channel")
THIS_YEAR = 2026


def expected(card: Card) -> dict[str, str]:
    return {
        "name": card.name,
        "sex": card.sex,
        "birth_year": str(card.birth_year),
        "phone": card.phone,
        "address": card.address.replace(" ", ""),
        "occupation": card.occupation,
        "channel": card.channel,
    }


def typing_cost(text: str) -> int:
    """Keys to type ``text`` with a pinyin IME: letters of each character's pinyin, one selection per word."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415

    keys, in_word = 0, False
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff":
            keys += len(lazy_pinyin(ch)[0])
            in_word = True
        else:
            if in_word:
                keys += 1
                in_word = False
            keys += 0 if ch == " " else 1
    return keys + (1 if in_word else 0)


def field_cost(name: str, value: str, card: Card) -> int:
    if name in ("sex", "occupation", "channel"):
        return 2
    if name == "address":
        return typing_cost(card.address)
    return typing_cost(value)


def keystrokes(card: Card, read: dict[str, str] | None) -> int:
    exp = expected(card)
    total = 1  # Enter saves
    for name in FIELDS:
        full = field_cost(name, exp[name], card) + 1  # + Tab
        if read is None:
            total += full
        elif read.get(name) == exp[name]:
            total += 1
        else:
            total += full + (1 if name in read else 0)
    return total


def build(out: Path, count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    people = PeopleMaker(random.Random(seed + 1))
    printed = [f for f in ("wqy-microhei", "wqy-zenhei") if Path(FONTS[f]).exists()]
    brush = "ukai (楷书)" if Path(FONTS["ukai (楷书)"]).exists() else None
    items = []
    out.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        card = make_card(rng, people)
        # Interleaved, so that a run stopped early still holds every kind in the same proportions.
        degraded = i % 2 == 1
        layout = ("报名表", "回访表")[(i // 2) % 2]
        dpi = (150, 200)[(i // 4) % 2]
        value_font = brush if brush and i % 5 == 4 else rng.choice(printed)
        im = draw(
            card,
            rng,
            layout=layout,
            dpi=dpi,
            label_font=FONTS[printed[0]],
            value_font=FONTS[value_font],
            this_year=THIS_YEAR,
        )
        path = out / f"form{i:03d}.png"
        if degraded:
            path = degrade(im, rng, path)
        else:
            im.save(path)
        items.append(
            {
                "file": path.name,
                "card": card.__dict__,
                "expected": expected(card),
                "degraded": degraded,
                "layout": layout,
                "dpi": dpi,
                "font": value_font,
            }
        )
    return items


READING_KEYS = ("seconds", "read", "confidence", "note")


def take_over(items: list[dict], old_results: Path) -> int:
    """Copy the readings of an earlier run of the same set into ``items``; how many were taken over."""
    old = json.loads(old_results.read_text(encoding="utf-8"))["items"]
    same = ("file", "expected", "degraded", "layout", "dpi", "font")
    for n, (item, before) in enumerate(zip(items, old, strict=False)):
        if any(item[k] != before[k] for k in same):
            raise SystemExit(f"{old_results}: form {n} is not the same form ({item['file']}); not resumed")
        item.update({k: before[k] for k in READING_KEYS})
        item["resumed"] = True
    return min(len(old), len(items))


def measure(out: Path, items: list[dict]) -> dict:
    for n, item in enumerate(items, 1):
        if "read" in item:  # taken over from an earlier run (--resume)
            continue
        t0 = time.perf_counter()
        reading = read_page(str(out / item["file"]), this_year=THIS_YEAR)
        item["seconds"] = time.perf_counter() - t0
        item["read"] = {name: r.value for name, r in reading.fields.items()}
        item["confidence"] = {name: r.confidence for name, r in reading.fields.items()}
        item["note"] = reading.note
        print(
            f"{item['file']}: {sum(item['read'].get(f) == item['expected'][f] for f in FIELDS)}/{len(FIELDS)}",
            flush=True,
        )
        if n % 10 == 0:  # a long run can be read while it goes on
            save(out, items[:n])
    return summarise(items)


def save(out: Path, items: list[dict]) -> dict:
    summary = summarise(items)
    (out / "results.json").write_text(
        json.dumps({"summary": summary, "items": items}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return summary


def summarise(items: list[dict]) -> dict:
    def group(select) -> dict:
        chosen = [it for it in items if select(it)]
        if not chosen:
            return {}
        per_field = {
            f: round(100 * sum(it["read"].get(f) == it["expected"][f] for it in chosen) / len(chosen), 1)
            for f in FIELDS
        }
        exact = sum(it["read"].get(f) == it["expected"][f] for it in chosen for f in FIELDS)
        sure_wrong = sum(
            1
            for it in chosen
            for f in FIELDS
            if f in it["read"] and it["read"][f] != it["expected"][f] and it["confidence"][f] >= 0.9
        )
        cards = [Card(**it["card"]) for it in chosen]
        return {
            "forms": len(chosen),
            "fields_exact_pct": round(100 * exact / (len(chosen) * len(FIELDS)), 1),
            "per_field_pct": per_field,
            "wrong_but_sure": sure_wrong,
            "keys_typed": round(statistics.mean(keystrokes(c, None) for c in cards), 1),
            "keys_prefilled": round(
                statistics.mean(keystrokes(c, it["read"]) for c, it in zip(cards, chosen, strict=True)), 1
            ),
            "seconds_per_page": round(statistics.median(it["seconds"] for it in chosen), 2),
        }

    return {
        "clean printed": group(lambda it: not it["degraded"] and not it["font"].startswith("ukai")),
        "degraded printed": group(lambda it: it["degraded"] and not it["font"].startswith("ukai")),
        "clean 楷书": group(lambda it: not it["degraded"] and it["font"].startswith("ukai")),
        "degraded 楷书": group(lambda it: it["degraded"] and it["font"].startswith("ukai")),
        "all": group(lambda it: True),
    }


def table(summary: dict) -> str:
    head = (
        "| set | forms | fields exact | "
        + " | ".join(FIELDS)
        + " | wrong but sure | keys typed | keys with pre-fill | s/page |"
    )
    lines = [head, "|" + "---|" * (8 + len(FIELDS))]
    for name, g in summary.items():
        if not g:
            continue
        cells = " | ".join(f"{g['per_field_pct'][f]} %" for f in FIELDS)
        lines.append(
            f"| {name} | {g['forms']} | {g['fields_exact_pct']} % | {cells} | {g['wrong_but_sure']} | "
            f"{g['keys_typed']} | {g['keys_prefilled']} | {g['seconds_per_page']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ocr_forms")
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--resume", type=Path, help="results.json of an earlier, stopped run of the same set")
    args = parser.parse_args(argv)
    out = Path(args.out)
    items = build(out, args.count, args.seed)
    if args.resume:
        print(f"{take_over(items, args.resume)} forms taken over from {args.resume}", flush=True)
    measure(out, items)
    print(table(save(out, items)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
