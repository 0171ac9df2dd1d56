"""API endpoints of lagesbild (incidents and reference data)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("incidents", api.IncidentViewSet, basename="incident")
router.register("areas", api.AreaViewSet, basename="area")
router.register("places", api.PlaceViewSet, basename="place")
router.register("categories", api.CategoryViewSet, basename="category")

urlpatterns = router.urls
