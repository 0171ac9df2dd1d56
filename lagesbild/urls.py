"""Pages of the lagesbild app."""

app_name = "lagesbild"
urlpatterns: list = []
