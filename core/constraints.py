"""Database constraints that speak to the user: a message in Swedish, next to the field.

Django reports a violated `CheckConstraint` as "Constraint “name” is violated." above the
form, and a `UniqueConstraint` of several fields likewise above it. These subclasses take
`field=`: the form field the message belongs next to (when the form has it), and every
constraint of the project gives a `violation_error_message` a user understands.

    CheckConstraint(
        condition=Q(ends_at__gt=F("starts_at")),
        name="meeting_ends_after_start",
        field="ends_at",
        violation_error_message=_("The meeting must end after it starts."),
    )

Migrations keep Django's own classes: where a message is shown is not schema.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.utils import DEFAULT_DB_ALIAS


class _NextToField:
    def __init__(self, *args, field: str | None = None, **kwargs):
        self.field = field
        super().__init__(*args, **kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            # A form that does not show the field (it is in `exclude`) gets the message
            # above the form instead.
            if self.field and self.field not in (exclude or ()):
                raise ValidationError({self.field: error.error_list}) from None
            raise

    def clone(self):
        # Django clones constraints through deconstruct(), which leaves `field` out.
        _path, args, kwargs = self.deconstruct()
        return self.__class__(*args, field=self.field, **kwargs)

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return f"django.db.models.{type(self).__name__}", args, kwargs


class CheckConstraint(_NextToField, models.CheckConstraint):
    """A CheckConstraint whose message is shown next to `field`."""


class UniqueConstraint(_NextToField, models.UniqueConstraint):
    """A UniqueConstraint whose message is shown next to `field`."""
