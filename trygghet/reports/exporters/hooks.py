"""Reads from apps whose models may not be migrated yet (built in parallel).

Each hook returns None when its source is not there (no model or no table yet); the
templates then print a clear "not available yet" note instead of failing the report.
"""

import logging
from functools import cache

from django.apps import apps
from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)


def table_ready(label: str) -> bool:
    """True when the model `app.Model` exists and its table is in the database."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return False
    return model._meta.db_table in _tables()


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


@cache
def _warned(name: str) -> bool:
    logger.info("report section %s is not available yet", name)
    return True


def guarded(name: str, func, *args, **kwargs):
    """Call a hook; log and return None if the other app's code is not ready for it."""
    try:
        return func(*args, **kwargs)
    except (OperationalError, InterfaceError):
        raise  # transient: the task retries the whole report
    except (ImportError, LookupError):
        _warned(name)
        return None
    except Exception:
        # A section that breaks must not take the whole report down with it.
        logger.exception("report section %s failed", name)
        return None
