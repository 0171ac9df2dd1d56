"""API endpoints of lagesbild (incidents and reference data)."""

urlpatterns: list = []
