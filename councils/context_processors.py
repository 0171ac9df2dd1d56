from django.urls import get_script_prefix

from .permissions import CAPABILITIES, can, capability_key

# "budget" of "budget.edit": the names a template may look up one part at a time.
_GROUPS = frozenset(name.rsplit(".", 1)[0] for name in CAPABILITIES)


class Capabilities:
    """`{% if can.budget.edit %}` in a template asks `can(user, "budget.edit")`."""

    def __init__(self, user, prefix: str = ""):
        self._user, self._prefix = user, prefix

    def __getitem__(self, part: str):
        name = f"{self._prefix}.{part}" if self._prefix else part
        if name in CAPABILITIES:
            return can(self._user, name)
        if name in _GROUPS:
            return Capabilities(self._user, name)
        raise KeyError(name)  # the template engine shows "" and logs the unknown name

    def __bool__(self) -> bool:
        return False


def capabilities(request):
    """`can` for navigation and templates: `{% if can.incident.register %}`; `menu_key`
    names what the main menu depends on (the capabilities and the URL prefix), for the
    menu's cached fragment in base.html. It is asked only where a template uses it."""
    user = getattr(request, "user", None)
    return {"can": Capabilities(user), "menu_key": lambda: _menu_key(user)}


def _menu_key(user) -> str:
    return f"{get_script_prefix()}|{capability_key(user)}"
