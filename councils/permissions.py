"""The one rulebook of access: named capabilities, the roles that hold each, and `can()`.

Every access decision in the project asks `can(user, capability)`: the view mixin and
decorator below, the DRF permission, querysets such as `Incident.objects.visible_to`,
exports, admin and templates (`{% can "budget.edit" as may_edit %}`, or the `can`
dict every template gets from the context processor). No other module names a role.
Adding a page means naming the capability its view needs; the role matrix
(`tests/test_role_matrix.py`) reads the expected statuses from this table.

Object-level rules (a reporter sees the incidents of their own organisation) are
capabilities too: `incident.read_all` versus `incident.read_own`, applied by the
querysets that start every list.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from rest_framework.permissions import BasePermission

from core.versioned import figures_cached

from .roles import ALL_ROLES, Role

S, P, R, L = Role.SAMORDNARE, Role.POLIS, Role.RAPPORTOR, Role.LEDAMOT

#: capability → the roles that hold it. Superusers hold every capability.
CAPABILITIES: dict[str, frozenset[str]] = {
    "organisation.read": frozenset({S, P, R, L}),  # the register of organisations (admin)
    # ------------------------------------------------------------------ the council
    "council.read": frozenset({S, P, L}),  # council, meetings, calendar, documents
    "council.edit": frozenset({S}),  # meetings, agenda, decisions, marking packs ready
    "agenda.contribute": frozenset({S, P}),  # own agenda items: text and documents
    "agenda.assign_presenter": frozenset({S}),
    "agreement.read": frozenset({S, P, L}),
    "agreement.edit": frozenset({S}),
    "agreement.warnings": frozenset({S}),  # agreements that end soon, on the start page
    "meeting_pack.read": frozenset({S, P, L}),  # once the coordinator marks it ready
    "meeting_pack.read_unready": frozenset({S}),
    "meeting_pack.notified": frozenset({L}),  # e-mailed when a pack is marked ready
    # ------------------------------------------------------------- incidents (EST)
    "incident.register": frozenset({S, P, R}),  # entry, import, own list, API
    "incident.read_all": frozenset({S, P}),  # every organisation's incidents
    "incident.read_own": frozenset({R}),  # the incidents of the user's organisation
    "incident.read_text": frozenset({S, P, R}),  # free text (bedömning), within the above
    "incident.edit_all": frozenset({S}),
    "incident.edit_own": frozenset({P, R}),  # incidents of the user's organisation
    # --------------------------------------------------------------- the lägesbild
    "picture.read": frozenset({S, P, R, L}),  # weekly (aggregate) and annual pictures
    "figures.read_exact": frozenset({S, P}),  # counts below the disclosure threshold
    "picture.edit": frozenset({S}),  # assessment, publishing, annual picture, problems
    "picture.history": frozenset({S, P}),  # the ranking history of problembilder
    "hotspot.read": frozenset({S, P}),  # hot spots and the maps of points
    # ----------------------------------------------------------------- measures
    "measure.read": frozenset({S, P, R, L}),  # reporters: their organisation's (below)
    "measure.read_all": frozenset({S, P, L}),  # every organisation's measures
    "measure.edit_own": frozenset({S, P, R}),  # measures the user's organisation owns
    "measure.edit_all": frozenset({S}),
    "measure.contact": frozenset({S, P, R}),  # asked for follow-ups of their organisation
    "plan.read": frozenset({S, P, L}),  # åtgärdsplaner
    "plan.edit": frozenset({S}),
    "promise.manage": frozenset({S}),  # medborgarlöften (the public page needs none)
    # The weekly EST meeting: minutes, notes per trend and hot spot, actions.
    "est_meeting.read": frozenset({S, P, R}),  # reporters: meetings of their organisation
    "est_meeting.read_all": frozenset({S, P}),
    "est_meeting.edit": frozenset({S}),  # record meetings, actions; send the minutes
    "est_minutes.received": frozenset({S, P, R}),  # e-mailed the minutes (own organisation)
    "reporting.feedback": frozenset({P, R}),  # the week as the own organisation reported it
    "goal.read": frozenset({S, P, L}),  # goals, the trygghetsmätning, partners
    "goal.edit": frozenset({S}),  # goals and survey import
    # ------------------------------------------------------------------- budget
    "budget.read": frozenset({S, P, L}),
    "budget.edit": frozenset({S}),
    # ------------------------------------------------------------------ reports
    "report.read": frozenset({S, P, L}),  # the report list; which kinds: below
    "report.read_weekly": frozenset({S, P}),
    "report.read_annual": frozenset({S, P, L}),
    "report.read_all": frozenset({S}),  # every report, meeting packs not yet ready too
    "report.read_meeting_pack": frozenset({S, L}),  # generated packs, once marked ready
    "report.start": frozenset({S}),
    "agreement.reminded": frozenset({S}),  # e-mailed before an agreement ends
    # -------------------------------------------------------------------- audit
    "audit.read": frozenset({S}),
    "personal_data.review": frozenset({S}),  # stored free text the guard finds; clearing it
}

__all__ = [
    "CAPABILITIES",
    "CapabilityRequiredMixin",
    "HasCapability",
    "Role",
    "can",
    "capabilities_of",
    "capability_key",
    "capability_required",
    "roles_of",
    "roles_with",
    "users_who_can",
]


def roles_of(user) -> frozenset[str]:
    """The roles a user holds (on the user object for the request, and in the cache
    between requests until a membership, a group or a user of councils changes)."""
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_trygghet_roles", None)
    if cached is None:
        cached = frozenset(ALL_ROLES) if user.is_superuser else _group_roles(user.pk)
        user._trygghet_roles = cached
    return cached


@figures_cached("councils", local=True)
def _group_roles(user_id: int) -> frozenset[str]:
    """The roles among a user's groups."""
    from django.contrib.auth.models import Group

    return frozenset(
        Group.objects.filter(user=user_id, name__in=ALL_ROLES).values_list("name", flat=True)
    )


