from rest_framework.routers import SimpleRouter

from meetings.api import views

router = SimpleRouter()
router.register("meetings", views.MeetingViewSet, basename="meeting")
urlpatterns = router.urls
