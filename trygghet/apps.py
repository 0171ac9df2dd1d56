from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrygghetConfig(AppConfig):
    """The top layer: reports that compose data from every app."""

    name = "trygghet"
    verbose_name = _("Reports")
