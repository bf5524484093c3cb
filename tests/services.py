"""Redis and PostgreSQL for the tests that need them, with one rule when one is missing.

On a checkout without them those tests are skipped, with a message saying what to start.
CI sets REQUIRE_SERVICES=1 (`.ci/run` does), which turns a missing Redis into a failure: a
gate that silently skips is no gate. PostgreSQL-only tests skip on SQLite even in CI, since
`.ci/run` runs them in its PostgreSQL pass.

Redis is shared (by other checkouts, other test runs, other sites): tests use a key prefix of
their own and delete only their own keys, never FLUSHDB (which Django's `cache.clear()`
sends).
"""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import connection

REDIS_SERVER = "redis://127.0.0.1:6379"


def services_required():
    return bool(os.environ.get("REQUIRE_SERVICES"))


def redis_answers(url):
    try:
        cache = RedisCache(url, {"OPTIONS": {"socket_connect_timeout": 1}})
        cache.get("ping")
        return True
    except Exception:  # noqa: BLE001 - any failure means no usable Redis
        return False


def require_redis(url):
    """Skip the test when Redis does not answer at `url`; fail instead under REQUIRE_SERVICES."""
    if redis_answers(url):
        return
    message = f"needs Redis at {url} (start redis-server)"
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES is set but this test {message}")
    pytest.skip(message)


def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "runs on PostgreSQL only: set DATABASE_URL=postgres://... (.ci/run's second pass does)"
        )


def unique_key_prefix():
    return f"test-{uuid.uuid4().hex[:8]}"


def forget_keys(cache):
    """Delete every key under this cache's own prefix, and nothing else."""
    assert cache.key_prefix, "a test's Redis cache needs a key prefix of its own"
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def settings_printed(settings_read, environment, unset=()):
    """What `print(settings_read)` shows in a new process that imports portal/settings.py as
    `s`, with `environment` added to this one's, less the variables named in `unset`."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in {*unset, "DJANGO_SETTINGS_MODULE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import portal.settings as s; print({settings_read})"],
        cwd=settings.BASE_DIR,
        env={**inherited, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()
