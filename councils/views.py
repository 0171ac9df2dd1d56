from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from .forms import ProfileForm


class ProfileView(SuccessMessageMixin, UpdateView):
    """The signed-in user's own name, e-mail and language."""

    form_class = ProfileForm
    template_name = "councils/profile.html"
    success_url = reverse_lazy("councils:profile")
    success_message = _("Your settings were saved.")

    def get_object(self, queryset=None):
        return self.request.user
