"""The circular as a Word document: its document kind ("circular" in ``casework.documents``, so the
office may replace the template with its own and set the number pattern), its number and what it says.

``document_context(figures)`` turns the kept figures into the template's tags (text ready to print, a
row list per table); ``circular_docx(figures)`` renders them with the charts (``charts``). The layout
is the template's (shipped default: ``scripts/build_document_templates.py``), in the official layout of
``jinzhou/word_documents.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from circulars import charts
from jinzhou import word_documents
from jinzhou.casework import documents

CIRCULAR = "circular"
DEFAULT_ISSUER = "锦州市推动工业高质量发展领导小组办公室"
DEFAULT_ADDRESSEES = "各产业链链长单位，市直有关部门，各县（市、区）人民政府，各开发区管委会"
CHART_WIDTH_MM = 150
NO_CHART_NOTE = "（本机未安装中文字体，图表从略，数据见上表。）"
QUARTERS = "一二三四"


def period_title(period: dict) -> str:
    """How the title names the period: 2026年11月, 2026年第四季度, 2026年, 2026年10月1日至11月30日."""
    code, first, last = period["code"], dt.date.fromisoformat(period["first"]), dt.date.fromisoformat(period["last"])
    if "Q" in code:
        return f"{first.year}年第{QUARTERS[(first.month - 1) // 3]}季度"
    if ".." in code:
        end = f"{last.month}月{last.day}日" if last.year == first.year else f"{last.year}年{last.month}月{last.day}日"
        return f"{first.year}年{first.month}月{first.day}日至{end}"
    if "-" in code:
        return f"{first.year}年{first.month}月"
    return f"{first.year}年"


def circular_title(period: dict) -> str:
    return f"关于{period_title(period)}全市产业链工作推进情况的通报"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def percent(value: str | None) -> str:
    return "—" if value is None else f"{value}%"


def points(value: str | None) -> str:
    """A change in percentage points as the tables print it (the heading says 百分点): +3.5, —."""
    return "—" if value is None else value


def _overview(figures: dict) -> str:
    totals, before = figures["totals"], figures["totals"]["previous"]
    as_of = dt.datetime.fromisoformat(figures["now"]).date()
    change = totals["on_time_rate_change"]
    versus = (
        f"，较上期{'提高' if change and not change.startswith('-') else '下降'}{change.lstrip('+-')}个百分点"
        if change
        else ""
    )
    return (
        f"{period_title(figures['period'])}，全市共新收各类事项{totals['received']}件（上期{before['received']}件），"
        f"办结{totals['closed']}件（上期{before['closed']}件），其中按期办结{totals['closed_on_time']}件，"
        f"按期办结率{percent(totals['on_time_rate'])}{versus}。截至{chinese_date(as_of)}，逾期未办结事项"
        f"{totals['open_overdue']}件，逾期率{percent(totals['overdue_rate'])}。本期下发督办单"
        f"{totals['notices_issued']}份，已签收{totals['notices_acknowledged']}份。"
    )


def _table_rows(rows: list[dict]) -> list[dict]:
    return [
        {
            "seq": index,
            "name": row["name"] or "未关联产业链",
            "received": row["received"],
            "closed": row["closed"],
            "closed_on_time": row["closed_on_time"],
            "on_time_rate": percent(row["on_time_rate"]),
            "change": points(row["on_time_rate_change"]),
            "open_overdue": row["open_overdue"],
            "overdue_rate": percent(row["overdue_rate"]),
            "notices": f"{row['notices_issued']}/{row['notices_acknowledged']}",
        }
        for index, row in enumerate(rows, start=1)
    ]


def _ranking_rows(ranking: dict) -> list[dict]:
    return [{**row, "rate": percent(row["rate"])} for row in ranking["ranked"]]


def _unranked_note(ranking: dict, what: str) -> str:
    if not ranking["unranked"]:
        return ""
    names = "、".join(f"{row['name']}（{row['base']}件，{percent(row['rate'])}）" for row in ranking["unranked"])
    return f"以下单位{what}不足{ranking['minimum']}件，不参加排名：{names}。"


def document_context(figures: dict) -> dict:
    """Every tag of the circular template, from the figures (kept or just computed)."""
    meta = figures.get("document", {})
    overdue = figures["overdue"]
    shown = len(overdue["rows"])
    return {
        "title": meta.get("title") or circular_title(figures["period"]),
        "number": meta.get("number", ""),
        "addressees": meta.get("addressees") or DEFAULT_ADDRESSEES,
        "issuer": meta.get("issuer") or DEFAULT_ISSUER,
        "issued_date": meta.get("issued_date") or chinese_date(dt.datetime.fromisoformat(figures["now"]).date()),
        "period": period_title(figures["period"]),
        "previous_period": period_title(figures["previous_period"]),
        "overview": _overview(figures),
        "departments": _table_rows(figures["departments"]),
        "chains": _table_rows(figures["chains"]),
        "on_time_ranking": _ranking_rows(figures["ranking"]["on_time"]),
        "on_time_unranked": _unranked_note(figures["ranking"]["on_time"], "有期限的已办结事项"),
        "overdue_ranking": _ranking_rows(figures["ranking"]["overdue"]),
        "overdue_unranked": _unranked_note(figures["ranking"]["overdue"], "有期限的在办事项"),
        "overdue": [{"seq": index, **row} for index, row in enumerate(overdue["rows"], start=1)],
        "overdue_note": (
            "截至通报日，无逾期未办结事项。"
            if not overdue["total"]
            else f"截至通报日，逾期未办结事项共{overdue['total']}件"
            + (f"，下表列出逾期时间最长的{shown}件。" if overdue["total"] > shown else "，详见下表。")
        ),
        "chart_on_time": "",
        "chart_overdue": "",
        "chart_note": "",
        "extra_sections": [
            # ``table`` is the section's table as Word draws it (``circular_docx`` makes it); ``lines``, its
            # rows as lines of text, serve a template written before tables were drawn.
            {
                **section,
                "table": "",
                "lines": ["　".join(str(value) for value in row) for row in section.get("rows", [])],
            }
            for section in figures.get("extra_sections", [])
        ],
    }


def circular_docx(figures: dict) -> bytes:
    """The circular as .docx: the office's template (or the default) filled, with the charts where a
    CJK font lets them be drawn, else a note that they were left out."""
    context = document_context(figures)
    images = {}
    for tag, draw in (("chart_on_time", charts.on_time_chart), ("chart_overdue", charts.overdue_chart)):
        png = draw(figures)
        if png is not None:
            images[tag] = (png, CHART_WIDTH_MM)
    if charts.cjk_font() is None:
        context["chart_note"] = NO_CHART_NOTE
    return documents.render(CIRCULAR, context, images, prepare=_section_tables)


def _section_tables(document, context: dict) -> dict:
    """Each further section's table as a bordered Word table (``{{p section.table }}``), drawn like the
    circular's own tables (``word_documents.add_table``: header repeated on each page)."""
    sections = []
    for section in context["extra_sections"]:
        table = ""
        if section.get("header"):
            table = document.new_subdoc()
            word_documents.add_table(table, section["header"], section.get("rows", []))
        sections.append({**section, "table": table})
    return {**context, "extra_sections": sections}


