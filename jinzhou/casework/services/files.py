"""Attachments: checked by content, not by name, before anything is written to disk."""

import hashlib
import re
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jinzhou.casework.choices import EventKind
from jinzhou.casework.exceptions import TransitionNotAllowed
from jinzhou.casework.models import Attachment
from jinzhou.casework.services.cases import lock_case, record_event
from jinzhou.casework.workflows import ATTACHMENT

# Extension → the content types its bytes may have. Office's OOXML files are zip archives and the
# old binary formats are OLE compound files, which the detector reports as such.
ALLOWED = {
    ".pdf": {"application/pdf"},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".gif": {"image/gif"},
    ".webp": {"image/webp"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
    ".pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/zip"},
    ".doc": {"application/msword", "application/x-ole-storage", "application/CDFV2"},
    ".xls": {"application/vnd.ms-excel", "application/x-ole-storage", "application/CDFV2"},
    ".ppt": {"application/vnd.ms-powerpoint", "application/x-ole-storage", "application/CDFV2"},
}
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGIC = b"PK\x03\x04"
_OOXML_MARKERS = {".docx": b"word/", ".xlsx": b"xl/", ".pptx": b"ppt/"}


def max_upload_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)


def sanitize_filename(name: str) -> str:
    """Keep only the last path component (of either separator), drop control characters and
    leading dots, and cap the length, so a name like ``../../etc/passwd`` is harmless."""
    name = unicodedata.normalize("NFC", name or "")
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = re.sub(r"[\x00-\x1f\x7f<>:\"/\\|?*]", "", name).strip().lstrip(".").strip()
    if not name:
        name = "file"
    stem, dot, suffix = name.rpartition(".")
    if dot and len(suffix) <= 10:
        return f"{stem[: 150 - len(suffix)]}.{suffix}"
    return name[:150]


def detect_content_type(head: bytes, extension: str) -> str | None:
    if head.startswith(_OLE_MAGIC):
        return "application/x-ole-storage"
    kind = filetype.guess(head)
    if kind is None:
        return None
    if head.startswith(_ZIP_MAGIC) and extension in _OOXML_MARKERS and _OOXML_MARKERS[extension] in head:
        return next(iter(sorted(ALLOWED[extension] - {"application/zip"})))
    return kind.mime


def validate_upload(upload) -> tuple[str, str]:
    """Return (safe file name, content type) or raise a ValidationError a user understands."""
    name = sanitize_filename(getattr(upload, "name", ""))
    extension = ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""
    if upload.size > max_upload_bytes():
        raise ValidationError(
            {
                "file": _("%(name)s is %(size).1f MB; the limit is %(limit)d MB.")
                % {"name": name, "size": upload.size / 1048576, "limit": max_upload_bytes() // 1048576}
            }
        )
    if extension not in ALLOWED:
        raise ValidationError(
            {
                "file": _(
                    "%(name)s: only PDF, Word, Excel, PowerPoint and image files (PNG, JPEG, GIF, WebP) are accepted."
                )
                % {"name": name}
            }
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    detected = detect_content_type(head, extension)
    if detected not in ALLOWED[extension]:
        raise ValidationError(
            {
                "file": _("%(name)s is not really a %(ext)s file (its content is %(found)s); it was refused.")
                % {"name": name, "ext": extension.lstrip(".").upper(), "found": detected or _("unrecognised")}
            }
        )
    return name, detected


def refuse_bad_uploads(uploads, *, field: str = "file") -> None:
    """Every refused file of ``uploads`` at once (``validate_upload``'s rule), under ``field``, so the
    person fixes them all in one go."""
    problems = []
    for upload in uploads:
        try:
            validate_upload(upload)
        except ValidationError as error:
            problems.extend(error.message_dict.get("file", error.messages))
    if problems:
        raise ValidationError({field: problems})


def may_attach(case, user) -> bool:
    """``attach_file``'s rule: whoever sees the case (scope is the caller's), where its state allows."""
    return case.allows(ATTACHMENT)


def attach_file(case, *, actor, upload) -> Attachment:
    name, content_type = validate_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        locked = lock_case(case, actor=actor)
        if not locked.allows(ATTACHMENT):
            raise TransitionNotAllowed(
                _("%(reference)s is “%(status)s”: it takes no files now.")
                % {"reference": locked.reference, "status": locked.status_label}
            )
        attachment = Attachment(
            case_id=locked.pk,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        attachment.file.save(name, upload, save=False)
        # If the row cannot be written, do not leave an orphan file on disk.
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
        record_event(locked, kind=EventKind.ATTACHMENT, actor=actor, summary=_("Attached %(name)s") % {"name": name})
    return attachment
