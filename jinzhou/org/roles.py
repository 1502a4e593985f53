"""What each role group may do in the admin.

The groups themselves are created by a data migration (so every database has them); their model
permissions are granted after each ``migrate``, once every app's permissions exist.
"""

from django.apps import apps as global_apps

from jinzhou.org.choices import Role

# App labels whose data the office maintains (add, change, delete, view).
OFFICE_APPS = (
    "org",
    "chains",
    "casework",
    "projects",
    "alliances",
    "meetings",
    "notifications",
    "circulars",
    "assessment",
)
# Everyone else in the admin reads these (each admin narrows the rows to the visitor's scope, e.g.
# their own notifications); what they may change is decided by the services.
READ_APPS = ("org", "chains", "casework", "projects", "alliances", "meetings", "notifications", "assessment")
# The office picks people in its forms (a department's head): the admin's search for them asks to
# view users. Changing users stays with superusers.
OFFICE_EXTRA = (("auth", "view_user"),)
# The machinery, for system administrators (superusers) only, never a role: partner webhooks and
# their deliveries, API keys, the Celery schedules and results. The office works with cases, not these.
TECHNICAL_APPS = ("webhooks", "django_celery_beat", "django_celery_results")
TECHNICAL_MODELS = (("org", "apikey"), ("org", "historicalapikey"))


def technical_permissions(Permission):
    """The permissions of the technical sections, which no role holds."""
    from django.db.models import Q

    models = Q()
    for app_label, model in TECHNICAL_MODELS:
        models |= Q(content_type__app_label=app_label, content_type__model=model)
    return Permission.objects.filter(Q(content_type__app_label__in=TECHNICAL_APPS) | models)


def grant_role_permissions(sender=None, apps=global_apps, **kwargs) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {
        group.role.code: group for group in Group.objects.filter(role__code__in=Role.values).select_related("role")
    }
    if not groups:
        return
    technical = technical_permissions(Permission)
    everything = Permission.objects.filter(content_type__app_label__in=OFFICE_APPS).exclude(pk__in=technical)
    view_only = Permission.objects.filter(content_type__app_label__in=READ_APPS, codename__startswith="view_")
    view_only = view_only.exclude(pk__in=technical)
    extra = [
        permission
        for app_label, codename in OFFICE_EXTRA
        for permission in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    ]
    for code, group in groups.items():
        group.permissions.add(*((*everything, *extra) if code == Role.OFFICE else view_only))
        # Granted by earlier versions: taken back, so that both the menu and the URLs refuse.
        group.permissions.remove(*technical)
