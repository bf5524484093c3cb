"""Shared fixtures: the shipped content, small guidance trees built with the ORM, and a real
Chromium."""

import datetime
import importlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import override_settings

from guidance.models import GuidancePage
from guidance.visibility import NO_PUBLICATION, next_publication_key
from offences.search_index import ABBREVIATIONS_CACHE_KEY
from publications.models import NewsItem
from shared.cache import of_this_database
from tags.models import Tag

from .content import ContentSnapshot
from .services import require_postgresql

# Playwright's sync API keeps an event loop in the test thread; the ORM calls made there
# are still synchronous, so Django's async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# The features Playwright turns off (its chromiumSwitches.ts, as of 1.65). Chromium reads only
# the last --disable-features it is given, so ours must repeat Playwright's:
# tests/browser/test_chromium_setup.py fails when an upgrade of Playwright adds one.
PLAYWRIGHT_DISABLED_FEATURES = [
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
]
# Headless Chromium opens each new context's page in a window with an address bar, whose
# suggestions popup is a web page of its own (chrome://omnibox-popup.top-chrome), loaded in
# a renderer process of its own for every window: about 0.35 s of CPU per test that opens a
# browser, more than loading a portal page costs. No test looks at the address bar.
BROWSER_UI_FEATURES_OFF = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + BROWSER_UI_FEATURES_OFF),
    # One renderer process where site isolation allows it rather than a spare one started
    # ahead of every page (each context still gets its own: contexts never share).
    "--renderer-process-limit=1",
]


def pytest_collection_modifyitems(config, items):
    """SKIP_DATABASE_INDEPENDENT_GATES=1 (set by .ci/run on its PostgreSQL pass) skips the
    tests whose result cannot depend on the database: the SQLite pass has run them. They are
    marked by hand (database_independent), not found by a rule such as "asks for no database
    fixture": a test that starts a server or a subprocess opens the database without asking,
    and one that compiles SQL reads the vendor without connecting. With workers, the longest
    tests run first (longest_first)."""
    if os.environ.get("SKIP_DATABASE_INDEPENDENT_GATES"):
        skip = pytest.mark.skip(
            reason="database-independent gate, run on another pass "
            "(SKIP_DATABASE_INDEPENDENT_GATES is set)"
        )
        for item in items:
            if item.get_closest_marker("database_independent"):
                item.add_marker(skip)
    workers = getattr(config, "workerinput", {}).get("workercount")
    if workers:
        items[:] = longest_first(items, workers)


# The tests that take from half a minute to a minute or more of a worker's time, longest first.
LONGEST_TESTS = (
    "test_every_control_is_reachable_by_tab_with_a_visible_focus",
    "test_public_page_passes_axe_in_every_text_size_and_theme[the whole",
    "test_form_result_pages_pass_axe",
    "test_no_admin_page_an_editor_or_approver_uses_breaks_the_csp_and_the_main_ones_pass_axe",
    "test_hostile_query_strings_on_every_url_pattern_and_page",
)


def expected_cost(item):
    """The longest gates take up to a minute each, the other browser tests and quality gates
    (HTML validity, hostile input) seconds, most tests milliseconds."""
    if item.get_closest_marker("skip"):
        return 0
    for rank, name in enumerate(LONGEST_TESTS):
        if name in item.nodeid:
            return 4 + len(LONGEST_TESTS) - rank
    if item.get_closest_marker("browser"):
        return 3 if item.get_closest_marker("database_independent") else 2
    return 2 if item.nodeid.startswith("tests/quality/") else 1


