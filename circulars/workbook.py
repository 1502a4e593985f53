"""The circular as an Excel workbook: one sheet per table (by department, by chain, the two rankings,
the overdue list, and each extra section's table), written by ``jinzhou/spreadsheets.py`` (frozen
heading row, autofilter, widths that fit, every cell neutralised)."""

from __future__ import annotations

import datetime as dt

from circulars.document import circular_title, document_context
from jinzhou.spreadsheets import TableSheet, new_workbook, xlsx_bytes

RATE_HEADER = [
    "序号",
    "{unit}",
    "新收",
    "办结",
    "按期办结",
    "有期限办结",
    "按期办结率(%)",
    "上期按期办结率(%)",
    "较上期(百分点)",
    "在办有期限",
    "逾期",
    "逾期率(%)",
    "督办",
    "签收",
]


def _number(value: str | None):
    return None if value is None else float(value)


def _rate_rows(rows: list[dict]):
    for index, row in enumerate(rows, start=1):
        yield [
            index,
            row["name"] or "未关联产业链",
            row["received"],
            row["closed"],
            row["closed_on_time"],
            row["closed_with_deadline"],
            _number(row["on_time_rate"]),
            _number(row["previous"]["on_time_rate"]),
            _number(row["on_time_rate_change"]),
            row["open_with_deadline"],
            row["open_overdue"],
            _number(row["overdue_rate"]),
            row["notices_issued"],
            row["notices_acknowledged"],
        ]


def _ranking_rows(ranking: dict):
    for row in ranking["ranked"]:
        yield [row["rank"], row["name"], _number(row["rate"]), row["base"], "参加排名"]
    for row in ranking["unranked"]:
        yield [None, row["name"], _number(row["rate"]), row["base"], f"不足{ranking['minimum']}件，不排名"]


def circular_xlsx(figures: dict) -> bytes:
    title = document_context(figures)["title"] if figures.get("document") else circular_title(figures["period"])
    book = new_workbook(write_only=True)
    TableSheet(book, "各单位", [h.format(unit="单位") for h in RATE_HEADER], heading=title).write(
        _rate_rows(figures["departments"])
    )
    TableSheet(book, "各产业链", [h.format(unit="产业链") for h in RATE_HEADER], heading=title).write(
        _rate_rows(figures["chains"])
    )
    ranking = figures["ranking"]
    TableSheet(book, "按期办结率排名", ["名次", "单位", "按期办结率(%)", "计算件数", "说明"]).write(
        _ranking_rows(ranking["on_time"])
    )
    TableSheet(book, "逾期率排名", ["名次", "单位", "逾期率(%)", "计算件数", "说明"]).write(
        _ranking_rows(ranking["overdue"])
    )
    overdue = TableSheet(
        book,
        "逾期事项",
        ["序号", "编号", "事项", "责任单位", "产业链", "责任人", "到期日", "逾期工作日", "最新进展", "进展日期"],
        heading=f"逾期未办结事项共{figures['overdue']['total']}件",
    )
    overdue.write(
        [
            index,
            row["reference"],
            row["title"],
            row["department"],
            row["chain"],
            row["person"],
            dt.date.fromisoformat(row["due_date"]),
            row["working_days_overdue"],
            row["latest_progress"],
            row["latest_at"],
        ]
        for index, row in enumerate(figures["overdue"]["rows"], start=1)
    )
    for section in figures.get("extra_sections", []):
        if section.get("header"):
            TableSheet(book, section["title"], section["header"]).write(section["rows"])
    return xlsx_bytes(book)
