"""The Celery application; configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings.local")

app = Celery("trygghet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The reports' tasks live in a sub-package of the project app, not in <app>.tasks.
app.autodiscover_tasks(["trygghet.reports"])