def longest_first(items, workers):
    """The order that lets pytest-xdist's worksteal end the run with every worker busy.

    worksteal gives each worker an equal run of the list, and a worker that runs out takes
    the end of another's: so each run starts with its share of the slow tests, longest
    first, dealt out in turn, and ends with an unbroken stretch of the quick ones (a module's
    tests stay together, so a fixture set up once per module still is). Transactional tests
    then run before others on the same worker: a test that needs rows a migration made,
    which their flush empties, asks for them (seeded_synonyms)."""
    slow = sorted((i for i in items if expected_cost(i) > 1), key=expected_cost, reverse=True)
    quick = [item for item in items if expected_cost(item) <= 1]
    order = []
    for worker in range(workers):
        start, end = (len(quick) * n // workers for n in (worker, worker + 1))
        order += slow[worker::workers] + quick[start:end]
    return order


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Passwords made in tests are hashed with a fast hasher, as Django's documentation advises
    for tests (PBKDF2 costs a third of a second of CPU per hash; tests make about a hundred).
    Hashes made with the real hashers are still checked. tests/production overrides this:
    its gunicorn servers check passwords with the real settings."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests run without collectstatic; the hashed manifest storage is tested on its own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# A folder in memory (tmpfs), where the system has one.
MEMORY_FOLDER = Path("/dev/shm")  # noqa: S108 (a folder of our own is made in it by mkdtemp)


@pytest.fixture(scope="session", autouse=True)
def cache_folder_of_its_own(tmp_path_factory):
    """Without Redis the cache is a folder every worker shares (var/cache/ for `make run`):
    the tests use the same kind of cache in a temporary folder of their own (one per xdist
    worker). So they do even when REDIS_URL is set: tests empty their cache with Django's
    cache.clear(), which on Redis is a FLUSHDB of a database others share. The tests of Redis
    make caches of their own, with key prefixes of their own (tests/services.py).

    The folder is in memory where it can be: every save of a page writes the cache (its
    generation), and on a disk each write ends in a rename over the old file, which ext4
    follows with a write to the disk (about 2 ms of waiting a write, 0.4 ms in memory)."""
    if MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="portal-test-cache-", dir=MEMORY_FOLDER))
    else:
        folder = tmp_path_factory.mktemp("cache")
    file_cache = {
        "BACKEND": "shared.cache.SharedFileCache",
        "LOCATION": str(folder),
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
    try:
        with override_settings(CACHES={"default": file_cache}, REDIS_URL=""):
            yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """Every test runs with the page cache on, as production does, and starts it empty.

    So every test that edits content and then reads a page shows the edit getting through.
    """
    settings.PAGE_CACHE_SECONDS = 600
    # Warming renders in a thread of its own, outside the test's transaction: the tests of
    # warming turn it on and warm in the test's own thread.
    settings.PAGE_CACHE_WARM_PAGES = 0
    cache.clear()
    # As in a running site, the cache knows when the next scheduled page goes live: none
    # yet in an empty test database (saving a page with a publishing time updates it).
    cache.set(next_publication_key(), NO_PUBLICATION, timeout=None)
    # A running site looks for due scheduled changes at most once a second per process;
    # tests move the clock by hand, so every request looks.
    settings.SCHEDULE_CHECK_SECONDS = 0
    # Editing tests are about editing: every section publishes without approval unless a
    # test sets APPROVAL_SECTIONS itself (tests/editors/test_approval.py does).
    settings.APPROVAL_SECTIONS = []


@pytest.fixture(autouse=True)
def forget_cached_abbreviations():
    """The search caches the glossary's abbreviations (cleared when a term changes, which a
    rolled-back test never announces): each test starts and ends without them. In the tests'
    own cache, even when a test has pointed CACHES elsewhere (fixtures that change settings
    are undone in an order this one does not control)."""
    tests_cache = caches["default"]
    tests_cache.delete(of_this_database(ABBREVIATIONS_CACHE_KEY))
    yield
    tests_cache.delete(of_this_database(ABBREVIATIONS_CACHE_KEY))


@pytest.fixture(scope="session")
def shipped_content_snapshot(django_db_setup, django_db_blocker):
    """The rows one real import of content/ writes, taken once per session (see content.py)."""
    with django_db_blocker.unblock():
        return ContentSnapshot.take()


@pytest.fixture
def seeded_synonyms(db):
    """The synonyms a migration seeds (search/migrations/0005), as a fresh database has them:
    a transactional test's flush empties the table for the tests after it on its worker."""
    seed = importlib.import_module("search.migrations.0005_seed_synonyms")
    seed.add_seed_synonyms(django_apps, None)


@pytest.fixture
def shipped_content(shipped_content_snapshot, seeded_synonyms):
    """The shipped content/ folder (pages, news, offences, glossary, MOT questions) as the real
    import leaves it, in this test's database; the pages by path.

    A test's changes are rolled back with its transaction; a transactional test (a live
    server, transaction=True) ends with the database emptied, as every such test does.
    """
    shipped_content_snapshot.restore()
    return {page.path: page for page in GuidancePage.objects.all()}


@pytest.fixture
def own_connection():
    """A persistent PostgreSQL connection of its own, outside the test's transaction, with
    health checks on, as a server worker has."""
    require_postgresql()
    wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
    wrapper.settings_dict = {
        **wrapper.settings_dict,
        "CONN_HEALTH_CHECKS": True,
        "CONN_MAX_AGE": 60,
    }
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


@pytest.fixture
def make_page(db):
    def make(title, parent=None, status=GuidancePage.Status.PUBLISHED, body="", **fields):
        slug = fields.pop("slug", None) or title.lower().replace(" ", "-")
        page = GuidancePage(
            title=title, slug=slug, parent=parent, status=status, body_markdown=body, **fields
        )
        page.save()
        return page

    return make


@pytest.fixture
def small_tree(make_page):
    """guidance/ -> cyber-dependent-crimes/ -> hacking, plus an introduction."""
    root = make_page("Guidance", slug="guidance", sibling_order=1, summary="The CPS guidance.")
    introduction = make_page("Introduction", parent=root, sibling_order=1)
    dependent = make_page("Cyber-dependent crimes", parent=root, sibling_order=2)
    hacking = make_page(
        "Hacking",
        parent=dependent,
        sibling_order=1,
        body="Opening.\n\n## Offences\n\nText.\n\n### Section 1\n\nMore.\n",
    )
    return {"root": root, "introduction": introduction, "dependent": dependent, "hacking": hacking}


@pytest.fixture
def news(db):
    """23 published news items a day apart (odd ones tagged Cyber / online crime, even ones
    Domestic abuse too) and a draft."""
    cyber = Tag.objects.create(name="Cyber / online crime")
    abuse = Tag.objects.create(name="Domestic abuse")
    items = []
    for n in range(1, 24):
        item = NewsItem.objects.create(
            title=f"Story {n:02d}",
            slug=f"story-{n}",
            published_on=datetime.date(2020, 1, n),
            status="published",
        )
        item.tags.set([cyber] if n % 2 else [cyber, abuse])
        items.append(item)
    NewsItem.objects.create(
        title="Draft story", slug="draft", published_on=datetime.date(2021, 1, 1)
    )
    return {"items": items, "cyber": cyber, "abuse": abuse}


def chromium_available():
    return os.path.exists(CHROMIUM) and shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser):
    """A fresh browser context (no cookies) with JavaScript on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_page_without_js(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()
