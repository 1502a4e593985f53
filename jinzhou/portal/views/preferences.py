"""The visitor's notification settings: the kinds of case events they get no e-mail for."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from jinzhou.notifications.forms import EmailPreferenceForm
from jinzhou.notifications.services import muted_categories, set_muted_categories
from jinzhou.portal.views.common import portal_login_required


@portal_login_required
def notification_settings_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = EmailPreferenceForm(request.POST)
        if form.is_valid():
            try:
                set_muted_categories(form.cleaned_data["muted"], actor=request.user)
            except ValidationError as exc:
                form.add_error("muted", exc.messages)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return HttpResponseRedirect(reverse("portal:notification_settings"))
    else:
        form = EmailPreferenceForm(initial={"muted": muted_categories(request.user)})
    return render(request, "portal/notification_settings.html", {"form": form, "nav": "inbox"})
