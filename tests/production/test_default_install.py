"""The default install (`make serve` with SQLite and no Redis): workers share the page cache.

Two gunicorn worker processes on one SQLite file, each its own server so that the test
knows which one answers, with nothing but the settings' defaults: the page cache is on,
in the file cache every worker on the machine shares. An edit saved through one is served
fresh by both at once, and a browser's ETag from before the edit no longer matches.
"""

import subprocess
import sys
import types
import urllib.request

import pytest
from django.conf import settings

from .servers import AppServer, Browser, server_environment
from .test_shared_truth import PASSWORD, conditional_get, edit_through

# The default install always runs on a SQLite file of its own, whatever DATABASE_URL says:
# the PostgreSQL pass of CI would run exactly what the SQLite pass ran.
pytestmark = pytest.mark.database_independent

SETUP = f"""
from django.contrib.auth import get_user_model
from guidance.models import GuidancePage

root = GuidancePage.objects.create(title="Guidance", slug="guidance", status="published")
for number in range(3):
    GuidancePage.objects.create(
        title=f"Page {{number}}", slug=f"page-{{number}}", parent=root, status="published",
        sibling_order=number, body_markdown=f"Page {{number}} body.",
    )
get_user_model().objects.create_superuser("editor", "editor@example.org", {PASSWORD!r})
print(GuidancePage.objects.get(slug="page-0").pk)
"""


@pytest.fixture
def two_workers_on_sqlite_without_redis(collected_static, tmp_path):
    environment = server_environment(
        f"sqlite:///{tmp_path / 'site.sqlite3'}", "", collected_static, "unused"
    )
    for name in ("REDIS_URL", "PAGE_CACHE_SECONDS", "CACHE_KEY_PREFIX", "DATABASE_TEST_NAME"):
        environment.pop(name, None)
    environment |= {"CACHE_DIR": str(tmp_path / "cache"), "WEB_CONCURRENCY": "1"}

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env=environment,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout

    manage("migrate", "--noinput")
    page_pk = int(manage("shell", "-c", SETUP).split()[-1])
    servers = [AppServer(environment, tmp_path), AppServer(environment, tmp_path)]
    try:
        for server in servers:
            server.wait_until_healthy()
        yield servers, types.SimpleNamespace(pk=page_pk)
    finally:
        for server in servers:
            server.stop()


def etag_of(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers["ETag"]


def test_an_edit_through_one_worker_is_served_fresh_by_both(two_workers_on_sqlite_without_redis):
    servers, page = two_workers_on_sqlite_without_redis
    url, sibling_url = "/guidance/page-0/", "/guidance/page-1/"
    etags = set()
    for server in servers:
        for address in (url, sibling_url, url):
            assert Browser().get(f"{server.url}{address}")[0] == 200
        etags.add(etag_of(f"{server.url}{url}"))
    (etag,) = etags  # one page, one shared cache: the same entry from either worker
    for server in servers:
        assert conditional_get(f"{server.url}{url}", etag)[0] == 304

    edit_through(servers[0], page, title="Page zero, renamed", body_markdown="Edited.")
    for server in servers:
        status, new_etag = conditional_get(f"{server.url}{url}", etag)
        assert status == 200 and new_etag != etag
        html = Browser().get(f"{server.url}{url}")[1]
        assert "Edited." in html and "Page 0 body." not in html
        navigation = Browser().get(f"{server.url}{sibling_url}")[1].split('class="section-nav"')[1]
        assert "Page zero, renamed" in navigation


def test_after_an_edit_the_server_that_saved_it_renders_the_pages_read_again(
    two_workers_on_sqlite_without_redis,
):
    """Warming after the commit: the pages anonymous readers read on that server (not the
    editor's own) are rendered again in the background and stored, with the edit."""
    servers, page = two_workers_on_sqlite_without_redis
    url, sibling_url = "/guidance/page-0/", "/guidance/page-1/"
    for address in (url, sibling_url, url):
        assert Browser().get(f"{servers[0].url}{address}")[0] == 200

    edit_through(servers[0], page, title="Page zero, warmed", body_markdown="Warmed.")
    warmed = servers[0].wait_for_log(r"warmed (\d+) pages")
    assert int(warmed.group(1)) == 2  # the two pages read, each once
    for server in servers:
        assert "Warmed." in Browser().get(f"{server.url}{url}")[1]
