"""The capability table and `can()`: the one rulebook of access."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from councils.permissions import (
    CAPABILITIES,
    HasCapability,
    can,
    capabilities_of,
    capability_key,
    capability_required,
    roles_with,
    users_who_can,
)
from tests.factories import UserFactory

S, P, R, L = "samordnare", "polis", "rapportor", "ledamot"

# The role sets the views of councils, lagesbild and budget used before the table
# (READERS, EDITORS, FULL, REGISTER_ROLES…): the conversion must not move anyone.
BEFORE = {
    "council.read": {S, P, L},
    "council.edit": {S},
    "agenda.contribute": {S, P},
    "agenda.assign_presenter": {S},
    "agreement.read": {S, P, L},
    "agreement.edit": {S},
    "agreement.warnings": {S},
    "agreement.reminded": {S},
    "meeting_pack.read": {S, P, L},
    "meeting_pack.read_unready": {S},
    "incident.register": {S, P, R},
    "incident.read_all": {S, P},
    "incident.read_own": {R},
    "incident.read_text": {S, P, R},
    "incident.edit_all": {S},
    "incident.edit_own": {P, R},
    "picture.read": {S, P, R, L},
    "figures.read_exact": {S, P},
    "hotspot.read": {S, P},
    "picture.edit": {S},
    "picture.history": {S, P},
    "budget.read": {S, P, L},
    "budget.edit": {S},
}


@pytest.mark.parametrize("capability", sorted(BEFORE))
def test_each_capability_is_held_by_the_roles_that_had_the_pages(capability):
    assert roles_with(capability) == BEFORE[capability]


def test_every_capability_names_only_known_roles():
    for capability, roles in CAPABILITIES.items():
        assert roles <= {S, P, R, L}, capability


@pytest.mark.django_db
def test_an_unknown_capability_is_a_programming_error():
    user = UserFactory(role=S)
    with pytest.raises(ImproperlyConfigured):
        can(user, "budget.delete")
    with pytest.raises(ImproperlyConfigured):
        capability_required("budget.delete")
    with pytest.raises(ImproperlyConfigured):
        HasCapability.of("budget.delete")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, P, R, L])
def test_a_role_holds_exactly_its_capabilities(role):
    user = UserFactory(role=role)
    expected = {name for name, roles in CAPABILITIES.items() if role in roles}
    assert capabilities_of(user) == expected
    assert {name for name in CAPABILITIES if can(user, name)} == expected


@pytest.mark.django_db
def test_superuser_holds_every_capability_and_others_none():
    assert capabilities_of(UserFactory(is_superuser=True)) == set(CAPABILITIES)
    assert capabilities_of(UserFactory()) == frozenset()
    assert capabilities_of(UserFactory(role=S, is_active=False)) == frozenset()
    assert not can(AnonymousUser(), "picture.read")


@pytest.mark.django_db
def test_users_who_can_are_the_active_members_of_the_holding_roles():
    coordinator = UserFactory(role=S)
    UserFactory(role=S, is_active=False)
    UserFactory(role=L)
    assert list(users_who_can("agreement.reminded")) == [coordinator]


@pytest.mark.django_db
def test_me_returns_the_capabilities_beside_the_roles(client):
    user = UserFactory(role=L)
    client.force_login(user)
    data = client.get(reverse("api-me")).json()
    assert data["roles"] == [L]
    assert "budget.read" in data["capabilities"]
    assert "budget.edit" not in data["capabilities"]
    assert data["capabilities"] == sorted(data["capabilities"])


# Where role names may still appear: the table and the roles themselves, the demo
# users of the seed, and /me, which reports a user's roles beside their capabilities.
ROLE_HOMES = {"councils/permissions.py", "councils/roles.py", "councils/seed.py", "councils/api.py"}
ROLE_CHECK = re.compile(
    r"\bRole\.(SAMORDNARE|POLIS|RAPPORTOR|LEDAMOT)\b|\b(has_role|HasRole|RoleRequiredMixin|role_required|required_roles|"
    r"roles_of|is_samordnare)\b|\bin roles\b|\{% if (not )?roles %\}|"
    r"\b(READERS|EDITORS|FULL|REGISTER_ROLES)\s*="
)


@pytest.mark.parametrize(
    "top", ["core", "councils", "lagesbild", "measures", "budget", "trygghet", "templates"]
)
def test_no_role_checks_outside_the_rulebook(top):
    base = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(base)}:{number}: {line.strip()}"
        for path in sorted((base / top).rglob("*"))
        if path.suffix in {".py", ".html", ".txt"}
        and "migrations" not in path.parts
        and str(path.relative_to(base)) not in ROLE_HOMES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_CHECK.search(line)
    ]
    assert found == [], "ask can(user, capability) or {% if can.x.y %} instead"


@pytest.mark.django_db
def test_admin_model_permissions_follow_the_capabilities():
    """Each role's group holds exactly the admin permissions its capabilities carry."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    for role in (S, P, R, L):
        expected = {
            f"{config.label}.{codename}"
            for config in apps.get_app_configs()
            for capability, codenames in getattr(config, "capability_permissions", {}).items()
            if role in roles_with(capability)
            for codename in codenames
        }
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == expected, role
    # Spending is append-only: nobody may change or delete an expenditure in the admin.
    assert not Group.objects.filter(
        permissions__codename__in=["change_expenditure", "delete_expenditure"]
    ).exists()
    assert "budget.add_expenditure" not in {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=L).permissions.all()
    }


@pytest.mark.django_db
def test_a_function_view_behind_capability_required(rf):
    """Anonymous → the login page; a role without the capability → 403; with it → the view."""
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse

    @capability_required("budget.edit")
    def view(request):
        return HttpResponse("budget")

    assert view.capability == "budget.edit"
    request = rf.get("/budget/?year=2023")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))
    assert "next=/budget/%3Fyear%3D2023" in response.url
    request.user = UserFactory(role=L)
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = UserFactory(role=S)
    assert view(request).content == b"budget"


@pytest.mark.django_db
def test_the_api_permission_asks_the_same_rulebook(rf):
    permission = HasCapability.of("incident.register")()
    assert permission.capability == "incident.register"
    request = rf.post("/api/v1/incidents/")
    for role, allowed in ((P, True), (R, True), (L, False)):
        request.user = UserFactory(role=role)
        assert permission.has_permission(request, view=None) is allowed
    request.user = AnonymousUser()
    assert permission.has_permission(request, view=None) is False


@pytest.mark.django_db
def test_a_class_view_behind_the_capability_mixin(rf):
    """The same three answers from CapabilityRequiredMixin as from the decorator."""
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse
    from django.views import View

    from councils.permissions import CapabilityRequiredMixin

    class BudgetEdit(CapabilityRequiredMixin, View):
        capability = "budget.edit"

        def get(self, request):
            return HttpResponse("budget")

    view = BudgetEdit.as_view()
    request = rf.get("/budget/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))
    request.user = UserFactory(role=L)
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = UserFactory(role=S)
    assert view(request).content == b"budget"


@pytest.mark.django_db
def test_users_with_the_same_roles_share_a_capability_key_and_no_others_do():
    """The main menu is cached by this key: equal for equal roles, and never shared by a
    member and a coordinator, nor by a signed-out visitor."""
    first, second = UserFactory(role=S), UserFactory(role=S)
    member = UserFactory(role=L)
    assert capability_key(first) == capability_key(second) == S
    assert capability_key(member) == L
    assert capability_key(UserFactory(is_superuser=True)) == ",".join(sorted({S, P, R, L}))
    assert capability_key(AnonymousUser()) == ""
