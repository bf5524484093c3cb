"""Where an address leads, worked out once per process.

Django walks the URL patterns on every request, and a guidance page, whose pattern comes
last so that every other app's addresses come first, is found after trying about thirty of
them, which cost more than the page's own query. The site's WSGI handler
(portal/handler.py) and the page cache (which asks whether the view keeps a page shell,
before Django resolves the address) both ask here, so an address is resolved once.
"""

import functools

from django.utils import translation


@functools.lru_cache(maxsize=4096)
def resolved(resolver, path, language):
    """The match of `path` in `language` (the resolver reads the active language itself:
    /cy/ and translated patterns). An address that matches nothing raises Resolver404, and
    is not remembered."""
    with translation.override(language):
        return resolver.resolve(path)
