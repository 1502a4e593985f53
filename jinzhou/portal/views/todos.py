"""我的待办: the visitor's open cases that wait for them, most urgent first."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jinzhou.portal.selectors import my_todos
from jinzhou.portal.views.common import portal_login_required

PER_PAGE = 50


@portal_login_required
def todo_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(my_todos(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/todos.html", {"page": page, "cases": page.object_list, "nav": "todos"})
