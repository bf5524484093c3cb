"""Is a POST from one of our own pages? Answered from headers, without a cookie.

Browsers send `Sec-Fetch-Site` (Fetch Metadata) with every request and `Origin` with every
POST; neither can be set by a page on another site. We trust `Sec-Fetch-Site` when it is
there, `Origin` when it is not, and let a request with neither through: no current browser
sends a cross-site form without them, and a script posting directly from its own machine
gains nothing a cross-site form would, so the per-address rate limit is enough for it.
"""

from django.conf import settings

SAME_ORIGIN_FETCH_SITES = {"same-origin", "none"}  # "none": typed or bookmarked by the reader


def is_same_origin(request):
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.strip().lower() in SAME_ORIGIN_FETCH_SITES
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin.strip().lower() in allowed_origins(request)


def allowed_origins(request):
    own = f"{request.scheme}://{request.get_host()}".lower()
    return {own} | {origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS}