def _sample_figures() -> dict:
    row = {
        "id": 1,
        "name": "锦州市工业和信息化局",
        "received": 12,
        "closed": 9,
        "closed_with_deadline": 8,
        "closed_on_time": 7,
        "open_with_deadline": 10,
        "open_overdue": 2,
        "on_time_rate": "87.5",
        "overdue_rate": "20.0",
        "notices_issued": 3,
        "notices_acknowledged": 2,
        "previous": {
            "received": 10,
            "closed": 8,
            "closed_on_time": 6,
            "closed_with_deadline": 8,
            "on_time_rate": "75.0",
            "notices_issued": 1,
        },
        "on_time_rate_change": "+12.5",
    }
    ranked = {"rank": 1, "id": 1, "name": row["name"], "rate": "87.5", "base": 8}
    return {
        "period": {"code": "2026-11", "label": "2026-11", "first": "2026-11-01", "last": "2026-11-30"},
        "previous_period": {"code": "2026-10", "label": "2026-10", "first": "2026-10-01", "last": "2026-10-31"},
        "now": "2026-12-03T10:00:00+08:00",
        "departments": [row],
        "chains": [{**row, "name": "钛白粉产业链"}],
        "totals": row,
        "ranking": {
            "on_time": {
                "minimum": 5,
                "ranked": [ranked],
                "unranked": [{**ranked, "rank": None, "name": "锦州市商务局", "rate": "100.0", "base": 1}],
            },
            "overdue": {"minimum": 5, "ranked": [{**ranked, "rate": "20.0", "base": 10}], "unranked": []},
        },
        "overdue": {
            "total": 1,
            "limit": 200,
            "rows": [
                {
                    "id": 42,
                    "reference": "DD-2026-00042",
                    "title": "钛白粉项目用地指标未落实",
                    "department": row["name"],
                    "chain": "钛白粉产业链",
                    "person": "王磊（工信局）",
                    "due_date": "2026-11-20",
                    "working_days_overdue": 9,
                    "latest_progress": "已协调自然资源局，待省厅批复",
                    "latest_at": "2026-11-28",
                }
            ],
        },
        "extra_sections": [
            {
                "name": "targets",
                "title": "目标完成情况",
                "paragraphs": ["示例段落。"],
                "header": ["单位", "完成"],
                "rows": [["工信局", 8]],
            }
        ],
        "document": {
            "title": "",
            "number": "锦工领办通〔2026〕3号",
            "addressees": DEFAULT_ADDRESSEES,
            "issuer": DEFAULT_ISSUER,
            "issued_date": "2026年12月3日",
        },
    }


