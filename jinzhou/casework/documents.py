"""Documents printed from Word templates the office can replace with its own.

Why docxtpl: the office lays a document out in Word itself (its letterhead, fonts, margins, the order
of the facts) and keeps only the ``{{ tags }}``; docxtpl fills those tags with Jinja and leaves every
other byte of the layout as the office saved it. With python-docx alone each layout change would be a
code change. python-docx only builds the shipped defaults (``scripts/build_document_templates.py``).

One place for every kind of document: a kind registers here (``register``) with its shipped default
file, its sample context (an upload must render with it), the tags it offers, and the sequence its
numbers are drawn from; ``render(name, context)`` fills the office's template, else the default;
``next_number(name)`` gives the next document number of the kind's pattern, per year, from a locked
sequence row. The office's templates are ``models.DocumentTemplate`` rows (written by
``services/documents.py``).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# An uploaded template larger than this is refused (a template with a letterhead image is ~100 KB).
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
# LibreOffice's conversion of one page takes ~2 s; a hung converter must not hold a worker.
PDF_TIMEOUT_SECONDS = 60
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATES_DIR = Path(__file__).resolve().parent / "document_templates"


@dataclass(frozen=True)
class DocumentKind:
    name: str
    label: str
    default_file: Path
    # The contexts an uploaded template must render with (each branch of its {% if %}s), and the tags'
    # example values.
    samples: Callable[[], list[dict]]
    # (tag, what it holds) for the admin's help text.
    tags: tuple[tuple[str, str], ...] = ()
    # Document numbers: the ReferenceSequence prefix they are counted under, and the default pattern.
    sequence_prefix: str = ""
    number_pattern: str = ""
    extra: dict = field(default_factory=dict)


_KINDS: dict[str, DocumentKind] = {}


def register(spec: DocumentKind) -> DocumentKind:
    _KINDS[spec.name] = spec
    return spec


def kind(name: str, *, missing_ok: bool = False) -> DocumentKind | None:
    if name not in _KINDS and not missing_ok:
        raise LookupError(f"No document kind {name!r}")
    return _KINDS.get(name)


def kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda spec: spec.name)


def _row(name: str):
    from jinzhou.casework.models import DocumentTemplate

    return DocumentTemplate.objects.filter(name=name).first()


def template_bytes(name: str, row=None) -> bytes:
    """The template in use: the office's upload, else the shipped default."""
    row = _row(name) if row is None else row
    if row is not None and row.content:
        return bytes(row.content)
    return kind(name).default_file.read_bytes()


def _environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # Sandboxed: the template comes from an upload. Strict: a misspelt tag is an error at upload
    # time (with the sample context), never a silent blank on a printed notice.
    return SandboxedEnvironment(undefined=StrictUndefined)


def render_template(template: bytes, context: dict, images: dict | None = None, prepare=None) -> bytes:
    """``template`` filled with ``context``; ``images`` (tag → (PNG bytes, width in mm)) become
    pictures where the template prints that tag (``{{ chart }}``); ``prepare(document, context)``, when
    given, returns the context with what needs the document itself (a table as a sub-document)."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    document = DocxTemplate(io.BytesIO(template))
    for tag, (data, width) in (images or {}).items():
        context = {**context, tag: InlineImage(document, io.BytesIO(data), width=Mm(width))}
    if prepare is not None:
        context = prepare(document, context)
    # autoescape: a reason typed with "<" or "&" must not break the document's XML.
    document.render(context, jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render(name: str, context: dict, images: dict | None = None, prepare=None) -> bytes:
    """The document ``name`` filled with ``context`` (and ``images``, ``prepare``), as .docx bytes."""
    return render_template(template_bytes(name), context, images, prepare)


def check_template(name: str, data: bytes) -> None:
    """Refuse what is not a .docx under the size limit or does not render with the sample context;
    the message names the Word or Jinja error so the office can fix its file."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            _("The template is larger than %(limit)d MB.") % {"limit": MAX_TEMPLATE_BYTES // (1024 * 1024)}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_docx = "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        is_docx = False
    if not is_docx:
        raise ValidationError(_("This is not a Word document (.docx). Save it in Word as “Word Document (*.docx)”."))
    try:
        for context in kind(name).samples():
            render_template(data, context)
    except Exception as error:  # any failure of the office's file is reported, not raised
        line = f" ({_('line %(line)s') % {'line': error.lineno}})" if getattr(error, "lineno", None) else ""
        raise ValidationError(
            _("The template does not render: %(error)s%(line)s. The previous template is kept.")
            % {"error": f"{type(error).__name__}: {error}", "line": line}
        ) from None


# --- document numbers ---------------------------------------------------------------------------------
def check_pattern(pattern: str) -> None:
    """A number pattern needs {year} and {seq} (numbers restart each year), and fits the notice number."""
    if "{year}" not in pattern or "{seq" not in pattern:
        raise ValidationError(_("The pattern needs both {year} and {seq}, e.g. 锦工领办督〔{year}〕{seq}号."))
    try:
        sample = pattern.format(year=2026, seq=99999)
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(_("The pattern is not valid: %(error)s") % {"error": error}) from None
    if len(sample) > 30:
        raise ValidationError(_("A number of this pattern would be longer than 30 characters."))


def number_pattern(name: str, row=None) -> str:
    row = _row(name) if row is None else row
    return (row.number_pattern if row is not None else "") or kind(name).number_pattern


def next_number(name: str, year: int | None = None) -> str:
    """The next document number of kind ``name`` for ``year`` (default: this year, local time), e.g.
    锦工领办督〔2026〕12号. The sequence row is locked (``services.cases.next_sequence``), so concurrent issues get
    consecutive numbers without gaps or repeats; each year starts again at 1."""
    from jinzhou.casework.services.cases import next_sequence

    year = year or timezone.localtime().year
    seq = next_sequence(kind(name).sequence_prefix, year)
    return number_pattern(name).format(year=year, seq=seq)


# --- PDF ------------------------------------------------------------------------------------------------
class ConversionFailed(Exception):
    pass


def pdf_available() -> bool:
    return shutil.which("soffice") is not None


def to_pdf(docx: bytes) -> bytes:
    """The .docx as PDF through LibreOffice, in a temporary folder, with a timeout."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise ConversionFailed(_("No PDF converter is installed on the server; download the Word document."))
    with tempfile.TemporaryDirectory(prefix="jinzhou-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        # Its own profile: a second conversion must not wait for another's lock on the user profile.
        profile = Path(folder) / "profile"
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            str(source),
        ]
        try:
            # The command is fixed; only the temporary file's path is ours.
            subprocess.run(  # noqa: S603
                command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False, cwd=folder
            )
        except (subprocess.TimeoutExpired, OSError):
            raise ConversionFailed(_("The PDF conversion did not finish; download the Word document.")) from None
        target = source.with_suffix(".pdf")
        if not target.exists():
            raise ConversionFailed(_("The PDF conversion failed; download the Word document."))
        return target.read_bytes()
