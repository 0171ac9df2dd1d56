"""The sign-in backend: Django's ModelBackend, with the user's organisation in the same
query as the user, asked once per process while nothing of councils changes (every
page names the organisation or filters by it, and every page asked for the user)."""

import copy

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.versioned import figures_cached


class OrganisationModelBackend(ModelBackend):
    def get_user(self, user_id):
        user = _user(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        # Each request gets its own copy: what a request sets on its user stays there.
        return copy.copy(user)


@figures_cached("councils", local=True, shared=False)
def _user(user_id):
    """The user with their organisation, or None. Kept in this process only (the row
    holds the password hash, which has no place in the shared cache); a user, an
    organisation, a group or a membership changed changes councils' version, so a
    user deactivated or with a new password is asked anew at the next request."""
    model = get_user_model()
    return model._default_manager.select_related("organisation").filter(pk=user_id).first()
