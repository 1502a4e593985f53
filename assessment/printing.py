"""The assessment's exports: the Excel sheet (``jinzhou/spreadsheets.py``) and the printed Word document
(a document kind of ``jinzhou/casework/documents.py``, its default built by
``scripts/build_document_templates.py``; the office may upload its own layout under 文书模板)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.models import Assessment
from jinzhou.casework import documents
from jinzhou.spreadsheets import TableSheet, new_workbook, xlsx_bytes

ANNUAL_ASSESSMENT = "annual_assessment"
ISSUER = "锦州市产业链工作领导小组办公室"


def title(assessment: Assessment) -> str:
    return _("%(year)d annual assessment of the departments") % {"year": assessment.year}


def _rows(assessment: Assessment):
    return assessment.rows.select_related("department").order_by("rank", "department__name")


def assessment_xlsx(assessment: Assessment) -> bytes:
    lines = assessment.lines
    header = [_("Rank"), _("Department")]
    for line in lines:
        header += [line["label"], _("%(label)s (points)") % {"label": line["label"]}]
    header.append(_("Total score"))
    book = new_workbook(write_only=True)  # no empty default sheet: the table is the first
    sheet = TableSheet(
        book, str(assessment.year), header, heading=f"{title(assessment)}（{assessment.get_status_display()}）"
    )
    rows = []
    for row in _rows(assessment):
        cells = [row.rank, row.department.name]
        for figure in row.figures:
            cells += [figure["figure"], float(figure["score"])]
        rows.append([*cells, float(row.total)])
    sheet.write(rows)
    return xlsx_bytes(book)


def context(assessment: Assessment) -> dict:
    """The Word template's facts (the tags below)."""
    lines = assessment.lines
    rows = []
    for row in _rows(assessment):
        details = "；".join(
            f"{line['label']} {figure['figure']}（{figure['score']}分）"
            for line, figure in zip(lines, row.figures, strict=False)
        )
        rows.append({"rank": row.rank, "department": row.department.name, "details": details, "total": str(row.total)})
    return {
        "title": title(assessment),
        "year": assessment.year,
        "status": assessment.get_status_display(),
        "scheme": assessment.scheme.name,
        "scheme_lines": "；".join(f"{line['label']}（{line['weight']}分）" for line in lines),
        "as_of": f"{assessment.as_of:%Y年%m月%d日}" if assessment.as_of else "",
        "rows": rows,
        "issuer": ISSUER,
        "issued_date": f"{(assessment.published_at or timezone.now()).astimezone():%Y年%m月%d日}",
    }


def assessment_docx(assessment: Assessment) -> bytes:
    return documents.render(ANNUAL_ASSESSMENT, context(assessment))


def _sample() -> dict:
    return {
        "title": "2026年度部门考核结果",
        "year": 2026,
        "status": "已发布",
        "scheme": "默认考核方案",
        "scheme_lines": "按期办结率（40分）；逾期率（20分）",
        "as_of": "2026年12月31日",
        "rows": [{"rank": 1, "department": "市商务局", "details": "按期办结率 95.0%（38.00分）", "total": "58.00"}],
        "issuer": ISSUER,
        "issued_date": "2027年01月10日",
    }


TAGS = (
    ("title", gettext_lazy("title, e.g. 2026年度部门考核结果")),
    ("year", gettext_lazy("year assessed")),
    ("status", gettext_lazy("status (draft, reviewed, published)")),
    ("scheme", gettext_lazy("scheme's name")),
    ("scheme_lines", gettext_lazy("the scheme's indicators with their full marks")),
    ("as_of", gettext_lazy("records as of")),
    ("rows", gettext_lazy("the departments: row.rank, row.department, row.details, row.total")),
    ("issuer", gettext_lazy("issuing unit")),
    ("issued_date", gettext_lazy("date of issue")),
)

documents.register(
    documents.DocumentKind(
        name=ANNUAL_ASSESSMENT,
        label=gettext_lazy("Annual assessment (年度考核结果)"),
        default_file=documents.TEMPLATES_DIR / f"{ANNUAL_ASSESSMENT}.docx",
        samples=lambda: [_sample(), {**_sample(), "rows": []}],
        tags=TAGS,
    )
)
