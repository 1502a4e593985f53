from rest_framework.routers import SimpleRouter

from assessment.api import views

router = SimpleRouter()
router.register("targets", views.TargetProgressViewSet, basename="target")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
urlpatterns = router.urls
