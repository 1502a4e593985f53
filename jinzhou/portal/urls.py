"""The portal's pages, under /portal/."""

from django.urls import path

from jinzhou.portal.views import (
    auth,
    case,
    cases,
    chain_report,
    chains,
    challenges,
    dashboard,
    inbox,
    meetings,
    preferences,
    report,
    reported,
    search,
    self_assessment,
    todos,
    watch,
)

app_name = "portal"

urlpatterns = [
    path("", todos.todo_list, name="todos"),
    path("sign-in/", auth.SignInView.as_view(), name="sign_in"),
    path("sign-out/", auth.SignOutView.as_view(), name="sign_out"),
    path("cases/", cases.cases_view, name="cases"),
    path("cases/<int:pk>/", case.case_page, name="case"),
    path("cases/<int:pk>/do/<slug:action>/", case.transition_view, name="transition"),
    path("cases/<int:pk>/panel/<slug:panel>/", case.panel_view, name="panel"),
    path("cases/<int:pk>/staff/<int:department_id>/", case.staff_view, name="staff"),
    path("cases/<int:pk>/files/<int:attachment_id>/", case.download_view, name="download"),
    path("cases/<int:pk>/notices/<int:notice_id>/<slug:fmt>/", case.notice_view, name="notice"),
    path("report/", report.report_bottleneck_view, name="report"),
    path("search/", search.search_view, name="search"),
    path("search/similar/", search.similar_view, name="similar_cases"),
    path("reported/", reported.reported_view, name="reported"),
    path("watch/", watch.watch_view, name="watch"),
    path("inbox/", inbox.inbox_view, name="inbox"),
    path("inbox/read/", inbox.mark_read_view, name="mark_read"),
    path("settings/notifications/", preferences.notification_settings_view, name="notification_settings"),
    path("dashboard/", dashboard.dashboard_view, name="dashboard"),
    path("chains/", chains.chain_index, name="chains"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", meetings.meeting_page, name="meeting"),
    path("meetings/<int:pk>/minutes/<int:minutes_id>/", meetings.minutes_download, name="meeting_minutes"),
    path("chains/<int:pk>/", chains.chain_page, name="chain"),
    path("chains/<int:pk>/lists.<slug:extension>", chains.chain_lists_download, name="chain_lists"),
    path("chain-reports/<int:pk>/", chain_report.chain_report_view, name="chain_report"),
    path("evaluations/<int:pk>/self-assessment/", self_assessment.self_assessment_view, name="self_assessment"),
    path("challenges/", challenges.challenge_list, name="challenges"),
    path("challenges/<int:pk>/", challenges.challenge_page, name="challenge"),
    path("challenges/<int:pk>/apply/", challenges.apply_view, name="challenge_apply"),
    path("challenges/applications/", challenges.my_applications, name="challenge_applications"),
    path("challenges/applications/<int:pk>/", challenges.application_page, name="challenge_application"),
    path(
        "challenges/applications/<int:pk>/files/<int:file_id>/",
        challenges.application_file,
        name="challenge_application_file",
    ),
]
