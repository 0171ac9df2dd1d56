"""Demo data is marked in the database and shown with a "Demo" badge wherever it appears.

Every model that the demo seed creates records of gets `is_demo = demo_flag()`; incidents
say it with `source = "demo"`. `is_demo(obj)` answers for either, so templates, PDFs and
exports ask one function (`{% demo_badge obj %}` in templates).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

DEMO_SOURCE = "demo"


def demo_flag() -> models.BooleanField:
    return models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Synthetic data for demonstration only, never a fact or a decision."),
    )


def is_demo(obj) -> bool:
    """True for a record of the demo: its `is_demo` flag, or an incident's demo source."""
    if obj is None:
        return False
    if getattr(obj, "is_demo", False) is True:
        return True
    return getattr(obj, "source", None) == DEMO_SOURCE
