"""Pages of the budget app."""

app_name = "budget"
urlpatterns: list = []
