from django.urls import path

from circulars.api import views

urlpatterns = [path("reports/circular", views.CircularView.as_view(), name="reports-circular")]
