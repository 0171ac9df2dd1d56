"""Optimistic locking: an edit is saved only if nobody saved the object since it was read.

A model taking part has `version = PositiveIntegerField(default=1, editable=False)`; the
edit form carries the version it showed (a hidden field) and the service calls
`version_claim` before saving. The check is one `UPDATE … WHERE version = n`, so two
concurrent saves cannot both pass, whatever the isolation level.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Model, QuerySet
from django.utils.translation import gettext_lazy as _

__all__ = ["EditConflict", "VersionField", "version_claim"]

CONFLICT_MESSAGE = _(
    "Someone else changed this %(what)s while you were editing it. Your changes were not "
    "saved; they are still in the form below. Reload the page to see the new version, "
    "then make your changes again."
)


class EditConflict(ValidationError):
    """Someone else saved the object after this edit began."""


def version_claim(
    obj: Model, *, version: int | None, queryset: QuerySet | None = None, message=None
) -> int:
    """Move `obj`'s version on from `version` (what the editor saw) or raise EditConflict.

    A missing (None) or impossible (0) version is a conflict too. Call inside the
    transaction that saves the object; sets and returns the new version.
    """
    queryset = queryset if queryset is not None else type(obj)._default_manager.all()
    # The version comes from the client: a missing one (a form posted without it, or
    # blank) is not "the current one", it is an edit of unknown age.
    seen = version
    claimed = (
        queryset.filter(pk=obj.pk, version=seen).update(version=F("version") + 1)
        if isinstance(seen, int) and seen >= 1
        else 0
    )
    if not claimed:
        what = obj._meta.verbose_name
        raise EditConflict(
            message or CONFLICT_MESSAGE % {"what": what},
            code="conflict",
        )
    obj.version = seen + 1
    return obj.version


class VersionField(forms.Field):
    """The hidden version an edit form carries. Never a form error: a missing or garbled
    version is None, which `version_claim` refuses as a conflict (shown as one)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return int(str(value).strip())
        except (TypeError, ValueError):
            return None
