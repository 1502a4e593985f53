"""Signing in and out with Django's own views and the portal's templates.

Five failed sign-ins for a user name from one address lock it (django-axes, see settings); the
lockout page says for how long.
"""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from jinzhou.portal.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "portal/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("portal:todos")


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:sign_in")
