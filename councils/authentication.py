"""API authentication: DRF's token, with the user's organisation in the same query, and
the answer kept in each process while nothing of councils changes."""

import copy

from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from core.versioned import figures_cached


class TokenAuthentication(authentication.TokenAuthentication):
    """As DRF's, but one query brings the user and their organisation, and a process
    asks it once while councils (users, organisations, groups, tokens) are unchanged.

    Every registration needs the organisation (`incident_build`). A user deactivated,
    moved or deleted, or a token deleted, changes councils' version (core.versioned), so
    the next request asks the database again: nothing is served from before it.
    """

    def authenticate_credentials(self, key):
        found = _token_owner(key)
        if found is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        # Each request gets its own copies: what a request sets on its user stays there.
        token = copy.copy(found)
        token.user = copy.copy(found.user)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return (token.user, token)


@figures_cached("councils", local=True, shared=False)
def _token_owner(key: str) -> Token | None:
    """The token with its user and their organisation (kept in this process only: the
    user's row holds their password hash, which has no place in the shared cache)."""
    return Token.objects.select_related("user", "user__organisation").filter(key=key).first()
