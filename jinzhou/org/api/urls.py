from rest_framework.routers import SimpleRouter

from jinzhou.org.api import views

router = SimpleRouter()
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
urlpatterns = router.urls
