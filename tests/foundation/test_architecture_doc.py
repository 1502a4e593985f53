"""docs/architecture.md names files that exist, so a move or a deletion that forgets the map fails here.

Two places name files:
- the layout block (the tree under "## Layout"): each entry (``jinzhou/``, ``  org/``) is a folder,
  and the words of its description that look like paths (``views/``, ``seeds/projects.py``,
  ``requirements*.txt``) exist under that folder or under the repository's root;
- backticked paths in the prose (``models/cases.py``, ``jinzhou/casework``): each exists under the
  root or under one of the folders the section's heading names (``## The case engine
  (`jinzhou/casework`)``), directly or deeper (``supervision.py`` is ``services/supervision.py``).

Not paths: URLs (they start with ``/``), templates (``<app>/api/``, ``cases/{id}/``), dotted names and
calls (``cases.transition(…)``), and words without a slash or a file extension.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
EXTENSIONS = ("py", "md", "json", "yaml", "yml", "txt", "toml", "html", "cfg", "po", "css", "js")
# A word that may be a path: starts with a letter (not "400/414"), not glued to a template or a URL.
WORD = re.compile(r"(?<![\w/<>{}.*+:-])[A-Za-z_][\w*.-]*(?:/[\w*.-]+)*/?")
FILE = re.compile(rf"\.(?:{'|'.join(EXTENSIONS)})$")


def looks_like_path(word: str) -> bool:
    word = word.rstrip(".,;:")
    return "/" in word or bool(FILE.search(word))


def exists_under(base: Path, path: str) -> bool:
    path = path.rstrip("/")
    if any(base.glob(path)):
        return True
    if base == ROOT:
        return False
    # Deeper under the section's folder: a path named relative to a sub-folder the prose is about.
    return any(found.relative_to(base).as_posix().endswith("/" + path) for found in base.rglob(path.rsplit("/", 1)[-1]))


def sections(text: str) -> list[tuple[str, str]]:
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    return [(part.split("\n", 1)[0], part.split("\n", 1)[1] if "\n" in part else "") for part in parts[1:]]


def layout_entries(text: str) -> list[tuple[Path, str]]:
    """(folder, its description) for each entry of the layout block; the first line is the root's files."""
    block = re.search(r"^## Layout\n```\n(.*?)\n```", text, flags=re.MULTILINE | re.DOTALL).group(1)
    entries: list[list] = []
    parents: dict[int, Path] = {}
    for line in block.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        stripped = line.strip()
        name = stripped.split(" ", 1)[0]
        if indent < 8 and name.endswith("/") and entries:
            folder = (parents.get(indent - 2, ROOT) if indent else ROOT) / name.rstrip("/")
            parents[indent] = folder
            entries.append([folder, stripped[len(name) :]])
        elif not entries:
            entries.append([ROOT, stripped])
        else:
            entries[-1][1] += " " + stripped
    return [(folder, description) for folder, description in entries]


def backticked_paths(body: str) -> list[str]:
    body = re.sub(r"^```.*?^```", "", body, flags=re.MULTILINE | re.DOTALL)
    found = []
    for code in re.findall(r"`([^`\n]+)`", body):
        code = code.split("::", 1)[0]
        if code.startswith("/") or re.search(r"[<>{}()\s=|+,]", code) or not looks_like_path(code):
            continue
        found.append(code)
    return found


def test_the_layout_blocks_folders_and_files_exist():
    text = DOC.read_text(encoding="utf-8")
    entries = layout_entries(text)
    assert len(entries) > 10
    missing = [folder.relative_to(ROOT).as_posix() for folder, _d in entries if not folder.is_dir()]
    for folder, description in entries:
        for word in WORD.findall(description):
            word = word.rstrip(".,;:")
            if looks_like_path(word) and not (exists_under(folder, word) or any(ROOT.glob(word.rstrip("/")))):
                missing.append(f"{folder.relative_to(ROOT).as_posix() or '.'}: {word}")
    assert missing == []


def test_the_paths_in_backticks_exist():
    text = DOC.read_text(encoding="utf-8")
    checked, missing = 0, []
    for heading, body in sections(text):
        bases = [ROOT]
        for code in backticked_paths(heading):
            # A heading names its folder from the root first; the section's other paths resolve under it.
            target = next((base / code for base in bases if (base / code).exists()), None)
            if target is None:
                missing.append(f"heading {heading}: {code}")
            elif target.is_dir():
                bases.append(target)
        for code in backticked_paths(body):
            checked += 1
            if not any(exists_under(base, code) for base in bases):
                missing.append(f"{heading}: {code}")
    assert checked > 40
    assert missing == []


def test_the_models_without_history_are_the_ones_the_audit_paragraph_names():
    from django.apps import apps

    text = DOC.read_text(encoding="utf-8")
    audit = re.search(r"^- Audit: .*?(?=^- )", text, flags=re.MULTILINE | re.DOTALL).group(0)
    named = set(re.findall(r"`([A-Z]\w+)`", audit.split("Not kept", 1)[1])) - {"Case"}
    ours = (
        "org",
        "casework",
        "chains",
        "projects",
        "alliances",
        "meetings",
        "circulars",
        "assessment",
        "search",
        "notifications",
        "webhooks",
        "api",
    )
    without = {
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in ours
        and not model.__name__.startswith("Historical")
        and not hasattr(model, "history")
    }
    assert "Attachment" in without
    assert named == without
