"""Pages of the lagesbild app."""

app_name = "lagesbild"
urlpatterns: list = []

# The weekly and annual lägesbild, hot spots and problembilder (lagesbild/picture_urls.py).
from .picture_urls import urlpatterns as picture_urlpatterns  # noqa: E402

urlpatterns += picture_urlpatterns
