from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from display.addresses import absolute_url

from .paths import home_in_language, path_in_language


def english_content():
    """` lang="en"` for content published in English only (offences, news, tags) shown on a
    page in another language, so that <td{{ english_content }}> is <td lang="en"> there;
    nothing on an English page."""
    current = get_language() or settings.LANGUAGE_CODE
    return mark_safe(' lang="en"') if current != settings.LANGUAGE_CODE else ""


def language_links(request):
    """The page in each language, for hreflang links and the header's language link.

    A view whose page exists in only some languages says which in request.page_languages
    (guidance.views for a page without a Welsh version); the header then links to the
    other language's home page, and hreflang names only the versions that exist.
    """
    current = get_language() or settings.LANGUAGE_CODE
    available = getattr(request, "page_languages", None) or [code for code, _ in settings.LANGUAGES]
    alternates = []
    for code, name in settings.LANGUAGES:
        if code in available:
            path = path_in_language(request.path, code)
            try:
                url = absolute_url(request, path)
            except DisallowedHost:
                url = path
            alternates.append({"code": code, "name": name, "url": url, "path": path})
    others = [(code, name) for code, name in settings.LANGUAGES if code != current]
    other_code, other_name = others[0]
    if other_code in available:
        other_path = path_in_language(request.path, other_code)
    else:
        other_path = home_in_language(other_code)
    default = next((a for a in alternates if a["code"] == settings.LANGUAGE_CODE), None)
    return {
        "language_alternates": alternates if len(alternates) > 1 else [],
        "language_default_url": default["url"] if default and len(alternates) > 1 else "",
        "other_language": {"code": other_code, "name": other_name, "path": other_path},
        "english_content": english_content(),
    }