def capability_key(user) -> str:
    """A short name of what the user's capabilities follow from (their roles), for
    caches of what is drawn by capability alone, such as the main menu."""
    return ",".join(sorted(roles_of(user)))


def roles_with(capability: str) -> frozenset[str]:
    """The roles that hold `capability`; an unknown name is a programming error."""
    try:
        return CAPABILITIES[capability]
    except KeyError:
        raise ImproperlyConfigured(f"Unknown capability {capability!r}") from None


def can(user, capability: str) -> bool:
    """True when `user` holds `capability` (through one of their roles)."""
    return bool(roles_of(user) & roles_with(capability))


def capabilities_of(user) -> frozenset[str]:
    """Every capability the user holds (for templates and the API's /me)."""
    roles = roles_of(user)
    return frozenset(name for name, holders in CAPABILITIES.items() if roles & holders)


def users_who_can(capability: str):
    """Active users holding `capability` through a role group (for e-mail recipients)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles_with(capability))
        .distinct()
    )


class CapabilityRequiredMixin(AccessMixin):
    """Admit only users who `can(user, capability)`; anonymous users go to the login."""

    capability: str = ""

    def get_capability(self) -> str:
        if not self.capability:
            raise ImproperlyConfigured(f"{type(self).__name__} must set capability")
        return self.capability

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can(request.user, self.get_capability()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def capability_required(capability: str):
    """Decorator form of CapabilityRequiredMixin for function views."""
    roles_with(capability)  # fail at import for an unknown name

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator


class HasCapability(BasePermission):
    """DRF permission: `permission_classes = [HasCapability.of("incident.register")]`."""

    capability: str = ""

    @classmethod
    def of(cls, capability: str) -> type["HasCapability"]:
        roles_with(capability)
        name = f"HasCapability_{capability.replace('.', '_')}"
        return type(name, (cls,), {"capability": capability})

    def has_permission(self, request, view) -> bool:
        return can(request.user, self.capability)
