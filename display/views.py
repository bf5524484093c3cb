from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .preferences import (
    CONTRAST_COOKIE,
    CONTRASTS,
    COOKIE_MAX_AGE,
    TEXT_SIZE_COOKIE,
    TEXT_SIZES,
)


def safe_next_url(request):
    """The same-site page to return to; anything else (or nothing) goes home."""
    candidate = request.GET.get("next", "")
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@never_cache
@require_GET
def set_display(request):
    """Set text size and/or contrast from a plain link, then go back to the page."""
    text_size = request.GET.get("text_size")
    contrast = request.GET.get("contrast")
    if text_size is None and contrast is None:
        return HttpResponseBadRequest(_("Choose a text size or a contrast setting."))
    if (text_size is not None and text_size not in TEXT_SIZES) or (
        contrast is not None and contrast not in CONTRASTS
    ):
        return HttpResponseBadRequest(_("That display setting is not one we offer."))
    response = HttpResponseRedirect(safe_next_url(request))
    cookie_options = {
        "max_age": COOKIE_MAX_AGE,
        "samesite": "Lax",
        "secure": request.is_secure(),
        "httponly": False,  # the progressive-enhancement script reads and writes them
    }
    if text_size is not None:
        response.set_cookie(TEXT_SIZE_COOKIE, text_size, **cookie_options)
    if contrast is not None:
        response.set_cookie(CONTRAST_COOKIE, contrast, **cookie_options)
    return response
