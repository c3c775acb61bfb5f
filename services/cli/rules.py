"""The `rules replay` and `rules check` commands (no Qt)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from services.cli.replay import ScenarioError, differences, load, replay


def cmd_replay(path: str) -> int:
    try:
        sc = load(path)
        result = replay(sc)
    except ScenarioError as exc:
        print(f"{path}: {exc.position}: {exc.reason}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a message and status 2, never a traceback
        print(f"{path}: $: could not be replayed ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2
    for line in result.refusals:
        print(f"refused {line}", file=sys.stderr)
    print(json.dumps(result.results, ensure_ascii=False, indent=1))
    return 0


def scenario_files(path: str) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(p.rglob("*.json"))
    return [p]


def cmd_check(path: str, verbose: bool = False) -> int:
    files = scenario_files(path)
    if not files or not Path(path).exists():
        print(f"{path}: no scenario files found", file=sys.stderr)
        return 2
    passed = failed = malformed = 0
    for f in files:
        try:
            sc = load(f)
            result = replay(sc)
        except ScenarioError as exc:
            print(f"MALFORMED {f}: {exc.position}: {exc.reason}")
            malformed += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the files after it
            print(f"MALFORMED {f}: $: could not be replayed ({type(exc).__name__}: {exc})")
            malformed += 1
            continue
        diffs = differences(sc.expect, result.results)
        if diffs:
            failed += 1
            print(f"FAIL {f} — {sc.name}")
            for line in diffs:
                print(f"    {line}")
        else:
            passed += 1
            print(f"ok   {f} — {sc.name}")
        if verbose:
            for line in result.refusals:
                print(f"    refused {line}")
    print(f"rules: {passed} passed, {failed + malformed} failed")
    if malformed:
        return 2
    return 1 if failed else 0
