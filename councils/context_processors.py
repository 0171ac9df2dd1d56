from .permissions import roles_of


def roles(request):
    """`roles` (a set of role names) for navigation and templates."""
    user = getattr(request, "user", None)
    user_roles = roles_of(user) if user is not None else frozenset()
    return {"roles": user_roles, "is_samordnare": "samordnare" in user_roles}
