import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers():
    cache.set("healthz", "ok", timeout=10)
    return cache.get("healthz") == "ok"


@never_cache
def healthz(request):
    """200 when the database (and the shared cache, when configured) answer; 503 otherwise.

    The body never says which part failed: the details go to the log, not to the public.
    """
    checks = [("database", database_answers)]
    if settings.REDIS_URL:
        checks.append(("cache", cache_answers))
    for name, check in checks:
        try:
            healthy = check()
        except Exception:
            logger.exception("health check failed: %s", name)
            healthy = False
        if not healthy:
            return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
