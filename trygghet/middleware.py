"""Project middleware: login required by default, the user's language, and input that
cannot be stored answered with 400."""

import logging

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.db import DataError
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# PostgreSQL cannot store a NUL character in text (nor \u0000 in JSON): anywhere in a
# query, a form or a JSON body it is refused up front. (Lone surrogates cannot arrive in
# a query or form, which are decoded with replacement; DRF's fields refuse them in JSON.)
UNSTORABLE_JSON = b"\\u0000"


def _unstorable(text: str) -> bool:
    return "\x00" in text


class UnstorableInputMiddleware:
    """400 for input no field could store, before any view (or filter) sees it.

    Also a last line for the database's own refusals of a value (a number beyond
    bigint in a URL, a NUL that reached a query): a 400, not a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._refused(request):
            return HttpResponseBadRequest(
                _("The request holds characters that cannot be stored (e.g. a NUL byte)."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def _refused(self, request) -> bool:
        if _unstorable(request.path):
            return True
        for key, values in request.GET.lists():
            if _unstorable(key) or any(_unstorable(v) for v in values):
                return True
        if request.method in ("POST", "PUT", "PATCH"):
            content_type = request.content_type or ""
            if content_type.startswith(FORM_TYPES):
                for key, values in request.POST.lists():
                    if _unstorable(key) or any(_unstorable(v) for v in values):
                        return True
            elif content_type.endswith("json") and UNSTORABLE_JSON in request.body:
                return True
        return False

    def process_exception(self, request, exception):
        if isinstance(exception, DataError):
            logger.warning("value the database refused: %s %s", request.path, exception)
            return HttpResponseBadRequest(
                _("A value in the request is outside what can be stored."),
                content_type="text/plain; charset=utf-8",
            )
        return None


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
