"""The layers point one way: the org chart (with the chain catalogue and the task forces) is the ground
floor, the case engine stands on it, the kinds of case stand on the engine, the portal on top.

Read from the source with ``ast``, so an import inside a function counts as much as one at the top, and
so do the usual ways round the rule: ``importlib.import_module("chains…")``, ``apps.get_model("chains",
…)`` and model references by string (``ForeignKey("chains.Chain")``). Migrations are left out: they
record the history of the schema (the catalogue once lived in ``chains``), not today's dependencies.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KIND_APPS = ("chains", "projects", "alliances", "meetings")
# The reports (the circular, the annual targets and assessment) and the search read across every kind,
# at the portal's layer.
REPORTING = ("circulars", "assessment", "search")
ABOVE_ORG = (
    "jinzhou.casework",
    *KIND_APPS,
    "jinzhou.portal",
    *REPORTING,
    "jinzhou.notifications",
    "jinzhou.webhooks",
    "seeds",
)
ABOVE_ENGINE = (*KIND_APPS, "jinzhou.portal", *REPORTING, "seeds")
# Meetings stand on the chains (each decision is a chain task): no other kind reaches them.
ABOVE_KINDS = ("meetings", "jinzhou.portal", *REPORTING, "seeds")
RULES = {
    "jinzhou/org": ABOVE_ORG,
    "jinzhou/casework": ABOVE_ENGINE,
    **dict.fromkeys(("chains", "projects", "alliances"), ABOVE_KINDS),
}
# An app label as Django spells it in "app_label.Model" and get_model("app_label", …).
LABELS = {"jinzhou.casework": "casework", "jinzhou.portal": "portal", "jinzhou.notifications": "notifications"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _string(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def references(path: Path) -> list[tuple[int, str]]:
    """(line, dotted module or app label) of everything the file imports or names as a model, by any means."""
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(node, module, path.name == "__init__.py")
            found.append((node.lineno, source))
            # ``from jinzhou import casework`` imports the module jinzhou.casework.
            found += [(node.lineno, f"{source}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = _string(node.args[0]) if node.args else None
            if name in ("import_module", "__import__") and first:
                found.append((node.lineno, first))
            elif name == "get_model" and first:
                found.append((node.lineno, f"label:{first.split('.')[0]}"))
        elif (text := _string(node)) and re.fullmatch(r"[a-z_]+\.[A-Z]\w*", text):
            found.append((node.lineno, f"label:{text.split('.')[0]}"))  # "chains.Chain" in a ForeignKey
    return found


def _forbidden(reference: str, above: tuple[str, ...]) -> bool:
    if reference.startswith("label:"):
        label = reference.removeprefix("label:")
        return any(LABELS.get(module, module) == label for module in above)
    return any(reference == module or reference.startswith(f"{module}.") for module in above)


def violations(folder: str, above: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        lines = {}
        for line, reference in references(path):
            if _forbidden(reference, above):
                lines.setdefault(line, reference.removeprefix("label:"))
        found += [f"{path.relative_to(ROOT)}:{line} {reference}" for line, reference in sorted(lines.items())]
    return found


@pytest.mark.parametrize("folder", sorted(RULES))
def test_a_lower_layer_does_not_reach_up(folder):
    assert violations(folder, RULES[folder]) == []


def test_the_reader_sees_every_way_of_reaching_up(tmp_path, monkeypatch):
    """The rule above would pass vacuously if the reader missed imports; this file has one of each."""
    package = tmp_path / "jinzhou" / "org"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sneaky.py").write_text(
        "from chains.models import Chain\n"
        "import projects.models\n"
        "from jinzhou import casework\n"
        "def later():\n"
        "    from jinzhou.casework.exceptions import ActionRefused\n"
        "    from ..portal import views\n"
        "    import importlib\n"
        "    importlib.import_module('alliances.models')\n"
        "    return apps.get_model('chains', 'TaskForce')\n"
        "field = ForeignKey('chains.Industry')\n"
    )
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    lines = [int(found.split(":")[1].split()[0]) for found in violations("jinzhou/org", ABOVE_ORG)]
    assert lines == [1, 2, 3, 5, 6, 8, 9, 10]
