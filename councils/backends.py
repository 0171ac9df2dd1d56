"""The sign-in backend: Django's ModelBackend, with the user's organisation in the same
query as the user on every request (every page names it or filters by it)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class OrganisationModelBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("organisation").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
