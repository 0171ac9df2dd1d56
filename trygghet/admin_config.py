from django.contrib.admin.apps import AdminConfig


class TrygghetAdminConfig(AdminConfig):
    """Django admin with optional TOTP for staff (see trygghet.twofactor)."""

    default_site = "trygghet.twofactor.TrygghetAdminSite"
