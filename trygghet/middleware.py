"""Project middleware: login required by default, and the user's language."""

from django.conf import settings
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
    """Swedish for everyone, unless the user chose English.

    The choice is the signed-in user's `preferred_language`, or the language cookie that
    the language switch sets (for the login page). The browser's Accept-Language is
    deliberately ignored: a Swedish municipality's service is Swedish by default, also
    on computers set up in English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = getattr(user, "preferred_language", "") if user else ""
        if not chosen:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override, not activate: the thread goes back to its language after the request,
        # so a worker thread never carries one user's language into the next job.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
