from django.conf import settings

from .selectors import holds_demo_data


def site(request):
    """The site's name for every template, and DEMO (asked only where a template uses it)."""
    return {"SITE_NAME": settings.SITE_NAME, "DEMO": holds_demo_data}
