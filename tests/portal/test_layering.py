"""The portal draws what the case engine presents; it never reaches into the admin. Shared forms,
panels and display helpers live in the engine (``casework.forms``, ``casework.presenter``,
``casework.display``), so a change to the admin cannot change the portal behind its back."""

import ast
from pathlib import Path

import jinzhou.portal

PORTAL = Path(jinzhou.portal.__file__).parent


def _is_admin(module: str) -> bool:
    # ``x.admin``, ``x.admin.y`` and an app's ``admin_<part>`` modules (``chains.admin_cases``).
    return any(part == "admin" or part.startswith("admin_") for part in module.split("."))


def admin_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_admin(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [f"{module}.{alias.name}" for alias in node.names]
            found += [name for name in [module, *names] if _is_admin(name)][:1]
    return found


def test_the_portal_imports_no_admin_module():
    offenders = {
        str(path.relative_to(PORTAL)): admin_imports(path)
        for path in sorted(PORTAL.rglob("*.py"))
        if admin_imports(path)
    }
    assert offenders == {}


def test_the_check_sees_every_way_of_importing_an_admin_module(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import chains.admin_cases\n"
        "from jinzhou.casework.admin.forms import TransitionForm\n"
        "from jinzhou.casework import admin\n"
        "from jinzhou.casework import forms, presenter\n",
        encoding="utf-8",
    )
    assert admin_imports(sample) == [
        "chains.admin_cases",
        "jinzhou.casework.admin.forms",
        "jinzhou.casework.admin",
    ]
