"""This site's own address for a path: what canonical links, sharing tags and JSON-LD name."""

from django.conf import settings


def absolute_url(request, path):
    """SITE_URL and the path where SITE_URL is set, so every server names the same site
    whatever host or port it was reached by (and a cached page is the same from each);
    otherwise the request's scheme and host."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)
