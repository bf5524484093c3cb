"""Settings a production site must never start with, checked when the settings are read.

Each of these fails open rather than loudly: debug pages show settings and source to any
reader, and a page cache each process keeps to itself cannot be emptied on every app server
when content changes, so a withdrawn page would stay public for PAGE_CACHE_SECONDS.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


def refuse_unsafe_production_settings(*, debug, page_cache_seconds, caches):
    """Raise ImproperlyConfigured, saying why, for a production configuration that fails open."""
    if debug:
        raise ImproperlyConfigured(
            "DEBUG must be off in production (PORTAL_ENV=production): debug pages show "
            "settings and source code to anyone."
        )
    if page_cache_seconds > 0 and not cache_is_shared(caches["default"]["BACKEND"]):
        raise ImproperlyConfigured(
            f"PAGE_CACHE_SECONDS is {page_cache_seconds} but the cache backend "
            f"({caches['default']['BACKEND']}) is kept by each process: a content change "
            "could not empty the page cache of every app server. Set REDIS_URL (or another "
            "cache shared between processes), or PAGE_CACHE_SECONDS=0."
        )


def cache_is_shared(backend_path):
    """Whether a cache backend is one store for every process (Redis, files, a database).

    Django's local-memory cache lives inside one process, and the dummy cache keeps nothing;
    so do their subclasses. Any other backend is taken as shared between processes.
    """
    from django.core.cache.backends.dummy import DummyCache
    from django.core.cache.backends.locmem import LocMemCache

    try:
        backend = import_string(backend_path)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"The cache backend {backend_path} cannot be imported."
        ) from error
    return not issubclass(backend, (LocMemCache, DummyCache))
