from rest_framework.routers import SimpleRouter

from projects.api import views

router = SimpleRouter()
router.register("challenges", views.ChallengeViewSet, basename="challenge")
router.register("challenge-applications", views.ChallengeApplicationViewSet, basename="challenge-application")
router.register("investment-activities", views.InvestmentActivityViewSet, basename="investment-activity")
router.register("investment-projects", views.InvestmentProjectViewSet, basename="investment-project")
router.register("applications", views.AwardApplicationViewSet, basename="application")
urlpatterns = router.urls
