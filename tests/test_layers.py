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


# -- the map of domains (docs/ARCHITECTURE.md, "Where each capability lives") ------------------------------

SHARED_SERVICES = {"office", "platform", "output"}
# What a ui package may use besides its own services package and the shared ones, and why. The engine's
# vocabulary (channels, claim states, the pool) is shared by every tab; the rest are named neighbours.
UI_NEIGHBOURS: dict[str, dict[str, str]] = {
    "*": {"rules.model": "channel names, claim states and the pool marker are the office's vocabulary"},
    "callbacks": {"customers.phones": "the complaint and shipment dialogs normalise a typed phone"},
    "meetings": {"customers.phones": "the invitation dialog normalises a typed phone"},
    "intake": {
        "customers.duplicates": "the 查重 prompt shows the duplicate levels of the card service",
        "customers.taxonomy": "the form offers the occupation taxonomy",
        "allocation.types": "the batch panel types a stack of event forms into an allocation batch (SPEC §3)",
    },
}


def services_packages() -> set[str]:
    return {p.name for p in (ROOT / "services").iterdir() if (p / "__init__.py").exists()}


def ui_packages() -> list[Path]:
    return sorted(p for p in (ROOT / "ui").iterdir() if (p / "__init__.py").exists())


def foreign_service_imports(ui_package: Path, packages: set[str]) -> dict[str, list[str]]:
    """Services modules a ui package imports outside its own domain, the shared ones and its declared neighbours."""
    allowed = {**UI_NEIGHBOURS["*"], **UI_NEIGHBOURS.get(ui_package.name, {})}
    bad: dict[str, list[str]] = {}
    for path in sorted(ui_package.rglob("*.py")):
        for module in imported_modules(path):
            parts = module.split(".")
            if parts[0] != "services" or len(parts) < 2 or parts[1] not in packages:
                continue
            if parts[1] in SHARED_SERVICES | {ui_package.name}:
                continue
            if any(module == a or module.startswith(a + ".") for a in (f"services.{k}" for k in allowed)):
                continue
            bad.setdefault(str(path.relative_to(ROOT)), []).append(module)
    return {k: sorted(v) for k, v in bad.items()}


def test_services_are_packages_by_domain():
    # The flat folder is gone: only the composition root and the lazy-export helper stay at the top.
    assert sorted(p.name for p in (ROOT / "services").glob("*.py")) == ["__init__.py", "_exports.py", "app.py"]
    assert {"customers", "intake", "timeline", "allocation", "callbacks", "meetings", "cases", "frontdesk"} | (
        SHARED_SERVICES | {"cli", "rules"}
    ) <= services_packages()
    # ui packages carry the names of their services packages.
    assert {p.name for p in ui_packages()} <= services_packages() | {"settings"}


@pytest.mark.parametrize("package", [p.name for p in ui_packages()])
def test_a_ui_package_uses_its_own_domain_and_the_shared_ones(package):
    assert foreign_service_imports(ROOT / "ui" / package, services_packages()) == {}


def private_imports_across_packages() -> dict[str, list[str]]:
    """`_private` modules or names of one services package imported from another package."""
    bad: dict[str, list[str]] = {}
    for path in sorted((ROOT / "services").rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        own = parts[1] if len(parts) > 2 else None
        for module in imported_modules(path):
            bits = module.split(".")
            if bits[0] != "services" or len(bits) < 3 or bits[1] == own:
                continue
            if any(b.startswith("_") and not b.startswith("__") for b in bits[2:]):
                bad.setdefault(str(path.relative_to(ROOT)), []).append(module)
    return bad


def test_no_services_package_reaches_into_anothers_private_modules():
    assert private_imports_across_packages() == {}


def test_the_map_checks_can_fail(tmp_path, monkeypatch):
    # Planted files: a ui package importing another domain, a service importing another package's private name.
    for folder in ("services/customers", "services/cases", "ui/cases"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "ui/cases/tab.py").write_text("from services.customers.search import CardSearch\n")
    (tmp_path / "services/cases/views.py").write_text("from services.customers.search import _ROW_SQL\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert foreign_service_imports(tmp_path / "ui/cases", services_packages()) == {
        "ui/cases/tab.py": ["services.customers.search", "services.customers.search.CardSearch"]
    }
    assert private_imports_across_packages() == {"services/cases/views.py": ["services.customers.search._ROW_SQL"]}
