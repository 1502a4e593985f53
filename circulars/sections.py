"""Extra sections of the circular: the seam for figures that other parts of the platform add later
(e.g. the progress of the year's targets, 目标完成情况).

A section is a function ``(cases, period, now) -> dict | None`` registered with ``register_section``
(from an app's ``AppConfig.ready``); ``None`` leaves it out. Its dict is kept in the saved circular's
figures (``figures["extra_sections"]``) and printed after the standard sections:

    {"title": "目标完成情况",                 # the heading
     "paragraphs": ["…", "…"],                # body text
     "header": ["单位", "目标", "完成"],      # an optional table: its heading row …
     "rows": [["工信局", 10, 8], …]}          # … and its rows (plain JSON values)

The Word document prints the title, the paragraphs and the table; the workbook gives the table a sheet
of its own; the admin preview and the API show them as they are.
"""

from __future__ import annotations

from collections.abc import Callable

Section = Callable[..., dict | None]
_SECTIONS: list[tuple[str, Section]] = []


def register_section(name: str, section: Section) -> None:
    """Add (or replace, by ``name``) a section; sections print in the order they were registered."""
    global _SECTIONS
    _SECTIONS = [(key, value) for key, value in _SECTIONS if key != name] + [(name, section)]


def unregister_section(name: str) -> None:
    global _SECTIONS
    _SECTIONS = [(key, value) for key, value in _SECTIONS if key != name]


NUMERALS = "六七八九十"  # the standard sections are 一 to 五


def extra_sections(cases, period, now) -> list[dict]:
    """The registered sections that have something to say, numbered on from 六 (a title that already
    carries its number, 六、…, keeps it)."""
    sections = []
    for name, section in _SECTIONS:
        result = section(cases, period, now)
        if result:
            sections.append({"name": name, "paragraphs": [], "header": [], "rows": [], **result})
    for index, section in enumerate(sections):
        title = str(section.get("title", ""))
        if "、" not in title[:3] and index < len(NUMERALS):
            section["title"] = f"{NUMERALS[index]}、{title}"
    return sections
