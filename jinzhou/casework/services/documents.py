"""The office's Word templates (``models.DocumentTemplate``): replace, revert, number pattern; and who
may print a supervision notice (督办单)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jinzhou.casework import documents
from jinzhou.casework.choices import EscalationTarget
from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.models import DocumentTemplate
from jinzhou.org.choices import Role
from jinzhou.org.selectors import actor_for


def may_edit_templates(user) -> bool:
    """The leading-group office (and system administrators) keep the document templates."""
    return bool(user.is_superuser or actor_for(user).is_office)


def _locked_row(name: str) -> DocumentTemplate:
    documents.kind(name)  # an unknown kind is a programming error, not a row to create
    DocumentTemplate.objects.get_or_create(name=name)
    return DocumentTemplate.objects.select_for_update().get(name=name)


def _save(row: DocumentTemplate, actor) -> DocumentTemplate:
    row.updated_by = actor
    row._history_user = actor
    row.save()
    return row


def replace_template(name: str, *, actor, data: bytes, file_name: str) -> DocumentTemplate:
    """Use the office's file from now on, once it is a .docx that renders with the sample context;
    a refused file changes nothing (the previous template stays in use)."""
    if not may_edit_templates(actor):
        raise ActionRefused(_("Only the leading-group office changes document templates."))
    try:
        documents.check_template(name, data)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    with transaction.atomic():
        row = _locked_row(name)
        row.content = data
        row.file_name = (file_name or "")[:200]
        return _save(row, actor)


def revert_template(name: str, *, actor) -> DocumentTemplate:
    """Back to the shipped default (the office's file stays in the history)."""
    if not may_edit_templates(actor):
        raise ActionRefused(_("Only the leading-group office changes document templates."))
    with transaction.atomic():
        row = _locked_row(name)
        row.content = b""
        row.file_name = ""
        return _save(row, actor)


def set_number_pattern(name: str, *, actor, pattern: str) -> DocumentTemplate:
    """The pattern of the kind's document numbers from now on (numbers already issued keep theirs)."""
    if not may_edit_templates(actor):
        raise ActionRefused(_("Only the leading-group office changes document templates."))
    pattern = (pattern or "").strip()
    if pattern:
        try:
            documents.check_pattern(pattern)
        except ValidationError as error:
            raise ValidationError({"number_pattern": error.messages}) from None
    with transaction.atomic():
        row = _locked_row(name)
        row.number_pattern = pattern
        return _save(row, actor)


def may_print_notice(escalation, user, *, mine=None) -> bool:
    """The office prints every notice of a case it sees; an addressee prints the notices sent to
    them (their department's, or the leading group's for its members). The caller has checked the
    case's scope."""
    from jinzhou.casework.permissions import relations

    mine = relations(escalation.case, user) if mine is None else mine
    if "office" in mine:
        return True
    actor = actor_for(user)
    if escalation.target_user_id:
        return escalation.target_user_id == actor.user_id
    if escalation.target == EscalationTarget.LEADING_GROUP:
        return Role.LEADING_GROUP in actor.roles
    return bool(escalation.target_department_id and escalation.target_department_id == actor.department_id)


def ensure_templates() -> int:
    """A row for every registered kind of document (empty: the shipped default is in use), so the
    admin lists them all. Returns how many were created."""
    existing = set(DocumentTemplate.objects.values_list("name", flat=True))
    missing = [DocumentTemplate(name=spec.name) for spec in documents.kinds() if spec.name not in existing]
    DocumentTemplate.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)
