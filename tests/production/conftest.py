"""Two real gunicorn servers on the test's PostgreSQL database and a shared Redis."""

import subprocess
import sys
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from .servers import AppServer, server_environment

REDIS_URL = "redis://127.0.0.1:6379/14"


def redis_answers():
    try:
        cache = RedisCache(REDIS_URL, {"OPTIONS": {"socket_connect_timeout": 1}})
        cache.set("ping", "pong", 5)
        return cache.get("ping") == "pong"
    except Exception:
        return False


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
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
    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL only: set DATABASE_URL=postgres://... (CI does)")
    if not redis_answers():
        pytest.fail(f"Redis is not answering at {REDIS_URL}")
    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    environment = server_environment(
        database_url, REDIS_URL, static_root, f"test-{uuid.uuid4().hex[:8]}"
    )
    environment |= extra_environment
    servers = [AppServer(environment, tmp_path), AppServer(environment, tmp_path)]
    try:
        for server in servers:
            server.wait_until_healthy()
        yield servers
    finally:
        for server in servers:
            server.stop()
