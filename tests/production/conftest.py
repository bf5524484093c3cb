"""Two real gunicorn servers on the test's PostgreSQL database and a shared Redis."""

import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from ..services import forget_keys, require_postgresql, require_redis, unique_key_prefix
from .servers import AppServer, server_environment

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture(autouse=True)
def fast_password_hashing():
    """Passwords are hashed as in production: the servers check them with the real settings."""


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    require_postgresql()  # before collecting, which the servers alone need
    static_root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env={**server_environment("sqlite://:memory:", "", static_root, "x")},
        check=True,
        timeout=120,
    )
    return static_root


@contextmanager
def two_app_servers(static_root, tmp_path, **extra_environment):
    """Start two servers sharing the test database and Redis; stop them afterwards."""
    require_postgresql()
    require_redis(REDIS_URL)
    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    key_prefix = unique_key_prefix()
    environment = server_environment(database_url, REDIS_URL, static_root, key_prefix)
    environment |= extra_environment
    servers = [AppServer(environment, tmp_path), AppServer(environment, tmp_path)]
    try:
        for server in servers:
            server.wait_until_healthy()
        yield servers
    finally:
        for server in servers:
            server.stop()
        forget_keys(RedisCache(REDIS_URL, {"KEY_PREFIX": key_prefix}))
