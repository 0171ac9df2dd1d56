"""Audit hooks every app can use without importing a higher layer.

Changes to models with django-simple-history are audited automatically (the trygghet
app listens to simple-history's signal). Exports are not model changes, so the code
that hands data out calls `record_export`; the trygghet app stores the event.
"""

from django.dispatch import Signal

# Sent with: user, what (e.g. "incidents"), format ("csv"), filters (dict), rows (int).
data_exported = Signal()


def record_export(*, user, what: str, fmt: str, filters: dict | None = None, rows: int) -> None:
    """Record that `user` exported `rows` rows of `what` as `fmt` with `filters`."""
    data_exported.send(
        sender=None, user=user, what=what, fmt=fmt, filters=dict(filters or {}), rows=rows
    )
