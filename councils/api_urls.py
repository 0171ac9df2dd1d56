"""API endpoints of councils: who am I (user, organisation, roles)."""

from django.urls import path

from . import api

urlpatterns = [path("me/", api.MeView.as_view(), name="api-me")]
