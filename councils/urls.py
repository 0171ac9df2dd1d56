"""Council pages (filled by the council issue) and the user's own settings."""

from django.urls import path

from . import views

app_name = "councils"
urlpatterns = [
    path("konto/installningar/", views.ProfileView.as_view(), name="profile"),
]
