"""Pages of the measures app."""

app_name = "measures"
urlpatterns: list = []
