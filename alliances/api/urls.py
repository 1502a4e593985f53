from rest_framework.routers import SimpleRouter

from alliances.api import views

router = SimpleRouter()
router.register("alliances", views.AllianceViewSet, basename="alliance")
router.register("alliance-evaluations", views.AllianceEvaluationViewSet, basename="alliance-evaluation")
urlpatterns = router.urls
