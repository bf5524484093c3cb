from django.utils import translation

from .paths import language_of_request


class PathLanguageMiddleware:
    """Activate the language of the address (/cy/… Welsh, anything else English).

    Django's LocaleMiddleware would fall back to Accept-Language and a cookie for an
    unprefixed address: a Welsh browser would then get Welsh on /, and the page cache,
    keyed by address, could serve that page to English readers. Here nothing but the path
    counts, so no Vary header is needed either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
