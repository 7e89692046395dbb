"""Site-wide middleware: Dutch first, and pages kept private."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignore the browser's Accept-Language.

    Many Dutch phones run in English; the participants still expect Dutch.
    The language switch (Django's ``set_language``) sets the cookie read here.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivatePagesMiddleware:
    """Keep every page out of search engines and out of shared caches.

    Survey pages carry secret tokens in their URLs and staff pages carry
    results, so every response of the application (static files are served
    before this middleware) says ``X-Robots-Tag: noindex, nofollow`` and
    ``Cache-Control: private, no-store``: no proxy keeps a copy and no browser
    writes one to disk. A view that chose a lifetime itself (``max-age``, such
    as the QR image of a public link or robots.txt) keeps its choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        if "max-age" not in response.headers.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
