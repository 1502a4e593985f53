"""Every app names each concern the same way (docs/architecture.md, "One layout for every app").

A reader who knows where the admin of one app lives knows it for every app: ``admin/``, ``services/``
and ``models/`` are packages, ``selectors.py``, ``filtersets.py``, ``choices.py``… are modules, and no
``admin_cases.py`` or ``services_calendar.py`` sits beside them (it belongs inside the package).
"""

import ast
import importlib
import re
import sys
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]

# The one list of the project's apps (folders from the repository's root).
APPS = (
    "jinzhou/org",
    "jinzhou/casework",
    "jinzhou/notifications",
    "jinzhou/webhooks",
    "jinzhou/portal",
    "jinzhou/api",
    "chains",
    "projects",
    "alliances",
    "meetings",
    "circulars",
    "assessment",
    "search",
    "seeds",
)

# Concerns kept in a package: a module of the same name at the app's top level is the old form.
PACKAGES = ("models", "services", "admin", "api")
# Concerns kept in one module each.
MODULES = (
    "selectors",
    "filtersets",
    "choices",
    "workflows",
    "effects",
    "tasks",
    "forms",
    "exceptions",
    "checks",
)
# A selectors module may become a package only when it outgrows one file.
SELECTORS_PACKAGE_LINES = 400


def _lines(folder: Path) -> int:
    return sum(len(path.read_text(encoding="utf-8").splitlines()) for path in folder.rglob("*.py"))


def _registers(path: Path) -> bool:
    # ``@admin.register(...)`` or ``admin.site.register(...)``: the module adds pages to the admin.
    return bool(re.search(r"(?:@admin\.register|\bsite\.register)\(", path.read_text(encoding="utf-8")))


def _imported_by_init(package: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.update(alias.name for alias in node.names)
            names.add((node.module or "").rsplit(".", 1)[-1])
        elif isinstance(node, ast.Import):
            names.update(alias.name.rsplit(".", 1)[-1] for alias in node.names)
    return names


def layout_problems(app: str) -> list[str]:
    """What in ``app`` departs from the one layout; empty when it conforms."""
    folder = ROOT / app
    problems = []
    for concern in (*PACKAGES, *MODULES):
        module, package = folder / f"{concern}.py", folder / concern
        # ``admin_cases.py``, ``services_calendar.py``: a concern's part beside the concern.
        problems += [f"{path.name}: move into {concern}/" for path in sorted(folder.glob(f"{concern}_*.py"))]
        if concern in PACKAGES:
            if module.exists():
                problems.append(f"{concern}.py: make it the package {concern}/")
            if package.is_dir() and not (package / "__init__.py").exists():
                problems.append(f"{concern}/ has no __init__.py")
            elif concern == "admin" and package.is_dir():
                # Django imports only ``admin/__init__.py``: a registering module it does not import is
                # an admin page that silently disappears.
                imported = _imported_by_init(package)
                problems += [
                    f"admin/{path.name} registers but admin/__init__.py does not import it"
                    for path in sorted(package.glob("*.py"))
                    if path.stem != "__init__" and _registers(path) and path.stem not in imported
                ]
        elif package.is_dir():
            if module.exists():
                problems.append(f"both {concern}.py and {concern}/")
            if concern != "selectors" or _lines(package) <= SELECTORS_PACKAGE_LINES:
                problems.append(f"{concern}/: keep it the module {concern}.py")
    return problems


def test_the_check_sees_every_departure(tmp_path, monkeypatch):
    app = tmp_path / "sample"
    (app / "admin").mkdir(parents=True)
    (app / "choices").mkdir()
    (app / "choices" / "__init__.py").write_text("")
    for name in ("services.py", "admin_cases.py", "models_extra.py", "selectors.py", "scoring.py"):
        (app / name).write_text("")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert layout_problems("sample") == [
        "models_extra.py: move into models/",
        "services.py: make it the package services/",
        "admin_cases.py: move into admin/",
        "admin/ has no __init__.py",
        "choices/: keep it the module choices.py",
    ]


def test_the_check_sees_an_admin_module_nobody_imports(tmp_path, monkeypatch):
    admin = tmp_path / "sample" / "admin"
    admin.mkdir(parents=True)
    (admin / "__init__.py").write_text("from sample.admin import cases  # noqa: F401\n")
    (admin / "cases.py").write_text("@admin.register(Case)\nclass CaseAdmin: ...\n")
    (admin / "calendar.py").write_text("admin.site.register(Holiday)\n")
    (admin / "forms.py").write_text("class CaseForm: ...\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert layout_problems("sample") == ["admin/calendar.py registers but admin/__init__.py does not import it"]


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_the_one_layout(app):
    assert layout_problems(app) == []


@pytest.mark.parametrize("app", [app for app in APPS if (ROOT / app / "models").is_dir()])
def test_a_models_package_exports_every_model(app):
    """``from <app>.models import X`` works for every model, whichever module of the package holds it."""
    package = importlib.import_module(app.replace("/", ".") + ".models")
    config = apps.get_containing_app_config(package.__name__)
    ours = [model for model in config.get_models() if not model.__name__.startswith("Historical")]  # simple_history's
    missing = [model.__name__ for model in ours if getattr(package, model.__name__, None) is not model]
    assert ours
    assert missing == []


def test_no_python_file_outside_migrations_passes_400_lines():
    """Files split before ~400 lines, so each can be read whole (migrations are generated)."""
    skip = {".venv", "var", "migrations", ".git", "node_modules"}
    long = [
        f"{path.relative_to(ROOT)}: {count}"
        for path in ROOT.rglob("*.py")
        if not skip & set(path.relative_to(ROOT).parts)
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert long == []
