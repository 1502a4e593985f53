"""一链一清单 as files: an Excel workbook (one sheet per list) and a Word document (one section per
list), from ``chain_lists.ChainLists``. Cells go through ``jinzhou.spreadsheets`` (text stays text);
the Word layout is ``jinzhou.word_documents``'s (A4, official margins, Chinese fonts)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jinzhou import spreadsheets, word_documents
from jinzhou.portal.chain_lists import ChainLists

FORMATS = {
    "xlsx": spreadsheets.XLSX_CONTENT_TYPE,
    "docx": word_documents.DOCX_CONTENT_TYPE,
}


def filename(lists: ChainLists, extension: str) -> str:
    return f"{lists.chain.code}-{lists.as_of:%Y%m%d}.{extension}"


def _subtitle(lists: ChainLists) -> str:
    return _("As of %(date)s") % {"date": f"{lists.as_of.year}年{lists.as_of.month}月{lists.as_of.day}日"}


def workbook_bytes(lists: ChainLists) -> bytes:
    book = spreadsheets.new_workbook(write_only=True)
    for item in lists.lists:
        heading = f"{lists.title} · {item.title}（{_subtitle(lists)}）"
        spreadsheets.TableSheet(book, item.title, item.header, heading=heading).write(item.rows)
    return spreadsheets.xlsx_bytes(book)


def document_bytes(lists: ChainLists) -> bytes:
    document = word_documents.new_document(landscape=True)
    word_documents.add_title(document, f"《{lists.title}》", _subtitle(lists))
    for number, item in enumerate(lists.lists, start=1):
        word_documents.add_heading(document, f"{'一二三四五六七八九'[number - 1]}、{item.title}")
        if item.rows:
            word_documents.add_table(document, item.header, item.rows)
        else:
            word_documents.add_paragraph(document, _("Nothing to list."))
        if item.note:
            word_documents.add_paragraph(document, item.note, size=word_documents.TABLE_SIZE)
    return word_documents.document_bytes(document)


def render(lists: ChainLists, extension: str) -> bytes:
    """The file's bytes for ``extension`` (``xlsx`` or ``docx``); ``ValueError`` for any other."""
    if extension == "xlsx":
        return workbook_bytes(lists)
    if extension == "docx":
        return document_bytes(lists)
    raise ValueError(extension)
