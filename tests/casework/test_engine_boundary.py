"""The engine's boundary, read off the source tree (docs/architecture.md, "The case engine").

- Only the engine's services (``jinzhou/casework/services/``: ``transition``, ``open_case``,
  ``import_case``) open ``status_writes_allowed()``; the kinds, seeds, tests and admin use them.
- No module outside ``jinzhou/casework/services/`` imports a private name (``_…``) from the engine:
  a kind's services write through ``case_write`` / ``lock_case`` / ``save_case``.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("jinzhou", "chains", "projects", "alliances", "seeds", "tests", "benchmarks", "scripts")
SERVICES = ROOT / "jinzhou" / "casework" / "services"
STATUS_MODULE = ROOT / "jinzhou" / "casework" / "status.py"


def python_files():
    for folder in SOURCE_DIRS:
        yield from sorted((ROOT / folder).rglob("*.py"))
    yield from sorted(ROOT.glob("*.py"))


def names_used(tree: ast.AST) -> set[str]:
    """Every name the module imports, reads or calls (``x``, ``module.x``, ``from module import x``)."""
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            used.update(alias.name for alias in node.names)
    return used


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_tree_is_found():
    files = {relative(path) for path in python_files()}
    assert {"jinzhou/casework/services/cases.py", "chains/services/cases.py", "tests/world.py"} <= files


def test_only_the_engines_services_open_the_status_window():
    openers = sorted(
        relative(path)
        for path in python_files()
        if path != STATUS_MODULE
        and SERVICES not in path.parents
        and {"status_writes_allowed", "_ALLOWED"} & names_used(ast.parse(path.read_text(encoding="utf-8")))
    )
    assert openers == []


def test_the_services_that_open_it_are_the_ones_the_docs_name():
    openers = sorted(
        path.name
        for path in SERVICES.glob("*.py")
        if "status_writes_allowed" in names_used(ast.parse(path.read_text(encoding="utf-8")))
    )
    assert openers == ["cases.py", "imports.py"]


def test_nothing_outside_the_services_imports_the_engines_private_names():
    found = []
    for path in python_files():
        if SERVICES in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jinzhou.casework"):
                found += [f"{relative(path)}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
    assert found == []
