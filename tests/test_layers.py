"""The layers keep their direction: no Qt under services/ and models/, no SQL layer under ui/.

Read with ast (not by importing), so a forbidden import inside a function is found too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, by its full dotted name (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def offending(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad: dict[str, list[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        hits = sorted(m for m in imported_modules(path) if any(m == f or m.startswith(f + ".") for f in forbidden))
        if hits:
            bad[str(path.relative_to(ROOT))] = hits
    return bad


@pytest.mark.parametrize("folder", ["services", "models"])
def test_domain_layers_do_not_import_qt(folder):
    assert offending(folder, ("PySide6", "shiboken6", "ui")) == {}


def test_ui_does_not_import_the_database_layer():
    assert offending("ui", ("peewee", "playhouse", "models", "sqlite3", "psycopg")) == {}


def test_the_checker_sees_a_forbidden_import(tmp_path, monkeypatch):
    # Guard against a checker that can never fail: a planted file must be reported.
    fake_root = tmp_path
    (fake_root / "ui").mkdir()
    (fake_root / "ui" / "bad.py").write_text("def f():\n    from models import db\n    import peewee\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", fake_root)
    assert offending("ui", ("peewee", "models")) == {"ui/bad.py": ["models", "models.db", "peewee"]}
