"""Which language an address is in, and the same address in the other language.

The language comes from the address alone: /cy/… is Welsh, everything else English. Never
the browser's Accept-Language or a cookie, so a link shared by a Welsh reader opens in
Welsh for everyone, the page cache needs no Vary, and the admin stays in English.
"""

from django.conf import settings
from django.utils.translation import get_language_from_path


def language_of_path(path):
    """The language of an address: its prefix's, or English (the default, unprefixed)."""
    return get_language_from_path(path) or settings.LANGUAGE_CODE


def language_of_request(request):
    """The language of the page a request asks for, decided here and nowhere else: the
    language middleware activates it, the page cache keys pages and shells by it (before
    that middleware has run) and the site's handler resolves the address in it, so the
    shell looked up and the view that keeps it always agree on the page's language."""
    return language_of_path(request.path_info)


def path_without_language(path):
    """/cy/advice/x/ -> /advice/x/; an English path is returned as it is."""
    language = get_language_from_path(path)
    if language is None or language == settings.LANGUAGE_CODE:
        return path
    return path[len(language) + 1 :] or "/"


def path_in_language(path, language):
    """The same address in another language: /advice/x/ <-> /cy/advice/x/."""
    path = path_without_language(path)
    if language == settings.LANGUAGE_CODE:
        return path
    return f"/{language}{path}"


def home_in_language(language):
    return path_in_language("/", language)
