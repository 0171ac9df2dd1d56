"""Form errors for everyone: a summary at the top of the page, linked to the fields."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _field_errors(form, prefix: str = "") -> list[dict]:
    found = []
    for field in form:
        for error in field.errors:
            found.append(
                {"id": field.id_for_label, "label": f"{prefix}{field.label}", "error": error}
            )
    return found


@register.inclusion_tag("_form_errors.html")
def form_error_summary(form=None, formset=None) -> dict:
    """Every field error of `form` (and of each form in `formset`) as a link to the field.

    Errors of the whole form are shown by crispy next to the form (role="alert" too).
    """
    errors = []
    if hasattr(form, "errors") and hasattr(form, "__iter__") and form.errors:
        errors += _field_errors(form)
    if hasattr(formset, "forms"):
        for number, subform in enumerate(formset.forms, start=1):
            errors += _field_errors(subform, prefix=_("Row %(number)s – ") % {"number": number})
    return {"errors": errors}