def sample_contexts() -> list[dict]:
    full = document_context(_sample_figures())
    empty = {**full, "departments": [], "chains": [], "overdue": [], "extra_sections": [], "chart_note": NO_CHART_NOTE}
    return [full, empty]


TAGS = (
    ("title", _("title, e.g. 关于2026年11月全市产业链工作推进情况的通报")),
    ("number", _("document number, e.g. 锦工领办通〔2026〕3号")),
    ("addressees", _("addressees (主送)")),
    ("issuer", _("issuing unit")),
    ("issued_date", _("date of issue")),
    ("period", _("the period, e.g. 2026年11月")),
    ("overview", _("the overall figures as a paragraph")),
    (
        "departments",
        _(
            "rows by department: seq, name, received, closed, closed_on_time, on_time_rate, change, "
            "open_overdue, overdue_rate, notices"
        ),
    ),
    ("chains", _("rows by chain (the same fields)")),
    ("on_time_ranking", _("ranked by 按期办结率: rank, name, rate, base")),
    ("on_time_unranked", _("the units with too few cases to rank")),
    ("overdue_ranking", _("ranked by 逾期率: rank, name, rate, base")),
    ("overdue_unranked", _("the units with too few cases to rank")),
    (
        "overdue",
        _("overdue cases: seq, reference, title, department, person, due_date, working_days_overdue, latest_progress"),
    ),
    ("overdue_note", _("how many cases are overdue")),
    ("chart_on_time", _("chart of the departments' 按期办结率")),
    ("chart_overdue", _("chart of overdue cases by chain")),
    ("chart_note", _("note when the charts were left out")),
    ("extra_sections", _("further sections: title, paragraphs, table (or lines)")),
)

documents.register(
    documents.DocumentKind(
        name=CIRCULAR,
        label=_("Circular (通报)"),
        default_file=Path(__file__).resolve().parent / "document_templates" / f"{CIRCULAR}.docx",
        samples=sample_contexts,
        tags=TAGS,
        sequence_prefix="TB",
        number_pattern="锦工领办通〔{year}〕{seq}号",
    )
)
