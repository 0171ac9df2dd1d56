"""Report pages; filled by the reports issue."""

app_name = "reports"
urlpatterns: list = []
