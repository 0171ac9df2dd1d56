"""Role checks every app's views use: a mixin and a decorator, and a DRF permission.

A view names the roles it admits; anonymous users are sent to the login page, signed-in
users without the role get 403. Superusers hold every role.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .roles import ALL_ROLES, Role

__all__ = ["HasRole", "Role", "RoleRequiredMixin", "has_role", "role_required", "roles_of"]


def roles_of(user) -> frozenset[str]:
    """The roles a user holds (cached on the user object for the request)."""
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_trygghet_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(ALL_ROLES)
        else:
            cached = frozenset(
                user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True)
            )
        user._trygghet_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    """True when the user holds at least one of `roles`."""
    return bool(roles_of(user).intersection(roles))


class RoleRequiredMixin(AccessMixin):
    """Admit only users holding one of `required_roles` (a tuple of Role values)."""

    required_roles: tuple[str, ...] = ()

    def get_required_roles(self) -> tuple[str, ...]:
        if not self.required_roles:
            raise NotImplementedError(f"{type(self).__name__} must set required_roles")
        return self.required_roles

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, *self.get_required_roles()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def role_required(*roles: str):
    """Decorator form of RoleRequiredMixin for function views."""
    if not roles:
        raise ValueError("role_required needs at least one role")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class HasRole(BasePermission):
    """DRF permission: `permission_classes = [HasRole.of(Role.POLIS, ...)]`."""

    roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, *roles: str) -> type["HasRole"]:
        return type(f"HasRole_{'_'.join(roles)}", (cls,), {"roles": roles})

    def has_permission(self, request, view) -> bool:
        return has_role(request.user, *self.roles)
