"""Project middleware: login required by default, and the user's language."""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.utils import translation


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's LoginRequiredMiddleware, except for the API.

    The API authenticates with tokens inside Django REST framework, after middleware
    has run, and answers 401 itself; redirecting it to a login page would be wrong.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class UserLanguageMiddleware:
    """Activates the language a signed-in user chose (Swedish unless they chose English)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
