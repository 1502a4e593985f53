from rest_framework.routers import SimpleRouter

from chains.api import views

router = SimpleRouter()
router.register("industries", views.IndustryViewSet, basename="industry")
router.register("subfields", views.SubFieldViewSet, basename="subfield")
router.register("chains", views.ChainViewSet, basename="chain")
router.register("bottlenecks", views.BottleneckViewSet, basename="bottleneck")
router.register("tasks", views.ChainTaskViewSet, basename="task")
router.register("chain-reports", views.ChainReportViewSet, basename="chain-report")
urlpatterns = router.urls
